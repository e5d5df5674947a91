"""The session report, opened and read back the way a facilitator would.

A sample session is played through the tools' own widget methods in a real
SQLite store: three participants and a facilitator set the opgave, play a card
with a "wat als" round and close it, place stakeholders and agree an approach,
weigh a matrix and justify the choice, fill in the speaking-up self-scan, the
shared dilemma and the palette, write an own card, and record takeaways in the
look-back workshop. The report is then rendered in all three formats and each
file is opened: the HTML parsed as HTML, the .docx with python-docx, the
Markdown rendered with mistune. Every answer, reason and justification typed
must be in each, no pseudonym may be anywhere, and `--zonder-redenen` must
leave the participants' free text out.

Decision (documented in kit.report.session_report): the report names no
pseudonym at all, not even in a list of who took part; it gives the number.
"""

from __future__ import annotations

import html
import io
import itertools
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import docx
import mistune
import pytest
from docx.oxml.ns import qn

from kit.cli import main
from kit.model import Library
from kit.model import lookback as L
from kit.report.markdown import md_escape
from kit.report.session_report import (
    build_document,
    export_report,
    file_name,
    render,
    session_document,
)
from kit.session import Seat
from kit.store import SqliteStore, Store
from kit.widgets.dilemma import build_dilemma_app
from kit.widgets.lookback import build_lookback_app
from kit.widgets.matrix import build_matrix_app
from kit.widgets.proximity import build_proximity_app
from kit.widgets.speaking import build_speaking_up_app
from kit.widgets.start import StartPanel

PSEUDONYMS = ("Zilveren Reiger", "Blauwe Otter", "Rode Vosje")
CARD = "nieuwe_regel_voor_vrijdag"
MATRIX_CARD = "doorbraak_zoon_kostendelersnorm"
HOSTILE = "Omdat <script>alert('x')</script> & <b>vet</b> | pijp"
STAKEHOLDER = "Buurtteam | wijk <b>Oost</b>"
SITUATION = " ".join(["Het is maandagochtend en de wachtlijst groeit snel."] * 10)


@dataclass
class Sample:
    """The sample session and every text typed in it, by kind."""

    store: Store
    lead: Seat
    code: str
    reasons: list[str] = field(default_factory=list)  # participants' free text
    team: list[str] = field(default_factory=list)  # recorded by the facilitator
    answers: list[str] = field(default_factory=list)  # what was chosen/listed


def _seat(store: Store, lead: Seat, pseudonym: str) -> Seat:
    joined = store.add_participant(lead.session.id, pseudonym)
    return Seat(store, lead.session, joined.participant)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory, library: Library):
    """Built once for this module (it takes a while); tests only read it."""
    store = SqliteStore(tmp_path_factory.mktemp("report") / "store.sqlite3")
    new = store.create_session("Teamdag <Toeslagen> & meer")
    lead = Seat(store, new.session, None, new.facilitator_secret)
    people = [_seat(store, lead, p) for p in PSEUDONYMS]
    s = Sample(store, lead, new.session.code)
    widgets = []

    # --- Start: the opgave -----------------------------------------------------------
    start = StartPanel(lead)
    opgave = "Wij herzien de terugvordering <zonder> hardheid & met ruimte."
    start.set_opgave(opgave)
    s.team.append(opgave)
    widgets.append(start)

    # --- Dilemma card: choose, reveal, a "wat als" round, close ----------------------
    d_lead = build_dilemma_app(lead, library, live=False)
    d_people = [build_dilemma_app(p, library, live=False) for p in people]
    widgets += [d_lead, *d_people]
    d_lead.play(CARD)
    for w in d_people:
        w.refresh()
    first = [
        ("a", 3, HOSTILE),
        ("a", 2, "De minister moet kunnen kiezen"),
        ("c", 1, "Even bellen met drie gemeenten kost weinig"),
    ]
    for w, (option, sure, reason) in zip(d_people, first, strict=True):
        w.choose(option, sure, reason)
        assert w.messages.last[0] == "ok", w.messages.last
    d_lead.reveal()
    card = d_lead.card(CARD)
    d_lead.play_variation(card.variations[0].id)
    for w in d_people:
        w.refresh()
    second = [
        ("b", 2, "Nu het op televisie was, eerst toetsen"),
        ("a", 2, "Blijf bij de brief, risico's in de nota"),
        ("c", 1, "Bellen blijft goedkoper dan herstellen"),
    ]
    for w, (option, sure, reason) in zip(d_people, second, strict=True):
        w.choose(option, sure, reason)
    d_lead.reveal()
    d_lead.close_card(
        "Hoe de regel uitpakt voor mensen zonder vast adres",
        "Eerst de uitvoering bellen voordat we een tekst vastleggen",
        "Wie bepaalt het tempo: de minister of de uitvoering?",
    )
    assert d_lead.close_messages.last[0] == "ok", d_lead.close_messages.last
    s.reasons += [r for _, _, r in first + second]
    s.team += [
        "Hoe de regel uitpakt voor mensen zonder vast adres",
        "Eerst de uitvoering bellen voordat we een tekst vastleggen",
        "Wie bepaalt het tempo: de minister of de uitvoering?",
    ]
    s.answers += [
        card.title,
        card.variations[0].title,
        *(o.label for o in card.options),
    ]
    own_id = d_people[0].write_card(
        title="Onze eigen kaart over de balie",
        role="uitvoering",
        setting="Je staat aan de balie van de gemeente.",
        situation=SITUATION,
        values=["menselijke_maat", "rechtsgelijkheid"],
        options=[
            ("Ik wijs af volgens de regel", "Iedereen gelijk."),
            ("Ik maak een uitzondering", "De regel past hier niet."),
            ("", ""),
        ],
        questions=["Wie beslist hier eigenlijk?", "Wat weet je niet?", ""],
        note="Vraag naar het verhaal.",
    )
    assert own_id, d_people[0].own_messages.last
    s.reasons += ["Onze eigen kaart over de balie", "Ik maak een uitzondering"]

    # --- Proximity map: place, add, reveal, agree an approach ------------------------
    m_lead = build_proximity_app(lead, library, template="toeslagen", live=False)
    m_people = [build_proximity_app(p, library, live=False) for p in people]
    widgets += [m_lead, *m_people]
    for w in m_people:
        w.refresh()
    added = m_people[0].add_stakeholder(STAKEHOLDER, "netwerk")
    assert added is not None, m_people[0].messages.last
    notes = [
        "Zij horen het pas via de krant",
        "Via de cliëntenraad horen we soms iets",
        "Niemand van ons kent iemand daar",
    ]
    for w, note in zip(m_people, notes, strict=True):
        w.refresh()
        placed = w.place("ouders_met_toeslag", 4, "via_rapporten", 1, note)
        assert placed is not None, w.messages.last
        w.place("kinderen_in_het_gezin", 4, "niet_in_beeld", 1)
        w.place(added.id, 2, "direct_contact", 2)
    m_lead.reveal()
    planned = m_lead.plan_approach(
        "ouders_met_toeslag", "keukentafelgesprek", "Team Noord, voor 1 maart"
    )
    assert planned is not None, m_lead.messages.last
    m_lead.plan_approach(
        "kinderen_in_het_gezin", "eigen", "De Kinderombudsman", "Een schoolbezoek"
    )
    s.reasons += notes
    s.team += ["Team Noord, voor 1 maart", "Een schoolbezoek", "De Kinderombudsman"]
    s.answers += [STAKEHOLDER, "Een keukentafelgesprek voeren"]

    # --- Matrix: weights, scores with reasons, reveal, justification -----------------
    x_lead = build_matrix_app(lead, library, card=MATRIX_CARD, live=False)
    x_lead.setup(["a", "b", "c"], ["menselijke_maat", "rechtmatigheid"])
    x_people = [
        build_matrix_app(p, library, card=MATRIX_CARD, live=False) for p in people
    ]
    widgets += [x_lead, *x_people]
    scores = [
        (5, 2, "De mens <achter> de regel"),
        (1, -2, "De wet is de wet"),
        (3, 0, ""),
    ]
    for w, (weight, score, reason) in zip(x_people, scores, strict=True):
        w.set_weight("menselijke_maat", weight)
        w.score("a", "menselijke_maat", score, reason=reason)
        w.score("b", "menselijke_maat", 1)
        w.score("a", "rechtmatigheid", -2, reason="Strijdig met artikel 3 | lid 2")
        w.score("b", "rechtmatigheid", "?")
        w.score("c", "rechtmatigheid", 1)
    x_lead.reveal()
    why = "De wet laat geen ruimte;\ndit geval moet naar de wetgever."
    justified = x_lead.justify(
        "a",
        why,
        ["menselijke_maat"],
        "Gezinnen die nooit in een doorbraakoverleg komen",
        "Na het antwoord van SZW, uiterlijk over drie maanden",
    )
    assert justified is not None, x_lead.messages.last
    s.reasons += ["De mens <achter> de regel", "De wet is de wet"]
    s.reasons += ["Strijdig met artikel 3 | lid 2"]
    s.team += [
        "De wet laat geen ruimte;",
        "dit geval moet naar de wetgever.",
        "Gezinnen die nooit in een doorbraakoverleg komen",
        "Na het antwoord van SZW, uiterlijk over drie maanden",
        justified.choice_label,
    ]

    # --- Speaking up: self-scan, shared dilemma, palette -----------------------------
    k_lead = build_speaking_up_app(lead, library, live=False)
    k_people = [build_speaking_up_app(p, library, live=False) for p in people]
    widgets += [k_lead, *k_people]
    beliefs = [b.id for b in library.beliefs]
    for w, (one, two) in zip(k_people, [(5, 1), (4, 5), (4, 3)], strict=True):
        w.rate(beliefs[0], one)
        w.rate(beliefs[1], two)
    k_lead.reveal("scan")
    stands = ["Ik leg mijn bezwaar vast en voer uit", "Blijven aandringen <altijd>"]
    k_people[0].stand(2, stands[0])
    k_people[1].stand(5, stands[1])
    k_lead.reveal("dilemma")
    k_lead.set_situation("Een nieuwe regel raakt ouders harder dan bedoeld")
    actions = [a.id for a in library.actions]
    for w in k_people:
        w.refresh()
        assert w.pick_steps(actions[1], actions[4]) is not None, w.messages.last
    k_lead.reveal("palette")
    s.reasons += stands
    s.answers += ["Een nieuwe regel raakt ouders harder dan bedoeld"]

    # --- Look back: personal and shared takeaways ------------------------------------
    b_lead = build_lookback_app(lead, library, live=False)
    b_people = [build_lookback_app(p, library, live=False) for p in people]
    widgets += [b_lead, *b_people]
    mine = [
        "Vaker bellen <dan> mailen\nDe minderheid eerst laten praten",
        "Een keukentafel is geen luxe",
        "",
    ]
    for w, text in zip(b_people, mine, strict=True):
        w.save_takeaways(text)
    shared = "We letten erop dat de uitvoering meepraat\nWe willen weten wie we missen"
    b_lead.save_team_takeaways(shared)
    b_lead.reveal()
    s.reasons += [
        "Vaker bellen <dan> mailen",
        "De minderheid eerst laten praten",
        "Een keukentafel is geen luxe",
    ]
    s.team += shared.splitlines()

    yield s
    for w in widgets:
        w.close()
    for seat in (lead, *people):
        seat.stop()
    store.close()


# --- reading the files back ---------------------------------------------------------


class _Text(HTMLParser):
    """The text a browser would show, and the elements it would build."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        if tag in ("style", "svg"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "svg"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(page: str) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split()), parser.tags


def docx_text(data: bytes) -> tuple[str, docx.document.Document]:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return " ".join(" ".join(parts).split()), document


def markdown_html(data: bytes) -> str:
    return mistune.create_markdown(plugins=["table"])(data.decode("utf-8"))


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def files(sample: Sample, library: Library) -> dict[str, bytes]:
    document = session_document(
        sample.store, sample.store.find_session(sample.code), library
    )
    return {fmt: render(document, fmt) for fmt in ("html", "docx", "md")}


@pytest.fixture(scope="module")
def files_without(sample: Sample, library: Library) -> dict[str, bytes]:
    return {
        fmt: export_report(
            sample.store, sample.code, fmt, include_reasons=False, library=library
        )
        for fmt in ("html", "docx", "md")
    }


def readable(files: dict[str, bytes]) -> dict[str, str]:
    """What a reader sees in each format, as one line of text."""
    page, _ = html_text(files["html"].decode("utf-8"))
    word, _ = docx_text(files["docx"])
    md, _ = html_text(markdown_html(files["md"]))
    return {"html": page, "docx": word, "md": md}


# --- what is in the report ----------------------------------------------------------


def test_every_answer_reason_and_justification_is_in_each_format(sample, files):
    seen = readable(files)
    for fmt, text in seen.items():
        missing = [
            x
            for x in sample.reasons + sample.team + sample.answers
            if squash(x) not in text
        ]
        assert missing == [], fmt
        # The parts a facilitator looks for, in every format.
        for heading in (
            "In het kort",
            "Onze opgave",
            "Ronde 2: wat als… De minister heeft het al beloofd",
            "Wie koos nu anders?",
            "Vergeleken met ronde 1 kozen 1 van de 3 mensen iets anders.",
            "Wat we de volgende keer meewegen",
            "Zachte stemmen en afspraken",
            "Wie mist er aan tafel?",
            "Waar het team het meest verschilt",
            "Wat het team niet weet",
            "Een totaalscore is een gespreksstarter, geen besluit.",
            "Hoe gevoelig is de volgorde?",
            "Verantwoording",
            "Zelfscan: blokkerende overtuigingen",
            "Het meest herkend:",
            "Loyaal of drammer?",
            "Wat het team meeneemt",
            "Eigen kaarten van het team",
        ):
            assert heading in text, (fmt, heading)


def test_no_pseudonym_anywhere_only_how_many_took_part(files):
    for fmt, text in readable(files).items():
        for pseudonym in PSEUDONYMS:
            assert pseudonym not in text, fmt
        assert "3 met een schuilnaam" in text, fmt
    for pseudonym in PSEUDONYMS:  # not in the raw files either (docx is zipped)
        assert pseudonym.encode() not in files["html"]
        assert pseudonym.encode() not in files["md"]


def test_the_header_says_honestly_what_is_in_and_what_is_not(sample, files):
    """No promise of "no names": typed text (an agreement's "wie") stays as typed."""
    for fmt, text in readable(files).items():
        assert "Er staan geen namen in" not in text, fmt
        assert "opgenomen, zonder schuilnaam" in text, fmt  # not "zonder namen"
        assert "Wat erin staat:" in text, fmt
        assert "precies zoals ze zijn getypt" in text, fmt
        assert "Wat er niet in staat: schuilnamen" in text, fmt
        assert "Antwoordden minder dan 3 deelnemers" in text, fmt
        assert "bijvoorbeeld bij 'wie' onder een afspraak" in text, fmt
        # ... and it is true: the name typed under "wie doet het" is in the report.
        assert "De Kinderombudsman" in text, fmt


def test_reasons_are_anonymous_and_sorted_by_text(files):
    text = readable(files)["html"]
    # Two reasons for option A in round 1: alphabetical, not in the order given.
    first = text.index("De minister moet kunnen kiezen")
    second = text.index("Omdat <script>")
    assert first < second


def test_without_reasons_leaves_out_participants_free_text(sample, files_without):
    for fmt, text in readable(files_without).items():
        present = [x for x in sample.reasons if squash(x) in text]
        assert present == [], fmt
        missing = [x for x in sample.team if squash(x) not in text]
        assert missing == [], fmt
        assert re.search(r"Redenen en toelichtingen ?:? weggelaten", text), fmt
        assert "zijn weggelaten uit dit verslag" in text
        assert "redenen en toelichtingen van deelnemers zijn weggelaten." in text


# --- safe text ----------------------------------------------------------------------


def test_html_escapes_what_participants_typed(files):
    page = files["html"].decode("utf-8")
    assert "<script" not in page  # the report has no script of its own either
    assert "<b>vet</b>" not in page
    assert "<b>Oost</b>" not in page
    assert html.escape(HOSTILE, quote=True) in page
    _, tags = html_text(page)
    assert "script" not in tags
    assert "b" not in tags


def test_markdown_keeps_typed_text_as_text_and_tables_whole(files):
    source = files["md"].decode("utf-8")
    assert md_escape(HOSTILE) in source
    rendered = markdown_html(files["md"])
    assert "<script" not in rendered
    assert "<b>" not in rendered
    # Every rendered table has as many cells in each row as in its header,
    # also where a stakeholder's name holds a "|".
    tables = re.findall(r"<table>(.*?)</table>", rendered, flags=re.S)
    assert len(tables) >= 8
    for table in tables:
        head = len(re.findall(r"<th[ >]", table.split("</thead>")[0]))
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[1], re.S):
            assert len(re.findall(r"<td", row)) == head
    cell = html.escape(STAKEHOLDER, quote=False)
    assert f"<td>{cell}</td>" in rendered


# --- the formats themselves ---------------------------------------------------------


def test_html_is_one_self_contained_accessible_page(files):
    page = files["html"].decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<html lang='nl'>" in page
    assert "default-src 'none'" in page  # the browser may fetch nothing
    for landmark in ("<header>", "<nav ", "<main>", "<footer>"):
        assert landmark in page
    # No reference to anything outside the file.
    assert not re.search(r"(src|href)=['\"](?!#|data:)", page)
    assert "url(http" not in page
    assert "@import" not in page
    # Charts are inline SVG with a text alternative and their data as a table.
    assert page.count("role='img'") == page.count("<svg") >= 8
    assert page.count("<figure>") == page.count("<details>")
    # Headings go down one level at a time.
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", page)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_docx_has_real_headings_images_with_alt_text_and_dutch(files):
    _, document = docx_text(files["docx"])
    styles = [p.style.name for p in document.paragraphs]
    assert styles.count("Title") == 1
    assert styles.count("Heading 1") >= 6
    assert styles.count("Heading 2") >= 5
    assert "Heading 3" in styles
    shapes = document.inline_shapes
    assert len(shapes) >= 8
    for shape in shapes:
        descr = shape._inline.docPr.get("descr")
        assert descr
        assert len(descr) > 20
    assert document.core_properties.title == "Verslag: Teamdag <Toeslagen> & meer"
    assert document.core_properties.language == "nl-NL"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "nl-NL"
    # Tables have a marked header row.
    assert document.tables
    for table in document.tables:
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None
        assert tr_pr.find(qn("w:tblHeader")) is not None


def test_markdown_has_headings_lists_tables_and_no_images(files):
    source = files["md"].decode("utf-8")
    assert source.startswith("# Verslag: Teamdag \\<Toeslagen\\> \\& meer\n")
    assert "\n## In het kort\n" in source
    assert "\n### " in source
    assert "\n- " in source
    assert "\n| --- |" in source
    assert "![" not in source
    assert "<svg" not in source
    assert "**Grafiek – Verdeling van de keuzes.**" in source


def test_speaking_parts_not_shown_are_not_reported(store, library):
    new = store.create_session("Alleen zelfscan")
    lead = Seat(store, new.session, None, new.facilitator_secret)
    person = _seat(store, lead, "Stille Uil")
    app = build_speaking_up_app(person, library, live=False)
    app.rate(library.beliefs[0].id, 5)
    app.close()
    document = session_document(store, new.session, library)
    text = render(document, "md").decode("utf-8")
    assert "niet in de zaal getoond" in text
    assert "Het meest herkend" not in text
    person.stop()


def test_an_empty_session_still_makes_a_report(store):
    new = store.create_session("Leeg")
    document = build_document(new.session.title, new.session.created_at, 0, [])
    for fmt in ("html", "docx", "md"):
        assert render(document, fmt)
    assert "In deze sessie is nog niets vastgelegd." in document.all_text()


# --- kit export ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "docx", "md"])
def test_kit_export_writes_the_file(sample, tmp_path, fmt, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = sample.store.url
    status = main(["export", sample.code, "--format", fmt, "--store", url])
    out = capsys.readouterr()
    assert status == 0, out.err
    path = tmp_path / file_name(sample.code, fmt)
    assert path.is_file()
    assert str(path.name) in out.out
    if fmt == "docx":
        text, _ = docx_text(path.read_bytes())
    elif fmt == "md":
        text, _ = html_text(markdown_html(path.read_bytes()))
    else:
        text, _ = html_text(path.read_text(encoding="utf-8"))
    assert "Na het antwoord van SZW" in text
    assert "Een keukentafel is geen luxe" in text


def test_kit_export_without_reasons_to_a_chosen_file(sample, tmp_path, capsys):
    target = tmp_path / "verslag.md"
    status = main(
        [
            "export",
            sample.code.lower(),
            "--format",
            "md",
            "--zonder-redenen",
            "-o",
            str(target),
            "--store",
            sample.store.url,
        ]
    )
    assert status == 0, capsys.readouterr().err
    text = target.read_text(encoding="utf-8")
    assert "De minister moet kunnen kiezen" not in text
    assert "Na het antwoord van SZW" in text


def test_kit_export_says_clearly_when_the_code_is_wrong(sample, tmp_path, capsys):
    status = main(["export", "ZZZZ-ZZZZ", "--store", sample.store.url])
    out = capsys.readouterr()
    assert status == 1
    assert "Er is geen sessie met code ZZZZ-ZZZZ" in out.err
    assert "Traceback" not in out.err + out.out
    assert not list(Path(tmp_path).glob("sessie-*"))


def test_kit_export_does_not_create_a_database_that_is_not_there(tmp_path, capsys):
    missing = tmp_path / "nergens" / "sessions.sqlite3"
    status = main(["export", "K7QM-3TXA", "--store", f"sqlite:///{missing}"])
    assert status == 1
    assert "Er is geen sessie met code K7QM-3TXA" in capsys.readouterr().err
    assert not missing.exists()


# --- the look-back workshop ---------------------------------------------------------


def test_takeaways_stay_hidden_until_revealed_then_show_without_names(store, library):
    new = store.create_session("Terugblik")
    lead = Seat(store, new.session, None, new.facilitator_secret)
    people = [_seat(store, lead, p) for p in PSEUDONYMS]
    host = build_lookback_app(lead, library, live=False)
    apps = [build_lookback_app(p, library, live=False) for p in people]
    apps[0].save_takeaways("Zo <b>bellen</b>\n\n- Eerst luisteren")
    assert apps[0].messages.last == ("ok", "Bewaard: 2 punten.")
    apps[1].save_takeaways("Aan tafel met de uitvoering")
    apps[2].save_takeaways("een\ntwee\ndrie\nvier")
    assert apps[2].messages.last[0] == "error"
    assert "hooguit drie" in apps[2].messages.last[1]
    for app in (host, *apps):
        app.refresh()
        assert "Aan tafel met de uitvoering" not in app.page_html()
    assert "2 deelnemers schreven iets op" in host.page_html()

    apps[1].reveal()  # a participant cannot reveal
    assert apps[1].messages.last[0] == "error"
    host.reveal()
    for app in (host, *apps):
        app.refresh()
        shown = app.page_html()
        assert "Aan tafel met de uitvoering" in shown
        assert "Zo &lt;b&gt;bellen&lt;/b&gt;" in shown
        assert all(p not in shown for p in PSEUDONYMS)
    assert L.anonymous_takeaways(store.find_answers(new.session.id)) == [
        "Aan tafel met de uitvoering",
        "Eerst luisteren",
        "Zo <b>bellen</b>",
    ]
    apps[0].save_takeaways("Toch iets anders")  # locked after the reveal
    assert apps[0].messages.last[0] == "error"
    for app in (host, *apps):
        app.close()
    for seat in (lead, *people):
        seat.stop()


def test_facilitator_makes_report_links_on_demand(sample, library):
    host = build_lookback_app(sample.lead, library, live=False)
    assert "kit-lookback-download" not in host.page_html()  # nothing built yet
    assert "Wat we vandaag vastlegden" in host.page_html()
    assert "Team Noord, voor 1 maart" in host.overview.value  # the overview
    href = host.make_report("docx", include_reasons=False)
    assert href.startswith("data:application/vnd.openxmlformats")
    host.make_report("html")
    links = host.report_links.value
    assert f"download='sessie-{sample.code}-zonder-redenen.docx'" in links
    assert f"download='sessie-{sample.code}.html'" in links
    import base64

    page = base64.b64decode(
        re.search(r"href='data:text/html;charset=utf-8;base64,([^']+)'", links)[1]
    ).decode("utf-8")
    assert "Een keukentafel is geen luxe" in page
    assert f"start.ipynb?code={sample.code}" in host.page_html()
    host.close()


def test_participant_sees_no_report_controls_and_cannot_make_one(store, library):
    new = store.create_session("Deelnemer")
    lead = Seat(store, new.session, None, new.facilitator_secret)
    person = _seat(store, lead, "Late Gast")
    app = build_lookback_app(person, library, live=False)
    assert app.report_section.layout.display == "none"
    assert app.data_section.layout.display == "none"
    assert "Het verslag" not in app.page_html()
    assert app.make_report("html") == ""
    assert app.report_messages.last[0] == "error"
    app.close()
    person.stop()


def test_delete_needs_confirmation_then_removes_everything(store, library):
    new = store.create_session("Weg ermee")
    lead = Seat(store, new.session, None, new.facilitator_secret)
    person = _seat(store, lead, "Korte Gast")
    build_lookback_app(person, library, live=False).save_takeaways("Iets")
    host = build_lookback_app(lead, library, live=False)
    assert host.delete_session(False) is False
    assert "echt wilt verwijderen" in host.data_messages.last[1]
    assert store.find_answers(new.session.id)
    assert host.delete_session(True) is True
    assert store.find_answers(new.session.id) == []
    assert store.find_participants(new.session.id) == []
    assert "zijn verwijderd" in host.page_html()
    host.close()
    person.stop()


def test_an_own_card_played_keeps_its_text_out_without_reasons(store, library):
    new = store.create_session("Eigen kaart")
    lead = Seat(store, new.session, None, new.facilitator_secret)
    person = _seat(store, lead, "Snelle Mus")
    mine = build_dilemma_app(person, library, live=False)
    host = build_dilemma_app(lead, library, live=False)
    card_id = mine.write_card(
        title="De balie op maandag",
        role="uitvoering",
        setting="Je staat aan de balie.",
        situation=SITUATION,
        values=["menselijke_maat", "rechtsgelijkheid"],
        options=[
            ("Ik volg de regel", "Iedereen wordt gelijk behandeld."),
            ("Ik maak een uitzondering", "De regel past hier niet."),
            ("", ""),
        ],
        questions=["Wie beslist?", "Wat weet je niet?", ""],
        note="Vraag door.",
    )
    assert card_id, mine.own_messages.last
    host.play(card_id)
    mine.refresh()
    mine.choose("a", 2, "Eerlijk is eerlijk")
    host.reveal()
    with_text = render(session_document(store, new.session, library), "md")
    without = render(
        session_document(store, new.session, library, include_reasons=False), "md"
    )
    assert b"maandagochtend" in with_text
    assert b"maandagochtend" not in without
    assert b"De balie op maandag" in without  # the title names what was played
    assert b"Eerlijk is eerlijk" not in without
    for app in (mine, host):
        app.close()
    for seat in (lead, person):
        seat.stop()
