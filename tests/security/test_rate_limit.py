"""Issue 14, Medium 3: one participant cannot slow the whole room.

- a participant's seat that answers like a script is held to a human pace,
  with a Dutch message that says how long to wait, and nothing already given
  is lost; the facilitator's seat is not held;
- a kernel that watches a session with thousands of answers reads only what is
  new when one more arrives, instead of every answer again;
- the watcher delivers every answer exactly once, however they are bunched.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kit.model import Library
from kit.session import Seat
from kit.store import Answer, SqliteStore, Store
from kit.widgets.dilemma import build_dilemma_app

CARD = "nieuwe_regel_voor_vrijdag"


class CountingStore(SqliteStore):
    """A real SQLite store that counts the answers it hands out."""

    def __init__(self, path: Path):
        super().__init__(path)
        self.read = 0

    def find_answers(self, session_id: str, **filters: Any) -> list[Answer]:
        found = super().find_answers(session_id, **filters)
        self.read += len(found)
        return found


@pytest.fixture
def counting(tmp_path: Path) -> Iterator[CountingStore]:
    with CountingStore(tmp_path / "store.sqlite3") as store:
        yield store


def test_a_flooding_participant_is_held_to_a_human_pace(
    store: Store, room: Any, library: Library
) -> None:
    facilitator, join = room
    lead = build_dilemma_app(facilitator, library, live=False)
    lead.play(CARD)
    script = build_dilemma_app(join("Script"), library, live=False)
    for i in range(200):
        script.choose("ab"[i % 2], 2, f"poging {i}")
    stored = [a for a in facilitator.answers("dilemma") if a.kind == "choice"]
    assert 40 <= len(stored) < 100  # the burst got through, the flood did not
    kind, message = script.messages.last
    assert kind == "error"
    assert "heel snel" in message
    assert "seconde" in message
    assert "bewaard" in message
    # Nothing given within the pace was lost: the burst is stored, in order.
    reasons = [a.payload["reason"] for a in stored]
    assert reasons[:40] == [f"poging {i}" for i in range(40)]


def test_the_pace_refills_and_the_facilitator_is_not_held(room: Any) -> None:
    from kit.session import AnswerPace

    pace = AnswerPace(burst=3, per_second=2.0)
    assert [pace.take(now=10.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert pace.take(now=10.0) == pytest.approx(0.5)
    assert pace.take(now=10.5) == 0.0  # half a second later: one more
    facilitator, _join = room
    facilitator.pace = AnswerPace(burst=1, per_second=0.001)
    for _ in range(5):
        facilitator.set_phase("dilemma", CARD, "think")


def test_one_more_answer_is_read_alone_not_with_all_others(
    counting: CountingStore,
) -> None:
    new = counting.create_session("Druk")
    host = Seat(counting, new.session, None, new.facilitator_secret)
    people = [counting.add_participant(new.session.id, f"P{i}") for i in range(5)]
    with counting._transaction() as cur:  # 5,000 answers in one go
        for i in range(5000):
            pid = people[i % 5].participant.id
            row = (new.session.id, pid, "dilemma", CARD, "choice", "{}", time.time())
            counting._insert_answer(cur, row)
    assert len(host.answers("dilemma")) == 5000  # the first look reads them all
    counting.read = 0
    counting.add_answer(
        new.session.id, people[0].participant.id, "dilemma", CARD, "choice"
    )
    assert len(host.answers("dilemma")) == 5001
    assert host.phase("dilemma", CARD) == "think"
    assert counting.read == 1  # ... later looks read only what is new


def test_the_watcher_delivers_every_answer_once(store: Store, room: Any) -> None:
    facilitator, join = room
    seat = join("Uil")
    delivered: list[int] = []
    lock = threading.Lock()

    def collect(fresh: list[Answer]) -> None:
        with lock:
            delivered.extend(a.seq for a in fresh)

    facilitator.watch(collect)
    seat.pace.burst = 1000  # a script on purpose: this test is about delivery
    sent = [seat.answer("dilemma", CARD, "burst", {"i": i}).seq for i in range(120)]
    deadline = time.monotonic() + 15
    while len(delivered) < len(sent) and time.monotonic() < deadline:
        time.sleep(0.05)
    facilitator.unwatch(collect)
    assert delivered == sent
