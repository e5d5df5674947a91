"""PostgreSQL store for organisation scale (JupyterHub, many rooms at once).

Same verbs and guarantees as the SQLite store. Changes are announced with
``NOTIFY kit_answers`` from a trigger, so waiting costs no polling.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from kit.store.sql import SqlStore

CHANNEL = "kit_answers"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL
);
CREATE TABLE IF NOT EXISTS participants (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    pseudonym TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS participants_by_session ON participants(session_id);
CREATE TABLE IF NOT EXISTS answers (
    seq BIGSERIAL PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    participant_id TEXT REFERENCES participants(id),
    tool TEXT NOT NULL,
    subject TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_by_session ON answers(session_id, seq);
CREATE OR REPLACE FUNCTION kit_answers_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'answers are append-only';
END $$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION kit_answers_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', NEW.session_id);
    RETURN NEW;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS answers_append_only ON answers;
CREATE TRIGGER answers_append_only BEFORE UPDATE ON answers
    FOR EACH ROW EXECUTE FUNCTION kit_answers_append_only();
DROP TRIGGER IF EXISTS answers_notify ON answers;
CREATE TRIGGER answers_notify AFTER INSERT ON answers
    FOR EACH ROW EXECUTE FUNCTION kit_answers_notify();
"""

# Several kernels may start at once; only one may create the schema.
SCHEMA_LOCK_ID = 7_302_715


class PostgresStore(SqlStore):
    """Store in a PostgreSQL database given by a ``postgresql://`` URL."""

    placeholder = "%s"

    def __init__(self, url: str):
        import psycopg  # optional dependency: pip install wakkere-afweging[postgres]

        self._psycopg = psycopg
        self.url = url
        self._local = threading.local()
        self._connections: list[Any] = []
        self._lock = threading.Lock()
        with self._transaction() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK_ID,))
            cur.execute(SCHEMA)

    def _connection(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            conn = self._psycopg.connect(self.url, autocommit=True)
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        conn = self._connection()
        with conn.transaction(), conn.cursor() as cur:
            yield cur

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._connection().cursor() as cur:
            cur.execute(sql, tuple(params))
            rows: list[tuple[Any, ...]] = cur.fetchall()
            return rows

    def _insert_answer(self, cur: Any, row: Sequence[Any]) -> int:
        cur.execute(
            "INSERT INTO answers (session_id, participant_id, tool, subject, kind, payload, created_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING seq",
            tuple(row),
        )
        return int(cur.fetchone()[0])

    def _listener(self) -> Any:
        conn = getattr(self._local, "listen", None)
        if conn is None or conn.closed:
            conn = self._psycopg.connect(self.url, autocommit=True)
            conn.execute(f"LISTEN {CHANNEL}")
            self._local.listen = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def wait_for_change(self, session_id: str, after: int, timeout: float) -> int:
        listener = self._listener()  # listen first, then look: no change slips between
        newest = self.last_seq(session_id)
        deadline = time.monotonic() + timeout
        while newest <= after:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return after
            for note in listener.notifies(timeout=remaining, stop_after=1):
                if note.payload == session_id:
                    newest = self.last_seq(session_id)
        return newest

    def _forget_deleted(self) -> None:
        # Dead rows stay in PostgreSQL's pages until (auto)vacuum reuses them;
        # VACUUM cannot run inside our transactions and needs the table owner.
        return None

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()
