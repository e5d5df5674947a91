"""Printable card sheets (kaartenvellen): a deck as an A4 PDF for paper on the table.

Layout
------
* Page 1 is the cover (deck title, description, how to use the cards), page 2 an
  overview of the cards. Together they are one sheet, so the card sheets that
  follow start on a fresh sheet in duplex printing.
* Card sheets: A4 portrait with two cards as A5 landscape halves, cut along the
  dashed line across the middle. Each sheet is two pages: the fronts, then the
  backs in the *same* halves. Duplex printing with a flip on the **long edge**
  keeps top and bottom where they are and only mirrors left and right; the cards
  span the full width with equal side margins, so every back lands on its front.
* A deck whose longest card side does not fit an A5 half at 11 pt falls back to
  one card side per A4 page (same order, same duplex rule).
* Facilitator notes (card title, note, background facts, sources) come last, on
  sheets of their own, in fixed slots (four, three, two or one per page,
  whichever the longest note allows), so the cards can be handed out without them.

Pages in total: ``2 + 2 * ceil(cards / cards_per_page) + ceil(cards / notes_per_page)``
(see :class:`Plan`).

The text is laid out here, line by line, rather than with fpdf2's flowing cells:
the same measured lines decide whether a card fits and are then drawn, so the
page count is known before anything is drawn. Body text is never below 11 pt.

Modules, one job each: :mod:`.geometry` (sizes, colours, records), :mod:`.fonts`,
:mod:`.canvas` (measure, wrap, draw), :mod:`.flow` (columns), :mod:`.faces`
(card fronts and backs), :mod:`.notes` (facilitator sheets), :mod:`.front_matter`
(cover and overview), :mod:`.plan`, :mod:`.compose` (fitting the deck),
:mod:`.render` (the PDF) and :mod:`.load` (which deck).
"""

from __future__ import annotations

from kit.report.print_deck import fonts
from kit.report.print_deck.errors import PrintError
from kit.report.print_deck.fonts import font_files
from kit.report.print_deck.geometry import HALF_H, PAGE_H, PAGE_W, PT
from kit.report.print_deck.load import load_deck
from kit.report.print_deck.notes import NOTE_SIZE
from kit.report.print_deck.plan import (
    DUPLEX_EDGE,
    FRONT_MATTER_PAGES,
    Plan,
    page_count,
)
from kit.report.print_deck.render import deck_pdf, plan_layout, render_deck

__all__ = [
    "DUPLEX_EDGE",
    "FRONT_MATTER_PAGES",
    "HALF_H",
    "NOTE_SIZE",
    "PAGE_H",
    "PAGE_W",
    "PT",
    "Plan",
    "PrintError",
    "deck_pdf",
    "font_files",
    "fonts",
    "load_deck",
    "page_count",
    "plan_layout",
    "render_deck",
]
