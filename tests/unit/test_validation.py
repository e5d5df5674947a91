"""Each kind of content error gives a message naming file, line, field and fix."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from kit.cli import main
from kit.model import check_directory

CARD = """\
schema_version: 1
kind: deck
id: eigen
title: Ons eigen kaartspel
themes:
  - {id: tegenspraak, label: Tegenspraak}
cards:
  - id: overleg
    title: Het overleg
    role: beleid
    themes: [tegenspraak]
    setting: Een beleidsteam bereidt een Kamerbrief voor.
    situation: Het is vrijdagmiddag en de brief moet vandaag weg.
    values: [reflexiviteit, nabijheid]
    options:
      - id: a
        label: Ik teken vandaag
        rationale: De Kamer wacht en de minister heeft het beloofd.
      - id: b
        label: Ik vraag een week uitstel
        rationale: Dan kan de uitvoering nog reageren op het plan.
    questions:
      - Wie beslist hier eigenlijk?
      - Welke kennis mist er nog?
    facilitator_note: Groepen kiezen vaak snel voor uitstel; vraag door.
    sources: ["Eigen praktijk"]
"""


def write(tmp_path: Path, text: str, name: str = "eigen.yaml") -> Path:
    folder = tmp_path / "decks"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(dedent(text), encoding="utf-8")
    return tmp_path


def only_error(tmp_path: Path) -> str:
    report = check_directory(tmp_path)
    assert not report.ok
    assert len(report.errors) == 1, [str(p) for p in report.errors]
    return str(report.errors[0])


def test_a_valid_own_deck_loads_against_the_builtin_catalogues(tmp_path):
    report = check_directory(write(tmp_path, CARD))
    assert report.errors == []
    assert report.library is not None
    assert report.library.deck("eigen").card("overleg").options[1].id == "b"
    # The situation is shorter than a good card: a warning, not an error.
    assert [p.field for p in report.warnings] == ["cards[0].situation"]


def test_missing_option_field_names_file_line_field_and_fix(tmp_path):
    text = CARD.replace(
        "        rationale: Dan kan de uitvoering nog reageren op het plan.\n", ""
    )
    message = only_error(write(tmp_path, text))
    assert "decks/eigen.yaml, regel 19" in message
    assert "cards[0].options[1]" in message
    assert "'rationale' ontbreekt" in message
    assert "Oplossing: voeg 'rationale:' toe" in message


def test_unknown_value_id_suggests_the_closest_known_value(tmp_path):
    message = only_error(
        write(
            tmp_path,
            CARD.replace("[reflexiviteit, nabijheid]", "[reflexiviteit, nabijhied]"),
        )
    )
    assert "regel 14" in message
    assert "cards[0].values[1]" in message
    assert "'nabijhied' staat niet in de waardencatalogus" in message
    assert "bedoelde je 'nabijheid'?" in message


def test_card_with_one_option_is_refused_with_the_rule(tmp_path):
    start = CARD.index("      - id: b")
    end = CARD.index("    questions:")
    message = only_error(write(tmp_path, CARD[:start] + CARD[end:]))
    assert "regel 15" in message
    assert "cards[0].options" in message
    assert "er staan er 1, er moeten er minstens 2 zijn" in message
    assert "Twee tot vier handelingsopties" in message


def test_duplicate_card_id_is_reported_at_the_second_card(tmp_path):
    second = CARD[CARD.index("  - id: overleg") :].replace(
        "Het overleg", "Nog een overleg"
    )
    message = only_error(write(tmp_path, CARD + second))
    assert "regel 27" in message
    assert "cards[1].id" in message
    assert "'overleg' komt al eerder" in message


def test_wrong_type_says_what_belongs_there(tmp_path):
    message = only_error(
        write(
            tmp_path,
            CARD.replace('sources: ["Eigen praktijk"]', "sources: Eigen praktijk"),
        )
    )
    assert "regel 26" in message
    assert "cards[0].sources" in message
    assert "hier hoort een lijst" in message


def test_a_file_that_is_not_yaml_names_the_line(tmp_path):
    message = only_error(
        write(tmp_path, CARD.replace("title: Het overleg", "title: [Het overleg"))
    )
    assert "decks/eigen.yaml, regel" in message
    assert "geen geldige YAML" in message
    assert "Oplossing:" in message


def test_misspelt_field_gets_a_suggestion(tmp_path):
    message = only_error(write(tmp_path, CARD.replace("    setting:", "    seting:")))
    assert "regel 12" in message
    assert "'seting' is onbekend" in message
    assert "bedoelde je 'setting'?" in message


def test_a_key_written_twice_is_an_error(tmp_path):
    text = CARD.replace("    role: beleid\n", "    role: beleid\n    role: toezicht\n")
    report = check_directory(write(tmp_path, text))
    assert any(
        "'role' staat twee keer" in str(p) and "regel 11" in str(p)
        for p in report.errors
    )


def test_missing_kind_tells_how_to_start_the_file(tmp_path):
    message = only_error(write(tmp_path, CARD.replace("kind: deck\n", "")))
    assert "regel 1" in message
    assert "'kind' ontbreekt" in message
    assert "kind: deck" in message


@pytest.mark.parametrize("bad", ["role: beleidd", "role: 7"])
def test_cli_exits_nonzero_and_prints_no_traceback(tmp_path, capsys, bad):
    root = write(tmp_path, CARD.replace("role: beleid", bad))
    assert main(["validate", str(root)]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out
    assert "fout" in out.err


def test_cli_says_ok_with_counts_on_the_shipped_data(capsys):
    assert main(["validate", "data"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: data (")
    from kit.model.library import builtin_library

    cards = len(builtin_library().deck("starter").cards)
    assert f"{cards} kaarten" in out


# ------------------------------------------------ deck format 2: domain and facts

FACTS = """\
    domain: bestuur
    facts:
      - "Een Kamerbrief is een brief van de minister (artikel 68 Grondwet)."
      - "Een uitvoeringstoets is vaste praktijk bij de rijksoverheid."
      - "Het ministerie, de brief en de deadline in deze kaart zijn verzonnen."
      - "Vergelijk: 'Klem tussen balie en beleid' (2021)."
"""


def v2(text: str) -> str:
    return text.replace("schema_version: 1", "schema_version: 2")


def test_a_format_1_deck_still_loads_without_domain_and_facts(tmp_path):
    report = check_directory(write(tmp_path, CARD))
    card = report.library.deck("eigen").card("overleg")
    assert (card.domain, card.facts) == ("", ())


def test_format_2_requires_domain_and_facts_on_every_card(tmp_path):
    report = check_directory(write(tmp_path, v2(CARD)))
    messages = sorted(str(p) for p in report.errors)
    assert len(messages) == 2, messages
    assert "'domain' ontbreekt" in messages[0]
    assert "'facts' ontbreekt" in messages[1]
    for message in messages:
        assert "cards[0]" in message
        assert "decks/eigen.yaml, regel 8" in message  # the card starts there


def test_a_format_2_card_with_domain_and_facts_loads(tmp_path):
    report = check_directory(write(tmp_path, v2(CARD) + FACTS))
    assert report.errors == []
    card = report.library.deck("eigen").card("overleg")
    assert card.domain == "bestuur"
    assert len(card.facts) == 4
    assert card.facts[0].startswith("Een Kamerbrief")


def test_three_facts_are_too_few_and_the_rule_is_named(tmp_path):
    cut = FACTS[: FACTS.rindex('      - "Vergelijk')]
    message = only_error(write(tmp_path, v2(CARD) + cut))
    assert "cards[0].facts" in message
    assert "er staan er 3, er moeten er minstens 4 zijn" in message
    assert "4-8 korte feiten" in message


def test_an_unknown_domain_lists_the_domains(tmp_path):
    text = v2(CARD) + FACTS.replace("domain: bestuur", "domain: bestur")
    message = only_error(write(tmp_path, text))
    assert "cards[0].domain" in message
    assert "bestuur" in message
