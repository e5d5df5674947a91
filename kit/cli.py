"""The ``kit`` command: validate, serve, print, export, purge and card statistics.

Every failure is a sentence with a fix and a non-zero exit code; no tracebacks.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.locale import t

if TYPE_CHECKING:
    from kit.serve import ServeOptions

log = logging.getLogger("kit")


def cmd_validate(args: argparse.Namespace) -> int:
    from kit.model.library import check_directory

    status = 0
    for path in args.paths:
        report = check_directory(Path(path))
        for problem in report.problems:
            print(
                problem, file=sys.stderr if problem.severity == "error" else sys.stdout
            )
        if report.ok:
            print(t("cli.validate.ok", path=path, summary=report.summary()))
            if report.warnings:
                print(t("cli.validate.warnings", n=len(report.warnings)))
            if args.strict and report.warnings:
                status = 1
        else:
            print(
                t("cli.validate.failed", n=len(report.errors), path=path),
                file=sys.stderr,
            )
            status = 1
    return status


def serve_options(args: argparse.Namespace) -> ServeOptions:
    """What ``kit serve`` runs with: a room gets a fresh token, a short cull
    for kernels nobody is connected to, and a cap on kernels."""
    from kit.serve import (
        ServeOptions,
        default_log_path,
        default_max_kernels,
        new_room_token,
    )
    from kit.store import default_url

    cull = args.cull_idle if args.cull_idle is not None else (90 if args.room else 600)
    # Behind a proxy (--public-url) the room reaches the kit through the proxy only.
    open_to_network = args.room and not args.public_url
    return ServeOptions(
        workshops=Path(args.workshops),
        port=args.port,
        host="0.0.0.0" if open_to_network else "127.0.0.1",  # noqa: S104 - asked for
        store_url=args.store or default_url(),
        preheat=args.preheat,
        cull_idle_seconds=cull,
        room_token=new_room_token() if args.room else "",
        max_kernels=args.max_kernels or default_max_kernels(),
        public_url=args.public_url or "",
        participants=room_size(args),
        log_path=Path(args.log) if args.log else default_log_path(),
    )


def room_size(args: argparse.Namespace) -> int:
    """How many participants the room is sized for: ``--participants``, or for
    ``--room`` in a terminal the facilitator's answer (Enter: 30)."""
    if getattr(args, "participants", None) is not None:
        return max(0, int(args.participants))
    if not args.room or not sys.stdin.isatty():
        return 0
    while True:
        answer = input(t("cli.serve.participants.ask")).strip()
        if not answer:
            return 30
        if answer.isdigit() and 0 < int(answer) <= 500:
            return int(answer)
        print(t("cli.serve.participants.again"))


def cmd_serve(args: argparse.Namespace) -> int:
    from kit.announce import announce
    from kit.serve import port_is_free
    from kit.supervise import run_voila

    options = serve_options(args)
    if not options.workshops.is_dir():
        print(t("cli.serve.no_workshops", path=options.workshops), file=sys.stderr)
        return 2
    if not port_is_free(options.host, options.port):
        print(t("cli.serve.port_in_use", port=options.port), file=sys.stderr)
        return 2
    if options.participants:
        from kit.announce import say_when_ready

        options.ready_file = say_when_ready()
    announce(options)
    status = run_voila(options)
    if 0 < status < 128:  # Voilà stopped by itself, not by a signal we passed on
        print(t("cli.serve.failed", code=status, log=options.log_path), file=sys.stderr)
    return status


def cmd_print(args: argparse.Namespace) -> int:
    from kit.errors import ContentError, KitError
    from kit.report.print_deck import load_deck, render_deck

    try:
        deck, library = load_deck(args.deck)
        output = Path(args.output or f"{deck.id}.pdf")
        data, plan = render_deck(deck, library, notes=args.notes)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        n = len(exc.problems)
        print(t("cli.print.invalid", n=n, path=args.deck), file=sys.stderr)
        return 1
    except KitError as exc:
        print(exc.user_message(), file=sys.stderr)
        return 1
    try:
        output.write_bytes(data)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        print(
            t("cli.print.cannot_write", path=output, reason=reason, deck=args.deck),
            file=sys.stderr,
        )
        return 1
    print(
        t(
            "cli.print.done",
            path=output,
            pages=plan.pages,
            cards=plan.cards,
            per_page=plan.cards_per_page,
        )
    )
    print(t("cli.print.duplex"))
    if plan.cards_per_page == 2:
        print(t("cli.print.cut"))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from kit.errors import SessionNotFound
    from kit.model import load_library
    from kit.report.session_report import export_report, file_name, store_exists
    from kit.store import default_url, open_store

    url = args.store or default_url()
    if not store_exists(url):
        print(t("cli.export.not_found", code=args.code, store=url), file=sys.stderr)
        return 1
    with open_store(url) as store:
        try:
            session = store.find_session(args.code)
        except SessionNotFound:
            print(t("cli.export.not_found", code=args.code, store=url), file=sys.stderr)
            return 1
        data = export_report(
            store,
            session.code,
            args.format,
            include_reasons=not args.zonder_redenen,
            library=load_library(),
        )
    output = Path(args.output or file_name(session.code, args.format))
    try:
        output.write_bytes(data)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        print(t("cli.export.cannot_write", path=output, reason=reason), file=sys.stderr)
        return 1
    print(t("cli.export.done", path=output))
    print(t("cli.export.check"))
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    import time
    from datetime import datetime

    from kit.report.session_report import store_exists
    from kit.store import default_url, open_store

    url = args.store or default_url()
    if args.days < 1:
        print(t("cli.purge.bad_days", days=args.days), file=sys.stderr)
        return 2
    if not store_exists(url):
        print(t("cli.purge.no_store", store=url), file=sys.stderr)
        return 1
    before = time.time() - args.days * 86_400
    with open_store(url) as store:
        if args.dry_run:
            sessions = store.find_idle_sessions(before)
        else:
            sessions = store.purge_idle_sessions(before)
    for session in sessions:
        day = datetime.fromtimestamp(session.created_at).strftime("%d-%m-%Y")
        print(t("cli.purge.line", code=session.code, title=session.title, day=day))
    key = "cli.purge.would_remove" if args.dry_run else "cli.purge.removed"
    print(t(key, n=len(sessions), days=args.days, store=url))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from kit.errors import ContentError, KitError
    from kit.report.deck_stats import deck_stats, stats_lines
    from kit.report.print_deck import load_deck
    from kit.report.session_report import store_exists
    from kit.store import default_url, open_store

    url = args.store or default_url()
    if not 50 <= args.threshold <= 99:
        print(t("cli.stats.bad_threshold", value=args.threshold), file=sys.stderr)
        return 2
    if not store_exists(url):
        print(t("cli.stats.no_store", store=url), file=sys.stderr)
        return 1
    try:
        deck, _library = load_deck(args.deck)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except KitError as exc:
        print(exc.user_message(), file=sys.stderr)
        return 1
    threshold = args.threshold / 100
    with open_store(url) as store:
        sessions, splits = deck_stats(
            store, deck, threshold=threshold, min_votes=args.min_votes
        )
    print("\n".join(stats_lines(deck, sessions, splits, threshold)))
    return 0


def cmd_store_setup(args: argparse.Namespace) -> int:
    """Install the kit's PostgreSQL schema as its owner and let the runtime role
    call the ``kit_api`` functions (and nothing else)."""
    from kit.store.postgres import PostgresStore, open_postgres

    if not args.store.startswith(("postgresql://", "postgres://")):
        print(t("cli.store_setup.not_postgres"), file=sys.stderr)
        return 2
    store = open_postgres(args.store)
    try:
        if not isinstance(store, PostgresStore):
            print(t("cli.store_setup.not_owner"), file=sys.stderr)
            return 1
        if args.runtime_role:
            store.grant_runtime(args.runtime_role)
    finally:
        store.close()
    print(t("cli.store_setup.done", role=args.runtime_role or "-"))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kit", description=t("cli.description"))
    parser.add_argument("--debug", action="store_true", help=t("cli.debug"))
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help=t("cli.validate.help"))
    validate.add_argument("paths", nargs="+", help=t("cli.validate.paths"))
    validate.add_argument(
        "--strict", action="store_true", help=t("cli.validate.strict")
    )
    validate.set_defaults(func=cmd_validate)

    _add_serve(sub)

    printing = sub.add_parser("print", help=t("cli.print.help"))
    printing.add_argument("deck", help=t("cli.print.deck"))
    printing.add_argument("-o", "--output", default=None, help=t("cli.print.output"))
    printing.add_argument(
        "--no-notes", dest="notes", action="store_false", help=t("cli.print.no_notes")
    )
    printing.set_defaults(func=cmd_print)

    export = sub.add_parser("export", help=t("cli.export.help"))
    export.add_argument("code", help=t("cli.export.code"))
    export.add_argument(
        "--format",
        choices=("html", "docx", "md"),
        default="html",
        help=t("cli.export.format"),
    )
    export.add_argument(
        "--zonder-redenen", action="store_true", help=t("cli.export.no_reasons")
    )
    export.add_argument("-o", "--output", default=None, help=t("cli.export.output"))
    export.add_argument("--store", default=None, help=t("cli.export.store"))
    export.set_defaults(func=cmd_export)

    purge = sub.add_parser("purge", help=t("cli.purge.help"))
    purge.add_argument(
        "--days", type=int, required=True, metavar="N", help=t("cli.purge.days")
    )
    purge.add_argument(
        "--dry-run", action="store_true", help=t("cli.purge.dry_run_help")
    )
    purge.add_argument("--store", default=None, help=t("cli.purge.store"))
    purge.set_defaults(func=cmd_purge)

    _add_stats(sub)

    setup = sub.add_parser("store-setup", help=t("cli.store_setup.help"))
    setup.add_argument("--store", required=True, help=t("cli.store_setup.store"))
    setup.add_argument(
        "--runtime-role", default="", help=t("cli.store_setup.runtime_role")
    )
    setup.set_defaults(func=cmd_store_setup)

    from kit.cli_series import add_series_commands

    add_series_commands(sub)
    return parser


def _add_serve(sub: Any) -> None:
    """``kit serve``: the workshops in Voilà, for one screen or a room."""
    from kit.serve import DEFAULT_WORKSHOPS

    serve = sub.add_parser("serve", help=t("cli.serve.help"))
    serve.add_argument(
        "workshops",
        nargs="?",
        default=str(DEFAULT_WORKSHOPS),
        help=t("cli.serve.workshops"),
    )
    serve.add_argument("--port", type=int, default=8866, help=t("cli.serve.port"))
    serve.add_argument("--room", action="store_true", help=t("cli.serve.room"))
    serve.add_argument("--store", default=None, help=t("cli.serve.store"))
    serve.add_argument("--preheat", type=int, default=2, help=t("cli.serve.preheat"))
    serve.add_argument("--cull-idle", type=int, default=None, help=t("cli.serve.cull"))
    serve.add_argument(
        "--max-kernels", type=int, default=0, help=t("cli.serve.max_kernels")
    )
    serve.add_argument("--public-url", default=None, help=t("cli.serve.public_url"))
    serve.add_argument(
        "--participants", type=int, default=None, help=t("cli.serve.participants")
    )
    serve.add_argument("--log", default=None, help=t("cli.serve.log_help"))
    serve.set_defaults(func=cmd_serve)


def _add_stats(sub: Any) -> None:
    """``kit kaartstatistiek``: how a deck's cards split rooms over time."""
    stats = sub.add_parser("kaartstatistiek", help=t("cli.stats.help"))
    stats.add_argument("deck", nargs="?", default="starter", help=t("cli.stats.deck"))
    stats.add_argument("--store", default=None, help=t("cli.stats.store"))
    stats.add_argument(
        "--drempel",
        dest="threshold",
        type=int,
        default=60,
        help=t("cli.stats.threshold"),
    )
    stats.add_argument(
        "--min-stemmen",
        dest="min_votes",
        type=int,
        default=10,
        help=t("cli.stats.min_votes"),
    )
    stats.set_defaults(func=cmd_stats)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.DEBUG if args.debug else logging.WARNING
    logging.basicConfig(level=level, format="%(message)s")
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        log.debug("kit command failed", exc_info=True)
        print(_explain(exc, args), file=sys.stderr)
        return 1


def _explain(error: Exception, args: argparse.Namespace) -> str:
    """A known error's own sentence; anything else says which command failed and
    how to learn more (never the participant's "your answers are saved")."""
    from kit.errors import KitError, explain

    if isinstance(error, KitError):
        return explain(error)
    return t("cli.unexpected", command=args.command, error=type(error).__name__)


if __name__ == "__main__":
    sys.exit(main())
