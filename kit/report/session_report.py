"""The session report (sessieverslag): everything a session produced, as a document.

:func:`build_document` turns a session's stored answers into the plain document
model of :mod:`kit.report.document` (sections with headings, paragraphs, lists,
tables and charts). The renderers in :mod:`kit.report.html`,
:mod:`kit.report.docx` and :mod:`kit.report.markdown` each walk that model.

Each tool contributes its part through a small builder in
``kit/report/sections_*.py``, which only calls the tool's own model functions
(:mod:`kit.model.dilemma`, :mod:`kit.model.proximity`, :mod:`kit.model.matrix`,
:mod:`kit.model.speaking`) and chart functions; nothing is aggregated here.

Privacy, as the facilitator guide promises (``facilitator-guide/privacy.md``):

- no pseudonym appears anywhere in the report, not even a list of them: only
  how many took part. Answers and reasons are never linked to anyone, and
  reasons are sorted by text (as the tools show them), so their order says
  nothing about who wrote what or when; below :data:`~kit.model.privacy.MIN_GROUP`
  people answering, patterns (who moved, per-person values) become counts;
- typed text is kept as typed, so a name typed in "wie doet het" or in a reason
  is in the report: the header says so (:func:`privacy_paragraphs`);
- ``include_reasons=False`` (``kit export --zonder-redenen``) leaves out all
  free text of participants: reasons per option, notes on scores and
  placements, reasons in the shared dilemma, personal takeaways and the text
  of the team's own cards. What the team recorded together through the
  facilitator (the opgave, closings, agreed approaches, the justification and
  the shared takeaways) stays: that is the point of the report.

Importing this module is light (no pandas, altair or widgets): charts and
aggregation are imported by the section builders when a report is built.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kit.locale import t
from kit.model.privacy import MIN_GROUP
from kit.report.document import (
    Block,
    Bullets,
    Chart,
    Definitions,
    Document,
    Paragraph,
    Part,
    ReportInput,
    Section,
    Table,
    one_line,
)

if TYPE_CHECKING:
    from kit.model.types import Library
    from kit.store import Session, Store

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
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
    "build_document",
    "dutch_date",
    "export_report",
    "file_name",
    "one_line",
    "render",
    "session_document",
    "store_exists",
]

log = logging.getLogger("kit")

FORMATS: tuple[str, ...] = ("html", "docx", "md")
MEDIA_TYPES = {
    "html": "text/html;charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown;charset=utf-8",
}

# --- building -------------------------------------------------------------------------


def _matrices_part(data: ReportInput) -> Part:
    """The matrices' part; its model (numpy, pandas) loads only when there is one,
    so the look back page opens without them."""
    from kit.model.matrix_setup import TOOL

    if not data.of(TOOL):
        return Part(None)
    from kit.report import sections_matrix

    return sections_matrix.matrices_part(data)


def build_document(
    title: str,
    created_at: float,
    participants: int,
    answers: Sequence[Any],
    library: Library | None = None,
    *,
    include_reasons: bool = True,
    now: float | None = None,
) -> Document:
    """The report of a session from its answers (store answers, in ``seq`` order).

    ``participants`` is how many joined (only the number is shown). ``library``
    supplies the cards, values, beliefs and actions that answers refer to; without
    it the report still shows what was stored, by id.
    """
    from kit.report import (
        sections_dilemma,
        sections_lookback,
        sections_proximity,
        sections_series,
        sections_speaking,
    )

    data = ReportInput(tuple(answers), library, include_reasons)
    parts = [
        sections_lookback.opgave_part(data),
        sections_series.check_part(data),
        sections_dilemma.cards_part(data),
        sections_proximity.maps_part(data),
        _matrices_part(data),
        sections_speaking.speaking_part(data),
        sections_lookback.takeaways_part(data),
        sections_dilemma.own_cards_part(data),
    ]
    summary = [line for part in parts for line in part.summary]
    overview = Section(
        t("report.summary"),
        [Bullets(tuple(summary)) if summary else Paragraph(t("report.summary.none"))],
    )
    sections = [overview, *(p.section for p in parts if p.section is not None)]
    facts = (
        (t("report.fact.session"), title),
        (t("report.fact.date"), dutch_date(created_at)),
        (t("report.fact.participants"), t("report.participants", n=participants)),
        (
            t("report.fact.reasons"),
            t("report.reasons.in" if include_reasons else "report.reasons.out"),
        ),
    )
    intro = (t("report.intro"), *privacy_paragraphs(include_reasons))
    return Document(
        title=t("report.title", title=title),
        facts=facts,
        intro=intro,
        sections=sections,
        footer=t("report.footer", date=dutch_date(now or time.time(), with_time=True)),
        subject=title,
    )


def privacy_paragraphs(include_reasons: bool) -> tuple[str, ...]:
    """What the report does and does not contain, and what typed text may hold."""
    reasons = f"report.privacy.reasons.{'in' if include_reasons else 'out'}"
    return (
        t("report.privacy.contains", reasons=t(reasons)),
        t("report.privacy.not", n=MIN_GROUP),
        t("report.privacy.typed"),
    )


def session_document(
    store: Store,
    session: Session,
    library: Library | None = None,
    *,
    include_reasons: bool = True,
) -> Document:
    """The report of ``session`` as stored in ``store`` (reads, never writes)."""
    return build_document(
        session.title,
        session.created_at,
        len(store.find_participants(session.id)),
        store.find_answers(session.id),
        library,
        include_reasons=include_reasons,
    )


def render(document: Document, fmt: str) -> bytes:
    """The document as a file: ``html``, ``docx`` or ``md``."""
    if fmt == "html":
        from kit.report.html import render_html

        return render_html(document).encode("utf-8")
    if fmt == "docx":
        from kit.report.docx import render_docx

        return render_docx(document)
    if fmt == "md":
        from kit.report.markdown import render_markdown

        return render_markdown(document).encode("utf-8")
    raise ValueError(f"unknown report format {fmt!r}; choose one of {FORMATS}")


def export_report(
    store: Store,
    code: str,
    fmt: str,
    *,
    include_reasons: bool = True,
    library: Library | None = None,
) -> bytes:
    """The report of the session with ``code`` as a file in ``fmt``.

    Raises :class:`~kit.errors.SessionNotFound` for an unknown code.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {FORMATS}")
    session = store.find_session(code)
    document = session_document(
        store, session, library, include_reasons=include_reasons
    )
    return render(document, fmt)


def file_name(code: str, fmt: str) -> str:
    """``sessie-K7QM-3TXA.html``: the name a report is saved under."""
    return f"sessie-{code}.{fmt}"


def dutch_date(timestamp: float, *, with_time: bool = False) -> str:
    """``23 november 2025`` (local time), optionally with ``om 14:05``."""
    moment = time.localtime(timestamp)
    months = [m.strip() for m in t("report.months").split(",")]
    text = f"{moment.tm_mday} {months[moment.tm_mon - 1]} {moment.tm_year}"
    if with_time:
        text = t("report.date_time", date=text, time=time.strftime("%H:%M", moment))
    return text


def store_exists(url: str) -> bool:
    """Whether a store can hold sessions at all: a SQLite file that is not there
    holds none (and ``kit export`` should not create an empty one)."""
    from pathlib import Path

    if url.startswith(("postgresql://", "postgres://")):
        return True
    path = url.removeprefix("sqlite:///")
    return path == ":memory:" or "://" in path or Path(path).is_file()
