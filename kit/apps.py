"""One function per workshop tool: what a workshop notebook calls.

Each returns a ready widget built from the kit's content and the current seat.
If content or store cannot be used, it returns a widget with a Dutch message
instead of raising, so a Voilà page never shows a traceback.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as W

from kit.locale import t

if TYPE_CHECKING:
    from kit.model.types import Library
    from kit.session import Seat
    from kit.store import Store
    from kit.widgets.gate import SessionGate

log = logging.getLogger("kit")

# One seat and one store per kernel: the page's gate resolves the seat once and
# every tool on the page shares it.
_seat: Seat | None = None
_open_store: Store | None = None


def _safely(build: Callable[[], W.Widget]) -> W.Widget:
    from kit.widgets.feedback import MessageArea, explain

    try:
        return build()
    except Exception as exc:  # shown as a sentence, logged in full on the server
        log.exception("kit: building a workshop tool failed")
        area = MessageArea()
        area.error(explain(exc))
        box = W.VBox([area])
        box.add_class("kit-root")
        return box


def _store() -> Store:
    """This kernel's store (``$KIT_DATABASE_URL`` or the default SQLite file)."""
    global _open_store
    if _open_store is None:
        from kit.store import open_store

        _open_store = open_store()
    return _open_store


def current_seat() -> Seat:
    """The seat the page's gate resolved; a one-screen seat if there is none yet."""
    global _seat
    if _seat is None:
        from kit.session import one_screen_seat

        _seat = one_screen_seat(_store(), t("session.one_screen_title"))
    return _seat


def _remember(seat: Seat) -> None:
    global _seat
    _seat = seat


def _gated(
    build_tool: Callable[[Seat, SessionGate], W.Widget],
    *,
    auto_one_screen: bool = False,
) -> W.Widget:
    """Wrap a tool in the session gate: ``build_tool(seat, gate)`` runs once the
    seat is known."""
    from kit.widgets.gate import SessionGate

    return SessionGate(
        _store(),
        build_tool,
        auto_one_screen=auto_one_screen,
        on_seat=_remember,
    )


def start() -> W.Widget:
    """The start page: join with a code, start a room session, or one screen."""

    def build() -> W.Widget:
        from kit.widgets.start import StartPanel

        return _gated(
            lambda seat, gate: StartPanel(seat, gate.page_url), auto_one_screen=False
        )

    return _safely(build)


def series(data_dir: str | None = None) -> W.Widget:
    """Reeks: a team's series, opened with the team key (no session needed)."""

    def build() -> W.Widget:
        from kit.widgets.series_view import SeriesView

        return SeriesView(_store(), _library(data_dir))

    return _safely(build)


def _library(data_dir: str | None) -> Library:
    from kit.model import load_library

    return load_library(data_dir)


def browse_cards(
    deck: str = "starter", data_dir: str | None = None, **options: Any
) -> W.Widget:
    """The deck browser: filter, search and draw cards from ``deck``."""

    def build() -> W.Widget:
        from kit.widgets.browser import DeckBrowser

        library = _library(data_dir)
        return DeckBrowser(library.deck(deck), library, **options)

    return _safely(build)


def play_cards(
    deck: str = "starter", data_dir: str | None = None, **options: Any
) -> W.Widget:
    """Dilemma cards played by the room: choose, reveal, discuss, close."""

    def build() -> W.Widget:
        from kit.widgets.dilemma import build_dilemma_app

        library = _library(data_dir)
        return _gated(
            lambda seat, _gate: build_dilemma_app(seat, library, deck, **options)
        )

    return _safely(build)


def weigh(
    card: str | None = None,
    data_dir: str | None = None,
    *,
    default_card: str | None = None,
    **options: Any,
) -> W.Widget:
    """The afwegingsmatrix: options × public values, weighed together.

    Without ``card`` the matrix is on the card the team last played in the
    session (``default_card`` before any), with a picker for the facilitator;
    ``card`` fixes one card and shows no picker.
    """

    def build() -> W.Widget:
        from kit.widgets.card_focus import matrix_on_team_card
        from kit.widgets.matrix import build_matrix_app

        library = _library(data_dir)
        if card or options.get("subject"):
            return _gated(
                lambda seat, _gate: build_matrix_app(
                    seat, library, card=card, **options
                )
            )
        return _gated(
            lambda seat, _gate: matrix_on_team_card(
                seat, library, default_card=default_card, **options
            )
        )

    return _safely(build)


def proximity_map(
    template: str | None = None,
    data_dir: str | None = None,
    *,
    default_card: str | None = None,
    **options: Any,
) -> W.Widget:
    """The stakeholder-nabijheidskaart: who is affected, how close are we.

    One map per card: the card the team last played in the session
    (``default_card`` before any), with a picker for the facilitator. A given
    ``subject`` opens that one map instead, without a card.
    """

    def build() -> W.Widget:
        from kit.widgets.card_focus import map_on_team_card
        from kit.widgets.proximity import build_proximity_app

        library = _library(data_dir)
        if options.get("subject"):
            return _gated(
                lambda seat, _gate: build_proximity_app(
                    seat, library, template, **options
                )
            )
        return _gated(
            lambda seat, _gate: map_on_team_card(
                seat, library, template, default_card=default_card, **options
            )
        )

    return _safely(build)


def speak_up(data_dir: str | None = None, **options: Any) -> W.Widget:
    """Speaking up: self-scan of blocking beliefs, the shared dilemma, the palette."""

    def build() -> W.Widget:
        from kit.widgets.speaking import build_speaking_up_app

        library = _library(data_dir)
        return _gated(
            lambda seat, _gate: build_speaking_up_app(seat, library, **options)
        )

    return _safely(build)


def lookback(data_dir: str | None = None, **options: Any) -> W.Widget:
    """Terugblik: what we take along, and the session report to download."""

    def build() -> W.Widget:
        from kit.widgets.lookback import build_lookback_app

        library = _library(data_dir)
        return _gated(lambda seat, _gate: build_lookback_app(seat, library, **options))

    return _safely(build)


def room(data_dir: str | None = None) -> W.Widget:
    """One page for the whole session: join once, then follow the facilitator.

    Participants see the activity the facilitator opened; the facilitator sees
    the control view; ``?view=zaal`` shows the room view for the beamer.
    """

    def build() -> W.Widget:
        from kit.widgets.room import RoomGate
        from kit.widgets.stage import warm_up

        loaded: list[Any] = []
        lock = threading.Lock()

        def library() -> Any:
            with lock:
                if not loaded:
                    loaded.append(_library(data_dir))
                return loaded[0]

        # Voilà marks the kernels it preheats for its pool; a cold page first
        # shows its join form, then warms up.
        preheated = os.environ.get("VOILA_PREHEAT") == "True"
        warm_up(library, delay=0.0 if preheated else 5.0)
        return RoomGate(_store(), library, on_seat=_remember)

    return _safely(build)
