"""The session report as Markdown, for trainers who keep notes in git or a wiki.

Headings, lists and pipe tables; no images: a chart becomes its text
alternative and its data table. Text typed by participants is escaped so it
stays text: Markdown and HTML characters get a backslash (a ``<script>`` shows
as typed and never runs in a wiki), a typed ``https://…`` stays plain text in
viewers that autolink, and ``|`` and line breaks cannot break a table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kit.locale import t
from kit.report.document import (
    Block,
    Bullets,
    Chart,
    Definitions,
    Document,
    Paragraph,
    Section,
    Table,
)

#: Characters CommonMark lets you escape with a backslash that could otherwise
#: start markup (emphasis, links, code, HTML, tables, entities).
_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~#!])")
#: Bare addresses that viewers which autolink (GitHub, GitLab, many wikis) would
#: turn into live links: a scheme's colon before ``//``, ``www.`` and an e-mail's
#: ``@``. A backslash keeps the character and stops the link.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<=\bwww)(\.)|(?<=\w)(@)(?=\w)")
#: What makes the start of a line a list item, heading, quote or rule.
_LINE_START = re.compile(r"^(\s*\d*)([-+=>.)])")


def md_escape(text: object, *, line_start: bool = True) -> str:
    """Plain text for inline Markdown: special characters escaped, one line.

    ``line_start`` also escapes what would make the start of a line a list item,
    heading or quote (not needed inside a table cell).
    """
    line = _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    line = _AUTOLINK.sub(lambda m: "\\" + m.group(0), line)
    if not line_start:
        return line
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line)


def _multiline(text: str) -> str:
    """Several lines of typed text: each escaped, joined by hard line breaks."""
    lines = [md_escape(line) for line in text.strip().splitlines() if line.strip()]
    return "\\\n".join(lines)


def _cell(value: object) -> str:
    return md_escape(value, line_start=False) or " "


def _table(
    caption: str, columns: Sequence[str], rows: Sequence[Sequence[object]]
) -> str:
    head = "| " + " | ".join(_cell(c) for c in columns) + " |"
    rule = "| " + " | ".join("---" for _ in columns) + " |"
    body = [
        "| "
        + " | ".join(_cell(row[i] if i < len(row) else "") for i in range(len(columns)))
        + " |"
        for row in rows
    ]
    return "\n".join([f"*{md_escape(caption)}*", "", head, rule, *body])


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        text = _multiline(block.text)
        if block.kind == "quote":
            return "\n".join(f"> {line}" for line in text.split("\n"))
        if block.kind == "note":
            return f"*{text}*" if text else ""
        return text
    if isinstance(block, Bullets):
        return "\n".join(
            f"{f'{i}.' if block.ordered else '-'} {md_escape(item)}"
            for i, item in enumerate(block.items, start=1)
        )
    if isinstance(block, Definitions):
        return "\n".join(
            f"- **{md_escape(term)}**: {_multiline(text)}".replace("\\\n", "\\\n  ")
            for term, text in block.items
        )
    if isinstance(block, Table):
        return _table(block.caption, block.columns, block.rows)
    return _chart(block)


def _chart(block: Chart) -> str:
    figure = block.safe_figure()
    if figure is None:
        return f"*{md_escape(t('report.chart.failed', title=block.title))}*"
    return "\n\n".join(
        [
            f"**{md_escape(t('report.chart.label', title=block.title))}** "
            f"{md_escape(figure.description)}",
            _table(
                t("report.chart.data", title=block.title), figure.columns, figure.rows
            ),
        ]
    )


def _section(section: Section, depth: int) -> list[str]:
    parts = [f"{'#' * min(depth + 1, 6)} {md_escape(section.title)}"]
    parts += [text for text in (_block(b) for b in section.blocks) if text]
    for child in section.sections:
        parts += _section(child, depth + 1)
    return parts


def render_markdown(document: Document) -> str:
    """The whole report as Markdown text."""
    parts = [f"# {md_escape(document.title)}"]
    parts.append(
        "\n".join(f"- **{md_escape(a)}**: {md_escape(b)}" for a, b in document.facts)
    )
    parts += [md_escape(p) for p in document.intro]
    for section in document.sections:
        parts += _section(section, 1)
    parts.append("---")
    parts.append(f"*{md_escape(document.footer)}*")
    return "\n\n".join(parts) + "\n"
