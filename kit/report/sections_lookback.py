"""The report's parts for the opgave and the look back (terugblik).

The takeaways section is the look back's presenter: its pane shows it too.

The events and their reads live in :mod:`kit.model.opgave` and
:mod:`kit.model.lookback`; this module only puts them into words.
"""

from __future__ import annotations

from collections.abc import Sequence

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


def takeaways_section(
    shared: Sequence[str],
    personal: Sequence[str] | None,
    *,
    include_reasons: bool = True,
) -> Section | None:
    """What the team and each person take along, or ``None`` if nothing yet.

    The look back's pane and the report both show this section. ``personal``
    is ``None`` while the room has not seen the personal takeaways (the pane
    before the reveal); then only the team's part is shown, if there is one.
    """
    if not shared and not personal:
        return None
    section = Section(t("report.takeaways"))
    team = section.sub(t("report.takeaways.shared"), css="kit-lookback-shared")
    if shared:
        team.add(Bullets(tuple(shared)))
    else:
        team.add(Paragraph(t("report.takeaways.shared.none")))
    if personal is None:
        return section
    people = section.sub(t("report.takeaways.personal"), css="kit-lookback-personal")
    if not personal:
        people.add(Paragraph(t("report.takeaways.personal.none")))
    elif not include_reasons:
        people.add(Paragraph(t("report.reasons_left_out", n=len(personal)), "note"))
    else:
        people.add(
            Paragraph(t("report.anonymous"), "note"),
            Bullets(tuple(personal), quotes=True),
        )
    return section


def takeaways_part(data: ReportInput) -> Part:
    """What the team and each person take along (recorded in Terugblik)."""
    events = data.of(L.TOOL)
    shared = L.shared_takeaways(events)
    section = takeaways_section(
        shared,
        L.anonymous_takeaways(events),
        include_reasons=data.include_reasons,
    )
    summary = [t("report.summary.takeaway", text=x) for x in shared]
    return Part(section, summary if section else [])
