"""An A4 fpdf2 document that measures, wraps and draws text in the kit's fonts."""

from __future__ import annotations

from collections.abc import Iterable

from fpdf import FPDF

from kit.report.print_deck import fonts
from kit.report.print_deck.geometry import Block, Line, Op, RuleOp, Style, TextOp


class Canvas:
    """An A4 fpdf2 document with the kit's fonts: measures text and draws ops."""

    def __init__(self) -> None:
        pdf = FPDF(orientation="P", unit="mm", format="A4")
        for style, path in fonts.font_files().items():
            pdf.add_font(fonts.FAMILY, style, str(path))
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
            self.pdf.set_font(fonts.FAMILY, font_style, 100.0)
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
                pdf.set_font(fonts.FAMILY, op.style.font_style, op.style.size)
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
