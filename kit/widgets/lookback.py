"""Terugblik: look back on the session, say what we take along, get the report.

The room sees an overview of what the session recorded; each person writes what
they take along (a few short lines, or nothing), the facilitator records the
team's two or three shared takeaways, and reveals the personal ones to the room
without names. The facilitator then makes the session report (HTML, Word or
Markdown, with or without reasons) and downloads it, and can delete the session
here or on Start, where the raw export lives too.

The takeaways are read by :mod:`kit.model.lookback` and put into words once by
:func:`kit.report.sections_lookback.takeaways_section`, here and in the report; the
report is built by :mod:`kit.report.session_report` only when asked for (a
button), never on every update, and never in a participant's kernel unless the
participant opens the overview.
"""

from __future__ import annotations

import base64
import logging
import time
from typing import Any

import ipywidgets as W

from kit.errors import InvalidInput, KitError, NotAllowed
from kit.locale import t
from kit.model import lookback as L
from kit.model.types import Library
from kit.report.sections_lookback import takeaways_section
from kit.session import Seat
from kit.store import Answer
from kit.widgets.document_view import section_html
from kit.widgets.feedback import (
    MessageArea,
    esc,
    explain,
    guarded,
    show,
    titled_box,
    wide,
)
from kit.widgets.live import LiveTool
from kit.widgets.styles import use_styles
from kit.widgets.task import about_html, participant_only, task_html

log = logging.getLogger("kit")

LABEL_STYLE = {"description_width": "12em"}
FORMATS = ("html", "docx", "md")


def _part(title: str, *children: W.Widget, css: str) -> W.VBox:
    return titled_box(title, *children, classes=("kit-lookback-part", css))


class LookbackApp(LiveTool):
    """The look-back workshop for one seat: facilitator, participant, or both.

    Public actions (each stores through the seat at once): :meth:`save_takeaways`
    (a participant's own lines), :meth:`save_team_takeaways`, :meth:`reveal`,
    :meth:`hide` (facilitator); :meth:`show_overview`, :meth:`make_report`
    (facilitator: a download link), :meth:`delete_session`; :meth:`refresh`
    re-reads the store.
    """

    tool = L.TOOL

    def __init__(
        self,
        seat: Seat,
        library: Library | None = None,
        *,
        start_page: str = "start.ipynb",
        live: bool = True,
    ):
        super().__init__(seat)
        use_styles("lookback")
        self.library = library
        self.start_page = start_page
        self.reports: dict[str, str] = {}

        self.header = W.HTML(
            f"<h2>{esc(t('lookback.title'))}</h2><p>{esc(t('lookback.intro'))}</p>"
        )
        self.header.add_class("kit-tool-intro")
        self.overview_section = self._build_overview()
        self.takeaways_section = self._build_takeaways()
        self.report_section = self._build_report()
        self.data_section = self._build_data()
        show(self.report_section, seat.is_facilitator)
        show(self.data_section, seat.is_facilitator)
        parts = [self.header, self.overview_section, self.takeaways_section]
        if participant_only(seat):  # their own lines first; the intros folded
            show(self.header, False)
            parts = [self.takeaways_section, self.overview_section]
        self._mount(
            [
                *parts,
                self.messages,
                self.report_section,
                self.data_section,
            ],
            "kit-lookback",
            live=False,
        )
        if seat.is_facilitator:
            self.show_overview()
        if live:
            self._watch()

    # ------------------------------------------------------------------ building

    def _build_overview(self) -> W.VBox:
        self.overview = W.HTML()
        self.overview_button = W.Button(
            description=t("lookback.overview.show"),
            tooltip=t("lookback.overview.show.tooltip"),
        )
        self.overview_button.on_click(lambda _b: self.show_overview())
        return _part(
            t("lookback.overview"),
            W.HTML(f"<p>{esc(t('lookback.overview.intro'))}</p>"),
            self.overview_button,
            self.overview,
            css="kit-lookback-overview",
        )

    def _build_takeaways(self) -> W.VBox:
        self.mine = W.Textarea(
            description=t("lookback.mine"),
            placeholder=t("lookback.mine.placeholder"),
            rows=3,
            layout=wide(),
            style=LABEL_STYLE,
        )
        self.mine_button = W.Button(
            description=t("lookback.mine.save"), button_style="primary"
        )
        self.mine_button.on_click(lambda _b: self.save_takeaways(self.mine.value))
        self.mine_status = W.HTML()
        self.mine_box = W.VBox([self.mine, self.mine_button, self.mine_status])
        self.mine_box.add_class("kit-lookback-mine")

        self.team = W.Textarea(
            description=t("lookback.team"),
            placeholder=t("lookback.team.placeholder"),
            rows=4,
            layout=wide(),
            style=LABEL_STYLE,
        )
        self.team_button = W.Button(
            description=t("lookback.team.save"), button_style="primary"
        )
        self.team_button.on_click(lambda _b: self.save_team_takeaways(self.team.value))
        self.reveal_button = W.Button(
            description=t("lookback.reveal"), tooltip=t("lookback.reveal.tooltip")
        )
        self.reveal_button.on_click(lambda _b: self.reveal())
        self.hide_button = W.Button(description=t("lookback.hide"))
        self.hide_button.on_click(lambda _b: self.hide())
        self.lead_box = W.VBox(
            [
                W.HTML(f"<p>{esc(t('lookback.team.help'))}</p>"),
                self.team,
                self.team_button,
                W.HBox(
                    [self.reveal_button, self.hide_button],
                    layout=W.Layout(flex_flow="wrap"),
                ),
            ]
        )
        self.lead_box.add_class("kit-lookback-lead")
        self.status = W.HTML()
        self.shared_view = W.HTML()
        show(self.mine_box, self.seat.participant is not None)
        show(self.lead_box, self.seat.is_facilitator)
        intro = W.HTML(f"<p>{esc(t('lookback.takeaways.intro'))}</p>")
        about = W.HTML()
        if participant_only(self.seat):
            intro.value = task_html("task.lookback")
            about.value = about_html(
                f"<p>{esc(t('lookback.intro'))}</p>"
                f"<p>{esc(t('lookback.takeaways.intro'))}</p>"
            )
        return _part(
            t("lookback.takeaways"),
            intro,
            self.mine_box,
            about,
            self.lead_box,
            self.status,
            self.shared_view,
            css="kit-lookback-takeaways",
        )

    def _build_report(self) -> W.VBox:
        self.format_choice = W.RadioButtons(
            options=[(t(f"lookback.report.format.{f}"), f) for f in FORMATS],
            value="html",
            description=t("lookback.report.format"),
            layout=wide(),
            style=LABEL_STYLE,
        )
        self.without_reasons = W.Checkbox(
            description=t("lookback.report.without_reasons"),
            value=False,
            indent=False,
            layout=W.Layout(width="auto"),
        )
        self.report_button = W.Button(
            description=t("lookback.report.make"),
            button_style="primary",
            icon="file",
            layout=W.Layout(width="auto"),
        )
        self.report_button.on_click(
            lambda _b: self.make_report(
                self.format_choice.value, not self.without_reasons.value
            )
        )
        self.report_links = W.HTML()
        self.report_messages = MessageArea()
        contents = "".join(
            f"<li>{esc(t(f'lookback.report.contains.{i}'))}</li>" for i in range(1, 6)
        )
        return _part(
            t("lookback.report"),
            W.HTML(
                f"<p>{esc(t('lookback.report.intro'))}</p><ul>{contents}</ul>"
                f"<p class='kit-meta'>{esc(t('lookback.report.check'))}</p>"
            ),
            self.format_choice,
            self.without_reasons,
            W.HTML(f"<p class='kit-meta'>{esc(t('lookback.report.without.help'))}</p>"),
            self.report_button,
            self.report_messages,
            self.report_links,
            css="kit-lookback-report",
        )

    def _build_data(self) -> W.VBox:
        link = f"{self.start_page}?code={self.seat.session.code}"
        self.confirm = W.Checkbox(
            description=t("lookback.delete.confirm"),
            value=False,
            indent=False,
            layout=W.Layout(width="auto"),
        )
        delete = W.Button(
            description=t("lookback.delete"),
            button_style="danger",
            layout=W.Layout(width="auto"),
        )
        delete.on_click(lambda _b: self.delete_session(self.confirm.value))
        self.data_messages = MessageArea()
        return _part(
            t("lookback.data"),
            W.HTML(
                f"<p>{esc(t('lookback.data.intro'))}</p>"
                f"<p><a class='kit-lookback-start' href='{esc(link)}'>"
                f"{esc(t('lookback.data.start'))}</a></p>"
            ),
            self.confirm,
            delete,
            self.data_messages,
            css="kit-lookback-data",
        )

    # ------------------------------------------------------------------ public actions

    @guarded
    def save_takeaways(self, text: str) -> list[str]:
        """Store what you take along: one point per line, at most three (or none)."""
        if self.seat.participant is None:
            raise NotAllowed(self.seat.session.id)
        payload = L.personal_payload(text, self._events())
        lines: list[str] = payload["lines"]
        self.seat.answer(L.TOOL, L.SUBJECT, L.PERSONAL, payload)
        self.refresh()
        self.messages.ok(
            t("lookback.mine.saved", n=len(lines))
            if lines
            else t("lookback.mine.cleared")
        )
        return lines

    @guarded
    def save_team_takeaways(self, text: str) -> list[str]:
        """Record what the team takes along together (facilitator)."""
        payload = L.shared_payload(text)
        lines: list[str] = payload["lines"]
        self.seat.facilitator_event(L.TOOL, L.SUBJECT, L.SHARED, payload)
        self.refresh()
        self.messages.ok(t("lookback.team.saved", n=len(lines)))
        return lines

    def reveal(self) -> None:
        """Show everyone's takeaways to the room, without names (facilitator)."""
        self._set_phase("reveal")

    def hide(self) -> None:
        """Hide the personal takeaways again (facilitator)."""
        self._set_phase("think")

    @guarded
    def _set_phase(self, phase: str) -> None:
        self.seat.set_phase(L.TOOL, L.SUBJECT, phase)
        self.refresh()
        self.messages.info(t(f"lookback.phase.{phase}"))

    @guarded
    def show_overview(self) -> str:
        """Build the overview of what the session recorded (on demand)."""
        from kit.report.html import render_section
        from kit.report.session_report import session_document

        document = session_document(self.seat.store, self.seat.session, self.library)
        html = render_section(document.sections[0], depth=2, charts=False)
        self.overview.value = f"<div class='kit-lookback-summary'>{html}</div>"
        self.overview_button.description = t("lookback.overview.refresh")
        return html

    @guarded
    def make_report(self, fmt: str = "html", include_reasons: bool = True) -> str:
        """Make the session report and put a download link on the page.

        Facilitator only; returns the link's ``data:`` URI (``""`` if refused,
        with the reason shown beside the button).
        """
        try:
            return self._make_report(fmt, include_reasons)
        except KitError as exc:
            self.report_messages.error(explain(exc))
        except Exception as exc:  # the page must stay usable whatever happens
            log.exception("kit: making the session report failed")
            self.report_messages.error(explain(exc))
        return ""

    def _make_report(self, fmt: str, include_reasons: bool) -> str:
        if not self.seat.is_facilitator:
            raise NotAllowed(self.seat.session.id)
        if fmt not in FORMATS:
            raise InvalidInput("lookback_format")
        from kit.report.session_report import (
            MEDIA_TYPES,
            render,
            session_document,
        )

        document = session_document(
            self.seat.store,
            self.seat.session,
            self.library,
            include_reasons=include_reasons,
        )
        data = render(document, fmt)
        href = f"data:{MEDIA_TYPES[fmt]};base64,{base64.b64encode(data).decode()}"
        suffix = "" if include_reasons else "-zonder-redenen"
        name = f"sessie-{self.seat.session.code}{suffix}.{fmt}"
        label = t(
            "lookback.report.download",
            format=t(f"lookback.report.short.{fmt}"),
            reasons=t(
                "lookback.report.with" if include_reasons else "lookback.report.without"
            ),
            time=time.strftime("%H:%M"),
        )
        self.reports[f"{fmt}{suffix}"] = (
            f"<li><a class='kit-download kit-lookback-download' download='{esc(name)}'"
            f" href='{href}'>{esc(label)}</a></li>"
        )
        self.report_links.value = (
            "<ul class='kit-lookback-downloads'>"
            + "".join(self.reports.values())
            + "</ul>"
        )
        self.report_messages.ok(t("lookback.report.ready", name=name))
        return href

    @guarded
    def delete_session(self, confirmed: bool) -> bool:
        """Delete the session and all its answers (facilitator, confirmed)."""
        if not confirmed:
            self.data_messages.error(t("lookback.delete.unconfirmed"))
            return False
        self._closed = True
        self.seat.stop()
        cleaned = self.seat.store.remove_session(
            self.seat.session.id, self.seat.facilitator_secret or ""
        )
        said = t("lookback.deleted")
        if cleaned is False:  # gone, but SQLite's WAL file still holds old pages
            said = f"{said} {t('store.wal_kept')}"
        self.children = [W.HTML(f"<p role='status'>{esc(said)}</p>")]
        return True

    @guarded
    def refresh(self) -> None:
        """Re-read the takeaways and show what this seat may see now."""
        with self._lock:
            if self._closed:
                return
            events = self._events()
            revealed = L.phase(events) != "think"
            self.enter_phase(L.phase(events))
            people, lines = L.counts(events)
            if revealed:
                text = t("lookback.status.shown", people=people, n=lines)
            else:
                text = t("lookback.status.hidden", people=people)
            self.status.value = f"<p role='status'>{esc(text)}</p>"
            self.reveal_button.disabled = revealed
            self.hide_button.disabled = not revealed
            self._show_mine(events, revealed)
            shared = L.shared_takeaways(events)
            personal = L.anonymous_takeaways(events) if revealed else None
            section = takeaways_section(shared, personal)
            self.shared_view.value = (
                ""
                if section is None
                else section_html(section, self.figures, with_title=False)
            )
            if shared and not self.team.value.strip():
                self.team.value = "\n".join(shared)

    # ------------------------------------------------------------------ internals

    def _events(self) -> list[Answer]:
        return self.seat.answers(L.TOOL, L.SUBJECT)

    def _show_mine(self, events: list[Answer], revealed: bool) -> None:
        if self.seat.participant is None:
            return
        mine = L.personal_takeaways(events).get(self.seat.participant_id, ())
        for control in (self.mine, self.mine_button):
            control.disabled = revealed
        if mine and not self.mine.value.strip():
            self.mine.value = "\n".join(mine)
        if mine:
            text = t("lookback.mine.status", n=len(mine))
        else:
            text = t("lookback.mine.none")
        if revealed:
            text += " " + t("lookback.mine.locked")
        self.mine_status.value = f"<p role='status'>{esc(text)}</p>"


def build_lookback_app(
    seat: Seat, library: Library | None = None, **options: Any
) -> LookbackApp:
    """The look-back workshop (terugblik) for ``seat``; see :class:`LookbackApp`."""
    return LookbackApp(seat, library, **options)
