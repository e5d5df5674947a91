"""How a deck goes onto paper, and how many pages that makes."""

from __future__ import annotations

import math
from dataclasses import dataclass

FRONT_MATTER_PAGES = 2  # cover and overview: one sheet
DUPLEX_EDGE = "long"
#: Cards per A4 side, tried in this order, each with the body sizes (pt) to try.
#: Fronts and backs each get the largest size at which every card of the deck fits.
CARD_LAYOUTS: tuple[tuple[int, tuple[float, ...]], ...] = (
    (2, (13.0, 12.5, 12.0, 11.5, 11.0)),
    (1, (13.0, 12.0, 11.0)),
)


@dataclass(frozen=True, slots=True)
class Plan:
    """How a deck goes onto paper, and how many pages that makes.

    ``pages = FRONT_MATTER_PAGES + 2 * ceil(cards / cards_per_page)
    + ceil(cards / notes_per_page)`` (no note pages when ``notes_per_page`` is 0).
    """

    cards: int
    cards_per_page: int  # 2: A5 halves; 1: a whole A4 side per card side
    front_size: float  # body text in pt, the same on every front of the deck
    back_size: float  # likewise on every back
    notes_per_page: int  # 0: printed without facilitator notes

    @property
    def card_pages(self) -> int:
        return 2 * math.ceil(self.cards / self.cards_per_page)

    @property
    def note_pages(self) -> int:
        return math.ceil(self.cards / self.notes_per_page) if self.notes_per_page else 0

    @property
    def pages(self) -> int:
        return page_count(self.cards, self.cards_per_page, self.notes_per_page)


def page_count(cards: int, cards_per_page: int, notes_per_page: int = 0) -> int:
    """Cover sheet + fronts and backs + note pages."""
    notes = math.ceil(cards / notes_per_page) if notes_per_page else 0
    return FRONT_MATTER_PAGES + 2 * math.ceil(cards / cards_per_page) + notes
