"""A room on one Voilà server: join burst, answer-to-facilitator latency, memory.

For N participants (default 1, 10, 30), all in one Voilà server, each in their own
browser context and kernel (headless Chromium, localhost only):

* burst: N pages opened at once; seconds until all are usable, beside N blank
  one-button ipywidgets pages opened at once in the same server;
* latency: each participant joins the facilitator's session (one at a time);
  time from their click until the facilitator's screen shows the new count;
* memory per participant kernel (RSS) and CPU seconds of server + kernels.

With ``--session`` it measures the one session page instead (workshops/
sessie.ipynb, a server sized with ``--participants N`` so the pool is warm): join
bursts, activity switches, memory through a whole programme and repeated bursts,
each beside a blank-page burst of the same run (see ``room_session.py``).

    .venv/bin/python benchmarks/bench_room.py [--sizes 1 10 30] [--preheat 0]
    .venv/bin/python benchmarks/bench_room.py --session [--sizes 30 45] [--bursts 10]
    .venv/bin/python benchmarks/bench_room.py --session --sizes 3 --bursts 2 --pause 5
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from playwright.async_api import async_playwright

from kit.serve import ServeOptions
from kit.testing.browser import CHROMIUM_ARGS
from kit.testing.procs import kernel_pids, rss_mb, tree_cpu_seconds
from kit.testing.voila import running_voila

REPO = Path(__file__).resolve().parents[1]
TIMEOUT_MS = 240_000


async def open_many(browser, url: str, ready: str, n: int) -> tuple[float, list]:
    """Open ``n`` pages at once; seconds until every one shows ``ready``."""
    contexts = [await browser.new_context() for _ in range(n)]
    pages = [await c.new_page() for c in contexts]
    start = time.perf_counter()

    async def one(page):
        await page.goto(url, wait_until="domcontentloaded", timeout=TIMEOUT_MS)
        await page.wait_for_selector(ready, state="visible", timeout=TIMEOUT_MS)

    await asyncio.gather(*(one(p) for p in pages))
    return time.perf_counter() - start, contexts


async def close_all(contexts) -> None:
    for context in contexts:
        for page in context.pages:
            await page.close(run_before_unload=True)
        await context.close()


async def wait_kernels_gone(server, keep: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while len(kernel_pids(server.process.pid)) > keep and time.monotonic() < deadline:
        await asyncio.sleep(0.5)


async def run_size(browser, server, n: int) -> dict[str, float]:
    base = server.url
    # Baseline: the blank page burst.
    blank_s, blank_ctx = await open_many(
        browser, base("blank.ipynb"), ".jupyter-button", n
    )
    await close_all(blank_ctx)
    await wait_kernels_gone(server, 0)

    # The facilitator starts a session.
    fac_ctx = await browser.new_context()
    fac = await fac_ctx.new_page()
    await fac.goto(base("start.ipynb"), timeout=TIMEOUT_MS)
    await fac.get_by_role("button", name="Start een sessie voor de zaal").click()
    await fac.wait_for_selector(".kit-code", timeout=TIMEOUT_MS)
    code = (await fac.inner_text(".kit-code")).strip()

    # The kit's burst: n participants open the join link at once.
    cpu_before = tree_cpu_seconds(server.process.pid)
    kit_s, ctxs = await open_many(
        browser, base("start.ipynb", code=code), ".kit-chooser", n
    )
    # Each joins; latency until the facilitator's screen shows them.
    latencies = []
    for i, context in enumerate(ctxs, start=1):
        page = context.pages[0]
        await page.get_by_label("Schuilnaam").fill(f"Deelnemer {i}")
        clicked = time.perf_counter()
        await page.get_by_role("button", name="Doe mee").click()
        await fac.wait_for_function(
            f"document.querySelector('.kit-count').innerText.startsWith('{i} ')",
            timeout=TIMEOUT_MS,
        )
        latencies.append(time.perf_counter() - clicked)
    cpu = tree_cpu_seconds(server.process.pid) - cpu_before
    kernels = kernel_pids(server.process.pid)
    memory = [rss_mb(k) for k in kernels]
    await close_all([*ctxs, fac_ctx])
    await wait_kernels_gone(server, 0)
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    return {
        "blank_burst_s": blank_s,
        "kit_burst_s": kit_s,
        "latency_median_s": statistics.median(latencies),
        "latency_p95_s": p95,
        "kernel_mb": statistics.median(memory) if memory else 0.0,
        "cpu_s_per_participant": cpu / n,
    }


async def main_async(sizes: list[int], preheat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy(REPO / "benchmarks/notebooks/blank.ipynb", root)
        shutil.copy(REPO / "workshops/start.ipynb", root)
        options = ServeOptions(workshops=root, preheat=preheat)
        with running_voila(options, timeout=120) as server:
            async with async_playwright() as p:
                from kit.testing.browser import chromium_executable

                browser = await p.chromium.launch(
                    executable_path=chromium_executable(p), args=CHROMIUM_ARGS
                )
                rows = []
                try:
                    for n in sizes:
                        rows.append((n, await run_size(browser, server, n)))
                finally:
                    await browser.close()
    one = rows[0][1]
    print(
        f"{'N':>3} {'blank burst s':>13} {'kit burst s':>11} {'ratio':>6} "
        f"{'latency med s':>13} {'p95 s':>6} {'vs N=' + str(rows[0][0]):>7} "
        f"{'kernel MB':>9} {'CPU s/pp':>8}"
    )
    for n, r in rows:
        print(
            f"{n:>3} {r['blank_burst_s']:>13.1f} {r['kit_burst_s']:>11.1f} "
            f"{r['kit_burst_s'] / r['blank_burst_s']:>6.2f} "
            f"{r['latency_median_s']:>13.2f} {r['latency_p95_s']:>6.2f} "
            f"{r['latency_median_s'] / one['latency_median_s']:>7.2f} "
            f"{r['kernel_mb']:>9.0f} {r['cpu_s_per_participant']:>8.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=None)
    parser.add_argument("--preheat", type=int, default=0)
    parser.add_argument(
        "--session", action="store_true", help="measure the one session page"
    )
    parser.add_argument(
        "--pause", type=float, default=20, help="seconds of talk between switches"
    )
    parser.add_argument(
        "--bursts", type=int, default=10, help="repeated join bursts (--session)"
    )
    args = parser.parse_args()
    if args.session:
        from room_session import session_async  # benchmarks/, next to this file

        asyncio.run(session_async(args.sizes or [30, 45], args.pause, args.bursts))
    else:
        asyncio.run(main_async(args.sizes or [1, 10, 30], args.preheat))


if __name__ == "__main__":
    main()
