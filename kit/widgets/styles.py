"""Each tool brings its own stylesheet, so it looks the same in Voilà and JupyterLab.

The CSS sits beside the widgets (``static/kit-<name>.css``). A tool calls
``use_styles("<name>")`` in its constructor. The stylesheet travels as an
invisible anywidget: anywidget puts a widget's ``_css`` in the page's ``<head>``
as soon as its model reaches the browser, without a view being shown, and keys
it by ``_anywidget_id``, so a second tool of the same kind replaces the sheet
with itself instead of adding a copy. Each sheet is sent once per kernel.

With the shared sheet goes :class:`PageTexts`: the few words the page's own
script shows (the "kies…" prompt of an empty dropdown, kit-page.js), from
kit/locale, set on ``<html>`` as ``data-kit-*`` attributes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import anywidget
import traitlets

from kit.locale import t

STATIC = Path(__file__).parent / "static"
COMMON = "common"  # buttons, messages, cards and charts every tool shares


class Stylesheet(anywidget.AnyWidget):
    """An invisible widget that carries one stylesheet to the page."""

    _esm = "export default {};"  # nothing to draw
    _css = traitlets.Unicode("", help="The CSS rules, put in <head>").tag(sync=True)


class PageTexts(anywidget.AnyWidget):
    """An invisible widget that puts the page script's words on ``<html>``.

    ``choose`` becomes ``data-kit-choose``, the prompt of a dropdown with
    nothing chosen; prompts drawn before it arrived are relabelled.
    """

    _esm = """
export default {
  initialize({ model }) {
    const apply = () => {
      const text = model.get("choose");
      document.documentElement.dataset.kitChoose = text;
      document.querySelectorAll("option[data-kit-prompt]").forEach((option) => {
        option.textContent = text;
      });
    };
    apply();
    model.on("change:choose", apply);
  },
};
"""
    choose = traitlets.Unicode("").tag(sync=True)


_sent: dict[str, Stylesheet] = {}
_texts: list[PageTexts] = []


@cache
def css(name: str) -> str:
    """The rules of ``static/kit-<name>.css``."""
    return (STATIC / f"kit-{name}.css").read_text(encoding="utf-8")


def use_styles(name: str = COMMON) -> None:
    """Send the shared stylesheet and ``name``'s to the page, if not yet sent
    (and the page script's words, :class:`PageTexts`)."""
    if not _texts or _texts[0].comm is None:
        _texts[:] = [PageTexts(choose=t("page.choose"))]
    for sheet in dict.fromkeys((COMMON, name)):
        sent = _sent.get(sheet)
        if sent is None or sent.comm is None:  # never sent, or closed since
            _sent[sheet] = Stylesheet(
                _css=css(sheet), _anywidget_id=f"kit-styles-{sheet}"
            )


def sent_texts() -> dict[str, str]:
    """The page script's words this kernel has sent and still holds open."""
    return {"choose": _texts[0].choose} if _texts and _texts[0].comm else {}


def sent_styles() -> dict[str, str]:
    """The stylesheets this kernel has sent and still holds open, by name."""
    return {name: s._css for name, s in _sent.items() if s.comm is not None}
