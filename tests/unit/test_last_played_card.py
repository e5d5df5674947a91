"""The card a session last played: one model function for every tool."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kit.model import activity as A
from kit.model import dilemma as D


@dataclass
class E:
    seq: int
    tool: str
    subject: str
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    participant_id: str | None = None


def played(seq: int, card_id: str) -> E:
    return E(seq, D.TOOL, D.TABLE, D.PLAY, {"card_id": card_id})


def chosen(seq: int, card_id: str) -> E:
    return E(seq, A.TOOL, A.CARD, A.FOCUS, A.focus_payload(card_id))


def test_nothing_played_gives_none():
    assert A.last_played_card([]) is None
    assert A.last_played_card([E(1, "matrix", "x", "setup", {"card_id": "a"})]) is None


def test_the_latest_card_on_the_table_or_chosen_for_a_tool_wins():
    events = [played(1, "eerste"), played(4, "tweede"), chosen(6, "derde")]
    assert A.last_played_card(events) == "derde"
    assert A.last_played_card([*events, played(9, "vierde")]) == "vierde"
    # Events read from several tools need not come in order of seq.
    assert A.last_played_card(list(reversed(events))) == "derde"


def test_only_the_facilitator_plays_a_card():
    sneaky = E(8, D.TOOL, D.TABLE, D.PLAY, {"card_id": "niet_deze"}, "p1")
    assert A.last_played_card([played(2, "deze"), sneaky]) == "deze"


def test_the_dilemma_events_it_reads_are_the_dilemma_tools_own():
    """activity names the dilemma's event without importing it (no pandas)."""
    assert (A._DILEMMA, A._TABLE, A._PLAY) == (D.TOOL, D.TABLE, D.PLAY)
