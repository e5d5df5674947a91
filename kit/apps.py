"""One function per workshop tool: what a workshop notebook calls.

Each returns a ready widget built from the kit's content and the current seat.
If content or store cannot be used, it returns a widget with a Dutch message
instead of raising, so a Voilà page never shows a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as W

from kit.locale import t

log = logging.getLogger("kit")

_seat: Any = None


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


def current_seat() -> Any:
    """This kernel's seat; a one-screen session until someone joins a room."""
    global _seat
    if _seat is None:
        from kit.session import one_screen_seat
        from kit.store import open_store

        _seat = one_screen_seat(open_store(), t("session.one_screen_title"))
    return _seat


def use_seat(seat: Any) -> None:
    """Make ``seat`` the one every tool on this page uses."""
    global _seat
    _seat = seat


def _library(data_dir: str | None) -> Any:
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

        return build_dilemma_app(current_seat(), _library(data_dir), deck, **options)

    return _safely(build)


def weigh(data_dir: str | None = None, **options: Any) -> W.Widget:
    """The afwegingsmatrix: options × public values, weighed together."""

    def build() -> W.Widget:
        from kit.widgets.matrix import build_matrix_app

        return build_matrix_app(current_seat(), _library(data_dir), **options)

    return _safely(build)


def proximity_map(
    template: str | None = None, data_dir: str | None = None, **options: Any
) -> W.Widget:
    """The stakeholder-nabijheidskaart: who is affected, how close are we."""

    def build() -> W.Widget:
        from kit.widgets.proximity import build_proximity_app

        return build_proximity_app(
            current_seat(), _library(data_dir), template, **options
        )

    return _safely(build)


def speak_up(data_dir: str | None = None, **options: Any) -> W.Widget:
    """Speaking up: self-scan of blocking beliefs, the shared dilemma, the palette."""

    def build() -> W.Widget:
        from kit.widgets.speaking import build_speaking_up_app

        return build_speaking_up_app(current_seat(), _library(data_dir), **options)

    return _safely(build)
