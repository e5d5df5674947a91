"""Every live tool follows the room through the seat's watcher, and lets go on close."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kit.session import Seat
from kit.testing.tools import watch_log
from kit.widgets.dilemma import build_dilemma_app
from kit.widgets.live import LiveTool
from kit.widgets.lookback import build_lookback_app
from kit.widgets.matrix import build_matrix_app
from kit.widgets.proximity import build_proximity_app
from kit.widgets.speaking import build_speaking_up_app
from kit.widgets.start import StartPanel

BUILDERS: dict[str, Callable[[Seat, Any], LiveTool]] = {
    "dilemma": lambda seat, library: build_dilemma_app(seat, library),
    "matrix": lambda seat, library: build_matrix_app(seat, library),
    "proximity": lambda seat, library: build_proximity_app(seat, library),
    "speaking": lambda seat, library: build_speaking_up_app(seat, library),
    "lookback": lambda seat, library: build_lookback_app(seat, library),
    "start": lambda seat, _library: StartPanel(seat),
}


@pytest.mark.parametrize("tool", sorted(BUILDERS))
def test_close_stops_the_watcher_calling_the_tool(tool, room, library):
    facilitator, join = room
    for seat in (facilitator, join("Anne")):
        log = watch_log(seat)
        widget = BUILDERS[tool](seat, library)
        assert len(log.active) == 1  # follows the room
        assert widget.watching

        widget.close()

        assert log.active == []  # nothing left that points at the closed widget
        assert not widget.watching
        widget.close()  # closing twice is harmless


@pytest.mark.parametrize("tool", sorted(BUILDERS))
def test_a_closed_tool_ignores_late_news(tool, room, library, monkeypatch):
    facilitator, join = room
    widget = BUILDERS[tool](join("Bram"), library)
    widget.close()
    calls = []
    monkeypatch.setattr(widget, "refresh", lambda: calls.append(1))
    widget._on_store_change([])  # what a watcher thread still under way would do
    facilitator.facilitator_event(widget.tool or "session", "x", "phase", {})
    widget._on_store_change(facilitator.answers(widget.tool or "session"))
    assert calls == []
