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


def newest_version(kind: str) -> int:
    """The highest ``schema_version`` the shipped schema of ``kind`` accepts."""
    spec = schema(kind)["properties"]["schema_version"]
    return max(spec["enum"]) if "enum" in spec else spec["const"]


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(DATA)) for p in FILES])
def test_every_content_file_is_valid_and_in_the_newest_format(path: Path):
    parsed = parse_file(path)
    assert parsed.ok, [str(p) for p in parsed.problems]
    assert parsed.located is not None
    assert parsed.kind is not None
    assert parsed.located.data["schema_version"] == newest_version(parsed.kind)


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
        "democratische_legitimiteit",
        "onpartijdigheid",
        "reflexiviteit",
        "nabijheid",
        "rechtvaardigheid",
        "rechtszekerheid",
        "rechtsgelijkheid",
        "integriteit",
        "menselijke_maat",
        "veiligheid",
        "uitvoerbaarheid",
        "doenvermogen",
    ):
        value = values.get(required)
        assert value.definition.endswith(".")
        assert value.question.endswith("?")


def test_value_catalogue_gives_a_loyal_option_something_to_score_on(library):
    """Political primacy is a value of its own, not only the absence of dissent."""
    loyal = library.values.get("democratische_legitimiteit")
    assert loyal.group == "legitimiteit"
    assert "loyaal" in loyal.definition
    assert "Grondwet" in loyal.source


def test_rosanvallons_values_are_institutional_not_personal_virtues(library):
    """Seed 002: safeguards, unheard groups, physical versus functional nearness."""
    values = library.values
    expected = {
        "onpartijdigheid": ("waarborgen", "positie"),
        "reflexiviteit": ("deliberatieve", "weinig gehoord"),
        "nabijheid": ("fysiek", "functionele nabijheid"),
    }
    for value_id, words in expected.items():
        definition = values.get(value_id).definition
        assert not definition.startswith("Je "), value_id
        for word in words:
            assert word in definition, (value_id, word)
    fair = values.get("rechtvaardigheid").definition
    for part in ("verdeeld", "gehoord", "herstel"):  # not only proportionality
        assert part in fair, part


def test_beliefs_are_the_five_blocking_beliefs_and_the_shared_dilemma(library):
    kinds = {b.id: b.kind for b in library.beliefs}
    assert all(kinds[b] == "blocking_belief" for b in BLOCKING)
    assert kinds["loyaal_geen_drammer"] == "shared_dilemma"
    assert sorted(b.number for b in library.beliefs if b.number) == [1, 2, 3, 4, 5]


def test_belief_statements_give_a_reason_a_colleague_could_hold(library):
    """No straw men: each statement carries its own argument (after a ';')."""
    for belief in library.beliefs:
        assert ";" in belief.statement, belief.id
        for absolute in ("alleen maar", "nooit", "altijd"):
            assert absolute not in belief.statement, (belief.id, absolute)
    # Belief 5 keeps the seed's nuance: autonomy is easier for ZBOs and market
    # supervisors than for an inspectorate inside a ministry.
    explanation = library.belief("toezicht_zoekt_geen_publiciteit").explanation
    assert "zelfstandig bestuursorgaan" in explanation
    assert "markttoezichthouder" in explanation


def test_stakeholder_templates_cover_five_domains_with_soft_voices(library):
    assert len(library.templates) >= 5
    # Each domain has its own cast: the templates are not all the same size.
    assert len({len(t.stakeholders) for t in library.templates}) >= 3
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


def test_stakeholder_templates_name_who_was_missing(library):
    """Issue 17: groups that a trainer expects after the toeslagenaffaire."""
    names = " ".join(
        s.name for t in library.templates for s in t.stakeholders
    ).casefold()
    for who in (
        "kinderopvang",
        "college voor de rechten van de mens",
        "veilig thuis",
        "raad voor de kinderbescherming",
        "deurwaarder",
        "digid",
        "lezen",
        "licht verstandelijke beperking",
    ):
        assert who in names, who


def test_toeslagen_template_places_toeslagen_outside_the_belastingdienst(library):
    template = library.template("toeslagen")
    assert "Belastingdienst/Toeslagen" not in template.description
    assert "Dienst Toeslagen" in template.description
    for stakeholder in template.stakeholders:
        assert "BelastingTelefoon" not in stakeholder.name


def test_action_palette_runs_from_light_to_heavy(library):
    names = [a.id for a in library.actions]
    assert len(names) >= 7
    assert names[0] == "onderbuik"
    # The honest outer edge comes last: refusing to take part, then the integrity route.
    assert names[-2:] == ["weigeren_mee_te_werken", "formele_melding"]


def test_action_palette_has_steps_for_each_role_and_a_collective_route(library):
    actions = library.actions
    for role in ("beleid", "uitvoering", "toezicht", "leiding"):
        own = [a for a in actions if role in a.roles]
        assert own, role
        # Everyone with the role sees the general steps as well.
        assert len([a for a in actions if a.fits([role])]) > len(own)
    texts = {a.id: f"{a.name} {a.description}" for a in actions}
    assert "moreel beraad" in texts["samen_bespreken"]
    assert "beslisnota" in texts["afwijkend_advies_beslisnota"]
    assert "technische briefing" in texts["openbaar_rapport_of_briefing"]


def test_the_format_reference_is_generated_from_the_schemas():
    from kit.model.schema_doc import render_reference

    written = (DATA / "FORMAT.md").read_text(encoding="utf-8")
    assert written == render_reference(), (
        "run: python -m kit.model.schema_doc > data/FORMAT.md"
    )
