"""Play dilemma cards with a room (dilemmakaarten spelen).

The facilitator picks a card; each participant chooses a course of action alone,
says how sure they are and why; the facilitator reveals; the room sees the spread,
the reasons per option (anonymous) and the minority position to hear out; a
"wat als…" variation shows who would move; the group closes with what it takes
into account next time (knowledge, actions, power) — not a new rule. Teams can
write, play and export their own cards.

This module only wires controls to :mod:`kit.model.dilemma` (state and
aggregation), :mod:`kit.model.own_cards` (checking own cards) and
:mod:`kit.charts.dilemma` (charts, imported only once choices are revealed).
Every action is a method, so tests drive the tool without a browser.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import ipywidgets as W

from kit.errors import InvalidInput, NotAllowed
from kit.locale import t
from kit.model import dilemma as M
from kit.model.phases import PHASES
from kit.model.types import Deck, DilemmaCard, Library
from kit.report.sections_dilemma import round_section
from kit.session import Seat
from kit.store import Answer
from kit.widgets.browser import DeckBrowser
from kit.widgets.cardview import (
    card_html,
    facilitator_html,
    side_html,
    variation_html,
)
from kit.widgets.dilemma_close import ClosingParts
from kit.widgets.dilemma_own import (
    LABEL_STYLE,
    OwnCardsParts,
    section_box,
    text_area,
)
from kit.widgets.document_view import section_html
from kit.widgets.feedback import (
    MessageArea,
    esc,
    guarded,
    show,
    wide,
)
from kit.widgets.layout import html_widget, mark, mark_current, para
from kit.widgets.live import LiveTool
from kit.widgets.styles import use_styles
from kit.widgets.task import about_html, participant_only, task_html

log = logging.getLogger("kit")


class DilemmaTable(OwnCardsParts, ClosingParts, LiveTool):
    """The dilemma-card table for one seat: facilitator, participant, or both.

    Public actions (each stores through the seat the moment it is given):
    :meth:`play`, :meth:`choose`, :meth:`reveal`, :meth:`set_phase`,
    :meth:`play_variation`, :meth:`tally`, :meth:`close_card`,
    :meth:`write_card`; :meth:`refresh` re-reads the store (the watcher calls it
    when another kernel adds something) and :meth:`export_yaml` gives the
    team's own cards as a deck file.
    """

    tool = M.TOOL

    def __init__(
        self,
        seat: Seat,
        library: Library,
        deck: Deck,
        *,
        live: bool = True,
    ):
        super().__init__(seat)
        use_styles("dilemma")
        self.library = library
        self.base_deck = deck
        self._own: list[dict[str, Any]] = []
        self._own_cards: dict[str, DilemmaCard] = {}
        self._shown_key: tuple[str, int] | None = None

        self.header = W.HTML(
            f"<h2>{esc(t('dilemma.title'))}</h2><p>{esc(t('dilemma.intro'))}</p>"
        )
        self.header.add_class("kit-tool-intro")
        # A participant's own page: the task, the card and the form first; the
        # intros and the card's values and options folded in "Uitleg" below.
        self.own_page = participant_only(seat)
        show(self.header, not self.own_page)
        self.task, self.about = W.HTML(), W.HTML()
        self.status = W.HTML()
        self.card_view = W.HTML()
        self.results = W.HTML()
        self.pick_section = self._build_pick(deck)
        # What playing a card or a variation did shows at the card itself: the
        # page scrolls there, not to the messages far below the played card.
        self.table_messages = MessageArea()
        self.table_section = section_box(
            t("dilemma.on_table"),
            self.status,
            self.task,
            self.table_messages,
            self.card_view,
            css="kit-dilemma-table",
        )
        self.choose_section = self._build_choose()
        self.lead_section = self._build_lead()
        self.results_section = section_box(
            t("dilemma.results"), self.results, css="kit-dilemma-results"
        )
        self.close_section = self._build_close()
        self.own_section = self._build_own()
        show(self.pick_section, seat.is_facilitator)
        show(self.lead_section, seat.is_facilitator)
        self._mount(
            [  # the card on the table first; the deck browser below it
                self.header,
                self.table_section,
                self.choose_section,
                self.lead_section,
                self.messages,
                self.results_section,
                self.close_section,
                self.pick_section,
                self.own_section,
            ],
            "kit-dilemma",
            live=live,
        )

    # ------------------------------------------------------------------ building

    def _build_pick(self, deck: Deck) -> W.VBox:
        """Facilitator: browse, filter and draw with the deck browser, then play."""
        self.browser = self._new_browser(deck)
        self.play_button = W.Button(
            description=t("dilemma.play"),
            button_style="primary",
            tooltip=t("dilemma.play.tooltip"),
        )
        self.play_button.on_click(lambda _b: self._play_selected())
        self.browser_box = W.VBox([self.browser, self.play_button])
        # Open while the table is empty; folded once a card is on it (refresh).
        self.pick_disclosure = W.Accordion(children=[self.browser_box])
        self.pick_disclosure.set_title(0, t("dilemma.pick.browse"))
        self.pick_disclosure.selected_index = 0
        return section_box(
            t("dilemma.pick"), self.pick_disclosure, css="kit-dilemma-pick"
        )

    def _build_choose(self) -> W.VBox:
        """Participant: an option, how sure, and why — alone, before the reveal."""
        self.option_choice = W.RadioButtons(
            options=[],
            value=None,
            description=t("dilemma.choice"),
            layout=wide(),
            style=LABEL_STYLE,
        )
        self.confidence_choice = W.RadioButtons(
            options=[(t(M.CONFIDENCE_KEYS[n]), n) for n in M.CONFIDENCE],
            value=None,
            description=t("dilemma.confidence"),
            layout=wide(),
            style=LABEL_STYLE,
        )
        self.reason = text_area("dilemma.reason", rows=3)
        self.choose_button = W.Button(
            description=t("dilemma.save_choice"), button_style="primary"
        )
        self.choose_button.on_click(lambda _b: self._choose_from_controls())
        self.own_choice = W.HTML()
        # A "wat als…" round's changed circumstance, right above the new form.
        self.variation_view = W.HTML()
        return section_box(
            t("dilemma.your_choice"),
            self.variation_view,
            html_widget("" if self.own_page else para(t("dilemma.choose_alone"))),
            self.option_choice,
            self.confidence_choice,
            self.reason,
            self.choose_button,
            self.own_choice,
            self.about,
            css="kit-dilemma-choose",
        )

    def _build_lead(self) -> W.VBox:
        """Facilitator: phases, counting hands, and the "wat als…" variations."""
        self.progress = W.HTML()
        self.guidance = W.HTML()  # note, facts and sources of the card in play
        self.phase_buttons = {
            phase: W.Button(
                description=t(f"phase.{phase}"),
                tooltip=t(f"dilemma.phase.{phase}.tooltip"),
            )
            for phase in PHASES
        }
        for phase, button in self.phase_buttons.items():
            button.on_click(lambda _b, p=phase: self.set_phase(p))
        self.tally_inputs: dict[str, W.BoundedIntText] = {}
        self.tally_box = W.VBox()
        self.tally_button = W.Button(description=t("dilemma.tally.save"))
        self.tally_button.on_click(lambda _b: self._tally_from_controls())
        self.variation_choice = W.Dropdown(
            description=t("dilemma.variation"), layout=wide(), style=LABEL_STYLE
        )
        self.variation_button = W.Button(description=t("dilemma.variation.play"))
        self.variation_button.on_click(
            lambda _b: self.play_variation(self.variation_choice.value or "")
        )
        self.variation_box = W.VBox(
            [
                W.HTML(f"<p>{esc(t('dilemma.variation.help'))}</p>"),
                self.variation_choice,
                self.variation_button,
            ]
        )
        return section_box(
            t("dilemma.lead"),
            self.progress,
            self.guidance,
            W.HBox(
                list(self.phase_buttons.values()), layout=W.Layout(flex_flow="wrap")
            ),
            html_widget(esc(t("dilemma.phase.legend")), "kit-current-legend"),
            W.HTML(f"<h4>{esc(t('dilemma.tally'))}</h4>"),
            W.HTML(f"<p>{esc(t('dilemma.tally.help'))}</p>"),
            self.tally_box,
            self.tally_button,
            self.variation_box,
            css="kit-dilemma-lead",
        )

    # ------------------------------------------------------------------ public actions

    @property
    def deck(self) -> Deck:
        """The deck in play: the chosen deck plus the team's own cards."""
        return Deck(
            id=self.base_deck.id,
            title=self.base_deck.title,
            cards=self.base_deck.cards + tuple(self._own_cards.values()),
            themes=self.base_deck.themes,
            description=self.base_deck.description,
            language=self.base_deck.language,
        )

    def card(self, card_id: str) -> DilemmaCard:
        """A card of the deck or of the team's own cards; :class:`KeyError` if none."""
        if card_id in self._own_cards:
            return self._own_cards[card_id]
        return self.base_deck.card(card_id)

    @guarded
    def play(self, card_id: str) -> None:
        """Put a card on the table for the whole room (facilitator)."""
        self._need_facilitator()
        self._load_own(self._events())
        try:
            card = self.card(card_id)
        except KeyError:
            raise InvalidInput("dilemma_unknown_card") from None
        self.seat.facilitator_event(M.TOOL, M.TABLE, M.PLAY, M.play_payload(card))
        self.refresh()
        self.table_messages.ok(t("dilemma.played", title=card.title))

    @guarded
    def choose(self, option_id: str, confidence: int | None, reason: str = "") -> None:
        """Choose a course of action alone, with how sure you are and why.

        Only while the room thinks alone; choosing again replaces your choice.
        """
        if self.seat.participant is None:
            raise InvalidInput("dilemma_no_participant")
        card, state = self._current()
        if card is None:
            raise InvalidInput("dilemma_no_card")
        payload = M.choice_payload(card, state, option_id, confidence, reason)
        self.seat.answer(M.TOOL, card.id, M.CHOICE, payload)
        self.refresh()
        self.messages.ok(t("dilemma.choice_saved"))

    def reveal(self) -> None:
        """Show everyone the spread, the reasons and the minority (facilitator)."""
        self.set_phase("reveal")

    @guarded
    def set_phase(self, phase: str) -> None:
        """Move the card on the table to ``phase``: think, reveal, discuss, close."""
        self._need_facilitator()
        if phase not in PHASES:
            raise InvalidInput("dilemma_phase")
        card, _state = self._current()
        if card is None:
            raise InvalidInput("dilemma_no_card")
        self.seat.set_phase(M.TOOL, card.id, phase)
        self.refresh()
        self.messages.info(t("dilemma.phase_now", phase=t(f"phase.{phase}")))

    @guarded
    def play_variation(self, variation_id: str) -> None:
        """Start a new round with one of the card's "wat als…" variations."""
        self._need_facilitator()
        card, _state = self._current()
        if card is None:
            raise InvalidInput("dilemma_no_card")
        variation = M.variation_of(card, variation_id)
        new_round = M.rounds_played(self._events(), card.id) + 1
        self.seat.set_phase(
            M.TOOL, card.id, "think", round_no=new_round, variation_id=variation.id
        )
        self.refresh()
        self.table_messages.info(t("dilemma.variation.started", title=variation.title))

    @guarded
    def tally(self, option_id: str, count: int) -> None:
        """Record how many hands went up for an option in this round (facilitator).

        A new count for the same option replaces the earlier one.
        """
        self._need_facilitator()
        card, state = self._current()
        if card is None:
            raise InvalidInput("dilemma_no_card")
        payload = M.tally_payload(card, state, option_id, count)
        self.seat.facilitator_event(M.TOOL, card.id, M.TALLY, payload)
        self.refresh()
        self.messages.ok(t("dilemma.tally.saved"))

    @guarded
    def refresh(self) -> None:
        """Re-read the store and show what this seat may see now."""
        with self._lock:
            if self._closed:
                return
            events = self._events()
            self._load_own(events)
            card_id = M.current_card_id(events)
            card = self._card_or_none(card_id)
            state = M.round_state(events, card.id) if card else M.RoundState()
            if self.enter_phase((card.id, state.round, state.phase) if card else None):
                self.table_messages.clear()
            key = (card.id, state.round) if card else None
            if key != self._shown_key:
                self._shown_key = key
                if card is not None:
                    self._reset_inputs(events, card, state)
                if card is None or state.round == 1:  # a new card, or none
                    self.pick_disclosure.selected_index = None if card else 0
            # Round 1's words go before "ronde 2" arrives, never beside it.
            self._show_choose(events, card, state)
            self._show_lead(events, card, state)
            self._show_results(events, card, state)
            self._show_closing(events, card, state)
            self._show_own()
            self._mark_state(card, state)
            self._show_status(card, state)
            self._show_card(card, state)

    # ------------------------------------------------------------------ internals

    def _events(self) -> list[Answer]:
        return self.seat.answers(M.TOOL)

    def _current(self) -> tuple[DilemmaCard | None, M.RoundState]:
        """The card on the table and its round, read fresh from the store."""
        events = self._events()
        self._load_own(events)
        card = self._card_or_none(M.current_card_id(events))
        return card, (M.round_state(events, card.id) if card else M.RoundState())

    def _card_or_none(self, card_id: str | None) -> DilemmaCard | None:
        if not card_id:
            return None
        try:
            return self.card(card_id)
        except KeyError:
            return None

    def _need_facilitator(self) -> None:
        if not self.seat.is_facilitator:
            raise NotAllowed(self.seat.session.id)

    def _new_browser(self, deck: Deck) -> DeckBrowser:
        browser = DeckBrowser(deck, self.library, show_chart=False)
        browser.add_class("kit-dilemma-browser")
        browser.on_select(lambda _card: show(browser.card_view, True))
        return browser

    # --- what each part shows -------------------------------------------------------

    def _mark_state(self, card: DilemmaCard | None, state: M.RoundState) -> None:
        """Classes the room view lays the card out by (revealed, "wat als…")."""
        mark(self, "kit-dilemma-revealed", card is not None and state.revealed)
        mark(self, "kit-dilemma-whatif", card is not None and bool(state.variation_id))

    def _show_status(self, card: DilemmaCard | None, state: M.RoundState) -> None:
        if card is None:
            text = t(
                "dilemma.waiting.facilitator"
                if self.seat.is_facilitator
                else "dilemma.waiting"
            )
        else:
            text = t(
                "dilemma.status",
                phase=t(f"phase.{state.phase}"),
                round=state.round,
            )
        self.status.value = (
            f"<p class='kit-dilemma-status' role='status'>{esc(text)}</p>"
        )

    def _show_card(self, card: DilemmaCard | None, state: M.RoundState) -> None:
        """The card; in a "wat als…" round its variation goes above the form that
        asks for the new choice, or above the card where nobody chooses here."""
        if card is None:
            self.card_view.value = self.variation_view.value = self.task.value = ""
            return
        variation = next(
            (v for v in card.variations if v.id == state.variation_id), None
        )
        banner = "" if variation is None else variation_html(variation)
        near_form = self.seat.participant is not None
        self.variation_view.value = banner if near_form else ""
        card_text = card_html(card, self.library, self.deck, side=not self.own_page)
        if self.own_page:
            self.task.value = task_html("task.dilemma")
            self.about.value = about_html(
                para(t("dilemma.intro")),
                para(t("dilemma.choose_alone")),
                side_html(card, self.library, self.deck),
            )
        self.card_view.value = card_text if near_form else banner + card_text

    def _show_choose(
        self, events: Sequence[Answer], card: DilemmaCard | None, state: M.RoundState
    ) -> None:
        visible = self.seat.participant is not None and card is not None
        show(self.choose_section, visible)
        if not visible or card is None:
            return
        mine = self._my_choice(events, card, state)
        open_ = state.phase == "think"
        for control in (
            self.option_choice,
            self.confidence_choice,
            self.reason,
            self.choose_button,
        ):
            control.disabled = not open_
        if mine is not None:
            index = [o.id for o in card.options].index(mine.option_id)
            sure = t(M.CONFIDENCE_KEYS[mine.confidence]) if mine.confidence else ""
            text = t(
                "dilemma.your_saved_choice",
                letter=M.option_letter(index),
                sure=sure,
            )
        else:
            text = t("dilemma.no_choice_yet" if open_ else "dilemma.no_choice_closed")
        if not open_:
            text += " " + t("dilemma.choice_locked")
        self.own_choice.value = f"<p role='status'>{esc(text)}</p>"

    def _my_choice(
        self, events: Sequence[Answer], card: DilemmaCard, state: M.RoundState
    ) -> M.Choice | None:
        if self.seat.participant is None:
            return None
        option_ids = [o.id for o in card.options]
        choices = M.current_choices(events, card.id, state.round, option_ids)
        return choices.get(self.seat.participant_id)

    def _reset_inputs(
        self, events: Sequence[Answer], card: DilemmaCard, state: M.RoundState
    ) -> None:
        """Fill every input from the store when a new card or round comes up.

        Between those moments inputs are left alone, so a refresh from another
        kernel never wipes what someone is typing.
        """
        mine = self._my_choice(events, card, state)
        self.option_choice.options = [
            (f"{M.option_letter(i)}. {o.label}", o.id)
            for i, o in enumerate(card.options)
        ]
        self.option_choice.value = mine.option_id if mine else None
        self.confidence_choice.value = mine.confidence if mine else None
        self.reason.value = mine.reason if mine else ""
        tallies = M.current_tallies(events, card.id, state.round)
        self.tally_inputs = {
            o.id: W.BoundedIntText(
                value=tallies.get(o.id, 0),
                min=0,
                max=M.MAX_TALLY,
                description=t("dilemma.tally.option", letter=M.option_letter(i)),
                layout=W.Layout(width="16em"),
                style={"description_width": "7em"},
            )
            for i, o in enumerate(card.options)
        }
        self.tally_box.children = tuple(self.tally_inputs.values())
        closing = M.closing(events, card.id)
        self.knowledge.value = closing.knowledge if closing else ""
        self.actions.value = closing.actions if closing else ""
        self.power.value = closing.power if closing else ""
        self.variation_choice.options = [(v.title, v.id) for v in card.variations]
        self.variation_choice.value = card.variations[0].id if card.variations else None

    def _show_lead(
        self, events: Sequence[Answer], card: DilemmaCard | None, state: M.RoundState
    ) -> None:
        if not self.seat.is_facilitator:
            return
        show(self.lead_section, card is not None)  # nothing to lead yet
        for part in (self.tally_box, self.tally_button, self.progress):
            show(part, card is not None)
        for button in self.phase_buttons.values():
            button.disabled = card is None
        if card is None:
            show(self.variation_box, False)
            self.progress.value = self.guidance.value = ""
            return
        self.guidance.value = facilitator_html(card)
        # The card on the table is shown below; no second copy in the browser.
        previewed = self.browser.selected
        show(self.browser.card_view, previewed is None or previewed.id != card.id)
        for phase, button in self.phase_buttons.items():
            mark_current(button, phase == state.phase)
        option_ids = [o.id for o in card.options]
        choices = M.current_choices(events, card.id, state.round, option_ids)
        hands = sum(
            M.current_tallies(events, card.id, state.round, option_ids).values()
        )
        progress = t("dilemma.progress", n=len(choices), hands=hands)
        self.progress.value = f"<p role='status'>{esc(progress)}</p>"
        show(self.variation_box, bool(card.variations) and state.revealed)

    def _show_results(
        self, events: Sequence[Answer], card: DilemmaCard | None, state: M.RoundState
    ) -> None:
        visible = card is not None and state.revealed
        show(self.results_section, visible)
        if not visible or card is None:
            self.results.value = ""  # nothing hidden in the page before the reveal
            return
        result = M.round_result(events, card, state.round)
        questions = "".join(f"<li>{esc(q)}</li>" for q in card.questions)
        self.results.value = (
            section_html(
                round_section(result, context=False), self.figures, with_title=False
            )
            + f"<h4>{esc(t('dilemma.questions'))}</h4>"
            f"<ol class='kit-dilemma-questions'>{questions}</ol>"
        )

    # --- the controls call the actions ----------------------------------------------

    def _play_selected(self) -> None:
        if self.browser.selected is None:
            self.messages.info(t("dilemma.pick_first"))
            return
        self.play(self.browser.selected.id)

    def _choose_from_controls(self) -> None:
        if self.option_choice.value is None:
            self.messages.error(t("input.dilemma_option"))
            return
        self.choose(
            self.option_choice.value, self.confidence_choice.value, self.reason.value
        )

    def _tally_from_controls(self) -> None:
        card, state = self._current()
        if card is None:
            return
        stored = M.current_tallies(self._events(), card.id, state.round)
        for option_id, control in self.tally_inputs.items():
            if int(control.value) != stored.get(option_id, 0):
                self.tally(option_id, int(control.value))
        if all(int(c.value) == stored.get(o, 0) for o, c in self.tally_inputs.items()):
            self.messages.info(t("dilemma.tally.unchanged"))


def build_dilemma_app(
    seat: Seat, library: Library, deck_id: str = "starter", **options: Any
) -> DilemmaTable:
    """The dilemma-card tool for ``seat``, playing cards from deck ``deck_id``."""
    return DilemmaTable(seat, library, library.deck(deck_id), **options)
