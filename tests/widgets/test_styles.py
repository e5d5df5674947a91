"""Each tool sends its own stylesheet, so it looks the same in Voilà and JupyterLab.

The browser side (the rules land in the page's <head> and apply) is checked in
tests/e2e/test_styles_page.py and, from an installed wheel, tests/packaging.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as W
import pytest

from kit.model.activity import DEFAULT_PROGRAMME
from kit.widgets.browser import DeckBrowser
from kit.widgets.dilemma import build_dilemma_app
from kit.widgets.gate import SessionGate
from kit.widgets.lookback import build_lookback_app
from kit.widgets.matrix import build_matrix_app
from kit.widgets.proximity import build_proximity_app
from kit.widgets.room import ParticipantRoom
from kit.widgets.speaking import build_speaking_up_app
from kit.widgets.stage import tool_builders
from kit.widgets.start import StartPanel
from kit.widgets.styles import STATIC, sent_styles, sent_texts, use_styles

TEMPLATE = Path(STATIC).parents[1] / "voila" / "templates" / "kit"

# tool → (how to build it from a seat and the library, its stylesheet)
TOOLS: dict[str, tuple[Callable[[Any, Any], W.Widget], str]] = {
    "dilemma cards": (build_dilemma_app, "dilemma"),
    "matrix": (build_matrix_app, "matrix"),
    "proximity map": (build_proximity_app, "proximity"),
    "speaking up": (build_speaking_up_app, "speaking"),
    "look back": (build_lookback_app, "lookback"),
    "start page": (lambda seat, _library: StartPanel(seat), "session"),
    "session page": (
        lambda seat, library: ParticipantRoom(
            seat, DEFAULT_PROGRAMME, tool_builders(lambda: library)
        ),
        "room",
    ),
    "deck browser": (
        lambda _seat, library: DeckBrowser(library.deck("starter"), library),
        "common",
    ),
}


def classes_in(widget: W.Widget) -> set[str]:
    """The CSS classes of a widget and everything inside it, HTML included."""
    found = set(getattr(widget, "_dom_classes", ()))
    html = widget.value if isinstance(widget, W.HTML) else ""
    for attribute in re.findall(r"class=['\"]([^'\"]+)", html):
        found |= set(attribute.split())
    for child in getattr(widget, "children", ()):
        found |= classes_in(child)
    return found


def selector_classes(css: str) -> set[str]:
    return set(re.findall(r"\.(kit-[a-z-]+)", css))


@pytest.fixture
def fresh_kernel():
    """As in a new kernel: no stylesheet sent yet."""
    # A room of an earlier test may still be building a tool in the background
    # (kit.widgets.stage); its stylesheets would arrive after close_all.
    for thread in threading.enumerate():
        if thread.name == "kit-prepare":
            thread.join(timeout=60)
    W.Widget.close_all()
    assert sent_styles() == {}


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_a_tool_sends_the_shared_and_its_own_stylesheet(
    tool, fresh_kernel, room, library
):
    build, sheet = TOOLS[tool]
    facilitator, _join = room
    widget = build(facilitator, library)
    sent = sent_styles()
    assert set(sent) == {"common", sheet}
    assert ".kit-root" in sent["common"]
    # The sheet styles classes this tool carries.
    assert selector_classes(sent[sheet]) & classes_in(widget)


def test_the_session_gate_styles_its_bar(fresh_kernel, store):
    SessionGate(store, lambda seat, gate: W.HTML("tool"), auto_one_screen=False)
    assert ".kit-sessiontop" in sent_styles()["session"]


def test_every_stylesheet_belongs_to_a_tool_and_the_page_lists_none():
    sheets = {
        p.name.removeprefix("kit-").removesuffix(".css")
        for p in STATIC.glob("kit-*.css")
    }
    assert sheets == {s for _build, s in TOOLS.values()}
    template = (TEMPLATE / "index.html.j2").read_text(encoding="utf-8")
    assert "kit-matrix" not in template
    assert not list((TEMPLATE / "static").glob("kit-*.css"))


def test_a_second_tool_sends_nothing_new_and_a_closed_sheet_is_sent_again(
    fresh_kernel,
):
    use_styles("matrix")
    first = dict(sent_styles())
    opened = set(W.widgets.widget._instances)
    use_styles("matrix")
    assert set(W.widgets.widget._instances) == opened  # no second copy
    W.Widget.close_all()
    assert sent_styles() == {}
    use_styles("matrix")
    assert sent_styles() == first


def test_the_page_scripts_words_come_from_the_locale(fresh_kernel, monkeypatch):
    from kit.locale import t

    use_styles("matrix")
    assert sent_texts() == {"choose": t("page.choose")} == {"choose": "kies…"}
    script = (TEMPLATE / "static" / "kit-page.js").read_text(encoding="utf-8")
    assert "kies…" not in script
    assert "choose…" not in script
    W.Widget.close_all()
    monkeypatch.setenv("KIT_LANG", "en")
    use_styles("matrix")
    assert sent_texts() == {"choose": "choose…"}
