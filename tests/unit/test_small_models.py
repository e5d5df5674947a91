"""The small models: opgave, look back and the one phase dialect of every tool."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from kit.errors import InvalidInput
from kit.model import lookback as L
from kit.model import opgave as O


@dataclass
class E:
    seq: int
    tool: str
    subject: str
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    participant_id: str | None = None


def test_the_latest_opgave_counts_and_an_empty_one_is_refused():
    events = [
        E(2, O.TOOL, O.SUBJECT, O.KIND, O.opgave_payload("  Later  ")),
        E(1, O.TOOL, O.SUBJECT, O.KIND, O.opgave_payload("Eerst")),
        E(3, "dilemma", O.SUBJECT, O.KIND, {"text": "niet dit"}),
    ]
    assert O.current_opgave(events) == "Later"
    assert O.current_opgave([]) == ""
    with pytest.raises(InvalidInput):
        O.opgave_payload("   ")


def test_personal_takeaways_are_refused_once_revealed():
    think = [E(1, L.TOOL, L.SUBJECT, L.PHASE, {"phase": "think"})]
    assert L.personal_payload("- een\n\n* twee", think) == {"lines": ["een", "twee"]}
    revealed = [*think, E(2, L.TOOL, L.SUBJECT, L.PHASE, {"phase": "reveal"})]
    with pytest.raises(InvalidInput, match="lookback_revealed"):
        L.personal_payload("drie", revealed)
    with pytest.raises(InvalidInput, match="lookback_team_empty"):
        L.shared_payload("\n \n")
    with pytest.raises(InvalidInput, match="lookback_too_many"):
        L.shared_payload("\n".join("abcdef"))


def test_every_phase_event_has_one_shape_and_carries_the_round_over():
    from kit.model.phases import PhaseState, phase_payload, phase_state

    first = phase_payload("reveal")
    assert first == {"phase": "reveal", "round": 1, "variation_id": None}
    second = phase_payload(
        "think", PhaseState(**first), round_no=2, variation_id="al_op_televisie"
    )
    third = phase_payload("close", PhaseState(**second))
    assert third == {"phase": "close", "round": 2, "variation_id": "al_op_televisie"}
    events = [
        E(n, "dilemma", "kaart", "phase", p)
        for n, p in enumerate((first, second, {"phase": "reveal"}), start=1)
    ]
    # An event of an older kit without a round keeps the round before it.
    assert phase_state(events, "kaart") == PhaseState("reveal", 2, "al_op_televisie")
    with pytest.raises(ValueError, match="unknown phase"):
        phase_payload("later")


def test_seat_set_phase_writes_the_one_dialect(room):
    facilitator, _join = room
    facilitator.set_phase("matrix", "m", "reveal")
    facilitator.set_phase("dilemma", "kaart", "think", round_no=2, variation_id="v")
    facilitator.set_phase("dilemma", "kaart", "reveal")
    payloads = [a.payload for a in facilitator.answers("dilemma", "kaart", "phase")]
    assert payloads[-1] == {"phase": "reveal", "round": 2, "variation_id": "v"}
    [matrix] = facilitator.answers("matrix", "m", "phase")
    assert matrix.payload == {"phase": "reveal", "round": 1, "variation_id": None}
    assert facilitator.phase("dilemma", "kaart") == "reveal"
