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
* Facilitator notes (card title, note, sources) come last, on sheets of their
  own, in fixed slots (four, three, two or one per page, whichever the longest
  note allows), so the cards can be handed out without them.

Pages in total: ``2 + 2 * ceil(cards / cards_per_page) + ceil(cards / notes_per_page)``
(see :class:`Plan`).

The text is laid out here, line by line, rather than with fpdf2's flowing cells:
the same measured lines decide whether a card fits and are then drawn, so the
page count is known before anything is drawn. Body text is never below 11 pt.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from fpdf import FPDF

from kit.errors import ContentError, KitError
from kit.locale import LANGUAGES, t
from kit.model.types import Deck, DilemmaCard, Library

__all__ = [
    "DUPLEX_EDGE",
    "FRONT_MATTER_PAGES",
    "Plan",
    "PrintError",
    "deck_pdf",
    "font_files",
    "load_deck",
    "page_count",
    "plan_layout",
    "render_deck",
]

PT = 25.4 / 72  # millimetres per point
PAGE_W, PAGE_H = 210.0, 297.0
HALF_H = PAGE_H / 2
FRONT_MATTER_PAGES = 2  # cover and overview: one sheet
DUPLEX_EDGE = "long"
#: Cards per A4 side, tried in this order, each with the body sizes (pt) to try.
#: Fronts and backs each get the largest size at which every card of the deck fits.
CARD_LAYOUTS: tuple[tuple[int, tuple[float, ...]], ...] = (
    (2, (13.0, 12.5, 12.0, 11.5, 11.0)),
    (1, (13.0, 12.0, 11.0)),
)
NOTE_SLOTS = (4, 3, 2, 1)
NOTE_SIZE = 11.0

FAMILY = "kitsans"
INK = (26, 26, 26)
MUTED = (85, 85, 85)
ACCENT = (21, 66, 115)  # dark blue; white text on it passes WCAG AA as well
RULE = (150, 150, 150)
WHITE = (255, 255, 255)
ROLE_COLOURS = {
    "beleid": (21, 66, 115),
    "uitvoering": (39, 89, 55),
    "toezicht": (92, 45, 145),
    "leiding": (140, 60, 20),
    "ict": (57, 67, 74),
    "burger": (169, 0, 97),
}


class PrintError(KitError):
    """The deck cannot be printed as asked; the message says why and what to do."""


# --------------------------------------------------------------------------- fonts


_SOURCE_SANS = {
    "": "SourceSansPro-Regular.ttf",
    "B": "SourceSansPro-Bold.ttf",
    "I": "SourceSansPro-It.ttf",
    "BI": "SourceSansPro-BoldIt.ttf",
}


def font_files() -> dict[str, Path]:
    """The TrueType files to embed, by fpdf2 style (``""``, ``"B"``, ``"I"``, ``"BI"``).

    Source Sans Pro as bundled with the kit's template (SIL OFL; Dutch
    diacritics, ĳ, typographic quotes and dashes) — the same letters as the
    charts. A damaged install gives a :class:`PrintError` that says what to do.
    """
    from kit.charts.theme import FONT_DIR

    found = {style: FONT_DIR / name for style, name in _SOURCE_SANS.items()}
    if all(path.is_file() for path in found.values()):
        return found
    raise PrintError(t("print.error.no_font"))


# ------------------------------------------------------------------ text and lines


@dataclass(frozen=True, slots=True)
class Style:
    size: float  # pt
    bold: bool = False
    italic: bool = False
    colour: tuple[int, int, int] = INK
    leading: float = 1.22  # line height as a multiple of the size

    @property
    def font_style(self) -> str:
        return ("B" if self.bold else "") + ("I" if self.italic else "")

    @property
    def line_height(self) -> float:
        return self.size * self.leading * PT


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph to lay out: one style, optionally with a hanging marker."""

    text: str
    style: Style
    indent: float = 0.0  # mm; the marker hangs in this space
    marker: str = ""
    marker_style: Style | None = None
    space_before: float = 0.0  # mm, dropped at the top of a column
    keep_with_next: bool = False  # never end a column after this block
    marker_indent: float = 0.0  # mm from the column's left edge


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    style: Style
    indent: float = 0.0
    marker: str = ""
    marker_style: Style | None = None
    space_before: float = 0.0
    keep_with_next: bool = False
    marker_indent: float = 0.0

    @property
    def height(self) -> float:
        return self.style.line_height


@dataclass(frozen=True, slots=True)
class TextOp:
    x: float
    y: float  # baseline
    text: str
    style: Style


@dataclass(frozen=True, slots=True)
class RuleOp:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: tuple[int, int, int] = RULE
    width: float = 0.25
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class FillOp:
    x: float
    y: float
    w: float
    h: float
    colour: tuple[int, int, int]


Op = TextOp | RuleOp | FillOp


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def inset(self, side: float, top: float, bottom: float | None = None) -> Box:
        bottom = top if bottom is None else bottom
        return Box(
            self.x + side, self.y + top, self.w - 2 * side, self.h - top - bottom
        )


class Canvas:
    """An A4 fpdf2 document with the kit's fonts: measures text and draws ops."""

    def __init__(self) -> None:
        pdf = FPDF(orientation="P", unit="mm", format="A4")
        for style, path in font_files().items():
            pdf.add_font(FAMILY, style, str(path))
        pdf.set_auto_page_break(False)
        pdf.set_margins(0, 0, 0)
        self.pdf = pdf
        self._widths: dict[tuple[str, str], float] = {}

    def width(self, text: str, style: Style) -> float:
        """Width of ``text`` in mm: the sum of its glyphs' advances (no kerning)."""
        return sum(self._advance(char, style.font_style) for char in text) * style.size

    def _advance(self, char: str, font_style: str) -> float:
        # fpdf2's get_string_width is exact but slow (bidi per call); glyph
        # advances scale with the size, so one measurement per glyph suffices.
        key = (font_style, char)
        found = self._widths.get(key)
        if found is None:
            self.pdf.set_font(FAMILY, font_style, 100.0)
            found = self._widths[key] = self.pdf.get_string_width(char) / 100.0
        return found

    def wrap(self, text: str, style: Style, width: float) -> list[str]:
        """Break ``text`` into lines no wider than ``width`` (mm), word by word."""
        lines: list[str] = []
        space = self.width(" ", style)
        for paragraph in text.strip().split("\n"):
            current, used = "", 0.0
            for word in paragraph.split():
                for piece in self._pieces(word, style, width):
                    size = self.width(piece, style)
                    if current and used + space + size <= width:
                        current, used = f"{current} {piece}", used + space + size
                    else:
                        if current:
                            lines.append(current)
                        current, used = piece, size
            lines.append(current)
        return lines

    def _pieces(self, word: str, style: Style, width: float) -> Iterable[str]:
        """A word, or slices of it when it is wider than a line (a long URL)."""
        if self.width(word, style) <= width:
            yield word
            return
        piece = ""
        for char in word:
            if piece and self.width(piece + char, style) > width:
                yield piece
                piece = ""
            piece += char
        if piece:
            yield piece

    def ellipsize(self, text: str, style: Style, width: float) -> str:
        """``text`` on one line, cut with an ellipsis if it is too wide."""
        if self.width(text, style) <= width:
            return text
        words = text.split()
        while words and self.width(" ".join(words) + "…", style) > width:
            words.pop()
        return (" ".join(words) or text[:8]) + "…"

    def lines(self, blocks: Iterable[Block], width: float) -> list[Line]:
        out: list[Line] = []
        for block in blocks:
            texts = self.wrap(block.text, block.style, width - block.indent)
            for i, text in enumerate(texts):
                last = i == len(texts) - 1
                out.append(
                    Line(
                        text,
                        block.style,
                        block.indent,
                        block.marker if i == 0 else "",
                        block.marker_style,
                        block.space_before if i == 0 else 0.0,
                        # no lone first line at the foot of a column, and no
                        # lone last line at the head of the next one
                        block.keep_with_next if last else i in (0, len(texts) - 2),
                        block.marker_indent,
                    )
                )
        return out

    def draw(self, ops: Iterable[Op]) -> None:
        pdf = self.pdf
        for op in ops:
            if isinstance(op, TextOp):
                pdf.set_font(FAMILY, op.style.font_style, op.style.size)
                pdf.set_text_color(*op.style.colour)
                pdf.text(op.x, op.y, op.text)
            elif isinstance(op, RuleOp):
                pdf.set_draw_color(*op.colour)
                pdf.set_line_width(op.width)
                if op.dashed:
                    pdf.set_dash_pattern(dash=2.0, gap=1.6)
                pdf.line(op.x1, op.y1, op.x2, op.y2)
                if op.dashed:
                    pdf.set_dash_pattern()
            else:
                pdf.set_fill_color(*op.colour)
                pdf.rect(
                    op.x,
                    op.y,
                    op.w,
                    op.h,
                    style="F",
                    round_corners=True,
                    corner_radius=1.2,
                )


def _text_op(x: float, top: float, text: str, style: Style) -> TextOp:
    """A line of text whose line box starts at ``top``."""
    size = style.size * PT
    return TextOp(x, top + (style.line_height - size) / 2 + 0.8 * size, text, style)


def flow(lines: Sequence[Line], columns: int, height: float) -> list[list[Line]] | None:
    """Fill up to ``columns`` columns of ``height`` mm; ``None`` if it does not fit."""
    filled: list[list[Line]] = [[]]
    used = 0.0
    i = 0

    def need(group: Sequence[Line], at_top: bool) -> float:
        gap = 0.0 if at_top else group[0].space_before
        return gap + sum(line.height for line in group)

    while i < len(lines):
        j = i
        while j < len(lines) - 1 and lines[j].keep_with_next:
            j += 1
        group = lines[i : j + 1]
        column = filled[-1]
        size = need(group, not column)
        if used + size <= height + 1e-6:
            column.extend(group)
            used += size
            i = j + 1
            continue
        if column and len(filled) < columns:
            filled.append([])
            used = 0.0
            continue
        # The group is taller than a whole column: let it break, line by line.
        size = need(lines[i : i + 1], not column)
        if used + size <= height + 1e-6:
            used += size
            column.append(lines[i])
            i += 1
        elif column and len(filled) < columns:
            filled.append([])
            used = 0.0
        else:
            return None
    return filled


def balanced(
    lines: Sequence[Line], columns: int, height: float
) -> list[list[Line]] | None:
    """Like :func:`flow`, with columns of about equal length."""
    if flow(lines, columns, height) is None:
        return None
    low, high = 0.0, height
    for _ in range(14):
        middle = (low + high) / 2
        if flow(lines, columns, middle) is None:
            low = middle
        else:
            high = middle
    return flow(lines, columns, high)


def place(
    columns: Sequence[Sequence[Line]], x: float, top: float, width: float, gutter: float
) -> list[Op]:
    ops: list[Op] = []
    for n, column in enumerate(columns):
        left = x + n * (width + gutter)
        y = top
        for k, line in enumerate(column):
            if k:
                y += line.space_before
            if line.marker:
                ops.append(
                    _text_op(
                        left + line.marker_indent,
                        y,
                        line.marker,
                        line.marker_style or line.style,
                    )
                )
            if line.text:
                ops.append(_text_op(left + line.indent, y, line.text, line.style))
            y += line.height
    return ops


def column_height(column: Sequence[Line]) -> float:
    return sum(
        line.height + (line.space_before if k else 0.0) for k, line in enumerate(column)
    )


# ------------------------------------------------------------------------- layout


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


@dataclass(frozen=True, slots=True)
class _Text:
    """The printed labels, in the deck's own language."""

    language: str

    def __call__(self, key: str, **params: object) -> str:
        return t(key, language=self.language, **params)


def _language(deck: Deck) -> str:
    return deck.language if deck.language in LANGUAGES else "nl"


def _slot(index: int, per_page: int) -> Box:
    if per_page == 1:
        return Box(0.0, 0.0, PAGE_W, PAGE_H)
    return Box(0.0, (index % per_page) * HALF_H, PAGE_W, HALF_H)


def _card_area(slot: Box, per_page: int) -> Box:
    return slot.inset(10.0, 8.0) if per_page == 2 else slot.inset(16.0, 16.0)


class _Layout:
    """Composes every page of one deck into drawing operations."""

    def __init__(self, canvas: Canvas, deck: Deck, library: Library) -> None:
        self.c = canvas
        self.deck = deck
        self.library = library
        self.tx = _Text(_language(deck))

    # -- shared pieces --------------------------------------------------------------

    def _header(
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
        lines = self.c.wrap(text, style, area.w)
        ops: list[Op] = []
        y = top
        for line in lines:
            ops.append(_text_op(area.x, y, line, style))
            y += style.line_height
        return ops, y

    # -- card faces -----------------------------------------------------------------

    def front(
        self, card: DilemmaCard, number: int, area: Box, body: float
    ) -> list[Op] | None:
        """Role, title, setting, situation; values and beliefs along the bottom."""
        c, tx = self.c, self.tx
        text = Style(body)
        heading = Style(body, bold=True, colour=ACCENT)
        ops, used = self._header(card, number, area)
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

        gutter = 8.0
        col_w = (area.w - gutter) / 2
        values = " · ".join(self._value_name(v) for v in card.values)
        beliefs = " · ".join(self._belief_name(b) for b in card.blocking_beliefs)
        strip = [
            [
                Block(tx("print.front.values"), heading),
                Block(values, text),
            ]
        ]
        if beliefs:
            many = "beliefs" if len(card.blocking_beliefs) > 1 else "belief"
            strip.append(
                [
                    Block(tx(f"print.front.{many}"), heading),
                    Block(beliefs, text),
                ]
            )
        strip_w = col_w if beliefs else area.w
        strip_cols = [c.lines(blocks, strip_w) for blocks in strip]
        strip_h = max(column_height(col) for col in strip_cols)
        strip_top = area.bottom - strip_h
        ops.append(RuleOp(area.x, strip_top - 2.5, area.x + area.w, strip_top - 2.5))
        ops += place(strip_cols, area.x, strip_top, strip_w, gutter)

        gap = text.line_height * 0.5
        story = [
            Block(card.setting, Style(body, italic=True, colour=MUTED)),
            *(
                Block(paragraph, text, space_before=gap)
                for paragraph in _paragraphs(card.situation)
            ),
        ]
        height = strip_top - 5.0 - y
        columns = balanced(c.lines(story, col_w), 2, height)
        if columns is None:
            return None
        ops += place(columns, area.x, y, col_w, gutter)
        return ops

    def back(
        self, card: DilemmaCard, number: int, area: Box, body: float
    ) -> list[Op] | None:
        """Courses of action, reflection questions and "wat als…" variations."""
        c, tx = self.c, self.tx
        text = Style(body)
        strong = Style(body, bold=True)
        heading = Style(body, bold=True, colour=ACCENT)
        marker = Style(body, bold=True, colour=ACCENT)
        ops, used = self._header(card, number, area, title=True)
        y = area.y + used + 2.5
        ops.append(RuleOp(area.x, y, area.x + area.w, y))
        y += 3.0

        section = text.line_height * 0.9
        item = text.line_height * 0.4
        hang = 6.0
        blocks: list[Block] = [
            Block(tx("print.back.options"), heading, keep_with_next=True)
        ]
        for n, option in enumerate(card.options):
            blocks += [
                Block(
                    option.label,
                    strong,
                    hang,
                    _letter(n),
                    marker,
                    space_before=item if n else 0.0,
                    keep_with_next=True,
                ),
                Block(option.rationale, text, hang),
            ]
        blocks.append(
            Block(
                tx("print.back.questions"),
                heading,
                space_before=section,
                keep_with_next=True,
            )
        )
        for n, question in enumerate(card.questions):
            blocks.append(
                Block(
                    question,
                    text,
                    hang,
                    f"{n + 1}",
                    marker,
                    space_before=item if n else 0.0,
                )
            )
        if card.variations:
            blocks.append(
                Block(
                    tx("print.back.what_if"),
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
                        hang,
                        "›",
                        marker,
                        space_before=item if n else 0.0,
                        keep_with_next=True,
                    ),
                    Block(variation.text, text, hang),
                ]
        gutter = 8.0
        col_w = (area.w - gutter) / 2
        columns = balanced(c.lines(blocks, col_w), 2, area.bottom - y)
        if columns is None:
            return None
        ops += place(columns, area.x, y, col_w, gutter)
        return ops

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

    # -- facilitator notes ----------------------------------------------------------

    def note(self, card: DilemmaCard, number: int, area: Box) -> list[Op] | None:
        """Card number and title, the facilitator note and its sources."""
        tx = self.tx
        text = Style(NOTE_SIZE)
        heading = Style(NOTE_SIZE, bold=True, colour=ACCENT)
        title = Style(NOTE_SIZE + 1, bold=True)
        gap = text.line_height * 0.5
        blocks = [
            Block(
                card.title,
                title,
                9.0,
                f"{number}",
                replace(title, colour=ACCENT),
                keep_with_next=True,
            ),
            *(
                Block(p, text, 9.0, space_before=gap)
                for p in _paragraphs(card.facilitator_note)
            ),
            Block(
                tx("print.notes.sources"),
                heading,
                9.0,
                space_before=gap,
                keep_with_next=True,
            ),
            *(
                Block(source, text, 14.0, "–", text, marker_indent=9.0)
                for source in card.sources
            ),
        ]
        columns = flow(self.c.lines(blocks, area.w), 1, area.h)
        if columns is None:
            return None
        return place(columns, area.x, area.y, area.w, 0.0)

    def notes_header(self) -> tuple[list[Op], float]:
        style = Style(10.0, colour=MUTED)
        area = Box(0, 0, PAGE_W, PAGE_H).inset(18.0, 12.0)
        label = self.tx("print.notes.heading")
        title = self.c.ellipsize(
            self.deck.title, style, area.w - self.c.width(label, style) - 10.0
        )
        ops: list[Op] = [
            _text_op(area.x, area.y, label, Style(10.0, bold=True, colour=ACCENT)),
            _text_op(
                area.x + area.w - self.c.width(title, style), area.y, title, style
            ),
            RuleOp(area.x, area.y + 6.5, area.x + area.w, area.y + 6.5),
        ]
        return ops, 6.5

    # -- front matter ---------------------------------------------------------------

    def cover(self, plan: Plan) -> list[Op]:
        tx = self.tx
        area = Box(0, 0, PAGE_W, PAGE_H).inset(22.0, 24.0, 18.0)
        body = Style(12.0)
        heading = Style(15.0, bold=True, colour=ACCENT)
        step = Style(12.0, bold=True, colour=ACCENT)
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
            for i, p in enumerate(_paragraphs(self.deck.description))
        ]
        steps = [tx(f"print.cover.step{n}") for n in range(1, 7)]
        cut = "cut" if plan.cards_per_page == 2 else "whole"
        printing = [tx("print.cover.print.duplex"), tx(f"print.cover.print.{cut}")]
        if plan.notes_per_page:
            printing.append(tx("print.cover.print.notes"))
        after = [
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
        # A very long description gives way, paragraph by paragraph, to the how-to.
        while True:
            lines = self.c.lines([*before, *description, *after], area.w)
            columns = flow(lines, 1, area.h)
            if columns is not None or not description:
                break
            description = description[:-1]
        return place(columns or [lines], area.x, area.y, area.w, 0.0)

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
        gutter = 8.0
        col_w = (area.w - gutter) / 2
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
        more = Style(11.0, italic=True, colour=MUTED)
        lines = self.c.lines(entries, col_w)
        height = area.bottom - top

        def columns(shown: int) -> list[list[Line]] | None:
            """The first ``shown`` entries, and a line saying how many are left."""
            count = sum(1 for line in lines if line.marker)
            cut = next(
                (k for k, line in enumerate(lines) if line.marker == f"{shown + 1}"),
                len(lines),
            )
            rest = count - shown
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
        return ops + place(columns(high) or [], area.x, top, col_w, gutter)


def _paragraphs(text: str) -> list[str]:
    """Paragraphs of a content text; a blank line separates them (YAML ``|``)."""
    parts = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    return [p for p in parts if p] or [text.strip()]


def _letter(index: int) -> str:
    return chr(ord("A") + index)


# ------------------------------------------------------------------------- public


@dataclass(frozen=True, slots=True)
class _Composed:
    plan: Plan
    fronts: list[list[Op]]
    backs: list[list[Op]]
    notes: list[list[Op]]


def _compose(deck: Deck, library: Library, canvas: Canvas, notes: bool) -> _Composed:
    layout = _Layout(canvas, deck, library)
    cards = deck.cards

    def fitted(
        face: Callable[[DilemmaCard, int, Box, float], list[Op] | None],
        per_page: int,
        sizes: Sequence[float],
    ) -> tuple[float, list[list[Op]]] | DilemmaCard:
        """The largest size at which every card's face fits, or the card that won't."""
        worst = cards[0] if cards else None
        for size in sizes:
            composed = []
            for i, card in enumerate(cards):
                ops = face(card, i + 1, _card_area(_slot(i, per_page), per_page), size)
                if ops is None:
                    worst = card
                    break
                composed.append(ops)
            else:
                return size, composed
        assert worst is not None
        return worst

    for per_page, sizes in CARD_LAYOUTS:
        front = fitted(layout.front, per_page, sizes)
        back = fitted(layout.back, per_page, sizes)
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
    failed: DilemmaCard | None = None

    note_ops: list[list[Op]] = []
    per_note_page = 0
    if notes and cards:
        header, header_h = layout.notes_header()
        page_area = Box(0, 0, PAGE_W, PAGE_H).inset(18.0, 12.0)
        body_top = page_area.y + header_h + 5.0
        body_h = page_area.bottom - body_top
        for slots in NOTE_SLOTS:
            slot_h = body_h / slots
            composed = []
            for i, card in enumerate(cards):
                k = i % slots
                area = Box(
                    page_area.x, body_top + k * slot_h, page_area.w, slot_h - 6.0
                )
                ops = layout.note(card, i + 1, area)
                if ops is None:
                    failed = card
                    break
                if k:
                    rule_y = body_top + k * slot_h - 4.0
                    ops = [RuleOp(area.x, rule_y, area.x + area.w, rule_y), *ops]
                composed.append(ops)
            else:
                per_note_page = slots
                note_ops = composed
                break
        if not per_note_page:
            assert failed is not None
            raise PrintError(
                t("print.error.note_too_long", title=failed.title, id=failed.id)
            )
        # the header goes on the first note of each page
        note_ops = [
            [*header, *ops] if i % per_note_page == 0 else ops
            for i, ops in enumerate(note_ops)
        ]
    plan = Plan(len(cards), per_page, front_size, back_size, per_note_page)
    return _Composed(plan, fronts, backs, note_ops)


def plan_layout(deck: Deck, library: Library, *, notes: bool = True) -> Plan:
    """The layout :func:`deck_pdf` will use for ``deck``, and its page count."""
    return _compose(deck, library, Canvas(), notes).plan


def deck_pdf(deck: Deck, library: Library, *, notes: bool = True) -> bytes:
    """An A4 PDF of ``deck``: cover, cards front and back, facilitator notes.

    ``library`` supplies the names of the public values and blocking beliefs the
    cards refer to. Print duplex, flipping on the long edge (see module doc).
    Raises :class:`PrintError` when a card is too long for even a whole A4 side.
    """
    return render_deck(deck, library, notes=notes)[0]


def render_deck(
    deck: Deck, library: Library, *, notes: bool = True
) -> tuple[bytes, Plan]:
    """:func:`deck_pdf` together with the :class:`Plan` it followed."""
    canvas = Canvas()
    composed = _compose(deck, library, canvas, notes)
    plan = composed.plan
    layout = _Layout(canvas, deck, library)
    pdf = canvas.pdf
    language = _language(deck)
    pdf.set_title(deck.title)
    pdf.set_subject(t("print.pdf.subject", language=language))
    pdf.set_creator("Wakkere afweging (kit print)")
    pdf.set_lang(language)

    def page(ops: Iterable[Op]) -> None:
        pdf.add_page()
        canvas.draw(ops)

    page(layout.cover(plan))
    page(layout.overview())
    per = plan.cards_per_page
    for start in range(0, plan.cards, per):
        chunk = range(start, min(start + per, plan.cards))
        cut: list[Op] = (
            [RuleOp(0.0, HALF_H, PAGE_W, HALF_H, (110, 110, 110), 0.3, dashed=True)]
            if per == 2
            else []
        )
        page(
            [
                *cut,
                *_cut_label(canvas, layout.tx, per),
                *(op for i in chunk for op in composed.fronts[i]),
            ]
        )
        page(op for i in chunk for op in composed.backs[i])
    for start in range(0, len(composed.notes), plan.notes_per_page or 1):
        page(
            op
            for ops in composed.notes[start : start + plan.notes_per_page]
            for op in ops
        )
    assert pdf.pages_count == plan.pages, (pdf.pages_count, plan)
    return bytes(pdf.output()), plan


def _cut_label(canvas: Canvas, tx: Callable[..., str], per_page: int) -> list[Op]:
    if per_page != 2:
        return []
    style = Style(7.5, colour=(110, 110, 110))
    label = tx("print.cut")
    return [
        TextOp(PAGE_W - 8.0 - canvas.width(label, style), HALF_H - 1.2, label, style)
    ]


def load_deck(spec: str) -> tuple[Deck, Library]:
    """The deck named by ``spec``: a file or folder (validated), or a built-in id.

    Raises :class:`~kit.errors.ContentError` with every problem of a trainer's
    file, or :class:`PrintError` when no single deck matches.
    """
    from kit.model.library import builtin_library, check_directory

    path = Path(spec)
    if path.exists():
        report = check_directory(path)
        if not report.ok or report.library is None:
            raise ContentError(report.errors or report.problems)
        decks = report.library.decks
        if len(decks) != 1:
            key = "print.error.no_deck" if not decks else "print.error.several_decks"
            raise PrintError(t(key, path=spec, ids=", ".join(d.id for d in decks)))
        return decks[0], report.library
    library = builtin_library()
    try:
        return library.deck(spec), library
    except KeyError:
        ids = ", ".join(d.id for d in library.decks)
        raise PrintError(t("print.error.unknown_deck", deck=spec, ids=ids)) from None
