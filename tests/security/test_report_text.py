"""Issue 14, Low: text typed in a session cannot break or arm the report.

- a control character pasted into the opgave is cleaned like all typed text,
  and the Word writer stores any text at all (it used to raise on the first
  control character, costing the facilitator the whole report);
- a bare ``https://…`` or ``www.…`` typed by a participant stays plain text in
  the Markdown report, also in viewers that autolink.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
import mistune
import pytest

from kit.model import Library
from kit.report.docx import render_docx
from kit.report.session_report import (
    Bullets,
    Definitions,
    Document,
    Paragraph,
    Section,
    Table,
    export_report,
)
from kit.session import Seat
from kit.store import Store
from kit.widgets.dilemma import build_dilemma_app
from kit.widgets.start import StartPanel

CARD = "nieuwe_regel_voor_vrijdag"
#: Every C0 control character, DEL, a lone surrogate and a non-character.
NASTY = "".join(chr(c) for c in range(32)) + "\x7f\ud800\ufffe"


@pytest.fixture
def lead(store: Store) -> Iterator[Seat]:
    new = store.create_session("Verslag")
    seat = Seat(store, new.session, None, new.facilitator_secret)
    yield seat
    seat.stop()


def _word_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def test_a_control_character_in_the_opgave_is_cleaned(store: Store, lead: Seat) -> None:
    panel = StartPanel(lead)
    panel.set_opgave("Wij\x0b herzien\x1b de\u202e terugvordering\x00")
    assert panel.current_opgave() == "Wij herzien de terugvordering"
    report = export_report(store, lead.session.code, "docx")
    assert "Wij herzien de terugvordering" in _word_text(report)


def test_the_word_writer_takes_any_text() -> None:
    text = f"begin{NASTY}eind"
    section = Section(f"Kop{NASTY}")
    section.add(
        Paragraph(text, "quote"),
        Bullets((text,)),
        Definitions(((f"term{NASTY}", text),)),
        Table(f"tabel{NASTY}", (f"kolom{NASTY}",), ((text,),)),
    )
    document = Document(
        title=f"Titel{NASTY}",
        facts=((f"feit{NASTY}", text),),
        intro=(text,),
        sections=[section],
        footer=f"voet{NASTY}",
        subject=f"onderwerp{NASTY}",
    )
    words = _word_text(render_docx(document))
    assert "begin" in words
    assert "eind" in words
    assert "Kop" in words
    assert "kolom" in words


@pytest.mark.parametrize(
    "typed",
    [
        "Kijk op https://kwaadwillig.example/inloggen voor de regels",
        "Zie www.kwaadwillig.example voor de regels",
        "Mail het naar hulp@kwaadwillig.example voor de regels",
    ],
)
def test_a_typed_address_is_no_live_link_in_the_markdown_report(
    store: Store, lead: Seat, library: Library, typed: str
) -> None:
    joined = store.add_participant(lead.session.id, "Uil")
    uil = Seat(store, lead.session, joined.participant)
    table = build_dilemma_app(lead, library, live=False)
    table.play(CARD)
    card = build_dilemma_app(uil, library, live=False)
    card.refresh()
    card.choose("a", 2, typed)
    assert card.messages.last[0] == "ok", card.messages.last
    table.reveal()
    markdown = export_report(store, lead.session.code, "md").decode("utf-8")
    # What GitHub-style autolinking looks for is broken by a backslash ...
    for armed in ("https://kwaadwillig", "www.kwaadwillig", "hulp@kwaadwillig"):
        assert armed not in markdown
    # ... and a renderer that autolinks shows the text without a link.
    html = mistune.create_markdown(plugins=["url", "table"])(markdown)
    assert "kwaadwillig" in html  # the text is there, as the participant typed it
    assert "<a " not in html
    assert "voor de regels" in html
