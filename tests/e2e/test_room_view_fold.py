"""What the room looks at is on the first screen, in every state of every activity.

The room view (beamer, 1920×1080) is never scrolled: for each activity and
state its focus — the question while the room answers, the result after the
reveal, the "wat als" variation, the map, the matrix with its values, the
self-scan's statements, the look back — must lie wholly inside the viewport.
On the facilitator's laptop (1366×768) the played card and each activity that
is opened start on the first screen, above the deck browser.

The card is the deck's longest (most words, longest options): if it fits,
the others do.
"""

from __future__ import annotations

from kit.testing.room_pages import (
    LAPTOP,
    PAGE,
    PHONE,
    WAIT,
    join,
    now_showing,
    off_screen,
    open_activity,
    start_room,
)

LONGEST_CARD = "De doorbraak die niet mag (Uitvoering)"


def assert_on_screen(page, *selectors: str, margin: int = 0, now=False) -> None:
    problems = [off_screen(page, s, margin=margin, now=now) for s in selectors]
    assert [p for p in problems if p] == []


def test_the_focus_of_every_activity_is_on_the_first_screen(voila, browser):
    room = start_room(browser, voila.url(PAGE), viewport=LAPTOP)
    fac, beamer = room.control, room.beamer
    people = [
        join(browser, room.link, "Snelle das").page,
        join(browser, room.link, "Wijze uil", viewport=PHONE).page,
        join(browser, room.link, "Stille reiger").page,
    ]

    def opened(title: str) -> None:
        open_activity(fac, title)
        for page in [beamer, *people]:
            now_showing(page, title)
        # The control view: the activity starts on the laptop's first screen.
        assert_on_screen(fac, ".kit-stage", margin=150)

    # --- a card: the question, the results, a "wat als" round ----------------------
    opened("Kritische situaties")
    table = fac.locator(".kit-dilemma")
    table.get_by_role("listbox", name="Kaarten").select_option(label=LONGEST_CARD)
    table.get_by_role("button", name="Speel deze kaart").click()
    beamer.locator(".kit-beamer .kit-card h2").wait_for(timeout=WAIT)
    assert_on_screen(beamer, ".kit-beamer .kit-card")
    # Played from the browser below: the page brings the card into view.
    assert_on_screen(fac, ".kit-dilemma-table .kit-card h2", now=True)

    def choose_all(round_text: str) -> None:
        for index, page in enumerate(people):
            page.locator(".kit-dilemma-status", has_text=round_text).wait_for(
                timeout=WAIT
            )
            choose = page.locator(".kit-dilemma-choose")
            choose.get_by_role("radio").nth(index).click()
            choose.get_by_role("radio", name="Redelijk zeker").click()
            choose.get_by_role("button", name="Bewaar mijn keuze").click()
            page.get_by_text("Je keuze:").wait_for(timeout=WAIT)

    def reveal_and_check() -> None:
        table.get_by_role("button", name="Antwoorden tonen").click()
        beamer.locator(".kit-dilemma-results .kit-chart svg").first.wait_for(
            timeout=WAIT
        )
        assert_on_screen(
            beamer,
            ".kit-beamer .kit-card h2",
            ".kit-beamer .kit-dilemma-results .kit-chart",
            ".kit-beamer .kit-minority",
        )

    choose_all("ronde 1")
    reveal_and_check()
    table.get_by_role("combobox", name="Wat als…").select_option(index=0)
    table.get_by_role("button", name="Speel deze variant").click()
    beamer.locator(".kit-beamer .kit-dilemma-variation").wait_for(timeout=WAIT)
    assert_on_screen(
        beamer, ".kit-beamer .kit-dilemma-variation", ".kit-beamer .kit-card"
    )
    choose_all("ronde 2")
    reveal_and_check()
    assert_on_screen(beamer, ".kit-beamer .kit-dilemma-variation")

    # --- the map, about the card just played ---------------------------------------
    opened("Wie raakt het?")
    for page in people:
        form = page.locator(".kit-proximity")
        form.get_by_label("Stakeholder", exact=True).select_option(index=1)
        for group in ("Geraakt", "Nabijheid", "Stem"):
            radios = form.get_by_role("radiogroup", name=group, exact=True)
            radios.get_by_role("radio").nth(1).check()
        form.get_by_role("button", name="Plaats", exact=True).click()
        page.get_by_text("Geplaatst:").first.wait_for(timeout=WAIT)
    assert "De doorbraak die niet mag" in beamer.inner_text(".kit-focus-status")
    fac.get_by_role("button", name="Toon de gezamenlijke kaart").click()
    beamer.locator(".kit-proximity-map .kit-chart svg").first.wait_for(timeout=WAIT)
    assert_on_screen(
        beamer, ".kit-beamer .kit-focus-status", ".kit-beamer .kit-proximity-map"
    )

    # --- the matrix: the options and values, then the team picture ----------------
    opened("Afwegen")
    fac.get_by_role("button", name="Zet de matrix klaar").click()
    beamer.locator(".kit-beamer-question li").first.wait_for(timeout=WAIT)
    assert "Menselijke maat" in beamer.inner_text(".kit-beamer-question")
    assert_on_screen(beamer, ".kit-beamer .kit-beamer-question")
    for page in people:
        form = page.locator(".kit-matrix-form")
        form.get_by_role("combobox", name="Gewicht").select_option(index=2)
        form.get_by_role("combobox", name="Score A").select_option(index=1)
    fac.get_by_role("button", name="Toon het teambeeld").click()
    beamer.locator(".kit-matrix-picture .kit-chart svg").first.wait_for(timeout=WAIT)
    assert_on_screen(beamer, ".kit-beamer .kit-matrix-picture figure")

    # --- the self-scan: the statements, then what the team recognises --------------
    opened("Tegenspraak: zelfscan")
    assert_on_screen(beamer, ".kit-beamer .kit-beamer-question")
    for page in people:
        item = page.locator(".kit-speaking-scan .kit-speaking-item").first
        item.get_by_role("radio", name="Eens", exact=True).click()
        page.get_by_text("Je hebt 1 van de").first.wait_for(timeout=WAIT)
    fac.locator(".kit-speaking-scan").get_by_role(
        "button", name="Toon de antwoorden"
    ).click()
    beamer.locator(".kit-speaking-summary .kit-chart svg").first.wait_for(timeout=WAIT)
    assert_on_screen(beamer, ".kit-beamer .kit-speaking-summary")
    assert beamer.locator(".kit-beamer-question").locator("visible=true").count() == 0

    # --- the look back --------------------------------------------------------------
    opened("Terugblik")
    assert_on_screen(beamer, ".kit-beamer .kit-lookback")
