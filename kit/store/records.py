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
    """A participant just joined, with the token to rejoin after a refresh and,
    when asked for, the recovery word to take the seat back on another device
    (shown once, stored only as a hash)."""

    participant: Participant
    token: str
    recovery_word: str = ""


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
class Team:
    """A team (opgaveteam) whose sessions form a series (reeks).

    ``retention_days`` is the series' own term for ``kit purge`` (``None``: the
    term the operator gives applies).
    """

    id: str
    name: str
    created_at: float
    retention_days: int | None = None


@dataclass(frozen=True, slots=True)
class NewTeam:
    """A freshly created team with its secret (the team key, shown only once)."""

    team: Team
    secret: str


@dataclass(frozen=True, slots=True)
class SeriesSession:
    """A session in a team's series: its place, when it was held, how many took part."""

    session: Session
    position: int
    held_at: float
    participants: int


@dataclass(frozen=True, slots=True)
class SeriesPlace:
    """Where a session stands in a series (what its facilitator may know)."""

    team_id: str
    team_name: str
    position: int


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What importing one session file added, and what it left out (and why)."""

    answers: int
    participants: int
    skipped_facilitator: int = 0
    skipped_invalid: int = 0
