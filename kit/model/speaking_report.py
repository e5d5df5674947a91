"""Speaking up's results as JSON-ready data for the session report and exports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from kit.model.events import Event

if TYPE_CHECKING:
    pass
from kit.model.speaking_palette import (
    PaletteResult,
    palette_result,
    situations,
)
from kit.model.speaking_scan import (
    DILEMMA,
    PALETTE,
    POSITIONS,
    SCALE,
    SCAN,
    phase_of,
    scan_result,
)
from kit.model.speaking_stance import (
    stance_result,
)

# --------------------------------------------------------------------- the report


def session_report(
    events: Iterable[Event],
    belief_ids: Sequence[str],
    action_ids: Sequence[str],
) -> dict[str, Any]:
    """Everything of the speaking-up workshop for a session report, JSON-ready.

    Counts and anonymous reasons only: no participant ids, no pseudonyms, no
    order of arrival. Palette results are given for every situation played.
    """
    events = list(events)
    scan = scan_result(events, belief_ids)
    stance = stance_result(events)
    return {
        "scan": {
            "phase": phase_of(events, SCAN),
            "participants": scan.participants,
            "most_recognised": list(scan.most_recognised),
            "most_divided": list(scan.most_divided),
            "beliefs": [
                {
                    "belief_id": d.belief_id,
                    "counts": {str(s): d.counts.get(s, 0) for s in SCALE},
                    "dont_know": d.dont_know,
                    "mean": d.mean,
                    "spread": d.spread,
                    "agree": d.agree,
                    "disagree": d.disagree,
                }
                for d in scan.distributions
            ],
        },
        "dilemma": {
            "phase": phase_of(events, DILEMMA),
            "counts": {str(p): stance.counts.get(p, 0) for p in POSITIONS},
            "total": stance.total,
            "mean": stance.mean,
            "reasons": [{"position": p, "text": r} for p, r in stance.reasons],
        },
        "palette": {
            "phase": phase_of(events, PALETTE),
            "situations": [
                {
                    "id": s.id,
                    "title": s.title,
                    "text": s.text,
                    "card_id": s.card_id,
                    **_palette_report(palette_result(events, s.id, action_ids)),
                }
                for s in situations(events)
            ],
        },
    }


def _palette_report(result: PaletteResult) -> dict[str, Any]:
    return {
        "total": result.total,
        "steps": [
            {
                "action_id": s.action_id,
                "now": s.now,
                "furthest": s.furthest,
                "reach": s.reach,
            }
            for s in result.steps
        ],
        "most_now": list(result.most_now),
        "most_furthest": list(result.most_furthest),
        "median_gap": result.median_gap,
    }
