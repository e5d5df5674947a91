"""The report's part for the stakeholder-nabijheidskaart: one section per map.

The combined map (rings around the team), the soft voices with what the team
agreed to do and who does it, who is missing at the table, where the room placed
a stakeholder differently, and — with reasons — the notes people added. All of
it comes from :func:`kit.model.proximity.map_report` and the map's chart.
"""

from __future__ import annotations

from kit.locale import t
from kit.model import proximity as P
from kit.report.document import (
    Bullets,
    Chart,
    Paragraph,
    Part,
    ReportInput,
    Section,
    Table,
    one_line,
)


def _map_section(data: ReportInput, subject: str, number: int, of: int) -> Part:
    from kit.charts.proximity import proximity_figure

    answers = data.of(P.TOOL)
    report = P.map_report(answers, subject, with_notes=data.include_reasons)
    state = P.map_state(answers, subject)
    combined = state.aggregates()
    title = report["title"] or t("report.map.untitled")
    if of > 1:
        title = t("report.map.numbered", n=number, title=title)
    section = Section(title)
    placed = [s for s in report["stakeholders"] if s["placements"]]
    section.add(
        Paragraph(
            t(
                "report.map.counts",
                listed=len(report["stakeholders"]),
                placed=len(placed),
                n=report["participants"],
            )
        )
    )
    summary: list[str] = []
    if combined:
        section.add(Chart(t("report.map.chart"), lambda: proximity_figure(combined)))
    unplaced = [
        one_line(s["name"]) for s in report["stakeholders"] if not s["placements"]
    ]
    if unplaced:
        section.add(Paragraph(t("report.map.unplaced", names=", ".join(unplaced))))

    soft = section.sub(t("report.map.soft"))
    soft.add(Paragraph(t("report.map.soft.rule"), "note"))
    plans = report["soft_voices"]
    if plans:
        rows = tuple(
            (
                f"{p['number']}. {one_line(p['name'])}",
                t("report.yes") if p["soft"] else t("report.no"),
                one_line(p["approach_label"]) or t("report.map.no_plan"),
                one_line(p["who"]) or "–",
            )
            for p in plans
        )
        soft.add(
            Table(
                t("report.map.plans"),
                (
                    t("report.map.col.stakeholder"),
                    t("report.map.col.soft"),
                    t("report.map.col.approach"),
                    t("report.map.col.who"),
                ),
                rows,
                row_headers=True,
            )
        )
        for p in plans:
            if p["approach_label"]:
                summary.append(
                    t(
                        "report.summary.plan",
                        name=one_line(p["name"]),
                        approach=one_line(p["approach_label"]),
                        who=one_line(p["who"]) or "–",
                    )
                )
        softs = [one_line(p["name"]) for p in plans if p["soft"]]
        if softs:
            summary.insert(0, t("report.summary.soft", names=", ".join(softs)))
    else:
        soft.add(Paragraph(t("report.map.soft.none")))

    missing = section.sub(t("report.map.missing"))
    if report["missing"]:
        missing.add(
            Bullets(
                tuple(
                    f"{m['label']}: {one_line(m['reason_label'])}"
                    for m in report["missing"]
                )
            )
        )
    else:
        missing.add(Paragraph(t("report.map.missing.none")))

    if report["differences"]:
        differ = section.sub(t("report.map.differences"))
        differ.add(
            Bullets(
                tuple(
                    t(
                        "report.map.difference",
                        name=f"{d['number']}. {one_line(d['name'])}",
                        rings=d["rings"],
                    )
                    for d in report["differences"]
                )
            )
        )

    notes = [(s["number"], s["name"], s.get("notes", [])) for s in placed]
    count = sum(len(combined_notes.notes) for combined_notes in combined)
    if not data.include_reasons:
        if count:
            section.sub(
                t("report.map.notes"),
                Paragraph(t("report.reasons_left_out", n=count), "note"),
            )
    elif count:
        child = section.sub(
            t("report.map.notes"), Paragraph(t("report.anonymous"), "note")
        )
        for number_, name, texts in notes:
            if texts:
                child.sub(
                    f"{number_}. {one_line(name)}",
                    Bullets(
                        tuple(sorted((one_line(x) for x in texts), key=str.casefold)),
                        quotes=True,
                    ),
                )
    return Part(section, summary)


def maps_part(data: ReportInput) -> Part:
    """Every proximity map of the session, in the order first used."""
    subjects = [
        s
        for s in P.map_subjects(data.of(P.TOOL))
        if P.map_state(data.of(P.TOOL), s).started
    ]
    if not subjects:
        return Part(None)
    section = Section(t("report.maps"))
    section.add(Paragraph(t("report.maps.intro")))
    summary: list[str] = []
    for number, subject in enumerate(subjects, start=1):
        part = _map_section(data, subject, number, len(subjects))
        if part.section is not None:
            section.sections.append(part.section)
        summary += part.summary
    return Part(section, summary)
