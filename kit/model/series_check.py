"""Check vooraf: what a session in a series brings back, and what the room said.

Stored as events of the tool :data:`TOOL` (subject :data:`CHECK`):

============ =========== =====================================================
kind         by          payload
============ =========== =====================================================
``brought``  facilitator what last time left: ``takeaways``, ``closings``
                         (``card``, ``title``, ``knowledge``, ``actions``,
                         ``power``), ``approaches`` (``name``, ``approach``,
                         ``who``), ``place`` of the session it came from
``check``    facilitator what the room says: ``done`` (what did we do with
                         it), ``happened`` (what happened), ``forward`` (what
                         do we carry forward)
============ =========== =====================================================

The latest event of each kind counts. This module imports nothing heavy: every
participant's Start page reads it. The folds over a whole series are in
:mod:`kit.model.series`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kit.errors import InvalidInput
from kit.model.events import Event
from kit.model.privacy import MIN_GROUP as MIN_GROUP
from kit.model.text import visible_text

TOOL = "series"
CHECK = "_check"
BROUGHT = "brought"
CHECK_ANSWER = "check"
CHECK_FIELDS = ("done", "happened", "forward")
MAX_CHECK = 1500


@dataclass(frozen=True)
class Brought:
    """What the previous session left for this one (copied at the check step)."""

    place: int = 0
    takeaways: tuple[str, ...] = ()
    closings: tuple[Mapping[str, str], ...] = ()
    approaches: tuple[Mapping[str, str], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.takeaways or self.closings or self.approaches)

    def to_payload(self) -> dict[str, Any]:
        return {
            "place": self.place,
            "takeaways": list(self.takeaways),
            "closings": [dict(c) for c in self.closings],
            "approaches": [dict(a) for a in self.approaches],
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> Brought:
        def records(key: str) -> tuple[Mapping[str, str], ...]:
            items = payload.get(key)
            if not isinstance(items, list):
                return ()
            return tuple(
                {str(k): str(v) for k, v in item.items() if isinstance(v, str | int)}
                for item in items
                if isinstance(item, dict)
            )

        lines = payload.get("takeaways")
        return cls(
            place=int(payload.get("place") or 0),
            takeaways=tuple(
                str(x) for x in (lines if isinstance(lines, list) else []) if x
            ),
            closings=records("closings"),
            approaches=records("approaches"),
        )


@dataclass(frozen=True)
class CheckAnswers:
    """What the room said at the check step (typed by the facilitator)."""

    done: str = ""
    happened: str = ""
    forward: str = ""

    @property
    def empty(self) -> bool:
        return not (self.done or self.happened or self.forward)


def _latest(events: Iterable[Event], kind: str) -> Event | None:
    found = [
        e
        for e in events
        if getattr(e, "tool", TOOL) == TOOL
        and e.subject == CHECK
        and e.kind == kind
        and e.participant_id is None
    ]
    return max(found, key=lambda e: e.seq) if found else None


def brought(events: Iterable[Event]) -> Brought | None:
    """What last time left, as copied into this session (``None``: not yet)."""
    event = _latest(list(events), BROUGHT)
    return Brought.from_payload(event.payload) if event else None


def check_answers(events: Iterable[Event]) -> CheckAnswers:
    """The room's answers at the check step (empty until recorded)."""
    event = _latest(list(events), CHECK_ANSWER)
    if event is None:
        return CheckAnswers()
    return CheckAnswers(
        *(str(event.payload.get(k) or "").strip() for k in CHECK_FIELDS)
    )


def check_payload(done: str, happened: str, forward: str) -> dict[str, str]:
    """The payload of the check answers, checked: at least one, none too long."""
    values = {}
    for key, text in zip(CHECK_FIELDS, (done, happened, forward), strict=True):
        cleaned = visible_text(str(text or ""), newlines=True).strip()
        if len(cleaned) > MAX_CHECK:
            raise InvalidInput("series_check_too_long")
        values[key] = cleaned
    if not any(values.values()):
        raise InvalidInput("series_check_empty")
    return values
