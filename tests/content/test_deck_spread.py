"""The starter deck is wide and varied enough to use unchanged (issue 17).

A trainer wants more than income support, every role and blocking belief,
background facts for the facilitator, and cards that do not all share one
shape. These tests read the shipped deck and check that spread.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from kit.model.content import schema
from kit.model.types import DilemmaCard

ROSANVALLON = ("onpartijdigheid", "reflexiviteit", "nabijheid")
#: Variations that only add outside pressure towards openness.
OUTSIDE = re.compile(
    r"journalist|krant|kamer|minister|staatssecretaris|ombudsman|advocaat|"
    r"rechter|woo|media|talkshow|debat|wethouder",
    re.IGNORECASE,
)
#: A facilitator note that reports group behaviour as an observation.
OBSERVED = re.compile(
    r"\b(groepen|deelnemers|professionals|ambtenaren|ict'ers)\b[^.?!]*"
    r"\b(vaak|meestal)\b|(^|[.?!]\s)meestal\b",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def cards(library) -> tuple[DilemmaCard, ...]:
    return library.deck("starter").cards


def share(counts: Counter[str], total: int) -> dict[str, float]:
    return {key: n / total for key, n in counts.items()}


def test_no_policy_area_holds_more_than_forty_percent(cards):
    domains = Counter(card.domain for card in cards)
    assert "" not in domains, "every card names its domain"
    assert len(domains) >= 6, domains
    assert max(share(domains, len(cards)).values()) <= 0.40, domains


def test_every_domain_the_schema_offers_is_played(cards):
    offered = schema("deck")["properties"]["cards"]["items"]["properties"]["domain"]
    assert {card.domain for card in cards} == set(offered["enum"])


def test_every_role_is_there_and_none_dominates(cards):
    roles = Counter(card.role for card in cards)
    for role in ("beleid", "uitvoering", "toezicht", "leiding"):
        assert roles[role] >= 5, roles
    for role in ("ict", "burger"):
        assert roles[role] >= 3, roles
    assert max(share(roles, len(cards)).values()) <= 0.30, roles


def test_every_belief_and_the_three_institutional_values_recur(cards, library):
    beliefs = Counter(b for card in cards for b in card.blocking_beliefs)
    for belief in library.beliefs:
        assert beliefs[belief.id] >= 2, (belief.id, beliefs)
    values = Counter(v for card in cards for v in card.values)
    for value in ROSANVALLON:
        assert values[value] >= 5, (value, values)
    assert len(values) >= 14, values
    # loyal options can be weighed positively, and the new values are played
    assert values["democratische_legitimiteit"] >= 5, values
    assert values["veiligheid"] >= 3, values
    assert values["integriteit"] >= 2, values


def test_every_card_has_four_to_eight_facts_saying_what_is_made_up(cards):
    for card in cards:
        assert 4 <= len(card.facts) <= 8, card.id
        assert all(fact.strip().endswith((".", ")", "'")) for fact in card.facts), (
            card.id
        )
        assert any("erzonnen" in fact for fact in card.facts), (
            f"{card.id}: one fact says what is fictional"
        )
        assert card.sources, card.id


def test_variations_are_not_all_outside_pressure(cards):
    variations = [v for card in cards for v in card.variations]
    assert len(variations) >= 60
    pressure = [v for v in variations if OUTSIDE.search(f"{v.title} {v.text}")]
    assert len(pressure) / len(variations) <= 0.5, [v.id for v in pressure]
    # some cards have no pressure variation at all
    quiet = [
        card.id
        for card in cards
        if card.variations
        and not any(OUTSIDE.search(f"{v.title} {v.text}") for v in card.variations)
    ]
    assert len(quiet) >= 10, quiet


def test_cards_do_not_all_share_one_shape(cards):
    opening = sum(card.setting.startswith("Je bent") for card in cards)
    assert opening / len(cards) <= 0.5, opening
    outside_band = [c.id for c in cards if not 105 <= c.word_count <= 160]
    assert len(outside_band) >= 5, outside_band
    questions = [q for card in cards for q in card.questions]
    assert sum(q.startswith("Wie ") for q in questions) / len(questions) <= 0.2
    stock = [q for q in questions if "welke kennis, welke acties" in q.lower()]
    assert len(stock) <= 1, stock


def test_facilitator_notes_are_hypotheses_not_observations(cards):
    reported = [card.id for card in cards if OBSERVED.search(card.facilitator_note)]
    assert reported == []


def test_the_fictional_agency_has_one_name(library):
    texts = " ".join(
        " ".join((c.setting, c.situation, *c.facts))
        for c in library.deck("starter").cards
    )
    assert "LBT" not in texts
    assert "Landelijk Bureau Tegemoetkomingen" not in texts
    assert "rechtstatelijk" not in texts
