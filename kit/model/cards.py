"""Pure functions over decks: filtering, drawing, counting."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kit.model.types import Deck, DilemmaCard

if TYPE_CHECKING:
    import pandas as pd  # imported where a table is made: pages start without it


@dataclass(frozen=True, slots=True)
class CardFilter:
    """What a group filters the deck on; empty fields match everything."""

    role: str = ""
    value: str = ""
    belief: str = ""
    theme: str = ""
    text: str = ""
    domain: str = ""

    def matches(self, card: DilemmaCard) -> bool:
        if self.role and card.role != self.role:
            return False
        if self.value and self.value not in card.values:
            return False
        if self.belief and self.belief not in card.blocking_beliefs:
            return False
        if self.theme and self.theme not in card.themes:
            return False
        if self.domain and card.domain != self.domain:
            return False
        if self.text:
            haystack = " ".join(
                (
                    card.title,
                    card.setting,
                    card.situation,
                    *(o.label for o in card.options),
                )
            ).casefold()
            return all(word in haystack for word in self.text.casefold().split())
        return True


def filter_cards(
    cards: Iterable[DilemmaCard], card_filter: CardFilter
) -> list[DilemmaCard]:
    return [card for card in cards if card_filter.matches(card)]


def draw_card(
    cards: list[DilemmaCard],
    rng: random.Random | None = None,
    exclude: Iterable[str] = (),
) -> DilemmaCard | None:
    """A random card, preferring ones not played yet; ``None`` if there are none."""
    if not cards:
        return None
    rng = rng or random.Random()  # noqa: S311 - drawing a card is not security
    played = set(exclude)
    fresh = [c for c in cards if c.id not in played]
    return rng.choice(fresh or cards)


def role_counts(deck: Deck | Iterable[DilemmaCard]) -> dict[str, int]:
    """How many cards each role has, in the order the roles first appear."""
    cards = deck.cards if isinstance(deck, Deck) else list(deck)
    counts: dict[str, int] = {}
    for card in cards:
        counts[card.role] = counts.get(card.role, 0) + 1
    return counts


def cards_per_role(deck: Deck | Iterable[DilemmaCard]) -> pd.DataFrame:
    """Tidy table ``role, cards`` for a deck or a selection of cards."""
    import pandas as pd

    counts = role_counts(deck)
    return pd.DataFrame({"role": list(counts), "cards": list(counts.values())})
