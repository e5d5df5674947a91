"""A room on one Voilà server: join burst, answer-to-facilitator latency, memory.

For N participants (default 1, 10, 30), all in one Voilà server, each in their own
browser context and kernel (headless Chromium, localhost only):

* burst: N pages opened at once; seconds until all are usable, beside N blank
  one-button ipywidgets pages opened at once in the same server;
* latency: each participant joins the facilitator's session (one at a time);
  time from their click until the facilitator's screen shows the new count;
* memory per participant kernel (RSS) and CPU seconds of server + kernels.

With ``--session`` it measures the one session page instead (workshops/
sessie.ipynb, a server sized with ``--participants N`` so the pool is warm):

* joins: N participants open the join link at once and join; seconds until all
  follow the room, failed joins, beside N blank pages opened at once;
* switch: the facilitator opens an activity; seconds until all N participant
  screens show it (p50/p95 over the programme, first opening and revisit), with
  ``--pause`` seconds of talk after each opening (default 20);
* memory per participant kernel after the whole programme (PSS and RSS).

    .venv/bin/python benchmarks/bench_room.py [--sizes 1 10 30] [--preheat 0]
    .venv/bin/python benchmarks/bench_room.py --session [--sizes 3 10]
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


# --- the session page -----------------------------------------------------------------

PROGRAMME = [
    "Kritische situaties",
    "Wie raakt het?",
    "Afwegen",
    "Tegenspraak: zelfscan",
    "Terugblik",
]


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


async def wait_pool(server, wanted: int, timeout: float = 600) -> None:
    """Wait until ``wanted`` kernels run and the server has been quiet briefly."""
    deadline = time.monotonic() + timeout
    while len(kernel_pids(server.process.pid)) < wanted:
        if time.monotonic() > deadline:
            raise RuntimeError("the pool did not fill in time")
        await asyncio.sleep(1)
    await asyncio.sleep(10)  # the last kernels run the notebook


async def switch_until_all(fac, pages, title: str) -> float:
    clicked = time.perf_counter()
    programme = fac.locator(".kit-room-programme")
    await programme.get_by_role("button", name=title, exact=True).click()
    await asyncio.gather(
        *(
            p.locator(".kit-room-now-text", has_text=title).wait_for(timeout=TIMEOUT_MS)
            for p in pages
        )
    )
    return time.perf_counter() - clicked


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def run_session(browser, server, n: int, pause: float) -> dict[str, float]:
    base = server.url
    blank_s, blank_ctx = await open_many(
        browser, base("blank.ipynb"), ".jupyter-button", n
    )
    await close_all(blank_ctx)

    fac_ctx = await browser.new_context()
    fac = await fac_ctx.new_page()
    await fac.goto(base("sessie.ipynb"), timeout=TIMEOUT_MS)
    await fac.get_by_role("button", name="Start een sessie voor de zaal").click()
    await fac.wait_for_selector(".kit-room-control", timeout=TIMEOUT_MS)
    link = await fac.locator(".kit-room-joinlink a").get_attribute("href")

    contexts = [await browser.new_context() for _ in range(n)]
    pages = [await c.new_page() for c in contexts]
    failed = 0

    async def join(i: int, page) -> None:
        nonlocal failed
        try:
            await page.goto(link, wait_until="domcontentloaded", timeout=TIMEOUT_MS)
            name = page.get_by_label("Schuilnaam")
            await name.fill(f"Deelnemer {i}", timeout=TIMEOUT_MS)
            await page.get_by_role("button", name="Doe mee").click(timeout=TIMEOUT_MS)
            await page.wait_for_selector(".kit-room-participant", timeout=TIMEOUT_MS)
        except Exception as exc:  # counted, not fatal: the figure is how many fail
            failed += 1
            if failed == 1:
                text = await page.inner_text("body")
                print(f"first failed join: {str(exc)[:300]}\n{text[:500]}")

    start = time.perf_counter()
    await asyncio.gather(*(join(i, p) for i, p in enumerate(pages, start=1)))
    join_s = time.perf_counter() - start
    joined = [p for p in pages if await p.locator(".kit-room-participant").count()]

    first, again = [], []
    for title in PROGRAMME:
        first.append(await switch_until_all(fac, joined, title))
        await asyncio.sleep(pause)  # the room talks; kernels prepare the next tool
    for title in PROGRAMME:
        again.append(await switch_until_all(fac, joined, title))
    kernels = kernel_pids(server.process.pid)
    pss = sorted(pss_mb(k) for k in kernels)
    rss = sorted(rss_mb(k) for k in kernels)
    await close_all([*contexts, fac_ctx])
    # The busiest n kernels are the participants' (pool kernels are smaller).
    top_pss, top_rss = pss[-n:], rss[-n:]
    return {
        "blank_burst_s": blank_s,
        "join_s": join_s,
        "failed": float(failed),
        "first_p50": statistics.median(first),
        "first_p95": percentile(first, 0.95),
        "again_p50": statistics.median(again),
        "again_p95": percentile(again, 0.95),
        "pss_mb": statistics.median(top_pss),
        "rss_mb": statistics.median(top_rss),
        "total_gb": sum(pss) / 1024,
    }


async def session_async(sizes: list[int], pause: float) -> None:
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            shutil.copy(REPO / "benchmarks/notebooks/blank.ipynb", root)
            shutil.copy(REPO / "workshops/sessie.ipynb", root)
            options = ServeOptions(workshops=root, participants=n)
            with running_voila(options, timeout=120) as server:
                await wait_pool(server, n + 2 + 1)
                async with async_playwright() as p:
                    from kit.testing.browser import chromium_executable

                    browser = await p.chromium.launch(
                        executable_path=chromium_executable(p), args=CHROMIUM_ARGS
                    )
                    try:
                        rows.append((n, await run_session(browser, server, n, pause)))
                    finally:
                        await browser.close()
    print(
        f"{'N':>3} {'blank burst s':>13} {'join all s':>10} {'ratio':>6} {'failed':>6} "
        f"{'switch p50/p95 s':>16} {'revisit p50/p95 s':>17} "
        f"{'PSS MB/pp':>9} {'RSS MB/pp':>9} {'total GB':>8}"
    )
    for n, r in rows:
        print(
            f"{n:>3} {r['blank_burst_s']:>13.1f} {r['join_s']:>10.1f} "
            f"{r['join_s'] / r['blank_burst_s']:>6.2f} {r['failed']:>6.0f} "
            f"{r['first_p50']:>7.2f}/{r['first_p95']:<8.2f} "
            f"{r['again_p50']:>8.2f}/{r['again_p95']:<8.2f} "
            f"{r['pss_mb']:>9.0f} {r['rss_mb']:>9.0f} {r['total_gb']:>8.1f}"
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
    args = parser.parse_args()
    if args.session:
        asyncio.run(session_async(args.sizes or [3, 10], args.pause))
    else:
        asyncio.run(main_async(args.sizes or [1, 10, 30], args.preheat))


if __name__ == "__main__":
    main()
