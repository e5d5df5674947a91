"""Helpers for tests that drive the tools from Python (no browser).

What several widget tests need: who a seat's watcher calls back, a tool's page
text without its SVG charts, and waiting for another kernel's update.
"""

from __future__ import annotations

import re
import time
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
    seat.unwatch = recording_unwatch  # type: ignore[method-assign]  # the same spy
    return log


def without_svg(html: str) -> str:
    """``html`` with inline SVG charts left out (their text is in the labels)."""
    return re.sub(r"<svg.*?</svg>", "", html, flags=re.S)


def wait_until(
    condition: Callable[[], bool], what: str = "the page to update", seconds: float = 10
) -> None:
    """Poll ``condition`` until it holds (another kernel's watcher is at work).

    Raises :class:`AssertionError` naming ``what`` if it never does; the wait
    is a limit, not a measurement (timings belong in benchmarks).
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"waited {seconds:g} s for {what}")
