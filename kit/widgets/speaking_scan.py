"""The self-scan of the blocking beliefs, one of the speaking-up parts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as W

from kit.locale import t
from kit.model import speaking as M
from kit.model.types import Belief
from kit.report.sections_speaking import (
    scan_section,
)
from kit.store import Answer
from kit.widgets.feedback import esc, guarded, show
from kit.widgets.layout import para
from kit.widgets.speaking_part import (
    LABEL_STYLE,
    SpeakingApp,
    SpeakingPart,
)

# ---------------------------------------------------------------------- self-scan


class SelfScan(SpeakingPart):
    """Anonymous self-scan of the blocking beliefs and the shared dilemma."""

    part = "scan"

    def __init__(self, app: SpeakingApp):
        self.beliefs: tuple[Belief, ...] = app.library.beliefs
        self.belief_ids = [b.id for b in self.beliefs]
        self.result: M.ScanResult | None = None
        super().__init__(app, t("speaking.scan.title"), t("speaking.scan.intro"))
        self.summary = W.HTML()
        self.details = W.HTML()

    def _answer_controls(self) -> list[W.Widget]:
        self.radios: dict[str, W.RadioButtons] = {}
        items = []
        for belief in self.beliefs:
            radio = W.RadioButtons(
                options=[
                    (t(f"speaking.score.{s}"), s) for s in (*M.SCALE, M.DONT_KNOW)
                ],
                value=None,
                description=t("speaking.scan.answer"),
                style=LABEL_STYLE,
                layout=W.Layout(width="100%"),
            )
            radio.observe(
                lambda change, b=belief.id: self._on_radio(b, change), names="value"
            )
            self.radios[belief.id] = radio
            head = W.HTML(
                f"<h4>{esc(self.app.belief_label(belief))}</h4>"
                + para(belief.scan_statement, "kit-speaking-statement")
            )
            item = W.VBox([head, radio])
            item.add_class("kit-speaking-item")
            items.append(item)
        self.mine = W.HTML()
        self.form = W.VBox([*items, self.mine])
        self.form.add_class("kit-speaking-form")
        show(self.form, self.seat.participant is not None)
        return [self.form]

    @guarded
    def rate(self, belief_id: str, score: int) -> Answer | None:
        """Rate a scan statement for your own team: 1–5, or 0 for "weet ik niet".

        Only while the room answers alone; rating again replaces your answer.
        """
        self._need_participant()
        events = self.app.events()
        self._need_think(events)
        payload = M.rating_payload(belief_id, score, self.belief_ids)
        stored = self.seat.answer(M.TOOL, belief_id, M.RATING, payload)
        self.app.refresh()
        self.messages.ok(t("speaking.scan.saved"))
        return stored

    def _on_radio(self, belief_id: str, change: dict[str, Any]) -> None:
        with self.app.lock:
            if self._syncing or change["new"] is None:
                return
            if self.rate(belief_id, change["new"]) is None:
                self.app.refresh()  # refused: show the stored answer again

    def render(self, events: Sequence[Answer]) -> None:
        self.phase = M.phase_of(events, self.subject)
        result = M.scan_result(events, self.belief_ids)
        self.result = result
        self._status(result.participants)
        self._render_mine(events)
        if not self.revealed:
            self._set_results([])
            return
        labels = {b.id: self.app.belief_label(b) for b in self.beliefs}
        self.summary.value = self.app.section(scan_section(result, labels))
        self._render_details(result)
        self._set_results([self.summary, self.details])

    def _render_mine(self, events: Sequence[Answer]) -> None:
        if self.seat.participant is None:
            return
        me = self.seat.participant_id
        ratings = M.current_ratings(events, self.belief_ids)
        mine = {b: per[me] for b, per in ratings.items() if me in per}
        self._syncing = True
        try:
            for belief_id, radio in self.radios.items():
                value = mine.get(belief_id)
                if radio.value != value:
                    radio.value = value
                radio.disabled = self.revealed
        finally:
            self._syncing = False
        text = t("speaking.scan.mine", n=len(mine), total=len(self.belief_ids))
        self.mine.value = self._mine_html(text)

    def _render_details(self, result: M.ScanResult) -> None:
        sections = []
        for belief in self.beliefs:
            d = result.of(belief.id)
            badges = []
            if belief.id in result.most_recognised:
                badges.append(t("speaking.badge.recognised"))
            if belief.id in result.most_divided:
                badges.append(t("speaking.badge.divided"))
            badge_html = "".join(
                f"<span class='kit-badge kit-speaking-badge'>{esc(b)}</span>"
                for b in badges
            )
            counts = t(
                "speaking.scan.counts",
                disagree=d.disagree,
                neutral=d.neutral,
                agree=d.agree,
                dont_know=d.dont_know,
            )
            sections.append(
                "<section class='kit-speaking-belief'>"
                f"<h4>{esc(self.app.belief_label(belief))} {badge_html}</h4>"
                + para(belief.scan_statement, "kit-speaking-statement")
                + para(counts, "kit-meta")
                + f"<h5>{esc(t('speaking.explanation'))}</h5>"
                + para(belief.explanation)
                + f"<h5>{esc(t('speaking.counter_question'))}</h5>"
                + para(belief.counter_question, "kit-speaking-question")
                + "</section>"
            )
        self.details.value = f"<h4>{esc(t('speaking.scan.open'))}</h4>" + "".join(
            sections
        )
