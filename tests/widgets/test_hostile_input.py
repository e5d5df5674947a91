"""Hostile and unusual input: shown safely as text, or refused with a clear message."""

from __future__ import annotations

import ipywidgets as W
import pytest

from kit.widgets.dilemma import DilemmaTable
from kit.widgets.gate import SessionGate

SCRIPT = "<script>alert('x')</script><img src=x onerror=alert(1)>"
RTL = "مرحبا بالعالم שלום"
EMOJI = "🦉🌷 👩🏽‍💼"


@pytest.fixture
def played(room, library):
    facilitator, join = room
    table = DilemmaTable(facilitator, library, library.deck("starter"), live=False)
    card = library.deck("starter").cards[0]
    table.play(card.id)
    return facilitator, join, card


@pytest.mark.parametrize("reason", [SCRIPT, RTL, EMOJI, "a\u202eb", "x" * 600])
def test_reasons_are_shown_to_the_room_as_text(played, library, reason):
    facilitator, join, card = played
    participant = DilemmaTable(
        join("Deelnemer"), library, library.deck("starter"), live=False
    )
    participant.choose(card.options[0].id, 2, reason)
    assert participant.messages.last[0] == "ok"
    view = DilemmaTable(facilitator, library, library.deck("starter"), live=False)
    view.reveal()
    html = view.page_html()
    assert "<script>" not in html
    assert "<img src=x" not in html
    if reason in (RTL, EMOJI):
        assert reason in html


def test_a_very_long_reason_is_refused_with_the_rule(played, library):
    _facilitator, join, card = played
    participant = DilemmaTable(
        join("Deelnemer"), library, library.deck("starter"), live=False
    )
    participant.choose(card.options[0].id, 2, "x" * 100_000)
    kind, text = participant.messages.last
    assert kind == "error"
    assert "Traceback" not in text
    assert text  # a Dutch sentence that says what to do


@pytest.mark.parametrize(
    "code", ["", "   ", "DROP TABLE", "ACDE-FGH", "ACDE-FGHJ-KMNP", "'; --"]
)
def test_wrong_codes_are_refused_in_dutch(store, code):
    gate = SessionGate(store, lambda seat, gate: W.HTML(), auto_one_screen=False)
    gate.restore({}, "")
    assert gate.join(code, "Uil") is None
    assert "geen sessie met deze code" in gate.messages.last[1]


def test_an_expired_code_is_refused_and_a_stale_seat_is_forgotten(store):
    gate = SessionGate(store, lambda seat, gate: W.HTML(), auto_one_screen=False)
    seat = gate.start("Vorige week")
    remembered = dict(gate.memory.to_store)
    store.remove_session(seat.session.id, seat.facilitator_secret)
    fresh = SessionGate(store, lambda seat, gate: W.HTML(), auto_one_screen=False)
    assert fresh.restore(remembered, "") is None
    assert fresh.join(seat.session.code, "Uil") is None
    assert "geen sessie met deze code" in fresh.messages.last[1]


def test_a_participant_token_does_not_make_a_facilitator(store):
    gate = SessionGate(store, lambda seat, gate: W.HTML(), auto_one_screen=False)
    facilitator = gate.start("Sessie")
    joining = SessionGate(store, lambda seat, gate: W.HTML(), auto_one_screen=False)
    joining.restore({}, "")
    participant = joining.join(facilitator.session.code, "Uil")
    forged = {"code": facilitator.session.code, "token": "x", "secret": "raden"}
    # A forged seat is no seat: the join form, as for anyone without one.
    assert SessionGate(store, lambda s, g: W.HTML()).restore(forged, "") is None
    stolen = dict(joining.memory.to_store) | {"secret": "raden"}
    again = SessionGate(store, lambda s, g: W.HTML(), auto_one_screen=False).restore(
        stolen, ""
    )
    assert again is None or not again.is_facilitator
    assert not participant.is_facilitator
