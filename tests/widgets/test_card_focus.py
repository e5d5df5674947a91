"""Afwegen and Wie raakt het? start from the card the team last played."""

from __future__ import annotations

from kit.model import activity as A
from kit.model import dilemma as D
from kit.model import matrix as M
from kit.model import proximity as pm
from kit.testing.tools import wait_until
from kit.widgets.card_focus import map_on_team_card, matrix_on_team_card
from kit.widgets.feedback import esc, visible_html

DEFAULT = "doorbraak_zoon_kostendelersnorm"
PLAYED = "inspectie_vierde_memo"
CHOSEN = "herstel_vindt_tweede_kast"


def title(library, card_id: str) -> str:
    return library.deck("starter").card(card_id).title


def play(seat, card_id: str) -> None:
    seat.facilitator_event(D.TOOL, D.TABLE, D.PLAY, {"card_id": card_id})


def test_with_nothing_played_the_default_card_is_used_and_said(room, library):
    facilitator, join = room
    lead = matrix_on_team_card(facilitator, library, default_card=DEFAULT, live=False)
    anne = matrix_on_team_card(join("Anne"), library, default_card=DEFAULT, live=False)
    try:
        for widget in (lead, anne):
            assert widget.card.id == DEFAULT
            assert widget.tool.subject == DEFAULT
            assert "nog geen kaart gespeeld" in widget.status.value
            assert esc(title(library, DEFAULT)) in visible_html(widget)
        assert "kies hieronder een andere kaart" in lead.status.value
        assert "de begeleider kan een andere kaart kiezen" in anne.status.value
        # Only the facilitator has the picker.
        assert "Andere kaart" not in visible_html(anne)
        assert lead.picker.options[0] == ("kies…", "")
        assert lead.picker.description == "Andere kaart"
    finally:
        lead.close()
        anne.close()


def test_the_matrix_starts_from_the_card_last_played(room, library):
    facilitator, join = room
    play(facilitator, DEFAULT)
    play(facilitator, PLAYED)
    anne = matrix_on_team_card(join("Anne"), library, default_card=DEFAULT, live=False)
    try:
        assert anne.card.id == PLAYED
        assert anne.tool.subject == PLAYED
        assert "het laatst gespeeld" in anne.status.value
        assert esc(title(library, PLAYED)) in anne.status.value
    finally:
        anne.close()


def test_the_facilitator_picks_another_card_and_everyone_follows(
    room, library, monkeypatch
):
    import kit.widgets.card_focus as F

    monkeypatch.setattr(F, "CLOSE_OLD_AFTER_SECONDS", 0.0)
    facilitator, join = room
    play(facilitator, PLAYED)
    lead = matrix_on_team_card(facilitator, library, default_card=DEFAULT, live=False)
    anne = matrix_on_team_card(join("Anne"), library, default_card=DEFAULT, live=False)
    try:
        lead.apply_button.click()  # the prompt is no card
        assert lead.messages.last[0] == "info"
        assert facilitator.answers(A.TOOL, A.CARD) == []

        first_tool = lead.tool
        lead.picker.value = CHOSEN
        lead.apply_button.click()

        assert lead.card.id == CHOSEN
        assert lead.tool is not first_tool
        # The old card's tool closes a moment later (a browser may still be
        # setting it up), and then for good.
        wait_until(lambda: first_tool.closed, "the old tool to close")
        assert lead.messages.last == (
            "ok",
            f"Iedereen werkt nu met de kaart '{title(library, CHOSEN)}'.",
        )
        assert lead.picker.value == ""  # back to "kies…"
        anne.refresh()  # what the watcher does in Anne's kernel
        assert anne.card.id == CHOSEN
        lead.tool.setup(["a", "b"], ["menselijke_maat"])
        anne.refresh()
        anne.tool.refresh()
        anne.tool.set_weight("menselijke_maat", 4)
        [weight] = anne.seat.answers(M.TOOL, kind=M.WEIGHT)
        assert weight.subject == CHOSEN
        # A card played later on the dilemma table becomes the team's card again.
        play(facilitator, DEFAULT)
        anne.refresh()
        assert anne.card.id == DEFAULT
    finally:
        lead.close()
        anne.close()


def test_a_live_page_follows_the_facilitators_choice(room, library):
    from kit.testing.tools import wait_until

    facilitator, join = room
    lead = matrix_on_team_card(facilitator, library, default_card=DEFAULT, live=False)
    anne = matrix_on_team_card(join("Anne"), library, default_card=DEFAULT)
    try:
        lead.choose(CHOSEN)
        wait_until(lambda: anne.card.id == CHOSEN)
    finally:
        lead.close()
        anne.close()


def test_the_proximity_map_is_one_map_per_card_with_its_situation(room, library):
    facilitator, _join = room
    play(facilitator, PLAYED)
    lead = map_on_team_card(
        facilitator, library, "toeslagen", default_card=DEFAULT, live=False
    )
    try:
        assert lead.tool.subject == PLAYED
        # An inspectorate's card starts from the inspection template.
        assert lead.tool.state.template == "toezicht_inspectie"
        card = library.deck("starter").card(PLAYED)
        assert esc(card.situation) in lead.situation.value
        lead.choose(CHOSEN)
        assert lead.tool.subject == CHOSEN
        assert pm.map_subjects(facilitator.answers(pm.TOOL)) == [PLAYED, CHOSEN]
    finally:
        lead.close()
