"""What every page composer shares: the canvas, the deck and its language."""

from __future__ import annotations

from dataclasses import dataclass

from kit.locale import LANGUAGES, t
from kit.model.types import Deck, Library
from kit.report.print_deck.canvas import Canvas


@dataclass(frozen=True, slots=True)
class Texts:
    """The printed labels, in the deck's own language."""

    language: str

    def __call__(self, key: str, **params: object) -> str:
        return t(key, language=self.language, **params)


def language(deck: Deck) -> str:
    return deck.language if deck.language in LANGUAGES else "nl"


class Composer:
    """Base of the page composers: canvas, deck, library and labels."""

    def __init__(self, canvas: Canvas, deck: Deck, library: Library) -> None:
        self.c = canvas
        self.deck = deck
        self.library = library
        self.tx = Texts(language(deck))


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a content text; a blank line separates them (YAML ``|``)."""
    parts = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    return [p for p in parts if p] or [text.strip()]


def letter(index: int) -> str:
    return chr(ord("A") + index)
