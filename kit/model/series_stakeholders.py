"""Stakeholders over a team's series: who keeps landing far away or silent, and
whether an agreed approach brought them closer.

Folds the proximity maps of each session (:mod:`kit.model.proximity`) into one
line per stakeholder; template stakeholders are matched by id, ones the room
added by name. A map with fewer than :data:`MIN_GROUP` people placing gives a
count only. Part of :mod:`kit.model.series`, which re-exports these names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kit.model import proximity as P
from kit.model.privacy import MIN_GROUP
from kit.model.types import RINGS

if TYPE_CHECKING:
    from kit.model.series import SessionData


@dataclass(frozen=True)
class StakeholderPoint:
    """Where the room put a stakeholder on one session's map (combined placement)."""

    place: int
    ring: str
    voice: int
    soft: bool
    approach: str = ""


@dataclass(frozen=True)
class StakeholderSeries:
    """One stakeholder on every map of the series it was placed on."""

    key: str
    name: str
    points: tuple[StakeholderPoint, ...]

    @property
    def far_or_silent(self) -> int:
        """On how many maps the room put it far away or heard it rarely."""
        return sum(
            1 for p in self.points if p.ring in P.FAR_RINGS or p.voice == P.SOFT_VOICE
        )

    def follow_ups(self) -> list[tuple[StakeholderPoint, StakeholderPoint | None]]:
        """Each map where an approach was agreed, with the next map it appears on
        (``None``: not placed again yet)."""
        pairs = []
        for i, point in enumerate(self.points):
            if point.approach:
                later = self.points[i + 1] if i + 1 < len(self.points) else None
                pairs.append((point, later))
        return pairs

    def unfollowed_soft(self) -> StakeholderPoint | None:
        """The latest point if it is a soft voice with no approach agreed."""
        last = self.points[-1] if self.points else None
        return last if last is not None and last.soft and not last.approach else None


def closer(before: StakeholderPoint, after: StakeholderPoint) -> int:
    """Rings the stakeholder came closer (negative: further away)."""
    return RINGS.index(before.ring) - RINGS.index(after.ring)


def _key(stakeholder: P.Stakeholder) -> str:
    if stakeholder.id.startswith(P.ADDED_PREFIX):
        return "naam:" + " ".join(stakeholder.name.casefold().split())
    return stakeholder.id


@dataclass(frozen=True)
class MapCount:
    """A map with too few people to show where they put anyone: counts only."""

    place: int
    participants: int
    placed: int


def stakeholder_series(
    sessions: Sequence[SessionData],
) -> tuple[list[StakeholderSeries], list[MapCount]]:
    """Stakeholders across the series' maps, and the maps that give counts only."""
    points: dict[str, list[StakeholderPoint]] = {}
    names: dict[str, str] = {}
    small: list[MapCount] = []
    for session in sessions:
        answers = session.of(P.TOOL)
        for subject in P.map_subjects(answers):
            state = P.map_state(answers, subject)
            if not state.placements:
                continue
            aggregates = state.aggregates()
            if state.participants < MIN_GROUP:
                small.append(
                    MapCount(session.place, state.participants, len(aggregates))
                )
                continue
            for agg in aggregates:
                key = _key(agg.stakeholder)
                names.setdefault(key, agg.stakeholder.name)
                approach = state.approaches.get(agg.stakeholder.id)
                points.setdefault(key, []).append(
                    StakeholderPoint(
                        session.place,
                        agg.proximity,
                        agg.voice,
                        agg.soft,
                        approach.label() if approach else "",
                    )
                )
    return [StakeholderSeries(k, names[k], tuple(v)) for k, v in points.items()], small
