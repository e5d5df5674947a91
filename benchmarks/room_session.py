"""``bench_room.py --session``: one live room of N participants on the session page.

Every figure is beside a baseline from the same run: N blank one-button
ipywidgets pages opened at once in the same Voilà server (cold kernels: the
room mode keeps a pool only for the session page).

* joins: N participants open the join link at once (pool warm) and join; seconds
  until every page follows the room (shows the open activity), failed joins;
* switch: the facilitator opens an activity; seconds until ALL N participant
  screens show it. *screen*: a MutationObserver in each page notes
  ``Date.now()`` when the new title is in the DOM, against the facilitator's
  click (same clock, no Playwright polling in the figure). *wire*: the browser's
  network layer (CDP ``Network.webSocketFrame*``) from the facilitator's click
  frame leaving to the last participant's update arriving, so rendering 30
  pages on this machine's cores is not in it; *CPU*: what a switch costs the
  room server (Voilà + kernels) and the headless pages, which in a real room
  run on the participants' own devices but here share the server's cores;
* own devices: the same switches with every participant page but one paused,
  timed at a websocket of the benchmark's own on each kernel, as if each page
  ran on its own device (``room_devices``);
* memory: a whole programme (card with a "wat als" round and reveal with
  charts, map, matrix, self-scan, look back), PSS sampled throughout: peak per
  participant kernel, peak total of server + all kernels;
* bursts: B rounds of N joins (open, join, close, wait until the pool is full
  again): failed joins and kernel failures in the server log.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import re
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import async_playwright
from room_devices import DeviceSwitch, browser_cpu_seconds, device_switches

from kit.serve import ServeOptions
from kit.testing.browser import CHROMIUM_ARGS, chromium_executable
from kit.testing.procs import kernel_pids, pss_mb, tree_cpu_seconds
from kit.testing.voila import running_voila

REPO = Path(__file__).resolve().parents[1]
TIMEOUT_MS = 240_000
WELCOME = "Welkom en opgave"
PROGRAMME = [
    "Kritische situaties",
    "Wie raakt het?",
    "Afwegen",
    "Tegenspraak: zelfscan",
    "Terugblik",
]
#: What a failed kernel leaves in Voilà's log.
FAILURES = re.compile(r"Kernel died|ZMQError|Traceback|HTTP 500| 500 (GET|POST)")

#: In every page: when the room's "now" line changes, and the last click.
INIT_SCRIPT = """
(() => {
  window.__kitNow = [];
  let last = null;
  const note = () => {
    const el = document.querySelector('.kit-room-now-text');
    const text = el ? el.textContent : null;
    if (text !== last) { last = text; window.__kitNow.push([text, Date.now()]); }
  };
  new MutationObserver(note).observe(document,
    {subtree: true, childList: true, characterData: true});
  document.addEventListener('click', () => { window.__kitClick = Date.now(); }, true);
  window.WebSocket = new Proxy(window.WebSocket, {construct(target, args) {
    window.__kitSocket = String(args[0]); return new target(...args); }});
})();
"""


def kernel_of(pid: int) -> str:
    """The kernel id in a kernel process's command line (its connection file)."""
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""
    found = re.search(r"kernel-([0-9a-f-]{36})\.json", cmd)
    return found.group(1) if found else ""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@dataclass
class Memory:
    """PSS of the server and its kernels, sampled in the background."""

    server_pid: int
    peak_by_pid: dict[int, float] = field(default_factory=dict)
    peak_total: float = 0.0

    def sample(self) -> None:
        total = pss_mb(self.server_pid)
        for pid in kernel_pids(self.server_pid):
            mb = pss_mb(pid)
            total += mb
            self.peak_by_pid[pid] = max(mb, self.peak_by_pid.get(pid, 0.0))
        self.peak_total = max(self.peak_total, total)

    async def run(self, every: float = 3.0) -> None:
        while True:
            await asyncio.to_thread(self.sample)
            await asyncio.sleep(every)


class Wire:
    """WebSocket frames of the pages, timed by the browser's network layer."""

    def __init__(self) -> None:
        self.sent: list[tuple[float, bytes]] = []
        self.received: dict[int, list[tuple[float, bytes]]] = {}

    @staticmethod
    def _payload(params: dict) -> bytes:
        response = params.get("response", {})
        data = response.get("payloadData", "")
        if response.get("opcode") == 2:
            return base64.b64decode(data)
        return data.encode()

    async def follow(self, page, index: int | None) -> None:
        cdp = await page.context.new_cdp_session(page)
        await cdp.send("Network.enable")
        if index is None:
            cdp.on(
                "Network.webSocketFrameSent",
                lambda p: self.sent.append((p["timestamp"], self._payload(p))),
            )
            return
        frames = self.received.setdefault(index, [])
        cdp.on(
            "Network.webSocketFrameReceived",
            lambda p: (
                frames.append((p["timestamp"], self._payload(p)))
                if b"kit-room-now-text" in self._payload(p)
                else None
            ),
        )

    def latency(self, title: str, since: int) -> float | None:
        """Seconds from the last click frame sent to the last page receiving
        ``title``; ``since``: frames sent before this index do not count."""
        clicks = [at for at, data in self.sent[since:] if b'"click"' in data]
        if not clicks:
            return None
        click = clicks[0]
        needle = title.encode()
        arrivals = []
        for frames in self.received.values():
            hits = [at for at, data in frames if at >= click and needle in data]
            if not hits:
                return None
            arrivals.append(min(hits))
        return max(arrivals) - click if arrivals else None


async def new_page(browser, viewport=None):
    context = await browser.new_context(viewport=viewport)
    await context.add_init_script(INIT_SCRIPT)
    return await context.new_page()


async def close_pages(pages) -> None:
    for page in pages:
        context = page.context
        for each in context.pages:
            await each.close(run_before_unload=True)
        await context.close()


async def blank_burst(browser, server, n: int) -> float:
    pages = [await new_page(browser) for _ in range(n)]
    start = time.perf_counter()

    async def one(page) -> None:
        await page.goto(server.url("blank.ipynb"), timeout=TIMEOUT_MS)
        await page.wait_for_selector(".jupyter-button", timeout=TIMEOUT_MS)

    await asyncio.gather(*(one(p) for p in pages))
    seconds = time.perf_counter() - start
    await close_pages(pages)
    return seconds


async def join_burst(browser, link: str, n: int, now: str, tag: str = ""):
    """``n`` participants open ``link`` at once and join; (seconds, pages, failed)."""
    pages = [await new_page(browser) for _ in range(n)]
    failed: list[str] = []
    forms: list[float] = []

    async def join(i: int, page) -> None:
        try:
            await page.goto(link, wait_until="domcontentloaded", timeout=TIMEOUT_MS)
            name = page.get_by_label("Schuilnaam")
            await name.wait_for(timeout=TIMEOUT_MS)
            forms.append(time.perf_counter() - start)
            await name.fill(f"Deelnemer {tag}{i}", timeout=TIMEOUT_MS)
            await page.get_by_role("button", name="Doe mee").click(timeout=TIMEOUT_MS)
            await page.locator(".kit-room-now-text", has_text=now).wait_for(
                timeout=TIMEOUT_MS
            )
        except Exception as exc:  # counted, not fatal: the figure is how many fail
            body = ""
            with contextlib.suppress(Exception):  # the page itself may be gone
                body = (await page.inner_text("body"))[:300]
            failed.append(f"{str(exc)[:200]} | {body}")

    start = time.perf_counter()
    await asyncio.gather(*(join(i, p) for i, p in enumerate(pages, start=1)))
    seconds = time.perf_counter() - start
    if forms:
        print(
            f"  {n} joins: every join form shown after {max(forms):.1f} s, "
            f"all following the room after {seconds:.1f} s",
            flush=True,
        )
    if failed:
        print(f"  {len(failed)} failed join(s); first: {failed[0]}", flush=True)
    return seconds, pages, len(failed)


@dataclass
class Switch:
    """One activity switch: until all screens show it, and whose CPU it took."""

    screen: float
    wire: float
    room_cpu: float  # Voilà server + kernels, CPU seconds during the switch
    browser_cpu: float  # the N+2 headless pages on this same machine


async def switch(fac, pages, wire: Wire | None, title: str, server_pid: int) -> Switch:
    """Open ``title``; timings until all pages show it, and the CPU it took."""
    since = len(wire.sent) if wire else 0
    room_before, browsers_before = tree_cpu_seconds(server_pid), browser_cpu_seconds()
    await (
        fac.locator(".kit-room-programme")
        .get_by_role("button", name=title, exact=True)
        .click()
    )
    await asyncio.gather(
        *(
            p.locator(".kit-room-now-text", has_text=title).wait_for(timeout=TIMEOUT_MS)
            for p in pages
        )
    )
    room_cpu = tree_cpu_seconds(server_pid) - room_before
    browser_cpu = browser_cpu_seconds() - browsers_before
    clicked = await fac.evaluate("window.__kitClick")
    seen = []
    for page in pages:
        changes = await page.evaluate("window.__kitNow")
        seen.append(
            min(at for text, at in changes if text and title in text and at >= clicked)
        )
    screen = (max(seen) - clicked) / 1000
    await asyncio.sleep(0.5)  # CDP events still on their way to this process
    on_wire = wire.latency(title, since) if wire else None
    return Switch(
        screen, float("nan") if on_wire is None else on_wire, room_cpu, browser_cpu
    )


# --- the programme -------------------------------------------------------------------


async def choose(page, index: int, round_text: str) -> None:
    """A participant's choice on the card in ``round_text`` (as in the e2e test)."""
    box = page.locator(".kit-dilemma-choose")
    await page.locator(".kit-dilemma-status", has_text=round_text).wait_for(
        timeout=TIMEOUT_MS
    )
    await box.get_by_role("radio").nth(index % 2).click(timeout=TIMEOUT_MS)
    await box.get_by_role("radio", name="Redelijk zeker").click(timeout=TIMEOUT_MS)
    await box.get_by_role("textbox").first.fill(f"Reden {round_text} {index}")
    await box.get_by_role("button", name="Bewaar mijn keuze").click()
    await page.get_by_text("Je keuze:").first.wait_for(timeout=TIMEOUT_MS)


async def card_round(fac, beamer, pages) -> None:
    """Draw and play a card, a round, reveal (charts), a "wat als" round, reveal."""
    table = fac.locator(".kit-dilemma")
    await table.get_by_role("button", name="Trek een kaart").click()
    await table.locator(".kit-dilemma-browser .kit-card h2").wait_for(
        timeout=TIMEOUT_MS
    )
    await table.get_by_role("button", name="Speel deze kaart").click()
    await asyncio.gather(*(choose(p, i, "ronde 1") for i, p in enumerate(pages)))
    await table.get_by_role("button", name="Antwoorden tonen").click()
    charts = beamer.locator(".kit-dilemma-results .kit-chart svg").first
    await charts.wait_for(timeout=TIMEOUT_MS)
    await table.get_by_role("combobox", name="Wat als…").select_option(index=0)
    await table.get_by_role("button", name="Speel deze variant").click()
    await asyncio.gather(*(choose(p, i, "ronde 2") for i, p in enumerate(pages)))
    await table.get_by_role("button", name="Antwoorden tonen").click()
    await charts.wait_for(timeout=TIMEOUT_MS)


async def self_scan(fac, beamer, pages) -> None:
    async def one(i: int, page) -> None:
        item = page.locator(".kit-speaking-scan .kit-speaking-item").nth(0)
        name = "Helemaal eens" if i % 2 else "Oneens"
        await item.get_by_role("radio", name=name, exact=True).click(timeout=TIMEOUT_MS)

    await asyncio.gather(*(one(i, p) for i, p in enumerate(pages)))
    await (
        fac.locator(".kit-speaking-scan")
        .get_by_role("button", name="Toon de antwoorden")
        .click()
    )
    await beamer.locator(".kit-speaking-scan .kit-chart svg").first.wait_for(
        timeout=TIMEOUT_MS
    )


async def look_back(fac, pages) -> None:
    async def one(i: int, page) -> None:
        mine = page.locator(".kit-lookback")
        await mine.get_by_role("textbox", name="Wat neem jij mee?").fill(f"Punt {i}")
        await mine.get_by_role("button", name="Bewaar wat ik meeneem").click()

    await asyncio.gather(*(one(i, p) for i, p in enumerate(pages)))
    n = len(pages)
    wrote = f"{n} deelnemer schreef" if n == 1 else f"{n} deelnemers schreven"
    await fac.get_by_text(wrote).first.wait_for(timeout=TIMEOUT_MS)


async def programme(
    fac, beamer, pages, wire, pause: float, server_pid: int
) -> tuple[list[Switch], list[Switch]]:
    """The whole programme, then every activity again; (first, revisit) timings."""
    first, again = [], []
    for title in PROGRAMME:
        first.append(await switch(fac, pages, wire, title, server_pid))
        if title == "Kritische situaties":
            await card_round(fac, beamer, pages)
        elif title == "Tegenspraak: zelfscan":
            await self_scan(fac, beamer, pages)
        elif title == "Terugblik":
            await look_back(fac, pages)
        await asyncio.sleep(pause)  # the room talks; kernels prepare the next tool
    for _ in range(2):
        for title in PROGRAMME:
            again.append(await switch(fac, pages, wire, title, server_pid))
            await asyncio.sleep(3)
    return first, again


# --- one size ---------------------------------------------------------------------


async def facilitator(browser, server):
    """The control view with a new session, its room view, and the join link."""
    fac = await new_page(browser)
    await fac.goto(server.url("sessie.ipynb"), timeout=TIMEOUT_MS)
    await fac.get_by_role("button", name="Start een sessie voor de zaal").click()
    await fac.wait_for_selector(".kit-room-control", timeout=TIMEOUT_MS)
    link = await fac.locator(".kit-room-joinlink a").get_attribute("href")
    async with fac.context.expect_page() as opened:
        await fac.get_by_role("link", name="Open het zaalscherm").click()
    beamer = await opened.value
    await beamer.set_viewport_size({"width": 1920, "height": 1080})
    await beamer.locator(".kit-beamer .kit-code").wait_for(timeout=TIMEOUT_MS)
    await (
        fac.locator(".kit-room-programme")
        .get_by_role("button", name=WELCOME, exact=True)
        .click()
    )
    await beamer.locator(".kit-room-now-text", has_text=WELCOME).wait_for(
        timeout=TIMEOUT_MS
    )
    return fac, beamer, link


async def wait_kernels(server, wanted: int, timeout: float) -> bool:
    """Wait until exactly ``wanted`` kernels run, then a moment for the last
    ones to run the notebook; False if that did not happen in ``timeout``."""
    deadline = time.monotonic() + timeout
    while len(kernel_pids(server.process.pid)) != wanted:
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(1)
    await asyncio.sleep(10)
    return True


async def wait_gone(server, most: int, timeout: float) -> bool:
    """Wait until at most ``most`` kernels run (closed pages' kernels stopped)."""
    deadline = time.monotonic() + timeout
    while len(kernel_pids(server.process.pid)) > most:
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(1)
    return True


def log_failures(server, since: int) -> int:
    """Kernel failures in Voilà's log since ``since``; the first few printed."""
    lines = [
        line for line in server.log()[since:].splitlines() if FAILURES.search(line)
    ]
    for line in lines[:3]:
        print(f"  log: {line[:200]}", flush=True)
    return len(lines)


async def page_kernels(pages) -> list[str]:
    """The kernel id each page is connected to (from its websocket address)."""
    ids = []
    for page in pages:
        url = await page.evaluate("window.__kitSocket || ''")
        found = re.search(r"/api/kernels/([0-9a-f-]{36})", url)
        ids.append(found.group(1) if found else "")
    return ids


async def bursts(browser, server, link: str, n: int, rounds: int) -> dict:
    kernels = len(kernel_pids(server.process.pid))
    failed_joins = failed_kernels = unfilled = 0
    times = []
    for r in range(rounds):
        since = len(server.log())
        seconds, pages, failed = await join_burst(
            browser, link, n, PROGRAMME[-1], f"b{r}-"
        )
        times.append(seconds)
        await close_pages(pages)
        # The next burst comes as soon as these kernels are gone, while the pool
        # is still refilling: the figure is whether any kernel fails.
        unfilled += not await wait_gone(server, kernels, 120)
        failed_joins += failed
        failed_kernels += log_failures(server, since)
    return {
        "bursts": rounds,
        "burst_p50": statistics.median(times),
        "burst_max": max(times),
        "burst_failed_joins": failed_joins,
        "burst_log_failures": failed_kernels,
        "burst_unfilled": unfilled,
    }


async def run_size(
    browser, server, n: int, pause: float, rounds: int, warm_s: float
) -> dict:
    memory = Memory(server.process.pid)
    blank_s = await blank_burst(browser, server, n)
    fac, beamer, link = await facilitator(browser, server)
    await wait_kernels(server, n + 4, 300)  # the pool refilled behind them
    join_s, pages, failed = await join_burst(browser, link, n, WELCOME)
    joined = [p for p in pages if await p.locator(".kit-room-participant").count()]
    ids = set(await page_kernels(joined))
    wire = Wire()
    await wire.follow(fac, None)
    for i, page in enumerate(joined):
        await wire.follow(page, i)
    sampler = asyncio.create_task(memory.run())
    await asyncio.sleep(pause)  # the welcome: kernels build the programme's tools
    try:
        first, again = await programme(
            fac, beamer, joined, wire, pause, server.process.pid
        )
        devices = await device_switches(
            fac, joined, PROGRAMME * 2, server.process.pid, TIMEOUT_MS
        )
        memory.sample()
    finally:
        sampler.cancel()
    participant_pss = [
        mb for pid, mb in memory.peak_by_pid.items() if kernel_of(pid) in ids
    ]
    result = {
        "n": n,
        "warm_s": warm_s,
        "blank_s": blank_s,
        "join_s": join_s,
        "failed": failed,
        "screen": [s.screen for s in first + again],
        "wire": [s.wire for s in first + again if s.wire == s.wire],
        # Revisits only: every tool built, the switch itself.
        "room_cpu": statistics.median(s.room_cpu for s in again),
        "browser_cpu": statistics.median(s.browser_cpu for s in again),
        "devices": devices,
        "pss_p50": statistics.median(participant_pss) if participant_pss else 0.0,
        "pss_max": max(participant_pss, default=0.0),
        "measured": len(participant_pss),
        "total_gb": memory.peak_total / 1024,
    }
    await close_pages([*pages, fac])
    if rounds:  # the programme's figures first: the bursts take long
        report([{**result, "log_failures": log_failures(server, 0)}])
        await wait_kernels(server, n + 2, 300)
        result.update(await bursts(browser, server, link, n, rounds))
    return result


async def one_size(n: int, pause: float, rounds: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy(REPO / "benchmarks/notebooks/blank.ipynb", root)
        shutil.copy(REPO / "workshops/sessie.ipynb", root)
        # As `kit serve --room`: kernels nobody is connected to go after 90 s
        # (without it, pages closed in a burst left their kernels running until
        # the server ran out of ZMQ sockets after ~7 bursts of 30).
        options = ServeOptions(workshops=root, participants=n, cull_idle_seconds=90)
        with running_voila(options, timeout=120) as server:
            started = time.perf_counter()
            await wait_kernels(server, n + 2, 900)
            warm_s = time.perf_counter() - started
            async with async_playwright() as p:
                browser = await p.chromium.launch(
                    executable_path=chromium_executable(p), args=CHROMIUM_ARGS
                )
                try:
                    result = await run_size(browser, server, n, pause, rounds, warm_s)
                finally:
                    await browser.close()
                    kept = Path(tempfile.gettempdir()) / f"bench_room-voila-{n}.log"
                    kept.write_text(server.log())  # the server's folder goes
                    print(f"  Voilà's log: {kept}", flush=True)
            result["log_failures"] = log_failures(server, 0)
            return result


def report(rows: list[dict]) -> None:
    """The table: every time also as a ratio to the same run's blank burst."""
    print(
        f"{'N':>3} {'pool s':>6} {'blank s':>7} {'join s':>6} {'ratio':>5} "
        f"{'fail':>4} {'switch screen p50/p95 s':>23} {'wire p50/p95 s':>15} "
        f"{'/blank p95':>10} {'PSS MB p50/max':>14} {'total GB':>8} {'log err':>7}"
    )
    for r in rows:
        screen, on_wire = r["screen"], r["wire"] or [float("nan")]
        s95, w95 = percentile(screen, 0.95), percentile(on_wire, 0.95)
        print(
            f"{r['n']:>3} {r['warm_s']:>6.0f} {r['blank_s']:>7.1f} "
            f"{r['join_s']:>6.1f} {r['join_s'] / r['blank_s']:>5.2f} "
            f"{r['failed']:>4} "
            f"{statistics.median(screen):>11.2f}/{s95:<11.2f} "
            f"{statistics.median(on_wire):>7.2f}/{w95:<7.2f} "
            f"{s95 / r['blank_s']:>10.3f} "
            f"{r['pss_p50']:>6.0f}/{r['pss_max']:<7.0f} {r['total_gb']:>8.1f} "
            f"{r['log_failures']:>7}"
        )
    for r in rows:
        print(
            f"N={r['n']}: peak PSS measured for {r['measured']} participant kernels "
            f"(of {r['n'] - r['failed']} joined)"
        )
        shown = " ".join(f"{x:.2f}" for x in r["screen"])
        print(f"N={r['n']} screen s per switch (5 first, then revisits): {shown}")
        shown = " ".join(f"{x:.2f}" for x in r["wire"])
        print(f"N={r['n']} wire s per switch: {shown}")
        room, browsers = r["room_cpu"], r["browser_cpu"]
        print(
            f"N={r['n']} CPU s per switch (median of revisits): server + kernels "
            f"{room:.2f}, the {r['n'] + 2} headless pages {browsers:.2f} "
            f"({browsers / (room + browsers):.0%} of it); the room's own share "
            f"on 2 cores: {room / 2:.2f} s"
        )
    for r in rows:
        report_devices(r["n"], r["devices"])
    for r in rows:
        if "bursts" in r:
            print(
                f"bursts: {r['bursts']} x {r['n']} joins: join-all p50 "
                f"{r['burst_p50']:.1f} s, max {r['burst_max']:.1f} s "
                f"({r['burst_max'] / r['blank_s']:.2f}x blank), failed joins "
                f"{r['burst_failed_joins']}, kernel failures in log "
                f"{r['burst_log_failures']}, kernels not stopped within 2 min "
                f"{r['burst_unfilled']}"
            )
    print(
        "switch: n = 5 first openings + 10 revisits; screen = DOM shows the title "
        "(MutationObserver, Date.now vs the click); wire = CDP frame times, click "
        "frame sent to last participant's update received. PSS: peak per "
        "participant kernel over the programme (sampled every 3 s); total: peak "
        "PSS of server + all kernels (incl. the pool)."
    )


def report_devices(n: int, devices: list[DeviceSwitch]) -> None:
    """The switches with the other pages paused (``room_devices``)."""
    if not devices:
        return

    def p50_p95(values: list[float]) -> str:
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        return f"p50 {p50:.2f} / p95 {p95:.2f} s"

    print(
        f"N={n} own devices ({len(devices)} switches, {n - 1} participants paused):"
        f" every kernel's update arrived {p50_p95([d.all_arrived for d in devices])};"
        f" the live page's screen {p50_p95([d.live_screen for d in devices])},"
        f" of which drawing {p50_p95([d.live_drawing for d in devices])};"
        f" all {n} screens, each drawn on its own device:"
        f" {p50_p95([d.estimate for d in devices])}; CPU s per switch (median):"
        f" server + kernels {statistics.median(d.room_cpu for d in devices):.2f},"
        f" headless pages {statistics.median(d.browser_cpu for d in devices):.2f}"
    )
    shown = " ".join(f"{d.all_arrived:.2f}" for d in devices)
    print(f"N={n} own devices, every update arrived, s per switch: {shown}")
    early = sum(d.drawn_while_paused for d in devices)
    print(
        f"N={n} own devices: paused pages that drew a switch before resuming: {early}"
    )


async def session_async(sizes: list[int], pause: float, rounds: int) -> None:
    rows = []
    for index, n in enumerate(sizes):
        rows.append(await one_size(n, pause, rounds if index == 0 else 0))
        report(rows[-1:])  # as it comes: a long run still leaves its figures
    if len(rows) > 1:
        print("\nAll sizes:")
        report(rows)
