"""Every file in data/ is a test case; the shipped content meets the kit's bar."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kit.model.content import parse_file, schema
from kit.model.library import content_files, default_data_dir

DATA = default_data_dir()
FILES = content_files(DATA)
BLOCKING = [
    "minister_uit_de_wind",
    "lijken_in_de_kast",
    "niet_op_schreden_terug",
    "uitvoering_zegt_geen_nee",
    "toezicht_zoekt_geen_publiciteit",
]


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(DATA)) for p in FILES])
def test_every_content_file_is_valid(path: Path):
    parsed = parse_file(path)
    assert parsed.ok, [str(p) for p in parsed.problems]
    assert parsed.located is not None
    version = schema(parsed.kind)["properties"]["schema_version"]
    newest = version.get("const", max(version.get("enum", [1])))
    assert parsed.located.data["schema_version"] == newest, (
        "shipped files use the newest format"
    )


def test_the_shipped_library_has_no_problems_at_all(library):
    from kit.model import check_directory

    report = check_directory(DATA)
    assert report.problems == []
    assert report.library is not None


def test_starter_deck_spread(library):
    deck = library.deck("starter")
    cards = deck.cards
    assert len(cards) >= 40
    roles = Counter(c.role for c in cards)
    for role in ("beleid", "uitvoering", "toezicht"):
        assert roles[role] >= 5, roles
    beliefs = Counter(b for c in cards for b in c.blocking_beliefs)
    for belief in [*BLOCKING, "loyaal_geen_drammer"]:
        assert beliefs[belief] >= 2, (belief, beliefs)
    for value in ("onpartijdigheid", "reflexiviteit", "nabijheid"):
        assert sum(value in c.values for c in cards) >= 5, value
    for card in cards:
        assert 80 <= card.word_count <= 200, card.id
        assert 2 <= len(card.options) <= 4, card.id
        assert 2 <= len(card.questions) <= 4, card.id
        assert card.sources
        assert card.facilitator_note
        assert card.domain
        assert 4 <= len(card.facts) <= 8, card.id
    assert sum(bool(c.variations) for c in cards) >= 10
    assert len({c.id for c in cards}) == len(cards)


def test_value_catalogue_covers_the_groups_the_matrix_needs(library):
    values = library.values
    assert len(values.values) >= 12
    groups = {v.group for v in values.values}
    assert {
        "legitimiteit",
        "goed_bestuur",
        "rechtsstaat",
        "menselijke_maat",
        "uitvoerbaarheid",
    } <= groups
    for required in (
        "onpartijdigheid",
        "reflexiviteit",
        "nabijheid",
        "rechtszekerheid",
        "rechtsgelijkheid",
        "menselijke_maat",
        "uitvoerbaarheid",
        "doenvermogen",
    ):
        value = values.get(required)
        assert value.definition.endswith(".")
        assert value.question.endswith("?")


def test_beliefs_are_the_five_blocking_beliefs_and_the_shared_dilemma(library):
    kinds = {b.id: b.kind for b in library.beliefs}
    assert all(kinds[b] == "blocking_belief" for b in BLOCKING)
    assert kinds["loyaal_geen_drammer"] == "shared_dilemma"
    assert sorted(b.number for b in library.beliefs if b.number) == [1, 2, 3, 4, 5]


def test_stakeholder_templates_cover_five_domains_with_soft_voices(library):
    assert len(library.templates) >= 5
    for template in library.templates:
        categories = {s.category for s in template.stakeholders}
        assert {
            "burgers",
            "netwerk",
            "ervaringsdeskundigen",
            "uitvoering",
            "toezicht",
        } <= categories
        soft = [
            s
            for s in template.stakeholders
            if s.impact >= 3
            and s.voice == 1
            and s.proximity in ("via_rapporten", "niet_in_beeld")
        ]
        assert len(soft) >= 2, template.id


def test_action_palette_runs_from_light_to_heavy(library):
    names = [a.id for a in library.actions]
    assert len(names) >= 7
    assert names[0] == "onderbuik"


def test_the_format_reference_is_generated_from_the_schemas():
    from kit.model.schema_doc import render_reference

    written = (DATA / "FORMAT.md").read_text(encoding="utf-8")
    assert written == render_reference(), (
        "run: python -m kit.model.schema_doc > data/FORMAT.md"
    )
