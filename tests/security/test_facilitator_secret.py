"""Issue 14, Medium 5: a shared training-room PC does not hand over the
facilitator's seat.

In one real browser profile (one localStorage, as on a shared PC): the
facilitator's own tab comes back after a refresh without a question; a new tab
or a reopened browser asks "Verder als begeleider?" before it restores the
seat, forgets it on "Nee", and a stored seat older than a workshop day is
forgotten without asking.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kit.serve import ServeOptions
from kit.testing.browser import open_page, page_problems
from kit.testing.voila import VoilaServer, running_voila

# Voilà in real headless Chromium, as in tests/e2e (a failure, never a skip).
pytestmark = [pytest.mark.browser, pytest.mark.voila]
KEY_PREFIX = "wakkere-afweging:"


@pytest.fixture(scope="module")
def voila() -> Iterator[VoilaServer]:
    """A Voilà server on the workshops for this module's tests."""
    with running_voila(ServeOptions()) as server:
        yield server


def _start(browser: Any, voila: Any) -> tuple[Any, str]:
    record = open_page(browser, voila.url("start.ipynb"))
    record.page.get_by_role("button", name="Start een sessie voor de zaal").click()
    record.page.wait_for_selector(".kit-code", timeout=60_000)
    return record, record.page.inner_text(".kit-code").strip()


def _new_tab(record: Any, voila: Any) -> Any:
    """A new tab in the same browser profile (empty sessionStorage)."""
    page = record.page.context.new_page()
    page.goto(voila.url("start.ipynb"), wait_until="domcontentloaded")
    page.wait_for_selector(".kit-root", state="visible", timeout=90_000)
    return page


def _kept_secret(page: Any) -> bool:
    return bool(
        page.evaluate(
            """prefix => Object.keys(localStorage)
                .filter(k => k.startsWith(prefix))
                .some(k => (localStorage.getItem(k) || '').includes('secret'))""",
            KEY_PREFIX,
        )
    )


def test_a_new_tab_asks_before_it_restores_the_facilitator(voila, browser):
    facilitator, code = _start(browser, voila)
    page = facilitator.page

    # The facilitator's own tab: a refresh comes straight back.
    page.reload()
    page.wait_for_selector(".kit-code", timeout=60_000)
    assert page.inner_text(".kit-code").strip() == code

    # The next person on this PC opens Start: a question, not the session.
    other = _new_tab(facilitator, voila)
    other.get_by_role("heading", name="Verder als begeleider?").wait_for()
    assert other.locator(".kit-code").count() == 0
    assert code in other.inner_text(".kit-resume")
    other.get_by_role("button", name="Nee, vergeet deze sessie").click()
    other.get_by_role("button", name="Start een sessie voor de zaal").wait_for()
    assert other.locator(".kit-code").count() == 0
    assert not _kept_secret(other)

    # Forgotten for good: yet another tab shows the choices, no question.
    third = _new_tab(facilitator, voila)
    third.get_by_role("button", name="Start een sessie voor de zaal").wait_for()
    assert third.get_by_role("heading", name="Verder als begeleider?").count() == 0
    assert page_problems(facilitator) == []


def test_the_facilitator_can_say_yes_and_an_old_seat_expires(voila, browser):
    facilitator, code = _start(browser, voila)
    again = _new_tab(facilitator, voila)
    again.get_by_role("button", name="Ja, ga verder als begeleider").click()
    again.wait_for_selector(".kit-code", timeout=60_000)
    assert again.inner_text(".kit-code").strip() == code

    # Thirteen hours later the stored seat is past a workshop day.
    again.evaluate(
        """prefix => {
            const keys = Object.keys(localStorage).filter(k => k.startsWith(prefix));
            for (const k of keys) {
                const seat = JSON.parse(localStorage.getItem(k));
                seat.saved_at = Date.now() - 13 * 3600 * 1000;
                localStorage.setItem(k, JSON.stringify(seat));
            }
        }""",
        KEY_PREFIX,
    )
    later = _new_tab(facilitator, voila)
    later.get_by_role("button", name="Start een sessie voor de zaal").wait_for()
    assert later.get_by_role("heading", name="Verder als begeleider?").count() == 0
    assert later.locator(".kit-code").count() == 0
    assert not _kept_secret(later)
