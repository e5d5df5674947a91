"""Issue 14, Low 6: session codes (~37 bits) get a rate limit and a log.

A script that tries codes one after another must be stopped after a handful
and leave a trace the operator can read; people who mistype (a code of the
wrong length, letters that are not in codes) are not counted. The same holds
on SQLite (a room server) and PostgreSQL as its owner; a hub user's role is
covered in test_postgres_roles.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import ipywidgets as W
import pytest

from kit.errors import SessionNotFound, TooManyAttempts
from kit.store import guard, open_store
from kit.testing.postgres import hardened_database, postgres_server
from kit.widgets.gate import SessionGate


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sessions.sqlite3'}"
    # A database of its own: the limit counts per database.
    return hardened_database(request.getfixturevalue("server")).owner_url


def wrong_codes(n: int) -> list[str]:
    return [f"AAAA-{'ACDEFGHJKM'[i // 10]}{'ACDEFGHJKM'[i % 10]}CD" for i in range(n)]


def test_guessing_codes_is_stopped_and_written_down(store_url):
    with open_store(store_url) as store:
        code = store.create_session("Geheim").session.code
        for typo in ("", "1234", "O0O0-IIII", "K7QM-3TX"):  # not a code: not counted
            with pytest.raises(SessionNotFound):
                store.find_session(typo)
        for guess in wrong_codes(guard.MAX_PER_SOURCE):
            with pytest.raises(SessionNotFound):
                store.find_session(guess)
        with pytest.raises(TooManyAttempts):  # now even the right code waits
            store.find_session(code)
        rows = store._query(
            store._sql("SELECT kind, detail FROM failed_attempts ORDER BY at")
        )
    kinds = [kind for kind, _ in rows]
    assert kinds.count("code") == guard.MAX_PER_SOURCE
    assert kinds.count("blocked") == 1
    assert wrong_codes(1)[0] in [detail for _, detail in rows]


def test_wrong_tokens_and_secrets_are_written_down_but_lock_nobody_out(store_url):
    from kit.errors import NotAllowed

    with open_store(store_url) as store:
        new = store.create_session("Geheim")
        sid = new.session.id
        for _ in range(guard.MAX_PER_SOURCE + 1):
            with pytest.raises(NotAllowed):
                store.check_facilitator(sid, "raden")
            with pytest.raises(NotAllowed):
                store.find_participant(sid, "raden")
        assert store.find_session(new.session.code) == new.session
        kinds = [kind for (kind,) in store._query("SELECT kind FROM failed_attempts")]
    assert kinds.count("secret") == kinds.count("token") == guard.MAX_PER_SOURCE + 1


def test_a_participant_who_is_stopped_reads_why_in_dutch(tmp_path: Path):
    with open_store(f"sqlite:///{tmp_path / 'sessions.sqlite3'}") as store:
        code = store.create_session("Geheim").session.code
        gate = SessionGate(store, lambda seat, gate: W.HTML(""), auto_one_screen=False)
        gate.restore({}, "")
        for guess in wrong_codes(guard.MAX_PER_SOURCE):
            gate.join(guess, "Raad")
        assert "geen sessie met deze code" in gate.messages.last[1]
        gate.join(code, "Raad")
        assert gate.seat is None
        assert gate.messages.last == ("error", TooManyAttempts().user_message())
        assert "Wacht een minuut" in gate.messages.last[1]


def test_old_failures_go_with_the_retention_clean_up(tmp_path: Path, monkeypatch):
    import types

    import kit.store.sql

    with open_store(f"sqlite:///{tmp_path / 'sessions.sqlite3'}") as store:
        monkeypatch.setattr(
            kit.store.sql, "time", types.SimpleNamespace(time=lambda: 1_000.0)
        )
        with pytest.raises(SessionNotFound):
            store.find_session(wrong_codes(1)[0])
        monkeypatch.undo()
        store.purge_idle_sessions(2_000.0)
        assert store._query("SELECT COUNT(*) FROM failed_attempts") == [(0,)]
