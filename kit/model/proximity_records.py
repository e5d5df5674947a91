"""The proximity map's records and rules: stakeholders, placements, soft voices.

What a soft voice is (hard hit, far away, rarely heard), where people differ,
and who is often missing at the table: pure functions over the records.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from kit.locale import t
from kit.model.types import RINGS, ProximityRing

if TYPE_CHECKING:
    pass


TOOL = "proximity"
DEFAULT_SUBJECT = "kaart"

IMPACTS: tuple[int, ...] = (1, 2, 3, 4)
VOICES: tuple[int, ...] = (1, 2, 3)

#: The soft-voice rule, on the combined placement.
SOFT_MIN_IMPACT = 3
FAR_RINGS: frozenset[str] = frozenset({"via_rapporten", "niet_in_beeld"})
SOFT_VOICE = 1

#: Rings in which a group counts as near enough to be "at the table".
NEAR_RINGS: frozenset[str] = frozenset(RINGS[:3])

#: Placements this many steps apart (ring, impact or voice) are a difference of view.
DIFFERENCE_STEPS = 2

#: Ways to get closer to a soft voice; ``OWN_APPROACH`` carries the team's own text.
APPROACHES: tuple[str, ...] = (
    "werkbezoek",
    "ervaringsdeskundige",
    "keukentafelgesprek",
    "bellen",
    "uitvoeringstoets",
)
OWN_APPROACH = "eigen"

#: Who is often missing at the table, and the categories that stand for them.
MISSING_GROUPS: dict[str, tuple[str, ...]] = {
    "burgers": ("burgers",),
    "ervaringsdeskundigen": ("ervaringsdeskundigen",),
    "uitvoering": ("uitvoering",),
    "toezicht": ("toezicht",),
    "critici": ("wetenschap", "maatschappelijke_organisaties"),
    "netwerk": ("netwerk",),
}

MAX_NAME = 120
MAX_NOTE = 600
MAX_WHO = 80
MAX_OWN = 200
ADDED_PREFIX = "extra-"


# --- records -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stakeholder:
    """One entry of the room's shared list; ``number`` is its label on the map."""

    id: str
    name: str
    category: str
    number: int
    description: str = ""
    added: bool = False


@dataclass(frozen=True, slots=True)
class Placement:
    """One participant's current placement of one stakeholder."""

    participant_id: str
    stakeholder_id: str
    impact: int
    proximity: ProximityRing
    voice: int
    note: str = ""
    seq: int = 0

    @property
    def ring_index(self) -> int:
        return RINGS.index(self.proximity)


@dataclass(frozen=True, slots=True)
class Aggregate:
    """The room's combined placement of one stakeholder, with its spread.

    ``impact``, ``proximity`` and ``voice`` are medians; when the room is split
    evenly the tie goes to the side of the soft voice (more impact, further,
    quieter): the map exists to find who we miss, so it errs towards looking.
    """

    stakeholder: Stakeholder
    count: int
    impact: int
    proximity: ProximityRing
    voice: int
    rings: tuple[ProximityRing, ...]
    impacts: tuple[int, ...]
    voices: tuple[int, ...]
    soft_votes: int
    notes: tuple[str, ...] = ()

    @property
    def ring_index(self) -> int:
        return RINGS.index(self.proximity)

    @property
    def ring_spread(self) -> int:
        """Rings between the nearest and the furthest placement (0 = all agree)."""
        indices = [RINGS.index(r) for r in self.rings]
        return max(indices) - min(indices)

    @property
    def nearest(self) -> ProximityRing:
        return min(self.rings, key=RINGS.index)

    @property
    def furthest(self) -> ProximityRing:
        return max(self.rings, key=RINGS.index)

    @property
    def impact_spread(self) -> int:
        return max(self.impacts) - min(self.impacts)

    @property
    def voice_spread(self) -> int:
        return max(self.voices) - min(self.voices)

    @property
    def differs(self) -> bool:
        """Placed at least :data:`DIFFERENCE_STEPS` apart on ring, impact or voice."""
        return max(self.ring_spread, self.impact_spread, self.voice_spread) >= (
            DIFFERENCE_STEPS
        )

    @property
    def soft(self) -> bool:
        return is_soft_voice(self.impact, self.proximity, self.voice)


@dataclass(frozen=True, slots=True)
class Approach:
    """How the team will get closer to a stakeholder, and who does it."""

    stakeholder_id: str
    approach: str
    text: str
    who: str
    seq: int = 0

    def label(self) -> str:
        """The approach in words: the chosen option, or the team's own idea."""
        if self.approach == OWN_APPROACH:
            return self.text
        return t(f"proximity.approach.{self.approach}")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A group that is often missing at the table, and why the kit suggests it.

    ``reason`` is ``"absent"`` (no stakeholder of the group on the list),
    ``"far"`` (every placed one is beyond functionally near) or ``"unplaced"``
    (on the list, but nobody placed any of them).
    """

    key: str
    reason: Literal["absent", "far", "unplaced"]
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class MapState:
    """Everything stored about one map, folded from its answers."""

    subject: str = DEFAULT_SUBJECT
    started: bool = False
    template: str | None = None
    title: str = ""
    stakeholders: tuple[Stakeholder, ...] = ()
    placements: tuple[Placement, ...] = ()
    approaches: dict[str, Approach] = field(default_factory=dict)
    phase: str = "think"
    last_seq: int = 0

    def stakeholder(self, stakeholder_id: str) -> Stakeholder:
        for stakeholder in self.stakeholders:
            if stakeholder.id == stakeholder_id:
                return stakeholder
        raise KeyError(stakeholder_id)

    def placements_of(self, participant_id: str) -> list[Placement]:
        return [p for p in self.placements if p.participant_id == participant_id]

    def placement(self, participant_id: str, stakeholder_id: str) -> Placement | None:
        for p in self.placements:
            if (
                p.participant_id == participant_id
                and p.stakeholder_id == stakeholder_id
            ):
                return p
        return None

    @property
    def participants(self) -> int:
        """How many participants placed at least one stakeholder."""
        return len({p.participant_id for p in self.placements})

    @property
    def revealed(self) -> bool:
        return self.phase != "think"

    def aggregates(self) -> list[Aggregate]:
        return aggregate(self.stakeholders, self.placements)


# --- the rules ---------------------------------------------------------------------


def is_soft_voice(impact: int, proximity: str, voice: int) -> bool:
    """Strongly affected, far away and rarely heard: a zachte stem."""
    return impact >= SOFT_MIN_IMPACT and proximity in FAR_RINGS and voice == SOFT_VOICE


def aggregate(
    stakeholders: Sequence[Stakeholder], placements: Iterable[Placement]
) -> list[Aggregate]:
    """The combined placement of every placed stakeholder, in list order."""
    by_stakeholder: dict[str, list[Placement]] = {}
    for placement in placements:
        by_stakeholder.setdefault(placement.stakeholder_id, []).append(placement)
    result = []
    for stakeholder in stakeholders:
        placed = sorted(by_stakeholder.get(stakeholder.id, []), key=lambda p: p.seq)
        if not placed:
            continue
        rings = tuple(sorted((p.proximity for p in placed), key=RINGS.index))
        impacts = tuple(sorted(p.impact for p in placed))
        voices = tuple(sorted(p.voice for p in placed))
        result.append(
            Aggregate(
                stakeholder=stakeholder,
                count=len(placed),
                impact=int(statistics.median_high(impacts)),
                proximity=RINGS[
                    int(statistics.median_high([RINGS.index(r) for r in rings]))
                ],
                voice=int(statistics.median_low(voices)),
                rings=rings,
                impacts=impacts,
                voices=voices,
                soft_votes=sum(
                    is_soft_voice(p.impact, p.proximity, p.voice) for p in placed
                ),
                notes=tuple(p.note for p in placed if p.note),
            )
        )
    return result


def soft_voices(aggregates: Iterable[Aggregate]) -> list[Aggregate]:
    """The soft voices, most affected and furthest away first."""
    found = [a for a in aggregates if a.soft]
    return sorted(found, key=lambda a: (-a.impact, -a.ring_index, a.stakeholder.number))


def differences(aggregates: Iterable[Aggregate]) -> list[Aggregate]:
    """Stakeholders the room placed differently, widest ring spread first."""
    found = [a for a in aggregates if a.differs]
    return sorted(
        found,
        key=lambda a: (
            -a.ring_spread,
            -max(a.impact_spread, a.voice_spread),
            a.stakeholder.number,
        ),
    )


def missing_at_table(
    stakeholders: Sequence[Stakeholder], aggregates: Iterable[Aggregate]
) -> list[Suggestion]:
    """Who is often missing at the table and is absent or far away on this map.

    A group (:data:`MISSING_GROUPS`) is *absent* when no stakeholder of its
    categories is on the list, *far* when some are placed and none of them sits
    nearer than ``via_rapporten``, and *unplaced* when it is listed but nobody
    placed it (the room has not thought about them yet).
    """
    placed = {a.stakeholder.id: a for a in aggregates}
    suggestions = []
    for key, categories in MISSING_GROUPS.items():
        members = [s for s in stakeholders if s.category in categories]
        if not members:
            suggestions.append(Suggestion(key, "absent"))
            continue
        rings = [placed[s.id].proximity for s in members if s.id in placed]
        if not rings:
            suggestions.append(
                Suggestion(key, "unplaced", tuple(s.name for s in members))
            )
        elif not any(r in NEAR_RINGS for r in rings):
            names = tuple(s.name for s in members if s.id in placed)
            suggestions.append(Suggestion(key, "far", names))
    return suggestions
