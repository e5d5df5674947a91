"""How long the afwegingsmatrix's team picture takes to update, 30 people beside 1.

Both cases use the same matrix (6 options × 12 values) in one SQLite store and
are measured in the same run, alternating, so the machine's state is shared.
Each update reads the matrix's answers from the store, aggregates them (means,
spread, unknowns, weighted totals with ranges, one sensitivity) and renders the
heatmap and the totals chart to SVG; the widget column is the whole
``MatrixApp.refresh`` a facilitator's page does after a change. The script
prints medians and the ratio 30 / 1:

    .venv/bin/python benchmarks/bench_matrix.py [--runs 9]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kit.charts.matrix import heatmap, totals_chart
from kit.model import builtin_library
from kit.model import matrix as M
from kit.session import AnswerPace, Seat
from kit.store import SqliteStore, Store
from kit.widgets.matrix import MatrixApp

OPTIONS, VALUES = 6, 12
SUBJECT = "bench"


def room(store: Store, participants: int, seed: int) -> tuple[Seat, int]:
    """A session with a set-up matrix and every participant's full answers."""
    library = builtin_library()
    new = store.create_session(f"Benchmark {participants}")
    host = Seat(store, new.session, None, new.facilitator_secret)
    options = [
        M.MatrixOption(chr(97 + i), f"Handelingsoptie {i + 1}") for i in range(OPTIONS)
    ]
    values = [M.MatrixValue.from_catalogue(v) for v in library.values.values[:VALUES]]
    setup = M.build_setup(options, values)
    host.facilitator_event(M.TOOL, SUBJECT, M.SETUP, setup.to_payload())
    rng = random.Random(seed)
    answers = 0
    for n in range(participants):
        joined = store.add_participant(new.session.id, f"Deelnemer {n + 1}")
        # A script sets up the room: no human pace (kit.session.AnswerPace).
        seat = Seat(store, new.session, joined.participant, pace=AnswerPace.unlimited())
        for value in values:
            seat.answer(
                M.TOOL,
                SUBJECT,
                M.WEIGHT,
                {"value": value.id, "weight": rng.randint(0, 5)},
            )
            answers += 1
            for option in options:
                score = rng.choice([-2, -1, 0, 1, 2, M.UNKNOWN])
                payload = M.score_payload(
                    setup, option.id, value.id, score, "Omdat het telt."
                )
                seat.answer(M.TOOL, SUBJECT, M.SCORE, payload)
                answers += 1
    host.set_phase(M.TOOL, SUBJECT, "reveal")
    return host, answers


def update(host: Seat) -> dict[str, float]:
    """One team-picture update, timed per step (seconds)."""
    start = time.perf_counter()
    events = M.events_of(host.answers(M.TOOL, SUBJECT))
    read = time.perf_counter()
    picture = M.team_picture(events)
    first, second = picture.ranking()[:2]
    M.describe_sensitivity(picture.sensitivity(first, second), picture.setup)
    aggregate = time.perf_counter()
    heatmap(picture).to_html()
    totals_chart(picture).to_html()
    render = time.perf_counter()
    return {
        "read": read - start,
        "aggregate": aggregate - read,
        "render": render - aggregate,
        "total": render - start,
    }


def timed(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    library = builtin_library()
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp) / "bench.sqlite3")
        cases = {n: room(store, n, seed=n) for n in (1, 30)}
        apps = {
            n: MatrixApp(host, library, subject=SUBJECT, live=False)
            for n, (host, _) in cases.items()
        }
        for n, (host, _) in cases.items():  # warm up: vl-convert, pandas, caches
            update(host)
            apps[n].refresh(force=True)
        samples: dict[int, dict[str, list[float]]] = {n: {} for n in cases}
        for _ in range(args.runs):
            for n, (
                host,
                _,
            ) in cases.items():  # alternate, so both see the same machine
                for step, seconds in update(host).items():
                    samples[n].setdefault(step, []).append(seconds)
                widget = timed(lambda n=n: apps[n].refresh(force=True))
                samples[n].setdefault("widget", []).append(widget)
        store.close()

    steps = ["read", "aggregate", "render", "total", "widget"]
    medians = {
        n: {s: statistics.median(samples[n][s]) * 1000 for s in steps} for n in cases
    }
    print(
        f"Team picture update, {OPTIONS} options × {VALUES} values "
        f"(median of {args.runs} runs, milliseconds)"
    )
    header = f"{'case':<18}{'answers':>8}" + "".join(f"{s:>11}" for s in steps)
    print(header)
    print("-" * len(header))
    for n, (_, answers) in cases.items():
        label = f"{n} participant" + ("s" if n > 1 else "")
        print(
            f"{label:<18}{answers:>8}"
            + "".join(f"{medians[n][s]:>11.1f}" for s in steps)
        )
    ratio = "".join(f"{medians[30][s] / medians[1][s]:>10.1f}x" for s in steps)
    print(f"{'ratio 30 / 1':<18}{'':>8}" + ratio)
    print(
        "read: answers from SQLite; aggregate: means, spread, unknowns, totals "
        "with ranges, one sensitivity; render: heatmap + totals to SVG; "
        "widget: a facilitator page's whole refresh."
    )


if __name__ == "__main__":
    main()
