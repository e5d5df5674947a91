"""The phases of a tool (think alone → reveal → discuss → close), for every tool.

A phase event is a facilitator event of kind ``phase`` on the tool's subject,
always in one shape::

    {"phase": "reveal", "round": 2, "variation_id": "al_op_televisie"}

``round`` counts the rounds of a subject (a dilemma card's "wat als…"
variations start new ones; the other tools stay in round 1) and
``variation_id`` names the variation in play (``None`` for the card as
written). :func:`phase_payload` writes that shape, carrying the round and the
variation over from the state before unless a new round starts; every tool
reads it back with :func:`phase_state`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

PHASE = "phase"
PHASES: tuple[str, ...] = ("think", "reveal", "discuss", "close")


class PhaseEvent(Protocol):
    """What :func:`phase_state` reads of an event (store answers fit)."""

    @property
    def seq(self) -> int: ...

    @property
    def participant_id(self) -> str | None: ...

    @property
    def subject(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def payload(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True, slots=True)
class PhaseState:
    """Where the room is with one subject: phase, round and the variation in play."""

    phase: str = "think"
    round: int = 1
    variation_id: str | None = None

    @property
    def revealed(self) -> bool:
        """Whether the room may see the answers (every phase after think)."""
        return self.phase != "think"


def _round(value: object, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


def next_state(state: PhaseState, payload: Mapping[str, Any]) -> PhaseState:
    """The state after one phase event with ``payload``.

    Events stored by kits before the one dialect may lack ``round``; such an
    event keeps the round and the variation of the state before it.
    """
    if "round" not in payload:
        return PhaseState(
            str(payload.get("phase", state.phase)), state.round, state.variation_id
        )
    variation = payload.get("variation_id")
    return PhaseState(
        str(payload.get("phase", state.phase)),
        _round(payload.get("round"), state.round),
        str(variation) if variation else None,
    )


def phase_state(events: Iterable[PhaseEvent], subject: str | None = None) -> PhaseState:
    """The state after the facilitator's latest phase event (on ``subject``)."""
    state = PhaseState()
    found = [
        e
        for e in events
        if e.kind == PHASE
        and e.participant_id is None
        and (subject is None or e.subject == subject)
    ]
    for event in sorted(found, key=lambda e: e.seq):
        state = next_state(state, event.payload)
    return state


def phase_payload(
    phase: str,
    before: PhaseState | None = None,
    *,
    round_no: int | None = None,
    variation_id: str | None = None,
) -> dict[str, Any]:
    """The phase event moving a subject from ``before`` to ``phase``.

    Without ``round_no`` the round and variation stay as they were; with it a
    new round starts with ``variation_id``. An unknown phase is a programming
    error (the controls only offer these four), so :class:`ValueError`.
    """
    if phase not in PHASES:
        raise ValueError(f"unknown phase {phase!r}")
    before = before or PhaseState()
    if round_no is None:
        round_no, variation_id = before.round, before.variation_id
    return {"phase": phase, "round": round_no, "variation_id": variation_id}
