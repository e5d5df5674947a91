"""One presenter per tool: the widget's results pane and the report say the same.

Each test plays a round (or a look back) through the widgets, then renders the
session report from the same store and finds the same sentences in both.
"""

from __future__ import annotations

import html

from kit.model import dilemma as M
from kit.report.session_report import session_document
from kit.testing.tools import without_svg
from kit.widgets.dilemma import build_dilemma_app

CARD_ID = "nieuwe_regel_voor_vrijdag"
APPROACH = "ervaringsdeskundige"


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
        "3 keuzes geteld, waarvan 3 op een eigen apparaat",
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


def test_the_proximity_results_are_the_same_in_the_widget_and_the_report(room, library):
    from kit.widgets.proximity import build_proximity_app

    facilitator, join = room
    lead = build_proximity_app(facilitator, library, "toeslagen", live=False)
    anna = build_proximity_app(join("Anna"), library, live=False)
    bram = build_proximity_app(join("Bram"), library, live=False)
    anna.place("ouders_met_toeslag", 4, "via_rapporten", 1)
    bram.place("ouders_met_toeslag", 4, "niet_in_beeld", 1)
    anna.place("ministerie_en_kamer", 2, "aan_tafel", 3)
    bram.place("ministerie_en_kamer", 2, "via_rapporten", 3)
    lead.reveal()
    lead.plan_approach("ouders_met_toeslag", APPROACH, "Bram en Anna")

    pane = html.unescape(
        lead.soft_view.value + lead.missing_view.value + lead.differences_view.value
    )
    report = report_text(facilitator, library)
    [parents] = lead.soft_voices  # hard hit, far away, rarely heard
    shared = [
        "Zachte stemmen en afspraken",
        f"{parents.stakeholder.number}. {parents.stakeholder.name}",
        "2 van 2 deelnemers zien hier een zachte stem.",
        "Bram en Anna",
        "Wie mist er aan tafel?",
        "Hier verschillen jullie van inzicht",
        # Two people: which stakeholders differ, not how each placed them.
        "Met minder dan 3 deelnemers tonen we alleen aantallen",
    ]
    for sentence in shared:
        assert sentence in pane, sentence
        assert sentence in report, sentence
    for widget in (lead, anna, bram):
        widget.close()


def test_the_speaking_up_results_are_the_same_in_the_widget_and_the_report(
    room, library
):
    from kit.widgets.speaking import build_speaking_up_app

    facilitator, join = room
    lead = build_speaking_up_app(facilitator, library, live=False)
    people = [build_speaking_up_app(join(n), library, live=False) for n in "ABC"]
    first, second = (b.id for b in library.beliefs[:2])
    for app, score_1, score_2, place in zip(
        people, (5, 4, 4), (1, 5, 3), (1, 5, 5), strict=True
    ):
        app.rate(first, score_1)
        app.rate(second, score_2)
        app.stand(place, f"Plek {place} omdat het zo voelt")
    lead.reveal("scan")
    lead.reveal("dilemma")

    pane = html.unescape(lead.page_html("scan") + lead.page_html("dilemma"))
    report = report_text(facilitator, library)
    shared = [
        f"Het meest herkend: 1. {library.belief(first).name} (3 van de 3",
        "Hier is het team het meest verdeeld: 2.",
        "1 volgen het besluit",
        "Waarom mensen daar staan",
        "Plek 5 omdat het zo voelt",
    ]
    for sentence in shared:
        assert sentence in pane, sentence
        assert sentence in report, sentence
    for app in (lead, *people):
        app.close()


def test_the_matrix_picture_is_the_same_in_the_widget_and_the_report(room, library):
    from kit.model import matrix as MX
    from kit.report.sections_matrix import cell_notes
    from kit.widgets.matrix import build_matrix_app

    card = "doorbraak_zoon_kostendelersnorm"
    facilitator, join = room
    lead = build_matrix_app(facilitator, library, card=card, live=False)
    lead.setup(["a", "b", "c"], ["menselijke_maat", "rechtmatigheid"])
    people = [build_matrix_app(join(n), library, card=card, live=False) for n in "AB"]
    for app, weight, score in zip(people, (5, 1), (2, -2), strict=True):
        app.set_weight("menselijke_maat", weight)
        app.score("a", "menselijke_maat", score, reason=f"Reden van {weight}")
        app.score("b", "rechtmatigheid", MX.UNKNOWN)
    lead.reveal()
    lead.refresh()
    assert "Er is geen verantwoording vastgelegd." in lead.justify_show.value
    lead.justify(
        "a", "Wie <b>hier</b> woont, telt mee", ["rechtmatigheid"], "", "Na de zomer"
    )
    assert lead.messages.last[0] == "ok", lead.messages.last

    pane = html.unescape(without_svg(lead.picture_html.value) + lead.justify_show.value)
    report = report_text(facilitator, library)
    picture = lead.picture
    assert picture is not None
    [first_line, *_] = MX.describe_disagreements(picture)
    shared = [
        "Waar het team het meest verschilt",
        "Daar hoort het gesprek heen",
        first_line,
        *cell_notes(picture, "a", "menselijke_maat"),  # "Reden van 1 (--)", …
        "Wat het team niet weet",
        *MX.describe_unknowns(picture),
        "Hoe zwaar het team de waarden weegt",
        "Een totaalscore is een gespreksstarter, geen besluit.",
        *MX.describe_totals(picture),
        "Welke waarden verliezen",
        "Wie <b>hier</b> woont, telt mee",
        "Voor wie",
        "niet benoemd",
    ]
    assert "Reden van 5 (++)" in shared
    assert "<b>" not in lead.justify_show.value  # typed text stays text
    for sentence in shared:
        assert sentence in pane, sentence
        assert sentence in report, sentence
    for app in (lead, *people):
        app.close()


def test_the_takeaways_are_the_same_in_the_look_back_and_the_report(room, library):
    from kit.widgets.lookback import build_lookback_app

    facilitator, join = room
    lead = build_lookback_app(facilitator, library, live=False)
    people = [build_lookback_app(join(n), library, live=False) for n in "AB"]
    people[0].save_takeaways("Vaker bellen dan mailen")
    people[1].save_takeaways("De <i>minderheid</i> eerst")
    lead.save_team_takeaways("We vragen de uitvoering aan tafel")
    before = html.unescape(lead.shared_view.value)
    assert "We vragen de uitvoering aan tafel" in before
    assert "Vaker bellen" not in before  # the room has not seen them yet
    lead.reveal()

    pane = html.unescape(lead.shared_view.value)
    report = report_text(facilitator, library)
    shared = [
        "Wat het team meeneemt",
        "We vragen de uitvoering aan tafel",
        "Wat deelnemers meenemen",
        "Zonder namen, op alfabet.",
        "De <i>minderheid</i> eerst",
        "Vaker bellen dan mailen",
    ]
    for sentence in shared:
        assert sentence in pane, sentence
        assert sentence in report, sentence
    assert "<i>" not in lead.shared_view.value  # typed text stays text
    for app in (lead, *people):
        app.close()
