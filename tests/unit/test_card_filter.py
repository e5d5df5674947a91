"""Filtering a deck by policy area (domain), alone and together with a role."""

from __future__ import annotations

from kit.model.cards import CardFilter, filter_cards


def test_the_domain_filter_keeps_only_that_policy_area(library):
    cards = library.deck("starter").cards
    asylum = filter_cards(cards, CardFilter(domain="migratie"))
    assert asylum
    assert {card.domain for card in asylum} == {"migratie"}
    assert len(filter_cards(cards, CardFilter())) == len(cards)


def test_domain_and_role_filters_combine(library):
    cards = library.deck("starter").cards
    both = filter_cards(cards, CardFilter(role="leiding", domain="veiligheid"))
    assert [card.id for card in both] == ["hoogwater_de_polder_of_het_dorp"]


def test_a_format_1_card_without_domain_matches_no_domain_filter(library):
    from dataclasses import replace

    card = replace(library.deck("starter").cards[0], domain="")
    assert CardFilter().matches(card)
    assert not CardFilter(domain="inkomen").matches(card)
