"""A tool that works on the team's card: Afwegen and Wie raakt het?

Both start from the card the team last played in this session
(:func:`kit.model.activity.last_played_card`), or from a default card when
nothing was played yet, and say which. The facilitator can pick another card;
that choice is stored (``room``/``card``/``focus``), so every participant's page
follows it, and the tool below is rebuilt for the new card.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import ipywidgets as W

from kit.errors import InvalidInput
from kit.locale import t
from kit.model import activity as A
from kit.model import dilemma as D
from kit.model import own_cards
from kit.model.types import Deck, DilemmaCard, Library
from kit.session import Seat
from kit.store import Answer
from kit.widgets.feedback import MessageArea, guarded
from kit.widgets.layout import button, esc, show
from kit.widgets.styles import use_styles

log = logging.getLogger("kit")

#: Builds the tool for one card (e.g. a weighing matrix on that card).
ToolBuilder = Callable[[DilemmaCard], W.Widget]
#: The tool of the previous card is closed this long after the switch: a browser
#: may still be setting up its widgets (in the live room the next activity is
#: built ahead, hidden), and an anywidget closed mid-setup is an error there.
CLOSE_OLD_AFTER_SECONDS = 20.0


def _close_later(tool: W.Widget) -> None:
    timer = threading.Timer(CLOSE_OLD_AFTER_SECONDS, tool.close)
    timer.daemon = True
    timer.start()


def _source_key(card_id: str | None, found: bool, seat: Seat) -> str:
    """The locale key that says where the card on the page comes from."""
    if card_id is None:
        source = "none"
    elif not found:
        source = "unknown"
    else:
        return "focus.played"
    who = "facilitator" if seat.is_facilitator else "participant"
    return f"focus.{source}.{who}"


class CardFocus(W.VBox):
    """The team's card, a picker for the facilitator, and the tool on that card.

    :meth:`choose` makes another card the team's card (facilitator);
    :meth:`refresh` re-reads the store (the watcher calls it when a card is
    played or chosen elsewhere). :attr:`card` is the card the tool works on.
    """

    def __init__(
        self,
        seat: Seat,
        library: Library,
        build: ToolBuilder,
        *,
        deck: str = "starter",
        default_card: str | None = None,
        show_situation: bool = False,
        live: bool = True,
    ):
        use_styles()
        self.seat = seat
        self.deck: Deck = library.deck(deck)
        try:
            self.default = (
                self.deck.card(default_card) if default_card else self.deck.cards[0]
            )
        except KeyError:
            raise InvalidInput("matrix_unknown_card") from None
        self._build = build
        self._show_situation = show_situation
        self._lock = threading.RLock()
        self._closed = False
        self.card: DilemmaCard | None = None
        self.tool: W.Widget | None = None
        self.messages = MessageArea()
        self.status = W.HTML()
        self.situation = W.HTML()
        self.picker = W.Dropdown(description=t("focus.pick"))
        self.picker.layout = W.Layout(width="100%", max_width="46em")
        self.picker.style = {"description_width": "9em"}
        self.apply_button = button(
            t("focus.apply"), self._choose_from_picker, tooltip=t("focus.apply.tooltip")
        )
        picker_box = W.VBox([self.picker, self.apply_button])
        picker_box.add_class("kit-focus-picker")
        show(picker_box, seat.is_facilitator)
        head = W.VBox([self.status, picker_box, self.messages, self.situation])
        head.add_class("kit-focus")
        self.tool_box = W.VBox()
        super().__init__([head, self.tool_box])
        self.add_class("kit-root")
        self.refresh()
        if live:
            seat.watch(self._on_store_change)

    # --- actions ---------------------------------------------------------------------

    @guarded
    def choose(self, card_id: str) -> None:
        """Make ``card_id`` the team's card for this and later tools (facilitator)."""
        cards = self._cards()
        if card_id not in cards:
            raise InvalidInput("matrix_unknown_card")
        self.seat.facilitator_event(A.TOOL, A.CARD, A.FOCUS, A.focus_payload(card_id))
        self.refresh()
        self.messages.ok(t("focus.chosen", title=cards[card_id].title))

    @guarded
    def refresh(self) -> None:
        """Show the card the team last played (or chose), and its tool."""
        with self._lock:
            if self._closed:
                return
            cards = self._cards()
            events = [
                *self.seat.answers(D.TOOL, D.TABLE, D.PLAY),
                *self.seat.answers(A.TOOL, A.CARD, A.FOCUS),
            ]
            card_id = A.last_played_card(events)
            card = cards.get(card_id or "", self.default)
            key = _source_key(card_id, card_id in cards, self.seat)
            self.status.value = (
                "<p class='kit-focus-status' role='status'>"
                f"{esc(t(key, title=card.title))}</p>"
            )
            offered = [
                (t("page.choose"), ""),
                *((c.title, c.id) for c in cards.values()),
            ]
            if [tuple(o) for o in self.picker.options] != offered:
                self.picker.options = offered  # (a pick not applied yet stays)
                self.picker.value = ""
            if self.card is None or card.id != self.card.id:
                self._show_card(card)

    def close(self) -> None:
        """Stop following the room; close the tool too."""
        with self._lock:
            self._closed = True
        self.seat.unwatch(self._on_store_change)
        if self.tool is not None:
            self.tool.close()
        super().close()

    # --- internals -------------------------------------------------------------------

    def _cards(self) -> dict[str, DilemmaCard]:
        """The deck's cards and the team's own cards, by id."""
        cards = {c.id: c for c in self.deck.cards}
        for data in D.own_card_data(self.seat.answers(D.TOOL, kind=D.OWN_CARD)):
            try:
                cards.setdefault(data["id"], own_cards.card_from_data(data))
            except (KeyError, TypeError):  # written by an older kit: skip it
                log.warning("kit: skipping an own card that cannot be read")
        return cards

    def _show_card(self, card: DilemmaCard) -> None:
        old, self.card = self.tool, card
        self.messages.clear()
        self.picker.value = ""
        self.situation.value = (
            f"<details><summary>{esc(t('focus.situation'))}</summary>"
            f"<p>{esc(card.situation)}</p></details>"
            if self._show_situation
            else ""
        )
        self.tool = self._build(card)
        self.tool_box.children = (self.tool,)
        if old is not None:
            _close_later(old)

    def _choose_from_picker(self) -> None:
        if not self.picker.value:
            self.messages.info(t("focus.pick_first"))
            return
        self.choose(self.picker.value)

    def _on_store_change(self, fresh: list[Answer]) -> None:
        """Watcher callback (background thread): a card played or chosen elsewhere."""
        kinds = {(D.TOOL, D.PLAY), (A.TOOL, A.FOCUS), (D.TOOL, D.OWN_CARD)}
        news = any((a.tool, a.kind) in kinds for a in fresh)
        if news and not self._closed:
            try:
                self.refresh()
            except Exception:  # the watcher must keep running for the other tools
                log.exception("kit: following the team's card failed")


def matrix_on_team_card(
    seat: Seat,
    library: Library,
    *,
    default_card: str | None = None,
    deck: str = "starter",
    live: bool = True,
    **options: Any,
) -> CardFocus:
    """Afwegen on the team's card: one matrix per card (its id is the subject).

    ``options`` go to :class:`~kit.widgets.matrix.MatrixApp` (``values``,
    ``options``).
    """
    from kit.widgets.matrix import MatrixApp

    def build(card: DilemmaCard) -> W.Widget:
        return MatrixApp(
            seat, library, subject=card.id, card=card, live=live, **options
        )

    return CardFocus(
        seat, library, build, deck=deck, default_card=default_card, live=live
    )


def map_on_team_card(
    seat: Seat,
    library: Library,
    template: str | None = None,
    *,
    default_card: str | None = None,
    deck: str = "starter",
    live: bool = True,
    **options: Any,
) -> CardFocus:
    """Wie raakt het? on the team's card: one proximity map per card.

    A map not started yet starts from the stakeholder template that fits the
    card (:func:`kit.model.activity.template_for_card`), else from ``template``
    (facilitator); ``options`` go to :class:`~kit.widgets.proximity.ProximityMap`
    (e.g. ``show_map``).
    """
    from kit.widgets.proximity import ProximityMap

    known = [found.id for found in library.templates]

    def build(card: DilemmaCard) -> W.Widget:
        fits = A.template_for_card(card.role, card.domain, known) or template
        return ProximityMap(
            seat, library, template=fits, subject=card.id, live=live, **options
        )

    return CardFocus(
        seat,
        library,
        build,
        deck=deck,
        default_card=default_card,
        show_situation=True,
        live=live,
    )
