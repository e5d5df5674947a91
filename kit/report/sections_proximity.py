"""The report's part for the stakeholder-nabijheidskaart: one section per map.

The combined map (rings around the team), the soft voices with what the team
agreed to do and who does it, who is missing at the table, where the room placed
a stakeholder differently, and — with reasons — the notes people added. All of
it comes from :func:`kit.model.proximity.map_result` and the map's chart. The
map's results pane in the widget shows the same sections
(:func:`map_view_section`, :func:`soft_section`, :func:`missing_section`,
:func:`differences_section`).
"""

from __future__ import annotations

from kit.locale import t
from kit.model import proximity as P
from kit.model.privacy import MIN_GROUP, too_few
from kit.report.document import (
    Bullets,
    Chart,
    Paragraph,
    Part,
    ReportInput,
    Section,
    one_line,
)


def _name(stakeholder: P.Stakeholder) -> str:
    return f"{stakeholder.number}. {one_line(stakeholder.name)}"


def map_view_section(result: P.MapResult) -> Section:
    """The combined map: rings of proximity around the team."""
    from kit.charts.proximity import proximity_figure

    section = Section(t("proximity.map.heading"), css="kit-proximity-map")
    combined = list(result.combined)
    if not combined:
        return section.add(Paragraph(t("proximity.map.empty")))
    return section.add(
        Paragraph(t("proximity.map.help"), "note"),
        Chart(
            t("report.map.chart"),
            lambda: proximity_figure(combined),
            key=result.combined,
        ),
    )


def differences_section(result: P.MapResult) -> Section:
    """Where people placed the same stakeholder two or more steps apart."""
    section = Section(t("proximity.differs.heading"), css="kit-proximity-differs")
    section.add(Paragraph(t("proximity.differs.help"), "note"))
    if result.differences and too_few(result.state.participants):
        # Two people would read each other's placements: which stakeholders only.
        names = tuple(_name(a.stakeholder) for a in result.differences)
        return section.add(
            Paragraph(t("privacy.small_group", n=MIN_GROUP), "note"), Bullets(names)
        )
    if result.differences:
        items = tuple(
            f"{_name(a.stakeholder)}: "
            + t(
                "proximity.differs.item",
                rings=P.ring_votes(a),
                impacts=", ".join(str(i) for i in a.impacts),
                voices=", ".join(t(f"proximity.voice.short.{v}") for v in a.voices),
            )
            for a in result.differences
        )
        return section.add(Bullets(items))
    key = "single" if result.state.participants < 2 else "none"
    return section.add(Paragraph(t(f"proximity.differs.{key}")))


def soft_section(result: P.MapResult) -> Section:
    """The soft voices, and how the team agreed to come closer to whom."""
    section = Section(t("report.map.soft"), css="kit-proximity-soft")
    section.add(Paragraph(t("proximity.soft.rule"), "note"))
    approaches = result.state.approaches
    items = []
    for a in result.soft:
        plan = approaches.get(a.stakeholder.id)
        detail = t(
            "proximity.soft.item",
            impact=a.impact,
            ring=t(f"proximity.ring.short.{a.proximity}"),
            voice=t(f"proximity.voice.short.{a.voice}"),
        )
        votes = t("proximity.soft.votes", n=a.soft_votes, count=a.count)
        planned = (
            t("proximity.plan.item", approach=plan.label(), who=plan.who)
            if plan
            else t("proximity.plan.open")
        )
        items.append(f"{_name(a.stakeholder)}: {detail}. {votes} {planned}")
    if items:
        section.add(Bullets(tuple(items)))
    else:
        section.add(Paragraph(t("proximity.soft.none")))
    others = [
        f"{row['number']}. {one_line(row['name'])}: "
        + t("proximity.plan.item", approach=row["approach_label"], who=row["who"])
        for row in result.plans
        if not row["soft"] and row["approach_label"]
    ]
    if others:
        section.sub(t("proximity.plan.list"), Bullets(tuple(others)))
    return section


def missing_section(result: P.MapResult) -> Section:
    """Groups that are often missing at the table, and where they are on this map."""
    section = Section(t("proximity.missing.question"), css="kit-proximity-missing")
    if not result.missing:
        return section.add(Paragraph(t("proximity.missing.none")))
    items = tuple(
        f"{t(f'proximity.missing.{m.key}')}: "
        + t(f"proximity.missing.reason.{m.reason}", names=", ".join(m.names))
        for m in result.missing
    )
    return section.add(Paragraph(t("proximity.missing.help")), Bullets(items))


def _summary(result: P.MapResult) -> list[str]:
    summary = [
        t(
            "report.summary.plan",
            name=one_line(p["name"]),
            approach=one_line(p["approach_label"]),
            who=one_line(p["who"]) or "–",
        )
        for p in result.plans
        if p["approach_label"]
    ]
    softs = [one_line(p["name"]) for p in result.plans if p["soft"]]
    if softs:
        summary.insert(0, t("report.summary.soft", names=", ".join(softs)))
    return summary


def _notes(section: Section, result: P.MapResult, include: bool) -> None:
    count = sum(len(a.notes) for a in result.combined)
    if not count:
        return
    if not include:
        section.sub(
            t("report.map.notes"),
            Paragraph(t("report.reasons_left_out", n=count), "note"),
        )
        return
    child = section.sub(t("report.map.notes"), Paragraph(t("report.anonymous"), "note"))
    for a in sorted(result.combined, key=lambda a: a.stakeholder.number):
        if a.notes:
            texts = sorted((one_line(x) for x in a.notes), key=str.casefold)
            child.sub(_name(a.stakeholder), Bullets(tuple(texts), quotes=True))


def _map_section(data: ReportInput, subject: str, number: int, of: int) -> Part:
    result = P.map_result(P.map_state(data.of(P.TOOL), subject))
    state = result.state
    title = state.title or t("report.map.untitled")
    if of > 1:
        title = t("report.map.numbered", n=number, title=title)
    section = Section(title)
    placed = {a.stakeholder.id for a in result.combined}
    section.add(
        Paragraph(
            t(
                "report.map.counts",
                listed=len(state.stakeholders),
                placed=len(placed),
                n=state.participants,
            )
        )
    )
    section.sections.append(map_view_section(result))
    unplaced = [one_line(s.name) for s in state.stakeholders if s.id not in placed]
    if unplaced:
        section.add(Paragraph(t("report.map.unplaced", names=", ".join(unplaced))))
    section.sections += [
        soft_section(result),
        missing_section(result),
        differences_section(result),
    ]
    _notes(section, result, data.include_reasons)
    return Part(section, _summary(result))


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
