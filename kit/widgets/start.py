"""The start page: the facilitator's room panel, or a participant's welcome.

The facilitator sees the session code, the join link and a QR code for the
beamer, how many have joined (live), the team's opgave, and the session's data:
export, import (how Binder participants bring their answers together) and delete.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import ipywidgets as W

from kit.locale import t
from kit.model import opgave as O
from kit.session import Seat
from kit.store import Answer
from kit.widgets.feedback import esc, guarded
from kit.widgets.live import LiveTool
from kit.widgets.styles import use_styles

TOOL = O.TOOL  # kept for callers that read it here
MAX_OPGAVE = O.MAX_LENGTH


def join_link(page_url: str, code: str, env: Mapping[str, str] | None = None) -> str:
    """The link participants open: this start page with the code filled in.

    On JupyterHub the page lives under the facilitator's own ``/user/<name>/``;
    participants get the hub's ``user-redirect`` form of it, which sends each of
    them to the same page on their own server. On a room server (``kit serve
    --room``) the link carries the room's token, without which it is refused.
    """
    env = os.environ if env is None else env
    prefix = env.get("JUPYTERHUB_SERVICE_PREFIX", "")
    parts = urlsplit(page_url)
    if prefix and parts.path.startswith(prefix):
        hub = env.get("JUPYTERHUB_BASE_URL", "/").rstrip("/")
        path = f"{hub}/hub/user-redirect/{parts.path[len(prefix) :]}"
        page_url = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    query = f"?code={code}"
    if env.get("KIT_ROOM_TOKEN"):
        query += f"&token={env['KIT_ROOM_TOKEN']}"
    return f"{page_url}{query}"


def qr_svg(url: str) -> str:
    import segno

    svg = segno.make(url, error="m").svg_inline(scale=6, dark="#000", light="#fff")
    label = esc(t("start.qr", url=url))
    return f"<div class='kit-qr' role='img' aria-label='{label}'>{svg}</div>"


class StartPanel(LiveTool):
    """Facilitator panel or participant welcome, depending on the seat."""

    tool = TOOL

    def __init__(self, seat: Seat, page_url: str = "", *, live: bool = True):
        super().__init__(seat)
        use_styles("session")
        self.participants = W.HTML()
        self.opgave = W.Textarea(
            description=t("start.opgave"),
            placeholder=t("start.opgave.placeholder"),
            layout=W.Layout(width="100%", height="6em"),
            style={"description_width": "9em"},
        )
        self.opgave_view = W.HTML()
        children: list[W.Widget] = []
        if seat.is_facilitator:
            children += self._facilitator_widgets(page_url)
        else:
            children.append(
                W.HTML(f"<p>{esc(t('start.welcome', title=seat.session.title))}</p>")
            )
            children.append(self.opgave_view)
        from kit.widgets.series_check import SeriesCheck

        # Check before plan, in a team's series; it follows the room through
        # this panel's refresh.
        self.check = SeriesCheck(seat, live=False)
        children = [*children[:1], self.check, *children[1:]]
        self._mount([*children, self.messages], "kit-start", live=live)

    def _concerns(self, fresh: list[Answer]) -> bool:
        """Anything new may be a newcomer: the count of who joined is live."""
        return True

    def _facilitator_widgets(self, page_url: str) -> list[W.Widget]:
        code = self.seat.session.code
        link = join_link(page_url, code)
        head = W.HTML(
            f"<div class='kit-joininfo'><p>{esc(t('start.code'))}</p>"
            f"<p class='kit-code' aria-live='off'>{esc(code)}</p>"
            f"<p>{esc(t('start.link'))}: <a href='{esc(link)}'>{esc(link)}</a></p>"
            f"{qr_svg(link)}</div>"
        )
        save = W.Button(description=t("start.opgave.save"), button_style="primary")
        save.on_click(lambda _b: self.set_opgave(self.opgave.value))
        self.export_link = W.HTML()
        prepare = W.Button(description=t("start.export.prepare"), icon="download")
        prepare.on_click(lambda _b: self.prepare_download())
        self.upload = W.FileUpload(
            accept=".json", multiple=True, description=t("start.import")
        )
        self.upload.observe(lambda _c: self._on_upload(), names="value")
        self.confirm = W.Checkbox(description=t("start.delete.confirm"), indent=False)
        delete = W.Button(description=t("start.delete"), button_style="danger")
        delete.on_click(lambda _b: self.delete(self.confirm.value))
        data = self.data_box = W.VBox(
            [
                W.HTML(f"<h2>{esc(t('start.data.heading'))}</h2>"),
                prepare,
                self.export_link,
                self.upload,
                self.confirm,
                delete,
            ]
        )
        return [head, self.participants, self.opgave, save, data]

    # --- public actions --------------------------------------------------------------

    @guarded
    def set_opgave(self, text: str) -> Answer:
        """Record the team's opgave (facilitator), cleaned like all typed text."""
        payload = O.opgave_payload(text)
        answer = self.seat.facilitator_event(O.TOOL, O.SUBJECT, O.KIND, payload)
        self.messages.ok(t("start.opgave.saved"))
        self.refresh()
        return answer

    def current_opgave(self) -> str:
        return O.current_opgave(self.seat.answers(O.TOOL, O.SUBJECT, O.KIND))

    @guarded
    def export(self) -> dict[str, Any]:
        """The session as an export document (facilitator)."""
        return self.seat.store.export_session(
            self.seat.session.id, self.seat.facilitator_secret or ""
        )

    @guarded
    def import_files(self, files: dict[str, bytes]) -> int:
        """Add the answers in exported files (name → content) to this session.

        Every file is checked as live input is (``kit.store.importing``) before
        any is stored; one refused file stops the import with its reason.
        """
        from kit.store.importing import ImportRefused, read_session_file

        try:
            documents = [read_session_file(data, name) for name, data in files.items()]
        except ImportRefused as refused:
            self.messages.error(refused.user_message())
            return 0
        added = people = skipped_facilitator = skipped_invalid = 0
        for document in documents:
            result = self.seat.store.import_session(
                self.seat.session.id, self.seat.facilitator_secret or "", document
            )
            added += result.answers
            people += result.participants
            skipped_facilitator += result.skipped_facilitator
            skipped_invalid += result.skipped_invalid
        lines = [t("import.done", n=added, p=people, files=len(files))]
        if skipped_facilitator:
            lines.append(t("import.skipped_facilitator", n=skipped_facilitator))
        if skipped_invalid:
            lines.append(t("import.skipped_invalid", n=skipped_invalid))
        self.messages.ok(" ".join(lines))
        self.refresh()
        return added

    @guarded
    def delete(self, confirmed: bool) -> bool:
        """Delete the session and everything in it (facilitator, confirmed)."""
        if not confirmed:
            self.messages.error(t("start.delete.unconfirmed"))
            return False
        self.seat.stop()
        cleaned = self.seat.store.remove_session(
            self.seat.session.id, self.seat.facilitator_secret or ""
        )
        said = t("start.deleted")
        if cleaned is False:  # gone, but SQLite's WAL file still holds old pages
            said = f"{said} {t('store.wal_kept')}"
        self.children = [W.HTML(f"<p role='status'>{esc(said)}</p>")]
        return True

    # --- view ------------------------------------------------------------------------

    @guarded
    def refresh(self) -> None:
        count = len(self.seat.store.find_participants(self.seat.session.id))
        if self.seat.participant is not None:
            count -= 1  # one screen: the room's own seat is not a participant
        text = (
            t("start.participants", n=count) if count else t("start.participants.none")
        )
        self.participants.value = f"<p role='status' class='kit-count'>{esc(text)}</p>"
        opgave = self.current_opgave()
        if opgave and not self.opgave.value:
            self.opgave.value = opgave
        self.opgave_view.value = (
            f"<h2>{esc(t('start.opgave.heading'))}</h2>"
            f"<p>{esc(opgave or t('start.opgave.none'))}</p>"
        )
        self.check.refresh()

    @guarded
    def prepare_download(self) -> str:
        """Put a download link for the session's export file on the page."""
        document = json.dumps(self.export() or {}, ensure_ascii=False).encode("utf-8")
        href = "data:application/json;base64," + base64.b64encode(document).decode()
        name = f"sessie-{self.seat.session.code}.json"
        self.export_link.value = (
            f"<a class='kit-download' download='{esc(name)}' href='{href}'>"
            f"{esc(t('start.export'))}</a>"
        )
        return href

    def _on_upload(self) -> None:
        files = {}
        for item in self.upload.value:
            files[str(item["name"])] = bytes(item["content"])
        if files:
            self.import_files(files)
