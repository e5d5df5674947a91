"""Browser memory: the seat survives a refresh (anywidget, no build step, no CDN)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets

STATIC = Path(__file__).parent / "static"


class BrowserMemory(anywidget.AnyWidget):
    """What this browser remembers about its seat, read once when the page renders."""

    _esm = STATIC / "memory.js"

    stored = traitlets.Dict(
        help="Seat data the browser had saved (code, token, …); 'ask' is set when a "
        "facilitator seat comes from another tab or an earlier visit."
    ).tag(sync=True)
    query = traitlets.Unicode("", help="The page's query string, e.g. '?code=…'.").tag(
        sync=True
    )
    page_url = traitlets.Unicode("", help="The page's address without query.").tag(
        sync=True
    )
    loaded = traitlets.Bool(False, help="True once the browser has reported.").tag(
        sync=True
    )
    to_store = traitlets.Dict(help="Seat data to save in the browser.").tag(sync=True)

    def remember(self, **data: Any) -> None:
        self.to_store = {k: v for k, v in data.items() if v}

    def forget(self) -> None:
        self.to_store = {"__forget__": True}
