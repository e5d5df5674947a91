"""Issue 14, Medium 4: the PostgreSQL live view misses no answer.

A ``BIGSERIAL`` number is taken when a row is inserted, not when it commits. If a
slow writer takes seq N and a fast one N+1 and commits first, a live view that
asks for "everything after the newest seq it saw" moves past N before N is
visible, and never shows it. Here the slow writer is held inside its
transaction (a lock on its participant row stops the insert's foreign-key check
after the seq is taken) while the fast one commits; the facilitator's watcher
must still deliver both answers, as the owner and through the hub user's role.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from kit.session import Watcher
from kit.store import open_store
from kit.testing.postgres import (
    Deployment,
    hardened_database,
    postgres_server,
)

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="module")
def deployment(server: str) -> Deployment:
    return hardened_database(server)


def wait_until(done: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {what}")
        time.sleep(0.05)


def waiting_on_locks(admin_url: str, database: str) -> int:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        return conn.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = %s AND wait_event_type = 'Lock'",
            (database,),
        ).fetchone()[0]


@pytest.mark.parametrize("role", ["owner", "hub"])
def test_answers_committed_out_of_order_all_reach_the_live_view(
    server: str, deployment: Deployment, role: str
) -> None:
    import psycopg

    url = deployment.owner_url if role == "owner" else deployment.hub_url
    database = url.rsplit("/", 1)[1]
    lead = open_store(url)  # the facilitator's kernel
    slow_kernel, fast_kernel = open_store(url), open_store(url)
    watcher = None
    blocker = psycopg.connect(deployment.owner_url)
    try:
        new = lead.create_session("Volgorde")
        sid, code = new.session.id, new.session.code
        slow = slow_kernel.add_participant(slow_kernel.find_session(code).id, "Traag")
        fast = fast_kernel.add_participant(fast_kernel.find_session(code).id, "Vlug")
        seen: list[str] = []
        watcher = Watcher(lead, sid)
        watcher.subscribe(lambda fresh: seen.extend(a.payload["who"] for a in fresh))

        blocker.execute(
            "SELECT 1 FROM kit.participants WHERE id = %s FOR UPDATE",
            (slow.participant.id,),
        )
        slow_writer = threading.Thread(
            target=slow_kernel.add_answer,
            args=(sid, slow.participant.id, "dilemma", "c1", "choice", {"who": "slow"}),
        )
        slow_writer.start()
        wait_until(
            lambda: waiting_on_locks(server, database) >= 1, "the slow writer to wait"
        )
        fast_writer = threading.Thread(
            target=fast_kernel.add_answer,
            args=(sid, fast.participant.id, "dilemma", "c1", "choice", {"who": "fast"}),
        )
        fast_writer.start()
        # Today's main lets the fast writer commit now; the fix makes it wait
        # for the slow one. Either way, let it get as far as it can.
        wait_until(
            lambda: (
                not fast_writer.is_alive() or waiting_on_locks(server, database) >= 2
            ),
            "the fast writer to commit or wait",
        )
        if not fast_writer.is_alive():
            wait_until(lambda: "fast" in seen, "the fast answer on the live view")
        blocker.rollback()  # the slow writer goes on and commits
        slow_writer.join(timeout=30)
        fast_writer.join(timeout=30)

        wait_until(lambda: len(seen) >= 2, "both answers on the live view", 15)
        assert sorted(seen) == ["fast", "slow"]
        stored = lead.find_answers(sid, tool="dilemma")
        assert sorted(a.payload["who"] for a in stored) == ["fast", "slow"]
    finally:
        blocker.close()
        if watcher is not None:
            watcher.stop()
        for store in (lead, slow_kernel, fast_kernel):
            store.close()
