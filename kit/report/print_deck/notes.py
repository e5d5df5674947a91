"""The facilitator sheets ("niet uitdelen"): note, background facts and sources.

They come after the cards, in fixed slots — four, three, two or one per page,
whichever the longest note allows — so the cards can be handed out without them.
"""

from __future__ import annotations

from dataclasses import replace

from kit.locale import t
from kit.model.types import DilemmaCard
from kit.report.print_deck.context import Composer, paragraphs
from kit.report.print_deck.errors import PrintError
from kit.report.print_deck.flow import flow, place
from kit.report.print_deck.geometry import (
    ACCENT,
    MUTED,
    PAGE_H,
    PAGE_W,
    Block,
    Box,
    Op,
    RuleOp,
    Style,
    text_op,
)

NOTE_SLOTS = (4, 3, 2, 1)
NOTE_SIZE = 11.0
INDENT = 9.0


class NoteSheets(Composer):
    """Composes the facilitator notes of one deck."""

    def note(self, card: DilemmaCard, number: int, area: Box) -> list[Op] | None:
        """Card number and title, the note, the background facts and the sources."""
        text = Style(NOTE_SIZE)
        title = Style(NOTE_SIZE + 1, bold=True)
        gap = text.line_height * 0.5
        blocks = [
            Block(
                card.title,
                title,
                INDENT,
                f"{number}",
                replace(title, colour=ACCENT),
                keep_with_next=True,
            ),
            *(
                Block(p, text, INDENT, space_before=gap)
                for p in paragraphs(card.facilitator_note)
            ),
            *self._list("print.notes.facts", "•", card.facts, gap),
            *self._list("print.notes.sources", "–", card.sources, gap),
        ]
        columns = flow(self.c.lines(blocks, area.w), 1, area.h)
        if columns is None:
            return None
        return place(columns, area.x, area.y, area.w, 0.0)

    def _list(
        self, heading: str, marker: str, items: tuple[str, ...], gap: float
    ) -> list[Block]:
        """A heading with a bulleted list under it; nothing when there are no items."""
        if not items:
            return []
        text = Style(NOTE_SIZE)
        style = Style(NOTE_SIZE, bold=True, colour=ACCENT)
        return [
            Block(
                self.tx(heading), style, INDENT, space_before=gap, keep_with_next=True
            ),
            *(
                Block(item, text, INDENT + 5.0, marker, text, marker_indent=INDENT)
                for item in items
            ),
        ]

    def header(self) -> tuple[list[Op], float]:
        style = Style(10.0, colour=MUTED)
        area = Box(0, 0, PAGE_W, PAGE_H).inset(18.0, 12.0)
        label = self.tx("print.notes.heading")
        title = self.c.ellipsize(
            self.deck.title, style, area.w - self.c.width(label, style) - 10.0
        )
        ops: list[Op] = [
            text_op(area.x, area.y, label, Style(10.0, bold=True, colour=ACCENT)),
            text_op(area.x + area.w - self.c.width(title, style), area.y, title, style),
            RuleOp(area.x, area.y + 6.5, area.x + area.w, area.y + 6.5),
        ]
        return ops, 6.5

    def fit(self) -> tuple[int, list[list[Op]]]:
        """Notes per page (the most that fit every note) and each note's ops.

        The page header is on the first note of each page. Raises
        :class:`PrintError` naming the card whose note fills more than a page.
        """
        cards = self.deck.cards
        header, header_h = self.header()
        page_area = Box(0, 0, PAGE_W, PAGE_H).inset(18.0, 12.0)
        body_top = page_area.y + header_h + 5.0
        body_h = page_area.bottom - body_top
        failed = cards[0]
        for slots in NOTE_SLOTS:
            slot_h = body_h / slots
            composed = []
            for i, card in enumerate(cards):
                k = i % slots
                area = Box(
                    page_area.x, body_top + k * slot_h, page_area.w, slot_h - 6.0
                )
                ops = self.note(card, i + 1, area)
                if ops is None:
                    failed = card
                    break
                if k:
                    rule_y = body_top + k * slot_h - 4.0
                    ops = [RuleOp(area.x, rule_y, area.x + area.w, rule_y), *ops]
                composed.append(ops)
            else:
                return slots, [
                    [*header, *ops] if i % slots == 0 else ops
                    for i, ops in enumerate(composed)
                ]
        raise PrintError(
            t("print.error.note_too_long", title=failed.title, id=failed.id)
        )
