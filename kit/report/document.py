"""The report's document model: sections of paragraphs, lists, tables and charts.

Plain typed data that knows nothing about HTML, Word or Markdown; the renderers
(:mod:`kit.report.html`, :mod:`kit.report.docx`, :mod:`kit.report.markdown`) and
the tools' results panes each walk it. The presenters build it
(:mod:`kit.report.sections_dilemma` and friends), so a tool's results are put
into words once, for the widget and the report alike.

Importing this module is light: no pandas, altair or widgets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from kit.locale import t
from kit.model.text import one_line

if TYPE_CHECKING:
    from kit.charts.render import ChartFigure
    from kit.model.types import Library

__all__ = [
    "Block",
    "Bullets",
    "Chart",
    "Definitions",
    "Document",
    "Paragraph",
    "Part",
    "ReportInput",
    "Section",
    "Table",
    "one_line",
]

log = logging.getLogger("kit")

# --- the document model -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Plain text; ``kind`` ``note`` is a remark, ``quote`` something typed."""

    text: str
    kind: Literal["text", "note", "quote"] = "text"


@dataclass(frozen=True, slots=True)
class Bullets:
    """A list of plain-text items; ``quotes`` marks text typed by people."""

    items: tuple[str, ...]
    ordered: bool = False
    quotes: bool = False


@dataclass(frozen=True, slots=True)
class Definitions:
    """Term → text pairs (the closing of a card, a justification)."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A data table with a header row; ``row_headers`` makes column 1 a header."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_headers: bool = False


class Chart:
    """A chart, drawn on first use (SVG rendering is the costly part of a report).

    ``build`` is one of the kit's chart functions bound to its data; the result is
    a :class:`~kit.charts.render.ChartFigure` with the SVG, the spec and the text
    alternative (description and data table). ``key`` stands for that data: a
    tool's pane draws the chart again only when the key changed.
    """

    __slots__ = ("_build", "_failed", "_figure", "key", "title")

    def __init__(
        self, title: str, build: Callable[[], ChartFigure], key: object = None
    ):
        self.title = title
        self.key = key
        self._build = build
        self._figure: ChartFigure | None = None
        self._failed = False

    @property
    def figure(self) -> ChartFigure:
        if self._figure is None:
            self._figure = self._build()
        return self._figure

    def safe_figure(self) -> ChartFigure | None:
        """The figure, or ``None`` if it cannot be drawn (logged, never raised).

        One chart that fails must not cost the facilitator the whole report;
        the renderers put a sentence in its place.
        """
        if self._failed:
            return None
        try:
            return self.figure
        except Exception:
            log.exception("kit: the report could not draw the chart %r", self.title)
            self._failed = True
            return None


Block = Paragraph | Bullets | Definitions | Table | Chart


@dataclass
class Section:
    """A heading with its content and subsections; depth gives the heading level.

    ``css`` is a class name for the tools' HTML panes (e.g. ``kit-minority``);
    the report's renderers do not need it.
    """

    title: str
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    css: str = ""

    def add(self, *blocks: Block) -> Section:
        self.blocks.extend(blocks)
        return self

    def sub(self, title: str, *blocks: Block, css: str = "") -> Section:
        child = Section(title, list(blocks), css=css)
        self.sections.append(child)
        return child

    def walk(self, depth: int = 1) -> Iterable[tuple[int, Section]]:
        yield depth, self
        for child in self.sections:
            yield from child.walk(depth + 1)


@dataclass
class Document:
    """The whole report: a title, facts about the session, and sections."""

    title: str
    facts: tuple[tuple[str, str], ...]
    intro: tuple[str, ...]
    sections: list[Section]
    footer: str
    language: str = "nl-NL"
    subject: str = ""

    def walk(self) -> Iterable[tuple[int, Section]]:
        for section in self.sections:
            yield from section.walk()

    def charts(self) -> list[Chart]:
        return [b for _, s in self.walk() for b in s.blocks if isinstance(b, Chart)]

    def all_text(self) -> str:
        """Every piece of text in the document (charts: their text alternative)."""
        parts = [self.title, *(f"{a} {b}" for a, b in self.facts), *self.intro]
        for _, section in self.walk():
            parts.append(section.title)
            for block in section.blocks:
                parts.extend(_block_text(block))
        parts.append(self.footer)
        return "\n".join(parts)


def _block_text(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, Bullets):
        return list(block.items)
    if isinstance(block, Definitions):
        return [f"{a} {b}" for a, b in block.items]
    if isinstance(block, Table):
        return [block.caption, *block.columns, *(c for r in block.rows for c in r)]
    figure = block.safe_figure()
    if figure is None:
        return [block.title, t("report.chart.failed", title=block.title)]
    return [
        block.title,
        figure.description,
        *figure.columns,
        *(str(c) for r in figure.rows for c in r),
    ]


# --- what a section builder gets ------------------------------------------------------


@dataclass(frozen=True)
class ReportInput:
    """What the section builders read: the session's answers and the content."""

    answers: tuple[Any, ...]
    library: Library | None
    include_reasons: bool = True

    def of(self, tool: str) -> list[Any]:
        return [a for a in self.answers if a.tool == tool]


@dataclass
class Part:
    """A tool's contribution: its section and the lines for "In het kort"."""

    section: Section | None
    summary: list[str] = field(default_factory=list)
