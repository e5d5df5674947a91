"""``kit series-*``: a team's series from the terminal.

Start a series, make its report, export it as one file, import such a file as
a new series, set its retention term, delete it as a whole. The team key (for
``series-import``: the key the file was exported with) is read from
``$KIT_TEAMSLEUTEL`` or asked for (never an argument, so it does not
end up in the shell history or the process list).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from kit.locale import t

KEY_ENV = "KIT_TEAMSLEUTEL"


def _key() -> str:
    key = os.environ.get(KEY_ENV, "").strip()
    if key:
        return key
    if not sys.stdin.isatty():
        raise SystemExit(_fail(t("cli.series.no_key", env=KEY_ENV)))
    return getpass.getpass(t("cli.series.key_prompt")).strip()


def _fail(text: str, code: int = 1) -> int:
    print(text, file=sys.stderr)
    return code


def _store(args: argparse.Namespace) -> Any:
    from kit.store import default_url, open_store

    return open_store(args.store or default_url())


def _write(path: Path, data: bytes) -> int:
    try:
        path.write_bytes(data)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return _fail(t("cli.export.cannot_write", path=path, reason=reason))
    return 0


def cmd_series_new(args: argparse.Namespace) -> int:
    with _store(args) as store:
        new = store.create_team(args.name, args.bewaartermijn)
    print(t("cli.series.new", team=new.team.name))
    print(new.secret)
    print(t("cli.series.new.keep"))
    return 0


def cmd_series_report(args: argparse.Namespace) -> int:
    from kit.model import load_library
    from kit.report.series_report import export_series_report, file_name

    key = _key()
    with _store(args) as store:
        team = store.open_team(key)
        data = export_series_report(
            store,
            key,
            args.format,
            include_reasons=not args.zonder_redenen,
            library=load_library(),
        )
    output = Path(args.output or file_name(team.name, args.format))
    if _write(output, data):
        return 1
    print(t("cli.export.done", path=output))
    print(t("cli.export.check"))
    return 0


def cmd_series_export(args: argparse.Namespace) -> int:
    from kit.report.series_report import file_name
    from kit.store.series_export import export_series

    key = _key()
    with _store(args) as store:
        document = export_series(store, key)
    name = document["team"]["name"]
    output = Path(args.output or file_name(name, "json"))
    data = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    if _write(output, data):
        return 1
    print(t("cli.series.exported", path=output, n=len(document["sessions"])))
    print(t("cli.series.exported.private"))
    return 0


def cmd_series_import(args: argparse.Namespace) -> int:
    from kit.store.importing import ImportRefused
    from kit.store.series_export import import_series, read_series_file

    path = Path(args.file)
    try:
        document = read_series_file(path.read_bytes(), path.name)
    except OSError as exc:
        return _fail(t("cli.series.unreadable", path=path, reason=exc.strerror or ""))
    except ImportRefused as refused:
        return _fail(refused.user_message())
    key = _key()
    with _store(args) as store:
        try:
            new = import_series(store, document, key)
        except ImportRefused as refused:
            return _fail(refused.user_message())
        count = len(store.find_series(new.team.id, new.secret))
    print(t("cli.series.imported", team=new.team.name, n=count))
    print(new.secret)
    print(t("cli.series.new.keep"))
    return 0


def cmd_series_retention(args: argparse.Namespace) -> int:
    days = None if args.dagen == "standaard" else _days(args.dagen)
    key = _key()
    with _store(args) as store:
        team = store.open_team(key)
        store.set_series_retention(team.id, key, days)
    if days is None:
        print(t("cli.series.retention.default", team=team.name))
    else:
        print(t("cli.series.retention.set", team=team.name, days=days))
    return 0


def _days(text: str) -> int:
    from kit.errors import InvalidInput

    try:
        return int(text)
    except ValueError:
        raise InvalidInput("retention") from None


def cmd_series_delete(args: argparse.Namespace) -> int:
    if not args.zeker:
        return _fail(t("cli.series.delete.confirm"), 2)
    key = _key()
    with _store(args) as store:
        team = store.open_team(key)
        count = len(store.find_series(team.id, key))
        cleaned = store.remove_series(team.id, key)
    print(t("cli.series.deleted", team=team.name, n=count))
    if cleaned is False:
        print(t("store.wal_kept"))
    return 0


def add_series_commands(sub: Any) -> None:
    """Add the ``series-*`` subcommands to the ``kit`` parser."""
    new = sub.add_parser("series-new", help=t("cli.series.new.help"))
    new.add_argument("name", help=t("cli.series.name"))
    new.add_argument(
        "--bewaartermijn",
        type=int,
        default=None,
        metavar="DAGEN",
        help=t("cli.series.retention.help"),
    )
    new.set_defaults(func=cmd_series_new)

    report = sub.add_parser("series-report", help=t("cli.series.report.help"))
    report.add_argument(
        "--format",
        choices=("html", "docx", "md"),
        default="html",
        help=t("cli.export.format"),
    )
    report.add_argument(
        "--zonder-redenen", action="store_true", help=t("cli.export.no_reasons")
    )
    report.add_argument("-o", "--output", default=None, help=t("cli.export.output"))
    report.set_defaults(func=cmd_series_report)

    export = sub.add_parser("series-export", help=t("cli.series.export.help"))
    export.add_argument("-o", "--output", default=None, help=t("cli.series.output"))
    export.set_defaults(func=cmd_series_export)

    imp = sub.add_parser("series-import", help=t("cli.series.import.help"))
    imp.add_argument("file", help=t("cli.series.file"))
    imp.set_defaults(func=cmd_series_import)

    retention = sub.add_parser(
        "series-retention", help=t("cli.series.retention.cmd_help")
    )
    retention.add_argument("dagen", help=t("cli.series.retention.days"))
    retention.set_defaults(func=cmd_series_retention)

    delete = sub.add_parser("series-delete", help=t("cli.series.delete.help"))
    delete.add_argument("--zeker", action="store_true", help=t("cli.series.sure"))
    delete.set_defaults(func=cmd_series_delete)

    for command in (new, report, export, imp, retention, delete):
        command.add_argument("--store", default=None, help=t("cli.export.store"))
