"""The session report and the look-back workshop in real headless Chromium.

1. The HTML report, served by a tiny local http.server, is opened in a fresh
   browser: the only request it may make is for the file itself (no font,
   script, style or image from anywhere, not even from its own server), it logs
   no console error, and axe-core finds no serious or critical violation.
2. ``workshops/terugblik.ipynb`` in Voilà (one screen): a takeaway is typed and
   saved with the real controls, the team's takeaways recorded and revealed,
   the report made, and the download links appear and download a report that
   holds what was typed.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.model import Library
from kit.report.session_report import export_report
from kit.session import Seat
from kit.store import Store
from kit.testing.browser import (
    open_one_screen,
    page_problems,
    serious_axe_violations,
)
from kit.widgets.dilemma import build_dilemma_app
from kit.widgets.lookback import build_lookback_app
from kit.widgets.matrix import build_matrix_app
from kit.widgets.proximity import build_proximity_app
from kit.widgets.speaking import build_speaking_up_app
from kit.widgets.start import StartPanel

HOSTILE = "Omdat <script>alert(1)</script> <img src=x onerror=alert(2)> telt"


def _play_sample(store: Store, library: Library) -> str:
    """A session where every tool ran and every kind of chart has data."""
    new = store.create_session("Browsertest <verslag>")
    lead = Seat(store, new.session, None, new.facilitator_secret)
    people = []
    for name in ("Ada", "Bob", "Cas"):
        joined = store.add_participant(new.session.id, name)
        people.append(Seat(store, new.session, joined.participant))
    widgets = []
    start = StartPanel(lead)
    start.set_opgave("Wij herzien de terugvordering.")
    widgets.append(start)

    d_lead = build_dilemma_app(lead, library, live=False)
    d_people = [build_dilemma_app(p, library, live=False) for p in people]
    widgets += [d_lead, *d_people]
    d_lead.play("nieuwe_regel_voor_vrijdag")
    for w, (option, reason) in zip(
        d_people, [("a", HOSTILE), ("a", "Snel"), ("c", "Bellen")], strict=True
    ):
        w.refresh()
        w.choose(option, 2, reason)
    d_lead.reveal()
    d_lead.play_variation(d_lead.card("nieuwe_regel_voor_vrijdag").variations[0].id)
    for w, option in zip(d_people, "bac", strict=True):
        w.refresh()
        w.choose(option, 2, "Wat als")
    d_lead.reveal()
    d_lead.close_card("Kennis", "Acties", "Macht")

    m_lead = build_proximity_app(lead, library, template="toeslagen", live=False)
    m_people = [build_proximity_app(p, library, live=False) for p in people]
    widgets += [m_lead, *m_people]
    for w in m_people:
        w.refresh()
        w.place("ouders_met_toeslag", 4, "via_rapporten", 1, HOSTILE)
        w.place("uwv_en_svb", 2, "direct_contact", 3)
    m_lead.reveal()
    m_lead.plan_approach("ouders_met_toeslag", "werkbezoek", "Team Noord")

    card = "doorbraak_zoon_kostendelersnorm"
    x_lead = build_matrix_app(lead, library, card=card, live=False)
    x_lead.setup(["a", "b"], ["menselijke_maat", "rechtmatigheid"])
    x_people = [build_matrix_app(p, library, card=card, live=False) for p in people]
    widgets += [x_lead, *x_people]
    for w, score in zip(x_people, (2, -2, 0), strict=True):
        w.set_weight("menselijke_maat", 4)
        w.score("a", "menselijke_maat", score, reason=HOSTILE)
        w.score("b", "rechtmatigheid", 1)
        w.score("a", "rechtmatigheid", "?")
    x_lead.reveal()
    x_lead.justify("a", "Omdat het moet", ["rechtmatigheid"], "Gezinnen", "Maart")

    k_lead = build_speaking_up_app(lead, library, live=False)
    k_people = [build_speaking_up_app(p, library, live=False) for p in people]
    widgets += [k_lead, *k_people]
    beliefs = [b.id for b in library.beliefs]
    actions = [a.id for a in library.actions]
    for w, score in zip(k_people, (5, 1, 4), strict=True):
        w.rate(beliefs[0], score)
        w.stand(score, HOSTILE)
    k_lead.reveal("scan")
    k_lead.reveal("dilemma")
    k_lead.set_situation("Een regel raakt ouders hard")
    for w in k_people:
        w.refresh()
        w.pick_steps(actions[0], actions[3])
    k_lead.reveal("palette")

    b_people = [build_lookback_app(p, library, live=False) for p in people]
    widgets += b_people
    b_people[0].save_takeaways(HOSTILE)
    for w in widgets:
        w.close()
    for seat in (lead, *people):
        seat.stop()
    return new.session.code


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kit.model import builtin_library
    from kit.store import SqliteStore

    folder = tmp_path_factory.mktemp("report-page")
    library = builtin_library()
    with SqliteStore(folder / "store.sqlite3") as store:
        code = _play_sample(store, library)
        data = export_report(store, code, "html", library=library)
    path = folder / "verslag.html"
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def served(report_file: Path) -> Iterator[str]:
    """The report's folder on a local http.server (127.0.0.1, a free port)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(report_file.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{report_file.name}"
    finally:
        server.shutdown()
        server.server_close()


def test_html_report_makes_no_request_and_passes_axe(browser, served):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="nl-NL"
    )
    page = context.new_page()
    requests: list[str] = []
    console: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(served, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")

    # The file itself, and nothing else at all (data: URIs are not requests).
    assert [r for r in requests if not r.startswith("data:")] == [served]
    assert console == []
    assert errors == []
    # What participants typed is text on the page, never markup.
    assert "<script>alert(1)</script>" in page.inner_text("main")
    assert page.locator("main script, main img").count() == 0
    # The embedded font is the one the charts were measured with.
    assert page.evaluate("document.fonts.check('16px \"Source Sans Pro\"')")
    # Every chart is drawn, with a text alternative and its data as a table.
    charts = page.locator("main figure [role='img']")
    assert charts.count() >= 8
    for i in range(charts.count()):
        assert len(charts.nth(i).get_attribute("aria-label") or "") > 20
        box = charts.nth(i).locator("svg").bounding_box()
        assert box is not None
        assert box["width"] > 100
    assert page.get_by_role("navigation").count() == 1
    assert page.get_by_role("main").count() == 1
    assert serious_axe_violations(page) == []
    context.close()


def test_report_prints_without_the_navigation(browser, served):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(served, wait_until="load")
    page.emulate_media(media="print")
    assert page.locator("nav").is_hidden()
    assert page.pdf(format="A4")[:4] == b"%PDF"
    context.close()


def test_lookback_page_takeaways_and_report_downloads(voila, browser):
    record = open_one_screen(
        browser,
        voila.url("terugblik.ipynb"),
        ready=".kit-lookback",
        viewport={"width": 1366, "height": 900},
    )
    page = record.page
    root = page.locator(".kit-lookback")
    root.get_by_role("heading", name="Wat we vandaag vastlegden").wait_for(
        timeout=30_000
    )

    # One screen: the facilitator is also the room's participant.
    root.get_by_role("textbox", name="Wat neem jij mee?").fill(
        "Vaker bellen dan mailen\n<b>De minderheid</b> eerst"
    )
    root.get_by_role("button", name="Bewaar wat ik meeneem").click()
    root.get_by_text("Je hebt 2 punten bewaard.").wait_for(timeout=30_000)
    root.get_by_role("textbox", name="Wat neemt het team mee?").fill(
        "We letten erop dat de uitvoering meepraat"
    )
    root.get_by_role("button", name="Leg vast wat het team meeneemt").click()
    shared = root.locator(".kit-lookback-shared")
    shared.wait_for(timeout=30_000)
    assert "We letten erop dat de uitvoering meepraat" in shared.inner_text()
    assert root.locator(".kit-lookback-personal").count() == 0  # not yet shown

    root.get_by_role("button", name="Toon de punten aan de zaal").click()
    personal = root.locator(".kit-lookback-personal")
    personal.wait_for(timeout=30_000)
    assert "<b>De minderheid</b> eerst" in personal.inner_text()  # text, not markup
    assert personal.locator("b").count() == 0

    # The report: HTML (the default), then Word without reasons.
    root.get_by_role("button", name="Maak het verslag").click()
    links = root.locator("a.kit-lookback-download")
    links.first.wait_for(timeout=60_000)
    root.get_by_role("radio", name="Word (.docx)", exact=False).click()
    root.get_by_role("checkbox", name="Zonder redenen en toelichtingen").check()
    root.get_by_role("button", name="Maak het verslag").click()
    page.wait_for_function(
        "document.querySelectorAll('a.kit-lookback-download').length === 2",
        timeout=60_000,
    )
    names = [links.nth(i).get_attribute("download") or "" for i in range(2)]
    assert names[0].startswith("sessie-")
    assert names[0].endswith(".html")
    assert names[1].endswith("-zonder-redenen.docx")
    with page.expect_download() as download:
        links.first.click()
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert "We letten erop dat de uitvoering meepraat" in saved
    assert "Vaker bellen dan mailen" in saved
    assert "&lt;b&gt;De minderheid&lt;/b&gt; eerst" in saved

    # Back to Start, where the raw export and the delete button live.
    start = root.get_by_role("link", name="Naar Start")
    assert (start.get_attribute("href") or "").startswith("start.ipynb?code=")
    assert page_problems(record) == []
