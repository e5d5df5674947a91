"""One live room in real browsers: nobody navigates after joining.

A facilitator (control view and, in a second window, the room view for the
beamer) and three participants (one on a 390×844 phone) go through a card with
a "wat als" round, the map, the matrix, the self-scan and the look back. The
participants never navigate, reload or type an address after joining; a late
joiner and a refresh mid-round land on the activity that is open, with their
answers.
"""

from __future__ import annotations

import json

from kit.testing.browser import open_page, page_problems, serious_axe_violations
from kit.testing.room_pages import (
    PAGE,
    PHONE,
    WAIT,
    join,
    now_showing,
    open_activity,
)


def watch_navigation(record) -> list[str]:
    """Every navigation of the page's main frame from now on."""
    seen: list[str] = []
    page = record.page
    page.on(
        "framenavigated",
        lambda frame: seen.append(frame.url) if frame == page.main_frame else None,
    )
    return seen


def secret_of(page) -> str:
    stored = page.evaluate(
        "Object.keys(sessionStorage).filter(k => k.startsWith('wakkere-afweging:'))"
        ".map(k => sessionStorage.getItem(k))"
    )
    return next(json.loads(s)["secret"] for s in stored if "secret" in json.loads(s))


def assert_room_view_is_clean(beamer, secret: str, names: list[str]) -> None:
    html = beamer.content()
    assert secret not in html
    for name in names:
        assert name not in html
    text = beamer.inner_text("body")
    for control in ("Beheer", "Verwijder de sessie", "Maak een exportbestand"):
        assert control not in text
    buttons = beamer.locator(".kit-beamer button:visible")
    assert buttons.all_inner_texts() == []


def test_a_whole_programme_without_anyone_navigating(voila, browser):
    facilitator = open_page(browser, voila.url(PAGE))
    fac = facilitator.page
    fac.get_by_role("button", name="Start een sessie voor de zaal").click()
    fac.locator(".kit-room-control").wait_for(timeout=WAIT)
    link = fac.locator(".kit-room-joinlink a").get_attribute("href") or ""
    assert f"token={voila.room_token}" in link

    # The room view opens in a second window of the facilitator's browser.
    with fac.context.expect_page() as opened:
        fac.get_by_role("link", name="Open het zaalscherm").click()
    beamer = opened.value
    beamer.set_viewport_size({"width": 1920, "height": 1080})
    beamer.locator(".kit-beamer .kit-code").wait_for(timeout=WAIT)
    code = beamer.inner_text(".kit-beamer .kit-code").strip()
    assert code in fac.inner_text(".kit-room-links")
    secret = secret_of(fac)

    names = ["Snelle das", "Wijze uil", "Stille reiger"]
    people = [
        join(browser, link, names[0]),
        join(browser, link, names[1], viewport=PHONE),
        join(browser, link, names[2]),
    ]
    navigations = [watch_navigation(p) for p in people]
    fac.locator(".kit-room-who summary", has_text="3 deelnemer").wait_for(timeout=WAIT)
    assert_room_view_is_clean(beamer, secret, names)

    # --- a card, with a "wat als" round ----------------------------------------------
    open_activity(fac, "Kritische situaties")
    for page in [beamer] + [p.page for p in people]:
        now_showing(page, "Kritische situaties")
    table = fac.locator(".kit-dilemma")
    table.get_by_role("button", name="Trek een kaart").click()
    table.locator(".kit-dilemma-browser .kit-card h2").wait_for(timeout=WAIT)
    table.get_by_role("button", name="Speel deze kaart").click()
    title = table.locator(".kit-dilemma-table .kit-card h2").inner_text()
    beamer.locator(".kit-dilemma-table .kit-card h2", has_text=title).wait_for(
        timeout=WAIT
    )

    def choose_all(round_text: str) -> None:
        for index, record in enumerate(people):
            choose = record.page.locator(".kit-dilemma-choose")
            choose.wait_for(timeout=WAIT)
            record.page.locator(".kit-dilemma-status", has_text=round_text).wait_for(
                timeout=WAIT
            )
            choose.get_by_role("radio").nth(index % 2).click()
            choose.get_by_role("radio", name="Redelijk zeker").click()
            choose.get_by_role("textbox").first.fill(f"Reden {round_text} {index}")
            choose.get_by_role("button", name="Bewaar mijn keuze").click()
            record.page.get_by_text("Je keuze:").wait_for(timeout=WAIT)

    choose_all("ronde 1")
    table.get_by_role("button", name="Antwoorden tonen").click()
    beamer.locator(".kit-dilemma-results .kit-chart svg").first.wait_for(timeout=WAIT)
    assert "Reden ronde 1 0" in beamer.inner_text(".kit-dilemma-results")
    assert_room_view_is_clean(beamer, secret, names)

    table.get_by_role("combobox", name="Wat als…").select_option(index=0)
    table.get_by_role("button", name="Speel deze variant").click()
    choose_all("ronde 2")

    # --- the map ------------------------------------------------------------------
    open_activity(fac, "Wie raakt het?")
    for page in [beamer] + [p.page for p in people]:
        now_showing(page, "Wie raakt het?")
    people[1].page.locator(".kit-proximity").wait_for(timeout=WAIT)
    assert_room_view_is_clean(beamer, secret, names)

    # --- the matrix ---------------------------------------------------------------
    open_activity(fac, "Afwegen")
    for page in [beamer] + [p.page for p in people]:
        now_showing(page, "Afwegen")
    people[0].page.locator(".kit-matrix").wait_for(timeout=WAIT)

    # --- the self-scan, with a late joiner and a refresh mid-round -------------------
    open_activity(fac, "Tegenspraak: zelfscan")
    for page in [beamer] + [p.page for p in people]:
        now_showing(page, "Tegenspraak: zelfscan")
    first = people[0].page.locator(".kit-speaking-scan .kit-speaking-item").nth(0)
    first.get_by_role("radio", name="Helemaal eens", exact=True).click()

    late = join(browser, link, "Late merel", viewport=PHONE)
    now_showing(late.page, "Tegenspraak: zelfscan")  # lands where the room is
    item = late.page.locator(".kit-speaking-scan .kit-speaking-item").nth(0)
    item.get_by_role("radio", name="Oneens", exact=True).click()
    late.page.get_by_text("Je hebt 1 van de").first.wait_for(timeout=WAIT)
    late.page.reload()  # a refresh mid-round
    now_showing(late.page, "Tegenspraak: zelfscan")
    again = late.page.locator(".kit-speaking-scan .kit-speaking-item").nth(0)
    assert again.get_by_role("radio", name="Oneens", exact=True).is_checked()

    fac.locator(".kit-speaking-scan").get_by_role(
        "button", name="Toon de antwoorden"
    ).click()
    beamer.locator(".kit-speaking-scan .kit-chart svg").first.wait_for(timeout=WAIT)
    assert_room_view_is_clean(beamer, secret, [*names, "Late merel"])

    # --- the look back --------------------------------------------------------------
    open_activity(fac, "Terugblik")
    for page in [beamer, late.page] + [p.page for p in people]:
        now_showing(page, "Terugblik")
    mine = people[2].page.locator(".kit-lookback")
    mine.get_by_role("textbox", name="Wat neem jij mee?").fill("Eerst de minderheid")
    mine.get_by_role("button", name="Bewaar wat ik meeneem").click()
    fac.get_by_text("1 deelnemer schreef iets op").wait_for(timeout=WAIT)

    # Nobody navigated after joining: every page is still the one they joined on.
    assert navigations == [[], [], []]
    assert_room_view_is_clean(beamer, secret, [*names, "Late merel"])
    for record in [facilitator, *people, late]:
        assert page_problems(record) == []
    assert serious_axe_violations(beamer) == []
