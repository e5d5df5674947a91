"""The drag view of the proximity map: your own markers on the rings.

An anywidget with its script and style beside it in ``static/`` (no build step,
no CDN); the keyboard moves a marker too.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

STATIC = Path(__file__).parent / "static"


class ProximityDragView(anywidget.AnyWidget):
    """Your own placements on rings: drag a marker, or use the arrow keys.

    An extra view beside the form. Each marker is a slider over the rings; when
    one lands on another ring the browser sets :attr:`moved`, and the owner
    (:class:`ProximityMap`) stores the new placement and sends back
    :attr:`markers`.
    """

    _esm = STATIC / "proximity.js"
    _css = STATIC / "proximity.css"

    markers = traitlets.List(
        traitlets.Dict(),
        help="This participant's placements: id, number, label, ring, voice, angle.",
    ).tag(sync=True)
    rings = traitlets.List(
        traitlets.Dict(), help="The rings, nearest first: id and short label."
    ).tag(sync=True)
    labels = traitlets.Dict(help="Texts of the view: 'help' and 'map'.").tag(sync=True)
    moved = traitlets.Dict(
        help="Set by the browser when a marker lands on a ring: id, ring, at."
    ).tag(sync=True)
