"""The base of every tool that follows the room: lock, watcher, figures, messages.

A live tool re-reads the store when another kernel adds something. The seat's
watcher calls back on its own thread, so a tool holds a lock while it refreshes,
stops reacting once closed, and unsubscribes from the watcher when it closes (a
closed widget must not keep a reference alive in a long-running kernel). Charts
are drawn only when their data changed: SVG rendering is the slow part.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Concatenate, ParamSpec, Protocol, TypeVar

import ipywidgets as W

from kit.session import Seat
from kit.store import Answer
from kit.widgets.feedback import MessageArea, visible_html

log = logging.getLogger("kit")
F = TypeVar("F", bound=Callable[..., Any])
_FIRST = object()  # no phase shown yet


class Figure(Protocol):
    """What a chart function returns (:class:`kit.charts.render.ChartFigure`)."""

    def to_html(self) -> str: ...


P = ParamSpec("P")
R = TypeVar("R")
Tool = TypeVar("Tool", bound="LiveTool")


def locked(
    method: Callable[Concatenate[Tool, P], R],
) -> Callable[Concatenate[Tool, P], R]:
    """Run a method under the tool's lock (the watcher thread also refreshes)."""

    def wrapper(self: Tool, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._lock:
            return method(self, *args, **kwargs)

    functools.update_wrapper(wrapper, method)
    return wrapper


class FigureCache:
    """Rendered charts by name, redrawn only when their key (data) changes."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[object, str]] = {}

    def html(self, name: str, key: object, build: Callable[[], Figure]) -> str:
        cached = self._cache.get(name)
        if cached is not None and cached[0] == key:
            return cached[1]
        html = build().to_html()
        self._cache[name] = (key, html)
        return html

    def clear(self) -> None:
        self._cache.clear()


class LiveTool(W.VBox):
    """A tool on one seat that follows what the rest of the room stores.

    A subclass sets its own state, builds its parts (``self.messages`` is there
    from the start), then calls :meth:`_mount` with its children. It implements
    :meth:`refresh`, and may narrow :meth:`_concerns` (which new answers are
    news for it; by default any answer of :attr:`tool`).
    """

    #: The ``tool`` of the answers this widget shows.
    tool: ClassVar[str] = ""

    def __init__(self, seat: Seat) -> None:
        self.seat = seat
        self.messages = MessageArea()
        self.figures = FigureCache()
        self._lock = threading.RLock()
        self._closed = False
        self._watching = False
        self._phase_key: object = _FIRST

    def _mount(
        self, children: Iterable[W.Widget], *classes: str, live: bool = True
    ) -> None:
        """Show ``children``, read the store once, and follow the room if ``live``."""
        super().__init__(list(children))
        for name in ("kit-root", *classes):
            self.add_class(name)
        self.refresh()
        if live:
            self._watch()

    def _watch(self) -> None:
        if not self._watching and not self._closed:
            self.seat.watch(self._on_store_change)
            self._watching = True

    # --- what a subclass provides ---------------------------------------------------

    def refresh(self) -> None:
        """Re-read the store and show what this seat may see now."""
        raise NotImplementedError

    def _concerns(self, fresh: list[Answer]) -> bool:
        """Whether ``fresh`` answers change what this tool shows."""
        return any(a.tool == self.tool for a in fresh)

    # --- shared behaviour ------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def lock(self) -> threading.RLock:
        """Held by every refresh; parts of a tool take it for their own reads."""
        return self._lock

    @property
    def watching(self) -> bool:
        """Whether the seat's watcher calls this tool back."""
        return self._watching

    def enter_phase(self, key: object) -> bool:
        """Note the phase (or round) shown now; a new one clears the messages.

        A message belongs to the phase in which its button was pressed: "Je
        keuze is bewaard" from round 1 must not stand in round 2. Returns
        whether the phase changed. The first phase a tool shows clears nothing.
        """
        if key == self._phase_key:
            return False
        first = self._phase_key is _FIRST
        self._phase_key = key
        if not first:
            self.messages.clear()
        return True

    def page_html(self) -> str:
        """The HTML this seat sees right now (visible parts only), for tests."""
        return visible_html(self)

    def close(self) -> None:
        """Stop following the room and close the widget.

        Also called by ipywidgets when a half-built tool (its constructor
        refused the options) is collected, so it assumes nothing was set up.
        """
        self._closed = True
        if getattr(self, "_watching", False):
            self.seat.unwatch(self._on_store_change)
            self._watching = False
        super().close()

    def _on_store_change(self, fresh: list[Answer]) -> None:
        """Watcher callback (background thread): refresh when it is news here."""
        if self._closed:
            return
        try:
            if self._concerns(fresh):
                self.refresh()
        except Exception:  # the watcher must keep running for the other tools
            log.exception("kit: %s refresh failed", type(self).__name__)
