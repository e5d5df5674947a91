"""A room in real browsers: the facilitator starts, participants join by link."""

from __future__ import annotations

from kit.testing.browser import open_page, page_problems


def start_session(browser, voila):
    facilitator = open_page(browser, voila.url("start.ipynb"))
    facilitator.page.get_by_role("button", name="Start een sessie voor de zaal").click()
    facilitator.page.wait_for_selector(".kit-code", timeout=60_000)
    return facilitator, facilitator.page.inner_text(".kit-code").strip()


def test_participants_join_by_link_and_come_back_after_refresh(voila, browser):
    facilitator, code = start_session(browser, voila)
    assert facilitator.page.locator(".kit-qr svg").count() == 1

    # The participant opens the join link the facilitator's page shows (the QR
    # code's address): it carries the room token, or the room would refuse it.
    link = facilitator.page.locator(".kit-joininfo a").get_attribute("href") or ""
    assert f"token={voila.room_token}" in link
    participant = open_page(browser, link)
    page = participant.page
    assert page.get_by_label("Sessiecode").input_value() == code
    page.get_by_label("Schuilnaam").fill("Stille <b>uil</b>")
    page.get_by_role("button", name="Doe mee").click()
    page.wait_for_selector(".kit-sessionbar-text", timeout=60_000)
    bar = page.inner_text(".kit-sessionbar-text")
    assert "Stille <b>uil</b>" in bar  # shown as text, not as markup

    facilitator.page.wait_for_function(
        "document.querySelector('.kit-count').innerText.includes('1 deelnemer')",
        timeout=30_000,  # follows without a reload; latency is in bench_room
    )
    page.reload()
    page.wait_for_selector(".kit-sessionbar-text", timeout=60_000)
    assert page.inner_text(".kit-sessionbar-text") == bar
    assert page_problems(participant) == []
    assert page_problems(facilitator) == []


def test_a_wrong_code_is_refused_in_dutch(voila, browser):
    record = open_page(browser, voila.url("start.ipynb", code="ACDE-FGHJ"))
    record.page.get_by_role("button", name="Doe mee").click()
    alert = record.page.get_by_role("alert")
    alert.wait_for(timeout=30_000)
    assert "geen sessie met deze code" in alert.inner_text()
    assert page_problems(record) == []
