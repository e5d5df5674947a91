"""Closing a dilemma card: what the group weighs next time, not a new rule.

A part of :class:`~kit.widgets.dilemma.DilemmaTable` (a mixin). Seed 003's
question: which knowledge, which actions and which power relations must we
take into account next time?
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import ipywidgets as W

from kit.errors import InvalidInput
from kit.locale import t
from kit.model import dilemma as M
from kit.model.types import DilemmaCard
from kit.store import Answer
from kit.widgets.dilemma_own import (
    section_box,
    text_area,
)
from kit.widgets.feedback import (
    MessageArea,
    esc,
    explain,
    guarded,
    show,
)

if TYPE_CHECKING:
    from kit.session import Seat


class ClosingParts:
    """The closing form and summary of :class:`DilemmaTable`."""

    if TYPE_CHECKING:  # provided by DilemmaTable, which this part is mixed into
        seat: Seat
        close_section: W.VBox

        def refresh(self) -> None: ...
        def _current(self) -> tuple[DilemmaCard | None, M.RoundState]: ...
        def _need_facilitator(self) -> None: ...

    def _build_close(self) -> W.VBox:
        """Seed 003: which knowledge, actions and power to weigh — not a new rule."""
        self.knowledge = text_area("dilemma.close.knowledge", rows=2)
        self.actions = text_area("dilemma.close.actions", rows=2)
        self.power = text_area("dilemma.close.power", rows=2)
        self.close_button = W.Button(
            description=t("dilemma.close.save"), button_style="primary"
        )
        self.close_button.on_click(
            lambda _b: self.close_card(
                self.knowledge.value, self.actions.value, self.power.value
            )
        )
        self.close_messages = MessageArea()
        self.close_form = W.VBox(
            [
                W.HTML(f"<p>{esc(t('dilemma.close.help'))}</p>"),
                self.knowledge,
                self.actions,
                self.power,
                self.close_button,
                self.close_messages,
            ]
        )
        self.close_summary = W.HTML()
        return section_box(
            t("dilemma.close"),
            self.close_summary,
            self.close_form,
            css="kit-dilemma-close",
        )

    @guarded
    def close_card(self, knowledge: str, actions: str, power: str) -> None:
        """Record what the group takes into account next time — not a new rule.

        Seed 003: which knowledge (x), which actions (y), which power relations —
        who decides here? (z). At least one of the three; the card moves to the
        close phase.
        """
        self._need_facilitator()
        card, state = self._current()
        if card is None:
            raise InvalidInput("dilemma_no_card")
        try:
            payload = M.closing_payload(state, knowledge, actions, power)
        except InvalidInput as exc:  # said next to the form the group is filling in
            self.close_messages.error(explain(exc))
            return
        self.seat.facilitator_event(M.TOOL, card.id, M.CLOSE, payload)
        if state.phase != "close":
            self.seat.set_phase(M.TOOL, card.id, "close")
        self.refresh()
        self.close_messages.ok(t("dilemma.close.saved"))

    def _show_closing(
        self, events: Sequence[Answer], card: DilemmaCard | None, state: M.RoundState
    ) -> None:
        closing = M.closing(events, card.id) if card else None
        form = self.seat.is_facilitator and card is not None and state.phase == "close"
        show(self.close_section, bool(closing) or form)
        show(self.close_form, form)
        if closing is None:
            self.close_summary.value = ""
            return
        items = "".join(
            f"<dt>{esc(t(label))}</dt><dd>{esc(text) or '–'}</dd>"
            for label, text in (
                ("dilemma.close.knowledge", closing.knowledge),
                ("dilemma.close.actions", closing.actions),
                ("dilemma.close.power", closing.power),
            )
        )
        self.close_summary.value = (
            "<div class='kit-dilemma-closing'>"
            f"<p>{esc(t('dilemma.close.frame'))}</p><dl>{items}</dl>"
            f"<p class='kit-meta'>{esc(t('dilemma.close.not_a_rule'))}</p></div>"
        )
