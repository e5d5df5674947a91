"""The first workshop page renders offline, accessibly and without errors."""

from __future__ import annotations

from kit.testing.browser import open_page, page_problems


def test_browse_page_renders_widget_and_chart_offline(voila, browser):
    record = open_page(browser, voila.url("kaarten-bekijken.ipynb"))
    page = record.page
    page.wait_for_selector(".kit-chart svg", timeout=60_000)

    assert page.locator(".kit-browser select").count() >= 4  # the filters
    assert (
        page.locator(".kit-chart svg .mark-rect path, .kit-chart svg path").count() > 0
    )
    # The chart has a text alternative a screen reader can read.
    label = page.locator(".kit-chart-image").first.get_attribute("aria-label")
    assert label
    assert "Beleid" in label
    assert page.evaluate("document.documentElement.lang") == "nl"
    # Chart text is drawn in the font the server measured it with, served locally.
    fonts = page.evaluate(
        "Array.from(document.fonts).filter(f => f.family.includes('Source Sans Pro'))"
        ".map(f => f.status)"
    )
    assert fonts == ["loaded", "loaded"]
    assert page_problems(record) == []


def test_drawing_a_card_shows_it_in_the_page(voila, browser):
    record = open_page(browser, voila.url("kaarten-bekijken.ipynb"))
    page = record.page
    page.get_by_role("button", name="Trek een kaart").click()
    card = page.locator(".kit-card h2")
    card.wait_for(timeout=30_000)
    assert card.inner_text().strip()
    assert page.locator(".kit-card .kit-options li").count() >= 2
    assert page_problems(record) == []
