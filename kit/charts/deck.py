"""Charts about a deck or a selection of cards.

The deck browser draws its chart as soon as it opens, so it is written as a
Vega-Lite spec directly: importing altair would cost every card page ~0.7 s
and ~25 MB before it is interactive.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kit.charts.render import ChartFigure, figure
from kit.locale import t


def role_chart(counts: pd.DataFrame) -> ChartFigure:
    """Horizontal bars: how many cards each role has (``role, cards``)."""
    data = counts.assign(label=[t(f"role.{r}") for r in counts["role"]])
    rows = [
        (str(label), int(n))
        for label, n in zip(data["label"], data["cards"], strict=True)
    ]
    chart: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"values": [{"label": label, "cards": n} for label, n in rows]},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "title": None, "sort": "-x"},
            "x": {
                "field": "cards",
                "type": "quantitative",
                "title": t("chart.cards"),
                "axis": {"tickMinStep": 1},
            },
            "color": {"value": "#0072B2"},
        },
        "width": 420,
        "height": {"step": 34},
    }
    description = t(
        "chart.roles.description",
        parts="; ".join(f"{label}: {n}" for label, n in rows) or t("chart.empty"),
    )
    return figure(
        chart,
        description,
        t("chart.as_table"),
        (t("chart.role"), t("chart.cards")),
        rows,
    )
