"""Render chart specs to inline SVG on the server.

vl-convert draws the Vega-Lite spec to SVG in the kernel, so the browser needs no
vega scripts and nothing is fetched from a CDN. Each chart is wrapped in a
``<figure>`` with a text alternative: a short description and the data as a table.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from kit.charts.theme import FONT_DIR, config


@dataclass(frozen=True, slots=True)
class ChartFigure:
    """A rendered chart: its spec, its SVG and its text alternative."""

    spec: dict[str, Any]
    svg: str
    description: str
    table_caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]

    def to_html(self) -> str:
        """Accessible HTML: the SVG as an image with a label, plus a data table."""
        head = "".join(
            f"<th scope='col'>{html.escape(str(c))}</th>" for c in self.columns
        )
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
            for row in self.rows
        )
        label = html.escape(self.description, quote=True)
        return (
            "<figure class='kit-chart'>"
            f"<div class='kit-chart-image' role='img' aria-label='{label}'>"
            f"{self.svg}</div>"
            f"<figcaption class='kit-sr-only'>{label}</figcaption>"
            "<details class='kit-chart-table'>"
            f"<summary>{html.escape(self.table_caption)}</summary>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            "</details>"
            "</figure>"
        )


@cache
def _converter() -> Any:
    import vl_convert

    vl_convert.register_font_directory(str(FONT_DIR))
    return vl_convert


def to_svg(spec: dict[str, Any]) -> str:
    """Draw a Vega-Lite spec (a dict) as an SVG string, with the kit's theme."""
    vl_convert = _converter()

    themed = {**spec, "config": {**config(), **spec.get("config", {})}}
    svg = vl_convert.vegalite_to_svg(themed)
    # The SVG is decoration for screen readers: the figure's label carries it.
    return re.sub(r"^<svg ", "<svg aria-hidden='true' focusable='false' ", svg, count=1)


def figure(
    chart: Any,
    description: str,
    table_caption: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
) -> ChartFigure:
    """Render an altair chart (or a spec dict) into a :class:`ChartFigure`."""
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    return ChartFigure(
        spec=spec,
        svg=to_svg(spec),
        description=description,
        table_caption=table_caption,
        columns=tuple(columns),
        rows=tuple(tuple(r) for r in rows),
    )
