"""Where each stakeholder goes on the map: rings around the team, sectors by kind."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kit.model.types import CATEGORIES, RINGS

if TYPE_CHECKING:
    import pandas as pd
from kit.model.proximity_records import (
    Aggregate,
    Stakeholder,
)

# --- layout: rings around the team ---------------------------------------------------

#: Degrees left open at the top of the map for the ring labels.
LABEL_GAP = 30.0
#: Radius of the team in the centre; ring ``i`` is drawn at radius ``i + 1``.
TEAM_RADIUS = 0.5


def ring_radius(ring: str) -> float:
    """Radius of a ring's centre line: 1 for ``aan_tafel`` … 5 for ``niet_in_beeld``."""
    return RINGS.index(ring) + 1.0


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
    backdrop = _backdrop_rows()
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
        "rings": pd.DataFrame(backdrop["rings"]),
        "ring_labels": pd.DataFrame(backdrop["ring_labels"]),
        "sectors": pd.DataFrame(backdrop["sectors"]),
        "dividers": pd.DataFrame(backdrop["dividers"]).drop_duplicates(
            ignore_index=True
        ),
    }


def _backdrop_rows() -> dict[str, list[dict[str, Any]]]:
    """The map's fixed parts: rings as closed lines, their labels, the sectors."""
    ring_rows: list[dict[str, Any]] = []
    ring_labels: list[dict[str, Any]] = []
    for ring in RINGS:
        radius = ring_radius(ring)
        ring_labels.append({"ring": ring, "x": 0.0, "y": radius})
        for step in range(121):
            x, y = polar_to_xy(radius, step * 3.0)
            ring_rows.append({"ring": ring, "order": step, "x": x, "y": y})
    sector_rows: list[dict[str, Any]] = []
    divider_rows: list[dict[str, Any]] = []
    outer = len(RINGS) + 0.5
    for category in CATEGORIES:
        start, end = sector(category)
        x, y = polar_to_xy(outer + 0.75, (start + end) / 2)
        sector_rows.append({"category": category, "x": x, "y": y})
        for angle in (start, end):
            x1, y1 = polar_to_xy(TEAM_RADIUS, angle)
            x2, y2 = polar_to_xy(outer, angle)
            divider_rows.append({"x": x1, "y": y1, "x2": x2, "y2": y2})
    return {
        "rings": ring_rows,
        "ring_labels": ring_labels,
        "sectors": sector_rows,
        "dividers": divider_rows,
    }
