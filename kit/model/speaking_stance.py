"""Speaking up: the shared dilemma (loyal or drammer?), its command and fold."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kit.errors import InvalidInput
from kit.model.events import Event

if TYPE_CHECKING:
    import pandas as pd
from kit.model.speaking_scan import (
    DILEMMA,
    MAX_REASON,
    POSITIONS,
    STAND,
    as_int,
    clean_text,
    of_kind,
)

# ------------------------------------------------------------- the shared dilemma


def stand_payload(position: int, reason: str = "") -> dict[str, Any]:
    """The payload of a stand in the shared dilemma, checked.

    Raises
    ------
    InvalidInput
        ``speaking_position`` outside 1–5, ``speaking_reason`` when too long.
    """
    value = as_int(position)
    if value not in POSITIONS:
        raise InvalidInput("speaking_position")
    return {
        "position": value,
        "reason": clean_text(reason, MAX_REASON, "speaking_reason"),
    }


@dataclass(frozen=True, slots=True)
class Stand:
    """A participant's current place on the loyal ↔ keep-pressing scale."""

    participant_id: str
    position: int
    reason: str
    seq: int


def current_stands(events: Iterable[Event]) -> dict[str, Stand]:
    """Each participant's latest stand; malformed events are ignored."""
    stands: dict[str, Stand] = {}
    for event in of_kind(events, DILEMMA, STAND):
        position = as_int(event.payload.get("position"))
        if not event.participant_id or position is None or position not in POSITIONS:
            continue
        reason = str(event.payload.get("reason") or "")
        stands[event.participant_id] = Stand(
            event.participant_id, position, reason, event.seq
        )
    return stands


@dataclass(frozen=True, slots=True)
class StanceResult:
    """The room's spread on the shared dilemma; reasons without names.

    ``reasons`` are ``(position, text)`` pairs sorted by position and then
    alphabetically, so the order never betrays who wrote what or when.
    """

    counts: Mapping[int, int]
    reasons: tuple[tuple[int, str], ...] = ()

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def mean(self) -> float | None:
        scores = [p for p in POSITIONS for _ in range(self.counts.get(p, 0))]
        return statistics.fmean(scores) if scores else None

    @property
    def loyal(self) -> int:
        """Positions 1–2: follow the decision (with or without a recorded objection)."""
        return self.counts.get(1, 0) + self.counts.get(2, 0)

    @property
    def pressing(self) -> int:
        """Positions 4–5: bring it in again, or keep pressing."""
        return self.counts.get(4, 0) + self.counts.get(5, 0)


def stance_result(events: Iterable[Event]) -> StanceResult:
    stands = current_stands(events).values()
    counts = {p: sum(1 for s in stands if s.position == p) for p in POSITIONS}
    reasons = sorted(
        ((s.position, s.reason) for s in stands if s.reason),
        key=lambda pair: (pair[0], pair[1].casefold()),
    )
    return StanceResult(counts, tuple(reasons))


def stance_frame(result: StanceResult) -> pd.DataFrame:
    """Tidy table ``position, count`` for every position of the scale."""
    import pandas as pd

    return pd.DataFrame(
        {
            "position": list(POSITIONS),
            "count": [int(result.counts.get(p, 0)) for p in POSITIONS],
        }
    )
