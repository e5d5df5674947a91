"""A participant's own page puts the task first in every tool; the facilitator's stays.

On a participant's seat each tool shows one line that says what to do, then
its form, and folds its intro texts into one closed "Uitleg" below the form;
the facilitator (who leads, and on one screen also answers) keeps them open.
"""

from __future__ import annotations

import re

import pytest

from kit.locale import t
from kit.session import one_screen_seat
from kit.widgets.dilemma import build_dilemma_app
from kit.widgets.feedback import esc, visible_html
from kit.widgets.lookback import build_lookback_app
from kit.widgets.matrix import build_matrix_app
from kit.widgets.proximity import build_proximity_app
from kit.widgets.speaking import build_speaking_up_app

CARD = "doorbraak_zoon_kostendelersnorm"
ABOUT = re.compile(r"<details class='kit-about'>.*?</details>", re.S)


def build(tool: str, seat, library):  # type: ignore[no-untyped-def]
    if tool == "dilemma":
        return build_dilemma_app(seat, library, live=False)
    if tool == "proximity":
        return build_proximity_app(seat, library, "toeslagen", live=False)
    if tool == "matrix":
        return build_matrix_app(seat, library, card=CARD, live=False)
    if tool in ("scan", "palette"):
        return build_speaking_up_app(seat, library, parts=(tool,), live=False)
    return build_lookback_app(seat, library, live=False)


# tool: (its task line, an intro text that is folded)
CASES = {
    "dilemma": ("task.dilemma", "dilemma.choose_alone"),
    "proximity": ("task.proximity", "proximity.place.help"),
    "matrix": ("task.matrix", "matrix.intro"),
    "scan": ("task.scan", "speaking.intro"),
    "palette": ("task.palette", "speaking.intro"),
    "lookback": ("task.lookback", "lookback.intro"),
}


@pytest.mark.parametrize("tool", list(CASES))
def test_a_participant_sees_the_task_first_and_the_intro_folded(room, library, tool):
    facilitator, join = room
    task, intro = CASES[tool]
    if tool == "dilemma":
        build("dilemma", facilitator, library).play(CARD)
    anne = visible_html(build(tool, join("Anne"), library))
    assert anne.count(esc(t(task))) == 1
    folded = "".join(ABOUT.findall(anne))
    assert anne.count("class='kit-about'") == 1
    assert esc(t(intro)) in folded
    assert esc(t(intro)) not in ABOUT.sub("", anne)  # only in the Uitleg
    # The task line comes before the Uitleg, which follows the form.
    assert anne.index(esc(t(task))) < anne.index("class='kit-about'")


@pytest.mark.parametrize("tool", list(CASES))
def test_one_screen_keeps_the_intro_open(store, library, tool):
    seat = one_screen_seat(store, "Eén scherm")  # leads and answers
    task, intro = CASES[tool]
    try:
        app = build(tool, seat, library)
        if tool == "dilemma":
            app.play(CARD)
        shown = visible_html(app)
        assert esc(t(task)) not in shown
        assert "kit-about" not in shown
        assert esc(t(intro)) in shown
    finally:
        seat.stop()
