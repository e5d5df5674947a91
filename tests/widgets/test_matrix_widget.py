"""A weighing round with a facilitator and three participants, driven from Python."""

from __future__ import annotations

import pytest

from kit.errors import InvalidInput
from kit.model import matrix as M
from kit.session import Seat
from kit.testing.tools import wait_until
from kit.widgets.feedback import explain
from kit.widgets.matrix import MatrixApp, build_matrix_app

CARD = "doorbraak_zoon_kostendelersnorm"
VALUES = ["menselijke_maat", "rechtmatigheid", "nabijheid"]


@pytest.fixture
def round_(room, library):  # type: ignore[no-untyped-def]
    """The facilitator's matrix (set up) and a factory for participants' matrices."""
    facilitator, join = room
    host = build_matrix_app(facilitator, library, card=CARD, live=False)
    seats: list[Seat] = []

    def participant(name: str, live: bool = False) -> MatrixApp:
        seat = join(name)
        seats.append(seat)
        return build_matrix_app(seat, library, card=CARD, live=live)

    yield host, participant
    for seat in seats:
        seat.stop()


def test_three_participants_weigh_reveal_and_justify(round_, store) -> None:  # type: ignore[no-untyped-def]
    host, participant = round_
    early = participant("Merel")  # opens the page before the matrix exists
    assert "De begeleider zet de matrix zo klaar" in early.visible_html()

    host.setup(["a", "b", "c", "d"], VALUES)
    assert host.messages.last == (
        "ok",
        "De matrix staat klaar: 4 opties en 3 waarden.",
    )
    early.refresh()
    others = [participant("Sem"), participant("Noor")]
    people = [early, *others]
    assert all(p.matrix is not None for p in people)

    # Everyone weighs and scores alone; they disagree sharply on A × menselijke maat.
    for person, (weight, score) in zip(people, [(5, 2), (1, -2), (3, 0)], strict=True):
        person.set_weight("menselijke_maat", weight)
        person.score("a", "menselijke_maat", score, reason=f"Reden van {weight}")
        person.score("b", "menselijke_maat", 1)
        person.score("a", "rechtmatigheid", -2)
        person.score("b", "rechtmatigheid", M.UNKNOWN)
    assert early.messages.last == (
        "ok",
        "Bewaard: optie B op Rechtmatigheid: weet ik niet.",
    )

    # Before the reveal nobody sees the others' scores, only how many took part.
    for person in people:
        person.refresh()
        assert person.picture is None
        assert "<svg" not in person.visible_html()
        assert "Reden van 1" not in early.visible_html()
    host.refresh()
    assert "Tot nu toe hebben 3 deelnemers iets ingevuld." in host.visible_html()
    assert host.picture is None

    host.reveal()
    for person in people:
        person.refresh()
    picture_text = early.visible_html()
    assert "<svg" in picture_text
    assert "Waar het team het meest verschilt" in picture_text
    # Where they disagree most is named, with the reasons given there.
    assert (
        "Optie A op Menselijke maat: scores van -2 tot +2 "
        "(gemiddeld 0,0, spreiding 1,6, 3 scores)."
    ) in picture_text
    assert "Reden van 1" in picture_text
    assert "Rechtmatigheid: 50% weet het niet (3 van de 6 antwoorden)." in picture_text
    assert "Een totaalscore is een gespreksstarter, geen besluit." in picture_text
    assert "Wat zou je moeten geloven om" in early.sensitivity_html.value

    # The team writes its justification; it is stored and retrievable for the report.
    host.justify(
        "a",
        "De wet laat geen ruimte; dit geval moet bij de wetgever komen.",
        ["menselijke_maat"],
        "Ilse en Jordy, en gezinnen die nooit in een doorbraakoverleg komen",
        "Na het antwoord van SZW, uiterlijk over drie maanden",
    )
    assert host.messages.last[0] == "ok"
    session_id = host.seat.session.id
    stored = M.justification(store.find_answers(session_id), CARD)
    assert stored is not None
    assert stored.choice_label.startswith("A. Ik zeg dat dit tegen de wet ingaat")
    assert stored.losing_value_names == ("Menselijke maat",)
    exported = store.export_session(session_id, host.seat.facilitator_secret)
    assert M.justifications(exported["answers"])[CARD] == stored
    assert early.justification() == stored
    early.refresh()
    assert "Na het antwoord van SZW" in early.visible_html()


def test_choosing_weight_3_on_purpose_counts_as_chosen(round_, store) -> None:  # type: ignore[no-untyped-def]
    host, participant = round_
    host.setup(["a", "b"], VALUES)
    person = participant("Merel")
    assert person.weight.value == ""  # "nog niet gekozen (telt als 3)"
    assert "koos 0 van de" in person.progress.value
    person.weight.value = 3  # the weight that counts anyway, picked on purpose
    answers = store.find_answers(host.seat.session.id, tool="matrix")
    weights, _ = M.own_answers(M.events_of(answers), person.seat.participant_id)
    assert weights == {"menselijke_maat": 3}
    assert "koos 1 van de" in person.progress.value
    person.next_value()
    assert person.weight.value == ""  # the next value: not chosen yet
    person.previous_value()
    assert person.weight.value == 3


def test_the_form_shows_one_value_at_a_time_and_stores_from_its_controls(
    round_, store
) -> None:  # type: ignore[no-untyped-def]
    host, participant = round_
    host.setup(["a", "b", "c", "d"], VALUES)
    person = participant("Merel")
    assert len(person.score_rows) == 4  # one score per option, for one value
    info = person.value_info.value
    assert "Menselijke maat" in info
    assert "Vraag bij deze waarde:" in info  # the catalogue's question is shown

    person.weight.value = 4  # as a person would pick it in the dropdown
    pick, reason = person.score_rows["c"]
    pick.value = -1
    reason.value = "Te smal"
    person.next_value()
    assert person.current_value == "rechtmatigheid"
    assert person.score_rows["c"][0].value == ""  # nothing given here yet
    person.previous_value()
    assert person.score_rows["c"][0].value == -1
    assert person.score_rows["c"][1].value == "Te smal"

    answers = store.find_answers(host.seat.session.id, tool="matrix")
    weights, cells = M.own_answers(M.events_of(answers), person.seat.participant_id)
    assert weights == {"menselijke_maat": 4}
    assert cells[("c", "menselijke_maat")]["score"] == -1
    assert cells[("c", "menselijke_maat")]["reason"] == "Te smal"
    assert "Je gaf 1 van de 12 scores" in person.progress.value


def test_the_setup_form_keeps_what_was_ticked(round_) -> None:  # type: ignore[no-untyped-def]
    host, _participant = round_
    # The card's values are ticked; the facilitator unticks one and adds their own.
    assert host.value_checks["rechtmatigheid"].value
    host.value_checks["rechtmatigheid"].value = False
    host.option_checks["d"].value = False
    host.typed_options.value = "Eerst met Ilse en Jordy zelf praten"
    host.own_name.value = "Vertrouwen"
    host.own_definition.value = "Het gezin kan erop rekenen dat we doen wat we zeggen."
    host.own_button.click()
    assert host.messages.last == ("ok", "Waarde toegevoegd: Vertrouwen")
    assert not host.value_checks["rechtmatigheid"].value  # still unticked
    assert host.value_checks["eigen_vertrouwen"].value
    assert not host.option_checks["d"].value
    host.setup_button.click()
    setup = host.matrix
    assert setup is not None
    assert [o.label for o in setup.options][-1] == "Eerst met Ilse en Jordy zelf praten"
    assert setup.option_ids == ("a", "b", "c", "e")  # d stays reserved for the card
    assert setup.value_ids == (
        "menselijke_maat",
        "rechtsgelijkheid",
        "doeltreffendheid",
        "eigen_vertrouwen",
    )
    assert setup.value("eigen_vertrouwen").custom


def test_typed_html_is_escaped_for_everyone(round_) -> None:  # type: ignore[no-untyped-def]
    host, participant = round_
    host.add_value(name="<b>Lef</b>", definition="<script>alert('x')</script>")
    host.setup(["a", "b"], ["menselijke_maat", "eigen_b_lef_b"])
    host.add_option("<img src=x onerror=alert(1)>")
    people = [participant("Merel"), participant("Sem")]
    for person, score in zip(people, (2, -2), strict=True):
        person.score("a", "menselijke_maat", score, reason="<script>alert(2)</script>")
    host.reveal()
    for person in people:
        person.refresh()
    person.show_value("eigen_b_lef_b")
    shown = person.visible_html() + host.visible_html()
    assert "<script>" not in shown
    assert "<img src=x" not in shown
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in shown
    assert "&lt;b&gt;Lef&lt;/b&gt;" in shown


def test_participants_cannot_set_up_or_reveal(round_) -> None:  # type: ignore[no-untyped-def]
    host, participant = round_
    person = participant("Merel")
    person.setup(["a", "b"], VALUES)
    assert person.messages.last == (
        "error",
        "Dit mag alleen de begeleider van deze sessie. Vraag de begeleider om deze "
        "stap te zetten.",
    )
    host.setup(["a", "b"], VALUES)
    person.refresh()
    person.reveal()
    assert person.messages.last[0] == "error"
    person.refresh()
    assert person.phase == "think"
    assert person.picture is None


def test_removing_an_option_keeps_old_scores_out_of_the_picture(round_) -> None:  # type: ignore[no-untyped-def]
    host, participant = round_
    host.setup(["a", "b", "c"], VALUES)
    person = participant("Merel")
    person.score("c", "nabijheid", 2)
    person.score("a", "nabijheid", 1)
    host.remove_option("c")
    assert "tellen niet meer mee" in host.messages.last[1]
    host.reveal()
    person.refresh()
    assert set(person.picture.scores.option) == {"a"}
    assert "1 eerder antwoord gaat over een optie" in person.visible_html()
    assert len(person.score_rows) == 2
    host.add_option(option_id="c")  # put back: the old score counts again
    person.refresh()
    assert set(person.picture.scores.option) == {"a", "c"}


def test_edge_cases_give_a_sentence_not_a_crash(round_) -> None:  # type: ignore[no-untyped-def]
    host, participant = round_
    host.setup(["a"], VALUES)  # one option is not a comparison
    assert host.messages.last == (
        "error",
        "Een matrix heeft minstens twee opties nodig om te vergelijken. Kies of typ "
        "er nog een.",
    )
    host.setup(["a", "b"], VALUES)
    person = participant("Merel")
    for value in VALUES:
        person.set_weight(value, 0)
    person.score("a", "nabijheid", 2)
    person.score("a", "nabijheid", 7)
    assert person.messages.last[0] == "error"
    host.reveal()
    person.refresh()
    text = person.visible_html()
    assert "Alle gewichten staan op 0" in text
    assert "Er heeft maar één persoon ingevuld" in text
    host.set_phase("close")
    person.refresh()
    person.score("a", "nabijheid", 1)
    assert person.messages.last[1].startswith("Deze ronde is afgerond")


def test_a_participant_page_updates_itself_when_the_facilitator_reveals(round_) -> None:  # type: ignore[no-untyped-def]
    host, participant = round_
    host.setup(["a", "b"], VALUES)
    live = participant("Merel", live=True)
    live.score("a", "nabijheid", 1)
    host.reveal()
    wait_until(lambda: live.picture is not None)
    assert "<svg" in live.visible_html()
    assert live.phase == "reveal"


def test_an_unknown_card_is_explained(room, library) -> None:  # type: ignore[no-untyped-def]
    facilitator, _join = room
    with pytest.raises(InvalidInput) as caught:
        build_matrix_app(facilitator, library, card="bestaat_niet", live=False)
    assert explain(caught.value) == (
        "Die kaart staat niet in het kaartspel. "
        "Controleer de kaartcode in het notebook."
    )
