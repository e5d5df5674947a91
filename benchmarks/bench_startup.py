"""Time until a workshop page is interactive, beside a blank ipywidgets page.

Both notebooks are served by the same Voilà server in the same run and opened in
headless Chromium several times; the script prints medians, the ratio to the
blank page, and kernel memory (RSS and PSS, two seconds after the page is
ready). Run with and without preheated kernels:

    .venv/bin/python benchmarks/bench_startup.py [--runs 5] [--all] [--preheat 0 2]
    .venv/bin/python benchmarks/bench_startup.py --preheat 0 --all --runs 3

By default it measures the blank page, kaarten-bekijken and the session page
(sessie.ipynb: until its join form shows); ``--all`` adds every workshop page.
Goal for a cold page (``--preheat 0``): at most 1.2x the blank page, 100 MB.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from kit.serve import ServeOptions
from kit.testing.browser import launched_browser, open_page
from kit.testing.procs import kernel_pids, rss_mb
from kit.testing.voila import running_voila

REPO = Path(__file__).resolve().parents[1]
PAGES = {
    "blank (1 button)": ("blank.ipynb", ".jupyter-button"),
    "kit: kaarten-bekijken": ("kaarten-bekijken.ipynb", ".kit-chart svg"),
    "kit: sessie (join form)": ("sessie.ipynb", ".kit-chooser"),
}
# A workshop page opened without a seat shows the join form first.
MORE_PAGES = {
    "kit: start": ("start.ipynb", ".kit-chooser"),
    "kit: kritische-situaties (join form)": (
        "kritische-situaties.ipynb",
        ".kit-chooser",
    ),
    "kit: wie-raakt-het (join form)": ("wie-raakt-het.ipynb", ".kit-chooser"),
    "kit: afwegen (join form)": ("afwegen.ipynb", ".kit-chooser"),
    "kit: tegenspraak (join form)": ("tegenspraak.ipynb", ".kit-chooser"),
    "kit: terugblik (join form)": ("terugblik.ipynb", ".kit-chooser"),
    "kit: reeks": ("reeks.ipynb", ".kit-series"),
}


def pss_mb(pid: int) -> float:
    """Proportional set size of a process in MB (shared pages divided)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as smaps:
            for line in smaps:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


Result = tuple[list[float], float, float]


def measure(preheat: int, runs: int) -> dict[str, Result]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy(REPO / "benchmarks/notebooks/blank.ipynb", root)
        for notebook, _ready in list(PAGES.values())[1:]:
            shutil.copy(REPO / "workshops" / notebook, root)
        options = ServeOptions(workshops=root, preheat=preheat)
        results: dict[str, Result] = {}
        with running_voila(options) as server, launched_browser() as browser:
            if preheat:
                time.sleep(25)  # let the pool fill before measuring
            for label, (notebook, ready) in PAGES.items():
                times, memory, pss = [], [], []
                for _ in range(runs):
                    before = set(kernel_pids(server.process.pid))
                    record = open_page(browser, server.url(notebook), ready=ready)
                    times.append(record.ready_seconds)
                    if not preheat:  # the page's own kernel is the one just started
                        time.sleep(2)
                        new = set(kernel_pids(server.process.pid)) - before
                        memory.extend(rss_mb(k) for k in new)
                        pss.extend(pss_mb(k) for k in new)
                    record.page.context.close()
                    if preheat:
                        time.sleep(8)  # the pool refills between openings
                results[label] = (
                    times,
                    statistics.median(memory) if memory else 0.0,
                    statistics.median(pss) if pss else 0.0,
                )
        return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--all", action="store_true", help="every workshop page")
    parser.add_argument("--preheat", type=int, nargs="+", default=[0, 2])
    args = parser.parse_args()
    if args.all:
        PAGES.update(MORE_PAGES)
    header = f"{'page':28} {'preheat':>7} {'median s':>9} {'min s':>6} {'ratio':>6}"
    print(f"{header} {'RSS MB':>7} {'PSS MB':>7}", flush=True)
    for preheat in args.preheat:
        results = measure(preheat, args.runs)
        base = statistics.median(results["blank (1 button)"][0])
        for label, (times, memory, pss) in results.items():
            median = statistics.median(times)
            mem = f"{memory:>7.0f} {pss:>7.0f}" if memory else f"{'(pool)':>15}"
            print(
                f"{label:28} {preheat:>7} {median:>9.2f} {min(times):>6.2f} "
                f"{median / base:>6.2f} {mem}",
                flush=True,
            )


if __name__ == "__main__":
    main()
