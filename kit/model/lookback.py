"""The look-back workshop (terugblik): what the room takes along, as events.

What the room takes along ("wat nemen we mee?") is stored as append-only events
of the tool ``lookback`` with subject :data:`SUBJECT`:

=============== =========== ===================================================
kind            by          payload
=============== =========== ===================================================
``personal``    participant ``lines``: up to :data:`MAX_PERSONAL` short lines
``shared``      facilitator ``lines``: the team's shared takeaways
``phase``       facilitator ``phase`` (think → reveal …, via ``Seat.set_phase``)
=============== =========== ===================================================

A person's latest ``personal`` event replaces their earlier one (an empty list
takes it back); the latest ``shared`` event is the team's list. The room sees
the personal lines only after the reveal, without names and sorted by text.
Commands (:func:`personal_payload`, :func:`shared_payload`) check what people
typed and return what to store; the reads fold the events.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kit.errors import InvalidInput
from kit.model.events import Event
from kit.model.text import one_line

TOOL = "lookback"
SUBJECT = "_takeaways"
PERSONAL = "personal"
SHARED = "shared"
PHASE = "phase"

#: A person writes a few short lines, the team two or three considerations.
MAX_PERSONAL = 3
MAX_SHARED = 5
MAX_LINE = 200


def takeaway_lines(text: str, limit: int = MAX_PERSONAL) -> list[str]:
    """Typed text as takeaways: one per line, blank lines dropped, trimmed.

    Raises :class:`InvalidInput` (``lookback_too_many`` or ``lookback_too_long``)
    when there are more than ``limit`` lines or one is longer than
    :data:`MAX_LINE` characters.
    """
    lines = []
    for raw in str(text or "").splitlines():
        line = " ".join("".join(ch for ch in raw if ch.isprintable()).split())
        line = line.lstrip("-•*").strip()
        if line:
            lines.append(line)
    if len(lines) > limit:
        raise InvalidInput("lookback_too_many")
    if any(len(line) > MAX_LINE for line in lines):
        raise InvalidInput("lookback_too_long")
    return lines


def _events(events: Iterable[Event], kind: str) -> list[Event]:
    found = [
        e
        for e in events
        if getattr(e, "tool", TOOL) == TOOL and e.subject == SUBJECT and e.kind == kind
    ]
    return sorted(found, key=lambda e: e.seq)


def _lines(payload: Mapping[str, Any] | Any) -> tuple[str, ...]:
    lines = payload.get("lines") if isinstance(payload, Mapping) else None
    if not isinstance(lines, list):
        return ()
    return tuple(one_line(x) for x in lines if isinstance(x, str) and x.strip())


def personal_takeaways(events: Iterable[Event]) -> dict[str, tuple[str, ...]]:
    """Each participant's current takeaways (their latest ``personal`` event)."""
    found: dict[str, tuple[str, ...]] = {}
    for event in _events(events, PERSONAL):
        if event.participant_id:
            found[event.participant_id] = _lines(event.payload)
    return {k: v for k, v in found.items() if v}


def anonymous_takeaways(events: Iterable[Event]) -> list[str]:
    """Everyone's takeaways in one list, sorted by text: no names, no order."""
    lines = [x for lines in personal_takeaways(events).values() for x in lines]
    return sorted(lines, key=lambda x: (x.casefold(), x))


def shared_takeaways(events: Iterable[Event]) -> tuple[str, ...]:
    """What the team takes along together (the facilitator's latest list)."""
    shared = [e for e in _events(events, SHARED) if e.participant_id is None]
    return _lines(shared[-1].payload) if shared else ()


def phase(events: Iterable[Event]) -> str:
    """The phase of the takeaways: ``think`` until the facilitator reveals."""
    phases = _events(events, PHASE)
    return str(phases[-1].payload.get("phase", "think")) if phases else "think"


def personal_payload(text: str, events: Iterable[Event]) -> dict[str, Any]:
    """What a participant's takeaways store: refused once they are revealed."""
    lines = takeaway_lines(text, MAX_PERSONAL)
    if phase(events) != "think":
        raise InvalidInput("lookback_revealed")
    return {"lines": lines}


def shared_payload(text: str) -> dict[str, Any]:
    """What the team's shared takeaways store: at least one line."""
    lines = takeaway_lines(text, MAX_SHARED)
    if not lines:
        raise InvalidInput("lookback_team_empty")
    return {"lines": lines}


def counts(events: Sequence[Event]) -> tuple[int, int]:
    """``(people, lines)``: how many wrote takeaways, and how many lines in all."""
    personal = personal_takeaways(events)
    return len(personal), sum(len(v) for v in personal.values())
