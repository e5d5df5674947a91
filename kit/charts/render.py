"""Render chart specs to inline SVG on the server.

vl-convert draws the Vega-Lite spec to SVG in the kernel, so the browser needs no
vega scripts and nothing is fetched from a CDN. Each chart is wrapped in a
``<figure>`` with a text alternative: a short description and the data as a table.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
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


#: Longest wait for another kernel drawing the same chart before drawing it too.
LOCK_WAIT_SECONDS = 20.0


@cache
def _converter() -> Any:
    import vl_convert

    vl_convert.register_font_directory(str(FONT_DIR))
    return vl_convert


def cache_dir() -> Path:
    """Where drawn charts are kept: ``$KIT_CHART_CACHE`` or a private temp folder.

    All kernels of one server share it, so when the room's answers are revealed
    one kernel draws a chart and the other 29 read it instead of each starting
    the drawing engine (measured here: ~1 s CPU and ~100 MB per kernel).
    """
    env = os.environ.get("KIT_CHART_CACHE")
    path = (
        Path(env) if env else Path(tempfile.gettempdir()) / f"kit-charts-{os.getuid()}"
    )
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def to_svg(spec: dict[str, Any]) -> str:
    """Draw a Vega-Lite spec (a dict) as an SVG string, with the kit's theme.

    The same spec always gives the same drawing, so it is cached by content.
    """
    themed = {**spec, "config": {**config(), **spec.get("config", {})}}
    key = hashlib.sha256(json.dumps(themed, sort_keys=True).encode()).hexdigest()
    cached = cache_dir() / f"{key}.svg"
    svg = _read(cached)
    if svg is None:
        # A reveal asks 30 kernels for the same chart at once: one draws it, the
        # others wait for it here and read it (each drawing engine ~70 MB, ~1 s).
        with _drawing(cached):
            svg = _read(cached)
            if svg is None:
                svg = _draw(themed, cached)
    return svg


def _read(cached: Path) -> str | None:
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        return None


def _draw(themed: dict[str, Any], cached: Path) -> str:
    svg = _converter().vegalite_to_svg(themed)
    # The SVG is decoration for screen readers: the figure's label carries it.
    svg = re.sub(r"^<svg ", "<svg aria-hidden='true' focusable='false' ", svg, count=1)
    partial = cached.with_suffix(f".{os.getpid()}.tmp")
    try:
        partial.write_text(svg, encoding="utf-8")
        partial.replace(cached)  # atomic: readers never see half a file
    except OSError:
        partial.unlink(missing_ok=True)
    return svg


@contextmanager
def _drawing(cached: Path) -> Iterator[None]:
    """Hold the chart's lock file while drawing it (shared by all kernels).

    After :data:`LOCK_WAIT_SECONDS` a kernel draws without it; where there are
    no POSIX file locks (Windows) every kernel draws for itself.
    """
    try:
        import fcntl
    except ImportError:
        yield
        return
    lock = cached.with_suffix(".lock")
    try:
        handle = lock.open("a")
    except OSError:
        yield
        return
    with handle:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.05)
        try:
            yield
        finally:
            # The chart is written before the lock goes: whoever locks the old
            # file or makes a new one finds the chart when looking again.
            lock.unlink(missing_ok=True)


def to_png(svg: str, scale: float = 2.0) -> bytes:
    """A PNG of a drawn chart (for Word reports), with the kit's bundled font."""
    return bytes(_converter().svg_to_png(svg, scale=scale))


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
