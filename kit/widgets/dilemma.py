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

import base64
import logging
import threading
from collections.abc import Sequence
from typing import Any

import ipywidgets as W

from kit.errors import InvalidInput, NotAllowed
from kit.locale import t
from kit.model import dilemma as M
from kit.model import own_cards
from kit.model.text import visible_text
from kit.model.types import ROLES, Deck, DilemmaCard, Library
from kit.session import PHASES, Seat
from kit.store import Answer
from kit.widgets.browser import DeckBrowser
from kit.widgets.cardview import card_html, facilitator_html
from kit.widgets.feedback import (
    MessageArea,
    esc,
    explain,
    guarded,
    show,
    titled_box,
    visible_html,
    wide,
)

log = logging.getLogger("kit")

LABEL_STYLE = {"description_width": "12em"}
CONFIDENCE_KEYS = {1: "dilemma.sure.1", 2: "dilemma.sure.2", 3: "dilemma.sure.3"}


def _clean(text: object, limit: int, key: str) -> str:
    """Trimmed text without control characters (newlines kept); refuse overlong."""
    cleaned = visible_text(text)
    if len(cleaned) > limit:
        raise InvalidInput(key)
    return cleaned


def _section(title: str, *children: W.Widget, css: str = "") -> W.VBox:
    classes = ("kit-dilemma-section", css) if css else ("kit-dilemma-section",)
    return titled_box(title, *children, classes=classes)


def _text_area(key: str, rows: int) -> W.Textarea:
    """A labelled text area; its placeholder text is ``<key>.placeholder``."""
    return W.Textarea(
        description=t(key),
        placeholder=t(f"{key}.placeholder"),
        rows=rows,
        layout=wide(),
        style=LABEL_STYLE,
    )


class DilemmaTable(W.VBox):
    """The dilemma-card table for one seat: facilitator, participant, or both.

    Public actions (each stores through the seat the moment it is given):
    :meth:`play`, :meth:`choose`, :meth:`reveal`, :meth:`set_phase`,
    :meth:`play_variation`, :meth:`tally`, :meth:`close_card`,
    :meth:`write_card`; :meth:`refresh` re-reads the store (the watcher calls it
    when another kernel adds something) and :meth:`export_yaml` gives the
    team's own cards as a deck file.
    """

    def __init__(
        self,
        seat: Seat,
        library: Library,
        deck: Deck,
        *,
        live: bool = True,
    ):
        self.seat = seat
        self.library = library
        self.base_deck = deck
        self.messages = MessageArea()
        self._lock = threading.RLock()
        self._closed = False
        self._own: list[dict[str, Any]] = []
        self._own_cards: dict[str, DilemmaCard] = {}
        self._shown_key: tuple[str, int] | None = None
        self._figure_cache: dict[str, tuple[object, str]] = {}

        self.header = W.HTML(
            f"<h2>{esc(t('dilemma.title'))}</h2><p>{esc(t('dilemma.intro'))}</p>"
        )
        self.status = W.HTML()
        self.card_view = W.HTML()
        self.results = W.HTML()
        self.pick_section = self._build_pick(deck)
        self.table_section = _section(
            t("dilemma.on_table"), self.status, self.card_view, css="kit-dilemma-table"
        )
        self.choose_section = self._build_choose()
        self.lead_section = self._build_lead()
        self.results_section = _section(
            t("dilemma.results"), self.results, css="kit-dilemma-results"
        )
        self.close_section = self._build_close()
        self.own_section = self._build_own()
        super().__init__(
            [
                self.header,
                self.pick_section,
                self.table_section,
                self.choose_section,
                self.lead_section,
                self.messages,
                self.results_section,
                self.close_section,
                self.own_section,
            ]
        )
        self.add_class("kit-root")
        self.add_class("kit-dilemma")
        show(self.pick_section, seat.is_facilitator)
        show(self.lead_section, seat.is_facilitator)
        self.refresh()
        if live:
            seat.watch(self._on_store_change)

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
        return _section(t("dilemma.pick"), self.browser_box, css="kit-dilemma-pick")

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
            options=[(t(CONFIDENCE_KEYS[n]), n) for n in M.CONFIDENCE],
            value=None,
            description=t("dilemma.confidence"),
            layout=wide(),
            style=LABEL_STYLE,
        )
        self.reason = _text_area("dilemma.reason", rows=3)
        self.choose_button = W.Button(
            description=t("dilemma.save_choice"), button_style="primary"
        )
        self.choose_button.on_click(lambda _b: self._choose_from_controls())
        self.own_choice = W.HTML()
        return _section(
            t("dilemma.your_choice"),
            W.HTML(f"<p>{esc(t('dilemma.choose_alone'))}</p>"),
            self.option_choice,
            self.confidence_choice,
            self.reason,
            self.choose_button,
            self.own_choice,
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
        return _section(
            t("dilemma.lead"),
            self.progress,
            self.guidance,
            W.HBox(
                list(self.phase_buttons.values()), layout=W.Layout(flex_flow="wrap")
            ),
            W.HTML(f"<h4>{esc(t('dilemma.tally'))}</h4>"),
            W.HTML(f"<p>{esc(t('dilemma.tally.help'))}</p>"),
            self.tally_box,
            self.tally_button,
            self.variation_box,
            css="kit-dilemma-lead",
        )

    def _build_close(self) -> W.VBox:
        """Seed 003: which knowledge, actions and power to weigh — not a new rule."""
        self.knowledge = _text_area("dilemma.close.knowledge", rows=2)
        self.actions = _text_area("dilemma.close.actions", rows=2)
        self.power = _text_area("dilemma.close.power", rows=2)
        self.close_button = W.Button(
            description=t("dilemma.close.save"), button_style="success"
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
        return _section(
            t("dilemma.close"),
            self.close_summary,
            self.close_form,
            css="kit-dilemma-close",
        )

    def _build_own(self) -> W.VBox:
        """The team's own cards: a form (built on first use), a list, a download."""
        self.write_toggle = W.ToggleButton(
            description=t("own.toggle"), tooltip=t("own.toggle.tooltip"), value=False
        )
        self.write_toggle.observe(self._on_write_toggle, names="value")
        self.form = W.VBox()
        self.form.add_class("kit-dilemma-form")
        show(self.form, False)
        self.own_messages = MessageArea()
        self.own_list = W.HTML()
        self.export_link = W.HTML()
        return _section(
            t("own.title"),
            W.HTML(f"<p>{esc(t('own.intro'))}</p>"),
            self.write_toggle,
            self.form,
            self.own_messages,
            self.own_list,
            self.export_link,
            css="kit-dilemma-own",
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
        self.seat.facilitator_event(M.TOOL, M.TABLE, M.PLAY, {"card_id": card.id})
        self.refresh()
        self.messages.ok(t("dilemma.played", title=card.title))

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
        if state.phase != "think":
            raise InvalidInput("dilemma_round_closed")
        if option_id not in {o.id for o in card.options}:
            raise InvalidInput("dilemma_option")
        if confidence not in M.CONFIDENCE:
            raise InvalidInput("dilemma_confidence")
        text = _clean(reason, M.MAX_REASON, "dilemma_reason")
        self.seat.answer(
            M.TOOL,
            card.id,
            M.CHOICE,
            {
                "round": state.round,
                "option_id": option_id,
                "confidence": confidence,
                "reason": text,
            },
        )
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
        card, state = self._current()
        if card is None:
            raise InvalidInput("dilemma_no_card")
        self.seat.facilitator_event(
            M.TOOL,
            card.id,
            M.PHASE,
            {"phase": phase, "round": state.round, "variation_id": state.variation_id},
        )
        self.refresh()
        self.messages.info(t("dilemma.phase_now", phase=t(f"phase.{phase}")))

    @guarded
    def play_variation(self, variation_id: str) -> None:
        """Start a new round with one of the card's "wat als…" variations."""
        self._need_facilitator()
        card, _state = self._current()
        if card is None:
            raise InvalidInput("dilemma_no_card")
        variation = next((v for v in card.variations if v.id == variation_id), None)
        if variation is None:
            raise InvalidInput("dilemma_variation")
        new_round = M.rounds_played(self._events(), card.id) + 1
        self.seat.facilitator_event(
            M.TOOL,
            card.id,
            M.PHASE,
            {"phase": "think", "round": new_round, "variation_id": variation.id},
        )
        self.refresh()
        self.messages.info(t("dilemma.variation.started", title=variation.title))

    @guarded
    def tally(self, option_id: str, count: int) -> None:
        """Record how many hands went up for an option in this round (facilitator).

        A new count for the same option replaces the earlier one.
        """
        self._need_facilitator()
        card, state = self._current()
        if card is None:
            raise InvalidInput("dilemma_no_card")
        if option_id not in {o.id for o in card.options}:
            raise InvalidInput("dilemma_option")
        if not isinstance(count, int) or not 0 <= count <= M.MAX_TALLY:
            raise InvalidInput("dilemma_tally")
        self.seat.facilitator_event(
            M.TOOL,
            card.id,
            M.TALLY,
            {"round": state.round, "option_id": option_id, "count": count},
        )
        self.refresh()
        self.messages.ok(t("dilemma.tally.saved"))

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
            parts = {
                "knowledge": _clean(knowledge, M.MAX_CLOSING, "dilemma_closing_long"),
                "actions": _clean(actions, M.MAX_CLOSING, "dilemma_closing_long"),
                "power": _clean(power, M.MAX_CLOSING, "dilemma_closing_long"),
            }
            if not any(parts.values()):
                raise InvalidInput("dilemma_closing_empty")
        except InvalidInput as exc:  # said next to the form the group is filling in
            self.close_messages.error(explain(exc))
            return
        self.seat.facilitator_event(
            M.TOOL, card.id, M.CLOSE, {**parts, "round": state.round}
        )
        if state.phase != "close":
            self.seat.facilitator_event(
                M.TOOL,
                card.id,
                M.PHASE,
                {
                    "phase": "close",
                    "round": state.round,
                    "variation_id": state.variation_id,
                },
            )
        self.refresh()
        self.close_messages.ok(t("dilemma.close.saved"))

    @guarded
    def write_card(
        self,
        title: str,
        role: str,
        setting: str,
        situation: str,
        values: Sequence[str],
        options: Sequence[tuple[str, str]],
        questions: Sequence[str],
        note: str,
    ) -> str | None:
        """Write the team's own card; stored and playable at once if it checks out.

        Returns the new card's id, or ``None`` with the problems shown when the
        card is not complete yet.
        """
        self._load_own(self._events())
        taken = {c.id for c in self.base_deck.cards} | set(self._own_cards)
        data = own_cards.card_data(
            title=title,
            role=role,
            setting=setting,
            situation=situation,
            values=values,
            options=options,
            questions=questions,
            note=note,
            taken=taken,
        )
        problems = own_cards.validate_card(data, self.library)
        errors = [p for p in problems if p.severity == "error"]
        lines = [
            t(
                "own.problem",
                field=own_cards.field_label(p.field),
                message=p.message,
                fix=p.fix,
            )
            if p.field
            else t("own.problem.general", message=p.message, fix=p.fix)
            for p in problems
        ]
        if errors:
            self.own_messages.error("\n".join([t("own.not_saved"), *lines]))
            return None
        payload = {"card": data}
        if self.seat.participant is not None:
            self.seat.answer(M.TOOL, data["id"], M.OWN_CARD, payload)
        else:
            self.seat.facilitator_event(M.TOOL, data["id"], M.OWN_CARD, payload)
        self.refresh()
        saved = t("own.saved", title=data["title"])
        if lines:
            self.own_messages.info("\n".join([saved, *lines]))
        else:
            self.own_messages.ok(saved)
        return str(data["id"])

    def export_yaml(self) -> str:
        """The team's own cards as a deck file that ``kit validate`` accepts."""
        return own_cards.deck_yaml(
            self._own,
            deck_id=own_cards.deck_id_for(self.seat.session.code),
            title=t("own.deck_title", session=self.seat.session.title),
        )

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
            key = (card.id, state.round) if card else None
            if key != self._shown_key:
                self._shown_key = key
                if card is not None:
                    self._reset_inputs(events, card, state)
            self._show_status(card, state)
            self._show_card(card, state)
            self._show_choose(events, card, state)
            self._show_lead(events, card, state)
            self._show_results(events, card, state)
            self._show_closing(events, card, state)
            self._show_own()

    def page_html(self) -> str:
        """The HTML this seat sees right now (visible parts only), for tests."""
        return visible_html(self)

    def close(self) -> None:
        """Stop reacting to the store and close the widget."""
        self._closed = True
        super().close()

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

    def _load_own(self, events: Sequence[Answer]) -> None:
        """Take in the team's own cards; the facilitator's browser gets new ones."""
        own = M.own_card_data(events)
        with self._lock:  # the watcher thread may be refreshing at the same time
            if own == self._own:
                return
            cards: dict[str, DilemmaCard] = {}
            for data in own:
                try:
                    cards[data["id"]] = own_cards.card_from_data(data)
                except (KeyError, TypeError):  # written by an older kit: skip it
                    log.warning("kit: skipping an own card that cannot be read")
            changed = set(cards) != set(self._own_cards)
            self._own, self._own_cards = own, cards
            if changed and self.seat.is_facilitator and hasattr(self, "browser_box"):
                self.browser = self._new_browser(self.deck)
                self.browser_box.children = (self.browser, self.play_button)

    def _new_browser(self, deck: Deck) -> DeckBrowser:
        browser = DeckBrowser(deck, self.library, show_chart=False)
        browser.add_class("kit-dilemma-browser")
        browser.on_select(lambda _card: show(browser.card_view, True))
        return browser

    def _on_store_change(self, fresh: list[Answer]) -> None:
        """Watcher callback (background thread): refresh when the table changed."""
        if self._closed or not any(a.tool == M.TOOL for a in fresh):
            return
        self.refresh()

    def _figure(self, name: str, key: object, build: Any) -> str:
        """Render a chart only when its data changed (SVG rendering takes time)."""
        cached = self._figure_cache.get(name)
        if cached and cached[0] == key:
            return cached[1]
        html = build().to_html()
        self._figure_cache[name] = (key, html)
        return html

    # --- what each part shows -------------------------------------------------------

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
        if card is None:
            self.card_view.value = ""
            return
        banner = ""
        variation = next(
            (v for v in card.variations if v.id == state.variation_id), None
        )
        if variation is not None:
            banner = (
                "<div class='kit-dilemma-variation'>"
                f"<p class='kit-dilemma-kicker'>{esc(t('dilemma.what_if'))}</p>"
                f"<h3>{esc(variation.title)}</h3><p>{esc(variation.text)}</p></div>"
            )
        self.card_view.value = banner + card_html(card, self.library, self.deck)

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
            sure = t(CONFIDENCE_KEYS[mine.confidence]) if mine.confidence else ""
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
            button.button_style = "success" if phase == state.phase else ""
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
        from kit.charts.dilemma import distribution_chart, transition_chart

        option_ids = [o.id for o in card.options]
        letters = {o.id: M.option_letter(i) for i, o in enumerate(card.options)}
        choices = M.current_choices(events, card.id, state.round, option_ids)
        tallies = M.current_tallies(events, card.id, state.round, option_ids)
        dist = M.distribution(card, choices, tallies)
        chart = self._figure(
            "distribution",
            (card.id, state.round, dist.to_json()),
            lambda: distribution_chart(dist),
        )
        parts = [
            f"<h4>{esc(t('dilemma.spread'))}</h4>",
            chart,
            self._minority_html(card, dist, letters),
            self._reasons_html(card, choices, letters),
        ]
        if state.round > 1:
            before_choices = M.current_choices(events, card.id, 1, option_ids)
            before_tallies = M.current_tallies(events, card.id, 1, option_ids)
            trans = M.transitions(before_choices, choices, option_ids)
            changes = M.count_changes(
                M.distribution(card, before_choices, before_tallies), dist
            )
            parts.append(self._movement_html(trans, changes, letters))
            if not trans.empty:
                parts.append(
                    self._figure(
                        "transitions",
                        (card.id, state.round, trans.to_json()),
                        lambda: transition_chart(trans, letters),
                    )
                )
        questions = "".join(f"<li>{esc(q)}</li>" for q in card.questions)
        parts.append(
            f"<h4>{esc(t('dilemma.questions'))}</h4>"
            f"<ol class='kit-dilemma-questions'>{questions}</ol>"
        )
        self.results.value = "".join(parts)

    def _minority_html(
        self, card: DilemmaCard, dist: Any, letters: dict[str, str]
    ) -> str:
        found = M.find_minority(dist)

        def names(option_ids: Sequence[str]) -> str:
            return ", ".join(
                t("dilemma.option_name", letter=letters[o], label=card.option(o).label)
                for o in option_ids
            )

        if found.kind == "none":
            return f"<p>{esc(t('dilemma.minority.none'))}</p>"
        if found.kind == "unanimous":
            text = t("dilemma.minority.unanimous", option=names(found.option_ids))
            if found.unchosen:
                text += " " + t(
                    "dilemma.minority.unchosen", options=names(found.unchosen)
                )
        elif found.kind == "even":
            text = t("dilemma.minority.even", options=names(found.option_ids))
        elif len(found.option_ids) > 1:
            text = t(
                "dilemma.minority.tie", options=names(found.option_ids), n=found.count
            )
        else:
            text = t(
                "dilemma.minority.one", option=names(found.option_ids), n=found.count
            )
        return (
            "<div class='kit-minority' role='note'>"
            f"<p class='kit-dilemma-kicker'>{esc(t('dilemma.minority.title'))}</p>"
            f"<p>{esc(text)}</p></div>"
        )

    def _reasons_html(
        self, card: DilemmaCard, choices: dict[str, M.Choice], letters: dict[str, str]
    ) -> str:
        grouped = M.reasons_by_option([o.id for o in card.options], choices)
        blocks = []
        for option in card.options:
            reasons = grouped[option.id]
            items = "".join(
                "<li><blockquote>"
                f"{esc(r.text)}"
                + (
                    f" <span class='kit-meta'>({esc(t(CONFIDENCE_KEYS[r.confidence]))})"
                    "</span>"
                    if r.confidence
                    else ""
                )
                + "</blockquote></li>"
                for r in reasons
            )
            body = (
                f"<ul class='kit-dilemma-reason-list'>{items}</ul>"
                if reasons
                else f"<p class='kit-meta'>{esc(t('dilemma.reasons.none'))}</p>"
            )
            blocks.append(
                f"<h5>{esc(letters[option.id])}. {esc(option.label)}</h5>{body}"
            )
        return (
            f"<div class='kit-reasons'><h4>{esc(t('dilemma.reasons'))}</h4>"
            f"<p class='kit-meta'>{esc(t('dilemma.reasons.anonymous'))}</p>"
            f"{''.join(blocks)}</div>"
        )

    def _movement_html(self, trans: Any, changes: Any, letters: dict[str, str]) -> str:
        moved, stayed = M.movement(trans)
        moves = "".join(
            f"<li>{esc(t('dilemma.move', source=letters[a], target=letters[b], n=n))}"
            "</li>"
            for a, b, n, is_move in trans.itertuples(index=False)
            if is_move
        )
        rows = "".join(
            f"<tr><th scope='row'>{esc(letter)}. {esc(label)}</th>"
            f"<td>{before}</td><td>{after}</td><td>{change:+d}</td></tr>"
            for letter, label, before, after, change in zip(
                changes["letter"],
                changes["label"],
                changes["before"],
                changes["after"],
                changes["change"],
                strict=True,
            )
        )
        table = (
            f"<table class='kit-dilemma-changes'><caption>{esc(t('dilemma.changes'))}"
            "</caption><thead><tr>"
            f"<th scope='col'>{esc(t('dilemma.chart.option'))}</th>"
            f"<th scope='col'>{esc(t('dilemma.changes.before'))}</th>"
            f"<th scope='col'>{esc(t('dilemma.changes.after'))}</th>"
            f"<th scope='col'>{esc(t('dilemma.changes.change'))}</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>"
        )
        return (
            f"<div class='kit-dilemma-movement'><h4>{esc(t('dilemma.tipping'))}</h4>"
            f"<p>{esc(t('dilemma.movement', moved=moved, total=moved + stayed))}</p>"
            f"{f'<ul>{moves}</ul>' if moves else ''}{table}</div>"
        )

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

    def _show_own(self) -> None:
        if not self._own:
            self.own_list.value = ""
            self.export_link.value = ""
            return
        items = "".join(
            f"<li>{esc(c['title'])} <span class='kit-meta'>"
            f"({esc(t('role.' + str(c.get('role'))))})</span></li>"
            for c in self._own
        )
        self.own_list.value = (
            f"<h4>{esc(t('own.list'))}</h4>"
            f"<ul class='kit-dilemma-own-list'>{items}</ul>"
        )
        encoded = base64.b64encode(self.export_yaml().encode("utf-8")).decode("ascii")
        filename = own_cards.deck_id_for(self.seat.session.code) + ".yaml"
        self.export_link.value = (
            f"<p><a class='kit-dilemma-download' download='{esc(filename)}' "
            f"href='data:application/x-yaml;charset=utf-8;base64,{encoded}'>"
            f"{esc(t('own.download', n=len(self._own)))}</a></p>"
            f"<p class='kit-meta'>{esc(t('own.download.help'))}</p>"
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

    def _on_write_toggle(self, change: dict[str, Any]) -> None:
        if change["new"] and not self.form.children:
            self._build_form()
        show(self.form, bool(change["new"]))

    # --- the own-card form ----------------------------------------------------------

    def _build_form(self) -> None:
        def text(key: str, *, area: bool = False, rows: int = 3) -> W.Widget:
            make = W.Textarea if area else W.Text
            extra = {"rows": rows} if area else {}
            return make(
                description=t(f"own.field.{key}"),
                placeholder=t(f"own.placeholder.{key}"),
                layout=wide(),
                style=LABEL_STYLE,
                **extra,
            )

        self.f_title = text("title")
        self.f_role = W.Dropdown(
            options=[(t(f"role.{r}"), r) for r in ROLES],
            description=t("own.field.role"),
            layout=wide(),
            style=LABEL_STYLE,
        )
        self.f_setting = text("setting", area=True, rows=2)
        self.f_situation = text("situation", area=True, rows=6)
        self.f_values = {
            v.id: W.Checkbox(
                description=v.name,
                value=False,
                indent=False,
                layout=W.Layout(width="15em"),
            )
            for v in self.library.values.values
        }
        values_box = W.VBox(
            [
                W.HTML(
                    f"<p><strong>{esc(t('own.field.values'))}</strong> "
                    f"{esc(t('own.values.help'))}</p>"
                ),
                W.HBox(list(self.f_values.values()), layout=W.Layout(flex_flow="wrap")),
            ]
        )
        self.f_options = [
            (
                W.Text(
                    description=t("own.field.option.label", letter=M.option_letter(i)),
                    placeholder=t("own.placeholder.option"),
                    layout=wide(),
                    style=LABEL_STYLE,
                ),
                W.Textarea(
                    description=t(
                        "own.field.option.rationale", letter=M.option_letter(i)
                    ),
                    placeholder=t("own.placeholder.rationale"),
                    rows=2,
                    layout=wide(),
                    style=LABEL_STYLE,
                ),
            )
            for i in range(own_cards.MAX_OPTIONS)
        ]
        self.f_questions = [
            W.Text(
                description=t("own.field.question", n=i + 1),
                placeholder=t("own.placeholder.question"),
                layout=wide(),
                style=LABEL_STYLE,
            )
            for i in range(own_cards.MAX_QUESTIONS)
        ]
        self.f_note = text("facilitator_note", area=True, rows=2)
        self.f_save = W.Button(description=t("own.save"), button_style="primary")
        self.f_save.on_click(lambda _b: self._write_from_form())
        self.form.children = [
            W.HTML(f"<p>{esc(t('own.form.help'))}</p>"),
            self.f_title,
            self.f_role,
            self.f_setting,
            self.f_situation,
            values_box,
            W.HTML(
                f"<p><strong>{esc(t('own.field.options'))}</strong> "
                f"{esc(t('own.options.help'))}</p>"
            ),
            *[w for pair in self.f_options for w in pair],
            W.HTML(
                f"<p><strong>{esc(t('own.field.questions'))}</strong> "
                f"{esc(t('own.questions.help'))}</p>"
            ),
            *self.f_questions,
            self.f_note,
            self.f_save,
        ]

    def _write_from_form(self) -> None:
        card_id = self.write_card(
            title=self.f_title.value,
            role=self.f_role.value,
            setting=self.f_setting.value,
            situation=self.f_situation.value,
            values=[v for v, box in self.f_values.items() if box.value],
            options=[(a.value, b.value) for a, b in self.f_options],
            questions=[q.value for q in self.f_questions],
            note=self.f_note.value,
        )
        if card_id is None:
            return
        for control in (
            self.f_title,
            self.f_setting,
            self.f_situation,
            self.f_note,
            *self.f_questions,
            *(w for pair in self.f_options for w in pair),
        ):
            control.value = ""
        for box in self.f_values.values():
            box.value = False


def build_dilemma_app(
    seat: Seat, library: Library, deck_id: str = "starter", **options: Any
) -> DilemmaTable:
    """The dilemma-card tool for ``seat``, playing cards from deck ``deck_id``."""
    return DilemmaTable(seat, library, library.deck(deck_id), **options)
