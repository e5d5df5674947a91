"""The stage of the session page: each activity's tool, built once and kept.

:func:`tool_builders` says how each tool of the programme is built for a seat;
:class:`Stage` shows one of them and builds the next one in the background, so
a switch of activity only shows what is already built.

The matrix and the map follow the session: they start from the card the team
played last (:func:`follow_played_card`); when another card is played, the
next time the activity opens its tool is built anew for that card.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import ipywidgets as W

from kit.locale import t
from kit.model import activity as A
from kit.model.activity import Activity
from kit.session import Seat
from kit.widgets.feedback import MessageArea, explain
from kit.widgets.layout import Closing, html_widget, para
from kit.widgets.welcome import WelcomeView

log = logging.getLogger("kit")

Builder = Callable[[Seat, Activity], W.Widget]
Resolver = Callable[[Seat, Activity], Activity]


class Builders(dict[str, Builder]):
    """How each tool is built, and how an activity's options follow the session."""

    def __init__(self, builders: Mapping[str, Builder], resolve: Resolver):
        super().__init__(builders)
        self.resolve = resolve


def follow_played_card(seat: Seat, library: Any, activity: Activity) -> Activity:
    """``activity`` with the card the team played last, for the matrix and the map.

    The matrix weighs that card's options (its own matrix per card); the map is
    about that card (its own map per card, from the stakeholder template that
    fits it, else the programme's). Before any card is played, or for a card
    outside the deck (a team's own card), the programme's options stay.
    """
    if activity.tool not in ("matrix", "map"):
        return activity
    played = A.last_played_card(seat.answers("dilemma", "_table", "play"))
    try:
        card = library.deck(str(activity.options.get("deck", "starter"))).card(played)
    except KeyError:
        return activity
    options = dict(activity.options)
    if activity.tool == "matrix":
        options["card"] = card.id
    else:
        known = [template.id for template in library.templates]
        fits = A.template_for_card(card.role, card.domain, known)
        # No template fits: the programme's, so the room has a list to place.
        options.update(
            subject=card.id, about=card.id, template=fits or options.get("template")
        )
    return replace(activity, options=options)


# --- building tools ---------------------------------------------------------------


def tool_builders(library: Callable[[], Any], *, beamer: bool = False) -> Builders:
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
        from kit.widgets.proximity import build_proximity_app

        options = dict(act.options)
        template = options.pop("template", None)
        about = options.pop("about", None)
        if beamer:
            options["show_map"] = True
        tool = build_proximity_app(seat, library(), template, **options)
        if not about:
            return tool
        deck = library().deck(str(options.get("deck", "starter")))
        return with_card_line(tool, deck.card(str(about)).title)

    def matrix(seat: Seat, act: Activity) -> W.Widget:
        from kit.widgets.matrix import build_matrix_app

        return build_matrix_app(seat, library(), **dict(act.options))

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
    return Builders(
        builders, lambda seat, act: follow_played_card(seat, library(), act)
    )


def with_card_line(tool: W.Widget, title: str) -> W.Widget:
    """``tool`` under a line that names the card it is about."""
    line = html_widget(para(t("room.about_card", title=title)), "kit-room-about")
    return Closing([line, tool])


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
    """Shows one activity's tool; builds each tool once, keeps it for later."""

    def __init__(self, seat: Seat, builders: Mapping[str, Builder]):
        self.seat = seat
        self.builders = builders
        self.tools: dict[str, W.Widget] = {}
        self._built_for: dict[str, Activity] = {}
        self.current: Activity | None = None
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._closed = False
        super().__init__([])
        self.add_class("kit-stage")

    def show(self, activity: Activity | None) -> W.Widget | None:
        """Show ``activity``'s tool (built now if it is new); ``None``: nothing.

        A tool built for other options (the matrix of the card played before)
        is closed and built again for the options the session asks now.
        """
        with self._lock:
            if activity is None:
                self.children = []
                self.current = None
                return None
            tool = self._ready(activity)
            self.children = [tool]
            self.current = activity
            return tool

    def prepare(self, activity: Activity) -> None:
        """Build ``activity``'s tool now, without showing it (nobody waits)."""
        with self._lock:
            shown = self.current is not None and self.current.id == activity.id
            if not self._closed and not shown:
                self._ready(activity)

    def _ready(self, activity: Activity) -> W.Widget:
        """The tool for ``activity`` as the session asks it now (under the lock)."""
        resolved = self._resolve(activity)
        tool = self.tools.get(activity.id)
        if tool is not None and self._built_for.get(activity.id) == resolved:
            return tool
        if tool is not None:
            tool.close()
        tool = self.tools[activity.id] = self._build(resolved)
        self._built_for[activity.id] = resolved
        return tool

    def _resolve(self, activity: Activity) -> Activity:
        if not isinstance(self.builders, Builders):
            return activity
        try:
            return self.builders.resolve(self.seat, activity)
        except Exception:  # the programme's own options then
            log.exception("kit: following the session for %s failed", activity.id)
            return activity

    def prepare_later(self, activity: Activity | None, delay: float) -> None:
        """Build ``activity``'s tool in the background after ``delay`` seconds.

        Between two activities the room talks for minutes; building the next
        tool then makes the facilitator's next switch only a matter of showing.
        The delay keeps this work out of the moment of a switch.
        """
        if activity is None:
            return

        def run() -> None:
            if not self._stop.wait(delay):
                try:
                    self.prepare(activity)
                except Exception:  # built on first use then, with its message
                    log.exception("kit: preparing activity %s failed", activity.id)

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
            self.tools.clear()
        super().close()
