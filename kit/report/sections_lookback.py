"""The look-back workshop (terugblik) as data, and its parts of the report.

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

The opgave of the team comes from the start page (tool ``session``, subject
``opgave``). These pure functions live here, beside the report that reads them,
because the look-back tool is the report's own workshop; they import nothing
heavy, so a participant's kernel stays light.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from kit.errors import InvalidInput
from kit.locale import t
from kit.report.document import (
    Bullets,
    Paragraph,
    Part,
    ReportInput,
    Section,
    one_line,
)

TOOL = "lookback"
SUBJECT = "_takeaways"
PERSONAL = "personal"
SHARED = "shared"
PHASE = "phase"

#: A person writes a few short lines, the team two or three considerations.
MAX_PERSONAL = 3
MAX_SHARED = 5
MAX_LINE = 200

OPGAVE_TOOL, OPGAVE_SUBJECT, OPGAVE_KIND = "session", "opgave", "opgave"


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


def _events(events: Iterable[Any], kind: str) -> list[Any]:
    found = [
        e
        for e in events
        if getattr(e, "tool", TOOL) == TOOL and e.subject == SUBJECT and e.kind == kind
    ]
    return sorted(found, key=lambda e: e.seq)


def _lines(payload: Any) -> tuple[str, ...]:
    lines = payload.get("lines") if hasattr(payload, "get") else None
    if not isinstance(lines, list):
        return ()
    return tuple(one_line(x) for x in lines if isinstance(x, str) and x.strip())


def personal_takeaways(events: Iterable[Any]) -> dict[str, tuple[str, ...]]:
    """Each participant's current takeaways (their latest ``personal`` event)."""
    found: dict[str, tuple[str, ...]] = {}
    for event in _events(events, PERSONAL):
        if event.participant_id:
            found[event.participant_id] = _lines(event.payload)
    return {k: v for k, v in found.items() if v}


def anonymous_takeaways(events: Iterable[Any]) -> list[str]:
    """Everyone's takeaways in one list, sorted by text: no names, no order."""
    lines = [x for lines in personal_takeaways(events).values() for x in lines]
    return sorted(lines, key=lambda x: (x.casefold(), x))


def shared_takeaways(events: Iterable[Any]) -> tuple[str, ...]:
    """What the team takes along together (the facilitator's latest list)."""
    shared = [e for e in _events(events, SHARED) if e.participant_id is None]
    return _lines(shared[-1].payload) if shared else ()


def phase(events: Iterable[Any]) -> str:
    """The phase of the takeaways: ``think`` until the facilitator reveals."""
    phases = _events(events, PHASE)
    return str(phases[-1].payload.get("phase", "think")) if phases else "think"


def opgave(answers: Iterable[Any]) -> str:
    """The team's opgave as last recorded on the start page ("" if none)."""
    found = [
        a
        for a in answers
        if a.tool == OPGAVE_TOOL
        and a.subject == OPGAVE_SUBJECT
        and a.kind == OPGAVE_KIND
    ]
    found.sort(key=lambda a: a.seq)
    return str(found[-1].payload.get("text", "")).strip() if found else ""


# --- the report's parts ------------------------------------------------------------


def opgave_part(data: ReportInput) -> Part:
    """The team's opgave, first in the report: what the session was about."""
    text = opgave(data.answers)
    section = Section(t("report.opgave"))
    if text:
        section.add(Paragraph(text, "quote"))
        return Part(section, [t("report.summary.opgave", text=one_line(text))])
    section.add(Paragraph(t("report.opgave.none")))
    return Part(section)


def takeaways_part(data: ReportInput) -> Part:
    """What the team and each person take along (recorded in Terugblik)."""
    events = data.of(TOOL)
    shared = shared_takeaways(events)
    personal = anonymous_takeaways(events)
    if not shared and not personal:
        return Part(None)
    section = Section(t("report.takeaways"))
    team = section.sub(t("report.takeaways.shared"))
    if shared:
        team.add(Bullets(shared))
    else:
        team.add(Paragraph(t("report.takeaways.shared.none")))
    people = section.sub(t("report.takeaways.personal"))
    if not personal:
        people.add(Paragraph(t("report.takeaways.personal.none")))
    elif not data.include_reasons:
        people.add(Paragraph(t("report.reasons_left_out", n=len(personal)), "note"))
    else:
        people.add(
            Paragraph(t("report.anonymous"), "note"),
            Bullets(tuple(personal), quotes=True),
        )
    summary = [t("report.summary.takeaway", text=x) for x in shared]
    return Part(section, summary)


def counts(events: Sequence[Any]) -> tuple[int, int]:
    """``(people, lines)``: how many wrote takeaways, and how many lines in all."""
    personal = personal_takeaways(events)
    return len(personal), sum(len(v) for v in personal.values())
