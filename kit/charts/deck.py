"""Charts about a deck or a selection of cards."""

from __future__ import annotations

import altair as alt
import pandas as pd

from kit.charts.render import ChartFigure, figure
from kit.locale import t


def role_chart(counts: pd.DataFrame) -> ChartFigure:
    """Horizontal bars: how many cards each role has (``role, cards``)."""
    data = counts.assign(label=[t(f"role.{r}") for r in counts["role"]])
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort="-x"),
            x=alt.X("cards:Q", title=t("chart.cards"), axis=alt.Axis(tickMinStep=1)),
            color=alt.value("#0072B2"),
        )
        .properties(width=420, height=alt.Step(34))
    )
    rows = [(label, n) for label, n in zip(data["label"], data["cards"], strict=True)]
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
