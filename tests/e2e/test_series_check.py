"""Check before plan in real browsers: a facilitator and two participants.

A team's first session was held earlier (its takeaways and a closing are in the
store the room server uses). In Chromium the facilitator starts the second
session, types the team key and adds the session to the series; two
participants join by the link. Everyone sees what the team took along last
time; the facilitator types what the room says and saves the check; the
participants' pages show the answers without a reload. Then the Reeks page
opens with the team key and shows the series without any pseudonym.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kit.serve import ServeOptions, new_room_token
from kit.session import Seat
from kit.store import open_store
from kit.testing.browser import open_page, page_problems, serious_axe_violations
from kit.testing.voila import VoilaServer, running_voila

TAKEAWAY = "We bellen de uitvoering <eerder>"
ANSWERS = {
    "Wat deden we ermee?": "Twee keer gebeld voor een nota",
    "Wat gebeurde er?": "De nota werd scherper",
    "Wat nemen we verder mee?": "Bellen blijft, ook bij haast",
}
PEOPLE = ("Stille Uil", "Blauwe Otter")


@pytest.fixture(scope="module")
def room(tmp_path_factory) -> Iterator[tuple[VoilaServer, str]]:
    """A room server whose store already holds the team's first session."""
    url = f"sqlite:///{tmp_path_factory.mktemp('series-room') / 'store.sqlite3'}"
    with open_store(url) as store:
        team = store.create_team("Team Schuldhulp Noord")
        first = store.create_session("Sessie 1")
        lead = Seat(store, first.session, None, first.facilitator_secret)
        store.add_to_series(
            team.team.id, team.secret, first.session.id, first.facilitator_secret
        )
        lead.facilitator_event(
            "lookback", "_takeaways", "shared", {"lines": [TAKEAWAY]}
        )
        lead.facilitator_event(
            "dilemma",
            "nieuwe_regel_voor_vrijdag",
            "close",
            {"knowledge": "", "actions": "Eerst de uitvoering bellen", "power": ""},
        )
        lead.stop()
    options = ServeOptions(room_token=new_room_token(), store_url=url)
    with running_voila(options) as server:
        server.store_url = url  # type: ignore[attr-defined]
        yield server, team.secret


def _join(browser, link: str, name: str):
    record = open_page(browser, link)
    page = record.page
    page.get_by_label("Schuilnaam").fill(name)
    page.get_by_role("button", name="Doe mee").click()
    page.wait_for_selector(".kit-sessionbar-text", timeout=60_000)
    return record


def test_the_check_step_with_a_facilitator_and_two_participants(room, browser):
    voila, key = room
    facilitator = open_page(browser, voila.url("start.ipynb"))
    lead = facilitator.page
    lead.get_by_role("button", name="Start een sessie voor de zaal").click()
    lead.wait_for_selector(".kit-code", timeout=60_000)
    lead.get_by_label("Teamsleutel").fill(key)
    lead.get_by_role("button", name="Voeg toe aan de reeks").click()
    lead.get_by_text(
        "Deze sessie is sessie 2 in de reeks van Team Schuldhulp Noord"
    ).first.wait_for(timeout=60_000)
    assert TAKEAWAY in lead.inner_text(".kit-series-check")  # as text, not markup

    link = lead.locator(".kit-joininfo a").get_attribute("href") or ""
    people = [_join(browser, link, name) for name in PEOPLE]
    for person in people:
        person.page.get_by_text(TAKEAWAY).wait_for(timeout=60_000)
        shown = person.page.inner_text(".kit-series-check")
        assert "Eerst de uitvoering bellen" in shown
        assert "Teamsleutel" not in person.page.inner_text("body")

    for label, text in ANSWERS.items():
        lead.get_by_label(label).fill(text)
    lead.get_by_role("button", name="Bewaar de check").click()
    lead.get_by_text("De check is bewaard").wait_for(timeout=60_000)

    for person in people:  # the participants' pages follow without a reload
        person.page.get_by_text(ANSWERS["Wat nemen we verder mee?"]).wait_for(
            timeout=60_000
        )
        assert "Twee keer gebeld voor een nota" in person.page.inner_text(
            ".kit-series-check"
        )
    for record in (facilitator, *people):
        assert page_problems(record) == []


def test_the_series_page_opens_with_the_key_and_names_nobody(room, browser):
    voila, key = room
    record = open_page(browser, voila.url("reeks.ipynb"))
    page = record.page
    page.get_by_label("Teamsleutel").fill(key)
    page.get_by_role("button", name="Open de reeks").click()
    page.get_by_text("Reeksverslag: Team Schuldhulp Noord").wait_for(timeout=60_000)
    text = page.inner_text("body")
    assert TAKEAWAY in text
    for name in PEOPLE:
        assert name not in text
    assert page_problems(record) == []


def test_the_series_report_as_html_passes_axe_and_makes_no_request(room, browser):
    from kit.model import builtin_library
    from kit.report.series_report import export_series_report

    voila, key = room
    with open_store(voila.store_url) as store:
        html = export_series_report(
            store, key, "html", library=builtin_library()
        ).decode()
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_content(html, wait_until="load")
    assert [r for r in requests if not r.startswith("data:")] == []
    main = page.inner_text("main")
    assert "We bellen de uitvoering <eerder>" in main  # text, never markup
    assert ANSWERS["Wat gebeurde er?"] in main
    for name in PEOPLE:
        assert name not in page.content()
    assert serious_axe_violations(page) == []
    context.close()
