"""Each tool brings its own stylesheet, so it looks the same in Voilà and JupyterLab.

The CSS sits beside the widgets (``static/kit-<name>.css``). A tool calls
``use_styles("<name>")`` in its constructor. The stylesheet travels as an
invisible anywidget: anywidget puts a widget's ``_css`` in the page's ``<head>``
as soon as its model reaches the browser, without a view being shown, and keys
it by ``_anywidget_id``, so a second tool of the same kind replaces the sheet
with itself instead of adding a copy. Each sheet is sent once per kernel.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import anywidget
import traitlets

STATIC = Path(__file__).parent / "static"
COMMON = "common"  # buttons, messages, cards and charts every tool shares


class Stylesheet(anywidget.AnyWidget):
    """An invisible widget that carries one stylesheet to the page."""

    _esm = "export default {};"  # nothing to draw
    _css = traitlets.Unicode("", help="The CSS rules, put in <head>").tag(sync=True)


_sent: dict[str, Stylesheet] = {}


@cache
def css(name: str) -> str:
    """The rules of ``static/kit-<name>.css``."""
    return (STATIC / f"kit-{name}.css").read_text(encoding="utf-8")


def use_styles(name: str = COMMON) -> None:
    """Send the shared stylesheet and ``name``'s to the page, if not yet sent."""
    for sheet in dict.fromkeys((COMMON, name)):
        sent = _sent.get(sheet)
        if sent is None or sent.comm is None:  # never sent, or closed since
            _sent[sheet] = Stylesheet(
                _css=css(sheet), _anywidget_id=f"kit-styles-{sheet}"
            )


def sent_styles() -> dict[str, str]:
    """The stylesheets this kernel has sent and still holds open, by name."""
    return {name: s._css for name, s in _sent.items() if s.comm is not None}
