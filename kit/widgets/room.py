"""One live room: a participant page that follows the facilitator, and the
facilitator's control view and room view (beamer).

A participant joins once (code + pseudonym, through the session gate) and stays
on this page and this kernel. The facilitator opens an activity from the
programme (:mod:`kit.model.activity`); the event reaches every kernel through
the seat's watcher, and each page swaps the tool it shows. Tools are built the
first time their activity opens and then kept: they follow the store while
hidden, so a later switch only shows what is built.

Three views on one page (``workshops/sessie.ipynb``):

* :class:`ParticipantRoom` — the active tool for a participant, nothing else;
* :class:`ControlRoom` — the facilitator's laptop: programme, who is in, the
  active tool with its controls (phases, hand tally), "Beheer" (export, delete);
* :class:`BeamerRoom` — the room view (``?view=zaal``): only what the room
  should see, in large type, read through a seat without secret or pseudonym.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import parse_qs

import ipywidgets as W

from kit.locale import t
from kit.model import activity as A
from kit.model import opgave as O
from kit.model.activity import Activity
from kit.session import Seat
from kit.store import Answer, Store
from kit.widgets.feedback import MessageArea, esc, explain, guarded
from kit.widgets.gate import SessionGate
from kit.widgets.live import LiveTool, locked

log = logging.getLogger("kit")

#: ``?view=zaal`` opens the room view (beamer) of the facilitator's session.
ROOM_VIEW = "zaal"
#: The next activity's tool is built this long after a switch, spread over
#: another few seconds per kernel (see :meth:`Stage.prepare_later`).
PREPARE_AFTER_SECONDS = 4.0
PREPARE_SPREAD_SECONDS = 6.0

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
        from kit.widgets.proximity import build_proximity_app

        options = dict(act.options)
        template = options.pop("template", None)
        if beamer:
            options["show_map"] = True
        return build_proximity_app(seat, library(), template, **options)

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
    """Shows one activity's tool; builds each tool once, keeps it for later."""

    def __init__(self, seat: Seat, builders: Mapping[str, Builder]):
        self.seat = seat
        self.builders = builders
        self.tools: dict[str, W.Widget] = {}
        self.current: Activity | None = None
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._closed = False
        super().__init__([])
        self.add_class("kit-stage")

    def show(self, activity: Activity | None) -> W.Widget | None:
        """Show ``activity``'s tool (built now if it is new); ``None``: nothing."""
        with self._lock:
            if activity is None:
                self.children = []
                self.current = None
                return None
            tool = self.tools.get(activity.id)
            if tool is None:
                tool = self._build(activity)
                self.tools[activity.id] = tool
            self.children = [tool]
            self.current = activity
            return tool

    def prepare(self, activity: Activity) -> None:
        """Build ``activity``'s tool now, without showing it (nobody waits)."""
        with self._lock:
            if activity.id not in self.tools and not self._closed:
                self.tools[activity.id] = self._build(activity)

    def prepare_later(self, activity: Activity | None, delay: float) -> None:
        """Build ``activity``'s tool in the background after ``delay`` seconds.

        Between two activities the room talks for minutes; building the next
        tool then makes the facilitator's next switch only a matter of showing.
        The delay keeps this work out of the moment of a switch.
        """
        if activity is None or activity.id in self.tools:
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


class _Following(LiveTool):
    """A view that shows the activity the facilitator opened last.

    A :class:`~kit.widgets.live.LiveTool`: the base holds the lock, the
    messages and the watcher subscription; :meth:`refresh` follows the room.
    """

    tool = A.TOOL

    def __init__(
        self,
        seat: Seat,
        programme: Sequence[Activity],
        builders: Mapping[str, Builder],
    ):
        super().__init__(seat)
        self.programme = tuple(programme)
        self.stage = Stage(seat, builders)
        self.now = W.HTML()
        self.now.add_class("kit-room-now")
        self._seq = -1
        self._activity: Activity | None = None

    def _mount_view(self, children: Sequence[W.Widget], *classes: str) -> None:
        self._mount(children, "kit-room", *classes)

    @property
    def activity(self) -> Activity | None:
        """The activity shown now (``None`` until the facilitator opens one)."""
        return self._activity

    @guarded
    @locked
    def refresh(self) -> None:
        """Show the activity opened last, if it is not shown yet."""
        if self.closed:
            return
        events = self.seat.answers(A.TOOL, A.SUBJECT, A.OPEN)
        activity, seq = A.current(events, self.programme)
        if seq <= self._seq:
            return
        self._seq = seq
        self._show(activity)

    follow = refresh

    def _show(self, activity: Activity | None) -> None:
        self.stage.show(activity)
        # Spread over a few seconds, so a room of kernels does not build at once.
        delay = PREPARE_AFTER_SECONDS + random.uniform(0, PREPARE_SPREAD_SECONDS)  # noqa: S311
        upcoming = A.next_after(self.programme, activity)
        self.stage.prepare_later(upcoming, delay)
        if activity is None and upcoming is not None:  # the welcome may be skipped
            self.stage.prepare_later(A.next_after(self.programme, upcoming), delay)
        if activity is None:
            self.now.value = self._waiting_html()
        else:
            self.now.value = (
                f"<p class='kit-room-now-text' role='status'>"
                f"{esc(t('room.now', activity=t(activity.key)))}</p>"
            )
        self._activity = activity  # last: whoever reads it sees the page ready

    def _waiting_html(self) -> str:
        return f"<p role='status'>{esc(t('room.waiting'))}</p>"

    def _concerns(self, fresh: list[Answer]) -> bool:
        """News here: the facilitator opened an activity."""
        return any(a.tool == A.TOOL and a.kind == A.OPEN for a in fresh)

    def close(self) -> None:
        if hasattr(self, "stage"):
            self.stage.close()
        super().close()


class ParticipantRoom(_Following):
    """A participant's one page: the activity the facilitator opened, nothing else."""

    def __init__(
        self,
        seat: Seat,
        programme: Sequence[Activity],
        builders: Mapping[str, Builder],
    ):
        super().__init__(seat, programme, builders)
        self._mount_view([self.now, self.messages, self.stage], "kit-room-participant")


class ControlRoom(_Following):
    """The facilitator's control view: programme, who is in, the tool, Beheer."""

    def __init__(
        self,
        seat: Seat,
        programme: Sequence[Activity],
        builders: Mapping[str, Builder],
        page_url: str = "",
    ):
        from kit.widgets.start import StartPanel, join_link

        self.page_url = page_url
        self.buttons: dict[str, W.Button] = {}
        for step in programme:
            button = W.Button(description=t(step.key), tooltip=t("room.open.tooltip"))
            button.on_click(lambda _b, a=step.id: self.open_activity(a))
            button.add_class("kit-room-step")
            self.buttons[step.id] = button
        self.programme_box = W.VBox(
            [
                W.HTML(
                    f"<h2>{esc(t('room.programme'))}</h2>"
                    f"<p>{esc(t('room.programme.help'))}</p>"
                ),
                W.Box(
                    list(self.buttons.values()), layout=W.Layout(flex_flow="row wrap")
                ),
            ]
        )
        self.programme_box.add_class("kit-room-programme")
        self.who = W.HTML()
        beamer = f"{page_url}?view={ROOM_VIEW}" if page_url else f"?view={ROOM_VIEW}"
        link = join_link(page_url, seat.session.code) if page_url else ""
        self.links = W.HTML(
            "<p class='kit-room-links'>"
            f"{esc(t('room.code', code=seat.session.code))} · "
            f"<a href='{esc(beamer)}' target='_blank' rel='opener'>"
            f"{esc(t('room.beamer.open'))}</a>"
            + (
                f" · <span class='kit-room-joinlink'>{esc(t('start.link'))}: "
                f"<a href='{esc(link)}'>{esc(link)}</a></span>"
                if link
                else ""
            )
            + "</p>"
        )
        # The start panel's data part (export, import, delete) goes behind Beheer.
        self.panel = StartPanel(seat, page_url)
        for control in self.panel.data_box.children:
            if isinstance(control, W.Button) and control.button_style == "danger":
                control.on_click(lambda _b: self._after_delete())
        # The panel's messages (exported, imported, refused) show under Beheer.
        self.beheer = W.Accordion(
            children=[W.VBox([self.panel.data_box, self.panel.messages])]
        )
        self.beheer.set_title(0, t("room.beheer"))
        self.beheer.selected_index = None
        self.beheer.add_class("kit-room-beheer")
        super().__init__(seat, programme, builders)
        self._mount_view(
            [
                self.links,
                self.programme_box,
                self.who,
                self.now,
                self.messages,
                self.stage,
                self.beheer,
            ],
            "kit-room-control",
        )
        self.refresh_who()

    @guarded
    def open_activity(self, activity_id: str) -> Activity | None:
        """Open ``activity_id`` for the whole room (facilitator)."""
        payload = A.open_payload(self.programme, activity_id)
        stored = self.seat.facilitator_event(A.TOOL, A.SUBJECT, A.OPEN, payload)
        activity = A.find(self.programme, activity_id)
        self._seq = stored.seq
        self._show(activity)
        return activity

    def _show(self, activity: Activity | None) -> None:
        super()._show(activity)
        for step_id, button in self.buttons.items():
            active = activity is not None and step_id == activity.id
            button.button_style = "primary" if active else ""
            button.icon = "play" if active else ""

    def _waiting_html(self) -> str:
        return f"<p role='status'>{esc(t('room.waiting.facilitator'))}</p>"

    def _after_delete(self) -> None:
        """Once the session is deleted, the control view says so and nothing else."""
        if (
            self.panel.data_box not in self.panel.children
            and len(self.panel.children) == 1
        ):  # the start panel replaced itself by its "deleted" status
            self._closed = True
            if self.watching:
                self.seat.unwatch(self._on_store_change)
                self._watching = False
            self.stage.close()
            self.children = list(self.panel.children)

    @guarded
    def refresh_who(self) -> None:
        """Who is in: the count and the pseudonyms (control view only)."""
        people = self.seat.store.find_participants(self.seat.session.id)
        if self.seat.participant is not None:  # one screen: the room's own seat
            people = [p for p in people if p.id != self.seat.participant.id]
        names = ", ".join(esc(p.pseudonym) for p in people)
        count = (
            t("start.participants", n=len(people))
            if people
            else t("start.participants.none")
        )
        self.who.value = (
            f"<details class='kit-room-who'><summary>{esc(count)}"
            f"</summary><p>{names}</p></details>"
        )

    def _on_store_change(self, fresh: list[Answer]) -> None:
        super()._on_store_change(fresh)
        if not self.closed and any(a.kind == "joined" for a in fresh):
            self.refresh_who()


class BeamerRoom(_Following):
    """The room view: the active card, question or result, large, and no more.

    It reads through a seat without secret and without participant, so the
    tools show no controls and nothing of one person; the page holds no
    pseudonym and no export or delete control.
    """

    def __init__(
        self,
        seat: Seat,
        programme: Sequence[Activity],
        builders: Mapping[str, Builder],
        page_url: str = "",
    ):
        self.page_url = page_url
        viewer = Seat(seat.store, seat.session)
        super().__init__(viewer, programme, builders)
        self._mount_view([self.now, self.stage], "kit-beamer")

    def _waiting_html(self) -> str:
        return join_html(self.seat, self.page_url)

    def close(self) -> None:
        super().close()
        self.seat.stop()  # the viewer seat is this view's own


def join_html(seat: Seat, page_url: str) -> str:
    """The code, the link and the QR code, large: what the room needs to join."""
    from kit.widgets.start import join_link, qr_svg

    code = seat.session.code
    link = join_link(page_url, code) if page_url else ""
    parts = [
        "<div class='kit-joininfo'>",
        f"<h2>{esc(seat.session.title)}</h2>",
        f"<p>{esc(t('start.code'))}</p>",
        f"<p class='kit-code' aria-live='off'>{esc(code)}</p>",
    ]
    if link:
        parts += [f"<p>{esc(t('start.link'))}: {esc(link)}</p>", qr_svg(link)]
    parts.append("</div>")
    return "".join(parts)


class WelcomeView(LiveTool):
    """The first activity: the title and the opgave (for the facilitator also the
    code, the QR code and the opgave form of the start panel)."""

    tool = O.TOOL

    def __init__(self, seat: Seat):
        super().__init__(seat)
        self.opgave = W.HTML()
        self.panel: W.Widget | None = None
        if seat.is_facilitator:
            from kit.widgets.start import StartPanel

            self.panel = StartPanel(seat)
            # Export and delete live behind Beheer in the control view.
            self.panel.children = [
                c for c in self.panel.children if c is not self.panel.data_box
            ]
            self._mount([self.panel], "kit-room-welcome", live=False)
        else:
            intro = W.HTML(f"<p>{esc(t('room.welcome', title=seat.session.title))}</p>")
            self._mount([intro, self.opgave, self.messages], "kit-room-welcome")

    @guarded
    @locked
    def refresh(self) -> None:
        """Show the opgave the facilitator stored last."""
        if self.panel is not None or self.closed:
            return  # the start panel follows the room itself
        text = O.current_opgave(self.seat.answers(O.TOOL, O.SUBJECT, O.KIND))
        self.opgave.value = (
            f"<h2>{esc(t('start.opgave.heading'))}</h2>"
            f"<p>{esc(text or t('start.opgave.none'))}</p>"
        )

    def _concerns(self, fresh: list[Answer]) -> bool:
        return any(a.tool == O.TOOL and a.kind == O.KIND for a in fresh)

    def close(self) -> None:
        if getattr(self, "panel", None) is not None:
            self.panel.close()
        super().close()


# --- the page -----------------------------------------------------------------------


class RoomGate(SessionGate):
    """The session gate of the room page: join once, then the room follows.

    ``?view=zaal`` shows the room view of the session this browser leads; any
    other seat there gets a Dutch pointer to the control view instead.
    """

    def __init__(
        self,
        store: Store,
        library: Callable[[], Any],
        *,
        programme: Sequence[Activity] = A.DEFAULT_PROGRAMME,
        on_seat: Callable[[Seat], None] | None = None,
    ):
        self.programme = tuple(programme)
        self.library = library
        super().__init__(
            store, self._build_room, auto_one_screen=False, on_seat=on_seat
        )
        self.add_class("kit-roomgate")

    @property
    def view(self) -> str:
        values = parse_qs(self.memory.query.lstrip("?")).get("view", [])
        return values[0] if values else ""

    def restore(self, remembered: dict[str, Any], query: str = "") -> Seat | None:
        if self.memory.query != query:
            self.memory.query = query
        if self.view == ROOM_VIEW:
            from kit.session import restore_seat

            seat = restore_seat(self.store, remembered)
            # The room view's kernel keeps the secret; its browser page does not.
            self.memory.stored = {}
            # "ask": the seat was kept by the browser, not handed over by the
            # control view's window (which shares its tab memory with the window
            # it opens); on a shared PC that is not enough to open the session.
            if seat is None or not seat.is_facilitator or remembered.get("ask"):
                self.children = [
                    self.memory,
                    W.HTML(f"<p role='alert'>{esc(t('room.beamer.refused'))}</p>"),
                ]
                return None
            self._enter(seat, remember=False)
            return seat
        return super().restore(remembered, query)

    def _enter(self, seat: Seat, *, remember: bool) -> None:
        super()._enter(seat, remember=remember)
        if self.view == ROOM_VIEW:
            self.children = [self.memory, self.tool]

    def _build_room(self, seat: Seat, gate: SessionGate) -> W.Widget:
        if self.view == ROOM_VIEW and seat.is_facilitator:
            builders = tool_builders(self.library, beamer=True)
            return BeamerRoom(seat, self.programme, builders, self.page_url)
        builders = tool_builders(self.library)
        if seat.is_facilitator:
            return ControlRoom(seat, self.programme, builders, self.page_url)
        return ParticipantRoom(seat, self.programme, builders)
