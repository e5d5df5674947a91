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

from collections.abc import Iterable, Mapping, Sequence
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
    Activity(
        "wie-raakt-het",
        "map",
        {"template": "toeslagen", "card": "doorbraak_zoon_kostendelersnorm"},
    ),
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


def current(
    events: Iterable[Event], programme: Sequence[Activity]
) -> tuple[Activity | None, int]:
    """The activity opened last (and its event's ``seq``); ``(None, 0)`` before any.

    Only the facilitator's events count (``participant_id`` is ``None``), and an
    id the programme does not know (an older or other programme) is skipped.
    """
    found: tuple[Activity | None, int] = (None, 0)
    for event in events:
        if (
            event.tool != TOOL
            or event.subject != SUBJECT
            or event.kind != OPEN
            or event.participant_id is not None
        ):
            continue
        activity = find(programme, str(event.payload.get("activity", "")))
        if activity is not None and event.seq >= found[1]:
            found = (activity, event.seq)
    return found


# --------------------------------------------------------------------- the team's card

#: The card a tool works on (Afwegen, Wie raakt het?) when the facilitator picks
#: one there: ``tool="room", subject="card", kind="focus", payload={"card_id": …}``.
CARD = "card"
FOCUS = "focus"

#: The dilemma tool's "card on the table" event (see :mod:`kit.model.dilemma`).
_DILEMMA, _TABLE, _PLAY = "dilemma", "_table", "play"


def focus_payload(card_id: str) -> dict[str, Any]:
    """The payload of the event that makes ``card_id`` the team's card."""
    if not card_id:
        raise ValueError("a card id is needed")
    return {"card_id": card_id}


def last_played_card(events: Iterable[Event]) -> str | None:
    """The id of the card the team last played in a session; ``None`` before any.

    That is the card the facilitator put on the dilemma table last, or picked
    for a later tool (Afwegen, Wie raakt het?), whichever came later (highest
    ``seq``). ``events`` may hold any of the session's events; only the
    facilitator's (``participant_id`` is ``None``) of those two kinds count.
    """
    found: tuple[int, str | None] = (0, None)
    for event in events:
        if event.participant_id is not None:
            continue
        played = (event.tool, event.subject, event.kind) in (
            (_DILEMMA, _TABLE, _PLAY),
            (TOOL, CARD, FOCUS),
        )
        card_id = str(event.payload.get("card_id") or "")
        if played and card_id and event.seq >= found[0]:
            found = (event.seq, card_id)
    return found[1]


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
