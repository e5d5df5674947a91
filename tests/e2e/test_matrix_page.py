"""The weighing page in Voilà: set up, weigh, score, reveal — offline and accessible."""

from __future__ import annotations

from kit.testing.browser import open_one_screen, page_problems

NOTEBOOK = "afwegen.ipynb"
REASON = "Omdat <b>de huur</b> telt"


def test_weigh_score_and_reveal_with_the_real_controls(voila, browser):
    record = open_one_screen(browser, voila.url(NOTEBOOK), ready=".kit-matrix")
    page = record.page
    tool = page.locator(".kit-matrix")
    # The notice that a total is no decision is visible from the start.
    notice = page.get_by_text("Een totaalscore is een gespreksstarter, geen besluit.")
    assert notice.first.is_visible()

    # One screen: the facilitator sets the matrix up with the card's options/values.
    assert page.get_by_role("checkbox", name="Menselijke maat").is_checked()
    page.get_by_role("button", name="Zet de matrix klaar").click()
    page.get_by_text("De matrix staat klaar: 4 opties en 4 waarden.").wait_for(
        timeout=30_000
    )

    # The same person weighs and scores, one value at a time, with the real controls.
    form = page.locator(".kit-matrix-form")
    assert "Menselijke maat" in form.locator(".kit-matrix-value").inner_text()
    form.get_by_role("combobox", name="Gewicht").select_option(
        label="5 – weegt zeer zwaar"
    )
    page.get_by_text("Bewaard: Menselijke maat weegt 5.").wait_for(timeout=30_000)
    form.get_by_role("combobox", name="Score A").select_option(label="++ dient sterk")
    page.get_by_text("Bewaard: optie A op Menselijke maat: ++.").wait_for(
        timeout=30_000
    )
    reason = form.get_by_role("textbox", name="Waarom A?")
    reason.fill(REASON)
    reason.press("Enter")
    page.get_by_text("Bewaard: optie A op Menselijke maat: ++.").wait_for(
        timeout=30_000
    )
    form.get_by_role("combobox", name="Score B").select_option(label="weet ik niet")
    page.get_by_text("Bewaard: optie B op Menselijke maat: weet ik niet.").wait_for(
        timeout=30_000
    )
    # Before the reveal there is no picture in the page.
    assert tool.locator(".kit-matrix-team .kit-chart").count() == 0

    # Reveal from the keyboard.
    reveal = page.get_by_role("button", name="Toon het teambeeld")
    reveal.focus()
    page.keyboard.press("Enter")
    heatmap = page.locator(".kit-matrix-team .kit-chart svg").first
    heatmap.wait_for(timeout=60_000)
    cells = page.locator(".kit-matrix-team .kit-chart svg text", has_text="+2,0")
    assert cells.count() >= 1  # the number is printed in its cell
    label = page.locator(".kit-matrix-team .kit-chart-image").first
    assert "Heatmap van de gemiddelde scores van 1 deelnemer:" in (
        label.get_attribute("aria-label") or ""
    )
    team = page.locator(".kit-matrix-team").inner_text()
    assert "Er heeft maar één persoon ingevuld" in team
    assert "Menselijke maat: 50% weet het niet" in team
    assert "Wat zou je moeten geloven?" in team
    assert page_problems(record) == []

    # The justification, written in the form, is stored and shown back (escaped).
    justify = page.locator(".kit-matrix-justify")
    choice = justify.get_by_role("listbox", name="Onze keuze")  # long options wrap
    choice.select_option(index=0)
    justify.get_by_role("textbox", name="Waarom").fill(
        "Het <i>knelpunt</i> moet naar SZW"
    )
    justify.get_by_role("checkbox", name="Rechtmatigheid").check()
    justify.get_by_role("textbox", name="Opnieuw bekijken").fill("Over drie maanden")
    justify.get_by_role("button", name="Verantwoording bewaren").click()
    stored = page.locator(".kit-matrix-stored")
    stored.wait_for(timeout=30_000)
    assert "Het <i>knelpunt</i> moet naar SZW" in stored.inner_text()
    assert stored.locator("i").count() == 0
    # The facilitator's controls to change the matrix open from the keyboard.
    toggle = page.get_by_role("button", name="Opties en waarden aanpassen")
    toggle.focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Optie weghalen").wait_for(timeout=30_000)
    assert page_problems(record) == []
