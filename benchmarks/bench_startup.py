"""Time until a workshop page is interactive, beside a blank ipywidgets page.

Both notebooks are served by the same Voilà server in the same run and opened in
headless Chromium several times; the script prints medians, the ratio to the
blank page, and kernel memory. Run with and without preheated kernels:

    .venv/bin/python benchmarks/bench_startup.py [--runs 5] [--all]

By default it measures the blank page, kaarten-bekijken and the session page
(sessie.ipynb: until its join form shows); ``--all`` adds every workshop page.
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
}


def measure(preheat: int, runs: int) -> dict[str, tuple[list[float], float]]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy(REPO / "benchmarks/notebooks/blank.ipynb", root)
        for notebook, _ready in list(PAGES.values())[1:]:
            shutil.copy(REPO / "workshops" / notebook, root)
        options = ServeOptions(workshops=root, preheat=preheat)
        results: dict[str, tuple[list[float], float]] = {}
        with running_voila(options) as server, launched_browser() as browser:
            if preheat:
                time.sleep(25)  # let the pool fill before measuring
            for label, (notebook, ready) in PAGES.items():
                times, memory = [], []
                for _ in range(runs):
                    before = set(kernel_pids(server.process.pid))
                    record = open_page(browser, server.url(notebook), ready=ready)
                    times.append(record.ready_seconds)
                    if not preheat:  # the page's own kernel is the one just started
                        new = set(kernel_pids(server.process.pid)) - before
                        memory.extend(rss_mb(k) for k in new)
                    record.page.context.close()
                    if preheat:
                        time.sleep(8)  # the pool refills between openings
                results[label] = (times, statistics.median(memory) if memory else 0.0)
        return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--all", action="store_true", help="every workshop page")
    args = parser.parse_args()
    if args.all:
        PAGES.update(MORE_PAGES)
    header = f"{'page':28} {'preheat':>7} {'median s':>9} {'min s':>6} {'ratio':>6}"
    print(f"{header} {'kernel MB':>10}")
    for preheat in (0, 2):
        results = measure(preheat, args.runs)
        base = statistics.median(results["blank (1 button)"][0])
        for label, (times, memory) in results.items():
            median = statistics.median(times)
            mem = f"{memory:>10.0f}" if memory else f"{'(pool)':>10}"
            print(
                f"{label:28} {preheat:>7} {median:>9.2f} {min(times):>6.2f} "
                f"{median / base:>6.2f} {mem}"
            )


if __name__ == "__main__":
    main()
