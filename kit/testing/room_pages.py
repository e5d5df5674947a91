"""The session page in real browsers: join, open an activity, see what is on screen.

Helpers for the browser tests of the live room (``workshops/sessie.ipynb``):
a facilitator's control view, the room view (beamer) in a second window, and
participants who join once by the link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kit.testing.browser import PageRecord, open_page

PAGE = "sessie.ipynb"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
BEAMER = {"width": 1920, "height": 1080}
WAIT = 60_000

# The element's box with every scrolled ancestor back at the top (what a
# person sees before anything scrolled), or as it stands now (``now``: after
# the page scrolled itself, e.g. to a message next to the button pressed).
_BOX = """([el, now]) => {
  const r = el.getBoundingClientRect();
  let down = now ? 0 : window.scrollY, right = now ? 0 : window.scrollX;
  for (let p = el.parentElement; p && !now; p = p.parentElement) {
    down += p.scrollTop; right += p.scrollLeft;
  }
  return {top: r.top + down, bottom: r.bottom + down,
          left: r.left + right, right: r.right + right};
}"""


@dataclass
class Room:
    """A started session: the facilitator's page, the room view, the join link."""

    facilitator: PageRecord
    beamer: Any
    link: str

    @property
    def control(self) -> Any:
        return self.facilitator.page


def start_session(
    browser: Any, url: str, viewport: dict[str, int] | None = None
) -> tuple[PageRecord, str]:
    """Start a session for the room at ``url``: the control view and the join link."""
    facilitator = open_page(browser, url, viewport=viewport)
    fac = facilitator.page
    fac.get_by_role("button", name="Start een sessie voor de zaal").click()
    fac.locator(".kit-room-control").wait_for(timeout=WAIT)
    return facilitator, fac.locator(".kit-room-joinlink a").get_attribute("href") or ""


def start_with_a_card(browser: Any, url: str) -> tuple[PageRecord, str]:
    """Start a session, open Kritische situaties and play a drawn card."""
    facilitator, link = start_session(browser, url)
    fac = facilitator.page
    open_activity(fac, "Kritische situaties")
    table = fac.locator(".kit-dilemma")
    table.get_by_role("button", name="Trek een kaart").click()
    table.locator(".kit-dilemma-browser .kit-card h2").wait_for(timeout=WAIT)
    table.get_by_role("button", name="Speel deze kaart").click()
    return facilitator, link


def start_room(browser: Any, url: str, viewport: dict[str, int] | None = None) -> Room:
    """Start a session on the page at ``url`` and open its room view (1920×1080)."""
    facilitator, link = start_session(browser, url, viewport)
    fac = facilitator.page
    with fac.context.expect_page() as opened:
        fac.get_by_role("link", name="Open het zaalscherm").click()
    beamer = opened.value
    beamer.set_viewport_size(BEAMER)
    beamer.locator(".kit-beamer .kit-code").wait_for(timeout=WAIT)
    return Room(facilitator, beamer, link)


def now_showing(page: Any, title: str) -> None:
    """Wait until the page says the room is on ``title`` (no reload involved)."""
    page.locator(".kit-room-now-text", has_text=title).wait_for(timeout=WAIT)


def open_activity(fac: Any, name: str) -> None:
    programme = fac.locator(".kit-room-programme")
    programme.get_by_role("button", name=name, exact=True).click()


def join(
    browser: Any, link: str, name: str, viewport: dict[str, int] | None = None
) -> PageRecord:
    record = open_page(browser, link, viewport=viewport)
    page = record.page
    page.get_by_label("Schuilnaam").fill(name)
    page.get_by_role("button", name="Doe mee").click()
    page.locator(".kit-room-participant").wait_for(timeout=WAIT)
    return record


def off_screen(
    page: Any, selector: str, *, margin: int = 0, now: bool = False
) -> str | None:
    """Why ``selector`` is not wholly on the first screen, or ``None`` if it is.

    The first screen is the viewport with nothing scrolled (``now``: the
    viewport as the page scrolled itself, nobody having scrolled by hand);
    ``margin``: only the element's first ``margin`` pixels need to be on it.
    """
    # The room page keeps every built tool, hidden but the one shown: look at
    # what is visible.
    found = page.locator(selector).locator("visible=true")
    if found.count() == 0:
        return f"{selector}: not shown"
    box = found.first.evaluate(f"(el) => ({_BOX})([el, {str(now).lower()}])")
    size = page.viewport_size
    bottom = box["top"] + margin if margin else box["bottom"]
    # A pixel either way is rounding (a scrolled page lands on sub-pixels).
    if box["top"] < -1 or box["left"] < -1 or box["right"] > size["width"] + 1:
        return f"{selector}: {box} not inside {size}"
    if bottom > size["height"] + 1:
        return f"{selector}: reaches {round(bottom)} px, the screen {size['height']}"
    return None
