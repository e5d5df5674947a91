"""Chart look for a beamer: large type, high contrast, colour-blind-safe colours."""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
TEXT = "#1a1a1a"
#: Bundled (SIL OFL) and served by the kit's Voilà template, so the server that
#: measures chart text and the browser that draws it use the same letters.
FONT = "Source Sans Pro"
FONT_DIR = Path(__file__).resolve().parents[1] / "voila/templates/kit/static/fonts"


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
