"""The proximity map's commands and folds: payloads in, :class:`MapState` out.

The commands check what people gave and return the payload to store; the
folds read a map's answers back into its state (:func:`map_state`) and into
what its results show (:func:`map_result`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kit.errors import InvalidInput
from kit.locale import t
from kit.model.events import Event
from kit.model.privacy import too_few
from kit.model.text import visible_text
from kit.model.types import CATEGORIES, RINGS, StakeholderTemplate

if TYPE_CHECKING:
    pass
from kit.model.proximity_records import (
    ADDED_PREFIX,
    APPROACHES,
    DEFAULT_SUBJECT,
    IMPACTS,
    MAX_NAME,
    MAX_NOTE,
    MAX_OWN,
    MAX_WHO,
    OWN_APPROACH,
    TOOL,
    VOICES,
    Aggregate,
    Approach,
    MapState,
    Placement,
    Stakeholder,
    Suggestion,
    differences,
    missing_at_table,
    soft_voices,
)

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


class _Fold:
    """The state of one map while its answers are read, oldest first."""

    def __init__(self) -> None:
        self.started = False
        self.template: str | None = None
        self.title = ""
        self.listed: dict[str, Stakeholder] = {}
        self.by_name: dict[str, str] = {}
        self.alias: dict[str, str] = {}
        self.placements: dict[tuple[str, str], Placement] = {}
        self.approaches: dict[str, Approach] = {}

    def read(self, answer: Event) -> None:
        """Take in one answer; a malformed payload raises (and is skipped)."""
        payload = answer.payload
        if answer.kind == "start":
            self.started = True
            self.template = payload.get("template")
            self.title = str(payload.get("title", ""))
            for entry in payload.get("stakeholders", []):
                self.add_to_list(entry, added=False)
        elif answer.kind == "add":
            self.add_to_list(payload, added=True)
        elif answer.kind == "place" and answer.participant_id:
            self.place(answer.participant_id, payload, answer.seq)
        elif answer.kind == "approach":
            sid = self.alias.get(payload["stakeholder"], payload["stakeholder"])
            self.approaches[sid] = Approach(
                sid,
                str(payload["approach"]),
                str(payload.get("text", "")),
                str(payload.get("who", "")),
                answer.seq,
            )

    def add_to_list(self, entry: Mapping[str, Any], added: bool) -> None:
        sid, name = str(entry["id"]), str(entry["name"])
        if sid in self.listed or sid in self.alias:
            return
        key = name.casefold()
        if key in self.by_name:  # two people added the same name at once: one entry
            self.alias[sid] = self.by_name[key]
            return
        self.listed[sid] = Stakeholder(
            sid,
            name,
            str(entry["category"]),
            len(self.listed) + 1,
            str(entry.get("description", "")),
            added,
        )
        self.by_name[key] = sid

    def place(self, participant: str, payload: Mapping[str, Any], seq: int) -> None:
        sid = self.alias.get(payload["stakeholder"], payload["stakeholder"])
        impact, voice = int(payload["impact"]), int(payload["voice"])
        if (
            sid not in self.listed
            or payload["proximity"] not in RINGS
            or impact not in IMPACTS
            or voice not in VOICES
        ):
            return
        self.placements[(participant, sid)] = Placement(
            participant,
            sid,
            impact,
            payload["proximity"],
            voice,
            str(payload.get("note", "")),
            seq,
        )


def map_state(answers: Iterable[Event], subject: str = DEFAULT_SUBJECT) -> MapState:
    """Fold the answers of one map into its current state (latest answer wins).

    Answers of other tools or subjects are ignored, so a whole session's answers
    may be passed. Malformed payloads (e.g. from an old export) are skipped.
    Starting the map again (a ``start`` answer) begins a new list.
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
    fold = _Fold()
    for answer in mine:
        if answer.seq < start_at:
            continue
        try:
            fold.read(answer)
        except (KeyError, TypeError, ValueError):
            continue
    return MapState(
        subject=subject,
        started=fold.started,
        template=fold.template,
        title=fold.title,
        stakeholders=tuple(fold.listed.values()),
        placements=tuple(sorted(fold.placements.values(), key=lambda p: p.seq)),
        approaches={k: v for k, v in fold.approaches.items() if k in fold.listed},
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
            _difference_row(a, too_few(state.participants))
            for a in differences(combined.values())
        ],
    }


def _difference_row(agg: Aggregate, counts_only: bool) -> dict[str, Any]:
    """One stakeholder placed apart; per-person values only in a large enough group."""
    row: dict[str, Any] = {
        "number": agg.stakeholder.number,
        "name": agg.stakeholder.name,
    }
    if not counts_only:
        row |= {
            "rings": ring_votes(agg),
            "impacts": list(agg.impacts),
            "voices": list(agg.voices),
        }
    return row


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
