"""Charts for a dilemma card: how the room chose, and who moved where.

Both take the tidy tables of :mod:`kit.model.dilemma` and return a rendered
:class:`~kit.charts.render.ChartFigure` (inline SVG plus a text alternative).
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from kit.charts.render import ChartFigure, figure
from kit.locale import t

#: Devices and raised hands: Okabe–Ito blue and vermilion, both ≥ 3:1 on white.
DEVICE_COLOUR = "#0072B2"
HANDS_COLOUR = "#D55E00"
#: Light to dark blue for the transition grid; counts switch to white text on dark.
GRID_RANGE = ["#deebf7", "#08306b"]
STAYED_COLOUR = "#e6e6e6"


def _option_name(letter: str, label: str) -> str:
    return f"{letter}. {label}"


def _confidence(value: float | None) -> str:
    if value is None or math.isnan(value):
        return "–"
    return f"{value:.1f}".replace(".", t("dilemma.decimal_point"))


def distribution_chart(dist: pd.DataFrame) -> ChartFigure:
    """Horizontal bars per option, stacked by how the vote came in.

    ``dist`` is :func:`kit.model.dilemma.distribution`: ``letter, label,
    devices, hands, count, mean_confidence`` per option, in card order. The axis
    shows the option letters of the card (long labels would be cut off on a
    beamer); the text alternative and the table give the full labels.
    """
    letters = [str(x) for x in dist["letter"]]
    names = [_option_name(a, b) for a, b in zip(letters, dist["label"], strict=True)]
    devices, hands = t("dilemma.chart.devices"), t("dilemma.chart.hands")
    chart = _stacked_bars(dist, letters, devices, hands)
    rows = [
        (name, int(d), int(h), int(n), _confidence(c))
        for name, d, h, n, c in zip(
            names,
            dist["devices"],
            dist["hands"],
            dist["count"],
            dist["mean_confidence"],
            strict=True,
        )
    ]
    parts = "; ".join(
        t("dilemma.chart.part", option=name, n=n, devices=d, hands=h)
        for name, d, h, n, _ in rows
    )
    return figure(
        chart,
        t("dilemma.chart.description", parts=parts or t("chart.empty")),
        t("chart.as_table"),
        (
            t("dilemma.chart.option"),
            devices,
            hands,
            t("dilemma.chart.total"),
            t("dilemma.chart.confidence"),
        ),
        rows,
    )


def _stacked_bars(
    dist: pd.DataFrame, letters: list[str], devices: str, hands: str
) -> alt.LayerChart:
    """Bars per option stacked by source (device, hands), with the total beside."""
    long = pd.DataFrame(
        [
            {"option": letter, "source": source, "votes": int(n), "order": k}
            for i, letter in enumerate(letters)
            for k, (source, n) in enumerate(
                ((devices, dist["devices"].iloc[i]), (hands, dist["hands"].iloc[i]))
            )
        ]
    )
    with_hands = int(dist["hands"].sum()) > 0
    if not with_hands:
        long = long[long["source"] == devices]
    axis_max = max(1, int(dist["count"].max()) if len(dist) else 1)
    y = alt.Y(
        "option:N",
        title=None,
        sort=letters,
        axis=alt.Axis(labelFontSize=20, labelFontWeight="bold", labelPadding=8),
    )
    x = alt.X(
        "votes:Q",
        title=t("dilemma.chart.votes"),
        stack="zero",
        scale=alt.Scale(domainMax=axis_max),
        axis=alt.Axis(
            values=list(range(axis_max + 1)) if axis_max <= 12 else alt.Undefined,
            tickMinStep=1,
            format="d",
        ),
    )
    colour = alt.Color(
        "source:N",
        title=None,
        scale=alt.Scale(domain=[devices, hands], range=[DEVICE_COLOUR, HANDS_COLOUR]),
        legend=alt.Legend(orient="bottom", columnPadding=28, symbolSize=200)
        if with_hands
        else None,
    )
    bars = (
        alt.Chart(long)
        .mark_bar(stroke="white", strokeWidth=1)
        .encode(y=y, x=x, color=colour, order=alt.Order("order:Q"))
    )
    totals = pd.DataFrame({"option": letters, "total": dist["count"].astype(int)})
    labels = (
        alt.Chart(totals)
        .mark_text(align="left", dx=6, fontSize=18, fontWeight="bold", color="#1a1a1a")
        .encode(y=alt.Y("option:N", sort=letters), x="total:Q", text="total:Q")
    )
    # alt.layer() is typed to return LayerChart | FacetChart; the class is exact.
    chart = alt.LayerChart(layer=[bars, labels]).properties(
        width=420, height=alt.Step(48)
    )
    return chart


def transition_chart(trans: pd.DataFrame, letters: dict[str, str]) -> ChartFigure:
    """A grid "from option (round 1)" × "to option (now)" with how many went there.

    ``trans`` is :func:`kit.model.dilemma.transitions`; ``letters`` maps option
    ids to the letters shown on the card.
    """
    order = list(letters.values())
    data = pd.DataFrame(
        {
            "from": [letters.get(o, o) for o in trans["from_option"]],
            "to": [letters.get(o, o) for o in trans["to_option"]],
            "count": trans["count"].astype(int),
            "moved": trans["moved"].astype(bool),
        }
    )
    top = max(1, int(data["count"].max()) if len(data) else 1)
    base = alt.Chart(data).encode(
        x=alt.X(
            "to:N",
            title=t("dilemma.transition.to"),
            sort=order,
            scale=alt.Scale(domain=order),
            axis=alt.Axis(labelAngle=0, orient="top"),
        ),
        y=alt.Y(
            "from:N",
            title=t("dilemma.transition.from"),
            sort=order,
            scale=alt.Scale(domain=order),
        ),
    )
    # Who moved is the point: moves in blue (darker = more people), the
    # diagonal of people who stayed in light grey.
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.condition(
            "datum.moved",
            alt.Color(
                "count:Q",
                scale=alt.Scale(domain=[0, top], range=GRID_RANGE),
                legend=None,
            ),
            alt.value(STAYED_COLOUR),
        )
    )
    numbers = base.mark_text(fontSize=20, fontWeight="bold").encode(
        text="count:Q",
        color=alt.condition(
            f"datum.moved && datum.count > {top / 2}",
            alt.value("white"),
            alt.value("#1a1a1a"),
        ),
    )
    size = alt.Step(64)
    chart = alt.layer(cells, numbers).properties(width=size, height=size)
    rows = [
        (a, b, int(n))
        for a, b, n in zip(data["from"], data["to"], data["count"], strict=True)
    ]
    parts = "; ".join(
        t("dilemma.transition.part_moved", source=a, target=b, n=n)
        if a != b
        else t("dilemma.transition.part_stayed", source=a, n=n)
        for a, b, n in rows
    )
    return figure(
        chart,
        t("dilemma.transition.description", parts=parts or t("chart.empty")),
        t("chart.as_table"),
        (
            t("dilemma.transition.from"),
            t("dilemma.transition.to"),
            t("dilemma.transition.count"),
        ),
        rows,
    )
