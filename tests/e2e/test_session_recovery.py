"""The session page in Dutch while it loads, and back on its feet when the
kernel connection drops: same seat, same activity, same answers."""

from __future__ import annotations

import os
import signal

from kit.testing.browser import open_page, page_problems
from kit.testing.room_pages import start_with_a_card

PAGE = "sessie.ipynb"
WAIT = 60_000


def kernel_id(page) -> str:
    return page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent)"
        ".kernelId"
    )


def kernel_pid(kid: str) -> int:
    """The process of kernel ``kid`` (its connection file names the id)."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                if f"kernel-{kid}".encode() in cmdline.read():
                    return int(entry)
        except OSError:
            continue
    raise AssertionError(f"no process for kernel {kid}")


def test_loading_says_in_dutch_what_happens(voila, browser):
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(voila.url(PAGE), wait_until="domcontentloaded")
    html = response.text()
    assert "Even geduld: de werkvorm wordt klaargezet…" in html
    assert "Running" not in html
    page.locator(".kit-roomgate").wait_for(timeout=WAIT)
    assert "Executing" not in page.inner_text("body")
    context.close()


def test_a_dropped_connection_comes_back_on_the_same_seat_and_activity(voila, browser):
    facilitator, link = start_with_a_card(browser, voila.url(PAGE))

    participant = open_page(browser, link)
    page = participant.page
    page.get_by_label("Schuilnaam").fill("Taaie eik")
    page.get_by_role("button", name="Doe mee").click()
    choose = page.locator(".kit-dilemma-choose")
    choose.wait_for(timeout=WAIT)
    choose.get_by_role("radio").nth(1).click()
    choose.get_by_role("radio", name="Redelijk zeker").click()
    choose.get_by_role("button", name="Bewaar mijn keuze").click()
    page.get_by_text("Je keuze:").wait_for(timeout=WAIT)

    # The socket drops (Wi-Fi hiccup): a Dutch banner, then the same kernel again.
    page.evaluate("window.kitRecover.sockets().forEach(s => s.close())")
    banner = page.locator(".kit-connection")
    banner.wait_for(state="attached", timeout=WAIT)  # shown (maybe only briefly)
    assert "verbinding" in banner.text_content()
    banner.wait_for(state="hidden", timeout=WAIT)
    first_kernel = kernel_id(page)

    # The kernel dies: the page says so, reloads by itself and lands on the
    # same seat and activity, with the choice that was saved.
    os.kill(kernel_pid(first_kernel), signal.SIGKILL)
    page.wait_for_function(
        f"document.getElementById('jupyter-config-data') &&"
        f" !document.getElementById('jupyter-config-data').textContent"
        f".includes('{first_kernel}')",
        timeout=WAIT,
    )
    page.locator(".kit-room-now-text", has_text="Kritische situaties").wait_for(
        timeout=WAIT
    )
    assert "Taaie eik" in page.inner_text(".kit-sessionbar-text")
    page.get_by_text("Je keuze:").wait_for(timeout=WAIT)
    assert choose.get_by_role("radio").nth(1).is_checked()
    assert page_problems(facilitator) == []
