"""The dilemma-card page in Voilà: play, choose, reveal — offline and accessible."""

from __future__ import annotations

from kit.testing.browser import open_one_screen, page_problems

NOTEBOOK = "kritische-situaties.ipynb"
REASON = "Omdat <b>dit</b> telt"


def test_play_choose_and_reveal_with_the_real_controls(voila, browser):
    record = open_one_screen(browser, voila.url(NOTEBOOK))
    page = record.page
    tool = page.locator(".kit-dilemma")
    tool.wait_for(timeout=60_000)
    assert "Nog geen kaart op tafel" in tool.inner_text()

    # The facilitator (one screen: the same person) draws a card and plays it.
    page.get_by_role("button", name="Trek een kaart").click()
    page.locator(".kit-dilemma-browser .kit-card h2").wait_for(timeout=30_000)
    play = page.get_by_role("button", name="Speel deze kaart")
    play.focus()
    page.keyboard.press("Enter")
    table = page.locator(".kit-dilemma-table .kit-card h2")
    table.wait_for(timeout=30_000)
    assert table.inner_text().strip()

    # Choose alone: a radio by click, the confidence by keyboard, a reason typed.
    choose = page.locator(".kit-dilemma-choose")
    choose.wait_for(timeout=30_000)
    choose.get_by_role("radio").first.click()
    sure = choose.get_by_role("radio", name="Heel zeker")
    sure.focus()
    page.keyboard.press("Space")
    assert sure.is_checked()
    choose.get_by_role("textbox", name="Waarom? (mag leeg)").fill(REASON)
    choose.get_by_role("button", name="Bewaar mijn keuze").click()
    page.get_by_text("Je keuze: A (Heel zeker).").wait_for(timeout=30_000)
    # Nothing of the choices is in the page before the reveal.
    assert page.locator(".kit-dilemma-results .kit-chart").count() == 0

    page.get_by_role("button", name="Antwoorden tonen").click()
    chart = page.locator(".kit-dilemma-results .kit-chart svg").first
    chart.wait_for(timeout=60_000)
    assert page.locator(".kit-dilemma-results .kit-chart svg path").count() > 0
    label = page.locator(".kit-dilemma-results .kit-chart-image").first
    assert "Staafdiagram van de keuzes per optie: A." in (
        label.get_attribute("aria-label") or ""
    )
    results = page.locator(".kit-dilemma-results")
    # One voice is unanimous: the prompt asks who would disagree.
    assert "Iedereen koos A (" in results.inner_text()
    # The typed reason is shown as text, not as markup.
    assert REASON in results.inner_text()
    assert results.locator(".kit-reasons b").count() == 0
    assert choose.get_by_role("button", name="Bewaar mijn keuze").is_disabled()
    assert page_problems(record) == []

    # Close the card: what the group takes along, shown as "not a new rule".
    page.get_by_role("button", name="Afronden").click()
    power = page.get_by_role("textbox", name="Macht: wie beslist hier?")
    power.wait_for(timeout=30_000)
    power.fill("De wethouder bepaalt het tempo")
    page.get_by_role("button", name="Leg vast wat we meenemen").click()
    summary = page.locator(".kit-dilemma-closing")
    summary.wait_for(timeout=30_000)
    assert "De wethouder bepaalt het tempo" in summary.inner_text()
    assert "geen nieuwe regel" in summary.inner_text()

    # The form for the team's own card opens from the keyboard.
    toggle = page.get_by_role("button", name="Schrijf een eigen kaart")
    toggle.focus()
    page.keyboard.press("Enter")
    page.get_by_role("textbox", name="Titel").wait_for(timeout=30_000)
    assert page.get_by_role("checkbox", name="Nabijheid").count() == 1
    assert page_problems(record) == []
