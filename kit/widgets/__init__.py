"""The interactive tools (ipywidgets). They read and write only through a seat.

Tools load on first use: the start page must not pay for pandas or altair.

Every tool has the same shape, and a new one should too:

- ``kit/model/<tool>.py`` owns the tool's events: command functions that check
  what a person gave and return the payload to store, and folds that read the
  events back into one frozen result (e.g. :class:`kit.model.dilemma.RoundResult`);
  phases use the one dialect of :mod:`kit.model.phases`.
- ``kit/report/sections_<tool>.py`` presents that result as a document section,
  once: the session report and the tool's results pane both show it (the pane
  through :func:`kit.widgets.document_view.section_html`).
- ``kit/widgets/<tool>.py`` holds the controls, one method per action and the
  layout, on :class:`kit.widgets.live.LiveTool` (lock, closed state, watcher,
  figure cache, messages); small helpers are in :mod:`kit.widgets.layout`.
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
