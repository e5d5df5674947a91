"""Page sizes, colours and the plain records that layout and drawing share."""

from __future__ import annotations

from dataclasses import dataclass

PT = 25.4 / 72  # millimetres per point
PAGE_W, PAGE_H = 210.0, 297.0
HALF_H = PAGE_H / 2

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


def text_op(x: float, top: float, text: str, style: Style) -> TextOp:
    """A line of text whose line box starts at ``top``."""
    size = style.size * PT
    return TextOp(x, top + (style.line_height - size) / 2 + 0.8 * size, text, style)
