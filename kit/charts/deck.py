"""Charts about a deck or a selection of cards.

The deck browser draws its chart as soon as it opens, so it is written as a
Vega-Lite spec directly: importing altair would cost every card page ~0.7 s
and ~25 MB before it is interactive.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kit.charts.render import ChartFigure, figure
from kit.locale import t

if TYPE_CHECKING:
    import pandas as pd


def role_chart(counts: pd.DataFrame | Mapping[str, int]) -> ChartFigure:
    """Horizontal bars: how many cards each role has (a table ``role, cards``
    or a mapping role → cards, e.g. :func:`kit.model.cards.role_counts`)."""
    pairs = (
        counts.items()
        if isinstance(counts, Mapping)
        else zip(counts["role"], counts["cards"], strict=True)
    )
    rows = [(t(f"role.{role}"), int(n)) for role, n in pairs]
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
