"""Seconds from a stop signal to ``kit serve --room`` until nothing it started runs.

Starts the command as a facilitator would, opens pages (each gets a kernel),
sends SIGTERM and times until Voilà and every kernel, pooled ones included,
are gone; prints the exit code a supervisor reads. The limit the tests hold
it to is 10 s (tests/unit/test_serve.py, tests/e2e/test_kernels.py).

    .venv/bin/python benchmarks/bench_stop.py [--pages 3 10] [--preheat 0] [--runs 3]
"""

from __future__ import annotations

import argparse
import signal
import statistics
import tempfile
import time
from pathlib import Path

from kit.processes import alive, descendants
from kit.testing.kitserve import KitServe

NOTEBOOKS = ["start.ipynb", "kaarten-bekijken.ipynb", "terugblik.ipynb"]


def one_stop(pages: int, preheat: int) -> tuple[int, float, int]:
    """Processes started, seconds until all are gone, and the exit code."""
    with tempfile.TemporaryDirectory() as tmp:
        serve = KitServe(Path(tmp), "--preheat", str(preheat))
        try:
            for i in range(pages):
                serve.get(NOTEBOOKS[i % len(NOTEBOOKS)])
            time.sleep(3 if preheat else 0)  # let the pools fill again
            started = descendants(serve.process.pid)
            begun = time.monotonic()
            serve.process.send_signal(signal.SIGTERM)
            while any(alive(pid) for pid in started):
                time.sleep(0.05)
            return len(started), time.monotonic() - begun, serve.process.wait()
        finally:
            serve.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, nargs="+", default=[3, 10])
    parser.add_argument("--preheat", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'pages':>5} {'processes':>9} {'median s':>8} {'max s':>6} {'exit':>5}")
    for pages in args.pages:
        results = [one_stop(pages, args.preheat) for _ in range(args.runs)]
        seconds = [s for _, s, _ in results]
        print(
            f"{pages:>5} {results[0][0]:>9} {statistics.median(seconds):>8.2f} "
            f"{max(seconds):>6.2f} {results[0][2]:>5}"
        )


if __name__ == "__main__":
    main()
