"""What the room said in the speaking-up workshop (tegenspraak): pure functions.

Three small tools share one store ``tool``: the anonymous self-scan of the
blocking beliefs (blokkerende overtuigingen), the shared dilemma "loyal after
dissent, or a drammer?", and the palette of actions from gut feeling to a formal
report. Events are append-only; a participant's *current* answer is their latest
event of its kind (highest ``seq``). Nothing here knows widgets, charts or the
store; pandas is imported only by the ``*_frame`` functions, so a participant's
kernel starts without it.

Events (tool ``"speaking"``)
----------------------------
============= ============= =========== ===========================================
subject       kind          by          payload
============= ============= =========== ===========================================
``_scan``     ``phase``     facilitator ``phase`` (think, reveal, discuss, close)
belief id     ``rating``    participant ``score``: 1–5, or 0 for "weet ik niet"
``_dilemma``  ``phase``     facilitator ``phase``
``_dilemma``  ``stand``     participant ``position``: 1–5, ``reason`` (may be "")
``_palette``  ``situation`` facilitator ``id``, ``text``, ``card_id``, ``title``
``_palette``  ``phase``     facilitator ``phase`` (back to think on a new situation)
``_palette``  ``pick``      participant ``situation``: situation id, ``now`` and
                                        ``furthest``: action ids
``_app``      ``focus``     facilitator ``part``: the part the room looks at
============= ============= =========== ===========================================

Subjects of the tool itself start with ``_``; belief ids never do (schema pattern
``^[a-z][a-z0-9_]*$``), so the two cannot clash.

This module is the tool's one door; the work is done in
:mod:`~kit.model.speaking_scan` (shared vocabulary and the self-scan),
:mod:`~kit.model.speaking_stance` (the shared dilemma),
:mod:`~kit.model.speaking_palette` (the palette) and
:mod:`~kit.model.speaking_report` (results for the report).
"""

from __future__ import annotations

from kit.model.speaking_palette import (
    PaletteResult,
    Pick,
    Situation,
    StepCount,
    current_picks,
    current_situation,
    palette_frame,
    palette_result,
    pick_payload,
    situation_id,
    situation_payload,
    situations,
)
from kit.model.speaking_report import (
    session_report,
)
from kit.model.speaking_scan import (
    AGREE,
    ANONYMOUS_FROM,
    APP,
    DILEMMA,
    DISAGREE,
    DONT_KNOW,
    FOCUS,
    MAX_REASON,
    MAX_SITUATION,
    PALETTE,
    PART_SUBJECTS,
    PARTS,
    PHASE,
    PICK,
    POSITIONS,
    RATING,
    SCALE,
    SCAN,
    SCORES,
    SITUATION,
    STAND,
    TOOL,
    BeliefDistribution,
    ScanResult,
    clean_text,
    current_ratings,
    focus_of,
    is_revealed,
    last_seq,
    most_divided,
    most_recognised,
    phase_of,
    rating_payload,
    scan_distributions,
    scan_frame,
    scan_result,
)
from kit.model.speaking_stance import (
    StanceResult,
    Stand,
    current_stands,
    stance_frame,
    stance_result,
    stand_payload,
)

__all__ = [
    "AGREE",
    "ANONYMOUS_FROM",
    "APP",
    "DILEMMA",
    "DISAGREE",
    "DONT_KNOW",
    "FOCUS",
    "MAX_REASON",
    "MAX_SITUATION",
    "PALETTE",
    "PARTS",
    "PART_SUBJECTS",
    "PHASE",
    "PICK",
    "POSITIONS",
    "RATING",
    "SCALE",
    "SCAN",
    "SCORES",
    "SITUATION",
    "STAND",
    "TOOL",
    "BeliefDistribution",
    "PaletteResult",
    "Pick",
    "ScanResult",
    "Situation",
    "StanceResult",
    "Stand",
    "StepCount",
    "clean_text",
    "current_picks",
    "current_ratings",
    "current_situation",
    "current_stands",
    "focus_of",
    "is_revealed",
    "last_seq",
    "most_divided",
    "most_recognised",
    "palette_frame",
    "palette_result",
    "phase_of",
    "pick_payload",
    "rating_payload",
    "scan_distributions",
    "scan_frame",
    "scan_result",
    "session_report",
    "situation_id",
    "situation_payload",
    "situations",
    "stance_frame",
    "stance_result",
    "stand_payload",
]
