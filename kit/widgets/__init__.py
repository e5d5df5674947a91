"""The interactive tools (ipywidgets). They read and write only through a store."""

from kit.widgets.browser import DeckBrowser
from kit.widgets.feedback import MessageArea, explain, guarded

__all__ = ["DeckBrowser", "MessageArea", "explain", "guarded"]
