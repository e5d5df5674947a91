"""The dilemma table driven from Python: a facilitator and three participants."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

import ipywidgets as W
import pytest

from kit.locale import t
from kit.model import check_directory
from kit.model import dilemma as M
from kit.session import one_screen_seat
from kit.testing.tools import wait_until, without_svg
from kit.widgets.dilemma import DilemmaTable, build_dilemma_app
from kit.widgets.feedback import esc, visible_html

CARD_ID = "nieuwe_regel_voor_vrijdag"
VARIATION = "al_op_televisie"
SITUATION = " ".join(["Het is maandagochtend en de wachtlijst groeit snel."] * 10)


@dataclass
class Table:
    lead: DilemmaTable
    anne: DilemmaTable
    bram: DilemmaTable
    cem: DilemmaTable

    @property
    def people(self) -> list[DilemmaTable]:
        return [self.anne, self.bram, self.cem]

    def refresh_all(self) -> None:
        """What the watcher does in every other kernel when something is stored."""
        for widget in (self.lead, *self.people):
            widget.refresh()


@pytest.fixture
def table(room, library):
    facilitator, join = room
    widgets = [build_dilemma_app(facilitator, library, "starter", live=False)]
    widgets += [
        build_dilemma_app(join(name), library, "starter", live=False)
        for name in ("Anne", "Bram", "Cem")
    ]
    yield Table(*widgets)
    for widget in widgets:
        widget.close()


def events(widget: DilemmaTable, kind: str) -> list:
    return widget.seat.answers(M.TOOL, kind=kind)


def play_and_choose(table: Table) -> None:
    table.lead.play(CARD_ID)
    table.refresh_all()
    table.anne.choose("a", 3, "De minister moet kunnen kiezen")
    table.bram.choose("a", 2, "Risico's staan zwart op wit")
    table.cem.choose("c", 1, "Even bellen kost weinig")


# --------------------------------------------------------------------- playing


def test_the_current_phase_is_marked_by_outline_icon_and_words_not_green(table):
    table.lead.play(CARD_ID)
    table.lead.reveal()
    buttons = table.lead.phase_buttons
    assert "kit-current" in buttons["reveal"]._dom_classes
    assert (buttons["reveal"].icon, buttons["reveal"].button_style) == ("play", "")
    assert all("kit-current" not in buttons[p]._dom_classes for p in ("think", "close"))
    assert all(b.button_style != "success" for b in buttons.values())
    assert "De knop met ▶ is de fase waarin jullie nu zitten" in table.lead.page_html()


def test_participants_follow_the_card_the_facilitator_plays(table):
    assert "Wacht even" in table.anne.page_html()
    assert table.anne.pick_section.layout.display == "none"  # no deck browser

    table.lead.play(CARD_ID)
    table.refresh_all()

    title = table.lead.card(CARD_ID).title
    for widget in table.people:
        assert title in widget.card_view.value
        assert "A. Ik schrijf het signaal" in widget.page_html()  # the option radios
    assert events(table.lead, M.PLAY)[-1].payload == {"card_id": CARD_ID}


def everything_sent(widget: DilemmaTable) -> str:
    """Every HTML value in the widget tree, hidden parts too (all reach the browser)."""
    return visible_html(widget, include_hidden_root=True) + "".join(
        child.value for child in walk_widgets(widget) if isinstance(child, W.HTML)
    )


def walk_widgets(node):
    yield node
    for child in getattr(node, "children", ()):
        yield from walk_widgets(child)


def test_only_the_facilitator_gets_the_note_facts_and_sources(table):
    table.lead.play(CARD_ID)
    table.refresh_all()
    card = table.lead.card(CARD_ID)
    lead_page = table.lead.page_html()
    assert "Voor de begeleider (niet voorlezen)" in lead_page
    assert esc(card.facts[0]) in lead_page
    assert esc(card.sources[0]) in lead_page
    for person in table.people:
        sent = everything_sent(person)
        assert card.title in sent
        for fact in card.facts:
            assert esc(fact) not in sent
        assert esc(card.facilitator_note) not in sent


def test_the_browser_filters_on_domain_and_shows_the_facts_to_the_facilitator(table):
    browser = table.lead.browser
    browser.set_filter(domain="migratie")
    assert browser.matching
    assert {c.domain for c in browser.matching} == {"migratie"}
    assert "Asiel, migratie en inburgering" in browser.domain.label
    browser.show(browser.matching[0].id)
    assert esc(browser.matching[0].facts[-1]) in browser.card_view.value
    browser.set_filter(domain="")
    assert len(browser.matching) == len(table.lead.deck.cards)


def test_the_facilitator_browses_with_the_deck_browser_and_plays_the_pick(table):
    lead = table.lead
    # The card on the table comes first; the browser sits below it, open while
    # the table is empty and folded once a card is played.
    order = list(lead.children)
    assert order.index(lead.table_section) < order.index(lead.pick_section)
    assert lead.pick_disclosure.selected_index == 0
    lead.browser.set_filter(role="toezicht")
    assert {c.role for c in lead.browser.matching} == {"toezicht"}
    lead.play_button.click()  # nothing picked yet
    assert lead.messages.last == (
        "info",
        "Kies eerst een kaart in de lijst of trek een kaart.",
    )

    drawn = lead.browser.draw()
    lead.play_button.click()

    assert events(lead, M.PLAY)[-1].payload == {"card_id": drawn.id}
    assert drawn.title in lead.card_view.value
    assert lead.pick_disclosure.selected_index is None
    # The card on the table is not shown a second time in the browser.
    assert lead.browser.card_view.layout.display == "none"
    lead.browser.show(CARD_ID)  # previewing the next card shows it again
    assert lead.browser.card_view.layout.display != "none"


def test_a_participant_cannot_play_or_reveal(table):
    table.lead.play(CARD_ID)
    table.refresh_all()

    table.anne.reveal()

    assert table.anne.messages.last[0] == "error"
    assert "begeleider" in table.anne.messages.last[1]
    assert table.lead.seat.phase(M.TOOL, CARD_ID) == "think"


def test_choices_stay_hidden_until_the_facilitator_reveals(table):
    play_and_choose(table)
    table.refresh_all()

    bram_sees = table.bram.page_html()
    assert "De minister moet kunnen kiezen" not in bram_sees  # Anne's reason
    assert "kit-chart" not in bram_sees
    assert table.bram.results.value == ""  # not merely hidden: not in the page
    assert "Je keuze: A (Redelijk zeker)." in bram_sees  # only their own choice
    # The facilitator sees how many chose, not what.
    lead_sees = table.lead.page_html()
    assert "3 keuzes" in lead_sees
    assert "Even bellen kost weinig" not in lead_sees
    assert "kit-chart" not in lead_sees


def test_the_latest_choice_of_a_participant_counts(table):
    play_and_choose(table)
    table.cem.choose("a", 3, "Toch maar niet bellen")
    table.lead.reveal()
    table.refresh_all()

    results = without_svg(table.anne.results.value)
    assert "Toch maar niet bellen" in results
    assert "Even bellen kost weinig" not in results
    assert "Iedereen koos A" in results


def test_reveal_shows_spread_reasons_per_option_and_the_minority(table):
    play_and_choose(table)
    table.lead.reveal()
    table.refresh_all()

    for widget in (table.lead, *table.people):
        html = widget.results.value
        assert "<svg" in html
        label = re.search(r"aria-label='([^']*)'", html)[1]
        assert label.startswith("Staafdiagram van de keuzes per optie: A.")
        assert ": 2 (2 via apparaat, 0 handen)" in label
        text = without_svg(html)
        # Reasons under their option, without pseudonyms.
        a_part = text.split("<h5>A.")[1].split("<h5>")[0]
        assert "De minister moet kunnen kiezen" in a_part
        assert "Even bellen kost weinig" in text.split("<h5>C.")[1]
        for name in ("Anne", "Bram", "Cem"):
            assert name not in text
        # The minority is put forward with the question to hear it out.
        minority = text.split("kit-minority")[1].split("</div>")[0]
        assert "Maar 1 koos C" in minority
        assert "Wat ziet de minderheid dat wij missen?" in minority


def test_choosing_after_the_reveal_is_refused(table):
    play_and_choose(table)
    table.lead.reveal()
    table.refresh_all()

    table.cem.choose("b", 3, "nu ik de rest zie")

    assert table.cem.messages.last[0] == "error"
    assert "al getoond" in table.cem.messages.last[1]
    assert table.cem.choose_button.disabled
    assert len(events(table.cem, M.CHOICE)) == 3


def test_the_real_controls_store_a_choice(table):
    table.lead.play(CARD_ID)
    table.refresh_all()

    table.bram.option_choice.value = "b"
    table.bram.confidence_choice.value = 1
    table.bram.reason.value = "Via de knoppen"
    table.bram.choose_button.click()

    [stored] = events(table.bram, M.CHOICE)
    assert stored.subject == CARD_ID
    assert stored.payload == {
        "round": 1,
        "option_id": "b",
        "confidence": 1,
        "reason": "Via de knoppen",
    }


def test_every_control_has_a_description_for_keyboard_and_screen_reader(table):
    def controls(widget):
        if isinstance(widget, W.Box):
            for child in widget.children:
                yield from controls(child)
        elif isinstance(widget, W.DOMWidget) and not isinstance(widget, W.HTML):
            yield widget

    table.lead.play(CARD_ID)
    table.lead.refresh()
    found = list(controls(table.lead))
    assert len(found) > 20
    assert [c for c in found if not c.description] == []


# --------------------------------------------------------------------- "wat als…"


def test_a_variation_round_shows_who_moved_where(table):
    play_and_choose(table)
    table.lead.reveal()
    table.refresh_all()

    table.lead.play_variation(VARIATION)
    table.refresh_all()
    variation_title = "De minister heeft het al beloofd"
    # A participant reads the changed circumstance right above the new form,
    # not screens above it on top of the card; the facilitator sees it on the card.
    assert variation_title in table.anne.variation_view.value
    assert variation_title not in table.anne.card_view.value
    form = table.anne.choose_section.children
    assert form.index(table.anne.variation_view) < form.index(table.anne.option_choice)
    assert variation_title in table.lead.card_view.value
    assert table.anne.results.value == ""  # the new round is hidden again
    assert table.anne.option_choice.value is None  # everyone chooses afresh
    table.anne.choose("b", 2, "Nu wordt het te gevaarlijk")
    table.bram.choose("a", 3, "")
    table.cem.choose("b", 2, "")
    table.lead.reveal()
    table.refresh_all()

    html = without_svg(table.anne.results.value)
    assert "Het kantelpunt" in html
    assert "Met minder dan 3 deelnemers" not in html  # three moved or stayed
    assert "kozen 2 van de 3 mensen iets anders" in html
    assert "1 van A naar B" in html
    assert "1 van C naar B" in html
    assert "Raster van wie van welke optie naar welke optie ging" in html
    assert table.anne.results.value.count("<svg") == 2  # spread and transitions
    phase = events(table.lead, M.PHASE)[-1].payload
    assert phase == {"phase": "reveal", "round": 2, "variation_id": VARIATION}


def test_with_two_people_a_variation_round_shows_counts_only_and_says_why(table):
    """Two people would see each other's move in "1 van A naar B": counts only."""
    table.lead.play(CARD_ID)
    table.refresh_all()
    table.anne.choose("a", 3, "")
    table.bram.choose("c", 1, "")
    table.lead.reveal()
    table.lead.play_variation(VARIATION)
    table.refresh_all()
    table.anne.choose("b", 2, "")
    table.bram.choose("c", 2, "")
    table.lead.reveal()
    table.refresh_all()

    for widget in (table.anne, table.lead):
        html = without_svg(widget.results.value)
        assert esc(t("privacy.small_group", n=3)) in html
        assert "Met minder dan 3 deelnemers tonen we alleen aantallen" in html
        assert "van A naar B" not in html
        assert "kozen 1 van de 2 mensen iets anders" not in html
        assert "Raster van wie van welke optie naar welke optie ging" not in html
        # The counts per option before and after are still there.
        assert "Keuzes per optie in ronde 1 en in deze ronde" in html


def test_no_message_from_round_one_is_visible_in_round_two(table):
    table.lead.play(CARD_ID)
    table.refresh_all()
    table.anne.choose("a", 3, "Eerste ronde")
    saved = esc(t("dilemma.choice_saved"))
    assert saved in table.anne.page_html()
    table.lead.reveal()
    table.refresh_all()  # what the watcher does on Anne's kernel
    assert saved not in table.anne.page_html()  # the phase moved on

    table.anne.choose("b", 1)  # too late: refused, and told so
    refused = table.anne.messages.value
    assert refused
    table.lead.play_variation(VARIATION)
    table.refresh_all()
    round_two = table.anne.page_html()
    assert esc(t("dilemma.no_choice_yet")) in round_two
    assert refused not in round_two
    assert saved not in round_two
    assert table.anne.messages.value == ""
    # The facilitator's own message names the new round, not the old phase.
    started = esc(
        t("dilemma.variation.started", title="De minister heeft het al beloofd")
    )
    assert started in table.lead.page_html()


# --------------------------------------------------------------------- one screen


def test_one_screen_tally_counts_hands_in_the_same_distribution(store, library):
    seat = one_screen_seat(store, "Beamer")
    widget = DilemmaTable(seat, library, library.deck("starter"), live=False)
    try:
        widget.play(CARD_ID)
        widget.choose("c", 2, "de zaal twijfelt")  # the room's own screen votes too
        widget.tally("a", 4)
        widget.tally("b", 2)
        widget.tally("b", 1)  # recounted
        assert "1 keuze via een apparaat binnen, 5 handen geteld." in (
            widget.progress.value
        )
        widget.reveal()

        label = re.search(r"aria-label='([^']*)'", widget.results.value)[1]
        assert ": 4 (0 via apparaat, 4 handen)" in label
        assert ": 1 (0 via apparaat, 1 handen)" in label
        assert ": 1 (1 via apparaat, 0 handen)" in label
        tallies = [e.payload for e in events(widget, M.TALLY)]
        assert tallies[-1] == {"round": 1, "option_id": "b", "count": 1}
        assert all(e.participant_id is None for e in events(widget, M.TALLY))
        assert "Handen geteld" in widget.results.value  # legend names the source
    finally:
        widget.close()
        seat.stop()


def test_tally_controls_store_only_changed_counts(store, library):
    seat = one_screen_seat(store, "Beamer")
    widget = DilemmaTable(seat, library, library.deck("starter"), live=False)
    try:
        widget.play(CARD_ID)
        widget.tally_inputs["c"].value = 7
        widget.tally_button.click()
        assert [e.payload["option_id"] for e in events(widget, M.TALLY)] == ["c"]
        widget.tally(option_id="a", count=-1)
        assert widget.messages.last == (
            "error",
            "Vul een aantal handen in van 0 tot 500.",
        )
    finally:
        widget.close()


# --------------------------------------------------------------------- closing


def test_close_card_records_knowledge_actions_and_power_for_everyone(table):
    play_and_choose(table)
    table.lead.reveal()
    table.lead.set_phase("close")
    table.lead.close_card(
        "Hoe gemeenten nu al werken",
        "Eerst drie gemeenten bellen",
        "De minister bepaalt het tempo; gemeenten zitten niet aan tafel",
    )
    table.refresh_all()

    [stored] = events(table.lead, M.CLOSE)
    assert stored.subject == CARD_ID
    assert stored.participant_id is None
    assert stored.payload == {
        "knowledge": "Hoe gemeenten nu al werken",
        "actions": "Eerst drie gemeenten bellen",
        "power": "De minister bepaalt het tempo; gemeenten zitten niet aan tafel",
        "round": 1,
    }
    summary = table.cem.close_summary.value
    assert "Eerst drie gemeenten bellen" in summary
    assert "geen nieuwe regel" in summary
    assert table.cem.close_form.layout.display == "none"  # only the lead records
    assert table.lead.seat.phase(M.TOOL, CARD_ID) == "close"


def test_close_card_needs_at_least_one_of_the_three(table):
    table.lead.play(CARD_ID)
    table.lead.close_card(" ", "", "")
    assert table.lead.close_messages.last == (
        "error",
        "Vul minstens één van de drie in: kennis, acties of macht.",
    )
    assert events(table.lead, M.CLOSE) == []


# --------------------------------------------------------------------- own cards


def write_good_card(widget: DilemmaTable, title: str = "De brief die te laat kwam"):
    return widget.write_card(
        title=title,
        role="uitvoering",
        setting="Je bent klantmanager bij een gemeente en beslist over een aanvraag.",
        situation=SITUATION,
        values=["menselijke_maat", "rechtsgelijkheid"],
        options=[
            ("Ik wijs af volgens de regel", "Iedereen wordt gelijk behandeld."),
            ("Ik maak een uitzondering", "De regel past niet op deze situatie."),
            ("", ""),
        ],
        questions=["Wie beslist hier eigenlijk?", "Wat weet je niet?", ""],
        note="Groepen zoeken snel naar de regel; vraag naar het verhaal.",
    )


def test_own_card_is_stored_playable_and_exports_a_valid_deck(table, tmp_path):
    card_id = write_good_card(table.anne)
    assert card_id == "eigen_de_brief_die_te_laat_kwam"
    [stored] = events(table.anne, M.OWN_CARD)
    assert stored.subject == card_id
    assert stored.participant_id == table.anne.seat.participant_id
    assert stored.payload["card"]["title"] == "De brief die te laat kwam"

    table.refresh_all()
    assert card_id in [c.id for c in table.lead.browser.deck.cards]
    table.lead.play(card_id)
    table.refresh_all()
    assert "De brief die te laat kwam" in table.cem.card_view.value
    table.cem.choose("b", 3, "De regel past niet")
    assert events(table.cem, M.CHOICE)[-1].subject == card_id

    text = table.lead.export_yaml()
    (tmp_path / "eigen.yaml").write_text(text, encoding="utf-8")
    report = check_directory(tmp_path)
    assert report.problems == []
    assert [c.id for c in report.library.decks[0].cards] == [card_id]
    # The page offers the same file as a download with no request to a server.
    link = table.lead.export_link.value
    encoded = re.search(r"base64,([A-Za-z0-9+/=]+)'", link)[1]
    assert base64.b64decode(encoded).decode("utf-8") == text
    assert "download='eigen_kaarten_" in link


def test_own_card_with_one_option_is_not_stored_and_says_what_to_fix(table):
    result = table.bram.write_card(
        title="Een halve kaart",
        role="beleid",
        setting="Een korte schets van de situatie.",
        situation=SITUATION,
        values=["nabijheid", "privacy"],
        options=[("Alleen deze optie", "Want er is maar één weg.")],
        questions=["Vraag een?", "Vraag twee?"],
        note="Een notitie voor de begeleider.",
    )

    assert result is None
    kind, text = table.bram.own_messages.last
    assert kind == "error"
    assert "Handelingsopties: er staan er 1, er moeten er minstens 2 zijn." in text
    assert "Oplossing: Twee tot vier handelingsopties" in text
    assert events(table.bram, M.OWN_CARD) == []


def test_own_card_form_controls_write_the_card(table):
    lead = table.lead
    lead.write_toggle.value = True
    assert lead.form.layout.display != "none"
    lead.f_title.value = "Formulierkaart"
    lead.f_role.value = "toezicht"
    lead.f_setting.value = "Je bent inspecteur en bezoekt een school."
    lead.f_situation.value = SITUATION
    lead.f_values["transparantie"].value = True
    lead.f_values["onpartijdigheid"].value = True
    for (label, why), text in zip(lead.f_options, ("Melden", "Wachten"), strict=False):
        label.value = f"Ik kies voor {text.lower()}"
        why.value = f"{text} is hier te verdedigen."
    lead.f_questions[0].value = "Wie merkt het als je wacht?"
    lead.f_questions[1].value = "Wie beslist er?"
    lead.f_note.value = "Let op de rol van de inspecteur."
    lead.f_save.click()

    [stored] = events(lead, M.OWN_CARD)
    assert stored.payload["card"]["role"] == "toezicht"
    assert stored.payload["card"]["values"] == ["onpartijdigheid", "transparantie"]
    assert lead.f_title.value == ""  # ready for the next card


# --------------------------------------------------------------------- safety


def test_html_and_script_typed_by_people_are_shown_escaped(table):
    attack = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    table.lead.play(CARD_ID)
    table.refresh_all()
    table.anne.choose("a", 2, attack)
    table.bram.choose("b", 2, "gewoon")
    table.lead.reveal()
    write_good_card(table.cem, title="<b>Vet</b> en <script>x</script>")
    table.refresh_all()

    for widget in (table.lead, table.bram):
        html = widget.page_html()
        assert "<script" not in html
        assert "<img src=x" not in html
        assert "<b>Vet</b>" not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
        assert "&lt;b&gt;Vet&lt;/b&gt;" in html


# --------------------------------------------------------------------- live


def test_other_kernels_update_through_the_watcher(room, library):
    facilitator, join = room
    seat = join("Dana")
    lead = build_dilemma_app(facilitator, library, "starter", live=False)
    dana = build_dilemma_app(seat, library, "starter", live=True)
    try:
        lead.play(CARD_ID)
        title = lead.card(CARD_ID).title

        wait_until(lambda: title in dana.card_view.value, "the card on the table")

        dana.choose("b", 2, "live")
        lead.reveal()
        wait_until(lambda: "<svg" in dana.results.value, "the revealed spread")
        assert "Iedereen koos B" in without_svg(dana.results.value)
    finally:
        dana.close()
        lead.close()
        seat.stop()
