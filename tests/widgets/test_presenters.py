"""One presenter per tool: the widget's results pane and the report say the same.

Each test plays a round through the widgets, then renders the session report
from the same store and finds the same sentences in both.
"""

from __future__ import annotations

import html

from kit.model import dilemma as M
from kit.report.session_report import session_document
from kit.testing.tools import without_svg
from kit.widgets.dilemma import build_dilemma_app

CARD_ID = "nieuwe_regel_voor_vrijdag"


def report_text(seat, library) -> str:
    document = session_document(seat.store, seat.session, library)
    return document.all_text()


def test_the_dilemma_round_is_the_same_in_the_widget_and_the_report(room, library):
    facilitator, join = room
    lead = build_dilemma_app(facilitator, library, live=False)
    people = [build_dilemma_app(join(n), library, live=False) for n in "ABC"]
    lead.play(CARD_ID)
    for widget, option, reason in zip(
        people,
        "aac",
        ("Eerst de regel", "Zo is het afgesproken", "Even bellen"),
        strict=True,
    ):
        widget.refresh()
        widget.choose(option, 2, reason)
    lead.reveal()
    lead.play_variation("al_op_televisie")
    for widget, option in zip(people, "bac", strict=True):
        widget.refresh()
        widget.choose(option, 3, "")
    lead.reveal()

    pane = html.unescape(without_svg(lead.results.value))
    report = report_text(facilitator, library)
    result = M.round_result(lead.seat.answers(M.TOOL), lead.card(CARD_ID), 2)
    from kit.report.sections_dilemma import minority_text

    shared = [
        minority_text(result),
        "3 keuze(s) geteld, waarvan 3 op een eigen apparaat",
        "Wie koos nu anders? Vergeleken met ronde 1 kozen 1 van de 3 mensen",
        "1 van A naar B",
        "Hoor de minderheid",
        "Redenen per optie",
    ]
    for sentence in shared:
        assert sentence in pane, sentence
        assert sentence in report, sentence
    assert "Iedereen koos" not in minority_text(result)  # three options chosen
    for widget in (lead, *people):
        widget.close()
