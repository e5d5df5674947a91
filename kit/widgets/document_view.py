"""A section of the document model as HTML for a tool's results pane.

The presenters in ``kit/report/sections_*.py`` put a tool's results into words
once, as a :class:`~kit.report.document.Section`; the report renders it as a
file and the tools' panes render it here, in the page's own classes. Charts
come from the tool's :class:`~kit.widgets.live.FigureCache`, so a refresh that
changed nothing does not draw them again. Every text is escaped.
"""

from __future__ import annotations

from kit.report.document import (
    Block,
    Bullets,
    Chart,
    Definitions,
    Paragraph,
    Section,
    Table,
)
from kit.widgets.feedback import esc
from kit.widgets.live import FigureCache


def section_html(
    section: Section,
    figures: FigureCache,
    *,
    level: int = 4,
    with_title: bool = True,
) -> str:
    """``section`` with its subsections; its heading at ``level`` (h2 … h6).

    Without ``with_title`` the heading is left out (the pane has its own) and
    the subsections start at ``level``.
    """
    depth = min(level, 6)
    parts = [f"<h{depth}>{esc(section.title)}</h{depth}>"] if with_title else []
    parts += [block_html(block, figures) for block in section.blocks]
    child_level = level + 1 if with_title else level
    parts += [
        section_html(child, figures, level=child_level) for child in section.sections
    ]
    html = "".join(parts)
    return f"<div class='{esc(section.css)}'>{html}</div>" if section.css else html


def block_html(block: Block, figures: FigureCache) -> str:
    """One block: paragraphs, lists, definitions, tables and (cached) charts."""
    if isinstance(block, Paragraph):
        if block.kind == "quote":
            return f"<blockquote>{esc(block.text)}</blockquote>"
        css = " class='kit-meta'" if block.kind == "note" else ""
        return f"<p{css}>{esc(block.text)}</p>"
    if isinstance(block, Bullets):
        tag = "ol" if block.ordered else "ul"
        if block.quotes:
            items = "".join(
                f"<li><blockquote>{esc(i)}</blockquote></li>" for i in block.items
            )
            return f"<{tag} class='kit-quotes'>{items}</{tag}>"
        return f"<{tag}>{''.join(f'<li>{esc(i)}</li>' for i in block.items)}</{tag}>"
    if isinstance(block, Definitions):
        items = "".join(f"<dt>{esc(a)}</dt><dd>{esc(b)}</dd>" for a, b in block.items)
        return f"<dl>{items}</dl>"
    if isinstance(block, Table):
        return _table(block)
    return _chart(block, figures)


def _table(block: Table) -> str:
    head = "".join(f"<th scope='col'>{esc(c)}</th>" for c in block.columns)
    rows = []
    for row in block.rows:
        cells = [
            f"<th scope='row'>{esc(c)}</th>"
            if block.row_headers and i == 0
            else f"<td>{esc(c)}</td>"
            for i, c in enumerate(row)
        ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f"<table class='kit-table'><caption>{esc(block.caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _chart(block: Chart, figures: FigureCache) -> str:
    if block.key is None:
        return block.figure.to_html()
    return figures.html(block.title, block.key, lambda: block.figure)
