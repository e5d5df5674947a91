"""A hub kernel's series verbs: each one is a ``kit_api`` function call.

Mixed into :class:`~kit.store.postgres.PostgresRuntimeStore`; the functions
(:mod:`kit.store.postgres_series_sql`) check the team key themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kit.errors import InvalidInput, NotAllowed, OwnerOnly, SessionNotFound
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
from kit.store.series import MAX_TEAM_NAME, check_retention


def _status(status: str, what: str) -> None:
    if status == "ok":
        return
    if status == "not_found":
        raise SessionNotFound(what)
    if status == "other_team":
        raise InvalidInput("series_other_team")
    raise NotAllowed(what)


class PostgresRuntimeSeries:
    """Series verbs through ``kit_api`` (the runtime role has no table rights)."""

    _query: Any
    _transaction: Any
    _psycopg: Any

    def _series_rows(self, sql: str, params: Sequence[Any], what: str) -> list[Any]:
        rows = self._query(sql, params)
        if rows:
            _status(rows[0][0], what)
        return list(rows)

    def _series_write(self, sql: str, params: Sequence[Any], what: str) -> Any:
        with self._transaction() as cur:
            cur.execute(sql, tuple(params))
            row = cur.fetchone()
        _status(row[0], what)
        return row

    def create_team(self, name: str, retention_days: int | None = None) -> NewTeam:
        from kit.store.sql import _clean_text

        name = _clean_text(name, MAX_TEAM_NAME, "team_name")
        days = check_retention(retention_days)
        secret = codes.new_secret()
        row = self._series_write(
            "SELECT * FROM kit_api.create_team(%s, %s, %s)", (name, secret, days), ""
        )
        return NewTeam(Team(*row[1:5]), secret)

    def open_team(self, secret: str) -> Team:
        rows = self._series_rows(
            "SELECT * FROM kit_api.open_team(%s)", (secret or "",), "team"
        )
        return Team(*rows[0][1:5])

    def check_team(self, team_id: str, secret: str) -> None:
        status = self._query(
            "SELECT kit_api.check_team(%s, %s)", (team_id, secret or "")
        )[0][0]
        _status(status, team_id)

    def set_series_retention(
        self, team_id: str, secret: str, retention_days: int | None
    ) -> None:
        days = check_retention(retention_days)
        self._series_write(
            "SELECT kit_api.set_series_retention(%s, %s, %s)",
            (team_id, secret or "", days),
            team_id,
        )

    def add_to_series(
        self,
        team_id: str,
        team_secret: str,
        session_id: str,
        facilitator_secret: str,
        held_at: float | None = None,
    ) -> int:
        row = self._series_write(
            "SELECT * FROM kit_api.add_to_series(%s, %s, %s, %s, %s)",
            (team_id, team_secret or "", session_id, facilitator_secret or "", held_at),
            session_id,
        )
        return int(row[1])

    def find_series(self, team_id: str, secret: str) -> list[SeriesSession]:
        rows = self._series_rows(
            "SELECT * FROM kit_api.find_series(%s, %s)",
            (team_id, secret or ""),
            team_id,
        )
        return [
            SeriesSession(Session(*r[1:5]), int(r[5]), float(r[6]), int(r[7]))
            for r in rows
        ]

    def series_of(self, session_id: str, facilitator_secret: str) -> SeriesPlace | None:
        rows = self._series_rows(
            "SELECT * FROM kit_api.series_of(%s, %s)",
            (session_id, facilitator_secret or ""),
            session_id,
        )
        return SeriesPlace(rows[0][1], rows[0][2], int(rows[0][3])) if rows else None

    def find_series_answers(
        self, team_id: str, secret: str, session_id: str
    ) -> list[Answer]:
        from kit.store.sql import _load

        rows = self._series_rows(
            "SELECT * FROM kit_api.find_series_answers(%s, %s, %s)",
            (team_id, secret or "", session_id),
            session_id,
        )
        return [
            Answer(r[1], r[2], r[3], r[4], r[5], r[6], _load(r[7]), r[8]) for r in rows
        ]

    def find_series_participants(
        self, team_id: str, secret: str, session_id: str
    ) -> list[Participant]:
        rows = self._series_rows(
            "SELECT * FROM kit_api.find_series_participants(%s, %s, %s)",
            (team_id, secret or "", session_id),
            session_id,
        )
        return [Participant(*r[1:5]) for r in rows]

    def remove_series(self, team_id: str, secret: str) -> bool:
        self._series_write(
            "SELECT kit_api.remove_series(%s, %s)", (team_id, secret or ""), team_id
        )
        return True

    def _series_terms(self, read: Any) -> dict[str, int]:
        raise OwnerOnly("purge_idle_sessions")
