"""The cover (how to use and print the cards) and the overview of the cards."""

from __future__ import annotations

from kit.report.print_deck.context import Composer, paragraphs
from kit.report.print_deck.flow import flow, place
from kit.report.print_deck.geometry import (
    ACCENT,
    MUTED,
    PAGE_H,
    PAGE_W,
    Block,
    Box,
    Line,
    Op,
    Style,
)
from kit.report.print_deck.plan import Plan


class FrontMatter(Composer):
    """Composes the first sheet: the cover and the overview."""

    def cover(self, plan: Plan) -> list[Op]:
        tx = self.tx
        area = Box(0, 0, PAGE_W, PAGE_H).inset(22.0, 24.0, 18.0)
        body = Style(12.0)
        para = body.line_height * 0.55
        before = [
            Block(tx("print.cover.kicker"), Style(12.0, bold=True, colour=MUTED)),
            Block(
                self.deck.title,
                Style(28.0, bold=True, colour=ACCENT, leading=1.1),
                space_before=3.0,
            ),
            Block(
                tx("print.cover.count", n=plan.cards),
                Style(13.0, colour=MUTED),
                space_before=2.0,
            ),
        ]
        description = [
            Block(p, body, space_before=para if i else 8.0)
            for i, p in enumerate(paragraphs(self.deck.description))
        ]
        after = self._how_to(plan, body, para)
        # A very long description gives way, paragraph by paragraph, to the how-to.
        while True:
            lines = self.c.lines([*before, *description, *after], area.w)
            columns = flow(lines, 1, area.h)
            if columns is not None or not description:
                break
            description = description[:-1]
        return place(columns or [lines], area.x, area.y, area.w, 0.0)

    def _how_to(self, plan: Plan, body: Style, para: float) -> list[Block]:
        tx = self.tx
        heading = Style(15.0, bold=True, colour=ACCENT)
        step = Style(12.0, bold=True, colour=ACCENT)
        steps = [tx(f"print.cover.step{n}") for n in range(1, 7)]
        cut = "cut" if plan.cards_per_page == 2 else "whole"
        printing = [tx("print.cover.print.duplex"), tx(f"print.cover.print.{cut}")]
        if plan.notes_per_page:
            printing.append(tx("print.cover.print.notes"))
        return [
            Block(
                tx("print.cover.howto"), heading, space_before=10.0, keep_with_next=True
            ),
            Block(tx("print.cover.intro"), body, space_before=para),
            *(
                Block(s, body, 7.0, f"{n}", step, space_before=para)
                for n, s in enumerate(steps, 1)
            ),
            Block(
                tx(f"print.cover.printing.{cut}"),
                heading,
                space_before=8.0,
                keep_with_next=True,
            ),
            *(Block(s, body, 7.0, "•", step, space_before=para) for s in printing),
        ]

    def overview(self) -> list[Op]:
        tx = self.tx
        area = Box(0, 0, PAGE_W, PAGE_H).inset(18.0, 20.0, 16.0)
        heading = Style(15.0, bold=True, colour=ACCENT)
        ops = place(
            [self.c.lines([Block(tx("print.overview.heading"), heading)], area.w)],
            area.x,
            area.y,
            area.w,
            0.0,
        )
        top = area.y + heading.line_height + 5.0
        text = Style(11.0)
        number = Style(11.0, bold=True, colour=ACCENT)
        col_w = (area.w - 8.0) / 2
        entries = [
            Block(
                f"{card.title} ({tx(f'role.{card.role}')})",
                text,
                8.0,
                f"{n}",
                number,
                space_before=1.2,
            )
            for n, card in enumerate(self.deck.cards, 1)
        ]
        lines = self.c.lines(entries, col_w)
        height = area.bottom - top

        def columns(shown: int) -> list[list[Line]] | None:
            """The first ``shown`` entries, and a line saying how many are left."""
            cut = next(
                (k for k, line in enumerate(lines) if line.marker == f"{shown + 1}"),
                len(lines),
            )
            rest = len(entries) - shown
            more = Style(11.0, italic=True, colour=MUTED)
            tail = [
                Block(tx("print.overview.more", n=rest), more, 8.0, space_before=1.2)
            ]
            return flow(
                lines[:cut] + (self.c.lines(tail, col_w) if rest else []), 2, height
            )

        # A very large deck lists as many cards as fit (binary search).
        low, high = 0, len(entries)
        if columns(high) is None:
            while low < high - 1:
                middle = (low + high) // 2
                if columns(middle) is None:
                    high = middle
                else:
                    low = middle
            high = low
        return ops + place(columns(high) or [], area.x, top, col_w, 8.0)
