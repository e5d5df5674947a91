"""PostgreSQL store for organisation scale (JupyterHub, many rooms at once).

Same verbs and guarantees as the SQLite store. Which class you get depends on
the role in the URL (:func:`open_postgres`):

* the **owner** of the kit's tables (platform team: schema set-up, ``kit
  purge``, ``kit export`` on the server) gets :class:`PostgresStore`, which works
  on the tables directly and installs or upgrades the schema when needed;
* any other role (what a hub user's kernel has) gets
  :class:`PostgresRuntimeStore`, which may only call the ``kit_api`` functions
  (see :mod:`kit.store.postgres_sql`).

Changes are announced with ``NOTIFY kit_answers`` from a trigger, so waiting
costs no polling. The payload is a digest of the session id, not the id.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from kit.errors import (
    InvalidInput,
    NotAllowed,
    NotSaved,
    OwnerOnly,
    PseudonymTaken,
    SessionNotFound,
    StoreNotReady,
    TooManyAttempts,
    WrongRecoveryWord,
)
from kit.store import codes, words
from kit.store.postgres_series import PostgresRuntimeSeries
from kit.store.postgres_sql import (
    CHANNEL,
    LOCK_SCHEMA,
    SCHEMA_VERSION,
    grant_sql,
    install_sql,
)
from kit.store.records import Answer, NewParticipant, NewSession, Participant, Session
from kit.store.sql import (
    MAX_PAYLOAD_BYTES,
    MAX_PSEUDONYM,
    MAX_TITLE,
    SqlStore,
    _clean_text,
    _load,
)

__all__ = ["CHANNEL", "PostgresRuntimeStore", "PostgresStore", "open_postgres"]

_ROLE_QUERY = """
SELECT
  (SELECT pg_has_role(current_user, c.relowner, 'USAGE')
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'kit' AND c.relname = 'answers'),
  has_database_privilege(current_database(), 'CREATE'),
  (SELECT has_schema_privilege(n.oid, 'USAGE') AND has_function_privilege(p.oid, 'EXECUTE')
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'kit_api' AND p.proname = 'schema_version')
"""
_HAS_VERSION = """
SELECT EXISTS (
    SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'kit_api' AND p.proname = 'schema_version')
"""


def _installed_version(conn: Any) -> int:
    """The ``kit_api.schema_version()`` of the database, 0 before the first install."""
    if not conn.execute(_HAS_VERSION).fetchone()[0]:
        return 0
    return int(conn.execute("SELECT kit_api.schema_version()").fetchone()[0])


#: Errors from ``kit.checked_text`` that have their own message for people.
_SAID = {"title", "pseudonym", "payload"}


def channel_tag(session_id: str) -> str:
    """What ``NOTIFY kit_answers`` carries for a session (see ``kit.channel_tag``)."""
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()[:32]


def _one_row(cursor: Any) -> tuple[Any, ...]:
    """The row of a query that always returns exactly one (a SELECT without FROM)."""
    row: tuple[Any, ...] | None = cursor.fetchone()
    if row is None:
        raise RuntimeError("the query returned no row")
    return row


def open_postgres(url: str) -> SqlStore:
    """The owner's store or the runtime store, by what the URL's role may do."""
    import psycopg  # optional dependency: pip install wakkere-afweging[postgres]

    with psycopg.connect(url, autocommit=True) as conn:
        owns, can_create, may_call = _one_row(conn.execute(_ROLE_QUERY))
        if owns is False:
            if not may_call:
                raise StoreNotReady("store.not_ready.no_grant")
            found = _one_row(conn.execute("SELECT kit_api.schema_version()"))[0]
            if found != SCHEMA_VERSION:
                raise StoreNotReady(
                    "store.not_ready.version", found=found, wanted=SCHEMA_VERSION
                )
            return PostgresRuntimeStore(url)
        if owns is None and not can_create:
            raise StoreNotReady("store.not_ready.no_schema")
    return PostgresStore(url)


class _PostgresBase(SqlStore):
    """Per-thread connections, the listener and closing, for both roles."""

    placeholder = "%s"
    #: The ``answers_in_commit_order`` trigger makes a session's writers take
    #: turns from ``nextval`` to commit, so within a session answers become
    #: visible in ``seq`` order (``kit.session.AnswerLog`` relies on it).
    seq_in_commit_order = True

    def __init__(self, url: str):
        import psycopg  # optional dependency: pip install wakkere-afweging[postgres]

        self._psycopg = psycopg
        self.url = url
        self._local = threading.local()
        self._connections: list[Any] = []
        self._lock = threading.Lock()

    def _connect(self) -> Any:
        return self._psycopg.connect(self.url, autocommit=True)

    def _connection(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed or conn.broken:
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        """A write transaction; a database error (COMMIT included) rolls it back
        and becomes :class:`NotSaved`."""
        conn = self._connection()
        try:
            with conn.transaction(), conn.cursor() as cur:
                yield cur
        except self._psycopg.errors.InvalidParameterValue as exc:
            what = exc.diag.message_primary or ""
            raise (InvalidInput(what) if what in _SAID else InvalidInput()) from exc
        except self._psycopg.Error as exc:
            raise NotSaved(str(exc)) from exc

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._connection().cursor() as cur:
            cur.execute(sql, tuple(params))
            rows: list[tuple[Any, ...]] = cur.fetchall()
            return rows

    def _listener(self) -> Any:
        conn = getattr(self._local, "listen", None)
        if conn is None or conn.closed or conn.broken:
            conn = self._psycopg.connect(self.url, autocommit=True)
            conn.execute(f"LISTEN {CHANNEL}")
            self._local.listen = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def wait_for_change(self, session_id: str, after: int, timeout: float) -> int:
        listener = self._listener()  # listen first, then look: no change slips between
        tag = channel_tag(session_id)
        newest = self.last_seq(session_id)
        deadline = time.monotonic() + timeout
        while newest <= after:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return after
            for note in listener.notifies(timeout=remaining, stop_after=1):
                if note.payload == tag:
                    newest = self.last_seq(session_id)
        return newest

    def _forget_deleted(self) -> bool:
        # Dead rows stay in PostgreSQL's pages until (auto)vacuum reuses them;
        # VACUUM cannot run inside our transactions and needs the table owner.
        return True

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()


class PostgresStore(_PostgresBase):
    """The owner's store: the tables in schema ``kit``, directly.

    Opening it installs or upgrades the schema (several kernels may start at
    once; an advisory lock lets one do it).
    """

    def __init__(self, url: str):
        super().__init__(url)
        with self._psycopg.connect(url, autocommit=True) as conn:
            if _installed_version(conn) != SCHEMA_VERSION:
                with conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_SCHEMA,))
                    if _installed_version(conn) != SCHEMA_VERSION:
                        conn.execute(
                            install_sql(MAX_TITLE, MAX_PSEUDONYM, MAX_PAYLOAD_BYTES)
                        )

    def _connect(self) -> Any:
        conn = super()._connect()
        conn.execute("SET search_path TO kit, pg_temp")
        return conn

    def _insert_answer(self, cur: Any, row: Sequence[Any]) -> int:
        cur.execute(
            "INSERT INTO answers (session_id, participant_id, tool, subject, kind, payload, created_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING seq",
            tuple(row),
        )
        return int(cur.fetchone()[0])

    def grant_runtime(self, role: str) -> None:
        """Let ``role`` (the hub users' role) call the ``kit_api`` functions, and
        nothing else (see ``kit store-setup``)."""
        with (
            self._psycopg.connect(self.url, autocommit=True) as conn,
            conn.transaction(),
        ):
            conn.execute(grant_sql(role))


class PostgresRuntimeStore(PostgresRuntimeSeries, _PostgresBase):
    """A hub kernel's store: every verb is a ``kit_api`` function call.

    The database checks a code, token or secret on every call. This object only
    remembers the ones it was given or handed out (a session's code, the
    facilitator's secret, participants' tokens), so the store's verbs keep the
    same arguments as on SQLite: ``add_answer(session_id, participant_id, ...)``
    sends that participant's token along.
    """

    def __init__(self, url: str):
        super().__init__(url)
        self._codes: dict[str, str] = {}
        self._secrets: dict[str, str] = {}
        self._tokens: dict[str, dict[str, str]] = {}

    # --- the keyring ----------------------------------------------------------------

    def _remember_token(self, session_id: str, participant_id: str, token: str) -> None:
        self._tokens.setdefault(session_id, {})[participant_id] = token

    def _credential(self, session_id: str) -> str:
        """What opens this session for reading: the secret, else any token."""
        secret = self._secrets.get(session_id)
        if secret:
            return secret
        tokens = self._tokens.get(session_id) or {}
        return next(iter(tokens.values()), "")

    # --- calls ----------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any], session_id: str = "") -> list[Any]:
        """Rows of a ``kit_api`` function whose first column is its status."""
        try:
            rows: list[Any] = self._query(sql, params)
        except self._psycopg.errors.InvalidParameterValue as exc:
            what = exc.diag.message_primary or ""
            raise (InvalidInput(what) if what in _SAID else InvalidInput()) from exc
        if rows:
            _check(rows[0][0], session_id)
        return rows

    def _write(self, sql: str, params: Sequence[Any], session_id: str = "") -> Any:
        """One row of a writing ``kit_api`` function; errors become NotSaved."""
        with self._transaction() as cur:
            cur.execute(sql, tuple(params))
            row = cur.fetchone()
        _check(row[0], session_id)
        return row

    # --- sessions -------------------------------------------------------------------

    def create_session(self, title: str) -> NewSession:
        title = _clean_text(title, MAX_TITLE, "title")
        secret = codes.new_secret()
        row = self._write(
            "SELECT * FROM kit_api.create_session(%s, %s)", (title, secret)
        )
        session = Session(*row[1:5])
        self._codes[session.id] = session.code
        self._secrets[session.id] = secret
        return NewSession(session, secret)

    def find_session(self, code: str) -> Session:
        normal = codes.normalize_code(code)
        if not normal:
            raise SessionNotFound(code)
        rows = self._rows("SELECT * FROM kit_api.find_session(%s)", (normal,), code)
        if not rows:
            raise SessionNotFound(code)
        session = Session(*rows[0][1:5])
        self._codes[session.id] = session.code
        return session

    def check_facilitator(self, session_id: str, secret: str) -> None:
        status = self._query(
            "SELECT kit_api.check_facilitator(%s, %s)", (session_id, secret or "")
        )[0][0]
        _check(status, session_id)
        self._secrets[session_id] = secret

    def remove_session(self, session_id: str, facilitator_secret: str) -> bool:
        self._write(
            "SELECT kit_api.remove_session(%s, %s)",
            (session_id, facilitator_secret or ""),
            session_id,
        )
        for keyring in (self._codes, self._secrets, self._tokens):
            keyring.pop(session_id, None)
        return True

    def find_idle_sessions(self, before: float) -> list[Session]:
        raise OwnerOnly("find_idle_sessions")

    def purge_idle_sessions(self, before: float) -> list[Session]:
        raise OwnerOnly("purge_idle_sessions")

    def _session_by_id(self, session_id: str) -> Session:
        rows = self._rows(
            "SELECT * FROM kit_api.session_row(%s, %s)",
            (session_id, self._credential(session_id)),
            session_id,
        )
        if not rows:
            raise SessionNotFound(session_id)
        return Session(*rows[0][1:5])

    # --- participants ---------------------------------------------------------------

    def add_participant(
        self, session_id: str, pseudonym: str, *, recoverable: bool = False
    ) -> NewParticipant:
        pseudonym = _clean_text(pseudonym, MAX_PSEUDONYM, "pseudonym")
        code = self._codes.get(session_id)
        if not code:  # joining takes the code, not just an id
            raise NotAllowed(session_id)
        token = codes.new_secret()
        word = words.new_recovery_word() if recoverable else ""
        with self._transaction() as cur:
            cur.execute(
                "SELECT * FROM kit_api.add_participant(%s, %s, %s, %s)",
                (code, pseudonym, token, word or None),
            )
            row = cur.fetchone()
        if row[0] == "taken":
            raise PseudonymTaken(session_id)
        _check(row[0], code)
        participant = Participant(*row[1:5])
        self._remember_token(session_id, participant.id, token)
        return NewParticipant(participant, token, word)

    def recover_participant(
        self, session_id: str, pseudonym: str, recovery_word: str
    ) -> NewParticipant:
        word = words.normalize_recovery_word(recovery_word)
        code = self._codes.get(session_id)
        if not word or not code:  # a typo is not a guess
            raise WrongRecoveryWord(session_id)
        token = codes.new_secret()
        with self._transaction() as cur:
            cur.execute(
                "SELECT * FROM kit_api.recover_participant(%s, %s, %s, %s)",
                (code, pseudonym, word, token),
            )
            row = cur.fetchone()
        if row[0] == "denied":
            raise WrongRecoveryWord(session_id)
        _check(row[0], code)
        participant = Participant(*row[1:5])
        self._remember_token(session_id, participant.id, token)
        return NewParticipant(participant, token, word)

    def find_participant(self, session_id: str, token: str) -> Participant:
        rows = self._rows(
            "SELECT * FROM kit_api.find_participant(%s, %s)",
            (session_id, token or ""),
            session_id,
        )
        participant = Participant(*rows[0][1:5])
        self._remember_token(session_id, participant.id, token)
        return participant

    def renew_token(self, session_id: str, participant_id: str) -> str:
        credential = self._secrets.get(session_id) or (
            self._tokens.get(session_id) or {}
        ).get(participant_id, "")
        token = codes.new_secret()
        self._write(
            "SELECT kit_api.renew_token(%s, %s, %s, %s)",
            (session_id, participant_id, credential, token),
            session_id,
        )
        self._remember_token(session_id, participant_id, token)
        return token

    def find_participants(self, session_id: str) -> list[Participant]:
        rows = self._rows(
            "SELECT * FROM kit_api.find_participants(%s, %s)",
            (session_id, self._credential(session_id)),
            session_id,
        )
        return [Participant(*row[1:5]) for row in rows]

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
        if participant_id is None:
            return self.add_facilitator_event(
                session_id,
                self._secrets.get(session_id, ""),
                tool,
                subject,
                kind,
                payload,
            )
        body = _body(payload)
        token = (self._tokens.get(session_id) or {}).get(participant_id, "")
        row = self._write(
            "SELECT * FROM kit_api.add_answer(%s, %s, %s, %s, %s, %s)",
            (session_id, token, tool, subject, kind, body),
            session_id,
        )
        return Answer(
            int(row[1]),
            session_id,
            row[2],
            tool,
            subject,
            kind,
            json.loads(body),
            row[3],
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
        body = _body(payload)
        row = self._write(
            "SELECT * FROM kit_api.add_facilitator_event(%s, %s, %s, %s, %s, %s)",
            (session_id, secret or "", tool, subject, kind, body),
            session_id,
        )
        if secret:
            self._secrets[session_id] = secret
        return Answer(
            int(row[1]), session_id, None, tool, subject, kind, json.loads(body), row[2]
        )

    def find_answers(
        self,
        session_id: str,
        *,
        tool: str | None = None,
        subject: str | None = None,
        kind: str | None = None,
        after: int = 0,
    ) -> list[Answer]:
        rows = self._rows(
            "SELECT * FROM kit_api.find_answers(%s, %s, %s, %s, %s, %s)",
            (session_id, self._credential(session_id), tool, subject, kind, after),
            session_id,
        )
        return [
            Answer(r[1], r[2], r[3], r[4], r[5], r[6], _load(r[7]), r[8]) for r in rows
        ]

    def last_seq(self, session_id: str) -> int:
        rows = self._rows(
            "SELECT * FROM kit_api.last_seq(%s, %s)",
            (session_id, self._credential(session_id)),
            session_id,
        )
        return int(rows[0][1])

    # --- import (rows written through the facilitator's functions) ---------------

    def _insert_participant(self, cur: Any, row: Sequence[Any]) -> None:
        pid, session_id, pseudonym, token, created_at = row
        cur.execute(
            "SELECT kit_api.import_participant(%s, %s, %s, %s, %s, %s)",
            (
                session_id,
                self._secrets.get(session_id, ""),
                pid,
                pseudonym,
                created_at,
                token,
            ),
        )
        _check(cur.fetchone()[0], session_id)

    def _insert_answer(self, cur: Any, row: Sequence[Any]) -> int:
        session_id, participant_id, tool, subject, kind, body, created_at = row
        cur.execute(
            "SELECT kit_api.import_answer(%s, %s, %s, %s, %s, %s, %s, %s)",
            (
                session_id,
                self._secrets.get(session_id, ""),
                participant_id,
                tool,
                subject,
                kind,
                body,
                created_at,
            ),
        )
        _check(cur.fetchone()[0], session_id)
        return 0


def _body(payload: dict[str, Any] | None) -> str:
    body = json.dumps(payload or {}, ensure_ascii=False, sort_keys=True)
    if len(body.encode("utf-8")) > MAX_PAYLOAD_BYTES:
        raise InvalidInput("payload")
    return body


def _check(status: str, what: str) -> None:
    """Turn a ``kit_api`` status into the store's error."""
    if status == "ok":
        return
    if status == "blocked":
        raise TooManyAttempts(what)
    if status == "not_found":
        raise SessionNotFound(what)
    raise NotAllowed(what)
