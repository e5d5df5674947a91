"""The shared dilemma (loyal or drammer?), one of the speaking-up parts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as W

from kit.locale import t
from kit.model import speaking as M
from kit.model.types import Belief
from kit.report.sections_speaking import (
    stance_reasons_section,
    stance_section,
)
from kit.store import Answer
from kit.widgets.feedback import esc, guarded, show, wide
from kit.widgets.layout import button, para
from kit.widgets.speaking_part import (
    LABEL_STYLE,
    SpeakingApp,
    SpeakingPart,
)

# -------------------------------------------------------------- the shared dilemma


class SharedDilemma(SpeakingPart):
    """Loyal after one or two rounds of dissent, or keep pressing (a drammer)?"""

    part = "dilemma"

    def __init__(self, app: SpeakingApp):
        self.belief: Belief | None = next(
            (b for b in app.library.beliefs if b.kind == "shared_dilemma"), None
        )
        self.result: M.StanceResult | None = None
        self._mine: M.Stand | None = None
        super().__init__(app, t("speaking.dilemma.title"), t("speaking.dilemma.intro"))
        self.chart = W.HTML()
        self.reasons = W.HTML()
        self.details = W.HTML()

    def _answer_controls(self) -> list[W.Widget]:
        self.position = W.RadioButtons(
            options=[
                (
                    t(
                        "speaking.position.option",
                        n=p,
                        label=self.label(p),
                        text=t(f"speaking.position.{p}"),
                    ),
                    p,
                )
                for p in M.POSITIONS
            ],
            value=None,
            description=t("speaking.dilemma.where"),
            style=LABEL_STYLE,
            layout=wide(),
        )
        self.position.observe(self._on_position, names="value")
        self.reason = W.Textarea(
            description=t("speaking.dilemma.reason"),
            placeholder=t("speaking.dilemma.reason.placeholder"),
            rows=3,
            continuous_update=False,
            style=LABEL_STYLE,
            layout=wide(),
        )
        self.reason.observe(self._on_reason, names="value")
        self.save_button = button(
            t("speaking.dilemma.save"),
            self._stand_from_form,
            "primary",
            tooltip=t("speaking.dilemma.save"),
        )
        self.mine = W.HTML()
        self.form = W.VBox([self.position, self.reason, self.save_button, self.mine])
        self.form.add_class("kit-speaking-form")
        show(self.form, self.seat.participant is not None)
        return [self.form]

    @staticmethod
    def label(position: int) -> str:
        return t(f"speaking.position.short.{position}")

    @guarded
    def stand(self, position: int, reason: str = "") -> M.Stand | None:
        """Mark where you stand (1 = loyaal uitvoeren … 5 = blijven aandringen),
        and optionally why. Standing again replaces your earlier stand."""
        self._need_participant()
        self._need_think(self.app.events())
        payload = M.stand_payload(position, reason)
        self.seat.answer(M.TOOL, M.DILEMMA, M.STAND, payload)
        self.app.refresh()
        self.messages.ok(
            t("speaking.dilemma.saved", label=self.label(payload["position"]))
        )
        return self._mine

    def _stand_from_form(self) -> None:
        position, reason = self.position.value, self.reason.value
        if position is None:
            self.messages.error(t("input.speaking_position"))
            return
        mine = self._mine
        if mine and (mine.position, mine.reason) == (position, reason.strip()):
            # Already kept (the radio and the reason field save on their own).
            self.messages.ok(t("speaking.dilemma.saved", label=self.label(position)))
            return
        self.stand(position, reason)

    def _on_position(self, change: dict[str, Any]) -> None:
        with self.app.lock:
            if self._syncing or change["new"] is None:
                return
            if self.stand(change["new"], self.reason.value) is None:
                self.app.refresh()

    def _on_reason(self, change: dict[str, Any]) -> None:
        """A reason is kept when the field loses focus, if a position is chosen."""
        with self.app.lock:
            if self._syncing or self.position.value is None or self.revealed:
                return
            mine = self._mine
            same = (mine.position, mine.reason) if mine else None
            if same == (self.position.value, change["new"].strip()):
                return
            self.stand(self.position.value, change["new"])

    def render(self, events: Sequence[Answer]) -> None:
        self.phase = M.phase_of(events, self.subject)
        stands = M.current_stands(events)
        result = M.stance_result(events)
        self.result = result
        self._status(result.total)
        if self.seat.participant is not None:
            self._mine = stands.get(self.seat.participant_id)
            self._render_mine()
        if not self.revealed:
            self._set_results([])
            return
        self.chart.value = self.app.section(stance_section(result))
        self.reasons.value = self.app.section(stance_reasons_section(result))
        self._render_details()
        self._set_results([self.chart, self.reasons, self.details])

    def _render_mine(self) -> None:
        mine = self._mine
        self._syncing = True
        try:
            value = mine.position if mine else None
            if self.position.value != value:
                self.position.value = value
            if mine and self.reason.value.strip() != mine.reason:
                self.reason.value = mine.reason
            for control in (self.position, self.reason, self.save_button):
                control.disabled = self.revealed
        finally:
            self._syncing = False
        text = (
            t("speaking.dilemma.mine", label=self.label(mine.position))
            if mine
            else t("speaking.dilemma.mine.none")
        )
        self.mine.value = self._mine_html(text)

    def _render_details(self) -> None:
        if self.belief is None:
            self.details.value = ""
            return
        self.details.value = (
            "<section class='kit-speaking-belief'>"
            f"<h4>{esc(t('speaking.dilemma.open'))}</h4>"
            + para(self.belief.explanation)
            + f"<h5>{esc(t('speaking.counter_question'))}</h5>"
            + para(self.belief.counter_question, "kit-speaking-question")
            + para(t("speaking.dilemma.safety"), "kit-speaking-question")
            + "</section>"
        )
