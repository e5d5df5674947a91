"""Time until a workshop page is interactive, beside a blank ipywidgets page.

Both notebooks are served by the same Voilà server in the same run and opened in
headless Chromium several times; the script prints medians, the ratio to the
blank page, and kernel memory (RSS and PSS, two seconds after the page is
ready). Pages are opened in rounds (blank first), each compared with its round's
blank page. Run with and without preheated kernels:

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
from kit.testing.procs import kernel_pids, pss_mb, rss_mb
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


BLANK = "blank (1 button)"


def open_once(browser, server, notebook: str, ready: str, preheat: int):
    """Open one page; (seconds to ready, RSS MB, PSS MB of its new kernel)."""
    before = set(kernel_pids(server.process.pid))
    record = open_page(browser, server.url(notebook), ready=ready)
    rss = pss = 0.0
    if not preheat:  # the page's own kernel is the one just started
        time.sleep(2)
        new = set(kernel_pids(server.process.pid)) - before
        rss = max((rss_mb(k) for k in new), default=0.0)
        pss = max((pss_mb(k) for k in new), default=0.0)
    record.page.context.close()
    if preheat:
        time.sleep(8)  # the pool refills between openings
    return record.ready_seconds, rss, pss


def measure(preheat: int, runs: int) -> dict[str, dict[str, list[float]]]:
    """Every page once per round, the blank page first in each round; the load
    of a shared machine changes by the minute, so a page is compared with the
    blank page of its own round."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy(REPO / "benchmarks/notebooks/blank.ipynb", root)
        for notebook, _ready in list(PAGES.values())[1:]:
            shutil.copy(REPO / "workshops" / notebook, root)
        options = ServeOptions(workshops=root, preheat=preheat)
        results: dict[str, dict[str, list[float]]] = {
            label: {"s": [], "ratio": [], "rss": [], "pss": []} for label in PAGES
        }
        with running_voila(options) as server, launched_browser() as browser:
            if preheat:
                time.sleep(25)  # let the pool fill before measuring
            for _ in range(runs):
                blank = None
                for label, (notebook, ready) in PAGES.items():
                    seconds, rss, pss = open_once(
                        browser, server, notebook, ready, preheat
                    )
                    blank = seconds if label == BLANK else blank
                    row = results[label]
                    row["s"].append(seconds)
                    row["ratio"].append(seconds / blank)
                    if rss:
                        row["rss"].append(rss)
                        row["pss"].append(pss)
        return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--all", action="store_true", help="every workshop page")
    parser.add_argument("--preheat", type=int, nargs="+", default=[0, 2])
    args = parser.parse_args()
    if args.all:
        PAGES.update(MORE_PAGES)
    header = f"{'page':38} {'preheat':>7} {'median s':>9} {'min s':>6} {'ratio':>6}"
    print(f"{header} {'RSS MB':>7} {'PSS MB':>7}", flush=True)
    for preheat in args.preheat:
        results = measure(preheat, args.runs)
        for label, row in results.items():
            memory = (
                f"{statistics.median(row['rss']):>7.0f} "
                f"{statistics.median(row['pss']):>7.0f}"
                if row["rss"]
                else f"{'(pool)':>15}"
            )
            print(
                f"{label:38} {preheat:>7} {statistics.median(row['s']):>9.2f} "
                f"{min(row['s']):>6.2f} {statistics.median(row['ratio']):>6.2f} "
                f"{memory}",
                flush=True,
            )
    print(
        "ratio: median over rounds of (page s / blank page s in the same round); "
        "memory: the page's kernel 2 s after it is ready."
    )


if __name__ == "__main__":
    main()
