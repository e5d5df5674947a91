"""The interactive tools (ipywidgets). They read and write only through a seat.

Tools load on first use: the start page must not pay for pandas or altair.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "DeckBrowser": "kit.widgets.browser",
    "DilemmaTable": "kit.widgets.dilemma",
    "MessageArea": "kit.widgets.feedback",
    "SeriesCheck": "kit.widgets.series_check",
    "SeriesView": "kit.widgets.series_view",
    "SessionGate": "kit.widgets.gate",
    "StartPanel": "kit.widgets.start",
    "explain": "kit.widgets.feedback",
    "guarded": "kit.widgets.feedback",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kit.widgets' has no attribute {name!r}")
    return getattr(import_module(module), name)
