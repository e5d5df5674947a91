"""The look back's and the opgave's own model: commands check, reads fold."""

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
