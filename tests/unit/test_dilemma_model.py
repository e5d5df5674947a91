"""What the room said about a card, computed from stored events (no widgets)."""

from __future__ import annotations

import math
from itertools import count
from typing import Any

import pytest

from kit.locale import catalogue, placeholders
from kit.model import dilemma as M
from kit.model import own_cards
from kit.store import Answer

CARD_ID = "nieuwe_regel_voor_vrijdag"


@pytest.fixture
def card(library):
    return library.deck("starter").card(CARD_ID)


class Events:
    """A list of stored events, written the way the widget writes them."""

    def __init__(self) -> None:
        self.items: list[Answer] = []
        self._seq = count(1)

    def add(
        self,
        participant: str | None,
        kind: str,
        payload: dict[str, Any],
        subject=CARD_ID,
    ) -> None:
        self.items.append(
            Answer(next(self._seq), "s", participant, M.TOOL, subject, kind, payload)
        )

    def choose(self, who, option, confidence=2, reason="", round_no=1) -> None:
        payload = {
            "round": round_no,
            "option_id": option,
            "confidence": confidence,
            "reason": reason,
        }
        self.add(who, M.CHOICE, payload)

    def new_round(self, round_no: int, variation: str = "al_op_televisie") -> None:
        payload = {"phase": "think", "round": round_no, "variation_id": variation}
        self.add(None, M.PHASE, payload)

    def tally(self, option, n, round_no=1) -> None:
        self.add(None, M.TALLY, {"round": round_no, "option_id": option, "count": n})


def dist_of(card, events: Events, round_no: int = 1):
    ids = [o.id for o in card.options]
    choices = M.current_choices(events.items, CARD_ID, round_no, ids)
    tallies = M.current_tallies(events.items, CARD_ID, round_no, ids)
    return M.distribution(card, choices, tallies)


def counts(dist) -> dict[str, int]:
    return dict(zip(dist["option_id"], dist["count"], strict=True))


# --------------------------------------------------------------------- distribution


def test_distribution_counts_devices_and_hands_per_option_in_card_order(card):
    events = Events()
    events.choose("p1", "a", confidence=3)
    events.choose("p2", "a", confidence=1)
    events.choose("p3", "c", confidence=2)
    events.tally("b", 2)

    dist = dist_of(card, events)

    assert list(dist["letter"]) == ["A", "B", "C"]
    assert list(dist["label"]) == [o.label for o in card.options]
    assert list(dist["devices"]) == [2, 0, 1]
    assert list(dist["hands"]) == [0, 2, 0]
    assert list(dist["count"]) == [2, 2, 1]
    assert list(dist["share"]) == pytest.approx([0.4, 0.4, 0.2])
    assert dist["mean_confidence"][0] == pytest.approx(2.0)
    assert math.isnan(dist["mean_confidence"][1])  # hands carry no confidence


def test_distribution_of_nobody_has_every_option_at_zero(card):
    dist = dist_of(card, Events())
    assert list(dist["count"]) == [0, 0, 0]
    assert list(dist["share"]) == [0, 0, 0]


def test_latest_answer_wins_per_participant(card):
    events = Events()
    events.choose("p1", "a", reason="eerst")
    events.choose("p2", "b")
    events.choose("p1", "c", reason="later toch")

    choices = M.current_choices(events.items, CARD_ID, 1)

    assert choices["p1"].option_id == "c"
    assert choices["p1"].reason == "later toch"
    assert counts(dist_of(card, events)) == {"a": 0, "b": 1, "c": 1}


def test_choices_of_other_rounds_cards_or_unknown_options_do_not_count(card):
    events = Events()
    events.choose("p1", "a")
    events.new_round(2)
    events.choose("p2", "b", round_no=2)
    events.add("p3", M.CHOICE, {"round": 1, "option_id": "a"}, subject="andere_kaart")
    events.choose("p4", "z")  # not an option of this card

    assert counts(dist_of(card, events)) == {"a": 1, "b": 0, "c": 0}
    assert counts(dist_of(card, events, round_no=2)) == {"a": 0, "b": 1, "c": 0}


def test_a_choice_stored_after_the_reveal_does_not_count(card):
    events = Events()
    events.choose("p1", "a")
    events.add(None, M.PHASE, {"phase": "reveal", "round": 1, "variation_id": None})
    events.choose("p2", "b")  # arrived a moment too late
    events.choose("p1", "c")  # changing your mind after seeing the others

    assert counts(dist_of(card, events)) == {"a": 1, "b": 0, "c": 0}

    events.add(None, M.PHASE, {"phase": "think", "round": 1, "variation_id": None})
    events.choose("p2", "b")  # the facilitator reopened the round
    assert counts(dist_of(card, events)) == {"a": 1, "b": 1, "c": 0}


def test_tallies_latest_count_per_option_and_round_wins(card):
    events = Events()
    events.tally("a", 5)
    events.tally("b", 1)
    events.tally("a", 3)  # the facilitator corrected the count
    events.tally("a", 9, round_no=2)

    assert M.current_tallies(events.items, CARD_ID, 1) == {"a": 3, "b": 1}
    assert M.current_tallies(events.items, CARD_ID, 2) == {"a": 9}
    assert counts(dist_of(card, events)) == {"a": 3, "b": 1, "c": 0}


# --------------------------------------------------------------------- reasons


def test_reasons_are_grouped_per_option_anonymous_and_not_in_arrival_order():
    events = Events()
    events.choose("anne", "a", reason="Zorgvuldig  ", confidence=3)
    events.choose("bram", "a", reason="Afspraak is afspraak", confidence=1)
    events.choose("cem", "b", reason="")
    events.choose("dirk", "c", reason="Bel de gemeenten")

    choices = M.current_choices(events.items, CARD_ID, 1)
    grouped = M.reasons_by_option(["a", "b", "c"], choices)

    assert [r.text for r in grouped["a"]] == ["Afspraak is afspraak", "Zorgvuldig"]
    assert grouped["b"] == []  # an empty reason is not shown
    assert [r.text for r in grouped["c"]] == ["Bel de gemeenten"]
    assert grouped["a"][1].confidence == 3
    # Nothing in a reason tells who wrote it.
    assert not hasattr(grouped["a"][0], "participant_id")


# --------------------------------------------------------------------- minority


def test_minority_is_the_smallest_chosen_option_when_the_vote_is_split(card):
    events = Events()
    for who in ("p1", "p2", "p3"):
        events.choose(who, "a")
    events.choose("p4", "b")

    found = M.find_minority(dist_of(card, events))

    assert found.kind == "minority"
    assert found.option_ids == ("b",)
    assert found.count == 1
    assert found.unchosen == ("c",)  # nobody chose it: named, not a minority


def test_minority_tie_puts_forward_every_smallest_option(card):
    events = Events()
    for who in ("p1", "p2", "p3"):
        events.choose(who, "a")
    events.choose("p4", "b")
    events.tally("c", 1)

    found = M.find_minority(dist_of(card, events))

    assert found.kind == "minority"
    assert found.option_ids == ("b", "c")


def test_even_split_has_no_minority(card):
    events = Events()
    events.choose("p1", "a")
    events.choose("p2", "c")

    found = M.find_minority(dist_of(card, events))

    assert found.kind == "even"
    assert found.option_ids == ("a", "c")


def test_unanimous_room_gets_its_own_kind_with_the_options_nobody_chose(card):
    events = Events()
    events.choose("p1", "b")
    events.tally("b", 4)

    found = M.find_minority(dist_of(card, events))

    assert found.kind == "unanimous"
    assert found.option_ids == ("b",)
    assert found.count == 5
    assert found.unchosen == ("a", "c")


def test_no_choices_no_minority(card):
    assert M.find_minority(dist_of(card, Events())).kind == "none"


# --------------------------------------------------------------------- rounds


def test_transitions_show_who_moved_from_which_option_to_which(card):
    events = Events()
    events.choose("p1", "a")
    events.choose("p2", "a")
    events.choose("p3", "c")
    events.new_round(2)
    events.choose("p1", "b", round_no=2)
    events.choose("p2", "a", round_no=2)
    events.choose("p3", "b", round_no=2)
    events.choose("late", "a", round_no=2)  # not there in round 1: no movement
    ids = [o.id for o in card.options]

    trans = M.transitions(
        M.current_choices(events.items, CARD_ID, 1, ids),
        M.current_choices(events.items, CARD_ID, 2, ids),
        ids,
    )

    rows = [tuple(r) for r in trans.itertuples(index=False)]
    assert rows == [("a", "a", 1, False), ("a", "b", 1, True), ("c", "b", 1, True)]
    assert M.movement(trans) == (2, 1)


def test_count_changes_include_hands_for_a_room_without_devices(card):
    events = Events()
    events.tally("a", 6)
    events.tally("b", 2)
    events.tally("a", 3, round_no=2)
    events.tally("b", 5, round_no=2)

    changes = M.count_changes(dist_of(card, events, 1), dist_of(card, events, 2))

    assert list(changes["before"]) == [6, 2, 0]
    assert list(changes["after"]) == [3, 5, 0]
    assert list(changes["change"]) == [-3, 3, 0]


def test_round_state_follows_the_latest_phase_event(card):
    events = Events()
    assert M.round_state(events.items, CARD_ID) == M.RoundState("think", 1, None)
    events.add(None, M.PHASE, {"phase": "reveal", "round": 1, "variation_id": None})
    events.add(
        None, M.PHASE, {"phase": "think", "round": 2, "variation_id": "al_op_televisie"}
    )
    events.add(None, M.PHASE, {"phase": "reveal"})  # as Seat.set_phase writes it

    state = M.round_state(events.items, CARD_ID)

    assert state == M.RoundState("reveal", 2, "al_op_televisie")
    assert state.revealed
    assert M.rounds_played(events.items, CARD_ID) == 2


def test_current_card_closing_and_own_cards_latest_wins():
    events = Events()
    events.add(None, M.PLAY, {"card_id": "een"}, subject=M.TABLE)
    events.add(None, M.PLAY, {"card_id": "twee"}, subject=M.TABLE)
    events.add(
        None, M.CLOSE, {"knowledge": "x", "actions": "", "power": "", "round": 1}
    )
    events.add(None, M.CLOSE, {"knowledge": "x2", "actions": "y", "power": "z"})
    events.add("p1", M.OWN_CARD, {"card": {"id": "eigen_a", "title": "A"}}, "eigen_a")
    events.add("p2", M.OWN_CARD, {"card": {"id": "eigen_b", "title": "B"}}, "eigen_b")
    events.add("p1", M.OWN_CARD, {"card": {"id": "eigen_a", "title": "A2"}}, "eigen_a")

    assert M.current_card_id(events.items) == "twee"
    assert M.closing(events.items, CARD_ID) == M.Closing("x2", "y", "z", 1)
    assert [c["title"] for c in M.own_card_data(events.items)] == ["A2", "B"]


# --------------------------------------------------------------------- own cards

SITUATION = " ".join(["Het is maandagochtend en de wachtlijst groeit snel."] * 10)


def good_card(**changes: Any) -> dict[str, Any]:
    data = own_cards.card_data(
        title="De brief die te laat kwam",
        role="uitvoering",
        setting="Je bent klantmanager bij een gemeente en beslist over een aanvraag.",
        situation=SITUATION,
        values=["menselijke_maat", "rechtsgelijkheid"],
        options=[
            ("Ik wijs af volgens de regel", "Iedereen wordt gelijk behandeld."),
            ("Ik maak een uitzondering", "De regel past niet op deze situatie."),
        ],
        questions=["Wie beslist hier eigenlijk?", "Wat weet je niet?"],
        note="Groepen zoeken snel naar de regel; vraag naar het verhaal.",
    )
    data.update(changes)
    return data


def errors(problems):
    return [p for p in problems if p.severity == "error"]


def test_a_complete_own_card_has_no_problems_and_becomes_a_playable_card(library):
    data = good_card()
    assert own_cards.validate_card(data, library) == []
    card = own_cards.card_from_data(data)
    assert card.id == "eigen_de_brief_die_te_laat_kwam"
    assert [o.id for o in card.options] == ["a", "b"]


def test_own_card_without_options_names_the_field_and_the_fix(library):
    data = good_card()
    del data["options"]

    problems = errors(own_cards.validate_card(data, library))

    assert [p.field for p in problems] == ["options"]
    assert "Handelingsopties" in problems[0].message
    assert problems[0].fix


def test_own_card_option_without_rationale_names_that_option(library):
    data = own_cards.card_data(
        title="Een kaart",
        role="beleid",
        setting="Een korte schets van de situatie.",
        situation=SITUATION,
        values=["nabijheid", "privacy"],
        options=[("Optie een", ""), ("Optie twee", "Daar is veel voor te zeggen.")],
        questions=["Vraag een?", "Vraag twee?"],
        note="Een notitie voor de begeleider.",
    )

    problems = errors(own_cards.validate_card(data, library))

    assert [p.field for p in problems] == ["options[0].rationale"]
    assert own_cards.field_label(problems[0].field) == "Waarom A"
    assert problems[0].fix


def test_own_card_with_an_unknown_value_id_names_the_value_and_suggests_one(library):
    data = good_card(values=["menselijke_maat", "rechtsgelijkhied"])

    problems = errors(own_cards.validate_card(data, library))

    assert [p.field for p in problems] == ["values[1]"]
    assert "rechtsgelijkhied" in problems[0].message
    assert "rechtsgelijkheid" in problems[0].fix


def test_own_card_with_one_option_only_asks_for_two_to_four(library):
    data = good_card()
    data["options"] = data["options"][:1]

    problems = errors(own_cards.validate_card(data, library))

    assert [p.field for p in problems] == ["options"]
    assert "er staan er 1" in problems[0].message
    assert "minstens 2" in problems[0].message
    assert "Twee tot vier" in problems[0].fix


def test_short_situation_is_a_warning_not_an_error(library):
    problems = own_cards.validate_card(
        good_card(situation="Een verhaal van nog geen tachtig woorden."), library
    )
    assert errors(problems) == []
    assert [p.field for p in problems] == ["situation"]


def test_own_card_ids_are_valid_and_never_clash():
    taken = {"eigen_de_brief"}
    assert own_cards.card_id_for("De brief!", taken) == "eigen_de_brief_2"
    assert own_cards.card_id_for("Één €-teken", ()) == "eigen_een_teken"
    assert own_cards.card_id_for("", ()) == "eigen_kaart"
    assert len(own_cards.card_id_for("x" * 200, ())) <= own_cards.ID_MAX


def test_exported_deck_passes_kit_validate(tmp_path):
    from kit.model import check_directory

    text = own_cards.deck_yaml(
        [good_card(), good_card(id="eigen_tweede", title="Tweede kaart")],
        deck_id=own_cards.deck_id_for("K7QM-3TXA"),
        title="Eigen kaarten: sessie",
    )
    (tmp_path / "eigen.yaml").write_text(text, encoding="utf-8")

    report = check_directory(tmp_path)

    assert report.problems == []
    assert [c.id for c in report.library.decks[0].cards] == [
        "eigen_de_brief_die_te_laat_kwam",
        "eigen_tweede",
    ]


# --------------------------------------------------------------------- texts


def test_dilemma_texts_exist_in_dutch_and_english_with_the_same_blanks():
    from kit.locale import en_dilemma, nl_dilemma

    assert set(nl_dilemma.MESSAGES) == set(en_dilemma.MESSAGES)
    nl, en = catalogue("nl"), catalogue("en")
    for key in nl_dilemma.MESSAGES:
        assert placeholders(nl[key]) == placeholders(en[key]), key


# --------------------------------------------------------------------- commands


def test_commands_check_what_people_give_and_return_the_payload(card):
    from kit.errors import InvalidInput

    open_round = M.RoundState("think", 2, "al_op_televisie")
    payload = M.choice_payload(card, open_round, "b", 3, "  Omdat\u202e het kan ")
    assert payload == {
        "round": 2,
        "option_id": "b",
        "confidence": 3,
        "reason": "Omdat het kan",  # trimmed, the direction override gone
    }
    refused = [
        (lambda: M.choice_payload(card, M.RoundState("reveal"), "b", 3)),
        (lambda: M.choice_payload(card, open_round, "z", 3)),
        (lambda: M.choice_payload(card, open_round, "b", 4)),
        (lambda: M.choice_payload(card, open_round, "b", 1, "x" * 601)),
        (lambda: M.tally_payload(card, open_round, "a", -1)),
        (lambda: M.closing_payload(open_round, " ", "", "")),
        (lambda: M.variation_of(card, "bestaat_niet")),
    ]
    keys = []
    for command in refused:
        with pytest.raises(InvalidInput) as caught:
            command()
        keys.append(caught.value.args[0])
    assert keys == [
        "dilemma_round_closed",
        "dilemma_option",
        "dilemma_confidence",
        "dilemma_reason",
        "dilemma_tally",
        "dilemma_closing_empty",
        "dilemma_variation",
    ]
    assert M.tally_payload(card, open_round, "a", 4) == {
        "round": 2,
        "option_id": "a",
        "count": 4,
    }


def test_a_round_result_folds_spread_minority_reasons_and_movement(card):
    events = Events()
    events.choose("p1", "a", 3, "Zo is de regel")
    events.choose("p2", "a", 2, "")
    events.choose("p3", "c", 1, "Even bellen")
    events.new_round(2)
    events.choose("p1", "b", round_no=2)
    events.choose("p2", "a", round_no=2)
    events.choose("p3", "c", round_no=2)

    first = M.round_result(events.items, card, 1)
    assert (first.total, first.devices) == (3, 3)
    assert first.minority == M.Minority("minority", ("c",), 1, ("b",))
    assert [r.text for r in first.reasons["a"]] == ["Zo is de regel"]
    assert first.movement is None
    assert first.variation is None

    second = M.round_result(events.items, card, 2)
    assert second.variation is not None
    assert second.variation.id == "al_op_televisie"
    assert second.movement is not None
    assert (second.movement.moved, second.movement.stayed) == (1, 2)
    assert second.movement.moves == (("A", "B", 1),)
    assert list(second.movement.changes["change"]) == [-1, 1, 0]
