"""Issue 14, Critical: what a hub user can do with the credentials they hold.

On a hub, every user's server can run code, so whatever is in its environment
is the attacker's: here, the hub role's URL that the guide's
``jupyterhub_config.py`` hands out (``deploy/postgres/rollen.sql`` + ``kit
store-setup``). Each test acts with exactly that URL, against a session another
team started through the kit (the victim), and checks the attack is refused and
the victim's session is as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from kit.errors import TooManyAttempts
from kit.store import guard, open_store
from kit.store.postgres import PostgresRuntimeStore
from kit.testing.postgres import (
    Deployment,
    hardened_database,
    postgres_server,
    with_login,
)

pytestmark = pytest.mark.postgres

REASON = "Mijn buurvrouw zat in de toeslagenaffaire"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="module")
def deployment(server: str) -> Deployment:
    return hardened_database(server)


@dataclass
class Victim:
    session_id: str
    code: str
    secret: str
    participant_id: str
    token: str


@pytest.fixture(scope="module")
def victim(deployment: Deployment) -> Victim:
    """Another team's session, made through the kit on the hub role."""
    with open_store(deployment.hub_url) as store:
        new = store.create_session("Team Toeslagen")
        sid = new.session.id
        joined = store.add_participant(sid, "Stille uil")
        store.add_answer(
            sid, joined.participant.id, "dilemma", "c1", "reason", {"text": REASON}
        )
        store.add_facilitator_event(
            sid, new.facilitator_secret, "dilemma", "c1", "phase", {"phase": "reveal"}
        )
    return Victim(
        sid,
        new.session.code,
        new.facilitator_secret,
        joined.participant.id,
        joined.token,
    )


@pytest.fixture
def attacker(deployment: Deployment) -> Iterator[Any]:
    """A psycopg connection with exactly the hub user's URL."""
    import psycopg

    with psycopg.connect(deployment.hub_url, autocommit=True) as conn:
        yield conn


def as_owner(deployment: Deployment, sql: str, params: tuple[Any, ...] = ()) -> list:
    import psycopg

    with psycopg.connect(deployment.owner_url, autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()


def victim_rows(deployment: Deployment, victim: Victim) -> list:
    return as_owner(
        deployment,
        "SELECT s.secret_hash, a.seq, a.participant_id, a.kind, a.payload"
        " FROM kit.sessions s JOIN kit.answers a ON a.session_id = s.id"
        " WHERE s.id = %s ORDER BY a.seq",
        (victim.session_id,),
    )


def refused(conn: Any, sql: str, params: tuple[Any, ...] = ()) -> str:
    """Run ``sql`` as the attacker; return PostgreSQL's refusal (fail if none)."""
    import psycopg

    with pytest.raises(psycopg.Error) as caught:
        conn.execute(sql, params)
    return str(caught.value)


# --- the tables themselves ----------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM answers",
        "SELECT * FROM kit.answers",
        "SELECT * FROM kit.sessions",
        "SELECT * FROM kit.participants",
        "SELECT * FROM kit.failed_attempts",
        "SET search_path = kit; SELECT * FROM answers",
    ],
)
def test_a_hub_user_cannot_read_any_table(attacker, sql):
    message = refused(attacker, sql)
    assert "permission denied" in message or "does not exist" in message


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE kit.sessions SET secret_hash = 'x'",
        "UPDATE kit.answers SET payload = '{}'",
        "DELETE FROM kit.answers",
        "DELETE FROM kit.sessions",
        "TRUNCATE kit.answers CASCADE",
        "INSERT INTO kit.answers (session_id, tool, subject, kind, payload, created_at)"
        " VALUES ('x', 't', 's', 'k', '{}', 0)",
        "DROP TABLE kit.answers CASCADE",
        "DROP SCHEMA kit CASCADE",
        "ALTER TABLE kit.answers DISABLE TRIGGER answers_append_only",
        "ALTER TABLE kit.answers DISABLE TRIGGER ALL",
        "DROP FUNCTION kit_api.add_answer",
        "CREATE OR REPLACE FUNCTION kit_api.schema_version() RETURNS int"
        " LANGUAGE sql AS 'SELECT 2'",
        "CREATE TABLE public.sessions (id text)",
        "CREATE TEMP TABLE sessions (id text)",
        "SELECT kit.hash('x')",
        "SELECT kit.note_failure('code', 'x')",
    ],
)
def test_a_hub_user_cannot_change_or_destroy_anything(
    attacker, deployment, victim, sql
):
    before = victim_rows(deployment, victim)
    message = refused(attacker, sql)
    assert "permission denied" in message or "must be owner" in message
    assert victim_rows(deployment, victim) == before


def test_a_hub_user_cannot_become_the_owner(server, deployment, attacker):
    import psycopg

    owner = deployment.owner_url.split("://", 1)[1].split(":", 1)[0]
    assert "permission denied" in refused(attacker, f'SET ROLE "{owner}"')
    assert "permission denied" in refused(
        attacker, f'SET SESSION AUTHORIZATION "{owner}"'
    )
    hub_password = deployment.hub_url.split("://", 1)[1].split("@")[0].split(":")[1]
    database = deployment.owner_url.rsplit("/", 1)[1]
    for user, password in ((owner, hub_password), (owner, ""), ("kit", "")):
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(with_login(server, user, password, database)).close()


# --- the store functions, with another session's code but no token -------------------


def status_of(conn: Any, sql: str, params: tuple[Any, ...]) -> tuple[str, list]:
    rows = conn.execute(sql, params).fetchall()
    return rows[0][0], rows


def test_another_sessions_id_or_code_without_token_opens_nothing(
    attacker, deployment, victim
):
    before = victim_rows(deployment, victim)
    sid, pid = victim.session_id, victim.participant_id
    mine = attacker.execute(
        "SELECT * FROM kit_api.create_session('Eigen sessie', %s)", ("x" * 24,)
    ).fetchone()
    # Reading: every verb wants a token or the secret of *this* session.
    for wrong in ("", "raden-raden-raden-raden", "x" * 24):
        for sql, params in (
            ("SELECT * FROM kit_api.find_answers(%s, %s, NULL, NULL, NULL, 0)", ()),
            ("SELECT * FROM kit_api.find_participants(%s, %s)", ()),
            ("SELECT * FROM kit_api.last_seq(%s, %s)", ()),
            ("SELECT * FROM kit_api.session_row(%s, %s)", ()),
            ("SELECT * FROM kit_api.find_participant(%s, %s)", ()),
        ):
            status, rows = status_of(attacker, sql, (sid, wrong, *params))
            assert status == "denied"
            assert REASON not in str(rows)
    # Writing and facilitating: refused with a wrong token, the own session's
    # secret, or the victim's participant token where the secret is needed.
    for sql, params in (
        (
            "SELECT * FROM kit_api.add_answer(%s, %s, 'dilemma', 'c1', 'choice', '{}')",
            (sid, ""),
        ),
        (
            "SELECT * FROM kit_api.add_facilitator_event(%s, %s, 'd', 'c', 'k', '{}')",
            (sid, "x" * 24),
        ),
        (
            "SELECT * FROM kit_api.add_facilitator_event(%s, %s, 'd', 'c', 'k', '{}')",
            (sid, victim.token),
        ),
        ("SELECT kit_api.check_facilitator(%s, %s)", (sid, victim.token)),
        ("SELECT kit_api.remove_session(%s, %s)", (sid, "x" * 24)),
        ("SELECT kit_api.renew_token(%s, %s, %s, %s)", (sid, pid, "", "y" * 24)),
        (
            "SELECT kit_api.import_answer(%s, %s, %s, 'd', 'c1', 'choice', '{}', 0)",
            (sid, "x" * 24, pid),
        ),
        (  # into the attacker's own session, but as the victim's participant
            "SELECT kit_api.import_answer(%s, %s, %s, 'd', 'c1', 'choice', '{}', 0)",
            (mine[1], "x" * 24, pid),
        ),
        (
            "SELECT kit_api.import_participant(%s, %s, %s, 'Uil', 0, %s)",
            (mine[1], "x" * 24, pid, "z" * 24),
        ),
    ):
        assert status_of(attacker, sql, params)[0] == "denied", sql
    assert victim_rows(deployment, victim) == before
    # The victim's token still works: nothing was renewed.
    with open_store(deployment.hub_url) as store:
        assert store.find_participant(sid, victim.token).id == pid


def test_the_code_lets_you_join_but_only_as_yourself(deployment, victim):
    """Holding the code is what a participant holds: you may join (and the
    facilitator sees you arrive) and read the room, never answer for another."""
    with open_store(deployment.hub_url) as store:
        session = store.find_session(victim.code)
        me = store.add_participant(session.id, "Nieuwsgierige kat")
        answer = store.add_answer(
            session.id, me.participant.id, "dilemma", "c1", "choice", {"x": 1}
        )
        assert answer.participant_id == me.participant.id
    with open_store(deployment.hub_url) as lead:
        lead.check_facilitator(victim.session_id, victim.secret)
        names = [p.pseudonym for p in lead.find_participants(victim.session_id)]
        assert "Nieuwsgierige kat" in names


def test_a_hub_store_cannot_answer_for_another_participant(deployment, victim):
    with open_store(deployment.hub_url) as store:
        assert isinstance(store, PostgresRuntimeStore)
        session = store.find_session(victim.code)
        store.add_participant(session.id, "Sluwe vos")
        from kit.errors import NotAllowed

        with pytest.raises(NotAllowed):  # no token for that participant
            store.add_answer(
                session.id, victim.participant_id, "dilemma", "c1", "choice", {}
            )
        with pytest.raises(NotAllowed):  # no facilitator secret
            store.add_facilitator_event(
                session.id, "", "dilemma", "c1", "phase", {"phase": "close"}
            )


def test_purge_is_for_the_owner_only(deployment):
    from kit.errors import OwnerOnly

    with open_store(deployment.hub_url) as store, pytest.raises(OwnerOnly):
        store.purge_idle_sessions(10**12)


# --- what travels past other users ----------------------------------------------------


def test_listening_reveals_no_session_id(attacker, deployment, victim):
    attacker.execute("LISTEN kit_answers")
    with open_store(deployment.hub_url) as store:
        store.find_participant(victim.session_id, victim.token)
        store.add_answer(
            victim.session_id, victim.participant_id, "dilemma", "c1", "seen", {}
        )
    notes = list(attacker.notifies(timeout=10, stop_after=1))
    assert notes  # the live view still works through LISTEN/NOTIFY
    assert all(victim.session_id not in note.payload for note in notes)


def test_other_users_queries_show_no_secret(deployment, victim):
    """All hub users share one role, so they see each other in pg_stat_activity;
    secrets travel as bound parameters, never in the query text."""
    import psycopg

    with open_store(deployment.hub_url) as store:
        store.check_facilitator(victim.session_id, victim.secret)
        store.find_participant(victim.session_id, victim.token)
        with psycopg.connect(deployment.hub_url, autocommit=True) as spy:
            texts = [
                row[0] or ""
                for row in spy.execute(
                    "SELECT query FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                ).fetchall()
            ]
    assert any("kit_api" in text for text in texts)  # the spy does see the calls
    assert not any(victim.secret in t or victim.token in t for t in texts)


# --- guessing codes -------------------------------------------------------------------


def test_guessing_codes_is_rate_limited_and_logged(server):
    """A fresh database, so the limit is this test's alone."""
    import psycopg

    deployment = hardened_database(server)
    with open_store(deployment.hub_url) as lead:
        code = lead.create_session("Geheim").session.code
    with psycopg.connect(deployment.hub_url, autocommit=True) as guesser:
        statuses = [
            guesser.execute(
                "SELECT status FROM kit_api.find_session(%s)", (f"AAAA-{n:04d}",)
            ).fetchone()[0]
            for n in range(guard.MAX_PER_SOURCE)
        ]
        assert statuses == ["not_found"] * guard.MAX_PER_SOURCE
        # Now even the right code, and joining with it, is refused for a while.
        found = guesser.execute(
            "SELECT status FROM kit_api.find_session(%s)", (code,)
        ).fetchone()[0]
        joined = guesser.execute(
            "SELECT status FROM kit_api.add_participant(%s, 'Raad', %s)",
            (code, "t" * 24),
        ).fetchone()[0]
        assert (found, joined) == ("blocked", "blocked")
        # The hub user cannot read the log (or wipe it) …
        assert "permission denied" in refused(
            guesser, "DELETE FROM kit.failed_attempts"
        )
    # … the owner can: every wrong code, and one note that the source was blocked.
    rows = as_owner(
        deployment, "SELECT kind, source, detail FROM kit.failed_attempts ORDER BY at"
    )
    kinds = [r[0] for r in rows]
    assert kinds.count("code") == guard.MAX_PER_SOURCE
    assert kinds.count("blocked") == 1
    hub_role = deployment.hub_url.split("://", 1)[1].split(":", 1)[0]
    assert all(r[1].startswith(hub_role + "@") for r in rows)
    assert "AAAA-0000" in [r[2] for r in rows]
    # Through the kit, the participant gets the Dutch "wait a minute".
    with open_store(deployment.hub_url) as store, pytest.raises(TooManyAttempts):
        store.find_session(code)
    assert "Wacht een minuut" in TooManyAttempts().user_message()


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        (  # a pseudonym with a control character (breaks reports)
            "SELECT * FROM kit_api.add_participant(%s, %s, %s)",
            ("CODE", "Uil\x07", "t" * 24),
        ),
        (  # a title far over the limit
            "SELECT * FROM kit_api.create_session(%s, %s)",
            ("x" * 5000, "s" * 24),
        ),
        (  # a weak facilitator secret
            "SELECT * FROM kit_api.create_session(%s, %s)",
            ("Titel", "1234"),
        ),
        (  # a payload far over the live limit
            "SELECT * FROM kit_api.add_answer(%s, %s, 't', 's', 'k', %s)",
            ("SID", "TOKEN", '{"x": "' + "a" * 200_000 + '"}'),
        ),
        (  # a payload that is not a JSON object
            "SELECT * FROM kit_api.add_answer(%s, %s, 't', 's', 'k', %s)",
            ("SID", "TOKEN", "[1, 2]"),
        ),
    ],
)
def test_the_functions_check_what_code_sends_them(attacker, victim, sql, params):
    """A hub user can skip the kernel's own checks; the functions repeat them."""
    import psycopg

    swap = {"CODE": victim.code, "SID": victim.session_id, "TOKEN": victim.token}
    with pytest.raises(psycopg.errors.InvalidParameterValue):
        attacker.execute(sql, tuple(swap.get(p, p) for p in params))


def test_upgrading_a_one_role_hub_keeps_every_session(server, capsys):
    """The guide's upgrade from one role (that every user could read) to owner +
    hub role: sessions stay, and the old role's URL no longer goes to users."""
    import secrets
    from urllib.parse import urlsplit

    import psycopg

    from kit.cli import main
    from kit.store import codes

    suffix = secrets.token_hex(4)
    owner, hub, group, db = (f"{n}_{suffix}" for n in ("kit", "hub", "runtime", "db"))
    owner_pw, hub_pw = secrets.token_urlsafe(12), secrets.token_urlsafe(12)
    admin = urlsplit(server)
    with psycopg.connect(server, autocommit=True) as conn:  # the old guide's set-up
        conn.execute(f"CREATE ROLE {owner} LOGIN PASSWORD '{owner_pw}'")
        conn.execute(f"CREATE DATABASE {db} OWNER {owner}")
    owner_url = with_login(server, owner, owner_pw, db)
    with psycopg.connect(owner_url, autocommit=True) as conn:  # an old kit's tables
        conn.execute(
            "CREATE TABLE sessions (id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
            " title TEXT NOT NULL, secret_hash TEXT NOT NULL,"
            " created_at DOUBLE PRECISION NOT NULL)"
        )
        conn.execute(
            "CREATE TABLE participants (id TEXT PRIMARY KEY, session_id TEXT NOT NULL"
            " REFERENCES sessions(id), pseudonym TEXT NOT NULL, token_hash TEXT NOT"
            " NULL, created_at DOUBLE PRECISION NOT NULL)"
        )
        conn.execute(
            "CREATE TABLE answers (seq BIGSERIAL PRIMARY KEY, session_id TEXT NOT NULL"
            " REFERENCES sessions(id), participant_id TEXT REFERENCES participants(id),"
            " tool TEXT NOT NULL, subject TEXT NOT NULL, kind TEXT NOT NULL,"
            " payload TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL)"
        )
        conn.execute(
            "INSERT INTO sessions VALUES ('s1', 'K7QM-3TXA', 'Oud', %s, 1.0)",
            (codes.hash_secret("geheim-geheim-geheim"),),
        )
        conn.execute(
            "INSERT INTO answers (session_id, tool, subject, kind, payload,"
            " created_at) VALUES ('s1', 'start', 'opgave', 'opgave', '{}', 1.0)"
        )
    # Step 1 of the guide, as the database administrator.
    with psycopg.connect(with_login(server, admin.username, admin.password, db)) as c:
        c.autocommit = True
        for statement in (
            f"CREATE ROLE {group} NOLOGIN",
            f"CREATE ROLE {hub} LOGIN PASSWORD '{hub_pw}' CONNECTION LIMIT 500",
            f"GRANT {group} TO {hub}",
            f"REVOKE ALL ON DATABASE {db} FROM PUBLIC",
            f"GRANT CONNECT ON DATABASE {db} TO {group}",
        ):
            c.execute(statement)
    # Step 2: kit store-setup as the existing owner.
    assert main(["store-setup", "--store", owner_url, "--runtime-role", group]) == 0
    assert group in capsys.readouterr().out
    hub_url = with_login(server, hub, hub_pw, db)
    with open_store(hub_url) as store:
        session = store.find_session("K7QM-3TXA")
        store.check_facilitator(session.id, "geheim-geheim-geheim")
        assert [a.kind for a in store.find_answers(session.id)] == ["opgave"]
    with psycopg.connect(hub_url, autocommit=True) as attacker:
        assert "permission denied" in refused(attacker, "SELECT * FROM kit.sessions")
        assert "does not exist" in refused(attacker, "SELECT * FROM public.sessions")
