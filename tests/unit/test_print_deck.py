"""`kit print`: the printed deck is read back with pypdf and checked page by page."""

from __future__ import annotations

import io
import math
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from kit.cli import main
from kit.model import Library
from kit.model.library import default_data_dir
from kit.report import print_deck
from kit.report.print_deck import (
    FRONT_MATTER_PAGES,
    PrintError,
    deck_pdf,
    load_deck,
    page_count,
    plan_layout,
    render_deck,
)


def squash(text: str) -> str:
    """Extracted text with every run of whitespace as one space (titles wrap)."""
    return re.sub(r"\s+", " ", text).strip()


def pages_of(data: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def card_dict(n: int, **changes: Any) -> dict[str, Any]:
    card: dict[str, Any] = {
        "id": f"kaart_{n}",
        "title": f"Kaart nummer {n}",
        "role": "uitvoering",
        "setting": "Je werkt bij het klantcontact van een uitvoeringsorganisatie.",
        "situation": " ".join(["Een burger belt voor de derde keer deze week."] * 12),
        "values": ["nabijheid", "rechtszekerheid"],
        "blocking_beliefs": ["minister_uit_de_wind"],
        "options": [
            {
                "id": "a",
                "label": "Ik volg het protocol",
                "rationale": "Dat is voor iedereen eerlijk.",
            },
            {
                "id": "b",
                "label": "Ik maak een uitzondering",
                "rationale": "Maatwerk helpt deze burger.",
            },
        ],
        "questions": ["Wie merkt het verschil?", "Wat weet je nog niet?"],
        "variations": [
            {"id": "v", "title": "Het is vrijdag", "text": "Morgen is de collega weg."}
        ],
        "facilitator_note": f"Notitie bij kaart {n}: vraag door op de reden.",
        "sources": ["Eigen praktijk van het team"],
    }
    card.update(changes)
    return card


def write_deck(folder: Path, cards: list[dict[str, Any]], **head: Any) -> Path:
    deck = {
        "schema_version": 1,
        "kind": "deck",
        "id": "eigen",
        "title": "Ons eigen kaartspel",
        "description": "Kaarten uit de praktijk van ons team.",
        **head,
        "cards": cards,
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "eigen.yaml"
    path.write_text(
        yaml.safe_dump(deck, allow_unicode=True, sort_keys=False, width=200),
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def starter(library: Library) -> tuple[bytes, print_deck.Plan, list[str]]:
    data, plan = render_deck(library.deck("starter"), library)
    return data, plan, pages_of(data)


# ------------------------------------------------------------------ the starter deck


def test_starter_page_count_is_what_the_layout_predicts(library, starter):
    _, plan, pages = starter
    deck = library.deck("starter")
    # two A5 cards per A4 side; the notes with their facts two to a page
    n = len(deck.cards)
    assert (plan.cards_per_page, plan.notes_per_page) == (2, 2)
    expected = FRONT_MATTER_PAGES + 2 * math.ceil(n / 2) + math.ceil(n / 2)
    assert len(pages) == plan.pages == page_count(n, 2, 2) == expected
    assert plan_layout(deck, library) == plan


def test_body_text_is_never_below_eleven_points(starter):
    _, plan, _ = starter
    assert plan.front_size >= 11
    assert plan.back_size >= 11
    assert print_deck.NOTE_SIZE >= 11


def test_every_card_is_on_its_own_front_and_back_page(library, starter):
    _, plan, pages = starter
    deck = library.deck("starter")
    for i, card in enumerate(deck.cards):
        front = pages[FRONT_MATTER_PAGES + 2 * (i // plan.cards_per_page)]
        back = pages[FRONT_MATTER_PAGES + 2 * (i // plan.cards_per_page) + 1]
        assert squash(card.title) in front
        assert squash(card.situation)[:60] in front
        for value in card.values:
            assert library.values.get(value).name in front
        for belief in card.blocking_beliefs:
            assert squash(library.belief(belief).name) in front
        for option in card.options:
            assert squash(option.label) in back
        assert squash(card.questions[-1])[:50] in back
        for variation in card.variations:
            assert squash(variation.title) in back
        assert squash(card.title) in back  # so a loose card can be matched


def test_cover_tells_how_to_print_and_lists_every_card(library, starter):
    _, _, pages = starter
    deck = library.deck("starter")
    assert deck.title in pages[0]
    assert squash(deck.description)[:80] in pages[0]
    assert "lange zijde" in pages[0]
    for card in deck.cards:
        assert squash(card.title) in pages[1]


def test_facilitator_notes_are_only_on_the_last_pages(library, starter):
    _, plan, pages = starter
    deck = library.deck("starter")
    first_note_page = FRONT_MATTER_PAGES + plan.card_pages
    assert first_note_page % 2 == 0  # starts on a fresh sheet (0-based page index)
    card_text = " ".join(pages[:first_note_page])
    for i, card in enumerate(deck.cards):
        opening = squash(card.facilitator_note)[:60]
        assert opening not in card_text
        assert opening in pages[first_note_page + i // plan.notes_per_page]
        assert squash(card.sources[0])[:40] in " ".join(pages[first_note_page:])
        # the background facts are for the facilitator only: on the note sheets
        for fact in card.facts:
            assert squash(fact)[:40] not in card_text
            assert squash(fact)[:40] in " ".join(pages[first_note_page:]), card.id
    assert "Achtergrond (feiten, precedent, wat verzonnen is)" in pages[-1]


def test_backs_line_up_with_fronts_for_a_long_edge_flip(library, starter):
    """Each card's number sits at the same spot on its front and its back page.

    A flip on the long edge keeps top and bottom of the back page and mirrors
    left and right. The cards span the full width with equal side margins, so a
    back in the same half as its front lands exactly behind it.
    """
    assert print_deck.DUPLEX_EDGE == "long"
    data, plan, _ = starter
    reader = PdfReader(io.BytesIO(data))
    total = len(library.deck("starter").cards)

    def numbers_on(page_index: int) -> dict[str, tuple[float, float]]:
        found: dict[str, tuple[float, float]] = {}

        def visit(text, cm, tm, font, size):  # type: ignore[no-untyped-def]
            if re.fullmatch(rf"Kaart \d+ van {total}", text.strip()):
                found[text.strip()] = (round(tm[4], 1), round(tm[5], 1))

        reader.pages[page_index].extract_text(visitor_text=visit)
        return found

    for sheet in range(plan.card_pages // 2):
        front = numbers_on(FRONT_MATTER_PAGES + 2 * sheet)
        back = numbers_on(FRONT_MATTER_PAGES + 2 * sheet + 1)
        first = sheet * plan.cards_per_page + 1
        last = min(first + plan.cards_per_page - 1, total)
        expected = {f"Kaart {n} van {total}" for n in range(first, last + 1)}
        assert set(front) == set(back) == expected
        assert front == back  # same x and y: same half, same place
        if len(expected) == 2:
            tops = sorted((y for _, y in front.values()), reverse=True)
            assert tops[0] - tops[1] == pytest.approx(
                print_deck.HALF_H / print_deck.PT, abs=0.2
            )


def test_without_notes(library):
    deck = library.deck("starter")
    data, plan = render_deck(deck, library, notes=False)
    pages = pages_of(data)
    assert plan.notes_per_page == 0
    assert len(pages) == FRONT_MATTER_PAGES + len(deck.cards) == plan.pages
    everything = " ".join(pages)
    assert squash(deck.cards[0].facilitator_note)[:60] not in everything
    assert "notities voor de begeleider" not in everything.lower()


def test_the_pdf_embeds_a_truetype_font(starter):
    data, _, _ = starter
    reader = PdfReader(io.BytesIO(data))
    names = set()
    for font in reader.pages[2]["/Resources"]["/Font"].values():
        font = font.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor  # an embedded TrueType program
        names.add(str(font["/BaseFont"]))
    assert names
    assert reader.metadata.title == "Startspel ambtelijk vakmanschap"


# ------------------------------------------------------------- a team's own deck


def test_a_teams_own_deck_prints_with_diacritics_and_quotes(tmp_path, capsys):
    title = "Café ‘De Eenhoorn’ – een “ideëel” dilemma"
    write_deck(
        tmp_path / "onze-kaarten",
        [
            card_dict(1, title=title, setting="Zoë en Anaïs werken bij de GGD."),
            card_dict(2),
            card_dict(3),
        ],
    )
    out = tmp_path / "uit" / "kaarten.pdf"
    out.parent.mkdir()
    assert main(["print", str(tmp_path / "onze-kaarten"), "-o", str(out)]) == 0
    said = capsys.readouterr()
    assert "Traceback" not in said.out + said.err
    assert str(out) in said.out
    assert "lange zijde" in said.out
    pages = pages_of(out.read_bytes())
    # cover sheet + two card sheets (3 cards: the last one has one card) + 1 notes page
    assert len(pages) == page_count(3, 2, 3) == 2 + 4 + 1
    assert title in pages[2]
    assert "Zoë en Anaïs" in pages[2]
    assert "Kaart nummer 3" in pages[4]
    assert "Notitie bij kaart 3" in pages[6]


def test_a_single_deck_file_prints_to_its_id_by_default(tmp_path, monkeypatch, capsys):
    path = write_deck(tmp_path / "src", [card_dict(1), card_dict(2)])
    monkeypatch.chdir(tmp_path)
    assert main(["print", str(path), "--no-notes"]) == 0
    assert (tmp_path / "eigen.pdf").is_file()
    assert len(pages_of((tmp_path / "eigen.pdf").read_bytes())) == 2 + 2
    capsys.readouterr()


def test_an_english_deck_gets_english_labels(tmp_path, library):
    write_deck(tmp_path, [card_dict(1), card_dict(2)], language="en")
    deck, own = load_deck(str(tmp_path))
    pages = pages_of(deck_pdf(deck, own))
    assert "How to use the cards" in pages[0]
    assert "What could you do?" in pages[3]
    assert "Wat kun je doen?" not in " ".join(pages)


def test_a_card_too_long_for_a5_moves_the_deck_to_one_card_per_page(tmp_path):
    long_options = [
        {
            "id": x,
            "label": f"Optie {x} met een wat langere omschrijving",
            "rationale": "Daar pleit veel voor, zoals de ervaring leert. " * 12,
        }
        for x in "abcd"
    ]
    write_deck(tmp_path, [card_dict(1), card_dict(2, options=long_options)])
    deck, own = load_deck(str(tmp_path))
    plan = plan_layout(deck, own)
    assert plan.cards_per_page == 1
    pages = pages_of(deck_pdf(deck, own))
    assert len(pages) == plan.pages == page_count(2, 1, plan.notes_per_page)
    assert "Kaart nummer 1" in pages[2]
    assert "Kaart nummer 2" in pages[4]
    assert "Optie d" in pages[5]
    assert "stippellijn" not in pages[0]
    assert "Knippen is niet nodig" in pages[0]


def test_a_card_too_long_for_even_a_whole_page_is_named(tmp_path, capsys):
    huge = {
        "options": [
            {"id": x, "label": "Een optie " * 8, "rationale": "Reden. " * 85}
            for x in "abcd"
        ],
        "questions": ["Waarom is dat zo? " * 22] * 4,
        "variations": [
            {"id": f"v{n}", "title": "Wat er verandert", "text": "Anders. " * 99}
            for n in (1, 2)
        ],
    }
    write_deck(tmp_path, [card_dict(1, title="De eindeloze kaart", **huge)])
    assert main(["print", str(tmp_path), "-o", str(tmp_path / "x.pdf")]) == 1
    said = capsys.readouterr()
    assert "De eindeloze kaart" in said.err
    assert "achterkant" in said.err
    assert "Traceback" not in said.out + said.err
    assert not (tmp_path / "x.pdf").exists()


# ------------------------------------------------------------------------- errors


def test_a_broken_deck_names_file_and_line_and_exits_1(tmp_path, capsys):
    path = write_deck(tmp_path, [card_dict(1), card_dict(2)])
    lines = path.read_text(encoding="utf-8").splitlines()
    broken = next(i for i, line in enumerate(lines) if "role: uitvoering" in line)
    lines[broken] = lines[broken].replace("uitvoering", "uitvoerng")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    assert main(["print", str(tmp_path), "-o", str(tmp_path / "x.pdf")]) == 1
    said = capsys.readouterr()
    assert f"eigen.yaml, regel {broken + 1}" in said.err
    assert "uitvoering" in said.err  # the fix suggests the right spelling
    assert "kit print" in said.err
    assert "Traceback" not in said.out + said.err
    assert not (tmp_path / "x.pdf").exists()


def test_an_unknown_deck_id_lists_the_built_in_decks(capsys):
    assert main(["print", "bestaat_niet"]) == 1
    said = capsys.readouterr()
    assert "bestaat_niet" in said.err
    assert "starter" in said.err
    assert "Traceback" not in said.out + said.err


def test_a_folder_without_a_deck_says_so(tmp_path, capsys):
    values = default_data_dir() / "values.yaml"
    (tmp_path / "values.yaml").write_text(values.read_text(encoding="utf-8"))
    assert main(["print", str(tmp_path)]) == 1
    said = capsys.readouterr()
    assert "Traceback" not in said.out + said.err
    assert f"In {tmp_path} staat geen kaartspel" in said.err


def test_an_unwritable_output_is_one_sentence(tmp_path, capsys):
    target = tmp_path / "geen-map" / "kaarten.pdf"
    assert main(["print", "starter", "--no-notes", "-o", str(target)]) == 1
    said = capsys.readouterr()
    assert "Traceback" not in said.out + said.err
    assert str(target) in said.err


def test_a_damaged_install_without_the_font_says_what_to_do(monkeypatch):
    monkeypatch.setattr(print_deck.fonts, "_SOURCE_SANS", {"": "ontbreekt.ttf"})
    with pytest.raises(PrintError, match="pip install --force-reinstall"):
        print_deck.font_files()
