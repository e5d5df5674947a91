"""A participant takes their seat back on a new device (issue 13).

Three fresh browser contexts stand for three devices: the phone a participant
joined and answered on, a laptop where the same person goes on with the session
code, their pseudonym and the recovery word they noted, and someone else who
tries the pseudonym with a wrong word.
"""

from __future__ import annotations

from kit.testing.browser import open_page, page_problems
from kit.testing.room_pages import start_with_a_card

PAGE = "sessie.ipynb"
PHONE = {"width": 390, "height": 844}
WAIT = 60_000
NAME = "Taaie eik"


def ask_for_the_seat(browser, link: str):
    """A fresh device joins under the pseudonym that is taken."""
    record = open_page(browser, link, viewport=PHONE)
    page = record.page
    page.get_by_label("Schuilnaam").fill(NAME)
    page.get_by_role("button", name="Doe mee").click()
    page.get_by_text("al in gebruik").wait_for(timeout=WAIT)
    return record


def test_a_new_device_takes_the_seat_back_with_the_recovery_word(voila, browser):
    facilitator, link = start_with_a_card(browser, voila.url(PAGE))

    # Device A: join, note the word, answer.
    phone = open_page(browser, link, viewport=PHONE)
    a = phone.page
    a.get_by_label("Schuilnaam").fill(NAME)
    a.get_by_role("button", name="Doe mee").click()
    word = a.locator(".kit-recovery-word").inner_text(timeout=WAIT).strip()
    assert len(word.split()) == 3
    choose = a.locator(".kit-dilemma-choose")
    choose.wait_for(timeout=WAIT)
    choose.get_by_role("radio").nth(1).click()
    choose.get_by_role("radio", name="Redelijk zeker").click()
    choose.get_by_role("button", name="Bewaar mijn keuze").click()
    a.get_by_text("Je keuze:").wait_for(timeout=WAIT)

    # Device C: the pseudonym with a wrong word is refused, in Dutch.
    thief = ask_for_the_seat(browser, link)
    c = thief.page
    wrong = "aap bal bes" if word != "aap bal bes" else "aap bal bij"
    c.get_by_label("Herstelwoord").fill(wrong)
    c.get_by_role("button", name="Doe mee").click()
    c.get_by_text("hoort niet bij deze schuilnaam").wait_for(timeout=WAIT)
    assert c.locator(".kit-room-participant").count() == 0
    assert c.locator(".kit-sessionbar-text").count() == 0  # no seat at all

    # Device B: the same person with the word gets the seat and the answer.
    laptop = ask_for_the_seat(browser, link)
    b = laptop.page
    b.get_by_label("Herstelwoord").fill(word.upper())
    b.get_by_role("button", name="Doe mee").click()
    b.get_by_text("Welkom terug").wait_for(timeout=WAIT)
    assert NAME in b.inner_text(".kit-sessionbar-text")
    b.get_by_text("Je keuze:").wait_for(timeout=WAIT)
    assert b.locator(".kit-dilemma-choose").get_by_role("radio").nth(1).is_checked()
    assert b.locator(".kit-recovery-word").count() == 0  # not shown a second time

    # The facilitator's page shows nothing of the word.
    fac = facilitator.page
    assert word not in fac.inner_text("body")
    for record in (facilitator, phone, thief, laptop):
        assert page_problems(record) == []
        record.page.context.close()
