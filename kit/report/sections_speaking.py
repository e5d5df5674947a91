"""The report's part for speaking up (tegenspraak): self-scan, dilemma, palette.

Each part is only reported if it was shown to the room: the self-scan is about
the team's own habits, and the facilitator guide promises that its picture goes
into the report only "als dat getoond is". Counts and anonymous reasons only,
from :func:`kit.model.speaking.session_report` and :mod:`kit.charts.speaking`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kit.locale import t
from kit.model import speaking as S
from kit.model.types import Action
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


def position_label(position: int) -> str:
    return t(f"speaking.position.short.{position}")


def statements_section(statements: Sequence[str]) -> Section:
    """The self-scan's statements, numbered: what the room answers."""
    return Section(t("beamer.scan.statements")).add(
        Bullets(tuple(one_line(s) for s in statements), ordered=True)
    )


def scan_section(result: S.ScanResult, labels: Mapping[str, str]) -> Section:
    """What the team recognises in the self-scan, and where it is most divided.

    ``labels`` names each belief (``1. De minister uit de wind houden``).
    """
    from kit.charts.speaking import scan_chart

    def names(ids: Sequence[str]) -> str:
        return t("speaking.and").join(labels.get(b, b) for b in ids)

    section = Section(t("speaking.scan.summary"), css="kit-speaking-summary")
    if result.most_recognised:
        d = result.of(result.most_recognised[0])
        section.add(
            Paragraph(
                t(
                    "speaking.scan.recognised",
                    names=names(result.most_recognised),
                    agree=d.agree,
                    answered=d.answered,
                )
            )
        )
    else:
        section.add(Paragraph(t("speaking.scan.recognised.none")))
    if result.most_divided:
        d = result.of(result.most_divided[0])
        text = t(
            "speaking.scan.divided",
            names=names(result.most_divided),
            disagree=d.disagree,
            neutral=d.neutral,
            agree=d.agree,
        )
        section.add(Paragraph(text))
    else:
        section.add(Paragraph(t("speaking.scan.divided.none")))
    section.add(Paragraph(t("speaking.scan.no_verdict"), "note"))
    if not result.participants:
        return section.add(Paragraph(t("speaking.none_yet")))
    dists = result.distributions
    key = tuple((d.belief_id, tuple(d.counts.items()), d.dont_know) for d in dists)
    return section.add(
        Chart(
            t("speaking.scan.chart"),
            lambda: scan_chart(S.scan_frame(dists), dict(labels)),
            key=key,
        )
    )


def stance_section(result: S.StanceResult) -> Section:
    """Where the room stands between following loyally and pressing on."""
    from kit.charts.speaking import stance_chart

    section = Section(t("speaking.dilemma.spread"), css="kit-speaking-stance")
    if not result.total:
        return section.add(Paragraph(t("speaking.none_yet")))
    labels = {p: position_label(p) for p in S.POSITIONS}
    summary = t(
        "speaking.dilemma.summary",
        loyal=result.loyal,
        middle=result.counts.get(3, 0),
        pressing=result.pressing,
    )
    return section.add(
        Chart(
            t("speaking.dilemma.spread"),
            lambda: stance_chart(S.stance_frame(result), labels),
            key=tuple(result.counts.items()),
        ),
        Paragraph(summary),
    )


def stance_reasons_section(
    result: S.StanceResult, *, include_reasons: bool = True
) -> Section:
    """Why people stand where they stand: per place, without names."""
    section = Section(
        t("speaking.dilemma.reasons"), css="kit-reasons kit-speaking-reasons"
    )
    if not include_reasons:
        n = len(result.reasons)
        return section.add(Paragraph(t("report.reasons_left_out", n=n), "note"))
    section.add(Paragraph(t("speaking.dilemma.reasons.anonymous"), "note"))
    if not result.reasons:
        return section.add(Paragraph(t("speaking.dilemma.reasons.none")))
    for position in S.POSITIONS:
        texts = tuple(one_line(r) for p, r in result.reasons if p == position)
        if texts:
            section.sub(position_label(position), Bullets(texts, quotes=True))
    return section


def palette_section(result: S.PaletteResult, actions: Sequence[Action]) -> Section:
    """Where the room stands on the ladder: the step now and the furthest step.

    ``actions`` are the palette's steps in ladder order.
    """
    from kit.charts.speaking import palette_chart

    section = Section(t("speaking.palette.spread"), css="kit-speaking-spread")
    if not result.total:
        return section.add(Paragraph(t("speaking.none_yet")))

    def steps(ids: Sequence[str]) -> str:
        return t("speaking.and").join(labels.get(a, a) for a in ids)

    labels = {a.id: f"{i}. {a.name}" for i, a in enumerate(actions, start=1)}
    names = {a.id: a.name for a in actions}
    section.add(
        Chart(
            t("speaking.palette.spread"),
            lambda: palette_chart(S.palette_frame(result), names),
            key=(result.situation, result.steps),
        ),
        Paragraph(
            t(
                f"speaking.palette.now.{result.agreement('now')}",
                steps=steps(result.most_now),
            )
        ),
        Paragraph(
            t(
                f"speaking.palette.furthest.{result.agreement('furthest')}",
                steps=steps(result.most_furthest),
            )
        ),
    )
    if result.median_gap is not None:
        section.add(Paragraph(t("speaking.palette.gap", n=f"{result.median_gap:g}")))
    return section


def _belief_labels(data: ReportInput, ids: Sequence[str]) -> dict[str, str]:
    return {b: _belief_label(data, b) for b in ids}


def _scan(data: ReportInput, events: list[Any], report: dict[str, Any]) -> Section:
    scan = report["scan"]
    section = Section(t("report.speaking.scan"))
    if not _shown(events, S.SCAN):
        section.add(Paragraph(t("report.speaking.not_shown"), "note"))
        return section
    section.add(Paragraph(t("report.speaking.scan.count", n=scan["participants"])))
    if scan["participants"] < S.ANONYMOUS_FROM:
        section.add(Paragraph(t("report.speaking.few"), "note"))
    ids = [b["belief_id"] for b in scan["beliefs"]]
    result = S.scan_result(events, ids)
    section.sections.append(scan_section(result, _belief_labels(data, ids)))
    return section


def _stance(data: ReportInput, events: list[Any], report: dict[str, Any]) -> Section:
    section = Section(t("report.speaking.dilemma"))
    if not _shown(events, S.DILEMMA):
        section.add(Paragraph(t("report.speaking.not_shown"), "note"))
        return section
    section.add(
        Paragraph(t("report.speaking.dilemma.count", n=report["dilemma"]["total"]))
    )
    result = S.stance_result(events)
    section.sections += [
        stance_section(result),
        stance_reasons_section(result, include_reasons=data.include_reasons),
    ]
    return section


def _palette(data: ReportInput, events: list[Any], report: dict[str, Any]) -> Section:
    section = Section(t("report.speaking.palette"))
    if not _shown(events, S.PALETTE):
        section.add(Paragraph(t("report.speaking.not_shown"), "note"))
        return section
    actions = data.library.actions if data.library is not None else ()
    order = [a.id for a in actions]
    situations = report["palette"]["situations"]
    if not situations:
        section.add(Paragraph(t("report.speaking.palette.none")))
    for number, found in enumerate(situations, start=1):
        title = one_line(found["title"]) or t("report.speaking.situation", n=number)
        child = section.sub(title)
        if found["text"]:
            child.add(Paragraph(found["text"], "quote"))
        child.add(Paragraph(t("report.speaking.palette.count", n=found["total"])))
        if found["total"] and order:
            result = S.palette_result(events, found["id"], order)
            child.sections.append(palette_section(result, actions))
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
