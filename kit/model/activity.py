"""The activity the room is on: which tool every participant's screen shows.

A session is one live room: the facilitator opens an activity (a card, the
proximity map, the matrix, the self-scan, the palette, the look back) and every
participant page follows. Opening is a facilitator event, like a phase::

    tool="room", subject="activity", kind="open", payload={"activity": "kaart"}

The programme is a list of :class:`Activity`; each names the tool that shows it
and the options that tool is built with (e.g. the matrix's card). The model
knows nothing of widgets: the room page maps ``tool`` to a builder.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kit.model.events import Event

TOOL = "room"
SUBJECT = "activity"
OPEN = "open"

#: The tools an activity can show (keys of the room page's builders).
TOOLS = ("welcome", "cards", "map", "matrix", "speaking", "lookback")


@dataclass(frozen=True)
class Activity:
    """One step of the programme: an id, the tool that shows it, its options.

    ``title_key`` is the locale key of its name (``room.activity.<id>`` unless
    given), so the model holds no UI text.
    """

    id: str
    tool: str
    options: Mapping[str, Any] = field(default_factory=dict)
    title_key: str = ""

    def __post_init__(self) -> None:
        if self.tool not in TOOLS:
            raise ValueError(f"unknown tool {self.tool!r}; choose one of {TOOLS}")

    @property
    def key(self) -> str:
        return self.title_key or f"room.activity.{self.id}"


#: The kit's default programme: the workshops in the order the guide runs them.
DEFAULT_PROGRAMME: tuple[Activity, ...] = (
    Activity("welkom", "welcome"),
    Activity("kaart", "cards"),
    Activity("wie-raakt-het", "map", {"template": "toeslagen"}),
    Activity("afwegen", "matrix", {"card": "doorbraak_zoon_kostendelersnorm"}),
    Activity("zelfscan", "speaking", {"parts": ("scan", "dilemma")}),
    Activity("palet", "speaking", {"parts": ("palette",)}),
    Activity("terugblik", "lookback"),
)


def find(programme: Sequence[Activity], activity_id: str) -> Activity | None:
    """The activity with ``activity_id`` in ``programme``, or ``None``."""
    return next((a for a in programme if a.id == activity_id), None)


def next_after(
    programme: Sequence[Activity], activity: Activity | None
) -> Activity | None:
    """The activity that follows ``activity`` (the first one before any)."""
    if activity is None:
        return programme[0] if programme else None
    ids = [a.id for a in programme]
    if activity.id not in ids or ids.index(activity.id) + 1 >= len(ids):
        return None
    return programme[ids.index(activity.id) + 1]


def open_payload(programme: Sequence[Activity], activity_id: str) -> dict[str, Any]:
    """The payload of the event that opens ``activity_id``.

    An id outside the programme is a programming error (the control view only
    offers the programme), so :class:`ValueError`.
    """
    if find(programme, activity_id) is None:
        raise ValueError(f"unknown activity {activity_id!r}")
    return {"activity": activity_id}


def _facilitators(
    events: Iterable[Event], tool: str, subject: str, kind: str
) -> Iterator[Event]:
    """The facilitator's events of ``tool``, ``subject`` and ``kind``."""
    return (
        e
        for e in events
        if (e.tool, e.subject, e.kind) == (tool, subject, kind)
        and e.participant_id is None
    )


def current(
    events: Iterable[Event], programme: Sequence[Activity]
) -> tuple[Activity | None, int]:
    """The activity opened last (and its event's ``seq``); ``(None, 0)`` before any.

    Only the facilitator's events count (``participant_id`` is ``None``), and an
    id the programme does not know (an older or other programme) is skipped.
    """
    found: tuple[Activity | None, int] = (None, 0)
    for event in _facilitators(events, TOOL, SUBJECT, OPEN):
        activity = find(programme, str(event.payload.get("activity", "")))
        if activity is not None and event.seq >= found[1]:
            found = (activity, event.seq)
    return found


# The dilemma tool's "put a card on the table" event (see kit.model.dilemma);
# spelled here so this module stays free of the dilemma model's pandas import.
_CARD_TOOL, _CARD_TABLE, _CARD_PLAY = "dilemma", "_table", "play"


def last_played_card(events: Iterable[Event]) -> str | None:
    """The id of the card the facilitator played last in this session, or ``None``.

    The one lookup for "the card the team just played": the room's matrix and
    map start from it, and so do the workshop pages Afwegen and Wie raakt het?
    Pass the session's answers of the dilemma tool, e.g.
    ``seat.answers("dilemma", "_table", "play")`` (other events are skipped, and
    so is a participant's event: only the facilitator plays a card).
    """
    found: tuple[int, str] | None = None
    for event in _facilitators(events, _CARD_TOOL, _CARD_TABLE, _CARD_PLAY):
        card_id = str(event.payload.get("card_id") or "")
        if card_id and (found is None or event.seq >= found[0]):
            found = (event.seq, card_id)
    return found[1] if found else None


#: The stakeholder template that fits a card best: by the card's role first
#: (an inspectorate's card), then by its policy area (deck format 2). Areas
#: without a fitting template start from an empty map.
_TEMPLATE_BY_ROLE = {"toezicht": "toezicht_inspectie"}
_TEMPLATE_BY_DOMAIN = {
    "inkomen": "toeslagen",
    "zorg": "sociaal_domein",
    "werk_onderwijs": "onderwijs_inburgering",
    "migratie": "onderwijs_inburgering",
    "bestuur": "gegevensdeling",
}


def template_for_card(role: str, domain: str, known: Iterable[str]) -> str | None:
    """The id of the stakeholder template a map about a card starts from.

    ``role`` and ``domain`` are the card's; ``known`` the template ids the
    library has. ``None`` when none fits (the facilitator then picks one).
    """
    ids = set(known)
    for found in (_TEMPLATE_BY_ROLE.get(role), _TEMPLATE_BY_DOMAIN.get(domain)):
        if found in ids:
            return found
    return None
