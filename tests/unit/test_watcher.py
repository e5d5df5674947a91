"""The seat's watcher: bursts are coalesced, a facilitator's event is not held."""

from __future__ import annotations

import threading
from pathlib import Path

from kit.session import Watcher
from kit.store import open_store


def test_an_activity_opened_mid_burst_is_not_held_back(tmp_path: Path):
    store = open_store(f"sqlite:///{tmp_path}/room.sqlite3")
    new = store.create_session("Zaal")
    sid = new.session.id
    someone = store.add_participant(sid, "Snelle das").participant
    batches: list[list[str]] = []
    opened = threading.Event()

    def seen(fresh) -> None:
        batches.append([a.kind for a in fresh])
        if any(a.kind == "open" for a in fresh):
            opened.set()

    watcher = Watcher(store, sid)
    watcher.MIN_INTERVAL = 600.0  # answers after the first wait ten minutes
    watcher.subscribe(seen)
    try:
        store.add_answer(sid, someone.id, "dilemma", "c1", "choice", {"option": "a"})
        for _ in range(100):
            if batches:
                break
            threading.Event().wait(0.1)
        assert batches == [["choice"]]  # a single answer shows at once
        store.add_answer(sid, someone.id, "dilemma", "c1", "reason", {"text": "x"})
        store.add_facilitator_event(
            sid, new.facilitator_secret, "room", "activity", "open", {"activity": "a"}
        )
        # Far within the ten minutes: the room does not wait for the burst.
        assert opened.wait(60)
        assert batches[1] == ["reason", "open"]  # what came before goes along
    finally:
        watcher.stop()
        store.close()
