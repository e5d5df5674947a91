"""A team's series of sessions (reeks): the store verbs, for SQLite and PostgreSQL.

A team has a name and its own secret, the team key, stored hashed like a
facilitator secret. A session stays stand-alone unless its facilitator adds it
to a team's series, which takes both the session's secret and the team key.
Whoever holds the team key may read every session of the series (for the series
view, report and export) and delete the series as a whole; nothing else opens
through it. Participants are not linked across sessions: the series knows
sessions, never people.

The verbs here work on the tables directly (SQLite, and PostgreSQL's owner);
a hub kernel's store calls the matching ``kit_api`` functions instead
(:mod:`kit.store.postgres_series`).
"""

from __future__ import annotations

import time
import uuid
from typing import TYPE_CHECKING, Any

from kit.errors import InvalidInput, NotAllowed, SessionNotFound
from kit.store import codes
from kit.store.records import (
    Answer,
    NewTeam,
    Participant,
    SeriesPlace,
    SeriesSession,
    Session,
    Team,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

MAX_TEAM_NAME = 120
#: Longest retention term a series may set (ten years).
MAX_RETENTION_DAYS = 3650

SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS teams (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    created_at REAL NOT NULL,
    retention_days INTEGER
);
CREATE TABLE IF NOT EXISTS series_sessions (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    team_id TEXT NOT NULL REFERENCES teams(id),
    place INTEGER NOT NULL,
    held_at REAL NOT NULL,
    UNIQUE (team_id, place)
);
CREATE INDEX IF NOT EXISTS series_by_team ON series_sessions(team_id, place);
"""


def check_retention(days: int | None) -> int | None:
    """A retention term in days (1 to ten years), or ``None`` for the default."""
    if days is None:
        return None
    if isinstance(days, bool) or not isinstance(days, int):
        raise InvalidInput("retention")
    if not 1 <= days <= MAX_RETENTION_DAYS:
        raise InvalidInput("retention")
    return days


class SeriesVerbs:
    """Series verbs over the kit's tables; mixed into :class:`~kit.store.sql.SqlStore`."""

    # Supplied by SqlStore.
    _query: Callable[..., list[tuple[Any, ...]]]
    _transaction: Callable[..., Any]
    _sql: Callable[[str], str]
    _note_failure: Callable[[str, str], None]
    _delete_session: Callable[[Any, str], None]
    _forget_deleted: Callable[[], bool]
    check_facilitator: Callable[[str, str], None]
    find_answers: Callable[..., list[Answer]]
    find_participants: Callable[[str], list[Participant]]

    # --- teams ----------------------------------------------------------------------

    def create_team(self, name: str, retention_days: int | None = None) -> NewTeam:
        """A new team; its key is returned only here (keep it with the team)."""
        from kit.store.sql import _clean_text

        name = _clean_text(name, MAX_TEAM_NAME, "team_name")
        days = check_retention(retention_days)
        secret = codes.new_secret()
        team = Team(uuid.uuid4().hex, name, time.time(), days)
        with self._transaction() as cur:
            cur.execute(
                self._sql(
                    "INSERT INTO teams (id, name, secret_hash, created_at, retention_days)"
                    " VALUES (?, ?, ?, ?, ?)"
                ),
                (team.id, name, codes.hash_secret(secret), team.created_at, days),
            )
        return NewTeam(team, secret)

    def open_team(self, secret: str) -> Team:
        """The team whose key this is; :class:`NotAllowed` otherwise."""
        rows = self._query(
            self._sql(
                "SELECT id, name, created_at, retention_days FROM teams"
                " WHERE secret_hash = ?"
            ),
            (codes.hash_secret(secret or ""),),
        )
        if not secret or not rows:
            self._note_failure("team", "")
            raise NotAllowed("team")
        return Team(*rows[0])

    def check_team(self, team_id: str, secret: str) -> None:
        """Raise :class:`NotAllowed` unless ``secret`` is this team's key."""
        rows = self._query(
            self._sql("SELECT secret_hash FROM teams WHERE id = ?"), (team_id,)
        )
        if not rows or not secret or not codes.same_secret(secret, rows[0][0]):
            self._note_failure("team", team_id)
            raise NotAllowed(team_id)

    def set_series_retention(
        self, team_id: str, secret: str, retention_days: int | None
    ) -> None:
        """Give the series its own retention term (``None``: the default term)."""
        days = check_retention(retention_days)
        self.check_team(team_id, secret)
        with self._transaction() as cur:
            cur.execute(
                self._sql("UPDATE teams SET retention_days = ? WHERE id = ?"),
                (days, team_id),
            )

    # --- the series -----------------------------------------------------------------

    def add_to_series(
        self,
        team_id: str,
        team_secret: str,
        session_id: str,
        facilitator_secret: str,
        held_at: float | None = None,
    ) -> int:
        """Make a session the next one in the team's series; returns its place (1…).

        Takes the team key and the session's facilitator secret. A session that
        is already in this series keeps its place; one in another series is refused.
        """
        self.check_team(team_id, team_secret)
        self.check_facilitator(session_id, facilitator_secret)
        with self._transaction() as cur:
            cur.execute(
                self._sql(
                    "SELECT team_id, place FROM series_sessions WHERE session_id = ?"
                ),
                (session_id,),
            )
            found = cur.fetchall()
            if found:
                if found[0][0] != team_id:
                    raise InvalidInput("series_other_team")
                return int(found[0][1])
            cur.execute(
                self._sql(
                    "SELECT COALESCE(MAX(place), 0) + 1 FROM series_sessions"
                    " WHERE team_id = ?"
                ),
                (team_id,),
            )
            position = int(cur.fetchall()[0][0])
            if held_at is None:
                cur.execute(
                    self._sql("SELECT created_at FROM sessions WHERE id = ?"),
                    (session_id,),
                )
                held_at = float(cur.fetchall()[0][0])
            cur.execute(
                self._sql(
                    "INSERT INTO series_sessions (session_id, team_id, place, held_at)"
                    " VALUES (?, ?, ?, ?)"
                ),
                (session_id, team_id, position, min(float(held_at), time.time())),
            )
        return position

    def find_series(self, team_id: str, secret: str) -> list[SeriesSession]:
        """The team's sessions in order, each with how many took part."""
        self.check_team(team_id, secret)
        rows = self._query(
            self._sql(
                "SELECT s.id, s.code, s.title, s.created_at, l.place, l.held_at,"
                " (SELECT COUNT(*) FROM participants p WHERE p.session_id = s.id)"
                " FROM series_sessions l JOIN sessions s ON s.id = l.session_id"
                " WHERE l.team_id = ? ORDER BY l.place"
            ),
            (team_id,),
        )
        return [
            SeriesSession(Session(*r[:4]), int(r[4]), float(r[5]), int(r[6]))
            for r in rows
        ]

    def series_of(self, session_id: str, facilitator_secret: str) -> SeriesPlace | None:
        """The series this session belongs to (facilitator), or ``None``."""
        self.check_facilitator(session_id, facilitator_secret)
        rows = self._query(
            self._sql(
                "SELECT t.id, t.name, l.place FROM series_sessions l"
                " JOIN teams t ON t.id = l.team_id WHERE l.session_id = ?"
            ),
            (session_id,),
        )
        return SeriesPlace(rows[0][0], rows[0][1], int(rows[0][2])) if rows else None

    def _check_member(self, team_id: str, secret: str, session_id: str) -> None:
        self.check_team(team_id, secret)
        rows = self._query(
            self._sql(
                "SELECT 1 FROM series_sessions WHERE team_id = ? AND session_id = ?"
            ),
            (team_id, session_id),
        )
        if not rows:
            raise SessionNotFound(session_id)

    def find_series_answers(
        self, team_id: str, secret: str, session_id: str
    ) -> list[Answer]:
        """Every answer of one session of the series, read with the team key."""
        self._check_member(team_id, secret, session_id)
        return self.find_answers(session_id)

    def find_series_participants(
        self, team_id: str, secret: str, session_id: str
    ) -> list[Participant]:
        """The participants of one session of the series (for the series export)."""
        self._check_member(team_id, secret, session_id)
        return self.find_participants(session_id)

    def remove_series(self, team_id: str, secret: str) -> bool:
        """Delete the team and every session of its series, with all answers.

        Returns ``False`` when SQLite could not yet wipe the traces from disk
        (see :meth:`~kit.store.sql.SqlStore.remove_session`).
        """
        self.check_team(team_id, secret)
        with self._transaction() as cur:
            cur.execute(
                self._sql("SELECT session_id FROM series_sessions WHERE team_id = ?"),
                (team_id,),
            )
            for (session_id,) in cur.fetchall():
                self._delete_session(cur, session_id)
            cur.execute(self._sql("DELETE FROM teams WHERE id = ?"), (team_id,))
        return self._forget_deleted()

    # --- retention (operator) -------------------------------------------------------

    def _series_terms(
        self, read: Callable[[str, Sequence[Any]], list[tuple[Any, ...]]]
    ) -> dict[str, int]:
        """Session id → its series' own retention term in days, where one is set."""
        rows = read(
            self._sql(
                "SELECT l.session_id, t.retention_days FROM series_sessions l"
                " JOIN teams t ON t.id = l.team_id WHERE t.retention_days IS NOT NULL"
            ),
            (),
        )
        return {str(r[0]): int(r[1]) for r in rows}

    def _purge_empty_teams(self, cur: Any, before: float) -> None:
        """Teams without sessions left, created before ``before`` (or their own
        term), go too: a key that opens nothing is not kept."""
        cur.execute(
            self._sql(
                "SELECT t.id, t.created_at, t.retention_days FROM teams t"
                " WHERE NOT EXISTS (SELECT 1 FROM series_sessions l"
                " WHERE l.team_id = t.id)"
            ),
            (),
        )
        now = time.time()
        for team_id, created_at, days in cur.fetchall():
            cutoff = before if days is None else now - int(days) * 86_400
            if created_at < cutoff:
                cur.execute(self._sql("DELETE FROM teams WHERE id = ?"), (team_id,))
