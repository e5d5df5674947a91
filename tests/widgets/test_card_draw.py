""" "Trek een kaart" draws only from the cards the active filters let through."""

from __future__ import annotations

import random

from kit.model import dilemma as M
from kit.widgets.browser import DeckBrowser
from kit.widgets.dilemma import build_dilemma_app

YOUTH_INSPECTORATE = "inspectie_vierde_memo"  # toezicht, zorg


def debt_help_filters(browser: DeckBrowser) -> None:
    browser.set_filter(role="uitvoering", domain="inkomen")


def drawn_cards(browser: DeckBrowser, times: int) -> list:
    return [browser.draw() for _ in range(times)]


def test_drawing_respects_role_and_domain_filters(library):
    browser = DeckBrowser(
        library.deck("starter"), library, show_chart=False, rng=random.Random(7)
    )
    debt_help_filters(browser)

    cards = drawn_cards(browser, 40)

    assert {(c.role, c.domain) for c in cards} == {("uitvoering", "inkomen")}
    # Every card of the selection comes up, not only the first one.
    assert {c.id for c in cards} == {c.id for c in browser.matching}
    assert browser.selected in browser.matching


def test_a_card_shown_before_the_filter_is_dropped_when_it_no_longer_fits(library):
    browser = DeckBrowser(library.deck("starter"), library, show_chart=False)
    browser.show(YOUTH_INSPECTORATE)
    inspectorate_title = browser.selected.title

    debt_help_filters(browser)

    assert browser.selected is None
    assert inspectorate_title not in browser.card_view.value
    assert browser.cards.value is None


def test_the_dilemma_tool_never_plays_a_card_outside_the_filters(room, library):
    facilitator, join = room
    lead = build_dilemma_app(facilitator, library, "starter", live=False)
    anne = build_dilemma_app(join("Anne"), library, "starter", live=False)
    try:
        lead.browser.show(YOUTH_INSPECTORATE)
        debt_help_filters(lead.browser)
        lead.play_button.click()
        assert facilitator.answers(M.TOOL, kind=M.PLAY) == []
        assert lead.messages.last[0] == "info"

        # A participant writes an own card; the facilitator's page takes it in.
        written = anne.write_card(
            title="De brief die te laat kwam",
            role="uitvoering",
            setting="Je bent klantmanager bij een gemeente en beslist over aanvragen.",
            situation=" ".join(["De aanvraag kwam een dag na de termijn binnen."] * 10),
            values=["menselijke_maat", "rechtsgelijkheid"],
            options=[
                ("Ik wijs af volgens de regel", "Iedereen wordt gelijk behandeld."),
                ("Ik maak een uitzondering", "De regel past niet op deze situatie."),
            ],
            questions=["Wie beslist hier eigenlijk?", "Wat weet je niet?"],
            note="Groepen zoeken snel naar de regel; vraag naar het verhaal.",
        )
        assert written == "eigen_de_brief_die_te_laat_kwam", anne.own_messages.value
        lead.refresh()
        assert written in {c.id for c in lead.browser.deck.cards}

        # The team's filters survive that, so drawing keeps to debt help.
        assert (lead.browser.role.value, lead.browser.domain.value) == (
            "uitvoering",
            "inkomen",
        )
        for _ in range(20):
            card = lead.browser.draw()
            lead.play_button.click()
            played = facilitator.answers(M.TOOL, kind=M.PLAY)[-1].payload["card_id"]
            assert played == card.id
            assert (card.role, card.domain) == ("uitvoering", "inkomen")
    finally:
        lead.close()
        anne.close()
