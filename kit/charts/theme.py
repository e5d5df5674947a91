"""Chart look for a beamer: large type, high contrast, colour-blind-safe colours."""

from __future__ import annotations

from typing import Any

#: Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
TEXT = "#1a1a1a"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def config() -> dict[str, Any]:
    """Vega-Lite ``config`` applied to every kit chart."""
    return {
        "font": FONT,
        "background": "white",
        "view": {"stroke": None},
        "axis": {
            "labelFontSize": 15,
            "titleFontSize": 16,
            "labelColor": TEXT,
            "titleColor": TEXT,
            "labelLimit": 320,
            "gridColor": "#d0d0d0",
            "domainColor": "#555",
            "tickColor": "#555",
        },
        "legend": {
            "labelFontSize": 15,
            "titleFontSize": 15,
            "labelColor": TEXT,
            "titleColor": TEXT,
            "labelLimit": 320,
        },
        "title": {"fontSize": 18, "color": TEXT, "anchor": "start"},
        "text": {"fontSize": 15, "color": TEXT},
        "range": {"category": PALETTE},
    }
