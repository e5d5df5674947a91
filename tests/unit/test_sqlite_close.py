"""Closing a SQLite store while a watcher thread reads it: no crash, no reopening.

A kernel closes its store when it shuts down; a watcher thread may be in the
middle of a read on its own connection at that moment. Real SQLite files.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest

from kit.errors import StoreClosed
from kit.session import Watcher
from kit.store import SqliteStore
from kit.testing.tools import wait_until


def _session(store: SqliteStore) -> tuple[str, str]:
    new = store.create_session("Sluiten")
    joined = store.add_participant(new.session.id, "Blauwe reiger")
    return new.session.id, joined.participant.id


def test_close_waits_for_a_read_in_flight_in_another_thread(tmp_path: Path):
    store = SqliteStore(tmp_path / "store.sqlite3")
    session_id, participant_id = _session(store)
    store.add_answer(session_id, participant_id, "t", "s", "k", {"n": 1})
    inside, go_on = threading.Event(), threading.Event()
    seen: list[object] = []

    def reader() -> None:
        with store._using() as conn:  # a watcher's read, held open
            inside.set()
            go_on.wait(10)
            # close() has begun meanwhile; this connection must still work.
            seen.append(conn.execute("SELECT count(*) FROM answers").fetchone()[0])
        try:
            store.find_answers(session_id)
        except StoreClosed as exc:  # the next read: refused, not reopened
            seen.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    assert inside.wait(10)
    closer = threading.Thread(target=store.close)
    closer.start()
    wait_until(lambda: store._closed, "close() to begin")
    go_on.set()
    thread.join(10)
    closer.join(10)
    assert not thread.is_alive()
    assert not closer.is_alive()
    assert seen[0] == 1
    assert isinstance(seen[1], StoreClosed)
    assert store._connections == []  # nothing was opened again after close()
    store.close()  # twice is harmless


def test_a_watcher_stops_quietly_when_its_store_is_closed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    store = SqliteStore(tmp_path / "store.sqlite3")
    session_id, participant_id = _session(store)
    delivered: list[int] = []
    watcher = Watcher(store, session_id)
    watcher.subscribe(lambda fresh: delivered.extend(a.seq for a in fresh))
    for n in range(20):  # the watcher is reading while answers come in
        store.add_answer(session_id, participant_id, "t", "s", "k", {"n": n})
    wait_until(lambda: len(delivered) == 20, "the watcher to see every answer")
    with caplog.at_level(logging.ERROR, logger="kit"):
        store.close()
        watcher._thread.join(10)
    assert not watcher._thread.is_alive()  # it ended on its own, not by stop()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert store._connections == []
    with pytest.raises(StoreClosed):
        store.last_seq(session_id)


def test_a_closed_store_says_so_in_dutch():
    assert "gesloten" in StoreClosed("x").user_message()
