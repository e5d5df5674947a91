"""Switches as in a room where every participant brings their own device.

Here the N headless pages share the room server's two cores, so most of a
switch's screen time is the pages drawing (``room_session``'s CPU column). This
phase takes the pages off those cores the way separate devices would: every
participant page but one is paused (CDP ``Debugger.pause``: its JavaScript
stops at its next step, so what arrives waits and nothing is drawn), and a
websocket of the benchmark's own on each participant's kernel notes when the
switch arrives there, as a device on the room's Wi-Fi would receive it. One
participant page stays live: its screen time minus its kernel's arrival is what
one device takes to draw the switch. The facilitator's control view and the
beamer stay live (they share one browser process). After each switch every
page is resumed and must show it; a paused page that drew the switch before it
was resumed is counted (it should be 0: else the pause did not hold).

Times are wall-clock milliseconds on one machine: the facilitator's click
(``Date.now()`` in the page) against arrivals (``time.time()`` here).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Error as PlaywrightError

from kit.testing.procs import cpu_seconds, tree_cpu_seconds

#: What the room's "now" line carries in a kernel's update.
NOW_LINE = "kit-room-now-text"


@dataclass
class Listener:
    """The benchmark's own websocket on one participant's kernel."""

    url: str
    arrivals: list[tuple[float, str]] = field(default_factory=list)

    async def run(self) -> None:
        from tornado.websocket import websocket_connect

        conn = await websocket_connect(self.url)
        try:
            while (raw := await conn.read_message()) is not None:
                text = raw if isinstance(raw, str) else raw.decode(errors="replace")
                if NOW_LINE in text:
                    self.arrivals.append((time.time() * 1000, text))
        finally:
            conn.close()

    def arrived(self, title: str, after_ms: float) -> float | None:
        """When the update showing ``title`` arrived after ``after_ms``."""
        hits = [at for at, text in self.arrivals if at >= after_ms and title in text]
        return min(hits) if hits else None


@dataclass
class DeviceSwitch:
    """One switch with the pages paused: when every kernel's update arrived,
    and the live page's screen time and drawing time."""

    clicked: float  # the facilitator's click, ms since the epoch
    all_arrived: float
    live_screen: float
    live_drawing: float
    room_cpu: float  # Voilà server + kernels, CPU seconds during the switch
    browser_cpu: float  # every headless page: the live ones and the paused ones
    drawn_while_paused: int = 0  # paused pages that showed it before resuming

    @property
    def estimate(self) -> float:
        """Every screen, each drawn on its own device as fast as the live page."""
        return self.all_arrived + self.live_drawing


def browser_cpu_seconds() -> float:
    """CPU seconds so far of every headless Chromium process on this machine."""
    total = 0.0
    for pid in (int(d) for d in os.listdir("/proc") if d.isdigit()):
        try:
            name = Path(f"/proc/{pid}/comm").read_text().strip()
        except OSError:
            continue
        if name in {"chromium", "chrome", "headless_shell"}:
            total += cpu_seconds(pid)
    return total


async def kernel_socket(page) -> str:
    """A new websocket address on the kernel ``page`` is connected to."""
    url = await page.evaluate("window.__kitSocket || ''")
    if not re.search(r"/api/kernels/[0-9a-f-]{36}/channels", url):
        raise RuntimeError(f"no kernel websocket in the page: {url!r}")
    session = f"session_id=bench-{uuid.uuid4().hex}"
    if "session_id=" in url:
        return re.sub(r"session_id=[^&]*", session, url)
    return f"{url}{'&' if '?' in url else '?'}{session}"


async def shown_at(page, title: str, clicked: float) -> float:
    """When ``page``'s "now" line first showed ``title`` after the click (ms)."""
    changes = await page.evaluate("window.__kitNow")
    return min(at for text, at in changes if text and title in text and at >= clicked)


async def pause(cdps) -> None:
    """Stop the pages' JavaScript at its next step: what arrives waits."""
    for cdp in cdps:
        await cdp.send("Debugger.enable")
    await asyncio.gather(*(c.send("Debugger.pause") for c in cdps))


async def resume(cdps) -> None:
    """Let the pages go on (one that ran no JavaScript meanwhile never paused)."""
    for cdp in cdps:
        with contextlib.suppress(PlaywrightError):  # "only while paused"
            await cdp.send("Debugger.resume")
        await cdp.send("Debugger.disable")


async def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True


async def device_switches(
    fac, pages, titles: list[str], server_pid: int, timeout_ms: int
) -> list[DeviceSwitch]:
    """Open each of ``titles`` in turn with every page but ``pages[0]`` paused."""
    listeners = [Listener(await kernel_socket(p)) for p in pages]
    tasks = [asyncio.create_task(each.run()) for each in listeners]
    paused = [await p.context.new_cdp_session(p) for p in pages[1:]]
    await asyncio.sleep(2)  # every listener connected
    results = []
    try:
        for title in titles:
            await pause(paused)
            results.append(
                await one_switch(fac, pages, listeners, title, server_pid, timeout_ms)
            )
            resumed = time.time() * 1000
            await resume(paused)
            await showing(pages, title, timeout_ms)
            clicked = results[-1].clicked
            drawn = [await shown_at(p, title, clicked) for p in pages[1:]]
            results[-1].drawn_while_paused = sum(at < resumed for at in drawn)
            await asyncio.sleep(3)
    finally:
        await resume(paused)
        for task in tasks:
            task.cancel()
    return results


async def one_switch(
    fac, pages, listeners: list[Listener], title: str, server_pid: int, timeout_ms: int
) -> DeviceSwitch:
    """Open ``title``; wait until every kernel sent it and the live page shows it."""
    cpu_before = tree_cpu_seconds(server_pid), browser_cpu_seconds()
    await (
        fac.locator(".kit-room-programme")
        .get_by_role("button", name=title, exact=True)
        .click()
    )
    clicked = await fac.evaluate("window.__kitClick")
    await showing(pages[:1], title, timeout_ms)
    if not await wait_until(
        lambda: all(each.arrived(title, clicked) for each in listeners),
        timeout_ms / 1000,
    ):
        raise TimeoutError(f"not every kernel sent {title!r} in time")
    room_cpu = tree_cpu_seconds(server_pid) - cpu_before[0]
    browser_cpu = browser_cpu_seconds() - cpu_before[1]
    arrivals = [each.arrived(title, clicked) or 0.0 for each in listeners]
    seen = await shown_at(pages[0], title, clicked)
    return DeviceSwitch(
        clicked=clicked,
        all_arrived=(max(arrivals) - clicked) / 1000,
        live_screen=(seen - clicked) / 1000,
        live_drawing=(seen - arrivals[0]) / 1000,
        room_cpu=room_cpu,
        browser_cpu=browser_cpu,
    )


async def showing(pages, title: str, timeout_ms: int) -> None:
    """Wait until every one of ``pages`` shows ``title`` as the activity."""
    await asyncio.gather(
        *(
            p.locator(".kit-room-now-text", has_text=title).wait_for(timeout=timeout_ms)
            for p in pages
        )
    )
