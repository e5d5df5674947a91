"""The store's verbs, written once for SQLite and PostgreSQL.

Answers are append-only (a database trigger refuses UPDATE), written in their own
transaction the moment they are given, and read back in ``seq`` order. A session
is only reachable through its code; facilitator actions need its secret.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from kit.errors import (
    InvalidInput,
    NotAllowed,
    PseudonymTaken,
    SessionNotFound,
    TooManyAttempts,
    WrongRecoveryWord,
)
from kit.model.text import visible_text
from kit.store import codes, guard, words
from kit.store.records import (
    Answer,
    ImportResult,
    NewParticipant,
    NewSession,
    Participant,
    Session,
)
from kit.store.series import SeriesVerbs

EXPORT_FORMAT = "wakkere-afweging-session"
EXPORT_VERSION = 1
MAX_PSEUDONYM = 40
MAX_TITLE = 120
MAX_PAYLOAD_BYTES = 64_000

log = logging.getLogger("kit")


class SqlStore(SeriesVerbs, ABC):
    """Store verbs over a DB-API connection; subclasses supply the dialect.

    The verbs of a team's series come from :class:`~kit.store.series.SeriesVerbs`.
    """

    url: str

    # --- dialect hooks --------------------------------------------------------------

    @abstractmethod
    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        """Yield a cursor inside a write transaction (serialised between writers)."""

    @abstractmethod
    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a read query and return all rows."""

    @abstractmethod
    def _insert_answer(self, cur: Any, row: Sequence[Any]) -> int:
        """Insert one answer row and return its ``seq``."""

    @abstractmethod
    def wait_for_change(self, session_id: str, after: int, timeout: float) -> int:
        """Block until the session has an answer newer than ``after`` or ``timeout``.

        Returns the newest ``seq`` (``after`` when nothing changed).
        """

    @abstractmethod
    def close(self) -> None: ...

    # --- sessions -------------------------------------------------------------------

    def create_session(self, title: str) -> NewSession:
        """Start a session; the facilitator secret is returned only here."""
        title = _clean_text(title, MAX_TITLE, "title")
        secret = codes.new_secret()
        session = Session(
            uuid.uuid4().hex, codes.new_session_code(), title, time.time()
        )
        with self._transaction() as cur:
            cur.execute(
                self._sql(
                    "INSERT INTO sessions (id, code, title, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)"
                ),
                (
                    session.id,
                    session.code,
                    session.title,
                    codes.hash_secret(secret),
                    session.created_at,
                ),
            )
        return NewSession(session, secret)

    def find_session(self, code: str) -> Session:
        """The session with this code; :class:`SessionNotFound` otherwise.

        A wrong code that could have been a code is a failed guess: it is written
        down, and too many of them lately raise :class:`TooManyAttempts`.
        """
        normal = codes.normalize_code(code)
        if not normal:
            raise SessionNotFound(code)
        self._refuse_if_blocked()
        rows = self._query(
            self._sql(
                "SELECT id, code, title, created_at FROM sessions WHERE code = ?"
            ),
            (normal,),
        )
        if not rows:
            self._note_failure("code", normal)
            raise SessionNotFound(code)
        return Session(*rows[0])

    def check_facilitator(self, session_id: str, secret: str) -> None:
        """Raise :class:`NotAllowed` unless ``secret`` is the facilitator secret."""
        rows = self._query(
            self._sql("SELECT secret_hash FROM sessions WHERE id = ?"), (session_id,)
        )
        if not rows or not secret or not codes.same_secret(secret, rows[0][0]):
            self._note_failure("secret", session_id)
            raise NotAllowed(session_id)

    def remove_session(self, session_id: str, facilitator_secret: str) -> bool:
        """Delete a session with all its participants and answers.

        Returns ``False`` when the session is gone but the store could not yet
        wipe its traces from disk (SQLite's WAL file was in use): tell the
        facilitator, see ``store.wal_kept``.
        """
        self.check_facilitator(session_id, facilitator_secret)
        with self._transaction() as cur:
            self._delete_session(cur, session_id)
        return self._forget_deleted()

    def find_idle_sessions(self, before: float) -> list[Session]:
        """Sessions in which nothing happened (created, joined, answered) since
        ``before``, a Unix time; oldest first."""
        return self._idle_sessions(self._query, before)

    def purge_idle_sessions(self, before: float) -> list[Session]:
        """Delete every session idle since ``before`` and return what was deleted.

        This is the operator's retention clean-up: it needs access to the database
        itself, not a facilitator secret. Selecting and deleting happen in one
        transaction (on SQLite under the write lock, so nothing slips in between).
        """
        with self._transaction() as cur:

            def read(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
                cur.execute(sql, tuple(params))
                rows: list[tuple[Any, ...]] = cur.fetchall()
                return rows

            idle = self._idle_sessions(read, before)
            for session in idle:
                self._delete_session(cur, session.id)
            self._purge_empty_teams(cur, before)
            # The log of failed guesses is kept no longer than the sessions.
            cur.execute(
                self._sql("DELETE FROM failed_attempts WHERE at < ?"), (before,)
            )
        self._forget_deleted()
        return idle

    def _idle_sessions(
        self, read: Callable[[str, Sequence[Any]], list[tuple[Any, ...]]], before: float
    ) -> list[Session]:
        # A session in a series with its own retention term keeps that term.
        terms = self._series_terms(read)
        now = time.time()
        cutoffs = {sid: now - days * 86_400 for sid, days in terms.items()}
        rows = read(
            self._sql(
                "SELECT s.id, s.code, s.title, s.created_at,"
                " (SELECT MAX(p.created_at) FROM participants p WHERE p.session_id = s.id),"
                " (SELECT MAX(a.created_at) FROM answers a WHERE a.session_id = s.id)"
                " FROM sessions s WHERE s.created_at < ? ORDER BY s.created_at, s.id"
            ),
            (max([before, *cutoffs.values()]),),
        )
        return [
            Session(*row[:4])
            for row in rows
            if max(t for t in row[3:] if t is not None)
            < cutoffs.get(str(row[0]), before)
        ]

    def _delete_session(self, cur: Any, session_id: str) -> None:
        for table in ("answers", "participants"):
            cur.execute(
                self._sql(f"DELETE FROM {table} WHERE session_id = ?"), (session_id,)
            )
        cur.execute(self._sql("DELETE FROM sessions WHERE id = ?"), (session_id,))

    @abstractmethod
    def _forget_deleted(self) -> bool:
        """Make just-deleted rows unrecoverable where the dialect allows it;
        ``False`` if that could not be done now."""

    # --- guessing -------------------------------------------------------------------

    def _refuse_if_blocked(self) -> None:
        """Raise :class:`TooManyAttempts` while this source (or everyone) tried
        too many wrong codes or recovery words within the window (see
        :mod:`kit.store.guard`)."""
        now = time.time()
        since = now - guard.WINDOW_SECONDS
        source = _source()
        counted = (
            "SELECT COUNT(*) FROM failed_attempts WHERE at > ?"
            " AND kind IN ('code', 'word')"
        )
        mine = self._query(self._sql(counted + " AND source = ?"), (since, source))
        everyone = self._query(self._sql(counted), (since,))
        if mine[0][0] < guard.MAX_PER_SOURCE and everyone[0][0] < guard.MAX_ALL:
            return
        noted = self._query(
            self._sql(
                "SELECT COUNT(*) FROM failed_attempts WHERE at > ? AND kind = 'blocked' AND source = ?"
            ),
            (since, source),
        )
        if not noted[0][0]:
            self._note_failure("blocked", "")
        raise TooManyAttempts(source)

    def _note_failure(self, kind: str, detail: str) -> None:
        """Write a failed code, token or secret down for the operator."""
        source = _source()
        log.warning("kit: failed %s attempt from %s", kind, source)
        with self._transaction() as cur:
            cur.execute(
                self._sql(
                    "INSERT INTO failed_attempts (at, source, kind, detail) VALUES (?, ?, ?, ?)"
                ),
                (time.time(), source, kind, detail[:80]),
            )

    # --- participants ---------------------------------------------------------------

    def add_participant(
        self, session_id: str, pseudonym: str, *, recoverable: bool = False
    ) -> NewParticipant:
        """Join a session under a pseudonym; the token lets them rejoin later.

        ``recoverable`` (a person joining): the pseudonym must be free in this
        session (:class:`PseudonymTaken` otherwise), and the participant gets a
        recovery word to take the seat back on another device
        (:meth:`recover_participant`).
        """
        pseudonym = _clean_text(pseudonym, MAX_PSEUDONYM, "pseudonym")
        token = codes.new_secret()
        word = words.new_recovery_word() if recoverable else ""
        participant = Participant(uuid.uuid4().hex, session_id, pseudonym, time.time())
        with self._transaction() as cur:
            if recoverable and self._same_pseudonym(cur, session_id, pseudonym):
                raise PseudonymTaken(session_id)
            cur.execute(
                self._sql(
                    "INSERT INTO participants (id, session_id, pseudonym, token_hash, created_at, recovery_hash) VALUES (?, ?, ?, ?, ?, ?)"
                ),
                (
                    participant.id,
                    session_id,
                    pseudonym,
                    codes.hash_secret(token),
                    participant.created_at,
                    words.hash_recovery_word(participant.id, word) if word else None,
                ),
            )
        return NewParticipant(participant, token, word)

    def recover_participant(
        self, session_id: str, pseudonym: str, recovery_word: str
    ) -> NewParticipant:
        """The seat of ``pseudonym`` back, with a new token, for its recovery word.

        A wrong word is a failed guess (written down and counted like a wrong
        code: :class:`TooManyAttempts` after too many); it raises
        :class:`WrongRecoveryWord`. Text that cannot be a recovery word is a
        typo and is not counted.
        """
        word = words.normalize_recovery_word(recovery_word)
        if not word:
            raise WrongRecoveryWord(session_id)
        self._refuse_if_blocked()
        pseudonym = visible_text(pseudonym or "", newlines=False)
        token = codes.new_secret()
        with self._transaction() as cur:
            for pid, _name, stored in self._same_pseudonym(cur, session_id, pseudonym):
                if words.same_word(pid, word, stored):
                    cur.execute(
                        self._sql(
                            "UPDATE participants SET token_hash = ? WHERE id = ?"
                        ),
                        (codes.hash_secret(token), pid),
                    )
                    found = self._query_in(cur, session_id, pid)
                    return NewParticipant(found, token, word)
        self._note_failure("word", session_id)
        raise WrongRecoveryWord(session_id)

    def _same_pseudonym(
        self, cur: Any, session_id: str, pseudonym: str
    ) -> list[tuple[str, str, str | None]]:
        """``(id, pseudonym, recovery_hash)`` of the session's participants whose
        pseudonym is ``pseudonym`` (ignoring case)."""
        cur.execute(
            self._sql(
                "SELECT id, pseudonym, recovery_hash FROM participants WHERE session_id = ?"
            ),
            (session_id,),
        )
        wanted = pseudonym.casefold()
        return [row for row in cur.fetchall() if str(row[1]).casefold() == wanted]

    def _query_in(self, cur: Any, session_id: str, participant_id: str) -> Participant:
        cur.execute(
            self._sql(
                "SELECT id, session_id, pseudonym, created_at FROM participants WHERE id = ? AND session_id = ?"
            ),
            (participant_id, session_id),
        )
        return Participant(*cur.fetchone())

    def find_participant(self, session_id: str, token: str) -> Participant:
        """The participant whose rejoin token this is; :class:`NotAllowed` otherwise."""
        rows = self._query(
            self._sql(
                "SELECT id, session_id, pseudonym, created_at FROM participants WHERE session_id = ? AND token_hash = ?"
            ),
            (session_id, codes.hash_secret(token or "")),
        )
        if not rows:
            self._note_failure("token", session_id)
            raise NotAllowed(session_id)
        return Participant(*rows[0])

    def renew_token(self, session_id: str, participant_id: str) -> str:
        """Give a participant a new rejoin token (the old one stops working)."""
        token = codes.new_secret()
        with self._transaction() as cur:
            cur.execute(
                self._sql(
                    "UPDATE participants SET token_hash = ? WHERE id = ? AND session_id = ?"
                ),
                (codes.hash_secret(token), participant_id, session_id),
            )
        return token

    def find_participants(self, session_id: str) -> list[Participant]:
        rows = self._query(
            self._sql(
                "SELECT id, session_id, pseudonym, created_at FROM participants WHERE session_id = ? ORDER BY created_at, id"
            ),
            (session_id,),
        )
        return [Participant(*row) for row in rows]

    # --- answers --------------------------------------------------------------------

    def add_answer(
        self,
        session_id: str,
        participant_id: str | None,
        tool: str,
        subject: str,
        kind: str,
        payload: dict[str, Any] | None = None,
    ) -> Answer:
        """Append an answer; it is durable when this returns."""
        body = json.dumps(payload or {}, ensure_ascii=False, sort_keys=True)
        if len(body.encode("utf-8")) > MAX_PAYLOAD_BYTES:
            raise InvalidInput("payload")
        created = time.time()
        row = (session_id, participant_id, tool, subject, kind, body, created)
        with self._transaction() as cur:
            seq = self._insert_answer(cur, row)
        return Answer(
            seq,
            session_id,
            participant_id,
            tool,
            subject,
            kind,
            json.loads(body),
            created,
        )

    def add_facilitator_event(
        self,
        session_id: str,
        secret: str,
        tool: str,
        subject: str,
        kind: str,
        payload: dict[str, Any] | None = None,
    ) -> Answer:
        """Append an event only the facilitator may give (e.g. a phase change)."""
        self.check_facilitator(session_id, secret)
        return self.add_answer(session_id, None, tool, subject, kind, payload)

    def find_answers(
        self,
        session_id: str,
        *,
        tool: str | None = None,
        subject: str | None = None,
        kind: str | None = None,
        after: int = 0,
    ) -> list[Answer]:
        """Answers of a session in the order they were given, optionally filtered."""
        sql = "SELECT seq, session_id, participant_id, tool, subject, kind, payload, created_at FROM answers WHERE session_id = ? AND seq > ?"
        params: list[Any] = [session_id, after]
        for column, value in (("tool", tool), ("subject", subject), ("kind", kind)):
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        rows = self._query(self._sql(sql + " ORDER BY seq"), params)
        return [
            Answer(r[0], r[1], r[2], r[3], r[4], r[5], _load(r[6]), r[7]) for r in rows
        ]

    def last_seq(self, session_id: str) -> int:
        rows = self._query(
            self._sql("SELECT COALESCE(MAX(seq), 0) FROM answers WHERE session_id = ?"),
            (session_id,),
        )
        return int(rows[0][0])

    # --- export / import ------------------------------------------------------------

    def export_session(
        self, session_id: str, facilitator_secret: str
    ) -> dict[str, Any]:
        """Everything of a session as a JSON-ready document (pseudonyms only),
        with a ``proof`` that it is this session's own, unchanged export."""
        from kit.store.importing import sign_export

        self.check_facilitator(session_id, facilitator_secret)
        session = self._session_by_id(session_id)
        document: dict[str, Any] = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "session": {"title": session.title, "created_at": session.created_at},
            "participants": [
                {"id": p.id, "pseudonym": p.pseudonym, "created_at": p.created_at}
                for p in self.find_participants(session_id)
            ],
            "answers": [
                {
                    "participant_id": a.participant_id,
                    "tool": a.tool,
                    "subject": a.subject,
                    "kind": a.kind,
                    "payload": a.payload,
                    "created_at": a.created_at,
                }
                for a in self.find_answers(session_id)
            ],
        }
        document["proof"] = sign_export(document, facilitator_secret)
        return document

    def import_session(
        self, session_id: str, facilitator_secret: str, document: dict[str, Any]
    ) -> ImportResult:
        """Add an exported session's participants and answers to this session.

        The file gets the checks of live input (``kit.store.importing``);
        facilitator steps come only from this session's own export. Importing
        the same file twice adds nothing the second time.
        """
        from kit.store import importing

        self.check_facilitator(session_id, facilitator_secret)
        importing.check_document(document)
        plan = importing.plan_import(
            document,
            session_id,
            own_export=importing.is_own_export(document, facilitator_secret),
            known_participants=(p.id for p in self.find_participants(session_id)),
            existing=(
                importing.answer_key(
                    a.participant_id, a.tool, a.subject, a.kind, a.payload, a.created_at
                )
                for a in self.find_answers(session_id)
            ),
        )
        with self._transaction() as cur:
            for p in plan.participants:
                self._insert_participant(
                    cur,
                    (
                        p.id,
                        session_id,
                        p.pseudonym,
                        codes.new_secret(),  # nobody rejoins as an imported seat
                        p.created_at,
                    ),
                )
            for a in plan.answers:
                self._insert_answer(
                    cur,
                    (
                        session_id,
                        a.participant_id,
                        a.tool,
                        a.subject,
                        a.kind,
                        a.body,
                        a.created_at,
                    ),
                )
        return ImportResult(
            len(plan.answers),
            len(plan.participants),
            plan.skipped_facilitator,
            plan.skipped_invalid,
        )

    # --- helpers --------------------------------------------------------------------

    def _session_by_id(self, session_id: str) -> Session:
        rows = self._query(
            self._sql("SELECT id, code, title, created_at FROM sessions WHERE id = ?"),
            (session_id,),
        )
        if not rows:
            raise SessionNotFound(session_id)
        return Session(*rows[0])

    def _insert_participant(self, cur: Any, row: Sequence[Any]) -> None:
        """Insert ``(id, session_id, pseudonym, token, created_at)``; the token is
        stored hashed."""
        pid, session_id, pseudonym, token, created_at = row
        cur.execute(
            self._sql(
                "INSERT INTO participants (id, session_id, pseudonym, token_hash, created_at) VALUES (?, ?, ?, ?, ?)"
            ),
            (pid, session_id, pseudonym, codes.hash_secret(token), created_at),
        )

    placeholder = "?"

    def _sql(self, sql: str) -> str:
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _source() -> str:
    """Who is asking, as far as a kernel can tell: this machine and process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _load(payload: Any) -> dict[str, Any]:
    return payload if isinstance(payload, dict) else json.loads(payload)


def _clean_text(text: str, limit: int, what: str) -> str:
    """Trim, refuse empty and overlong text; control characters are removed."""
    cleaned = visible_text(text, newlines=False)
    if not cleaned or len(cleaned) > limit:
        raise InvalidInput(what)
    return cleaned
