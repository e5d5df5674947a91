"""Every workshop in the programme renders cleanly in Voilà."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.testing.browser import open_page, open_workshop, page_problems

WORKSHOPS = sorted((Path(__file__).resolve().parents[2] / "workshops").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", WORKSHOPS, ids=[p.stem for p in WORKSHOPS])
def test_workshop_renders_without_problems(voila, browser, notebook):
    record = open_workshop(browser, voila.url(notebook.name))
    page = record.page
    page.wait_for_load_state("networkidle")
    assert page.locator(".kit-root").count() >= 1
    assert page.locator("h1").count() == 1  # one title per page
    text = page.inner_text("body")
    assert "import kit" not in text  # no code visible
    assert page_problems(record) == []


def test_the_start_page_links_the_whole_programme(voila, browser):
    record = open_page(browser, voila.url("start.ipynb"))
    links = record.page.eval_on_selector_all(
        "a[href$='.ipynb']", "els => els.map(e => e.getAttribute('href'))"
    )
    expected = {
        "kritische-situaties.ipynb",
        "wie-raakt-het.ipynb",
        "afwegen.ipynb",
        "tegenspraak.ipynb",
        "terugblik.ipynb",
        "kaarten-bekijken.ipynb",
    }
    assert expected <= set(links)
    present = {p.name for p in WORKSHOPS}
    assert expected <= present, f"workshops still missing: {sorted(expected - present)}"
