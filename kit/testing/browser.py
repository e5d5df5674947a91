"""Headless Chromium through Playwright, with what a page test wants to know.

Playwright's own browser download does not work on these machines, so the
browser is, in order: ``$KIT_CHROMIUM``, Playwright's own Chromium if one is
installed, Debian's ``/usr/bin/chromium``. No browser is an error, not a skip.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kit.testing.strict import refuse_in_fast_loop

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
READY_SELECTOR = ".kit-root"


class NoBrowser(RuntimeError):
    """No Chromium to run browser tests with."""


def chromium_executable(playwright: Any) -> str | None:
    """Path for ``executable_path``; ``None`` means Playwright's own browser."""
    explicit = os.environ.get("KIT_CHROMIUM")
    if explicit:
        return explicit
    try:
        own = playwright.chromium.executable_path
    except Exception:
        own = ""
    if own and Path(own).exists():
        return None
    for candidate in (
        "/usr/bin/chromium",
        shutil.which("chromium") or "",
        shutil.which("chromium-browser") or "",
    ):
        if candidate and Path(candidate).exists():
            return candidate
    raise NoBrowser(
        "no Chromium found: install Debian's 'chromium' or set KIT_CHROMIUM"
    )


@contextmanager
def launched_browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    refuse_in_fast_loop("Chromium", "browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_executable(p), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageRecord:
    """Everything a page did that a test asserts on."""

    page: Any
    origin: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    ready_seconds: float = 0.0

    @property
    def offsite_requests(self) -> list[str]:
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme in ("http", "https", "ws", "wss")
            and f"{urlsplit(url).hostname}:{urlsplit(url).port}" != self.origin
        ]


def open_page(
    browser: Any,
    url: str,
    *,
    ready: str = READY_SELECTOR,
    timeout_ms: int = 90_000,
    viewport: dict[str, int] | None = None,
) -> PageRecord:
    """Open ``url`` in a fresh context and wait until ``ready`` is visible."""
    context = browser.new_context(
        viewport=viewport or {"width": 1280, "height": 900}, locale="nl-NL"
    )
    page = context.new_page()
    parts = urlsplit(url)
    record = PageRecord(page, f"{parts.hostname}:{parts.port}")
    page.on("request", lambda r: record.requests.append(r.url))
    page.on("requestfailed", lambda r: record.failed.append(r.url))
    page.on(
        "console",
        lambda m: record.console_errors.append(m.text) if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: record.page_errors.append(str(e)))
    page.on("websocket", lambda ws: record.requests.append(ws.url))
    start = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
    page.wait_for_selector(ready, state="visible", timeout=timeout_ms)
    record.ready_seconds = time.perf_counter() - start
    return record


def open_one_screen(
    browser: Any,
    url: str,
    *,
    ready: str = READY_SELECTOR,
    timeout_ms: int = 90_000,
    viewport: dict[str, int] | None = None,
) -> PageRecord:
    """Open a workshop page without a seat and choose one-screen use.

    A page opened without a seat shows the join form first; a test of the tool
    itself takes the secondary choice, "Werk op één scherm", as a person would.
    ``ready`` is then waited for in the tool.
    """
    record = open_page(
        browser, url, ready=".kit-chooser", timeout_ms=timeout_ms, viewport=viewport
    )
    page = record.page
    start = time.perf_counter()
    page.get_by_role("button", name="Werk op één scherm").click()
    page.wait_for_selector(".kit-sessiontop", state="visible", timeout=timeout_ms)
    page.wait_for_selector(ready, state="visible", timeout=timeout_ms)
    record.ready_seconds += time.perf_counter() - start
    return record


#: Workshop pages whose tool needs a seat: opened without one, they show the
#: join form first (the other pages show their content to anyone).
SEATED_PAGES = frozenset(
    {"afwegen", "kritische-situaties", "tegenspraak", "terugblik", "wie-raakt-het"}
)


def open_workshop(browser: Any, url: str, **options: Any) -> PageRecord:
    """Open any workshop page showing its tool: one-screen use where the page
    needs a seat (:data:`SEATED_PAGES`), else the page as it comes."""
    stem = Path(urlsplit(url).path).stem
    opener = open_one_screen if stem in SEATED_PAGES else open_page
    return opener(browser, url, **options)


def serious_axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious or critical axe-core violations (axe ships in axe-playwright-python)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response.get("violations", [])
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n.get("target") for n in v.get("nodes", [])][:5],
        }
        for v in violations
        if v.get("impact") in ("serious", "critical")
    ]


def page_problems(record: PageRecord) -> list[str]:
    """What makes a workshop page fail the kit's standard, as readable lines.

    Requests to any other host, console errors, uncaught page errors, failed
    requests, serious or critical axe violations, and Python tracebacks or
    warnings printed on the page.
    """
    problems = [f"offsite request: {url}" for url in record.offsite_requests]
    problems += [f"console error: {text}" for text in record.console_errors]
    problems += [f"page error: {text}" for text in record.page_errors]
    # The kernel-shutdown beacon sent while a page unloads is cut off by the
    # navigation itself; tests/e2e/test_kernels.py proves it reaches the server.
    problems += [
        f"failed request: {url}" for url in record.failed if "/api/shutdown/" not in url
    ]
    problems += [f"axe: {v}" for v in serious_axe_violations(record.page)]
    text = record.page.inner_text("body")
    for marker in ("Traceback (most recent call last)", "Warning:", "Error:"):
        if marker in text:
            problems.append(f"page shows {marker!r}")
    return problems


def tool_stylesheets(page: Any, timeout_ms: int = 30_000) -> set[str]:
    """The names of the tool stylesheets in the page's <head> (kit.widgets.styles).

    Waits for the shared one, which every tool sends first.
    """
    page.wait_for_selector(
        "head style#kit-styles-common", state="attached", timeout=timeout_ms
    )
    ids: list[str] = page.eval_on_selector_all(
        "head style[id^='kit-styles-']", "sheets => sheets.map(s => s.id)"
    )
    return {i.removeprefix("kit-styles-") for i in ids}


def background(page: Any, selector: str) -> str:
    """The computed background colour of the first element ``selector`` finds."""
    colour: str = page.locator(selector).first.evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    return colour
