"""The palette of actions, from gut feeling to formal report: a speaking-up part."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as W

from kit.errors import InvalidInput, NotAllowed
from kit.locale import t
from kit.model import speaking as M
from kit.model.types import Action, DilemmaCard
from kit.report.sections_speaking import (
    palette_section,
)
from kit.store import Answer
from kit.widgets.feedback import esc, guarded, show, wide
from kit.widgets.layout import button, para
from kit.widgets.speaking_part import (
    LABEL_STYLE,
    SpeakingApp,
    SpeakingPart,
)
from kit.widgets.task import participant_only

# ------------------------------------------------------------ the palette of actions


class ActionPalette(SpeakingPart):
    """The ladder from gut feeling to formal report, for a situation the team picks."""

    part = "palette"

    def __init__(self, app: SpeakingApp):
        # Steps meant for other roles stay off this team's ladder (see ``roles``).
        self.actions: tuple[Action, ...] = tuple(
            a for a in app.library.actions if a.fits(app.roles)
        )
        self.action_ids = [a.id for a in self.actions]
        self.cards: dict[str, DilemmaCard] = {
            c.id: c for deck in app.library.decks for c in deck.cards
        }
        self.situation: M.Situation | None = None
        self.result: M.PaletteResult | None = None
        self._mine: M.Pick | None = None
        self._pushed: tuple[str | None, M.Pick | None] = (None, None)
        super().__init__(app, t("speaking.palette.title"), t("speaking.palette.intro"))
        self.chart = W.HTML()
        self.talk = W.HTML()

    def _lead_controls(self) -> list[W.Widget]:
        self.situation_text = W.Textarea(
            description=t("speaking.palette.situation.text"),
            placeholder=t("speaking.palette.situation.placeholder"),
            rows=2,
            style=LABEL_STYLE,
            layout=wide(),
        )
        self.situation_card = W.Dropdown(
            options=[(t("speaking.palette.situation.no_card"), "")]
            + [
                (f"{c.title} ({t('role.' + c.role)})", c.id)
                for c in self.cards.values()
            ],
            value="",
            description=t("speaking.palette.situation.card"),
            style=LABEL_STYLE,
            layout=wide(),
        )
        self.situation_button = button(
            t("speaking.palette.situation.set"),
            self._situation_from_form,
            tooltip=t("speaking.palette.situation.set"),
        )
        return [self.situation_text, self.situation_card, self.situation_button]

    def _answer_controls(self) -> list[W.Widget]:
        self.situation_view = W.HTML()
        self.ladder = W.HTML()
        options = [(self.step_label(a.id), a.id) for a in self.actions]
        self.now_step = W.Dropdown(
            options=options,
            value=None,
            description=t("speaking.palette.now"),
            style=LABEL_STYLE,
            layout=wide(),
        )
        self.furthest_step = W.Dropdown(
            options=options,
            value=None,
            description=t("speaking.palette.furthest"),
            style=LABEL_STYLE,
            layout=wide(),
        )
        for control in (self.now_step, self.furthest_step):
            control.observe(self._on_step, names="value")
        self.save_button = button(
            t("speaking.palette.save"),
            self._pick_from_form,
            "primary",
            tooltip=t("speaking.palette.save"),
        )
        self.mine = W.HTML()
        self.form = W.VBox(
            [
                W.HTML(f"<h4>{esc(t('speaking.palette.yours'))}</h4>"),
                self.now_step,
                self.furthest_step,
                self.save_button,
                self.mine,
            ]
        )
        self.form.add_class("kit-speaking-form")
        show(self.form, self.seat.participant is not None)
        if participant_only(self.seat):  # the form right under the situation
            return [self.situation_view, self.form, self.ladder]
        return [self.situation_view, self.ladder, self.form]

    def step_label(self, action_id: str) -> str:
        index = self.action_ids.index(action_id)
        return f"{index + 1}. {self.actions[index].name}"

    # --- actions --------------------------------------------------------------------

    @guarded
    def set_situation(self, text: str = "", card_id: str = "") -> M.Situation | None:
        """Put the situation the team weighs on the table (facilitator).

        Typed ``text``, or the id of a dilemma card. The room answers alone again;
        answers given earlier to the same situation come back.
        """
        if not self.seat.is_facilitator:
            raise NotAllowed(self.seat.session.id)
        return self._put_situation(text, card_id)

    def _put_situation(self, text: str, card_id: str) -> M.Situation:
        title = ""
        if card_id:
            card = self.cards.get(card_id)
            if card is None:
                raise InvalidInput("speaking_card")
            title = card.title  # the narrative itself comes from the deck
        payload = M.situation_payload(text, card_id, title)
        self.seat.facilitator_event(M.TOOL, M.PALETTE, M.SITUATION, payload)
        if M.is_revealed(M.phase_of(self.app.events(), self.subject)):
            self.seat.set_phase(M.TOOL, M.PALETTE, "think")
        self.app.refresh()
        situation = self.situation or M.Situation(payload["id"])
        self.messages.ok(t("speaking.palette.situation.saved"))
        return situation

    @guarded
    def pick_steps(
        self, now_step: str, furthest_step: str, situation: str | None = None
    ) -> M.Pick | None:
        """Mark the step you would take now and the heaviest you would take.

        ``situation`` is the situation you answer for: its id, its card id or its
        text; by default the one on the table. If it is not the one on the table,
        the facilitator puts it there first; a participant gets a message (the
        table changed while they answered).
        """
        self._need_participant()
        events = self.app.events()
        current = M.current_situation(events)
        if situation and not self._matches(current, situation):
            if not self.seat.is_facilitator:
                raise InvalidInput("speaking_situation_changed")
            card = situation if situation in self.cards else ""
            self._put_situation("" if card else situation, card)
            events = self.app.events()
            current = M.current_situation(events)
        if current is None:
            raise InvalidInput("speaking_no_situation")
        self._need_think(events)
        payload = M.pick_payload(current.id, now_step, furthest_step, self.action_ids)
        self.seat.answer(M.TOOL, M.PALETTE, M.PICK, payload)
        self.app.refresh()
        self.messages.ok(
            t(
                "speaking.palette.saved",
                now=self.step_label(now_step),
                furthest=self.step_label(furthest_step),
            )
        )
        return self._mine

    @staticmethod
    def _matches(current: M.Situation | None, situation: str) -> bool:
        if current is None:
            return False
        return situation in (current.id, current.card_id, current.text) or (
            not current.card_id and M.situation_id(situation) == current.id
        )

    def _situation_from_form(self) -> None:
        done = self.set_situation(self.situation_text.value, self.situation_card.value)
        if done is not None:
            self.situation_text.value = ""
            self.situation_card.value = ""

    def _pick_from_form(self) -> None:
        if self.now_step.value is None or self.furthest_step.value is None:
            self.messages.error(t("input.speaking_step"))
            return
        self.pick_steps(
            self.now_step.value,
            self.furthest_step.value,
            situation=self.situation.id if self.situation else None,
        )

    def _on_step(self, _change: dict[str, Any]) -> None:
        """Keep both steps the moment they make sense together."""
        with self.app.lock:
            now, furthest = self.now_step.value, self.furthest_step.value
            if self._syncing or now is None or furthest is None or self.revealed:
                return
            if self.situation is None:
                return
            mine = self._mine
            if mine and (mine.now, mine.furthest) == (now, furthest):
                return
            if self.action_ids.index(furthest) < self.action_ids.index(now):
                self.messages.info(t("input.speaking_furthest_before_now"))
                return
            self._pick_from_form()

    # --- what it shows --------------------------------------------------------------

    def render(self, events: Sequence[Answer]) -> None:
        self.phase = M.phase_of(events, self.subject)
        self.situation = M.current_situation(events)
        situation = self.situation
        result = (
            M.palette_result(events, situation.id, self.action_ids)
            if situation
            else None
        )
        self.result = result
        self._status(result.total if result else 0)
        self._render_situation()
        picks = (
            M.current_picks(events, situation.id, self.action_ids) if situation else {}
        )
        if self.seat.participant is not None:
            self._mine = picks.get(self.seat.participant_id)
            self._render_mine()
        shown = result if self.revealed else None
        self._render_ladder(shown)
        if shown is None:
            self._set_results([])
            return
        self.chart.value = self.app.section(palette_section(shown, self.actions))
        self.talk.value = (
            "<section class='kit-speaking-talk'>"
            f"<h4>{esc(t('speaking.palette.talk'))}</h4><ul>"
            + "".join(
                f"<li>{esc(t(f'speaking.palette.talk.{i}'))}</li>" for i in (1, 2, 3)
            )
            + "</ul>"
            + para(t("speaking.palette.no_verdict"), "kit-meta")
            + "</section>"
        )
        self._set_results([self.chart, self.talk])

    def _render_situation(self) -> None:
        situation = self.situation
        if situation is None:
            key = (
                "speaking.palette.no_situation.lead"
                if self.seat.is_facilitator
                else "speaking.palette.no_situation"
            )
            value = para(t(key), "kit-speaking-situation")
        else:
            card = self.cards.get(situation.card_id)
            title = f"<h4>{esc(situation.title)}</h4>" if situation.title else ""
            story = f"<blockquote>{esc(card.situation)}</blockquote>" if card else ""
            typed = (
                f"<blockquote>{esc(situation.text)}</blockquote>"
                if situation.text
                else ""
            )
            value = (
                "<section class='kit-speaking-situation'>"
                f"<p class='kit-speaking-kicker'>{esc(t('speaking.palette.situation'))}"
                f"</p>{title}{story}{typed}</section>"
            )
        if self.situation_view.value != value:
            self.situation_view.value = value

    def _render_ladder(self, result: M.PaletteResult | None) -> None:
        steps = []
        for i, action in enumerate(self.actions):
            counts = ""
            if result is not None:
                s = result.steps[i]
                counts = para(
                    t(
                        "speaking.palette.step.counts",
                        now=s.now,
                        furthest=s.furthest,
                        reach=s.reach,
                    ),
                    "kit-speaking-counts",
                )
            risk = (
                f"<dt>{esc(t('speaking.palette.risk'))}</dt><dd>{esc(action.risk)}</dd>"
                if action.risk
                else ""
            )
            roles = (
                para(
                    t(
                        "speaking.palette.roles",
                        roles=", ".join(t(f"role.{r}") for r in action.roles),
                    ),
                    "kit-meta kit-speaking-roles",
                )
                if action.roles
                else ""
            )
            steps.append(
                "<li class='kit-speaking-step'>"
                f"<h5>{esc(self.step_label(action.id))}</h5>"
                + roles
                + para(action.description)
                + "<dl>"
                f"<dt>{esc(t('speaking.palette.asks'))}</dt>"
                f"<dd>{esc(action.asks_of_you)}</dd>"
                f"<dt>{esc(t('speaking.palette.when'))}</dt><dd>{esc(action.when)}</dd>"
                f"{risk}</dl>{counts}</li>"
            )
        value = (
            f"<h4>{esc(t('speaking.palette.ladder'))}</h4>"
            + para(t("speaking.palette.ladder.help"), "kit-meta")
            + f"<ol class='kit-speaking-ladder'>{''.join(steps)}</ol>"
        )
        if self.ladder.value != value:
            self.ladder.value = value

    def _render_mine(self) -> None:
        """Show the stored steps; a half-filled form is left alone until they change."""
        mine = self._mine
        self._syncing = True
        try:
            stored = (self.situation.id if self.situation else None, mine)
            if stored != self._pushed:
                self._pushed = stored
                self.now_step.value = mine.now if mine else None
                self.furthest_step.value = mine.furthest if mine else None
            for control in (self.now_step, self.furthest_step, self.save_button):
                control.disabled = self.revealed or self.situation is None
        finally:
            self._syncing = False
        if mine:
            text = t(
                "speaking.palette.mine",
                now=self.step_label(mine.now),
                furthest=self.step_label(mine.furthest),
            )
        else:
            text = t("speaking.palette.mine.none")
        self.mine.value = self._mine_html(text)
