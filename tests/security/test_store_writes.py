"""Issue 14, Low 1 and Low 3: a failed write and a delete that could not wipe.

Low 1: after a failed ``COMMIT`` the connection used to stay inside the
transaction, so every later answer from that kernel failed too, and the page
said "your answers so far are saved" even for the one that was lost.

Low 3: deleting a session empties SQLite's WAL file with a checkpoint; when a
reader holds the WAL, the checkpoint cannot finish and the deleted answers stay
readable in ``sessions.sqlite3-wal``. The result was ignored.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kit.errors import NotSaved
from kit.session import Seat
from kit.store import SqliteStore
from kit.widgets.feedback import explain
from kit.widgets.start import StartPanel

SECRET_REASON = "Mijn buurvrouw zat in de toeslagenaffaire"


def failing_commit_once(store: SqliteStore, monkeypatch) -> None:
    """Make the next answer's COMMIT fail for real: its foreign-key check is
    deferred to COMMIT, and the answer names a participant that does not exist."""
    original = store._insert_answer

    def insert(cur, row):
        monkeypatch.setattr(store, "_insert_answer", original)
        cur.execute("PRAGMA defer_foreign_keys = ON")
        return original(cur, (row[0], "niemand", *row[2:]))

    monkeypatch.setattr(store, "_insert_answer", insert)


def test_after_a_failed_commit_the_next_answer_is_saved(tmp_path: Path, monkeypatch):
    with SqliteStore(tmp_path / "store.sqlite3") as store:
        sid = store.create_session("x").session.id
        pid = store.add_participant(sid, "Uil").participant.id
        failing_commit_once(store, monkeypatch)
        with pytest.raises(NotSaved):
            store.add_answer(sid, pid, "dilemma", "c1", "choice", {"option": "a"})
        assert not store._connection()[0].in_transaction  # rolled back
        store.add_answer(sid, pid, "dilemma", "c1", "choice", {"option": "b"})
        kept = [a.payload["option"] for a in store.find_answers(sid)]
    assert kept == ["b"]  # the failed one is not there, the next one is


def test_the_page_says_honestly_what_was_not_saved(tmp_path: Path, monkeypatch):
    with SqliteStore(tmp_path / "store.sqlite3") as store:
        sid = store.create_session("x").session.id
        pid = store.add_participant(sid, "Uil").participant.id
        failing_commit_once(store, monkeypatch)
        with pytest.raises(NotSaved) as caught:
            store.add_answer(sid, pid, "dilemma", "c1", "choice", {"option": "a"})
    said = explain(caught.value)
    assert said.startswith("Dit is niet bewaard")
    assert "Je antwoorden tot nu toe zijn bewaard" not in said
    # Anything else that goes wrong no longer promises that all is saved either.
    assert "Je antwoorden tot nu toe zijn bewaard" not in explain(RuntimeError())
    assert "misschien niet bewaard" in explain(RuntimeError())


def test_a_delete_that_cannot_empty_the_wal_says_so(tmp_path: Path):
    path = tmp_path / "sessions.sqlite3"
    with SqliteStore(path) as store:
        new = store.create_session("Team Toeslagen")
        sid = new.session.id
        pid = store.add_participant(sid, "Stille uil").participant.id
        store.add_answer(sid, pid, "dilemma", "c1", "reason", {"text": SECRET_REASON})
        # Another kernel is in the middle of reading: it holds the WAL.
        reader = sqlite3.connect(path, isolation_level=None)
        reader.execute("BEGIN")
        reader.execute("SELECT COUNT(*) FROM answers").fetchall()
        try:
            panel = StartPanel(Seat(store, new.session, None, new.facilitator_secret))
            assert panel.delete(True) is True
            said = panel.children[0].value
            assert "verwijderd" in said
            assert "-wal" in said  # the facilitator is told what was not cleaned
            assert "kit purge" in said
        finally:
            reader.execute("COMMIT")
            reader.close()
        # Once the reader is gone, the store's next clean-up empties the WAL.
        assert store._forget_deleted() is True
        on_disk = b"".join(p.read_bytes() for p in tmp_path.iterdir())
        assert SECRET_REASON.encode() not in on_disk


def test_a_delete_nobody_reads_during_is_clean_and_says_nothing_more(tmp_path: Path):
    with SqliteStore(tmp_path / "sessions.sqlite3") as store:
        new = store.create_session("Team Toeslagen")
        assert store.remove_session(new.session.id, new.facilitator_secret) is True
