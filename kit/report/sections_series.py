"""The check step of a session in a series, as its part of the session report.

What last time left and what the room said about it (see :mod:`kit.model.series`)
were recorded by the facilitator for the whole team, so they stay in the report
with or without participants' reasons.
"""

from __future__ import annotations

from kit.locale import t
from kit.model import series_check as SM
from kit.report.document import (
    Bullets,
    Definitions,
    Paragraph,
    Part,
    ReportInput,
    Section,
    one_line,
)


def brought_blocks(came: SM.Brought) -> list[Bullets | Paragraph | Definitions]:
    blocks: list[Bullets | Paragraph | Definitions] = []
    if came.takeaways:
        blocks.append(Paragraph(t("series.brought.takeaways")))
        blocks.append(Bullets(came.takeaways))
    for closing in came.closings:
        items = tuple(
            (t(f"series.brought.{key}"), one_line(closing.get(key, "")))
            for key in ("knowledge", "actions", "power")
            if closing.get(key)
        )
        blocks.append(
            Paragraph(t("series.brought.card", title=closing.get("title", "")))
        )
        blocks.append(Definitions(items))
    if came.approaches:
        blocks.append(Paragraph(t("series.brought.approaches")))
        blocks.append(
            Bullets(
                tuple(
                    t(
                        "series.brought.approach",
                        name=a.get("name", ""),
                        approach=a.get("approach", ""),
                        who=a.get("who", ""),
                    )
                    for a in came.approaches
                )
            )
        )
    if not blocks:
        blocks.append(Paragraph(t("series.brought.none")))
    return blocks


def check_part(data: ReportInput) -> Part:
    """Check vooraf: last time's takeaways and the room's three answers."""
    events = data.of(SM.TOOL)
    came, said = SM.brought(events), SM.check_answers(events)
    if came is None and said.empty:
        return Part(None)
    section = Section(t("series.checks"))
    if came is not None:
        section.sub(
            t("series.checks.from", place=came.place)
            if came.place
            else t("series.checks.from_before"),
            *brought_blocks(came),
        )
    answers = section.sub(t("check.answers.heading"))
    if said.empty:
        answers.add(Paragraph(t("series.checks.unanswered"), "note"))
        return Part(section)
    answers.add(
        Definitions(
            tuple(
                (t(f"series.check.{key}"), getattr(said, key) or "–")
                for key in SM.CHECK_FIELDS
            )
        )
    )
    summary = [t("report.summary.check", text=said.forward)] if said.forward else []
    return Part(section, summary)
