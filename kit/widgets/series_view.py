"""Reeks: a team's series on one page, opened with the team key.

The facilitator (or the team itself, in a team meeting) sees what changed over
the sessions — the same sections as the series report, which can be
downloaded as HTML, Word or Markdown — and manages the series' data: export it
as one file, import such a file (Binder and one-screen use), set its own
retention term, or delete it with every session in it. Nothing here names a
pseudonym: the page shows the series report, which holds aggregates only.
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import ipywidgets as W

from kit.errors import InvalidInput, NotAllowed
from kit.locale import t
from kit.model.types import Library
from kit.store import Store, Team
from kit.widgets.feedback import MessageArea, esc, guarded, show, wide

FORMATS = ("html", "docx", "md")
LABEL_STYLE = {"description_width": "12em"}


def _link(name: str, media: str, data: bytes, label: str) -> str:
    href = f"data:{media};base64,{base64.b64encode(data).decode()}"
    return (
        f"<a class='kit-download' download='{esc(name)}' href='{href}'>{esc(label)}</a>"
    )


class SeriesView(W.VBox):
    """The series page. Public actions: :meth:`open_series`, :meth:`make_report`,
    :meth:`export_file`, :meth:`import_files`, :meth:`set_retention`,
    :meth:`delete`, :meth:`close_series`."""

    def __init__(self, store: Store, library: Library | None = None):
        self.store = store
        self.library = library
        self.team: Team | None = None
        self._key = ""
        self.messages = MessageArea()
        self.key = W.Password(
            description=t("check.key"),
            placeholder=t("check.key.placeholder"),
            layout=wide(),
            style=LABEL_STYLE,
        )
        open_button = W.Button(description=t("view.open"), button_style="primary")
        open_button.on_click(lambda _b: self.open_series(self.key.value))
        self.upload = W.FileUpload(
            accept=".json", multiple=False, description=t("view.import")
        )
        self.upload.observe(lambda _c: self._on_upload(), names="value")
        self.door = W.VBox(
            [
                W.HTML(f"<p>{esc(t('view.help'))}</p>"),
                self.key,
                open_button,
                W.HTML(f"<h2>{esc(t('view.import.heading'))}</h2>"),
                W.HTML(f"<p>{esc(t('view.import.help'))}</p>"),
                self.upload,
            ]
        )
        self.overview = W.HTML()
        self.downloads = W.HTML()
        self.include_reasons = W.Checkbox(
            value=True, description=t("view.reasons"), indent=False
        )
        buttons = []
        for fmt in FORMATS:
            button = W.Button(description=t(f"view.report.{fmt}"))
            button.on_click(lambda _b, f=fmt: self.make_report(f))
            buttons.append(button)
        export = W.Button(description=t("view.export"), icon="download")
        export.on_click(lambda _b: self.export_file())
        self.retention = W.BoundedIntText(
            value=365,
            min=1,
            max=3650,
            description=t("view.retention"),
            style=LABEL_STYLE,
        )
        keep = W.Button(description=t("view.retention.save"))
        keep.on_click(lambda _b: self.set_retention(self.retention.value))
        default = W.Button(description=t("view.retention.default"))
        default.on_click(lambda _b: self.set_retention(None))
        self.confirm = W.Checkbox(description=t("view.delete.confirm"), indent=False)
        delete = W.Button(description=t("view.delete"), button_style="danger")
        delete.on_click(lambda _b: self.delete(self.confirm.value))
        leave = W.Button(description=t("view.close"))
        leave.on_click(lambda _b: self.close_series())
        self.room = W.VBox(
            [
                self.overview,
                W.HTML(f"<h2>{esc(t('view.report.heading'))}</h2>"),
                self.include_reasons,
                W.HBox(buttons),
                self.downloads,
                W.HTML(f"<h2>{esc(t('view.data.heading'))}</h2>"),
                export,
                W.HTML(f"<p>{esc(t('view.retention.help'))}</p>"),
                self.retention,
                W.HBox([keep, default]),
                self.confirm,
                delete,
                leave,
            ]
        )
        super().__init__([self.door, self.room, self.messages])
        self.add_class("kit-root")
        self.add_class("kit-series")
        show(self.room, False)

    # --- public actions ---------------------------------------------------------------

    @guarded
    def open_series(self, key: str) -> Team | None:
        """Open the series of the team whose key this is, and show it."""
        key = key.strip()
        try:
            team = self.store.open_team(key)
        except NotAllowed:
            self.messages.error(t("view.wrong_key"))
            return None
        self.team, self._key = team, key
        self.key.value = ""
        self._show_overview()
        if team.retention_days:
            self.retention.value = team.retention_days
        show(self.door, False)
        show(self.room, True)
        self.messages.ok(t("view.opened", team=team.name))
        return team

    def _document(self, include_reasons: bool = True) -> Any:
        from kit.report.series_report import series_document

        assert self.team is not None
        return series_document(
            self.store,
            self.team,
            self._key,
            self._library(),
            include_reasons=include_reasons,
        )

    def _show_overview(self) -> None:
        from kit.report.html import render_section

        document = self._document()
        facts = "".join(
            f"<dt>{esc(a)}</dt><dd>{esc(b)}</dd>" for a, b in document.facts
        )
        intro = "".join(f"<p>{esc(p)}</p>" for p in document.intro)
        body = "".join(render_section(s, 1, charts=False) for s in document.sections)
        self.overview.value = (
            f"<div class='kit-series-overview'><h2>{esc(document.title)}</h2>"
            f"<dl>{facts}</dl>{intro}{body}</div>"
        )

    @guarded
    def make_report(self, fmt: str = "html") -> str:
        """The series report as a download link (``data:`` URI)."""
        from kit.report.series_report import file_name
        from kit.report.session_report import MEDIA_TYPES, render

        team = self._opened()
        if fmt not in FORMATS:
            raise InvalidInput("lookback_format")
        reasons = bool(self.include_reasons.value)
        data = render(self._document(include_reasons=reasons), fmt)
        label = t(
            "view.report.download",
            format=t(f"view.report.{fmt}"),
            time=time.strftime("%H:%M"),
        )
        link = _link(file_name(team.name, fmt), MEDIA_TYPES[fmt], data, label)
        self.downloads.value = f"<p>{link}</p>"
        return link

    @guarded
    def export_file(self) -> dict[str, Any]:
        """The whole series as one file (a download link is put on the page)."""
        from kit.report.series_report import file_name
        from kit.store.series_export import export_series

        team = self._opened()
        document = export_series(self.store, self._key)
        data = json.dumps(document, ensure_ascii=False).encode("utf-8")
        self.downloads.value = (
            "<p>"
            + _link(
                file_name(team.name, "json"),
                "application/json",
                data,
                t("view.export.download"),
            )
            + f"</p><p>{esc(t('cli.series.exported.private'))}</p>"
        )
        return document

    @guarded
    def import_files(self, files: dict[str, bytes], key: str | None = None) -> str:
        """Read series files in as new series, with the team key they were
        exported with (the key field when ``key`` is not given); returns the
        (last) new team key."""
        from kit.store.importing import ImportRefused
        from kit.store.series_export import import_series, read_series_file

        key = (self.key.value if key is None else key).strip()
        if not key:
            self.messages.error(t("view.import.key_first"))
            return ""
        new_key = ""
        try:
            for name, content in files.items():
                document = read_series_file(content, name)
                new = import_series(self.store, document, key)
                new_key = new.secret
                self.messages.ok(t("view.imported", team=new.team.name, key=new_key))
        except ImportRefused as refused:
            self.messages.error(refused.user_message())
            return ""
        self.key.value = ""
        return new_key

    @guarded
    def set_retention(self, days: int | None) -> None:
        """Give the series its own retention term (``None``: the default)."""
        team = self._opened()
        self.store.set_series_retention(team.id, self._key, days)
        if days is None:
            self.messages.ok(t("cli.series.retention.default", team=team.name))
        else:
            self.messages.ok(t("cli.series.retention.set", team=team.name, days=days))

    @guarded
    def delete(self, confirmed: bool) -> bool:
        """Delete the series with every session in it (confirmed)."""
        team = self._opened()
        if not confirmed:
            self.messages.error(t("view.delete.unconfirmed"))
            return False
        count = len(self.store.find_series(team.id, self._key))
        cleaned = self.store.remove_series(team.id, self._key)
        said = t("cli.series.deleted", team=team.name, n=count)
        if cleaned is False:
            said = f"{said} {t('store.wal_kept')}"
        self.close_series()
        self.messages.ok(said)
        return True

    def close_series(self) -> None:
        """Forget the key on this page and show the door again."""
        self.team, self._key = None, ""
        self.overview.value = self.downloads.value = ""
        self.confirm.value = False
        show(self.room, False)
        show(self.door, True)

    # --- helpers ----------------------------------------------------------------------

    def _opened(self) -> Team:
        if self.team is None:
            raise InvalidInput("series_not_open")
        return self.team

    def _library(self) -> Library:
        if self.library is None:
            from kit.model import builtin_library

            self.library = builtin_library()
        return self.library

    def _on_upload(self) -> None:
        files = {str(i["name"]): bytes(i["content"]) for i in self.upload.value}
        if files:
            self.import_files(files)
