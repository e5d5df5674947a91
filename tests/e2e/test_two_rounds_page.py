"""Two rounds of one card on a phone: round 2 shows nothing of round 1.

A facilitator (laptop) plays a card and a "wat als" variation; a participant on
a 390×844 phone chooses in both rounds. What round 1 said to them ("Je keuze is
bewaard", their choice, the spread) must be gone when round 2 starts.
"""

from __future__ import annotations

import re

from kit.model import builtin_library
from kit.testing.browser import open_page, page_problems

PHONE = {"width": 390, "height": 844}
WAIT = 60_000
CARD = builtin_library().deck("starter").card("nieuwe_regel_voor_vrijdag")

#: Everything round 1 says to the participant once they chose and saw the spread.
ROUND_1 = ("Je keuze is bewaard", "Je keuze: A (Heel zeker).", "Het moet kloppen.")


def visible_texts(page, selector: str) -> str:
    """The text of every visible element matching ``selector``, joined."""
    return "\n".join(
        el.inner_text() for el in page.locator(selector).all() if el.is_visible()
    )


def test_round_two_of_a_card_shows_no_message_from_round_one(voila, browser):
    fac = open_page(browser, voila.url("start.ipynb")).page
    fac.get_by_role("button", name="Start een sessie voor de zaal").click()
    bar = fac.locator(".kit-sessionbar-text", has_text="begeleider")
    bar.wait_for(timeout=WAIT)
    code = re.search(r"Sessie (\S+) ·", bar.inner_text())[1]
    fac.goto(voila.url("kritische-situaties.ipynb"), wait_until="domcontentloaded")
    fac.locator(".kit-dilemma").wait_for(timeout=WAIT)

    record = open_page(
        browser,
        voila.url("kritische-situaties.ipynb", code=code),
        ready=".kit-root",
        viewport=PHONE,
    )
    phone = record.page
    phone.get_by_label("Schuilnaam").fill("Blauwe reiger")
    phone.get_by_role("button", name="Doe mee").click()
    phone.locator(".kit-dilemma").wait_for(timeout=WAIT)

    # Round 1: choose, see it saved, see the spread.
    fac.get_by_label("Kaarten").select_option(label=f"{CARD.title} (Beleid)")
    fac.get_by_role("button", name="Speel deze kaart").click()
    choose = phone.locator(".kit-dilemma-choose")
    choose.wait_for(timeout=WAIT)
    choose.get_by_role("radio").first.click()
    choose.get_by_role("radio", name="Heel zeker").click()
    choose.get_by_role("textbox", name="Waarom? (mag leeg)").fill(ROUND_1[2])
    choose.get_by_role("button", name="Bewaar mijn keuze").click()
    phone.get_by_text(ROUND_1[1]).wait_for(timeout=WAIT)
    assert ROUND_1[0] in visible_texts(phone, ".kit-dilemma")
    fac.get_by_role("button", name="Antwoorden tonen").click()
    phone.locator(".kit-dilemma-results .kit-chart").first.wait_for(timeout=WAIT)
    assert ROUND_1[2] in visible_texts(phone, ".kit-dilemma-results")

    # Round 2: the facilitator plays "wat als…"; the phone follows by itself.
    fac.get_by_role("button", name="Speel deze variant").click()
    phone.locator(".kit-dilemma-variation").wait_for(timeout=WAIT)
    phone.get_by_text("ronde 2").first.wait_for(timeout=WAIT)
    shown = visible_texts(phone, ".kit-root")
    for said in ROUND_1:
        assert said not in shown, f"round 1 still says {said!r} in round 2"
    assert "Je hebt nog niet gekozen." in shown
    assert not phone.locator(".kit-dilemma-results").is_visible()
    radios = phone.locator(".kit-dilemma-choose").get_by_role("radio")
    assert not any(radio.is_checked() for radio in radios.all())
    reason = choose.get_by_role("textbox", name="Waarom? (mag leeg)")
    assert reason.input_value() == ""

    # Choosing in round 2 speaks of round 2 only.
    choose.get_by_role("radio").nth(1).click()
    choose.get_by_role("radio", name="Redelijk zeker").click()
    choose.get_by_role("button", name="Bewaar mijn keuze").click()
    phone.get_by_text("Je keuze: B (Redelijk zeker).").wait_for(timeout=WAIT)
    assert visible_texts(phone, ".kit-root").count("Je keuze is bewaard") == 1
    assert page_problems(record) == []
    for page in (fac, phone):
        page.context.close()
