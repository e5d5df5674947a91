"""One function per workshop tool: what a workshop notebook calls.

Each returns a ready widget built from the kit's content and store. If the
content or the store cannot be used, it returns a widget with a Dutch message
instead of raising, so a Voilà page never shows a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as W

from kit.locale import t

log = logging.getLogger("kit")


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


def browse_cards(
    deck: str = "starter", data_dir: str | None = None, **options: Any
) -> W.Widget:
    """The deck browser: filter, search and draw cards from ``deck``."""

    def build() -> W.Widget:
        from kit.model import load_library
        from kit.widgets.browser import DeckBrowser

        library = load_library(data_dir)
        return DeckBrowser(library.deck(deck), library, **options)

    return _safely(build)


def heading(key: str) -> W.HTML:
    """A translated heading, for notebooks that want one from the catalogue."""
    from kit.widgets.feedback import esc

    return W.HTML(f"<h2>{esc(t(key))}</h2>")
