"""The stage of the session page: each activity's tool, built once and kept.

:func:`tool_builders` says how each tool of the programme is built for a seat;
:class:`Stage` shows one of them and builds the next one in the background, so
a switch of activity only shows what is already built.

The matrix and the map work on the team's card (:mod:`kit.widgets.card_focus`):
the card played last, with a picker for the facilitator; they follow a new card
themselves, so a tool is built once here and kept.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from typing import Any

import ipywidgets as W

from kit.model.activity import Activity
from kit.session import Seat
from kit.widgets.feedback import MessageArea, explain
from kit.widgets.layout import show
from kit.widgets.welcome import WelcomeView

log = logging.getLogger("kit")

Builder = Callable[[Seat, Activity], W.Widget]


# --- building tools ---------------------------------------------------------------


def tool_builders(
    library: Callable[[], Any], *, beamer: bool = False
) -> dict[str, Builder]:
    """How each tool of the programme is built for a seat.

    ``library`` is called on first use (content is loaded once per kernel).
    ``beamer``: build for the room view (e.g. the proximity map is drawn).
    """

    def cards(seat: Seat, act: Activity) -> W.Widget:
        from kit.widgets.dilemma import build_dilemma_app

        return build_dilemma_app(
            seat, library(), str(act.options.get("deck", "starter"))
        )

    def proximity(seat: Seat, act: Activity) -> W.Widget:
        from kit.widgets.card_focus import map_on_team_card

        options = dict(act.options)
        template = options.pop("template", None)
        if beamer:
            options["show_map"] = True
        return map_on_team_card(
            seat, library(), template, default_card=options.pop("card", None), **options
        )

    def matrix(seat: Seat, act: Activity) -> W.Widget:
        from kit.widgets.card_focus import matrix_on_team_card

        options = dict(act.options)
        return matrix_on_team_card(
            seat, library(), default_card=options.pop("card", None), **options
        )

    def speaking(seat: Seat, act: Activity) -> W.Widget:
        from kit.widgets.speaking import build_speaking_up_app

        return build_speaking_up_app(seat, library(), **dict(act.options))

    def lookback(seat: Seat, act: Activity) -> W.Widget:
        from kit.widgets.lookback import build_lookback_app

        return build_lookback_app(seat, library(), start_page="sessie.ipynb")

    def welcome(seat: Seat, _act: Activity) -> W.Widget:
        return WelcomeView(seat)

    builders: dict[str, Builder] = {
        "welcome": welcome,
        "cards": cards,
        "map": proximity,
        "matrix": matrix,
        "speaking": speaking,
        "lookback": lookback,
    }
    if beamer:  # no answer forms there: show what the room is answering
        from kit.widgets.beamer import with_question

        for name in ("matrix", "speaking"):
            builders[name] = with_question(builders[name], library)
    return builders


def warm_up(library: Callable[[], Any], delay: float = 0.0) -> threading.Thread:
    """Import the tools and load the content in the background after ``delay``.

    In a preheated kernel this runs before anyone opens the page; in a cold one
    it waits a moment, so the join form is not slowed down by it. Either way the
    first switch to a tool does not pay for the imports.
    """

    def run() -> None:
        time.sleep(delay)
        try:
            library()
            import kit.widgets.dilemma
            import kit.widgets.lookback
            import kit.widgets.matrix
            import kit.widgets.proximity
            import kit.widgets.speaking  # noqa: F401
        except Exception:  # the tools then load on first use, and say why there
            log.exception("kit: warming up the room page failed")

    thread = threading.Thread(target=run, name="kit-warm-up", daemon=True)
    thread.start()
    return thread


class Stage(W.VBox):
    """Shows one activity's tool; builds each tool once, keeps it for later.

    Every built tool stays on the page, in a slot of its own, and all but the
    shown one are hidden: the browser draws a tool once, when it is built in
    the background, and a switch only changes which slot is visible (two small
    messages) instead of drawing the whole tool again on every screen.

    A tool is built outside the stage's lock: while one tool is built in the
    background, a switch to another (built) tool is not held up; a switch to
    the tool being built waits for that build instead of starting a second.
    """

    def __init__(self, seat: Seat, builders: Mapping[str, Builder]):
        self.seat = seat
        self.builders = builders
        self.tools: dict[str, W.Widget] = {}
        self._slots: dict[str, W.VBox] = {}
        self.current: Activity | None = None
        self._building: dict[str, Future[W.Widget]] = {}
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._plan = 0  # the newest prepare_in_turn call's number
        self._closed = False
        super().__init__([])
        self.add_class("kit-stage")

    def show(self, activity: Activity | None) -> W.Widget | None:
        """Show ``activity``'s tool (built now if it is new); ``None``: nothing."""
        tool = None if activity is None else self._tool(activity)
        with self._lock:
            if self._closed:
                return None
            shown = None if activity is None else activity.id
            for activity_id, slot in self._slots.items():  # never two at once
                if activity_id != shown:
                    show(slot, False)
            if shown in self._slots:
                show(self._slots[shown], True)
            self.current = activity
            return tool

    @property
    def shown(self) -> W.Widget | None:
        """The tool on screen now (``None`` before the first activity)."""
        return None if self.current is None else self.tools.get(self.current.id)

    def prepare(self, activity: Activity) -> None:
        """Build ``activity``'s tool now, without showing it (nobody waits)."""
        if not self._closed:
            self._tool(activity)

    def _tool(self, activity: Activity) -> W.Widget:
        """The tool of ``activity``: built, being built (then waited for), or
        built now by this thread."""
        with self._lock:
            built = self.tools.get(activity.id)
            if built is not None:
                return built
            pending = self._building.get(activity.id)
            mine = pending is None
            if pending is None:
                pending = self._building[activity.id] = Future()
        if not mine:
            return pending.result()
        try:
            tool = self._build(activity)  # a failure is a message, not an error
        except BaseException as exc:  # e.g. interrupted: nobody waits forever
            with self._lock:
                del self._building[activity.id]
            pending.set_exception(exc)
            raise
        with self._lock:
            if self._closed:
                tool.close()
            else:
                self.tools[activity.id] = tool
                self._add_slot(activity.id, tool)
            del self._building[activity.id]
        pending.set_result(tool)
        return tool

    def _add_slot(self, activity_id: str, tool: W.Widget) -> None:
        """Put a new tool on the page, hidden until :meth:`show` shows it."""
        slot = W.VBox([tool], layout=W.Layout(display="none"))
        slot.add_class("kit-stage-slot")
        self._slots[activity_id] = slot
        self.children = list(self._slots.values())

    def prepare_in_turn(
        self, activities: Sequence[Activity], delay: float, step: float
    ) -> None:
        """Build ``activities``' tools one after another, in the background.

        Between two activities the room talks for minutes; building the next
        tools then makes the facilitator's next switch only a matter of showing.
        The first waits ``delay`` seconds, each next one ``step`` seconds after
        the last is built, so this work stays out of the moment of a switch and
        the next activity never waits for a later one. A newer call (the next
        switch) takes over: this one stops after the tool it is building.
        """
        with self._lock:
            self._plan += 1
            plan = self._plan
        todo = [a for a in activities if a.id not in self.tools]
        if not todo:
            return

        def current() -> bool:
            return self._plan == plan and not self._stop.is_set()

        def run() -> None:
            wait = delay
            for activity in todo:
                if self._stop.wait(wait) or not current():
                    return
                try:
                    self.prepare(activity)
                except Exception:  # built on first use then, with its message
                    log.exception("kit: preparing activity %s failed", activity.id)
                wait = step

        threading.Thread(target=run, name="kit-prepare", daemon=True).start()

    def _build(self, activity: Activity) -> W.Widget:
        try:
            return self.builders[activity.tool](self.seat, activity)
        except Exception as exc:  # a Dutch sentence here, the traceback in the log
            log.exception("kit: building activity %s failed", activity.id)
            area = MessageArea()
            area.error(explain(exc))
            return area

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            self._closed = True
            for tool in self.tools.values():
                tool.close()
            for slot in self._slots.values():
                slot.close()
            self.tools.clear()
            self._slots.clear()
        super().close()
