"""The two faces of a card: the story on the front, the choices on the back."""

from __future__ import annotations

from kit.model.types import DilemmaCard
from kit.report.print_deck.context import Composer, letter, paragraphs
from kit.report.print_deck.flow import balanced, column_height, place
from kit.report.print_deck.geometry import (
    ACCENT,
    MUTED,
    ROLE_COLOURS,
    WHITE,
    Block,
    Box,
    FillOp,
    Op,
    RuleOp,
    Style,
    TextOp,
    text_op,
)

GUTTER = 8.0
HANG = 6.0


class CardFaces(Composer):
    """Composes the front and the back of each card of one deck."""

    def header(
        self, card: DilemmaCard, number: int, area: Box, title: bool = False
    ) -> tuple[list[Op], float]:
        """Role tab, (on the back) the card title, and the card number on the right."""
        tab_style = Style(9.5, bold=True, colour=WHITE)
        label = self.tx(f"role.{card.role}").upper()
        tab_w = self.c.width(label, tab_style) + 5.0
        tab_h = 6.0
        colour = ROLE_COLOURS.get(card.role, ACCENT)
        number_style = Style(10.0, colour=MUTED)
        number_text = self.tx("print.card.number", n=number, total=len(self.deck.cards))
        number_w = self.c.width(number_text, number_style)
        ops: list[Op] = [
            FillOp(area.x, area.y, tab_w, tab_h, colour),
            TextOp(area.x + 2.5, area.y + tab_h / 2 + 1.2, label, tab_style),
            TextOp(
                area.x + area.w - number_w,
                area.y + tab_h / 2 + 1.3,
                number_text,
                number_style,
            ),
        ]
        if title:
            style = Style(11.0, bold=True)
            room = area.w - tab_w - number_w - 10.0
            text = self.c.ellipsize(card.title, style, room)
            ops.append(
                TextOp(area.x + tab_w + 3.0, area.y + tab_h / 2 + 1.4, text, style)
            )
        return ops, tab_h

    def _title(
        self, text: str, style: Style, area: Box, top: float
    ) -> tuple[list[Op], float]:
        ops: list[Op] = []
        y = top
        for line in self.c.wrap(text, style, area.w):
            ops.append(text_op(area.x, y, line, style))
            y += style.line_height
        return ops, y

    def front(
        self, card: DilemmaCard, number: int, area: Box, body: float
    ) -> list[Op] | None:
        """Role, title, setting, situation; values and beliefs along the bottom."""
        text = Style(body)
        ops, used = self.header(card, number, area)
        title_ops, y = self._title(
            card.title,
            Style(body + 5, bold=True, leading=1.15),
            area,
            area.y + used + 2.5,
        )
        ops += title_ops
        y += 1.5
        ops.append(RuleOp(area.x, y, area.x + area.w, y))
        y += 3.0
        strip_ops, strip_top = self._strip(card, area, body)
        ops += strip_ops
        col_w = (area.w - GUTTER) / 2
        gap = text.line_height * 0.5
        story = [
            Block(card.setting, Style(body, italic=True, colour=MUTED)),
            *(
                Block(paragraph, text, space_before=gap)
                for paragraph in paragraphs(card.situation)
            ),
        ]
        columns = balanced(self.c.lines(story, col_w), 2, strip_top - 5.0 - y)
        if columns is None:
            return None
        return ops + place(columns, area.x, y, col_w, GUTTER)

    def _strip(
        self, card: DilemmaCard, area: Box, body: float
    ) -> tuple[list[Op], float]:
        """The values (and blocking beliefs) along the bottom; ops and their top."""
        text = Style(body)
        heading = Style(body, bold=True, colour=ACCENT)
        values = " · ".join(self._value_name(v) for v in card.values)
        beliefs = " · ".join(self._belief_name(b) for b in card.blocking_beliefs)
        strip = [[Block(self.tx("print.front.values"), heading), Block(values, text)]]
        if beliefs:
            many = "beliefs" if len(card.blocking_beliefs) > 1 else "belief"
            strip.append(
                [Block(self.tx(f"print.front.{many}"), heading), Block(beliefs, text)]
            )
        strip_w = (area.w - GUTTER) / 2 if beliefs else area.w
        strip_cols = [self.c.lines(blocks, strip_w) for blocks in strip]
        strip_top = area.bottom - max(column_height(col) for col in strip_cols)
        ops: list[Op] = [
            RuleOp(area.x, strip_top - 2.5, area.x + area.w, strip_top - 2.5)
        ]
        return ops + place(strip_cols, area.x, strip_top, strip_w, GUTTER), strip_top

    def back(
        self, card: DilemmaCard, number: int, area: Box, body: float
    ) -> list[Op] | None:
        """Courses of action, reflection questions and "wat als…" variations."""
        ops, used = self.header(card, number, area, title=True)
        y = area.y + used + 2.5
        ops.append(RuleOp(area.x, y, area.x + area.w, y))
        y += 3.0
        col_w = (area.w - GUTTER) / 2
        lines = self.c.lines(self._back_blocks(card, body), col_w)
        columns = balanced(lines, 2, area.bottom - y)
        if columns is None:
            return None
        return ops + place(columns, area.x, y, col_w, GUTTER)

    def _back_blocks(self, card: DilemmaCard, body: float) -> list[Block]:
        text = Style(body)
        strong = Style(body, bold=True)
        heading = Style(body, bold=True, colour=ACCENT)
        marker = Style(body, bold=True, colour=ACCENT)
        section = text.line_height * 0.9
        item = text.line_height * 0.4
        blocks = [Block(self.tx("print.back.options"), heading, keep_with_next=True)]
        for n, option in enumerate(card.options):
            blocks += [
                Block(
                    option.label,
                    strong,
                    HANG,
                    letter(n),
                    marker,
                    space_before=item if n else 0.0,
                    keep_with_next=True,
                ),
                Block(option.rationale, text, HANG),
            ]
        blocks.append(
            Block(
                self.tx("print.back.questions"),
                heading,
                space_before=section,
                keep_with_next=True,
            )
        )
        blocks += [
            Block(q, text, HANG, f"{n + 1}", marker, space_before=item if n else 0.0)
            for n, q in enumerate(card.questions)
        ]
        if card.variations:
            blocks.append(
                Block(
                    self.tx("print.back.what_if"),
                    heading,
                    space_before=section,
                    keep_with_next=True,
                )
            )
        for n, variation in enumerate(card.variations):
            blocks += [
                Block(
                    variation.title,
                    strong,
                    HANG,
                    "›",
                    marker,
                    space_before=item if n else 0.0,
                    keep_with_next=True,
                ),
                Block(variation.text, text, HANG),
            ]
        return blocks

    def _value_name(self, value_id: str) -> str:
        try:
            return self.library.values.get(value_id).name
        except KeyError:
            return value_id

    def _belief_name(self, belief_id: str) -> str:
        try:
            return self.library.belief(belief_id).name
        except KeyError:
            return belief_id
