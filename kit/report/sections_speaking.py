"""The report's part for speaking up (tegenspraak): self-scan, dilemma, palette.

Each part is only reported if it was shown to the room: the self-scan is about
the team's own habits, and the facilitator guide promises that its picture goes
into the report only "als dat getoond is". Counts and anonymous reasons only,
from :func:`kit.model.speaking.session_report` and :mod:`kit.charts.speaking`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kit.locale import t
from kit.model import speaking as S
from kit.report.document import (
    Bullets,
    Chart,
    Paragraph,
    Part,
    ReportInput,
    Section,
    one_line,
)


def _shown(events: Sequence[Any], subject: str) -> bool:
    """Whether the room ever saw the answers of this part."""
    return any(
        e.subject == subject
        and e.kind == S.PHASE
        and S.is_revealed(str(e.payload.get("phase", "think")))
        for e in events
    )


def _belief_label(data: ReportInput, belief_id: str) -> str:
    if data.library is not None:
        try:
            belief = data.library.belief(belief_id)
        except KeyError:
            return belief_id
        if belief.kind == "shared_dilemma" or belief.number is None:
            return t("report.speaking.belief.dilemma", name=belief.name)
        return t("report.speaking.belief", n=belief.number, name=belief.name)
    return belief_id


def _scan(data: ReportInput, events: list[Any], report: dict[str, Any]) -> Section:
    from kit.charts.speaking import scan_chart

    scan = report["scan"]
    section = Section(t("report.speaking.scan"))
    if not _shown(events, S.SCAN):
        section.add(Paragraph(t("report.speaking.not_shown"), "note"))
        return section
    section.add(Paragraph(t("report.speaking.scan.count", n=scan["participants"])))
    if scan["participants"] < S.ANONYMOUS_FROM:
        section.add(Paragraph(t("report.speaking.few"), "note"))

    def names(ids: Sequence[str]) -> str:
        return t("report.and").join(_belief_label(data, b) for b in ids)

    lines = [
        t("report.speaking.recognised", names=names(scan["most_recognised"]))
        if scan["most_recognised"]
        else t("report.speaking.recognised.none"),
        t("report.speaking.divided", names=names(scan["most_divided"]))
        if scan["most_divided"]
        else t("report.speaking.divided.none"),
    ]
    section.add(Bullets(tuple(lines)))
    if scan["participants"]:
        ids = [b["belief_id"] for b in scan["beliefs"]]
        dists = S.scan_distributions(events, ids)
        labels = {b: _belief_label(data, b) for b in ids}
        section.add(
            Chart(
                t("report.speaking.scan.chart"),
                lambda: scan_chart(S.scan_frame(dists), labels),
            )
        )
    section.add(Paragraph(t("report.speaking.no_verdict"), "note"))
    return section


def _stance(data: ReportInput, events: list[Any], report: dict[str, Any]) -> Section:
    from kit.charts.speaking import stance_chart

    stance = report["dilemma"]
    section = Section(t("report.speaking.dilemma"))
    if not _shown(events, S.DILEMMA):
        section.add(Paragraph(t("report.speaking.not_shown"), "note"))
        return section
    labels = {p: t(f"speaking.position.short.{p}") for p in S.POSITIONS}
    section.add(Paragraph(t("report.speaking.dilemma.count", n=stance["total"])))
    if stance["total"]:
        result = S.stance_result(events)
        section.add(
            Chart(
                t("report.speaking.dilemma.chart"),
                lambda: stance_chart(S.stance_frame(result), labels),
            )
        )
    reasons = stance["reasons"]
    child = section.sub(t("report.speaking.reasons"))
    if not data.include_reasons:
        child.add(Paragraph(t("report.reasons_left_out", n=len(reasons)), "note"))
    elif not reasons:
        child.add(Paragraph(t("report.speaking.reasons.none")))
    else:
        child.add(Paragraph(t("report.anonymous"), "note"))
        for position in S.POSITIONS:
            texts = tuple(
                one_line(r["text"]) for r in reasons if r["position"] == position
            )
            if texts:
                child.sub(labels[position], Bullets(texts, quotes=True))
    return section


def _palette(data: ReportInput, events: list[Any], report: dict[str, Any]) -> Section:
    from kit.charts.speaking import palette_chart

    section = Section(t("report.speaking.palette"))
    if not _shown(events, S.PALETTE):
        section.add(Paragraph(t("report.speaking.not_shown"), "note"))
        return section
    actions = data.library.actions if data.library is not None else ()
    names = {a.id: a.name for a in actions}
    order = [a.id for a in actions]

    def steps(ids: Sequence[str]) -> str:
        return t("report.and").join(
            f"{order.index(a) + 1}. {names[a]}" if a in names else a for a in ids
        )

    situations = report["palette"]["situations"]
    if not situations:
        section.add(Paragraph(t("report.speaking.palette.none")))
    for number, found in enumerate(situations, start=1):
        title = one_line(found["title"]) or t("report.speaking.situation", n=number)
        child = section.sub(title)
        if found["text"]:
            child.add(Paragraph(found["text"], "quote"))
        child.add(Paragraph(t("report.speaking.palette.count", n=found["total"])))
        if not found["total"]:
            continue
        if order:
            result = S.palette_result(events, found["id"], order)
            child.add(
                Chart(
                    t("report.speaking.palette.chart"),
                    lambda result=result: palette_chart(S.palette_frame(result), names),
                )
            )
        lines = [
            t("report.speaking.most_now", steps=steps(found["most_now"])),
            t("report.speaking.most_furthest", steps=steps(found["most_furthest"])),
        ]
        if found["median_gap"] is not None:
            lines.append(t("report.speaking.gap", n=f"{found['median_gap']:g}"))
        child.add(Bullets(tuple(lines)))
    return section


def speaking_part(data: ReportInput) -> Part:
    """The speaking-up workshop, if it was played in this session."""
    events = sorted(data.of(S.TOOL), key=lambda e: e.seq)
    if not [e for e in events if e.kind in (S.RATING, S.STAND, S.SITUATION, S.PICK)]:
        return Part(None)
    if data.library is not None and data.library.beliefs:
        belief_ids = [b.id for b in data.library.beliefs]
    else:
        belief_ids = list(
            dict.fromkeys(e.subject for e in events if e.kind == S.RATING)
        )
    action_ids = [a.id for a in data.library.actions] if data.library else []
    report = S.session_report(events, belief_ids, action_ids)
    section = Section(t("report.speaking"))
    section.add(Paragraph(t("report.speaking.intro")))
    section.sections += [
        _scan(data, events, report),
        _stance(data, events, report),
        _palette(data, events, report),
    ]
    summary = []
    if _shown(events, S.SCAN) and report["scan"]["most_recognised"]:
        summary.append(
            t(
                "report.summary.speaking",
                names=t("report.and").join(
                    _belief_label(data, b) for b in report["scan"]["most_recognised"]
                ),
            )
        )
    return Part(section, summary)
