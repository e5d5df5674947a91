"""What one participant's flood costs everyone: a facilitator refresh at 1k/10k answers.

A dilemma card is on the table with 30 participants; a scripted participant has
added many more choices (the attack of issue 14, Medium 3). For each size the
script builds the facilitator's dilemma page and the start page (``live=False``:
no watcher thread, so only the timed calls run) and measures, in the same run:

* ``read``: ``Seat.answers("dilemma")``, what every refresh reads;
* ``dilemma``: the facilitator's whole ``DilemmaApp.refresh()``;
* ``start``: the start page's ``StartPanel.refresh()`` (participant count, opgave);
* ``burst``: how many refreshes the watcher triggers in one kernel while 200
  answers arrive within about a second (every answer its own transaction, as
  from 30 browsers), with the watcher's coalescing as it is in this checkout.

The baseline is the same room with only the 30 participants' own answers. The
script prints medians and ratios to the baseline:

    .venv/bin/python benchmarks/bench_refresh.py [--sizes 1000 10000] [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from kit.model import builtin_library
from kit.model import dilemma as M
from kit.session import Seat
from kit.store import SqliteStore, Store
from kit.widgets.dilemma import build_dilemma_app
from kit.widgets.start import StartPanel

CARD = "nieuwe_regel_voor_vrijdag"
ROOM = 30


def room(store: Store, flood: int, seed: int = 7) -> Seat:
    """A session with a card on the table, 30 choices and ``flood`` more."""
    library = builtin_library()
    new = store.create_session(f"Benchmark {flood}")
    host = Seat(store, new.session, None, new.facilitator_secret)
    table = build_dilemma_app(host, library, live=False)
    table.play(CARD)
    options = [o.id for o in table.card(CARD).options]
    rng = random.Random(seed)
    people = [
        store.add_participant(new.session.id, f"Deelnemer {n + 1}").participant.id
        for n in range(ROOM)
    ]
    rows = [(pid, rng.choice(options)) for pid in people]
    rows += [(people[0], rng.choice(options)) for _ in range(flood)]
    # One transaction for the set-up: it is the room, not what is measured.
    with store._transaction() as cur:  # bulk set-up, not measured
        for pid, option in rows:
            payload = json.dumps(
                {"confidence": 2, "option_id": option, "reason": "Omdat.", "round": 1}
            )
            store._insert_answer(
                cur,
                (new.session.id, pid, M.TOOL, CARD, M.CHOICE, payload, time.time()),
            )
    return host


def timed(call: Callable[[], object], runs: int) -> float:
    """Median seconds of ``runs`` calls (after one warm-up call)."""
    call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def burst(store: Store, host: Seat, answers: int = 200, seconds: float = 1.0) -> int:
    """Refreshes one watching kernel makes while ``answers`` arrive in ``seconds``."""
    calls = 0
    done = threading.Event()

    def on_change(_fresh: object) -> None:
        nonlocal calls
        calls += 1

    host.watch(on_change)
    time.sleep(0.3)  # the watcher is waiting
    pid = store.find_participants(host.session.id)[1].id
    for i in range(answers):
        store.add_answer(host.session.id, pid, M.TOOL, CARD, "burst", {"i": i})
        time.sleep(seconds / answers)
    done.wait(2.0)  # let the last coalesced delivery arrive
    host.unwatch(on_change)
    host.stop()
    return calls


def measure(flood: int, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp) / "store.sqlite3")
        host = room(store, flood)
        library = builtin_library()
        table = build_dilemma_app(host, library, live=False)
        start = StartPanel(host)
        host.stop()  # StartPanel watches; keep only the timed calls running
        result = {
            "read": timed(lambda: host.answers(M.TOOL), runs),
            "dilemma": timed(table.refresh, runs),
            "start": timed(start.refresh, runs),
        }
        result["burst"] = float(burst(store, host))
        store.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    base = measure(0, args.runs)
    print(f"answers   {'read':>9} {'dilemma':>9} {'start':>9} {'burst':>6}")

    def line(label: str, r: dict[str, float]) -> None:
        print(
            f"{label:<9} {r['read'] * 1e3:7.1f}ms {r['dilemma'] * 1e3:7.1f}ms"
            f" {r['start'] * 1e3:7.1f}ms {r['burst']:6.0f}"
        )

    line(f"{ROOM}", base)
    for size in args.sizes:
        r = measure(size, args.runs)
        line(f"{ROOM + size}", r)
        ratios = "  ".join(
            f"{k} ×{r[k] / base[k]:.1f}" for k in ("read", "dilemma", "start")
        )
        print(f"{'':<9} {ratios}   (ratio to {ROOM} answers)")


if __name__ == "__main__":
    main()
