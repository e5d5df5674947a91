"""The session report as a Word document (.docx), the format ministries pass around.

Built with python-docx so it is navigable and accessible in Word: the title in
the Title style and every section in a real Heading 1/2/3… style (Word's
navigation pane and a table of contents pick them up), tables with a marked
header row that repeats across pages, charts as PNG images with their text
alternative as alt text (``descr`` on the picture) followed by the chart's data
as a table, and Dutch (nl-NL) as the document language for spelling and screen
readers.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import _Row
    from docx.text.paragraph import Paragraph as WordParagraph

#: Widest a chart may be on an A4 page with Word's default margins.
MAX_WIDTH_CM = 16.0
#: PNG pixels per SVG pixel: sharp on screen and in print.
PNG_SCALE = 2.0
CSS_PX_PER_CM = 96 / 2.54


#: What XML 1.0 (and so Word) cannot hold: control characters other than tab,
#: line feed and carriage return, lone surrogates, and U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: object) -> str:
    """``text`` as Word can store it: python-docx refuses the characters above
    with an error, so one pasted control character would cost the whole report."""
    return _NOT_XML.sub("", str(text))


def _language(document: WordDocument, language: str) -> None:
    """Set the document's default language (spelling, hyphenation, screen readers)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    rpr = styles.find(qn("w:docDefaults"))
    if rpr is not None:
        rpr = rpr.find(qn("w:rPrDefault"))
    if rpr is not None:
        rpr = rpr.find(qn("w:rPr"))
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), language)


class _Styles:
    """Paragraph style ids looked up once per document.

    python-docx resolves a style name on every ``add_paragraph(style=…)`` by
    scanning all styles (milliseconds each); a report of a 30-person session has
    thousands of paragraphs, so the id is looked up once and set directly.
    """

    def __init__(self, doc: WordDocument) -> None:
        self.doc = doc
        self.ids: dict[str, str] = {}

    def paragraph(self, text: str = "", style: str | None = None) -> WordParagraph:
        paragraph = self.doc.add_paragraph(_xml(text))
        if style:
            if style not in self.ids:
                self.ids[style] = self.doc.styles[style].style_id
            paragraph._p.get_or_add_pPr().style = self.ids[style]
        return paragraph


def _header_row(row: _Row) -> None:
    """Mark a table row as its header (repeats on each page; read as headers)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _table(
    doc: _Styles,
    caption: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    row_headers: bool,
) -> None:
    doc.paragraph(caption, "Caption")
    table = doc.doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(_xml(text)).bold = True
    _header_row(table.rows[0])
    for row in rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, row, strict=False)):
            cell.text = ""
            run = cell.paragraphs[0].add_run(_xml(value))
            if row_headers and index == 0:
                run.bold = True
    doc.paragraph()


def _svg_width_cm(svg: str) -> float:
    found = re.search(r'\bwidth="([\d.]+)"', svg)
    width = float(found.group(1)) if found else 600.0
    return min(MAX_WIDTH_CM, width / CSS_PX_PER_CM)


def chart_png(svg: str) -> bytes:
    """A chart's SVG as PNG, drawn with the same fonts as the SVG on the page."""
    from kit.charts.render import to_png

    return to_png(svg, scale=PNG_SCALE)


def _chart(doc: _Styles, block: Chart) -> None:
    from docx.shared import Cm

    figure = block.safe_figure()
    if figure is None:
        failed = t("report.chart.failed", title=block.title)
        doc.paragraph().add_run(_xml(failed)).italic = True
        return
    alt = f"{block.title}. {figure.description}"
    paragraph = doc.paragraph()
    run = paragraph.add_run()
    shape = run.add_picture(
        io.BytesIO(chart_png(figure.svg)), width=Cm(_svg_width_cm(figure.svg))
    )
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", _xml(alt))
    doc_pr.set("title", _xml(block.title))
    doc.paragraph(figure.description, "Caption")
    _table(
        doc,
        t("report.chart.data", title=block.title),
        figure.columns,
        figure.rows,
        row_headers=True,
    )


def _block(doc: _Styles, block: Block) -> None:
    if isinstance(block, Paragraph):
        style = {"note": None, "quote": "Quote"}.get(block.kind)
        paragraph = doc.paragraph("", style)
        lines = block.text.strip().splitlines() or [""]
        for index, line in enumerate(lines):
            run = paragraph.add_run(_xml(line))
            if block.kind == "note":
                run.italic = True
            if index < len(lines) - 1:
                run.add_break()
    elif isinstance(block, Bullets):
        style = "List Number" if block.ordered else "List Bullet"
        for item in block.items:
            doc.paragraph(item, style)
    elif isinstance(block, Definitions):
        for term, text in block.items:
            paragraph = doc.paragraph()
            paragraph.add_run(_xml(term)).bold = True
            lines = text.strip().splitlines() or [""]
            for line in lines:
                paragraph.add_run().add_break()
                paragraph.add_run(_xml(line))
    elif isinstance(block, Table):
        _table(doc, block.caption, block.columns, block.rows, block.row_headers)
    else:
        _chart(doc, block)


def _section(doc: _Styles, section: Section, depth: int) -> None:
    doc.paragraph(section.title, f"Heading {min(depth, 9)}")
    for block in section.blocks:
        _block(doc, block)
    for child in section.sections:
        _section(doc, child, depth + 1)


def render_docx(document: Document) -> bytes:
    """The whole report as the bytes of a .docx file."""
    import docx

    doc = docx.Document()
    _language(doc, document.language)
    props = doc.core_properties
    props.title = _xml(document.title)
    props.subject = _xml(document.subject)
    props.language = document.language
    props.author = "Wakkere afweging"
    props.comments = _xml(document.footer)
    styles = _Styles(doc)
    styles.paragraph(document.title, "Title")
    for term, text in document.facts:
        paragraph = styles.paragraph()
        paragraph.add_run(_xml(f"{term}: ")).bold = True
        paragraph.add_run(_xml(text))
    for text in document.intro:
        styles.paragraph(text)
    for section in document.sections:
        _section(styles, section, 1)
    styles.paragraph()
    footer = styles.paragraph(document.footer)
    footer.runs[0].italic = True
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
