"""The store contract, run against SQLite files and a real PostgreSQL server,
both as the owner of the tables and as a hub user's role (``kit_api`` only)."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.errors import (
    InvalidInput,
    NotAllowed,
    PseudonymTaken,
    SessionNotFound,
    WrongRecoveryWord,
)
from kit.store import Store, open_store
from kit.store.codes import CODE_ALPHABET, normalize_code
from kit.testing.postgres import hardened_database, postgres_server


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real server: $KIT_TEST_POSTGRES_URL, or a private one started here."""
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="session")
def postgres_hub_url(postgres_url: str) -> str:
    """The role a hub user's kernel has: it may only call the kit's functions."""
    return hardened_database(postgres_url).hub_url


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("postgres-hub", marks=pytest.mark.postgres),
    ]
)
def store_url(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kit.sqlite3'}"
    if request.param == "postgres-hub":
        return request.getfixturevalue("postgres_hub_url")
    return request.getfixturevalue("postgres_url")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def owner_store(request, tmp_path: Path) -> Iterator[Store]:
    """A store opened with the rights to the tables themselves (the operator)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'kit.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    with open_store(url) as s:
        yield s


@pytest.fixture
def any_store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as s:
        yield s


def test_a_session_is_found_by_its_code_as_people_type_it(any_store):
    new = any_store.create_session("Team Toeslagen")
    code = new.session.code
    assert len(code) == 9
    assert code[4] == "-"
    assert all(ch in CODE_ALPHABET for ch in code.replace("-", ""))
    typed = code.lower().replace("-", " ")
    assert any_store.find_session(typed) == new.session


@pytest.mark.parametrize("code", ["", "ABCD-EFGH", "1234", "O0O0-IIII"])
def test_wrong_codes_find_nothing(any_store, code):
    any_store.create_session("x")
    with pytest.raises(SessionNotFound):
        any_store.find_session(code)


def test_only_the_facilitator_secret_allows_facilitator_actions(any_store):
    new = any_store.create_session("x")
    sid = new.session.id
    joined = any_store.add_participant(sid, "Uil")
    any_store.check_facilitator(sid, new.facilitator_secret)
    for wrong in ("", joined.token, "raden"):
        with pytest.raises(NotAllowed):
            any_store.add_facilitator_event(sid, wrong, "dilemma", "c1", "phase", {})
    other = any_store.create_session("y")
    with pytest.raises(NotAllowed):  # one session's secret is worthless in another
        any_store.check_facilitator(other.session.id, new.facilitator_secret)


def test_answers_are_kept_in_order_and_never_overwritten(any_store):
    sid = any_store.create_session("x").session.id
    pid = any_store.add_participant(sid, "Uil").participant.id
    any_store.add_answer(sid, pid, "dilemma", "c1", "choice", {"option": "a"})
    any_store.add_answer(sid, pid, "dilemma", "c1", "choice", {"option": "b"})
    answers = any_store.find_answers(sid, tool="dilemma", kind="choice")
    assert [a.payload["option"] for a in answers] == ["a", "b"]
    assert answers[0].seq < answers[1].seq
    assert any_store.last_seq(sid) == answers[1].seq
    # The owner's own UPDATE hits the trigger; a hub user's role has no UPDATE.
    table = "answers" if any_store.placeholder == "?" else "kit.answers"
    with pytest.raises(Exception, match=r"append-only|permission denied"):
        any_store._query(any_store._sql(f"UPDATE {table} SET kind = ?"), ("x",))


def test_a_participant_rejoins_with_their_token_only(any_store):
    sid = any_store.create_session("x").session.id
    joined = any_store.add_participant(sid, "Uil")
    assert any_store.find_participant(sid, joined.token) == joined.participant
    with pytest.raises(NotAllowed):
        any_store.find_participant(sid, "verkeerd")


@pytest.mark.parametrize("name", ["", "   ", "x" * 41])
def test_unusable_pseudonyms_are_refused(any_store, name):
    sid = any_store.create_session("x").session.id
    with pytest.raises(InvalidInput):
        any_store.add_participant(sid, name)


def test_hostile_text_is_stored_as_text(any_store):
    sid = any_store.create_session("x").session.id
    name = "<script>alert(1)</script> 🦉 مرحبا"
    joined = any_store.add_participant(sid, name[:40])
    any_store.add_answer(sid, joined.participant.id, "t", "s", "reason", {"text": name})
    assert any_store.find_answers(sid)[0].payload["text"] == name
    assert any_store.find_participants(sid)[0].pseudonym == name[:40]


def test_sessions_do_not_see_each_other(any_store):
    a = any_store.create_session("a").session.id
    b = any_store.create_session("b").session.id
    pa = any_store.add_participant(a, "A").participant.id
    any_store.add_answer(a, pa, "t", "s", "k", {"v": 1})
    assert any_store.find_answers(b) == []
    assert any_store.find_participants(b) == []


def test_export_import_and_delete(any_store):
    new = any_store.create_session("bron")
    sid, secret = new.session.id, new.facilitator_secret
    pid = any_store.add_participant(sid, "Uil").participant.id
    any_store.add_answer(sid, pid, "dilemma", "c1", "choice", {"option": "a"})
    any_store.add_facilitator_event(
        sid, secret, "dilemma", "c1", "phase", {"phase": "reveal"}
    )
    document = any_store.export_session(sid, secret)
    assert document["participants"][0]["pseudonym"] == "Uil"
    assert "secret" not in str(document)
    assert secret not in str(document)

    target = any_store.create_session("doel")
    tid, tsecret = target.session.id, target.facilitator_secret
    # Another session's file: the participant's answer, not the facilitator's step.
    first = any_store.import_session(tid, tsecret, document)
    assert (first.answers, first.participants, first.skipped_facilitator) == (1, 1, 1)
    assert any_store.import_session(tid, tsecret, document).answers == 0  # idempotent
    assert [a.kind for a in any_store.find_answers(tid)] == ["choice"]
    with pytest.raises(NotAllowed):
        any_store.import_session(tid, secret, document)

    any_store.remove_session(sid, secret)
    with pytest.raises(SessionNotFound):
        any_store.find_session(new.session.code)
    assert any_store.find_answers(sid) == []


def test_waiting_for_change_returns_when_an_answer_arrives(any_store):
    import threading

    sid = any_store.create_session("x").session.id
    pid = any_store.add_participant(sid, "Uil").participant.id
    assert any_store.wait_for_change(sid, 0, 0.2) == 0
    seen: list[int] = []
    waiter = threading.Thread(
        target=lambda: seen.append(any_store.wait_for_change(sid, 0, 10))
    )
    waiter.start()
    any_store.add_answer(sid, pid, "t", "s", "k", {})
    waiter.join(timeout=10)
    assert seen
    assert seen[0] >= 1


def _writer(url: str, code: str, worker: int, count: int) -> None:
    store = open_store(url)
    session_id = store.find_session(code).id  # a new kernel joins by the code
    pid = store.add_participant(session_id, f"deelnemer {worker}").participant.id
    for i in range(count):
        store.add_answer(
            session_id, pid, "matrix", "m1", "score", {"worker": worker, "i": i}
        )
    store.close()


def test_concurrent_writers_in_several_processes_lose_nothing(store_url):
    workers, per_worker = 6, 40
    with open_store(store_url) as s:
        new = s.create_session("drukte")
    sid, code = new.session.id, new.session.code
    ctx = multiprocessing.get_context("spawn")
    procs = [
        ctx.Process(target=_writer, args=(store_url, code, w, per_worker))
        for w in range(workers)
    ]
    for p in procs:
        p.start()
    try:
        for p in procs:
            p.join(timeout=120)
            assert p.exitcode == 0
    finally:
        # "spawn" starts multiprocessing's resource tracker, which would outlive
        # the test (the run checks that nothing it started is left running).
        from multiprocessing import resource_tracker

        resource_tracker._resource_tracker._stop()
    with open_store(store_url) as s:
        s.check_facilitator(sid, new.facilitator_secret)
        answers = s.find_answers(sid)
    assert len(answers) == workers * per_worker
    assert len({a.seq for a in answers}) == len(answers)
    per = Counter(a.payload["worker"] for a in answers)
    assert per == {w: per_worker for w in range(workers)}
    for w in range(workers):  # each writer's answers keep their order
        mine = [a.payload["i"] for a in answers if a.payload["worker"] == w]
        assert mine == list(range(per_worker))


def test_reopening_the_sqlite_file_gives_everything_back(tmp_path):
    path = tmp_path / "kit.sqlite3"
    with open_store(str(path)) as s:
        new = s.create_session("x")
        pid = s.add_participant(new.session.id, "Uil").participant.id
        s.add_answer(new.session.id, pid, "t", "s", "k", {"v": 42})
    with open_store(f"sqlite:///{path}") as s:
        session = s.find_session(new.session.code)
        assert s.find_answers(session.id)[0].payload == {"v": 42}
        assert s.find_participants(session.id)[0].pseudonym == "Uil"
        journal = s._query("PRAGMA journal_mode")[0][0]
    assert journal == "wal"


def test_codes_people_type_are_normalized():
    assert normalize_code(" k7qm 3txa ") == "K7QM-3TXA"
    assert normalize_code("K7QM-3TX") == ""


DAY = 86_400


def at(monkeypatch, when: float) -> None:
    """Let the store write ``when`` as the time of what happens next."""
    import types

    import kit.store.sql

    monkeypatch.setattr(kit.store.sql, "time", types.SimpleNamespace(time=lambda: when))


def test_sessions_idle_past_the_retention_term_are_purged(owner_store, monkeypatch):
    any_store = owner_store
    import time

    now = time.time()
    at(monkeypatch, now - 100 * DAY)
    old = any_store.create_session("oud")
    pid = any_store.add_participant(old.session.id, "Uil").participant.id
    any_store.add_answer(
        old.session.id, pid, "dilemma", "c1", "choice", {"option": "a"}
    )
    revived = any_store.create_session("oud maar weer open")
    at(monkeypatch, now - 2 * DAY)  # someone answered last week: still in use
    rpid = any_store.add_participant(revived.session.id, "Das").participant.id
    any_store.add_answer(revived.session.id, rpid, "dilemma", "c1", "choice", {})
    monkeypatch.undo()
    fresh = any_store.create_session("nieuw")

    term = now - 90 * DAY
    assert any_store.find_idle_sessions(term) == [old.session]
    assert any_store.find_session(old.session.code) == old.session  # a look only

    assert any_store.purge_idle_sessions(term) == [old.session]
    with pytest.raises(SessionNotFound):
        any_store.find_session(old.session.code)
    assert any_store.find_answers(old.session.id) == []
    assert any_store.find_participants(old.session.id) == []
    for kept in (revived, fresh):
        assert any_store.find_session(kept.session.code) == kept.session
    assert len(any_store.find_answers(revived.session.id)) == 1
    assert any_store.purge_idle_sessions(term) == []  # nothing left to do


LEGACY_SCHEMA = """
CREATE TABLE sessions (id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL, secret_hash TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL);
CREATE TABLE participants (id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id), pseudonym TEXT NOT NULL,
    token_hash TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL);
CREATE TABLE answers (seq BIGSERIAL PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    participant_id TEXT REFERENCES participants(id), tool TEXT NOT NULL,
    subject TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL);
CREATE FUNCTION kit_answers_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'answers are append-only'; END $$ LANGUAGE plpgsql;
CREATE TRIGGER answers_append_only BEFORE UPDATE ON answers
    FOR EACH ROW EXECUTE FUNCTION kit_answers_append_only();
"""


@pytest.mark.postgres
def test_an_older_database_keeps_its_sessions(postgres_url):
    """Earlier versions kept the tables in ``public``; the owner's first open
    moves them into ``kit``, data and all."""
    import secrets
    from urllib.parse import urlsplit

    import psycopg

    from kit.store import codes
    from kit.testing.postgres import with_login

    name = f"kit_old_{secrets.token_hex(4)}"
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    admin_url = urlsplit(postgres_url)
    url = with_login(postgres_url, admin_url.username, admin_url.password or "", name)
    with psycopg.connect(url, autocommit=True) as old:
        old.execute(LEGACY_SCHEMA)
        old.execute(
            "INSERT INTO sessions VALUES ('s1', 'K7QM-3TXA', 'Oud', %s, 1.0)",
            (codes.hash_secret("geheim-geheim-geheim"),),
        )
        old.execute("INSERT INTO participants VALUES ('p1', 's1', 'Uil', 'x', 1.0)")
        old.execute(
            "INSERT INTO answers (session_id, participant_id, tool, subject, kind,"
            " payload, created_at) VALUES ('s1', 'p1', 't', 's', 'k', '{\"v\": 1}', 1)"
        )
    with open_store(url) as store:
        session = store.find_session("K7QM-3TXA")
        store.check_facilitator(session.id, "geheim-geheim-geheim")
        assert [a.payload for a in store.find_answers(session.id)] == [{"v": 1}]
        later = store.add_answer(session.id, "p1", "t", "s", "k", {"v": 2})
        assert later.seq > 1
        tables = store._query(
            "SELECT table_schema FROM information_schema.tables"
            " WHERE table_name = 'answers'"
        )
    assert tables == [("kit",)]


def test_a_seat_reads_new_answers_only_and_misses_none(any_store):
    from kit.session import Seat

    new = any_store.create_session("x")
    host = Seat(any_store, new.session, None, new.facilitator_secret)
    pid = any_store.add_participant(new.session.id, "Uil").participant.id
    for i in range(5):
        any_store.add_answer(new.session.id, pid, "t", "s", "k", {"i": i})
        seen = host.answers("t")  # each look adds only what is new to what it kept
        assert [a.payload["i"] for a in seen] == list(range(i + 1))
    host.set_phase("t", "s", "reveal")
    assert host.phase("t", "s") == "reveal"
    assert host.answers("t") == any_store.find_answers(new.session.id, tool="t")


def test_a_seat_comes_back_on_another_device_with_its_recovery_word(any_store):
    new = any_store.create_session("x")
    sid, code = new.session.id, new.session.code
    joined = any_store.add_participant(sid, "Rode fuut", recoverable=True)
    assert len(joined.recovery_word.split()) == 3
    any_store.add_answer(sid, joined.participant.id, "dilemma", "c1", "choice", {})
    # Another device: another kernel, only the code, the pseudonym and the word.
    with open_store(any_store.url) as other:
        sid2 = other.find_session(code).id
        typed = joined.recovery_word.upper().replace(" ", "-")
        back = other.recover_participant(sid2, "rode FUUT", typed)
        assert back.participant == joined.participant
        assert back.token != joined.token
        assert other.find_participant(sid2, back.token) == joined.participant
        mine = other.find_answers(sid2, kind="choice")
        assert [a.participant_id for a in mine] == [joined.participant.id]
    # The old device's token no longer holds: the seat moved.
    with pytest.raises(NotAllowed):
        any_store.find_participant(sid, joined.token)


def test_a_taken_pseudonym_needs_its_word_and_a_wrong_word_counts(any_store):
    new = any_store.create_session("x")
    sid, code = new.session.id, new.session.code
    joined = any_store.add_participant(sid, "Rode fuut", recoverable=True)
    with open_store(any_store.url) as other:
        sid2 = other.find_session(code).id
        with pytest.raises(PseudonymTaken):
            other.add_participant(sid2, " rode fuut", recoverable=True)
        wrong = "aap aap aap"
        if joined.recovery_word == wrong:
            wrong = "bal bal bal"
        with pytest.raises(WrongRecoveryWord):
            other.recover_participant(sid2, "Rode fuut", wrong)
        with pytest.raises(WrongRecoveryWord):  # not three known words: a typo
            other.recover_participant(sid2, "Rode fuut", "kaas")
        with pytest.raises(WrongRecoveryWord):  # the word is bound to its pseudonym
            other.recover_participant(sid2, "Blauwe reiger", joined.recovery_word)
        # Picking another pseudonym is always possible.
        assert other.add_participant(sid2, "Blauwe reiger", recoverable=True)
    assert any_store.find_participant(sid, joined.token) == joined.participant
    assert [p.pseudonym for p in _participants(any_store, sid, new)] == [
        "Rode fuut",
        "Blauwe reiger",
    ]


def _participants(store: Store, sid: str, new) -> list:
    store.check_facilitator(sid, new.facilitator_secret)
    return store.find_participants(sid)


def test_a_seat_without_a_word_cannot_be_recovered(any_store):
    new = any_store.create_session("x")
    any_store.add_participant(new.session.id, "Zaal")  # one-screen or imported
    with open_store(any_store.url) as other:
        sid = other.find_session(new.session.code).id
        for word in ("aap bal bes", ""):
            with pytest.raises(WrongRecoveryWord):
                other.recover_participant(sid, "Zaal", word)
