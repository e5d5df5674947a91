"""Charts of the speaking-up workshop: the self-scan, the dilemma, the palette.

Each takes a tidy table from :mod:`kit.model.speaking` plus the display names
and returns a rendered :class:`~kit.charts.render.ChartFigure` (inline SVG and a
text alternative with the data as a table). Counts, never names.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from kit.charts.render import ChartFigure, figure
from kit.locale import t

#: Disagree (browns) → neutral (grey) → agree (blues); every colour ≥ 3:1 on
#: white, and brown/blue stay apart for the common colour-vision deficiencies.
SCORE_COLOURS = {
    1: "#993404",
    2: "#D55E00",
    3: "#767676",
    4: "#0072B2",
    5: "#08306b",
}
BAR_COLOUR = "#0072B2"
NOW_COLOUR = "#0072B2"
FURTHEST_COLOUR = "#D55E00"
INK = "#1a1a1a"
SCALE = (1, 2, 3, 4, 5)
DONT_KNOW = 0


#: Long axis labels (a belief's name, a step of the ladder) wrap at this many
#: characters, so the bars keep most of the width on a beamer or a phone.
WRAP = 32
#: A little room around the chart, so no label touches the edge of the figure.
PADDING = {"left": 24, "right": 8, "top": 8, "bottom": 8}
#: Vega expression that turns a label with line breaks into several lines.
LINES = "split(datum.value, '\\n')"


def _wrap(label: str, width: int = WRAP) -> str:
    """Break ``label`` at spaces into lines of at most ``width`` characters."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines) or label


def _score_label(score: int) -> str:
    return t(f"speaking.score.{score}")


def _count_axis(title: str, top: int) -> alt.X:
    """A count axis with whole numbers only (no "0 1 1" for small groups)."""
    ticks = list(range(top + 1)) if top <= 12 else alt.Undefined
    return alt.X(
        "count:Q",
        title=title,
        scale=alt.Scale(domain=[0, top], nice=False),
        axis=alt.Axis(values=ticks, tickMinStep=1, format="d"),
    )


def scan_chart(frame: pd.DataFrame, names: Mapping[str, str]) -> ChartFigure:
    """Diverging bars per scan statement: disagree left, agree right of neutral.

    ``frame`` is :func:`kit.model.speaking.scan_frame` (``belief_id, score,
    count``; score 0 is "weet ik niet", shown in its own column); ``names`` maps
    belief ids to the labels on the axis, in the order to show them.
    """
    axis_label = {b: _wrap(label) for b, label in names.items()}
    order = [axis_label[b] for b in names]
    counts = {
        (b, int(s)): int(n)
        for b, s, n in zip(
            frame["belief_id"], frame["score"], frame["count"], strict=True
        )
    }
    seg, extent = _scan_segments(names, axis_label, counts)
    left_panel = _scan_bars(seg, order, extent)
    right_panel = _unknown_panel(order, [counts.get((b, DONT_KNOW), 0) for b in names])
    chart = alt.hconcat(left_panel, right_panel, spacing=12).properties(padding=PADDING)
    rows = [
        (label, *(counts.get((b, s), 0) for s in (*SCALE, DONT_KNOW)))
        for b, label in names.items()
    ]
    parts = "; ".join(
        t(
            "speaking.chart.scan.part",
            belief=row[0],
            counts=", ".join(
                f"{n} {_score_label(s).lower()}"
                for s, n in zip((*SCALE, DONT_KNOW), row[1:], strict=True)
                if n
            )
            or t("speaking.chart.none"),
        )
        for row in rows
    )
    return figure(
        chart,
        t("speaking.chart.scan.description", parts=parts or t("chart.empty")),
        t("chart.as_table"),
        (
            t("speaking.chart.statement"),
            *(_score_label(s) for s in (*SCALE, DONT_KNOW)),
        ),
        rows,
    )


def _scan_segments(
    names: Mapping[str, str],
    axis_label: Mapping[str, str],
    counts: Mapping[tuple[str, int], int],
) -> tuple[pd.DataFrame, float]:
    """A bar segment per belief and score, centred on neutral; and the extent."""
    segments = []
    extent = 1.0
    for belief_id in names:
        label = axis_label[belief_id]
        n = {s: counts.get((belief_id, s), 0) for s in (*SCALE, DONT_KNOW)}
        left = -(n[1] + n[2] + n[3] / 2)
        extent = max(extent, -left, n[3] / 2 + n[4] + n[5])
        start = left
        for score in SCALE:
            if n[score]:
                segments.append(
                    {
                        "label": label,
                        "score": _score_label(score),
                        "order": score,
                        "start": start,
                        "end": start + n[score],
                        "mid": start + n[score] / 2,
                        "count": n[score],
                    }
                )
            start += n[score]
    seg = pd.DataFrame(
        segments,
        columns=["label", "score", "order", "start", "end", "mid", "count"],
    )
    return seg, extent


def _scan_bars(seg: pd.DataFrame, order: list[str], extent: float) -> alt.LayerChart:
    """The diverging bars with their counts and the neutral line."""
    score_names = [_score_label(s) for s in SCALE]
    y = alt.Y(
        "label:N",
        title=None,
        sort=order,
        scale=alt.Scale(domain=order),
        axis=alt.Axis(labelLimit=360, labelExpr=LINES),
    )
    x_scale = alt.Scale(domain=[-extent, extent], nice=False)
    bars = (
        alt.Chart(seg)
        .mark_bar(stroke="white", strokeWidth=1.5)
        .encode(
            y=y,
            x=alt.X(
                "start:Q",
                title=t("speaking.chart.scan.axis"),
                scale=x_scale,
                axis=alt.Axis(
                    values=list(range(-int(extent), int(extent) + 1))
                    if extent <= 12
                    else alt.Undefined,
                    tickMinStep=1,
                    format="d",
                    labelExpr="abs(datum.value)",
                ),
            ),
            x2="end:Q",
            color=alt.Color(
                "score:N",
                title=None,
                scale=alt.Scale(
                    domain=score_names, range=[SCORE_COLOURS[s] for s in SCALE]
                ),
                legend=alt.Legend(orient="bottom", columns=5, symbolType="square"),
            ),
            order=alt.Order("order:Q"),
        )
    )
    numbers = (
        alt.Chart(seg)
        .mark_text(fontSize=16, fontWeight="bold", color="white")
        .encode(y=y, x=alt.X("mid:Q", scale=x_scale), text="count:Q")
    )
    centre = (
        alt.Chart(pd.DataFrame({"x": [0]}))
        .mark_rule(color=INK, strokeWidth=1.5)
        .encode(x=alt.X("x:Q", scale=x_scale))
    )
    # alt.layer() is typed to return LayerChart | FacetChart; the class is exact.
    left_panel = alt.LayerChart(layer=[centre, bars, numbers]).properties(
        width=440, height=alt.Step(46)
    )
    return left_panel


def _unknown_panel(order: list[str], unknown_counts: list[int]) -> alt.Chart:
    """The "weet ik niet" counts in a column of their own."""
    unknown = pd.DataFrame(
        {
            "label": order,
            "count": unknown_counts,
        }
    )
    right_panel: alt.Chart = (
        alt.Chart(unknown)
        .mark_text(fontSize=16, color=INK)
        .encode(
            y=alt.Y("label:N", sort=order, scale=alt.Scale(domain=order), axis=None),
            text="count:Q",
        )
        .properties(
            width=90,
            height=alt.Step(46),
            title=alt.TitleParams(
                t("speaking.score.0"), fontSize=15, anchor="middle", color=INK
            ),
            view=alt.ViewBackground(stroke=None),
        )
    )
    return right_panel


def stance_chart(frame: pd.DataFrame, labels: Mapping[int, str]) -> ChartFigure:
    """Horizontal bars: how many stand at each point of the loyal ↔ pressing scale.

    ``frame`` is :func:`kit.model.speaking.stance_frame` (``position, count``);
    ``labels`` maps positions to their short names, loyal first.
    """
    order = [labels[p] for p in sorted(labels)]
    data = pd.DataFrame(
        {
            "label": [labels[int(p)] for p in frame["position"]],
            "count": frame["count"].astype(int),
        }
    )
    top = max(1, int(data["count"].max()) if len(data) else 1)
    y = alt.Y(
        "label:N",
        title=None,
        sort=order,
        scale=alt.Scale(paddingInner=0.3),
        axis=alt.Axis(labelLimit=420),
    )
    bars = (
        alt.Chart(data)
        .mark_bar(color=BAR_COLOUR)
        .encode(y=y, x=_count_axis(t("speaking.chart.people"), top))
    )
    numbers = (
        alt.Chart(data)
        .mark_text(align="left", dx=6, fontSize=16, fontWeight="bold", color=INK)
        .encode(y=y, x="count:Q", text="count:Q")
    )
    chart = alt.layer(bars, numbers).properties(
        width=420, height=alt.Step(46), padding=PADDING
    )
    rows = [
        (label, int(n)) for label, n in zip(data["label"], data["count"], strict=True)
    ]
    parts = "; ".join(f"{label}: {n}" for label, n in rows)
    return figure(
        chart,
        t("speaking.chart.stance.description", parts=parts or t("chart.empty")),
        t("chart.as_table"),
        (t("speaking.chart.position"), t("speaking.chart.people")),
        rows,
    )


def palette_chart(frame: pd.DataFrame, names: Mapping[str, str]) -> ChartFigure:
    """Per step of the ladder (light at the top): how many would take it now,
    and how many name it as the furthest they would go.

    ``frame`` is :func:`kit.model.speaking.palette_frame`; ``names`` maps
    action ids to step names.
    """
    full = [
        f"{int(s)}. {names[a]}"
        for a, s in zip(frame["action_id"], frame["step"], strict=True)
    ]
    labels = [_wrap(label, 36) for label in full]
    now, furthest = t("speaking.chart.now"), t("speaking.chart.furthest")
    long = pd.DataFrame(
        [
            {"step": label, "what": what, "count": int(n), "order": i}
            for label, n_now, n_far in zip(
                labels, frame["now"], frame["furthest"], strict=True
            )
            for i, (what, n) in enumerate(((now, n_now), (furthest, n_far)))
        ],
        columns=["step", "what", "count", "order"],
    )
    top = max(1, int(long["count"].max()) if len(long) else 1)
    y = alt.Y(
        "step:N",
        title=None,
        sort=labels,
        axis=alt.Axis(labelLimit=360, labelExpr=LINES),
    )
    y_offset = alt.YOffset("what:N", sort=[now, furthest])
    colour = alt.Color(
        "what:N",
        title=None,
        scale=alt.Scale(domain=[now, furthest], range=[NOW_COLOUR, FURTHEST_COLOUR]),
        legend=alt.Legend(orient="bottom", symbolType="square"),
    )
    x = _count_axis(t("speaking.chart.people"), top)
    bars = alt.Chart(long).mark_bar().encode(y=y, yOffset=y_offset, x=x, color=colour)
    numbers = (
        alt.Chart(long[long["count"] > 0])
        .mark_text(align="left", dx=5, fontSize=14, fontWeight="bold", color=INK)
        .encode(y=y, yOffset=y_offset, x="count:Q", text="count:Q")
    )
    chart = alt.layer(bars, numbers).properties(
        width=380, height=alt.Step(24), padding=PADDING
    )
    rows = [
        (label, int(a), int(b), int(c))
        for label, a, b, c in zip(
            full, frame["now"], frame["furthest"], frame["reach"], strict=True
        )
    ]
    parts = "; ".join(
        t("speaking.chart.palette.part", step=label, now=a, furthest=b)
        for label, a, b, _ in rows
        if a or b
    )
    return figure(
        chart,
        t("speaking.chart.palette.description", parts=parts or t("chart.empty")),
        t("chart.as_table"),
        (
            t("speaking.chart.step"),
            now,
            furthest,
            t("speaking.chart.reach"),
        ),
        rows,
    )
