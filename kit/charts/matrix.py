"""Charts of the afwegingsmatrix: the team's heatmap and the weighted totals.

Both take a :class:`~kit.model.matrix.TeamPicture` and return a rendered
:class:`~kit.charts.render.ChartFigure` (inline SVG plus a data table), so they
draw with no internet. Colours are a purple–orange diverging scale (ColorBrewer
PuOr), readable with the common colour-vision deficiencies; every cell also
prints its number, in black or white, whichever contrasts more with the fill.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import altair as alt
import pandas as pd

from kit.charts.render import ChartFigure, figure
from kit.locale import t
from kit.model.matrix import TeamPicture, number, percent, signed

#: Score → fill colour stops (ColorBrewer PuOr, 5 classes): orange harms, purple serves.
STOPS: tuple[tuple[float, str], ...] = (
    (-2.0, "#b35806"),
    (-1.0, "#f1a340"),
    (0.0, "#f7f7f7"),
    (1.0, "#998ec3"),
    (2.0, "#542788"),
)
EMPTY_FILL = "#ffffff"
GRID = "#6b6b6b"
RANGE_COLOUR = "#0072B2"
MEDIAN_COLOUR = "#D55E00"
CELL_WIDTH, CELL_HEIGHT = 92, 56
LABEL_CHARS = 36
PADDING = {"left": 24, "right": 48, "top": 8, "bottom": 8}


def _rgb(colour: str) -> tuple[float, float, float]:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return red, green, blue


def fill_colour(score: float) -> str:
    """The fill the heatmap gives a mean score (linear RGB between the stops)."""
    if math.isnan(score):
        return EMPTY_FILL
    score = min(max(score, STOPS[0][0]), STOPS[-1][0])
    for (low, c_low), (high, c_high) in itertools.pairwise(STOPS):
        if low <= score <= high:
            f = (score - low) / (high - low)
            mixed = [
                a + (b - a) * f for a, b in zip(_rgb(c_low), _rgb(c_high), strict=True)
            ]
            return "#" + "".join(f"{round(c * 255):02x}" for c in mixed)
    return STOPS[-1][1]


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour(fill: str) -> str:
    """Black or white, whichever contrasts more with ``fill`` (always ≥ 4.5:1)."""
    return (
        "#000000"
        if contrast(fill, "#000000") >= contrast(fill, "#ffffff")
        else "#ffffff"
    )


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _unique(names: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def heatmap_data(picture: TeamPicture) -> pd.DataFrame:
    """One row per cell, with what the chart prints and how it colours it."""
    setup = picture.setup
    option_labels = {o.id: _short(o.display) for o in setup.options}
    value_labels = dict(
        zip(setup.value_ids, _unique([v.name for v in setup.values]), strict=True)
    )
    hot = set(
        zip(
            picture.disagreements["option"], picture.disagreements["value"], strict=True
        )
    )
    rows = []
    for cell in picture.cells.itertuples():
        mean = float(cell.mean)
        fill = fill_colour(mean)
        sub = []
        if cell.n_scored >= 2:
            sub.append(f"±{number(cell.std)}")
        if cell.n_unknown:
            sub.append(f"?{cell.n_unknown}")
        rows.append(
            {
                "option": option_labels[cell.option],
                "value": value_labels[cell.value],
                "mean": None if math.isnan(mean) else mean,
                "label": "–" if math.isnan(mean) else signed(mean),
                "sub": " ".join(sub)
                or (t("matrix.chart.no_score") if math.isnan(mean) else ""),
                "ink": "#1a1a1a" if math.isnan(mean) else text_colour(fill),
                "hot": (cell.option, cell.value) in hot,
            }
        )
    return pd.DataFrame(rows)


def heatmap(picture: TeamPicture) -> ChartFigure:
    """The team's mean score per option × value, with disagreement outlined."""
    data = heatmap_data(picture)
    options = list(dict.fromkeys(data["option"]))
    values = list(dict.fromkeys(data["value"]))
    x = alt.X(
        "value:N",
        sort=values,
        title=None,
        axis=alt.Axis(orient="top", labelAngle=-30, labelAlign="left", labelLimit=180),
    )
    y = alt.Y("option:N", sort=options, title=None, axis=alt.Axis(labelLimit=360))
    grid, filled, outline, main, sub = _heatmap_layers()
    chart = (
        alt.layer(grid, filled, outline, main, sub, data=data)
        .encode(x=x, y=y)
        .properties(
            width=alt.Step(CELL_WIDTH), height=alt.Step(CELL_HEIGHT), padding=PADDING
        )
    )
    setup = picture.setup
    top = "; ".join(
        f"{setup.option(o).code} × {setup.value(v).name}"
        for o, v in zip(
            picture.disagreements["option"], picture.disagreements["value"], strict=True
        )
    )
    description = t(
        "matrix.chart.heatmap.description",
        n=picture.n_participants,
        options=len(setup.options),
        values=len(setup.values),
        top=t("matrix.chart.heatmap.top", cells=top) if top else "",
    )
    rows = _heatmap_rows(picture)
    columns = [
        t(f"matrix.chart.col.{c}")
        for c in ("option", "value", "mean", "spread", "range", "scores", "unknown")
    ]
    # Skip altair's schema validation here (it costs more than drawing); the
    # tests render every chart, so a broken spec still fails loudly.
    spec = chart.to_dict(validate=False)
    return figure(spec, description, t("chart.as_table"), columns, rows)


def totals_chart(picture: TeamPicture) -> ChartFigure:
    """Per option: the total with the team's weights, and its range over own weights."""
    setup = picture.setup
    totals = picture.totals.set_index("option")
    order = [o for o in picture.ranking() if not math.isnan(totals.loc[o, "team"])]
    data = pd.DataFrame(
        [
            {
                "option": _short(setup.option(o).display),
                "team": float(totals.loc[o, "team"]),
                "low": float(totals.loc[o, "min"]),
                "high": float(totals.loc[o, "max"]),
                "median": float(totals.loc[o, "median"]),
                "label": signed(float(totals.loc[o, "team"])),
            }
            for o in order
        ],
        columns=["option", "team", "low", "high", "median", "label"],
    )

    def x(field: str) -> alt.X:
        return alt.X(
            field,
            scale=alt.Scale(domain=[-2, 2], nice=False),
            title=t("matrix.chart.total_axis"),
            axis=alt.Axis(values=[-2, -1, 0, 1, 2]),
        )

    y = alt.Y(
        "option:N", sort=list(data["option"]), title=None, axis=alt.Axis(labelLimit=360)
    )
    base = alt.Chart().encode(y=y)
    zero = (
        alt.Chart(pd.DataFrame({"x": [0]}))
        .mark_rule(color=GRID, strokeDash=[4, 4])
        .encode(x=x("x:Q"))
    )
    spread = base.mark_rule(color=RANGE_COLOUR, strokeWidth=7).encode(
        x=x("low:Q"), x2="high:Q"
    )
    median = base.mark_tick(color=MEDIAN_COLOUR, thickness=4, size=30).encode(
        x=x("median:Q")
    )
    team = base.mark_point(filled=True, color="#000000", opacity=1, size=180).encode(
        x=x("team:Q")
    )
    label = base.mark_text(dy=-20, fontSize=16, fontWeight="bold").encode(
        x=x("team:Q"), text="label:N"
    )
    chart = alt.layer(zero, spread, median, team, label, data=data).properties(
        width=560, height=alt.Step(64), padding=PADDING
    )
    parts = "; ".join(
        t(
            "matrix.chart.totals.part",
            option=setup.option(o).code,
            team=signed(float(totals.loc[o, "team"])),
            low=signed(float(totals.loc[o, "min"])),
            high=signed(float(totals.loc[o, "max"])),
        )
        for o in order
    )
    description = t("matrix.chart.totals.description", parts=parts or t("chart.empty"))
    rows = _totals_rows(picture, totals, order)
    columns = [
        t(f"matrix.chart.col.{c}")
        for c in ("option", "team", "low", "median", "high", "weightings")
    ]
    # Skip altair's schema validation here (it costs more than drawing); the
    # tests render every chart, so a broken spec still fails loudly.
    spec = chart.to_dict(validate=False)
    return figure(spec, description, t("chart.as_table"), columns, rows)


def _heatmap_layers() -> tuple[alt.Chart, ...]:
    """Grid, coloured cells, the outline of disagreement, and the two text lines.

    Data and the shared x/y live on the layer, not in each layer (much faster).
    """
    base = alt.Chart()
    grid = base.mark_rect(fill=EMPTY_FILL, stroke=GRID, strokeWidth=1)
    filled = (
        base.mark_rect(stroke=GRID, strokeWidth=1)
        .encode(
            fill=alt.Fill(
                "mean:Q",
                scale=alt.Scale(
                    domain=[s for s, _ in STOPS],
                    range=[c for _, c in STOPS],
                    interpolate="rgb",
                ),
                legend=alt.Legend(
                    title=t("matrix.chart.mean"),
                    orient="bottom",
                    direction="horizontal",
                    gradientLength=260,
                    values=[-2, -1, 0, 1, 2],
                ),
            )
        )
        .transform_filter("isValid(datum.mean)")
    )
    outline = base.mark_rect(
        fillOpacity=0, stroke="#000000", strokeWidth=5
    ).transform_filter("datum.hot")
    main = base.mark_text(fontSize=17, fontWeight="bold", dy=-8).encode(
        text="label:N", color=alt.Color("ink:N", scale=None)
    )
    sub = base.mark_text(fontSize=13, dy=12).encode(
        text="sub:N", color=alt.Color("ink:N", scale=None)
    )
    return grid, filled, outline, main, sub


def _heatmap_rows(picture: TeamPicture) -> list[tuple[object, ...]]:
    """The heatmap as a table: per cell the mean, spread, range and unknowns."""
    setup = picture.setup
    rows: list[tuple[object, ...]] = []
    for cell in picture.cells.itertuples():
        has_mean = cell.n_scored > 0
        rows.append(
            (
                setup.option(cell.option).display,
                setup.value(cell.value).name,
                signed(cell.mean) if has_mean else "–",
                number(cell.std) if cell.n_scored >= 2 else "–",
                f"{signed(cell.min, 0)} … {signed(cell.max, 0)}" if has_mean else "–",
                cell.n_scored,
                t(
                    "matrix.chart.unknown_share",
                    n=cell.n_unknown,
                    total=cell.n_answered,
                    share=percent(cell.share_unknown) if cell.n_answered else "–",
                ),
            )
        )
    return rows


def _totals_rows(
    picture: TeamPicture, totals: pd.DataFrame, order: list[str]
) -> list[tuple[object, ...]]:
    """The totals as a table: team total, lowest, median and highest per option."""
    setup = picture.setup
    return [
        (
            setup.option(o).display,
            signed(float(totals.loc[o, "team"])),
            signed(float(totals.loc[o, "min"])),
            signed(float(totals.loc[o, "median"])),
            signed(float(totals.loc[o, "max"])),
            int(totals.loc[o, "n_weightings"]),
        )
        for o in order
    ]
