"""The speaking-up page in Voilà: answer with the real controls, reveal, see the
charts — offline, accessible, and with participant text shown as text."""

from __future__ import annotations

from kit.testing.browser import open_one_screen, page_problems

NOTEBOOK = "tegenspraak.ipynb"
REASON = "Omdat <b>dit</b> telt"


def test_self_scan_rate_reveal_and_chart(voila, browser):
    record = open_one_screen(browser, voila.url(NOTEBOOK))
    page = record.page
    tool = page.locator(".kit-speaking")
    tool.wait_for(timeout=60_000)
    scan = page.locator(".kit-speaking-scan")
    items = scan.locator(".kit-speaking-item")
    assert items.count() == 6  # five blocking beliefs and the shared dilemma

    # One screen: the facilitator is also the room's one participant.
    items.nth(0).get_by_role("radio", name="Helemaal eens", exact=True).click()
    page.get_by_text("Je hebt 1 van de 6 stellingen beantwoord.").wait_for(
        timeout=30_000
    )
    # ... and by keyboard only: focus the answer and press Space.
    disagree = items.nth(1).get_by_role("radio", name="Oneens", exact=True)
    disagree.focus()
    page.keyboard.press("Space")
    page.get_by_text("Je hebt 2 van de 6 stellingen beantwoord.").wait_for(
        timeout=30_000
    )
    assert disagree.is_checked()
    items.nth(5).get_by_role("radio", name="Weet ik niet", exact=True).click()
    page.get_by_text("Je hebt 3 van de 6 stellingen beantwoord.").wait_for(
        timeout=30_000
    )
    # Nothing of the answers is in the page before the reveal.
    assert scan.locator(".kit-chart").count() == 0
    assert "Het meest herkend" not in scan.inner_text()

    scan.get_by_role("button", name="Toon de antwoorden").click()
    chart = scan.locator(".kit-chart svg").first
    chart.wait_for(timeout=60_000)
    assert scan.locator(".kit-chart svg path").count() > 0
    label = scan.locator(".kit-chart-image").first.get_attribute("aria-label") or ""
    assert "Gestapeld staafdiagram van de zelfscan per stelling" in label
    assert "1. De minister uit de wind houden: 1 helemaal eens" in label
    summary = scan.locator(".kit-speaking-summary").inner_text()
    assert "Het meest herkend: 1. De minister uit de wind houden" in summary
    # The explanation and the counter-question open the conversation.
    assert "Tegenvraag om het gesprek te openen" in scan.inner_text()
    # After the reveal the answers are locked.
    assert items.nth(0).get_by_role("radio", name="Eens", exact=True).is_disabled()

    assert page_problems(record) == []


def test_dilemma_and_palette_with_the_real_controls(voila, browser):
    record = open_one_screen(browser, voila.url(NOTEBOOK))
    page = record.page
    page.locator(".kit-speaking").wait_for(timeout=60_000)

    # --- the shared dilemma: a place on the scale and a reason with markup ---------
    page.get_by_role("button", name="2. Loyaal of drammer?").click()
    dilemma = page.locator(".kit-speaking-dilemma")
    dilemma.wait_for(state="visible", timeout=30_000)
    dilemma.get_by_role("textbox", name="Waarom? (mag leeg)").fill(REASON)
    dilemma.get_by_role("radio", name="5. Blijven aandringen", exact=False).click()
    dilemma.get_by_role("button", name="Bewaar mijn plek").click()
    dilemma.get_by_text("Jouw plek: Blijven aandringen.").wait_for(timeout=30_000)
    assert dilemma.locator(".kit-reasons").count() == 0

    dilemma.get_by_role("button", name="Toon de antwoorden").click()
    dilemma.locator(".kit-chart svg").first.wait_for(timeout=60_000)
    reasons = dilemma.locator(".kit-speaking-reasons")
    assert REASON in reasons.inner_text()  # shown as text ...
    assert reasons.locator("b").count() == 0  # ... never as markup

    # --- the palette: the team's situation, two steps, the room's picture ---------
    page.get_by_role("button", name="3. Het palet").click()
    palette = page.locator(".kit-speaking-palette")
    palette.wait_for(state="visible", timeout=30_000)
    assert palette.locator(".kit-speaking-step").count() == 15
    palette.get_by_role("textbox", name="Situatie (typ)").fill(
        "Een nieuwe regel raakt ouders harder dan bedoeld"
    )
    palette.get_by_role("button", name="Leg deze situatie voor").click()
    palette.locator(".kit-speaking-situation blockquote").wait_for(timeout=30_000)
    now = palette.get_by_role("combobox", name="Wat zou jij nu doen?")
    now.select_option(label="3. Een collega om raad vragen")
    far = palette.get_by_role("combobox", name="Hoe ver zou je gaan?")
    far.select_option(label="8. Je zorg op papier zetten en laten vastleggen")
    palette.get_by_text("Jouw stappen: nu 3. Een collega om raad vragen").wait_for(
        timeout=30_000
    )

    palette.get_by_role("button", name="Toon de antwoorden").click()
    palette.locator(".kit-chart svg").first.wait_for(timeout=60_000)
    label = palette.locator(".kit-chart-image").first.get_attribute("aria-label")
    assert "3. Een collega om raad vragen: nu 1" in (label or "")
    assert "Er is geen goede stap." in palette.inner_text()

    assert page_problems(record) == []
