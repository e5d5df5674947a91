"""Records the store hands out: sessions, participants and answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Session:
    """A workshop session; participants join it with its ``code``."""

    id: str
    code: str
    title: str
    created_at: float


@dataclass(frozen=True, slots=True)
class NewSession:
    """A freshly created session with its facilitator secret (shown only once)."""

    session: Session
    facilitator_secret: str


@dataclass(frozen=True, slots=True)
class Participant:
    """A participant (deelnemer), known only by a pseudonym."""

    id: str
    session_id: str
    pseudonym: str
    created_at: float


@dataclass(frozen=True, slots=True)
class NewParticipant:
    """A participant just joined, with the token to rejoin after a refresh."""

    participant: Participant
    token: str


@dataclass(frozen=True, slots=True)
class Answer:
    """One stored answer or event; never changed after it is written.

    ``tool`` is the widget (``dilemma``, ``matrix``, ``proximity``…), ``subject`` what
    it is about (a card id, a matrix id), ``kind`` what was given (``choice``,
    ``reason``, ``phase``…). ``participant_id`` is ``None`` for facilitator events.
    """

    seq: int
    session_id: str
    participant_id: str | None
    tool: str
    subject: str
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    created_at: float = 0.0


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What importing one session file added, and what it left out (and why)."""

    answers: int
    participants: int
    skipped_facilitator: int = 0
    skipped_invalid: int = 0
