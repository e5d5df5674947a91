"""Radio groups are one Tab stop with arrow keys inside (WAI-ARIA radio group)."""

from __future__ import annotations

from kit.testing.browser import open_one_screen, page_problems

NOTEBOOK = "tegenspraak.ipynb"
FOCUSED_ITEM = """() => {
  const item = document.activeElement && document.activeElement.closest(
    '.kit-speaking-scan .kit-speaking-item');
  return item ? [...document.querySelectorAll(
    '.kit-speaking-scan .kit-speaking-item')].indexOf(item) : -1;
}"""


def test_the_self_scan_takes_one_tab_stop_per_statement(voila, browser):
    record = open_one_screen(browser, voila.url(NOTEBOOK))
    page = record.page
    scan = page.locator(".kit-speaking-scan")
    items = scan.locator(".kit-speaking-item")
    items.first.wait_for(timeout=60_000)
    assert items.count() == 6
    assert scan.locator("[role=radiogroup]").count() == 6

    # Tab from just before the first statement through the whole scan.
    items.nth(0).get_by_role("radio").first.focus()
    page.keyboard.press("Shift+Tab")
    stops: list[int] = []
    for _ in range(40):
        page.keyboard.press("Tab")
        index = page.evaluate(FOCUSED_ITEM)
        if index == -1 and stops:
            break
        if index != -1:
            stops.append(index)
    assert stops == [0, 1, 2, 3, 4, 5]

    # Arrow keys move the choice inside one statement, and it is stored.
    first = items.nth(0).get_by_role("radio").first
    first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    second = items.nth(0).get_by_role("radio").nth(1)
    assert second.is_checked()
    assert page.evaluate("document.activeElement.type") == "radio"
    page.get_by_text("Je hebt 1 van de 6 stellingen beantwoord.").wait_for(
        timeout=30_000
    )
    assert page_problems(record) == []
