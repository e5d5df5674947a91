"""The speaking-up workshop (tegenspraak) as three small tools on one page.

1. **Zelfscan** — each participant rates the five blocking beliefs and the
   shared dilemma for their own team (1–5 or "weet ik niet"), anonymously; after
   the reveal the room sees the spread per belief, the belief it recognises most
   and where it is most divided, with each belief's explanation and counter
   question to open the conversation.
2. **Het gedeelde dilemma** — after one or two rounds of dissent: follow loyally,
   or keep pressing (and be seen as a drammer)? Each marks where they stand and
   optionally why; the room sees the spread and the reasons, without names.
3. **Het palet** — for a situation the team picks, each marks the step of the
   ladder they would take now and the heaviest they would be prepared to take.

This module only wires controls to :mod:`kit.model.speaking` (state and
aggregation) and :mod:`kit.charts.speaking` (imported on the first reveal, so a
participant's page starts without altair or pandas). Every action is a method
that stores through the seat at once; :meth:`SpeakingUp.refresh` re-reads the
store, and the seat's watcher calls it when another kernel adds something.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as W

from kit.errors import InvalidInput, NotAllowed
from kit.locale import t
from kit.model import speaking as M
from kit.model.phases import PHASES
from kit.model.types import ROLES, Action, Belief, DilemmaCard, Library
from kit.report.document import Section
from kit.report.sections_speaking import (
    palette_section,
    scan_section,
    stance_reasons_section,
    stance_section,
)
from kit.session import Seat
from kit.store import Answer
from kit.widgets.document_view import section_html
from kit.widgets.feedback import MessageArea, esc, guarded, show, visible_html, wide
from kit.widgets.layout import button, para
from kit.widgets.live import LiveTool

LABEL_STYLE = {"description_width": "12em"}


class _Part(W.VBox):
    """One of the three tools: its phase, its facilitator controls, its messages."""

    part = ""

    def __init__(self, app: SpeakingUp, title: str, intro: str):
        self.app = app
        self.seat = app.seat
        self.library = app.library
        self.subject = M.PART_SUBJECTS[self.part]
        self.messages = MessageArea()
        self.phase = "think"
        self._syncing = False
        self.status = W.HTML()
        self.reveal_button = button(
            t("speaking.reveal"), self.reveal, "primary", tooltip=t("speaking.reveal")
        )
        self.hide_button = button(
            t("speaking.hide"), self.hide, tooltip=t("speaking.hide")
        )
        self.lead_box = W.VBox(
            [
                W.HTML(f"<h4>{esc(t('speaking.lead'))}</h4>"),
                *self._lead_controls(),
                W.HBox([self.reveal_button, self.hide_button]),
            ]
        )
        self.lead_box.add_class("kit-speaking-lead")
        show(self.lead_box, self.seat.is_facilitator)
        self.results = W.VBox()
        self.results.add_class("kit-speaking-results")
        super().__init__(
            [
                W.HTML(f"<h3>{esc(title)}</h3>{para(intro, 'kit-speaking-intro')}"),
                self.lead_box,
                self.status,
                *self._answer_controls(),
                self.messages,
                self.results,
            ]
        )
        self.add_class("kit-speaking-part")
        self.add_class(f"kit-speaking-{self.part}")

    # --- to fill in by each part ----------------------------------------------------

    def _lead_controls(self) -> list[W.Widget]:
        return []

    def _answer_controls(self) -> list[W.Widget]:
        return []

    def render(self, events: Sequence[Answer]) -> None:
        raise NotImplementedError

    # --- shared actions -------------------------------------------------------------

    @property
    def revealed(self) -> bool:
        return M.is_revealed(self.phase)

    @guarded
    def reveal(self) -> Answer | None:
        """Show the room the answers of this part (facilitator)."""
        stored = self._set_phase("reveal")
        self.messages.ok(t("speaking.revealed"))
        return stored

    @guarded
    def hide(self) -> Answer | None:
        """Hide the answers again: everyone answers alone (facilitator)."""
        stored = self._set_phase("think")
        self.messages.info(t("speaking.hidden"))
        return stored

    @guarded
    def set_phase(self, phase: str) -> Answer | None:
        """Move this part to ``phase``: think, reveal, discuss or close."""
        return self._set_phase(phase)

    def _set_phase(self, phase: str) -> Answer:
        if not self.seat.is_facilitator:
            raise NotAllowed(self.seat.session.id)
        if phase not in PHASES:
            raise InvalidInput("speaking_phase")
        stored = self.seat.set_phase(M.TOOL, self.subject, phase)
        self.app.refresh()
        return stored

    def _need_participant(self) -> None:
        if self.seat.participant is None:
            raise InvalidInput("speaking_no_participant")

    def _need_think(self, events: Sequence[Answer]) -> None:
        if M.is_revealed(M.phase_of(events, self.subject)):
            raise InvalidInput("speaking_locked")

    def _status(self, answered: int) -> None:
        """The phase line everyone sees, with the facilitator's privacy warning."""
        lines = [t("speaking.answered", n=answered)]
        if self.revealed:
            lines.append(t("speaking.status.revealed"))
        else:
            lines.append(t("speaking.status.think"))
            # One screen: the room answers together, so there is nobody to guess.
            room = self.seat.is_facilitator and self.seat.participant is None
            if room and answered < M.ANONYMOUS_FROM:
                lines.append(t("speaking.few", n=M.ANONYMOUS_FROM))
        body = "".join(para(line) for line in lines)
        value = f"<div class='kit-speaking-status' role='status'>{body}</div>"
        if self.status.value != value:
            self.status.value = value
        self.reveal_button.disabled = self.revealed
        self.hide_button.disabled = not self.revealed

    def _mine_html(self, text: str) -> str:
        """This participant's own answer, and whether it can still change."""
        hint = t("speaking.fixed" if self.revealed else "speaking.can_change")
        return (
            "<div class='kit-speaking-mine' role='status'>"
            f"{para(text)}{para(hint, 'kit-meta')}</div>"
        )

    def _set_results(self, children: list[W.Widget]) -> None:
        if list(self.results.children) != children:
            self.results.children = children


# ---------------------------------------------------------------------- self-scan


class SelfScan(_Part):
    """Anonymous self-scan of the blocking beliefs and the shared dilemma."""

    part = "scan"

    def __init__(self, app: SpeakingUp):
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


# -------------------------------------------------------------- the shared dilemma


class SharedDilemma(_Part):
    """Loyal after one or two rounds of dissent, or keep pressing (a drammer)?"""

    part = "dilemma"

    def __init__(self, app: SpeakingUp):
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


# ------------------------------------------------------------ the palette of actions


class ActionPalette(_Part):
    """The ladder from gut feeling to formal report, for a situation the team picks."""

    part = "palette"

    def __init__(self, app: SpeakingUp):
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


# --------------------------------------------------------------------------- the app


class SpeakingUp(LiveTool):
    """The speaking-up workshop for one seat: facilitator, participant, or both.

    Parameters
    ----------
    seat
        Where this browser sits in the session; every answer goes through it.
    library
        Content with the beliefs (``beliefs.yaml``), the palette
        (``actions.yaml``) and the decks whose cards can be the situation.
    parts
        Which of ``"scan"``, ``"dilemma"``, ``"palette"`` to offer, in order.
    start
        The part shown first (default: the first); once the facilitator moves
        the room to a part, every screen follows.
    live
        Follow other kernels' answers through ``seat.watch``.
    roles
        The roles in the room (e.g. ``("toezicht",)``): the palette then shows
        the steps for everyone plus those meant for these roles. Empty: all steps.

    Public actions (each stores through the seat at once): :meth:`rate`,
    :meth:`stand`, :meth:`set_situation`, :meth:`pick_steps`, :meth:`reveal`,
    :meth:`hide`, :meth:`set_phase`, :meth:`show_part`; :meth:`refresh`
    re-reads the store and :meth:`results` gives the session report's part.
    """

    tool = M.TOOL

    def __init__(
        self,
        seat: Seat,
        library: Library,
        *,
        parts: Sequence[str] = M.PARTS,
        start: str | None = None,
        live: bool = True,
        roles: Sequence[str] = (),
    ):
        unknown = [p for p in parts if p not in M.PARTS]
        if unknown or not parts:
            raise ValueError(f"parts must be some of {M.PARTS}, not {list(parts)}")
        bad_roles = [r for r in roles if r not in ROLES]
        if bad_roles:
            raise ValueError(f"roles must be some of {ROLES}, not {list(roles)}")
        super().__init__(seat)
        self.library = library
        self.roles = tuple(roles)
        self._followed = 0
        self._last_seq = -1
        self.scan = SelfScan(self)
        self.dilemma = SharedDilemma(self)
        self.palette = ActionPalette(self)
        self.parts: dict[str, _Part] = {p: getattr(self, p) for p in parts}
        self.switcher = W.ToggleButtons(
            options=[
                (t("speaking.part", n=i + 1, name=t(f"speaking.part.{p}")), p)
                for i, p in enumerate(self.parts)
            ],
            value=start if start in self.parts else next(iter(self.parts)),
            tooltips=[t(f"speaking.part.{p}.tooltip") for p in self.parts],
            style={"button_width": "auto"},
        )
        self.switcher.add_class("kit-speaking-switcher")
        self.switcher.observe(self._on_switch, names="value")
        show(self.switcher, len(self.parts) > 1)
        self._start = start
        self._mount(
            [
                W.HTML(
                    f"<h2>{esc(t('speaking.title'))}</h2>"
                    + para(t("speaking.intro"), "kit-speaking-intro")
                ),
                self.switcher,
                self.messages,
                *self.parts.values(),
            ],
            "kit-speaking",
            live=False,
        )
        self._show_only(self.switcher.value)
        if live:
            self._watch()

    # --- public actions ---------------------------------------------------------------

    def rate(self, belief_id: str, score: int) -> Answer | None:
        """Self-scan: rate a belief's statement 1–5, or 0 for "weet ik niet"."""
        return self.scan.rate(belief_id, score)

    def stand(self, position: int, reason: str = "") -> M.Stand | None:
        """Shared dilemma: where you stand (1 loyal … 5 keep pressing), and why."""
        return self.dilemma.stand(position, reason)

    def set_situation(self, text: str = "", card_id: str = "") -> M.Situation | None:
        """Palette: the situation the team weighs (facilitator)."""
        return self.palette.set_situation(text, card_id)

    def pick_steps(
        self, now_step: str, furthest_step: str, situation: str | None = None
    ) -> M.Pick | None:
        """Palette: the step you would take now and the heaviest you would take."""
        return self.palette.pick_steps(now_step, furthest_step, situation)

    def reveal(self, part: str = "scan") -> Answer | None:
        """Show the room the answers of ``part`` (facilitator)."""
        return self._part(part).reveal()

    def hide(self, part: str = "scan") -> Answer | None:
        """Hide the answers of ``part`` again (facilitator)."""
        return self._part(part).hide()

    def set_phase(self, part: str, phase: str) -> Answer | None:
        """Move ``part`` to ``phase``: think, reveal, discuss or close (facilitator)."""
        return self._part(part).set_phase(phase)

    @guarded
    def show_part(self, part: str) -> None:
        """Show one part; the facilitator's choice is followed by every screen."""
        if part not in self.parts:
            raise InvalidInput("speaking_part")
        if self.switcher.value != part:
            self.switcher.value = part  # comes back here through _on_switch
            return
        self._show_only(part)
        if self.seat.is_facilitator:
            focus, _seq = M.focus_of(self.events())
            if focus != part:
                stored = self.seat.facilitator_event(
                    M.TOOL, M.APP, M.FOCUS, {"part": part}
                )
                self._followed = stored.seq

    @property
    def current_part(self) -> str:
        return str(self.switcher.value)

    def events(self) -> list[Answer]:
        """Every event of this tool in the session, oldest first."""
        return self.seat.answers(M.TOOL)

    @guarded
    def refresh(self) -> None:
        """Re-read the store and show what this seat may see now."""
        with self.lock:
            if self._closed:
                return
            events = self.events()
            for part in self.parts.values():
                part.render(events)
            self._follow(events)
            self._last_seq = M.last_seq(events)

    def results(self) -> dict[str, Any]:
        """The workshop's results for the session report (counts, no names)."""
        return M.session_report(
            self.events(),
            [b.id for b in self.library.beliefs],
            self.palette.action_ids,
        )

    def section(self, section: Section) -> str:
        """A presented section as HTML in this page, its charts drawn once."""
        return section_html(section, self.figures)

    def belief_label(self, belief: Belief) -> str:
        if belief.kind == "shared_dilemma" or belief.number is None:
            return t("speaking.belief.dilemma", name=belief.name)
        return t("speaking.belief.numbered", n=belief.number, name=belief.name)

    def page_html(self, part: str | None = None) -> str:
        """The HTML this seat sees now (visible parts only), for tests.

        With ``part``, that part's HTML whether it is the one shown or not.
        """
        root = self._part(part) if part else self
        return visible_html(root, include_hidden_root=True)

    # --- internals --------------------------------------------------------------------

    def _part(self, part: str) -> _Part:
        if part not in self.parts:
            raise InvalidInput("speaking_part")
        return self.parts[part]

    def _show_only(self, part: str) -> None:
        for name, widget in self.parts.items():
            show(widget, name == part)

    def _on_switch(self, change: dict[str, Any]) -> None:
        if change["new"]:
            self.show_part(change["new"])

    def _follow(self, events: Sequence[Answer]) -> None:
        """Participants follow the part the facilitator moves the room to."""
        focus, seq = M.focus_of(events)
        if focus is None or seq <= self._followed:
            return
        self._followed = seq
        if focus in self.parts and focus != self.switcher.value:
            self.switcher.value = focus

    def _concerns(self, fresh: list[Answer]) -> bool:
        """News for this workshop: answers of the tool it has not shown yet."""
        return any(a.tool == M.TOOL and a.seq > self._last_seq for a in fresh)


def build_speaking_up_app(seat: Seat, library: Library, **options: Any) -> SpeakingUp:
    """The speaking-up workshop for ``seat``; see :class:`SpeakingUp` for options."""
    return SpeakingUp(seat, library, **options)
