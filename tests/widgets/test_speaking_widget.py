"""The speaking-up workshop driven from Python: a facilitator and three participants.

Each seat gets its own app, as each browser would; ``refresh()`` stands in for the
watcher so the tests do not wait on a thread (one test checks the live path).
"""

from __future__ import annotations

import time

import pytest

from kit.model import speaking as M
from kit.model.types import Library
from kit.widgets.speaking import SpeakingUp, build_speaking_up_app

PSEUDONYMS = ("Ada", "Bob", "Cas")
HTML_REASON = "Omdat <b>dit</b> telt & <script>alert(1)</script>"


@pytest.fixture
def apps(room, library: Library):
    """The facilitator's app and one app per participant, not following live."""
    facilitator, join = room
    lead = build_speaking_up_app(facilitator, library, live=False)
    people = [build_speaking_up_app(join(p), library, live=False) for p in PSEUDONYMS]
    yield lead, people
    for app in (lead, *people):
        app.close()


def refresh(*apps: SpeakingUp) -> None:
    for app in apps:
        app.refresh()


def belief_ids(library: Library) -> list[str]:
    return [b.id for b in library.beliefs]


# --- self-scan -----------------------------------------------------------------------


def test_ratings_stay_hidden_until_the_reveal_then_the_summary_names_the_belief(
    apps, library
):
    lead, people = apps
    ids = belief_ids(library)
    first, second = ids[0], ids[1]
    # Everyone recognises belief 1; belief 2 splits the room.
    for app, score_1, score_2 in zip(people, (5, 4, 4), (1, 5, 3), strict=True):
        assert app.rate(first, score_1) is not None
        assert app.rate(second, score_2) is not None
    people[2].rate(ids[5], M.DONT_KNOW)
    refresh(lead, *people)

    for app in (lead, *people):
        html = app.page_html("scan")
        assert "kit-chart" not in html
        assert "meest herkend" not in html.lower()
    assert "3 deelnemers hebben iets ingevuld." in lead.page_html("scan")
    assert "Je hebt 2 van de 6 stellingen beantwoord." in people[0].page_html("scan")

    assert lead.reveal("scan") is not None
    refresh(*people)
    name_1 = library.belief(first).name
    name_2 = library.belief(second).name
    for app in (lead, *people):
        summary = app.scan.summary.value
        assert f"Het meest herkend: 1. {name_1} (3 van de 3" in summary
        assert f"het meest verdeeld: 2. {name_2} (1 oneens, 1 neutraal, 1 eens)" in (
            summary
        )
        html = app.page_html("scan")
        assert "<figure class='kit-chart'>" in html
        assert "Gestapeld staafdiagram van de zelfscan" in html
        # Explanation and counter-question open the conversation, per belief.
        for belief in library.beliefs:
            assert belief.counter_question.split()[0] in html
        assert library.belief(first).explanation[:40] in html
    assert lead.results()["scan"]["most_recognised"] == [first]


def test_rating_through_the_radio_stores_at_once_and_shows_it_back(apps, library):
    lead, people = apps
    ada = people[0]
    first = belief_ids(library)[0]
    ada.scan.radios[first].value = 4
    assert ada.scan.messages.last == ("ok", "Je antwoord is bewaard.")
    stored = lead.seat.answers(M.TOOL, first, M.RATING)
    assert [a.payload for a in stored] == [{"score": 4}]
    # A fresh page for the same seat (a refresh of the browser) shows the answer.
    again = build_speaking_up_app(ada.seat, library, live=False)
    assert again.scan.radios[first].value == 4
    again.close()


def test_after_the_reveal_answers_are_locked_and_the_stored_one_stays(apps, library):
    lead, people = apps
    ada = people[0]
    first = belief_ids(library)[0]
    ada.rate(first, 2)
    lead.reveal("scan")
    ada.refresh()
    assert ada.scan.radios[first].disabled
    assert ada.rate(first, 5) is None
    assert "al getoond" in ada.scan.messages.last[1]
    ada.scan.radios[first].value = 5  # the control refuses too, and snaps back
    assert ada.scan.radios[first].value == 2
    assert lead.results()["scan"]["beliefs"][0]["counts"]["2"] == 1

    lead.hide("scan")
    ada.refresh()
    assert ada.rate(first, 5) is not None


def test_only_the_facilitator_reveals_and_only_participants_answer(apps, library):
    lead, people = apps
    assert people[0].reveal("scan") is None
    assert "alleen de begeleider" in people[0].scan.messages.last[1]
    assert lead.rate(belief_ids(library)[0], 3) is None
    assert "eigen apparaat" in lead.scan.messages.last[1]
    assert people[0].rate("bestaat_niet", 3) is None
    assert people[0].rate(belief_ids(library)[0], 7) is None
    assert lead.seat.answers(M.TOOL, kind=M.RATING) == []


def test_no_pseudonym_is_ever_on_any_screen(apps, library):
    lead, people = apps
    ids = belief_ids(library)
    for i, app in enumerate(people):
        app.rate(ids[0], i + 3)
        app.stand(i + 1, f"reden {i}")
    lead.set_situation("Een collega maakt cijfers mooier")
    for app in people:
        app.pick_steps("onderbuik", "leidinggevende")
    for part in M.PARTS:
        lead.reveal(part)
    refresh(*people)
    for app in (lead, *people):
        for part in M.PARTS:
            html = app.page_html(part)
            assert all(name not in html for name in PSEUDONYMS)
            assert all(p.seat.participant_id not in html for p in people)


# --- the shared dilemma --------------------------------------------------------------


def test_stand_with_reasons_spread_and_escaped_html(apps):
    lead, people = apps
    ada, bob, cas = people
    assert ada.stand(1, "Het besluit is genomen") is not None
    assert bob.stand(5, HTML_REASON) is not None
    assert cas.stand(4) is not None
    cas.stand(5)  # Cas moves: the latest stand counts
    refresh(lead, *people)
    assert "kit-reasons" not in lead.page_html("dilemma")

    lead.reveal("dilemma")
    refresh(*people)
    for app in (lead, *people):
        html = app.page_html("dilemma")
        assert "Staafdiagram van waar de groep staat" in html
        assert "Loyaal uitvoeren: 1;" in html
        assert "Blijven aandringen: 2." in html
        assert "1 volgen het besluit" in html
        # The reason is shown as text: no markup from a participant gets through.
        assert "Omdat &lt;b&gt;dit&lt;/b&gt; telt &amp; &lt;script&gt;" in html
        assert "<b>dit</b>" not in html
        assert "<script>" not in html
    report = lead.results()["dilemma"]
    assert report["counts"] == {"1": 1, "2": 0, "3": 0, "4": 0, "5": 2}
    assert {r["text"] for r in report["reasons"]} == {
        "Het besluit is genomen",
        HTML_REASON,
    }


def test_position_radio_stores_and_reason_is_kept_on_leaving_the_field(apps):
    lead, people = apps
    ada = people[0]
    ada.dilemma.position.value = 2
    ada.dilemma.reason.value = "Bezwaar hoort in het dossier"  # synced on blur
    stands = lead.seat.answers(M.TOOL, M.DILEMMA, M.STAND)
    assert [s.payload for s in stands] == [
        {"position": 2, "reason": ""},
        {"position": 2, "reason": "Bezwaar hoort in het dossier"},
    ]
    ada.dilemma.save_button.click()  # nothing new: confirmed, not stored twice
    assert ada.dilemma.messages.last[0] == "ok"
    assert len(lead.seat.answers(M.TOOL, M.DILEMMA, M.STAND)) == 2
    assert "Jouw plek: Uitvoeren, bezwaar vastgelegd." in ada.page_html("dilemma")


# --- the palette ---------------------------------------------------------------------


def test_palette_picks_are_stored_and_aggregated_per_step(apps, library):
    lead, people = apps
    ada, bob, cas = people
    assert ada.pick_steps("collega_vragen", "nota_of_aantekening") is None
    assert "nog geen situatie" in ada.palette.messages.last[1].lower()

    situation = lead.set_situation("Een regel raakt ouders harder dan bedoeld")
    assert situation is not None
    refresh(*people)
    assert "Een regel raakt ouders harder dan bedoeld" in ada.page_html("palette")
    # Each step shows what it asks, when it fits and the risk of stopping there.
    html = ada.page_html("palette")
    for action in library.actions:
        assert action.asks_of_you[:30] in html
        assert action.risk[:30] in html

    assert ada.pick_steps("collega_vragen", "nota_of_aantekening") is not None
    assert bob.pick_steps("onderbuik", "collega_vragen") is not None
    # Through the controls: two drop-downs, kept once both make sense.
    cas.palette.furthest_step.value = "leidinggevende"
    cas.palette.now_step.value = "formele_melding"
    assert "lichter" in cas.palette.messages.last[1]
    cas.palette.now_step.value = "collega_vragen"
    assert cas.palette.messages.last[0] == "ok"

    refresh(lead)
    assert "kit-chart" not in lead.page_html("palette")
    lead.reveal("palette")
    refresh(*people)
    result = lead.palette.result
    assert result is not None
    assert result.total == 3
    by_step = {s.action_id: s for s in result.steps}
    assert by_step["collega_vragen"].now == 2
    assert by_step["onderbuik"].now == 1
    assert by_step["collega_vragen"].furthest == 1
    assert by_step["leidinggevende"].furthest == 1
    assert by_step["leidinggevende"].reach == 2  # Ada (nota) and Cas go this far
    html = bob.page_html("palette")
    assert "Staafdiagram per stap van de ladder" in html
    assert "Nu zouden de meesten kiezen voor: 3. Een collega om raad vragen." in html
    assert "Er is geen goede stap." in html
    report = lead.results()["palette"]["situations"][0]
    assert report["total"] == 3
    assert report["most_now"] == ["collega_vragen"]


def test_a_new_situation_starts_a_fresh_round_and_stale_picks_are_refused(apps):
    lead, people = apps
    ada = people[0]
    first = lead.set_situation("Eerste situatie")
    ada.refresh()
    shown = ada.palette.situation
    ada.pick_steps("onderbuik", "collega_vragen")
    lead.reveal("palette")
    second = lead.set_situation("Tweede situatie")
    assert first is not None
    assert second is not None
    assert first.id != second.id
    assert lead.palette.phase == "think"  # a new situation: answer alone again
    # Ada still looks at the first situation: her pick must not land on the second.
    assert (
        ada.pick_steps("leidinggevende", "formele_melding", situation=shown.id) is None
    )
    assert "andere situatie" in ada.palette.messages.last[1]
    ada.refresh()
    assert ada.palette.now_step.value is None  # the form starts empty for it
    assert ada.pick_steps("leidinggevende", "formele_melding") is not None
    # The first situation's answers are kept and come back with it.
    lead.set_situation("Eerste situatie")
    assert lead.palette.result is not None
    assert lead.palette.result.total == 1


def test_a_card_can_be_the_situation(apps, library):
    lead, people = apps
    card = library.decks[0].cards[0]
    assert lead.set_situation(card_id=card.id) is not None
    people[0].refresh()
    assert card.title in people[0].page_html("palette")
    assert people[0].pick_steps("onderbuik", "onderbuik", situation=card.id)
    assert lead.set_situation(card_id="geen_kaart") is None


def test_one_screen_facilitator_answers_and_may_name_the_situation(store, library):
    from kit.session import one_screen_seat

    seat = one_screen_seat(store, "Eén scherm")
    app = build_speaking_up_app(seat, library, live=False)
    pick = app.pick_steps("onderbuik", "nota_of_aantekening", situation="Getypt")
    assert pick is not None
    assert app.palette.situation is not None
    assert app.palette.situation.text == "Getypt"
    app.close()


# --- one page, three parts -----------------------------------------------------------


def test_participants_follow_the_part_the_facilitator_shows(apps):
    lead, people = apps
    assert people[0].current_part == "scan"
    lead.show_part("palette")
    refresh(*people)
    assert [p.current_part for p in people] == ["palette"] * 3
    assert people[0].palette.layout.display is None
    assert people[0].scan.layout.display == "none"
    # Only the facilitator has the buttons to move between parts: a participant
    # sees the part that is open, not a button for the other one.
    assert lead.switcher.layout.display is None
    assert all(p.switcher.layout.display == "none" for p in people)
    people[1].show_part("scan")  # a participant may look back on their own screen
    assert people[1].current_part == "scan"
    refresh(people[1])
    assert people[1].current_part == "scan"  # ... and is not pulled back again
    # The part shown carries ▶, as the current step does in every tool.
    assert list(people[1].switcher.icons) == ["play", "", ""]
    assert list(people[0].switcher.icons) == ["", "", "play"]


def test_a_reveal_reaches_another_browser_live(room, library):
    facilitator, join = room
    lead = build_speaking_up_app(facilitator, library, live=False)
    ada = build_speaking_up_app(join("Ada"), library, live=True)
    try:
        ada.rate(library.beliefs[0].id, 5)
        lead.reveal("scan")
        deadline = time.monotonic() + 10
        while "kit-chart" not in ada.page_html("scan"):
            assert time.monotonic() < deadline, "the reveal never reached Ada"
            time.sleep(0.1)
        assert ada.scan.radios[library.beliefs[0].id].disabled
    finally:
        ada.close()
        lead.close()


def test_a_team_sees_the_steps_for_everyone_and_for_its_own_roles(room, library):
    facilitator, _join = room
    app = build_speaking_up_app(facilitator, library, live=False, roles=["toezicht"])
    shown = app.palette.action_ids
    by_id = {a.id: a for a in library.actions}
    # Every general step, and the steps meant for toezicht; none meant only for others.
    assert [a for a in shown if not by_id[a].roles] == [
        a.id for a in library.actions if not a.roles
    ]
    assert "openbaar_rapport_of_briefing" in shown
    assert "afwijkend_advies_beslisnota" not in shown
    assert "eerlijk_uitvoeringssignaal" not in shown
    app.set_situation("Het ministerie reageert niet op ons vierde memo")
    html = app.page_html("palette")
    assert "Vooral voor: Toezicht, Uitvoering." in html
    assert by_id["afwijkend_advies_beslisnota"].name not in html
    # The ladder is numbered as the room sees it, light to heavy.
    assert (
        app.palette.step_label(shown[-1])
        == f"{len(shown)}. Melden via de integriteitsroute"
    )
    assert app.results()["palette"]["situations"][0]["steps"][-1]["action_id"] == (
        "formele_melding"
    )
    app.close()
    # Without roles every step is on the ladder, each role-bound one labelled.
    everyone = build_speaking_up_app(facilitator, library, live=False)
    assert everyone.palette.action_ids == [a.id for a in library.actions]
    everyone.close()
    with pytest.raises(ValueError, match="roles"):
        build_speaking_up_app(facilitator, library, live=False, roles=["toezich"])
