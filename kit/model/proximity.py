"""The stakeholder-nabijheidskaart as data: who is affected, how close, how loud.

Everything here is a pure function of the stored answers of the tool
``proximity`` (see :func:`map_state`), so every kernel in a room computes the
same map. The events, all with ``subject`` = the map's id:

``start`` (facilitator)
    ``{"template": id | None, "title": str, "stakeholders": [{id, name,
    category, description}, ...]}``. Begins a new map; events before the latest
    ``start`` belong to an earlier map and are left out (never deleted).
``add`` (anyone)
    ``{"id": "extra-…", "name": str, "category": str}``: a stakeholder the room
    adds to the shared list.
``place`` (participant)
    ``{"stakeholder": id, "impact": 1-4, "proximity": ring, "voice": 1-3,
    "note": str}``. A participant's latest placement of a stakeholder counts.
``approach`` (anyone)
    ``{"stakeholder": id, "approach": key, "text": str, "who": str}``: how the
    team will get closer to a soft voice; the latest one per stakeholder counts.
``phase`` (facilitator)
    ``{"phase": "think" | "reveal" | ...}`` as written by ``Seat.set_phase``.

The soft-voice rule (zachte stem), applied to the room's combined placement:
impact ≥ 3 **and** ring ``via_rapporten`` or ``niet_in_beeld`` **and** voice 1.
"""

from __future__ import annotations

import math
import statistics
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from kit.errors import InvalidInput
from kit.locale import t
from kit.model.events import Event
from kit.model.text import visible_text
from kit.model.types import CATEGORIES, RINGS, ProximityRing, StakeholderTemplate

if TYPE_CHECKING:
    import pandas as pd

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


# --- checking input and building payloads ----------------------------------------


def clean_text(text: object, limit: int, what: str, *, required: bool = True) -> str:
    """Trim typed text and drop control characters; refuse empty or overlong text."""
    cleaned = " ".join(visible_text(" ".join(str(text or "").split())).split())
    if (required and not cleaned) or len(cleaned) > limit:
        raise InvalidInput(what)
    return cleaned


def start_payload(template: StakeholderTemplate | None) -> dict[str, Any]:
    """The ``start`` event: the template's stakeholders become the shared list."""
    if template is None:
        return {"template": None, "title": "", "stakeholders": []}
    return {
        "template": template.id,
        "title": template.title,
        "stakeholders": [
            {
                "id": s.id,
                "name": s.name,
                "category": s.category,
                "description": s.description,
            }
            for s in template.stakeholders
        ],
    }


def add_payload(state: MapState, name: object, category: str) -> dict[str, Any]:
    """The ``add`` event for a new stakeholder; refuses a name already listed."""
    cleaned = clean_text(name, MAX_NAME, "proximity_name")
    if category not in CATEGORIES:
        raise InvalidInput("proximity_category")
    if any(s.name.casefold() == cleaned.casefold() for s in state.stakeholders):
        raise InvalidInput("proximity_name_taken")
    return {
        "id": ADDED_PREFIX + uuid.uuid4().hex[:12],
        "name": cleaned,
        "category": category,
    }


def place_payload(
    state: MapState,
    stakeholder_id: str,
    impact: int,
    proximity: str,
    voice: int,
    note: object = "",
) -> dict[str, Any]:
    """The ``place`` event, after checking every value against its scale."""
    _known(state, stakeholder_id)
    if not _is_step(impact, IMPACTS):
        raise InvalidInput("proximity_impact")
    if proximity not in RINGS:
        raise InvalidInput("proximity_ring")
    if not _is_step(voice, VOICES):
        raise InvalidInput("proximity_voice")
    return {
        "stakeholder": stakeholder_id,
        "impact": impact,
        "proximity": proximity,
        "voice": voice,
        "note": clean_text(note, MAX_NOTE, "proximity_note", required=False),
    }


def approach_payload(
    state: MapState, stakeholder_id: str, approach: str, who: object, text: object = ""
) -> dict[str, Any]:
    """The ``approach`` event: a listed approach, or the team's own idea as text.

    ``approach`` is one of :data:`APPROACHES`, or :data:`OWN_APPROACH` with
    ``text``; any other string is taken as the own idea itself.
    """
    _known(state, stakeholder_id)
    if not approach:
        raise InvalidInput("proximity_approach")
    own = ""
    if approach not in APPROACHES:
        own = clean_text(
            text if approach == OWN_APPROACH else approach, MAX_OWN, "proximity_own"
        )
        approach = OWN_APPROACH
    return {
        "stakeholder": stakeholder_id,
        "approach": approach,
        "text": own,
        "who": clean_text(who, MAX_WHO, "proximity_who"),
    }


def _is_step(value: object, scale: tuple[int, ...]) -> bool:
    """A whole number on ``scale`` (``True`` is not a 1)."""
    return isinstance(value, int) and not isinstance(value, bool) and value in scale


def _known(state: MapState, stakeholder_id: str) -> None:
    if not any(s.id == stakeholder_id for s in state.stakeholders):
        raise InvalidInput("proximity_unknown")


# --- folding stored answers --------------------------------------------------------


def map_state(answers: Iterable[Event], subject: str = DEFAULT_SUBJECT) -> MapState:
    """Fold the answers of one map into its current state (latest answer wins).

    Answers of other tools or subjects are ignored, so a whole session's answers
    may be passed. Malformed payloads (e.g. from an old export) are skipped.
    """
    mine = sorted(
        (a for a in answers if a.tool == TOOL and a.subject == subject),
        key=lambda a: a.seq,
    )
    phase = "think"
    start_at = 0
    for answer in mine:
        if answer.kind == "phase":
            phase = str(answer.payload.get("phase", "think"))
        elif answer.kind == "start":
            start_at = answer.seq
    started = False
    template: str | None = None
    title = ""
    listed: dict[str, Stakeholder] = {}
    by_name: dict[str, str] = {}
    alias: dict[str, str] = {}
    placements: dict[tuple[str, str], Placement] = {}
    approaches: dict[str, Approach] = {}

    def add(entry: dict[str, Any], added: bool) -> None:
        sid, name = str(entry["id"]), str(entry["name"])
        if sid in listed or sid in alias:
            return
        key = name.casefold()
        if key in by_name:  # two people added the same name at once: one entry
            alias[sid] = by_name[key]
            return
        listed[sid] = Stakeholder(
            sid,
            name,
            str(entry["category"]),
            len(listed) + 1,
            str(entry.get("description", "")),
            added,
        )
        by_name[key] = sid

    for answer in mine:
        if answer.seq < start_at:
            continue
        payload = answer.payload
        try:
            if answer.kind == "start":
                started = True
                template = payload.get("template")
                title = str(payload.get("title", ""))
                for entry in payload.get("stakeholders", []):
                    add(entry, added=False)
            elif answer.kind == "add":
                add(payload, added=True)
            elif answer.kind == "place" and answer.participant_id:
                sid = alias.get(payload["stakeholder"], payload["stakeholder"])
                impact, voice = int(payload["impact"]), int(payload["voice"])
                if (
                    sid not in listed
                    or payload["proximity"] not in RINGS
                    or impact not in IMPACTS
                    or voice not in VOICES
                ):
                    continue
                placements[(answer.participant_id, sid)] = Placement(
                    answer.participant_id,
                    sid,
                    impact,
                    payload["proximity"],
                    voice,
                    str(payload.get("note", "")),
                    answer.seq,
                )
            elif answer.kind == "approach":
                sid = alias.get(payload["stakeholder"], payload["stakeholder"])
                approaches[sid] = Approach(
                    sid,
                    str(payload["approach"]),
                    str(payload.get("text", "")),
                    str(payload.get("who", "")),
                    answer.seq,
                )
        except (KeyError, TypeError, ValueError):
            continue
    return MapState(
        subject=subject,
        started=started,
        template=template,
        title=title,
        stakeholders=tuple(listed.values()),
        placements=tuple(sorted(placements.values(), key=lambda p: p.seq)),
        approaches={k: v for k, v in approaches.items() if k in listed},
        phase=phase,
        last_seq=mine[-1].seq if mine else 0,
    )


def ring_votes(agg: Aggregate) -> str:
    """The rings a stakeholder was placed on, with how often: ``Aan tafel (2×), …``."""
    return ", ".join(
        t(
            "proximity.ring_votes",
            ring=t(f"proximity.ring.short.{ring}"),
            n=agg.rings.count(ring),
        )
        for ring in dict.fromkeys(agg.rings)
    )


def soft_voice_plans(
    answers: Iterable[Event], subject: str = DEFAULT_SUBJECT
) -> list[dict[str, Any]]:
    """Soft voices and the team's approaches, as rows for the session report.

    One row per soft voice (with ``approach`` ``None`` if none was recorded yet),
    followed by stakeholders that got an approach without being a soft voice.
    Keys: ``number, stakeholder_id, name, category, impact, proximity, voice,
    placements, soft, approach, approach_label, who``.
    """
    return list(map_result(map_state(answers, subject)).plans)


@dataclass(frozen=True)
class MapResult:
    """What the room sees of a map after the reveal, folded once.

    ``combined`` has one aggregate per placed stakeholder; ``soft``,
    ``differences`` and ``missing`` are :func:`soft_voices`,
    :func:`differences` and :func:`missing_at_table` of it; ``plans`` are the
    rows of :func:`soft_voice_plans`.
    """

    state: MapState
    combined: tuple[Aggregate, ...]
    soft: tuple[Aggregate, ...]
    differences: tuple[Aggregate, ...]
    missing: tuple[Suggestion, ...]
    plans: tuple[dict[str, Any], ...]


def map_result(state: MapState) -> MapResult:
    """Fold a map's state into what its results show."""
    combined = state.aggregates()
    soft = soft_voices(combined)
    by_id = {a.stakeholder.id: a for a in combined}
    soft_ids = {a.stakeholder.id for a in soft}
    plans = [_plan_row(state, a.stakeholder, a) for a in soft]
    plans += [
        _plan_row(state, state.stakeholder(sid), by_id.get(sid))
        for sid in state.approaches
        if sid not in soft_ids
    ]
    return MapResult(
        state=state,
        combined=tuple(combined),
        soft=tuple(soft),
        differences=tuple(differences(combined)),
        missing=tuple(missing_at_table(state.stakeholders, combined)),
        plans=tuple(plans),
    )


def map_subjects(answers: Iterable[Event]) -> list[str]:
    """The ids of the proximity maps in a session's answers, in order of first use."""
    return list(dict.fromkeys(a.subject for a in answers if a.tool == TOOL))


def map_report(
    answers: Iterable[Event],
    subject: str = DEFAULT_SUBJECT,
    *,
    with_notes: bool = False,
) -> dict[str, Any]:
    """Everything the session report shows of one map, as JSON-ready data.

    Keys: ``subject, title, template, participants, stakeholders`` (every listed
    stakeholder with the combined placement, ``None`` where unplaced),
    ``soft_voices`` (:func:`soft_voice_plans`), ``missing`` (who is missing at
    the table, with the reason in words) and ``differences``. Participants' notes
    are free text and only included ``with_notes``.
    """
    answers = list(answers)
    state = map_state(answers, subject)
    combined = {a.stakeholder.id: a for a in state.aggregates()}
    stakeholders = []
    for s in state.stakeholders:
        agg = combined.get(s.id)
        row: dict[str, Any] = {
            "number": s.number,
            "stakeholder_id": s.id,
            "name": s.name,
            "category": s.category,
            "category_label": t(f"proximity.category.{s.category}"),
            "added": s.added,
            "placements": agg.count if agg else 0,
            "impact": agg.impact if agg else None,
            "proximity": agg.proximity if agg else None,
            "proximity_label": (
                t(f"proximity.ring.short.{agg.proximity}") if agg else None
            ),
            "voice": agg.voice if agg else None,
            "rings": ring_votes(agg) if agg else "",
            "soft": bool(agg and agg.soft),
            "differs": bool(agg and agg.differs),
        }
        if with_notes:
            row["notes"] = list(agg.notes) if agg else []
        stakeholders.append(row)
    return {
        "subject": subject,
        "title": state.title,
        "template": state.template,
        "participants": state.participants,
        "stakeholders": stakeholders,
        "soft_voices": soft_voice_plans(answers, subject),
        "missing": [
            {
                "key": m.key,
                "label": t(f"proximity.missing.{m.key}"),
                "reason": m.reason,
                "reason_label": t(
                    f"proximity.missing.reason.{m.reason}", names=", ".join(m.names)
                ),
                "names": list(m.names),
            }
            for m in missing_at_table(state.stakeholders, list(combined.values()))
        ],
        "differences": [
            {
                "number": a.stakeholder.number,
                "name": a.stakeholder.name,
                "rings": ring_votes(a),
                "impacts": list(a.impacts),
                "voices": list(a.voices),
            }
            for a in differences(combined.values())
        ],
    }


def _plan_row(
    state: MapState, stakeholder: Stakeholder, combined: Aggregate | None
) -> dict[str, Any]:
    plan = state.approaches.get(stakeholder.id)
    return {
        "number": stakeholder.number,
        "stakeholder_id": stakeholder.id,
        "name": stakeholder.name,
        "category": stakeholder.category,
        "impact": combined.impact if combined else None,
        "proximity": combined.proximity if combined else None,
        "voice": combined.voice if combined else None,
        "placements": combined.count if combined else 0,
        "soft": bool(combined and combined.soft),
        "approach": plan.approach if plan else None,
        "approach_label": plan.label() if plan else None,
        "who": plan.who if plan else None,
    }


# --- layout: rings around the team ---------------------------------------------------

#: Degrees left open at the top of the map for the ring labels.
LABEL_GAP = 30.0
#: Radius of the team in the centre; ring ``i`` is drawn at radius ``i + 1``.
TEAM_RADIUS = 0.5


def ring_radius(ring: str) -> float:
    """Radius of a ring's centre line: 1 for ``aan_tafel`` … 5 for ``niet_in_beeld``."""
    return RINGS.index(ring) + 1.0  # type: ignore[arg-type]


def sector(category: str) -> tuple[float, float]:
    """Start and end angle (degrees clockwise from the top) of a category's sector."""
    width = (360.0 - LABEL_GAP) / len(CATEGORIES)
    index = (
        CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES) - 1
    )
    start = LABEL_GAP / 2 + index * width
    return start, start + width


def polar_to_xy(radius: float, angle: float) -> tuple[float, float]:
    """Map coordinates for ``angle`` degrees clockwise from the top (y points up)."""
    rad = math.radians(angle)
    return round(radius * math.sin(rad), 4), round(radius * math.cos(rad), 4)


def sector_angles(stakeholders: Sequence[Stakeholder]) -> dict[str, float]:
    """An angle per stakeholder: spread evenly over its category's sector.

    For views that move markers between rings (the drag view), so a marker keeps
    its direction whatever ring it is on.
    """
    by_category: dict[str, list[Stakeholder]] = {}
    for stakeholder in sorted(stakeholders, key=lambda s: s.number):
        by_category.setdefault(stakeholder.category, []).append(stakeholder)
    angles = {}
    for category, members in by_category.items():
        start, end = sector(category)
        for k, stakeholder in enumerate(members):
            angles[stakeholder.id] = round(
                start + (end - start) * (k + 1) / (len(members) + 1), 3
            )
    return angles


@dataclass(frozen=True, slots=True)
class MapPoint:
    """Where one stakeholder sits on the map, with what the chart encodes."""

    aggregate: Aggregate
    angle: float
    radius: float
    x: float
    y: float


def layout(aggregates: Sequence[Aggregate]) -> list[MapPoint]:
    """Place each combined stakeholder on its ring, in its category's sector.

    Stakeholders sharing a sector and ring are spread evenly over the sector;
    when more than two share one, they alternate slightly in and out so their
    markers do not overlap. The result only depends on the list, so a marker
    does not jump when someone elsewhere on the map changes their mind.
    """
    cells: dict[tuple[str, str], list[Aggregate]] = {}
    for agg in sorted(aggregates, key=lambda a: a.stakeholder.number):
        cells.setdefault((agg.stakeholder.category, agg.proximity), []).append(agg)
    points = []
    for (category, ring), members in cells.items():
        start, end = sector(category)
        crowded = len(members) > 2
        for k, agg in enumerate(members):
            angle = start + (end - start) * (k + 1) / (len(members) + 1)
            radius = ring_radius(ring) + ((0.22 if k % 2 else -0.22) if crowded else 0)
            x, y = polar_to_xy(radius, angle)
            points.append(MapPoint(agg, round(angle, 3), radius, x, y))
    return sorted(points, key=lambda p: p.aggregate.stakeholder.number)


def layout_frames(points: Sequence[MapPoint]) -> dict[str, pd.DataFrame]:
    """Tidy tables for the chart.

    ``points`` (one per stakeholder), ``spread``, ``votes``, ``rings`` (each
    ring as a closed line), ``ring_labels``, ``sectors`` (category label
    positions) and ``dividers`` (lines between the category sectors).

    ``spread`` holds a segment per stakeholder placed on more than one ring (from
    the nearest to the furthest ring, along its angle), ``votes`` each distinct
    ring someone chose for it.
    """
    import pandas as pd

    point_rows, spread_rows, vote_rows = [], [], []
    for p in points:
        agg = p.aggregate
        point_rows.append(
            {
                "number": agg.stakeholder.number,
                "label": str(agg.stakeholder.number),
                "x": p.x,
                "y": p.y,
                "impact": agg.impact,
                "voice": agg.voice,
                "ring": agg.proximity,
                "soft": agg.soft,
                "differs": agg.differs,
            }
        )
        if agg.ring_spread:
            x1, y1 = polar_to_xy(ring_radius(agg.nearest), p.angle)
            x2, y2 = polar_to_xy(ring_radius(agg.furthest), p.angle)
            spread_rows.append(
                {"number": agg.stakeholder.number, "x": x1, "y": y1, "x2": x2, "y2": y2}
            )
            for ring in dict.fromkeys(agg.rings):
                x, y = polar_to_xy(ring_radius(ring), p.angle)
                vote_rows.append(
                    {
                        "number": agg.stakeholder.number,
                        "ring": ring,
                        "votes": agg.rings.count(ring),
                        "x": x,
                        "y": y,
                    }
                )
    ring_rows, ring_labels = [], []
    for ring in RINGS:
        radius = ring_radius(ring)
        ring_labels.append({"ring": ring, "x": 0.0, "y": radius})
        for step in range(121):
            x, y = polar_to_xy(radius, step * 3.0)
            ring_rows.append({"ring": ring, "order": step, "x": x, "y": y})
    sector_rows, divider_rows = [], []
    outer = len(RINGS) + 0.5
    for category in CATEGORIES:
        start, end = sector(category)
        x, y = polar_to_xy(outer + 0.75, (start + end) / 2)
        sector_rows.append({"category": category, "x": x, "y": y})
        for angle in (start, end):
            x1, y1 = polar_to_xy(TEAM_RADIUS, angle)
            x2, y2 = polar_to_xy(outer, angle)
            divider_rows.append({"x": x1, "y": y1, "x2": x2, "y2": y2})
    columns = {
        "points": [
            "number",
            "label",
            "x",
            "y",
            "impact",
            "voice",
            "ring",
            "soft",
            "differs",
        ],
        "spread": ["number", "x", "y", "x2", "y2"],
        "votes": ["number", "ring", "votes", "x", "y"],
    }
    return {
        "points": pd.DataFrame(point_rows, columns=columns["points"]),
        "spread": pd.DataFrame(spread_rows, columns=columns["spread"]),
        "votes": pd.DataFrame(vote_rows, columns=columns["votes"]),
        "rings": pd.DataFrame(ring_rows),
        "ring_labels": pd.DataFrame(ring_labels),
        "sectors": pd.DataFrame(sector_rows),
        "dividers": pd.DataFrame(divider_rows).drop_duplicates(ignore_index=True),
    }
