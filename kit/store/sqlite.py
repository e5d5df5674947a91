"""SQLite store: one file shared by all kernels of a Voilà server.

WAL mode lets readers and one writer work at once; ``synchronous=FULL`` makes a
committed answer survive a power cut; ``BEGIN IMMEDIATE`` serialises writers
across processes, with a generous busy timeout so a room of 30 never sees
"database is locked".
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from kit.errors import NotSaved, StoreClosed
from kit.store.series import SQLITE_SCHEMA as SERIES_SCHEMA
from kit.store.sql import SqlStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS participants (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    pseudonym TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at REAL NOT NULL,
    recovery_hash TEXT
);
CREATE INDEX IF NOT EXISTS participants_by_session ON participants(session_id);
CREATE TABLE IF NOT EXISTS answers (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    participant_id TEXT REFERENCES participants(id),
    tool TEXT NOT NULL,
    subject TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_by_session ON answers(session_id, seq);
CREATE TRIGGER IF NOT EXISTS answers_append_only BEFORE UPDATE ON answers
BEGIN
    SELECT RAISE(ABORT, 'answers are append-only');
END;
CREATE TABLE IF NOT EXISTS failed_attempts (
    at REAL NOT NULL,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS failed_attempts_by_time ON failed_attempts(at);
"""

BUSY_TIMEOUT_MS = 30_000
POLL_SECONDS = 0.1
#: Emptying the WAL after a delete waits this long per try for readers to move on.
CHECKPOINT_WAIT_MS = 200
CHECKPOINT_TRIES = 5


class SqliteStore(SqlStore):
    """The default store; ``path`` is a file, or ``":memory:"`` for tests and demos."""

    #: ``BEGIN IMMEDIATE`` serialises writers and the ``seq`` is taken inside the
    #: write, so answers commit in ``seq`` order: a reader that has seen ``seq``
    #: n has seen every answer up to n (``kit.session.AnswerLog`` relies on it).
    seq_in_commit_order = True

    def __init__(self, path: str | Path):
        self.path = str(path)
        self._memory = self.path == ":memory:"
        if self._memory:
            self._target = f"file:kit-{uuid.uuid4().hex}?mode=memory&cache=shared"
        else:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._target = self.path
        self.url = f"sqlite:///{self.path}"
        self._local = threading.local()
        # Every thread's connection with the lock held while it is in use, so
        # close() never closes a connection under a thread that is reading it.
        self._connections: list[tuple[sqlite3.Connection, threading.RLock]] = []
        self._lock = threading.Lock()
        self._closed = False
        # The first connection also keeps an in-memory database alive.
        with self._using() as anchor:
            anchor.executescript(SCHEMA + SERIES_SCHEMA)
            _add_missing_columns(anchor)

    @contextmanager
    def _using(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection, held for one read or one transaction.

        Raises :class:`~kit.errors.StoreClosed` once :meth:`close` has run.
        """
        conn, in_use = self._connection()
        with in_use:
            if self._closed:
                raise StoreClosed(self.path)
            yield conn

    def _connection(self) -> tuple[sqlite3.Connection, threading.RLock]:
        """This thread's connection and its in-use lock (opened on first use)."""
        held: tuple[sqlite3.Connection, threading.RLock] | None = getattr(
            self._local, "conn", None
        )
        if held is not None:
            return held
        conn = sqlite3.connect(
            self._target,
            uri=self._memory,
            isolation_level=None,
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not self._memory:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # A deleted session is overwritten on disk, not just unlinked.
        conn.execute("PRAGMA secure_delete = ON")
        found = (conn, threading.RLock())
        with self._lock:
            if self._closed:  # closed before or while this one was opened
                conn.close()
                raise StoreClosed(self.path)
            self._connections.append(found)
        self._local.conn = found
        return found

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Cursor]:
        """A write transaction; whatever fails in it (COMMIT included) is rolled
        back, so the connection is ready for the next write, and a database
        error becomes :class:`NotSaved`: nothing of this transaction is stored."""
        with self._using() as conn:
            cur = conn.cursor()
            try:
                cur.execute("BEGIN IMMEDIATE")
                yield cur
                cur.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    # The original error is the one to report.
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise NotSaved(str(exc)) from exc
                raise
            finally:
                cur.close()

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._using() as conn:
            return conn.execute(sql, tuple(params)).fetchall()

    def _insert_answer(self, cur: Any, row: Sequence[Any]) -> int:
        cur.execute(
            "INSERT INTO answers (session_id, participant_id, tool, subject, kind, payload, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            tuple(row),
        )
        return int(cur.lastrowid)

    def wait_for_change(self, session_id: str, after: int, timeout: float) -> int:
        # PRAGMA data_version changes only when another connection commits, so
        # the loop costs one tiny read per tick and a query only on real change.
        deadline = time.monotonic() + timeout
        version = None
        while True:
            # A shared-cache memory database has no meaningful data_version.
            current = None if self._memory else self._data_version()
            if current != version or current is None:
                version = current
                newest = self.last_seq(session_id)
                if newest > after:
                    return newest
            if time.monotonic() >= deadline:
                return after
            time.sleep(POLL_SECONDS)

    def _data_version(self) -> int:
        with self._using() as conn:
            return int(conn.execute("PRAGMA data_version").fetchone()[0])

    def _forget_deleted(self) -> bool:
        # The WAL file still holds the pages as they were before the delete;
        # copy them into the (securely overwritten) database and empty the WAL.
        # A reader in another kernel can hold the WAL: wait a little, try again,
        # and say so when it stays busy (the first column of the result is 1).
        if self._memory:
            return True
        with self._using() as conn:
            conn.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
            try:
                for attempt in range(CHECKPOINT_TRIES):
                    checkpoint = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    if not checkpoint.fetchone()[0]:
                        return True
                    time.sleep(POLL_SECONDS * (attempt + 1))
                return False
            finally:
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def close(self) -> None:
        """Close every thread's connection, each once no thread is using it.

        A watcher thread may be in the middle of a read: its connection is
        closed after that read, and its next read raises
        :class:`~kit.errors.StoreClosed` (the watcher stops on it) instead of
        opening a new connection. Closing twice is harmless.
        """
        with self._lock:
            self._closed = True
            held, self._connections = self._connections, []
        for conn, in_use in held:
            with in_use:  # waits for a read or a transaction in flight
                conn.close()


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    """Bring a file made by an earlier version up to date (columns added since)."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(participants)")}
    if "recovery_hash" not in columns:
        with suppress(sqlite3.OperationalError):  # another kernel was quicker
            conn.execute("ALTER TABLE participants ADD COLUMN recovery_hash TEXT")
