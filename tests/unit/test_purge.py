"""``kit purge``: the retention clean-up an operator runs on a room server."""

from __future__ import annotations

import time
import types
from pathlib import Path

import pytest

import kit.store.sql
from kit.cli import main
from kit.errors import SessionNotFound
from kit.store import open_store

DAY = 86_400
SECRET_REASON = "Mijn buurvrouw zat in de toeslagenaffaire"


@pytest.fixture
def room_file(tmp_path: Path, monkeypatch) -> tuple[str, str, str]:
    """A SQLite store with a session from last spring and one from today."""
    url = f"sqlite:///{tmp_path / 'sessions.sqlite3'}"
    long_ago = time.time() - 200 * DAY
    monkeypatch.setattr(
        kit.store.sql, "time", types.SimpleNamespace(time=lambda: long_ago)
    )
    with open_store(url) as store:
        old = store.create_session("Team Toeslagen, voorjaar")
        pid = store.add_participant(old.session.id, "Stille uil").participant.id
        store.add_answer(
            old.session.id, pid, "dilemma", "c1", "reason", {"text": SECRET_REASON}
        )
        monkeypatch.undo()
        today = store.create_session("Team Toeslagen, vandaag")
    return url, old.session.code, today.session.code


def test_a_dry_run_lists_what_would_go_and_keeps_it(room_file, capsys):
    url, old, today = room_file
    assert main(["purge", "--days", "90", "--dry-run", "--store", url]) == 0
    out = capsys.readouterr().out
    assert old in out
    assert "Team Toeslagen, voorjaar" in out
    assert today not in out
    assert "1 sessie " in out
    assert "zou verdwijnen" in out
    with open_store(url) as store:
        store.find_session(old)


def test_purge_deletes_old_sessions_and_leaves_no_trace_in_the_file(room_file, capsys):
    url, old, today = room_file
    with open_store(url) as running_server:  # a room server keeps its file open
        running_server.find_session(today)
        assert main(["purge", "--days", "90", "--store", url]) == 0
        path = Path(url.removeprefix("sqlite:///"))
        on_disk = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        assert SECRET_REASON.encode() not in on_disk
        assert b"Stille uil" not in on_disk
        with pytest.raises(SessionNotFound):
            running_server.find_session(old)
        running_server.find_session(today)
    out = capsys.readouterr().out
    assert old in out
    assert "1 sessie " in out
    assert "verwijderd" in out


@pytest.mark.parametrize("days", ["0", "-5"])
def test_a_term_below_one_day_is_refused(room_file, capsys, days):
    url, old, _ = room_file
    assert main(["purge", "--days", days, "--store", url]) == 2
    assert "1 of meer" in capsys.readouterr().err
    with open_store(url) as store:
        store.find_session(old)


def test_a_missing_database_is_named_and_not_created(tmp_path, capsys):
    missing = tmp_path / "elders.sqlite3"
    assert main(["purge", "--days", "90", "--store", f"sqlite:///{missing}"]) == 1
    assert str(missing) in capsys.readouterr().err
    assert not missing.exists()


def test_a_session_deleted_on_start_leaves_no_trace_in_the_file_either(tmp_path):
    url = f"sqlite:///{tmp_path / 'sessions.sqlite3'}"
    with open_store(url) as store:  # the running room server
        new = store.create_session("Team Toeslagen")
        pid = store.add_participant(new.session.id, "Stille uil").participant.id
        store.add_answer(
            new.session.id, pid, "dilemma", "c1", "reason", {"text": SECRET_REASON}
        )
        store.remove_session(new.session.id, new.facilitator_secret)
        on_disk = b"".join(p.read_bytes() for p in tmp_path.iterdir())
        assert SECRET_REASON.encode() not in on_disk
        assert b"Stille uil" not in on_disk
