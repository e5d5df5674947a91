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
    ``{"phase": "think" | "reveal" | ..., "round": 1, "variation_id": None}``,
    the one phase dialect of :mod:`kit.model.phases`.

The soft-voice rule (zachte stem), applied to the room's combined placement:
impact ≥ 3 **and** ring ``via_rapporten`` or ``niet_in_beeld`` **and** voice 1.

This module is the tool's one door; the work is done in
:mod:`~kit.model.proximity_records` (records and rules),
:mod:`~kit.model.proximity_state` (commands and folds) and
:mod:`~kit.model.proximity_layout` (where each stakeholder goes on the map).
"""

from __future__ import annotations

from kit.model.proximity_layout import (
    LABEL_GAP,
    TEAM_RADIUS,
    MapPoint,
    layout,
    layout_frames,
    polar_to_xy,
    ring_radius,
    sector,
    sector_angles,
)
from kit.model.proximity_records import (
    ADDED_PREFIX,
    APPROACHES,
    DEFAULT_SUBJECT,
    DIFFERENCE_STEPS,
    FAR_RINGS,
    IMPACTS,
    MAX_NAME,
    MAX_NOTE,
    MAX_OWN,
    MAX_WHO,
    MISSING_GROUPS,
    NEAR_RINGS,
    OWN_APPROACH,
    SOFT_MIN_IMPACT,
    SOFT_VOICE,
    TOOL,
    VOICES,
    Aggregate,
    Approach,
    MapState,
    Placement,
    Stakeholder,
    Suggestion,
    aggregate,
    differences,
    is_soft_voice,
    missing_at_table,
    soft_voices,
)
from kit.model.proximity_state import (
    MapResult,
    add_payload,
    approach_payload,
    clean_text,
    map_report,
    map_result,
    map_state,
    map_subjects,
    place_payload,
    ring_votes,
    soft_voice_plans,
    start_payload,
)

__all__ = [
    "ADDED_PREFIX",
    "APPROACHES",
    "DEFAULT_SUBJECT",
    "DIFFERENCE_STEPS",
    "FAR_RINGS",
    "IMPACTS",
    "LABEL_GAP",
    "MAX_NAME",
    "MAX_NOTE",
    "MAX_OWN",
    "MAX_WHO",
    "MISSING_GROUPS",
    "NEAR_RINGS",
    "OWN_APPROACH",
    "SOFT_MIN_IMPACT",
    "SOFT_VOICE",
    "TEAM_RADIUS",
    "TOOL",
    "VOICES",
    "Aggregate",
    "Approach",
    "MapPoint",
    "MapResult",
    "MapState",
    "Placement",
    "Stakeholder",
    "Suggestion",
    "add_payload",
    "aggregate",
    "approach_payload",
    "clean_text",
    "differences",
    "is_soft_voice",
    "layout",
    "layout_frames",
    "map_report",
    "map_result",
    "map_state",
    "map_subjects",
    "missing_at_table",
    "place_payload",
    "polar_to_xy",
    "ring_radius",
    "ring_votes",
    "sector",
    "sector_angles",
    "soft_voice_plans",
    "soft_voices",
    "start_payload",
]
