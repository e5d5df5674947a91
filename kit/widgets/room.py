"""One live room: a participant page that follows the facilitator, and the
facilitator's control view and room view (beamer).

A participant joins once (code + pseudonym, through the session gate) and stays
on this page and this kernel. The facilitator opens an activity from the
programme (:mod:`kit.model.activity`); the event reaches every kernel through
the seat's watcher, and each page swaps the tool it shows. Tools are built in
the background while the room talks (the next activity first, then the rest)
and then kept: they follow the store while hidden, so a switch only shows what
is built.

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
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import parse_qs

import ipywidgets as W

from kit.locale import t
from kit.model import activity as A
from kit.model.activity import Activity
from kit.session import Seat
from kit.store import Answer, Store
from kit.widgets.feedback import esc, guarded
from kit.widgets.gate import SessionGate
from kit.widgets.layout import mark_current
from kit.widgets.live import LiveTool, locked
from kit.widgets.stage import Builder, Stage, tool_builders
from kit.widgets.styles import use_styles

log = logging.getLogger("kit")

#: ``?view=zaal`` opens the room view (beamer) of the facilitator's session.
ROOM_VIEW = "zaal"
#: The next activity's tool is built this long after a switch, spread over
#: another few seconds per kernel (see :meth:`Stage.prepare_in_turn`).
PREPARE_AFTER_SECONDS = 4.0
PREPARE_SPREAD_SECONDS = 6.0
#: The activities after the next are built one by one, this long after the last.
PREPARE_STEP_SECONDS = 3.0


def _after(programme: Sequence[Activity], activity: Activity | None) -> list[Activity]:
    """Every other activity, those after ``activity`` first, in programme order."""
    ids = [a.id for a in programme]
    start = ids.index(activity.id) + 1 if activity and activity.id in ids else 0
    order = [*programme[start:], *programme[:start]]
    return [a for a in order if activity is None or a.id != activity.id]


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
        use_styles("room")
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
        # Spread over a few seconds, so a room of kernels does not build at once;
        # the next activity first, then the rest: a facilitator may skip one.
        delay = PREPARE_AFTER_SECONDS + random.uniform(0, PREPARE_SPREAD_SECONDS)  # noqa: S311
        self.stage.prepare_in_turn(
            _after(self.programme, activity), delay, PREPARE_STEP_SECONDS
        )
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
    """A participant's one page: the activity the facilitator opened, nothing else.

    ``on_next`` runs when the facilitator opens another activity after the
    participant arrived (the room gate folds the joining notes then).
    """

    _arrived = False

    def __init__(
        self,
        seat: Seat,
        programme: Sequence[Activity],
        builders: Mapping[str, Builder],
        on_next: Callable[[], None] | None = None,
    ):
        super().__init__(seat, programme, builders)
        self.on_next = on_next
        self._mount_view([self.now, self.messages, self.stage], "kit-room-participant")

    def _show(self, activity: Activity | None) -> None:
        # What the participant saw on arriving stays; from the next activity
        # on, their task comes first (the gate folds the recovery word).
        arrived = self._arrived
        super()._show(activity)
        self._arrived = True
        if arrived and activity is not None and self.on_next is not None:
            self.on_next()


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
                    "<p class='kit-current-legend'>"
                    f"{esc(t('room.programme.legend'))}</p>"
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
            mark_current(button, activity is not None and step_id == activity.id)

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
        return ParticipantRoom(seat, self.programme, builders, on_next=gate.settle)
