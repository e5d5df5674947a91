"""The session report as one self-contained HTML file.

It opens offline and makes no request at all: the CSS is inline, the charts are
inline SVG (drawn on the server by vl-convert), the font the charts were measured
with is embedded as a data URI, and there is no script. A Content-Security-Policy
in the page says so to the browser too (``default-src 'none'``).

Accessibility (WCAG 2.1 AA): ``lang="nl"``, landmarks (banner, navigation, main,
contentinfo), headings in order, every chart an image with a text alternative
plus its data as a table, and every text typed by a participant escaped.
"""

from __future__ import annotations

import base64
import html
import io
import logging
import re
from collections.abc import Sequence
from functools import cache

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

log = logging.getLogger("kit")

#: Characters the embedded font keeps: Latin with Dutch and other European
#: accents, punctuation, and the symbols the kit's charts print.
FONT_UNICODES = (
    list(range(0x20, 0x7F))
    + list(range(0xA0, 0x180))
    + list(range(0x2010, 0x2030))
    + [0x2032, 0x2039, 0x203A, 0x20AC, 0x2122, 0x2190, 0x2192, 0x2212, 0x00D7]
)

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

CSS = """
:root { color-scheme: light; }
body { margin: 0; background: #f4f5f7; color: #1a1a1a;
  font-family: "Source Sans Pro", "Source Sans 3", "Segoe UI", Arial, sans-serif;
  font-size: 1.0625rem; line-height: 1.55; }
.page { max-width: 60rem; margin: 0 auto; background: #fff;
  padding: 1.5rem 2.5rem 2rem; }
header h1 { font-size: 2rem; line-height: 1.2; margin: 0.5rem 0 0.75rem; }
h2 { font-size: 1.6rem; line-height: 1.25; margin: 2.2rem 0 0.5rem;
  padding-top: 0.6rem; border-top: 3px solid #0b57d0; }
h3 { font-size: 1.35rem; margin: 1.6rem 0 0.4rem; }
h4 { font-size: 1.15rem; margin: 1.2rem 0 0.3rem; }
h5, h6 { font-size: 1.02rem; margin: 1rem 0 0.25rem; }
p, li, dd { max-width: 48rem; }
a { color: #0b4fc0; }
a:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem;
  margin: 0 0 1rem; }
.facts dt { font-weight: 700; }
.facts dd { margin: 0; }
.note { color: #3d3d3d; font-size: 0.97rem; }
.quote, ul.quotes > li { border-left: 4px solid #8a94a3;
  padding: 0.1rem 0 0.1rem 0.8rem; margin: 0.4rem 0; white-space: pre-wrap; }
ul.quotes { list-style: none; padding-left: 0; }
dl.definitions dt { font-weight: 700; margin-top: 0.5rem; }
dl.definitions dd { margin: 0.1rem 0 0 1.2rem; white-space: pre-wrap; }
table { border-collapse: collapse; margin: 0.6rem 0 1rem; font-size: 0.97rem; }
caption { text-align: left; font-weight: 700; padding: 0.2rem 0; }
th, td { border: 1px solid #8a94a3; padding: 0.3rem 0.55rem; text-align: left;
  vertical-align: top; }
thead th { background: #e8edf3; }
tbody th { font-weight: 600; }
figure { margin: 1rem 0 1.4rem; }
.chart { overflow-x: auto; max-width: 100%; }
.chart svg { max-width: 100%; height: auto; }
figcaption { color: #3d3d3d; font-size: 0.97rem; max-width: 48rem; }
details { margin: 0.3rem 0; }
summary { cursor: pointer; color: #0b4fc0; }
nav ol { columns: 2; column-gap: 2rem; }
footer { margin-top: 2.5rem; padding-top: 0.8rem; border-top: 1px solid #c2c8d0;
  color: #3d3d3d; font-size: 0.95rem; }
@media (max-width: 40rem) { .page { padding: 1rem; } nav ol { columns: 1; } }
@media print {
  body { background: #fff; font-size: 11pt; }
  .page { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; } h3, h4 { break-after: avoid; }
  figure, table { break-inside: avoid; }
  details > summary { display: none; }
}
"""


def esc(text: object) -> str:
    """Escape text for HTML (participants' text included): nothing runs."""
    return html.escape(str(text), quote=True)


@cache
def font_css() -> str:
    """``@font-face`` rules with the bundled Source Sans Pro (SIL OFL), inline.

    The charts were measured with this font on the server; with it embedded the
    labels fit wherever the file is opened. The font is cut down to the Latin
    characters the report uses (fontTools, already installed with fpdf2), which
    keeps the file small; without fontTools the whole font is embedded.
    """
    from kit.charts.theme import FONT, FONT_DIR

    rules = []
    for weight, name in ((400, "Regular"), (700, "Bold")):
        path = FONT_DIR / f"SourceSansPro-{name}.ttf"
        try:
            data, kind = _subset(path.read_bytes()), "woff"
        except Exception:  # no fontTools, or a font it cannot cut: embed it whole
            log.debug("kit: embedding the whole font %s", path.name, exc_info=True)
            data, kind = path.read_bytes(), "truetype"
        mime = "font/woff" if kind == "woff" else "font/ttf"
        encoded = base64.b64encode(data).decode("ascii")
        rules.append(
            f"@font-face {{ font-family: '{FONT}'; font-weight: {weight}; "
            f"font-style: normal; font-display: block; "
            f"src: url(data:{mime};base64,{encoded}) format('{kind}'); }}"
        )
    return "\n".join(rules)


def _subset(font: bytes) -> bytes:
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["kern", "liga"]
    options.name_IDs = ["*"]  # keep the copyright and licence notice of the OFL
    options.notdef_outline = True
    loaded = subset.load_font(io.BytesIO(font), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=FONT_UNICODES)
    subsetter.subset(loaded)
    out = io.BytesIO()
    subset.save_font(loaded, out, options)
    return out.getvalue()


class _Ids:
    """Stable, unique anchors for the headings (``s1``, ``s1-2``…)."""

    def __init__(self) -> None:
        self.counters: list[int] = []
        self.charts = 0

    def next(self, depth: int) -> str:
        del self.counters[depth:]
        while len(self.counters) < depth:
            self.counters.append(0)
        self.counters[depth - 1] += 1
        return "s" + "-".join(str(n) for n in self.counters)


def _paragraph(block: Paragraph) -> str:
    cls = {"note": " class='note'", "quote": " class='quote'"}.get(block.kind, "")
    return f"<p{cls}>{esc(block.text)}</p>"


def _bullets(block: Bullets) -> str:
    tag = "ol" if block.ordered else "ul"
    cls = " class='quotes'" if block.quotes else ""
    items = "".join(f"<li>{esc(item)}</li>" for item in block.items)
    return f"<{tag}{cls}>{items}</{tag}>"


def _definitions(block: Definitions) -> str:
    items = "".join(f"<dt>{esc(a)}</dt><dd>{esc(b)}</dd>" for a, b in block.items)
    return f"<dl class='definitions'>{items}</dl>"


def _table(
    caption: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    heads: bool,
) -> str:
    head = "".join(f"<th scope='col'>{esc(c)}</th>" for c in columns)
    body = []
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            if heads and index == 0:
                cells.append(f"<th scope='row'>{esc(value)}</th>")
            else:
                cells.append(f"<td>{esc(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<table><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _unique_ids(svg: str, prefix: str) -> str:
    """Give the ids inside one chart's SVG a prefix, so two charts on one page
    never share an id (a gradient or clip path would otherwise be taken from the
    first chart that defines it)."""
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    for name in sorted(ids, key=len, reverse=True):
        svg = re.sub(rf'\bid="{re.escape(name)}"', f'id="{prefix}-{name}"', svg)
        svg = svg.replace(f"url(#{name})", f"url(#{prefix}-{name})")
        svg = svg.replace(f'href="#{name}"', f'href="#{prefix}-{name}"')
    return svg


def _chart(block: Chart, number: int = 0) -> str:
    figure = block.safe_figure()
    if figure is None:
        return f"<p class='note'>{esc(t('report.chart.failed', title=block.title))}</p>"
    svg = _unique_ids(figure.svg, f"c{number}")
    label = esc(f"{block.title}. {figure.description}")
    table = _table(
        t("report.chart.data", title=block.title),
        figure.columns,
        figure.rows,
        heads=True,
    )
    return (
        "<figure>"
        f"<div class='chart' role='img' aria-label='{label}'>{svg}</div>"
        f"<figcaption>{esc(figure.description)}</figcaption>"
        f"<details><summary>{esc(t('report.chart.as_table'))}</summary>{table}"
        "</details></figure>"
    )


def render_block(block: Block, ids: _Ids | None = None) -> str:
    if isinstance(block, Paragraph):
        return _paragraph(block)
    if isinstance(block, Bullets):
        return _bullets(block)
    if isinstance(block, Definitions):
        return _definitions(block)
    if isinstance(block, Table):
        return _table(block.caption, block.columns, block.rows, block.row_headers)
    ids = ids or _Ids()
    ids.charts += 1
    return _chart(block, ids.charts)


def render_section(
    section: Section, depth: int = 1, ids: _Ids | None = None, *, charts: bool = True
) -> str:
    """One section as ``<section>`` with a heading of level ``depth + 1``.

    With ``charts=False`` charts are left out (the look-back overview).
    """
    ids = ids or _Ids()
    anchor = ids.next(depth)
    level = min(depth + 1, 6)
    parts = [
        f"<section aria-labelledby='{anchor}'>"
        f"<h{level} id='{anchor}'>{esc(section.title)}</h{level}>"
    ]
    parts += [
        render_block(b, ids)
        for b in section.blocks
        if charts or not isinstance(b, Chart)
    ]
    parts += [
        render_section(child, depth + 1, ids, charts=charts)
        for child in section.sections
    ]
    parts.append("</section>")
    return "".join(parts)


def _nav(document: Document) -> str:
    ids = _Ids()
    items = []
    for depth, section in document.walk():
        anchor = ids.next(depth)
        if depth == 1:
            items.append(f"<li><a href='#{anchor}'>{esc(section.title)}</a></li>")
    return (
        f"<nav aria-labelledby='toc'><h2 id='toc'>{esc(t('report.toc'))}</h2>"
        f"<ol>{''.join(items)}</ol></nav>"
    )


def render_html(document: Document) -> str:
    """The whole report as one HTML page (a string)."""
    facts = "".join(f"<dt>{esc(a)}</dt><dd>{esc(b)}</dd>" for a, b in document.facts)
    intro = "".join(f"<p>{esc(p)}</p>" for p in document.intro)
    ids = _Ids()
    body = "".join(render_section(s, 1, ids) for s in document.sections)
    return (
        "<!DOCTYPE html>\n"
        f"<html lang='{esc(document.language.split('-')[0])}'>\n<head>\n"
        "<meta charset='utf-8'>\n"
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">\n"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        "<meta name='generator' content='Wakkere afweging'>\n"
        f"<title>{esc(document.title)}</title>\n"
        f"<style>\n{font_css()}\n{CSS}</style>\n</head>\n<body>\n"
        "<div class='page'>\n"
        f"<header><h1>{esc(document.title)}</h1>"
        f"<dl class='facts'>{facts}</dl>{intro}</header>\n"
        f"{_nav(document)}\n"
        f"<main>{body}</main>\n"
        f"<footer><p>{esc(document.footer)}</p></footer>\n"
        "</div>\n</body>\n</html>\n"
    )
