"""Two participants and a facilitator in one Voilà server play a card together."""

from __future__ import annotations

from kit.testing.browser import open_page, page_problems

CARDS = "kritische-situaties.ipynb"


def test_two_participants_answer_and_the_facilitator_sees_both(voila, browser):
    facilitator = open_page(browser, voila.url("start.ipynb"))
    fac = facilitator.page
    fac.get_by_role("button", name="Start een sessie voor de zaal").click()
    fac.wait_for_selector(".kit-code", timeout=60_000)
    code = fac.inner_text(".kit-code").strip()

    participants = []
    for name in ("Snelle das", "Wijze uil"):
        record = open_page(browser, voila.url("start.ipynb", code=code))
        record.page.get_by_label("Schuilnaam").fill(name)
        record.page.get_by_role("button", name="Doe mee").click()
        record.page.wait_for_selector(".kit-sessionbar-text", timeout=60_000)
        # Same browser, next workshop: the seat comes along without typing again,
        # and the room's cookie stands in for the token the join link carried.
        record.page.goto(f"{voila.base_url}/voila/render/{CARDS}")
        record.page.locator(".kit-dilemma").wait_for(timeout=90_000)
        assert name in record.page.inner_text(".kit-sessionbar-text")
        participants.append(record)

    fac.goto(voila.url(CARDS))
    fac.locator(".kit-dilemma").wait_for(timeout=90_000)
    assert "begeleider" in fac.inner_text(".kit-sessionbar-text")
    fac.get_by_role("button", name="Trek een kaart").click()
    fac.locator(".kit-dilemma-browser .kit-card h2").wait_for(timeout=30_000)
    fac.get_by_role("button", name="Speel deze kaart").click()
    title = fac.locator(".kit-dilemma-table .kit-card h2")
    title.wait_for(timeout=30_000)

    # The participants' screens follow the facilitator: the card and the choice form.
    for index, record in enumerate(participants):
        page = record.page
        choose = page.locator(".kit-dilemma-choose")
        choose.wait_for(timeout=15_000)
        assert (
            page.locator(".kit-dilemma-table .kit-card h2").inner_text()
            == title.inner_text()
        )
        choose.get_by_role("radio").nth(index).click()
        choose.get_by_role("radio", name="Redelijk zeker").click()
        choose.get_by_role("button", name="Bewaar mijn keuze").click()
        page.get_by_text("Je keuze:").wait_for(timeout=30_000)
        # Before the reveal nobody sees anyone's choice.
        assert page.locator(".kit-dilemma-results .kit-chart").count() == 0

    # Answers arrive on the facilitator's screen without a reload.
    fac.get_by_text("2 keuzes via een apparaat binnen").wait_for(timeout=30_000)
    fac.get_by_role("button", name="Antwoorden tonen").click()
    chart = fac.locator(".kit-dilemma-results .kit-chart-image").first
    chart.wait_for(timeout=60_000)
    label = chart.get_attribute("aria-label") or ""
    assert label.count(": 1 (1 via apparaat") == 2  # one vote on each of two options

    for record in participants:  # the reveal reaches every screen
        record.page.locator(".kit-dilemma-results .kit-chart svg").first.wait_for(
            timeout=30_000
        )
        assert page_problems(record) == []
    assert page_problems(facilitator) == []
