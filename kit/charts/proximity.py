"""The combined stakeholder-nabijheidskaart: rings of proximity around the team.

Each stakeholder is a numbered marker on its ring, in the sector of its
category; its size shows how hard the decision affects them, colour *and*
shape show how loud their voice is (so colour is never the only cue). Soft
voices get a dashed red halo; where participants placed a stakeholder on
different rings, a dashed line with open dots runs from the nearest to the
furthest ring. Names stay off the map (numbers only), so nothing typed by a
participant ends up in the SVG and long names cannot overlap: the figure's
table and the lists beside the map carry them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import altair as alt
import pandas as pd

from kit.charts.render import ChartFigure, figure
from kit.charts.theme import TEXT
from kit.locale import t
from kit.model.proximity import Aggregate, layout, layout_frames, ring_votes
from kit.model.types import RINGS

WIDTH = 840
HEIGHT = 620
#: Half the height in map units: the outer ring ends at 5.5, labels need room.
Y_EXTENT = 6.6
UNIT = HEIGHT / (2 * Y_EXTENT)
X_EXTENT = WIDTH / UNIT / 2

#: Voice 1-3: Okabe–Ito orange, sky blue and blue, each with its own shape.
VOICE_COLOURS = ("#E69F00", "#56B4E9", "#0072B2")
VOICE_SHAPES = ("circle", "square", "diamond")
#: Text on a marker: dark on the light fills, white on the dark blue.
VOICE_TEXT = ("#1a1a1a", "#1a1a1a", "#ffffff")
BAND_COLOURS = ("#e4e9f0", "#f4f6f9")
SOFT_COLOUR = "#b3261e"
SPREAD_COLOUR = "#3d3d3d"
DIVIDER_COLOUR = "#c2c8d0"


def _x(field: str = "x") -> alt.X:
    return alt.X(
        f"{field}:Q",
        scale=alt.Scale(domain=[-X_EXTENT, X_EXTENT], nice=False, zero=False),
        axis=None,
    )


def _y(field: str = "y") -> alt.Y:
    return alt.Y(
        f"{field}:Q",
        scale=alt.Scale(domain=[-Y_EXTENT, Y_EXTENT], nice=False, zero=False),
        axis=None,
    )


def proximity_chart(frames: dict[str, pd.DataFrame]) -> alt.LayerChart:
    """The layered map from :func:`kit.model.proximity.layout_frames`."""
    points = frames["points"].assign(
        voice_label=[t(f"proximity.voice.short.{v}") for v in frames["points"]["voice"]]
    )
    rings = frames["rings"].assign(
        band=[RINGS.index(r) % 2 for r in frames["rings"]["ring"]]
    )
    ring_labels = frames["ring_labels"].assign(
        text=[t(f"proximity.ring.short.{r}") for r in frames["ring_labels"]["ring"]]
    )
    sectors = frames["sectors"].assign(
        text=[t(f"proximity.category.map.{c}") for c in frames["sectors"]["category"]]
    )
    # alt.layer() is typed to return LayerChart | FacetChart; the class is exact.
    return alt.LayerChart(
        layer=[
            *_backdrop(rings, ring_labels, sectors, frames["dividers"]),
            *_markers(points, frames["spread"], frames["votes"]),
        ]
    ).properties(width=WIDTH, height=HEIGHT)


def _backdrop(
    rings: pd.DataFrame,
    ring_labels: pd.DataFrame,
    sectors: pd.DataFrame,
    divider_frame: pd.DataFrame,
) -> list[alt.Chart]:
    """Rings, sector dividers, the team in the middle and the labels."""
    bands = (
        alt.Chart(rings)
        .mark_line(strokeWidth=UNIT * 0.98, strokeCap="butt")
        .encode(
            x=_x(),
            y=_y(),
            detail="ring:N",
            order="order:Q",
            color=alt.condition(
                "datum.band == 0",
                alt.value(BAND_COLOURS[0]),
                alt.value(BAND_COLOURS[1]),
            ),
        )
    )
    dividers = (
        alt.Chart(divider_frame)
        .mark_rule(color=DIVIDER_COLOUR, strokeWidth=1.5)
        .encode(x=_x(), y=_y(), x2="x2:Q", y2="y2:Q")
    )
    team = alt.Chart(
        pd.DataFrame({"x": [0.0], "y": [0.0], "text": [t("proximity.map.team")]})
    )
    team_dot = team.mark_point(
        shape="circle", filled=True, color="#1a1a1a", opacity=1, size=UNIT**2
    ).encode(x=_x(), y=_y())
    team_text = team.mark_text(
        color="white", fontSize=11, fontWeight="bold", lineBreak="\n"
    ).encode(x=_x(), y=_y(), text="text:N")
    # A white halo under the ring labels keeps them readable across the dividers.
    ring_halo = (
        alt.Chart(ring_labels)
        .mark_text(
            fontSize=14,
            fontWeight="bold",
            stroke="white",
            strokeWidth=5,
            strokeJoin="round",
        )
        .encode(x=_x(), y=_y(), text="text:N")
    )
    ring_text = (
        alt.Chart(ring_labels)
        .mark_text(fontSize=14, fontWeight="bold", color=TEXT)
        .encode(x=_x(), y=_y(), text="text:N")
    )
    category_layers = []
    aligned: tuple[tuple[Literal["left", "right", "center"], str], ...] = (
        ("left", "datum.x > 0.6"),
        ("right", "datum.x < -0.6"),
        ("center", "abs(datum.x) <= 0.6"),
    )
    for align, test in aligned:
        category_layers.append(
            alt.Chart(sectors)
            .transform_filter(test)
            .mark_text(fontSize=14, color=TEXT, align=align, lineBreak="\n")
            .encode(x=_x(), y=_y(), text="text:N")
        )
    return [
        bands,
        dividers,
        team_dot,
        team_text,
        ring_halo,
        ring_text,
        *category_layers,
    ]


def _markers(
    points: pd.DataFrame, spread_frame: pd.DataFrame, vote_frame: pd.DataFrame
) -> list[alt.Chart]:
    """The stakeholders: spread over rings, soft-voice halos, markers, numbers."""
    voices = [t(f"proximity.voice.short.{v}") for v in (1, 2, 3)]
    spread = (
        alt.Chart(spread_frame)
        .mark_rule(color=SPREAD_COLOUR, strokeWidth=3, strokeDash=[6, 4])
        .encode(x=_x(), y=_y(), x2="x2:Q", y2="y2:Q")
    )
    votes = (
        alt.Chart(vote_frame)
        .mark_point(
            shape="circle",
            filled=True,
            fill="white",
            stroke=SPREAD_COLOUR,
            strokeWidth=2,
            size=140,
            opacity=1,
        )
        .encode(x=_x(), y=_y())
    )
    halo = (
        alt.Chart(points)
        .transform_filter("datum.soft")
        .mark_point(
            shape="circle",
            filled=False,
            stroke=SOFT_COLOUR,
            strokeWidth=3.5,
            strokeDash=[5, 3],
            size=(UNIT * 1.05) ** 2,
            opacity=1,
        )
        .encode(x=_x(), y=_y())
    )
    marker = (
        alt.Chart(points)
        .mark_point(filled=True, stroke="#1a1a1a", strokeWidth=1.5, opacity=1)
        .encode(
            x=_x(),
            y=_y(),
            color=alt.Color(
                "voice_label:N",
                title=t("proximity.map.legend.voice"),
                scale=alt.Scale(domain=voices, range=list(VOICE_COLOURS)),
                legend=alt.Legend(orient="bottom-right", symbolSize=260),
            ),
            shape=alt.Shape(
                "voice_label:N",
                title=t("proximity.map.legend.voice"),
                scale=alt.Scale(domain=voices, range=list(VOICE_SHAPES)),
            ),
            size=alt.Size(
                "impact:Q",
                title=t("proximity.map.legend.impact"),
                scale=alt.Scale(domain=[1, 4], range=[480, 1300]),
                legend=alt.Legend(
                    orient="bottom-left", values=[1, 2, 3, 4], format="d"
                ),
            ),
        )
    )
    numbers = (
        alt.Chart(points)
        .mark_text(fontSize=14, fontWeight="bold")
        .encode(
            x=_x(),
            y=_y(),
            text="label:N",
            color=alt.condition(
                "datum.voice == 3", alt.value(VOICE_TEXT[2]), alt.value(VOICE_TEXT[0])
            ),
        )
    )
    return [spread, votes, halo, marker, numbers]


def proximity_figure(aggregates: Sequence[Aggregate]) -> ChartFigure:
    """The combined map as an accessible figure, with the data as a table."""
    points = layout(aggregates)
    chart = proximity_chart(layout_frames(points))
    by_ring = []
    for ring in RINGS:
        names = [
            f"{a.stakeholder.number}. {a.stakeholder.name}"
            for a in aggregates
            if a.proximity == ring
        ]
        if names:
            by_ring.append(
                t(
                    "proximity.map.ring_part",
                    ring=t(f"proximity.ring.short.{ring}"),
                    names=", ".join(names),
                )
            )
    none = t("proximity.map.none")
    description = t(
        "proximity.map.description",
        n=len(aggregates),
        rings=" ".join(by_ring),
        soft=", ".join(a.stakeholder.name for a in aggregates if a.soft) or none,
        differs=", ".join(a.stakeholder.name for a in aggregates if a.differs) or none,
    )
    columns = [
        t(f"proximity.col.{c}")
        for c in (
            "number",
            "name",
            "category",
            "ring",
            "impact",
            "voice",
            "spread",
            "count",
            "soft",
        )
    ]
    rows = [
        (
            a.stakeholder.number,
            a.stakeholder.name,
            t(f"proximity.category.{a.stakeholder.category}"),
            t(f"proximity.ring.short.{a.proximity}"),
            a.impact,
            t(f"proximity.voice.short.{a.voice}"),
            ring_votes(a),
            a.count,
            t("proximity.yes") if a.soft else t("proximity.no"),
        )
        for a in aggregates
    ]
    return figure(chart, description, t("proximity.map.table"), columns, rows)
