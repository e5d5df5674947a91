"""The report's parts for the opgave and the look back (terugblik).

The events and their reads live in :mod:`kit.model.opgave` and
:mod:`kit.model.lookback`; this module only puts them into words.
"""

from __future__ import annotations

from kit.locale import t
from kit.model import lookback as L
from kit.model.opgave import current_opgave
from kit.report.document import (
    Bullets,
    Paragraph,
    Part,
    ReportInput,
    Section,
    one_line,
)


def opgave_part(data: ReportInput) -> Part:
    """The team's opgave, first in the report: what the session was about."""
    text = current_opgave(data.answers)
    section = Section(t("report.opgave"))
    if text:
        section.add(Paragraph(text, "quote"))
        return Part(section, [t("report.summary.opgave", text=one_line(text))])
    section.add(Paragraph(t("report.opgave.none")))
    return Part(section)


def takeaways_part(data: ReportInput) -> Part:
    """What the team and each person take along (recorded in Terugblik)."""
    events = data.of(L.TOOL)
    shared = L.shared_takeaways(events)
    personal = L.anonymous_takeaways(events)
    if not shared and not personal:
        return Part(None)
    section = Section(t("report.takeaways"))
    team = section.sub(t("report.takeaways.shared"))
    if shared:
        team.add(Bullets(shared))
    else:
        team.add(Paragraph(t("report.takeaways.shared.none")))
    people = section.sub(t("report.takeaways.personal"))
    if not personal:
        people.add(Paragraph(t("report.takeaways.personal.none")))
    elif not data.include_reasons:
        people.add(Paragraph(t("report.reasons_left_out", n=len(personal)), "note"))
    else:
        people.add(
            Paragraph(t("report.anonymous"), "note"),
            Bullets(tuple(personal), quotes=True),
        )
    summary = [t("report.summary.takeaway", text=x) for x in shared]
    return Part(section, summary)
