"""Taking a seat back on another device: the same code, pseudonym and recovery word."""

from __future__ import annotations

import ipywidgets as W
import pytest

from kit.store import guard
from kit.widgets.feedback import visible_html
from kit.widgets.gate import SessionGate


def _gate(store) -> SessionGate:
    gate = SessionGate(
        store, lambda seat, _g: W.HTML(f"tool voor {seat.participant.pseudonym}")
    )
    gate.restore({}, "")
    return gate


@pytest.fixture
def code(store) -> str:
    return store.create_session("Zaal").session.code


def _word(gate: SessionGate) -> str:
    """The recovery word as the participant reads it on their screen."""
    html = gate.recovery.value
    return html.split("kit-recovery-word'>", 1)[1].split("<", 1)[0]


def test_joining_shows_a_recovery_word_only_to_the_participant(store, code):
    phone = _gate(store)
    seat = phone.join(code, "Rode fuut")
    word = _word(phone)
    assert len(word.split()) == 3
    assert word in visible_html(phone)
    assert "de begeleider niet" in phone.recovery.value
    # Nothing of the word is stored or handed out in plain text.
    assert word not in str(store._query("SELECT * FROM participants"))
    host = store.find_session(code)
    assert seat.session == host


def test_a_new_device_gets_the_seat_back_with_the_word(store, code):
    phone = _gate(store)
    seat = phone.join(code, "Rode fuut")
    seat.answer("dilemma", "c1", "choice", {"option": "b"})
    word = _word(phone)

    laptop = _gate(store)
    assert laptop.join(code, "Rode fuut") is None  # taken: the word is asked
    assert laptop.word_input.layout.display != "none"
    assert "al in gebruik" in laptop.messages.last[1]
    back = laptop.join(code, "Rode fuut", word.upper())
    assert back.participant == seat.participant
    assert "Welkom terug" in laptop.messages.last[1]
    assert [a.payload for a in back.answers("dilemma")] == [{"option": "b"}]
    assert laptop.recovery.value == ""  # the word is not shown again
    # The laptop's browser remembers the seat with a renewed token.
    again = _gate(store)
    restored = again.restore(dict(laptop.memory.to_store), "")
    assert restored.participant == seat.participant


def test_a_wrong_word_is_refused_in_dutch_and_counts_as_a_guess(store, code):
    _gate(store).join(code, "Rode fuut")
    other = _gate(store)
    other.join(code, "Rode fuut")
    assert other.join(code, "Rode fuut", "aap bal bes") is None
    assert other.seat is None
    kind, text = other.messages.last
    assert kind == "error"
    assert "hoort niet bij deze schuilnaam" in text
    kinds = [r[0] for r in store._query("SELECT kind FROM failed_attempts")]
    assert kinds == ["word"]
    # Another pseudonym is always open; typing it hides the word field.
    other.pseudonym_input.value = "Blauwe reiger"
    assert other.word_input.layout.display == "none"
    assert other.join(code, "Blauwe reiger") is not None


def test_guessing_words_runs_into_the_limit_for_wrong_codes(store, code):
    owner = _gate(store)
    owner.join(code, "Rode fuut")
    word = _word(owner)
    thief = _gate(store)
    wrong = "aap bal bes" if word != "aap bal bes" else "aap bal bij"
    for _ in range(guard.MAX_PER_SOURCE):
        assert thief.join(code, "Rode fuut", wrong) is None
    # Now even the right word is refused for a while.
    assert thief.join(code, "Rode fuut", word) is None
    assert "Wacht een minuut" in thief.messages.last[1]
    assert thief.seat is None
