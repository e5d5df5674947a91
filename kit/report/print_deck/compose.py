"""Fit a whole deck: card layout and sizes, then the facilitator notes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kit.locale import t
from kit.model.types import Deck, DilemmaCard, Library
from kit.report.print_deck.canvas import Canvas
from kit.report.print_deck.errors import PrintError
from kit.report.print_deck.faces import CardFaces
from kit.report.print_deck.geometry import HALF_H, PAGE_H, PAGE_W, Box, Op
from kit.report.print_deck.notes import NoteSheets
from kit.report.print_deck.plan import CARD_LAYOUTS, Plan

Face = Callable[[DilemmaCard, int, Box, float], list[Op] | None]


@dataclass(frozen=True, slots=True)
class Composed:
    plan: Plan
    fronts: list[list[Op]]
    backs: list[list[Op]]
    notes: list[list[Op]]


def slot(index: int, per_page: int) -> Box:
    if per_page == 1:
        return Box(0.0, 0.0, PAGE_W, PAGE_H)
    return Box(0.0, (index % per_page) * HALF_H, PAGE_W, HALF_H)


def card_area(box: Box, per_page: int) -> Box:
    return box.inset(10.0, 8.0) if per_page == 2 else box.inset(16.0, 16.0)


def _fitted(
    cards: Sequence[DilemmaCard], face: Face, per_page: int, sizes: Sequence[float]
) -> tuple[float, list[list[Op]]] | DilemmaCard:
    """The largest size at which every card's face fits, or the card that won't."""
    worst = cards[0] if cards else None
    for size in sizes:
        composed = []
        for i, card in enumerate(cards):
            ops = face(card, i + 1, card_area(slot(i, per_page), per_page), size)
            if ops is None:
                worst = card
                break
            composed.append(ops)
        else:
            return size, composed
    assert worst is not None
    return worst


def compose(deck: Deck, library: Library, canvas: Canvas, notes: bool) -> Composed:
    """Every page's drawing operations and the :class:`Plan` they follow.

    Raises :class:`PrintError` when a card side or a note does not fit even a
    whole A4 page.
    """
    faces = CardFaces(canvas, deck, library)
    cards = deck.cards
    for per_page, sizes in CARD_LAYOUTS:
        front = _fitted(cards, faces.front, per_page, sizes)
        back = _fitted(cards, faces.back, per_page, sizes)
        if not isinstance(front, DilemmaCard) and not isinstance(back, DilemmaCard):
            break
    else:
        card, side = (
            (front, "front") if isinstance(front, DilemmaCard) else (back, "back")
        )
        assert isinstance(card, DilemmaCard)
        raise PrintError(
            t(
                "print.error.too_long",
                title=card.title,
                id=card.id,
                side=t(f"print.side.{side}"),
            )
        )
    (front_size, fronts), (back_size, backs) = front, back
    per_note_page, note_ops = 0, list[list[Op]]()
    if notes and cards:
        per_note_page, note_ops = NoteSheets(canvas, deck, library).fit()
    plan = Plan(len(cards), per_page, front_size, back_size, per_note_page)
    return Composed(plan, fronts, backs, note_ops)
