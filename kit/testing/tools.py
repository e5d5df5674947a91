"""Helpers for tests that drive the tools from Python (no browser).

What several widget tests need: who a seat's watcher calls back, and a tool's
page text without its SVG charts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kit.session import Seat

Callback = Callable[[list[Any]], None]


@dataclass
class WatchLog:
    """The callbacks a seat's watcher calls now, as seen through :func:`watch_log`."""

    active: list[Callback] = field(default_factory=list)


def watch_log(seat: Seat) -> WatchLog:
    """Record what subscribes to and unsubscribes from ``seat``'s watcher.

    The seat keeps working as before; only this seat instance is wrapped.
    """
    log = WatchLog()
    watch, unwatch = seat.watch, seat.unwatch

    def recording_watch(callback: Callback) -> None:
        log.active.append(callback)
        watch(callback)

    def recording_unwatch(callback: Callback) -> None:
        if callback in log.active:
            log.active.remove(callback)
        unwatch(callback)

    seat.watch = recording_watch  # type: ignore[method-assign]  # a test spy
    seat.unwatch = recording_unwatch  # type: ignore[method-assign]
    return log


def without_svg(html: str) -> str:
    """``html`` with inline SVG charts left out (their text is in the labels)."""
    return re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
