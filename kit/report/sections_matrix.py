"""The report's part for the afwegingsmatrix: one section per matrix.

The options and values weighed, the team's picture (heatmap), where the team
disagreed most, what it did not know, the weights, the weighted totals with their
range — with the sentence that a total starts a conversation and decides nothing
— how sensitive the order is to the weights, the notes people gave with their
scores (with reasons), and the justification (verantwoording) the team recorded.
Everything comes from :mod:`kit.model.matrix` and :mod:`kit.charts.matrix`.
"""

from __future__ import annotations

import math
from typing import Any

from kit.locale import t
from kit.model import matrix as M
from kit.model.privacy import MIN_GROUP, too_few
from kit.report.document import (
    Block,
    Bullets,
    Chart,
    Definitions,
    Paragraph,
    Part,
    ReportInput,
    Section,
    Table,
    one_line,
)


def _title(data: ReportInput, setup: M.MatrixSetup, number: int, of: int) -> str:
    title = t("report.matrix.untitled")
    if setup.card and data.library is not None:
        for deck in data.library.decks:
            try:
                title = t("report.matrix.for_card", title=deck.card(setup.card).title)
                break
            except KeyError:
                continue
    return t("report.matrix.numbered", n=number, title=title) if of > 1 else title


def _symbol(score: float, unknown: bool) -> str:
    if unknown:
        return t("report.matrix.unknown_score")
    return M.SCORE_SYMBOLS.get(int(score), "") if not math.isnan(score) else ""


def _sensitivity(picture: M.TeamPicture, choice: str | None) -> list[str]:
    """The order of the two leading options, and of the team's choice if it is not
    the leader: what would you have to believe for the other one to win?"""
    ranking = [
        o
        for o in picture.ranking()
        if not math.isnan(float(picture.totals.set_index("option").loc[o, "team"]))
    ]
    if len(ranking) < 2:
        return []
    lines = M.describe_sensitivity(
        picture.sensitivity(ranking[0], ranking[1]), picture.setup
    )
    if choice and choice in ranking[2:]:
        lines += M.describe_sensitivity(
            picture.sensitivity(ranking[0], choice), picture.setup
        )
    return lines


def _facts(setup: M.MatrixSetup, picture: M.TeamPicture) -> tuple[Block, ...]:
    """How many weighed, the options, and the values with what they mean."""
    return (
        Paragraph(
            t(
                "report.matrix.counts",
                n=picture.n_participants,
                options=len(setup.options),
                values=len(setup.values),
            )
        ),
        options_block(setup),
        values_block(setup),
    )


def options_block(setup: M.MatrixSetup) -> Bullets:
    """The courses of action weighed, with their letters."""
    return Bullets(tuple(one_line(o.display) for o in setup.options))


def values_block(setup: M.MatrixSetup, *, questions: bool = False) -> Table:
    """The values weighed with what they mean (the report) or, with
    ``questions``, the question each score answers (the room view while the
    room scores; a value without a question shows its meaning)."""
    column = (
        "report.matrix.col.question" if questions else "report.matrix.col.definition"
    )
    return Table(
        t("report.matrix.values"),
        (t("report.matrix.col.value"), t(column)),
        tuple(
            (
                one_line(v.name)
                + (f" ({t('report.matrix.own_value')})" if v.custom else ""),
                one_line((v.question if questions else "") or v.definition),
            )
            for v in setup.values
        ),
        row_headers=True,
    )


def picture_parts(
    section: Section, picture: M.TeamPicture, *, cell_reasons: bool = False
) -> Section:
    """The team's picture into ``section``: the notes, then (once anyone scored)
    the heatmap, where the team differs, what it does not know, the weights and
    the weighted totals.

    The widget's results pane and the report both show these parts. With
    ``cell_reasons`` the cells where the team differs most carry the notes given
    there (the pane); the report lists every note in a part of its own.
    """
    if picture.notes:
        section.add(Bullets(tuple(picture.notes)))
    if not picture.n_participants:
        return section
    _heatmap(section, picture)
    _disagreements(section, picture, cell_reasons)
    found = M.describe_unknowns(picture)
    section.sub(
        t("report.matrix.unknown"),
        Bullets(tuple(found)) if found else Paragraph(t("report.matrix.unknown.none")),
    )
    _weights(section, picture)
    _totals(section, picture)
    return section


def _heatmap(section: Section, picture: M.TeamPicture) -> None:
    from kit.charts.matrix import heatmap

    key = (
        picture.setup,
        picture.n_participants,
        picture.cells.to_csv(),
        picture.disagreements[["option", "value"]].to_csv(),
    )
    section.sub(
        t("report.matrix.picture"),
        Chart(t("report.matrix.heatmap"), lambda: heatmap(picture), key=key),
        Paragraph(t("report.matrix.legend"), "note"),
    )


def _disagreements(section: Section, picture: M.TeamPicture, with_notes: bool) -> None:
    """Where the team differs most; with ``with_notes`` the notes per cell."""
    lines = M.describe_disagreements(picture)
    part = section.sub(t("report.matrix.disagree"), css="kit-matrix-disagreements")
    if not lines:
        part.add(Paragraph(t("report.matrix.disagree.none")))
        return
    part.add(
        Paragraph(t("report.matrix.disagree.intro")),
        Bullets(tuple(lines), ordered=True),
    )
    if too_few(picture.n_participants):
        part.add(Paragraph(t("privacy.small_group", n=MIN_GROUP), "note"))
    if not with_notes:
        return
    setup = picture.setup
    for row in picture.disagreements.itertuples():
        notes = cell_notes(picture, str(row.option), str(row.value))
        if notes:
            part.sub(
                t(
                    "report.matrix.cell",
                    option=setup.option(str(row.option)).code,
                    value=one_line(setup.value(str(row.value)).name),
                ),
                Bullets(notes, quotes=True),
            )


def cell_notes(picture: M.TeamPicture, option: str, value: str) -> tuple[str, ...]:
    """The notes given with the scores of one cell, without names, on alphabet."""
    scores = picture.scores
    cell = scores[
        (scores["option"] == option)
        & (scores["value"] == value)
        & (scores["reason"].str.strip() != "")
    ]
    items = sorted(
        (
            (one_line(r.reason), _symbol(float(r.score), bool(r.unknown)))
            for r in cell.itertuples()
        ),
        key=lambda pair: (pair[0].casefold(), pair[1]),
    )
    return tuple(f"{text} ({symbol})" if symbol else text for text, symbol in items)


def _weights(section: Section, picture: M.TeamPicture) -> None:
    """Mean weight per value, and the range once the group is large enough."""
    weights = picture.weight_matrix
    with_range = not too_few(picture.n_participants)
    columns: tuple[str, ...] = (
        t("report.matrix.col.value"),
        t("report.matrix.col.mean"),
    )
    if with_range:
        columns += (t("report.matrix.col.range"),)

    def row(value: M.MatrixValue) -> tuple[str, ...]:
        column = weights[value.id]
        cells: tuple[str, ...] = (one_line(value.name), M.number(column.mean()))
        if with_range:
            low, high = M.number(column.min(), 0), M.number(column.max(), 0)
            cells += (f"{low} – {high}",)
        return cells

    part = section.sub(
        t("report.matrix.weights"),
        Table(
            t("report.matrix.weights"),
            columns,
            tuple(row(v) for v in picture.setup.values),
            row_headers=True,
        ),
    )
    if not with_range:
        part.add(Paragraph(t("privacy.small_group", n=MIN_GROUP), "note"))


def _totals(section: Section, picture: M.TeamPicture) -> None:
    """The weighted totals: a conversation starter, never a verdict."""
    from kit.charts.matrix import totals_chart

    totals = section.sub(t("report.matrix.totals"), css="kit-matrix-totals")
    totals.add(Paragraph(t("matrix.not_a_verdict"), "note"))
    if not picture.has_totals:
        totals.add(Paragraph(t("report.matrix.totals.none")))
        return
    totals.add(
        Chart(
            t("report.matrix.totals.chart"),
            lambda: totals_chart(picture),
            key=(picture.setup, picture.totals.to_csv()),
        ),
        Paragraph(t("report.matrix.totals.legend"), "note"),
        Bullets(tuple(M.describe_totals(picture))),
    )


def justification_section(found: M.Justification | None) -> Section:
    """The team's verantwoording, as the matrix page and the report show it."""
    title = t("report.matrix.justification")
    if found is None:
        return Section(title).add(Paragraph(t("report.matrix.justification.none")))
    none = t("report.matrix.none_named")
    terms = (
        (t("report.matrix.j.choice"), one_line(found.choice_label)),
        (t("report.matrix.j.why"), found.why.strip()),
        (t("report.matrix.j.losing"), ", ".join(found.losing_value_names) or none),
        (t("report.matrix.j.for_whom"), found.for_whom.strip() or none),
        (t("report.matrix.j.revisit"), one_line(found.revisit)),
    )
    return Section(title, css="kit-matrix-stored").add(Definitions(terms))


def _justification(section: Section, found: M.Justification | None) -> list[str]:
    """The team's verantwoording, and its line for "In het kort"."""
    section.sections.append(justification_section(found))
    if found is None:
        return []
    return [
        t(
            "report.summary.matrix",
            title=section.title,
            choice=one_line(found.choice_label),
            revisit=one_line(found.revisit),
        )
    ]


def _matrix_section(
    data: ReportInput, events: list[M.Event], subject: str, number: int, of: int
) -> Part:
    setup = M.current_setup(events)
    if setup is None:
        return Part(None)
    picture = M.team_picture(events, setup)
    section = Section(_title(data, setup, number, of))
    section.add(*_facts(setup, picture))
    picture_parts(section, picture)
    found = M.justification(events, subject)
    if picture.n_participants:
        lines = _sensitivity(picture, found.choice if found else None)
        if lines:
            section.sub(
                t("report.matrix.sensitivity"),
                Paragraph(t("report.matrix.sensitivity.intro")),
                Bullets(tuple(lines)),
            )
        _reasons(data, picture, section)
    return Part(section, _justification(section, found))


def _reasons(data: ReportInput, picture: M.TeamPicture, section: Section) -> None:
    """The notes people gave with their scores, per cell, without names."""
    scores = picture.scores[picture.scores["reason"].str.strip() != ""]
    if scores.empty:
        return
    child = section.sub(t("report.matrix.reasons"))
    if not data.include_reasons:
        child.add(Paragraph(t("report.reasons_left_out", n=len(scores)), "note"))
        return
    child.add(Paragraph(t("report.anonymous"), "note"))
    setup = picture.setup
    for option in setup.options:
        for value in setup.values:
            notes = cell_notes(picture, option.id, value.id)
            if notes:
                child.sub(
                    t(
                        "report.matrix.cell",
                        option=option.code,
                        value=one_line(value.name),
                    ),
                    Bullets(notes, quotes=True),
                )


def matrix_subjects(events: list[M.Event]) -> list[str]:
    """Matrices set up in this session, in the order first set up."""
    return list(dict.fromkeys(e.subject for e in events if e.kind == M.SETUP))


def matrices_part(data: ReportInput) -> Part:
    """Every weighing matrix of the session."""
    events = M.events_of(data.of(M.TOOL))
    subjects = matrix_subjects(events)
    if not subjects:
        return Part(None)
    section = Section(t("report.matrices"))
    section.add(Paragraph(t("report.matrices.intro")))
    summary: list[str] = []
    for number, subject in enumerate(subjects, start=1):
        mine: list[Any] = [e for e in events if e.subject == subject]
        part = _matrix_section(data, mine, subject, number, len(subjects))
        if part.section is not None:
            section.sections.append(part.section)
        summary += part.summary
    return Part(section, summary)
