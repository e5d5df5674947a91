"""The team's picture folded from the events, and put into plain Dutch.

:func:`team_picture` builds the :class:`~kit.model.matrix_picture.TeamPicture`
with its notes about edge cases; the ``describe_*`` functions give the
sentences the widget and the report show. A total is a conversation starter,
never a verdict: the sentences say so.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from kit.errors import InvalidInput
from kit.locale import t
from kit.model.matrix_picture import (
    Sensitivity,
    TeamPicture,
    cell_stats,
    disagreements,
    ignored_answers,
    scores_frame,
    unknowns,
    weight_matrix,
    weighted_totals,
    weights_frame,
)
from kit.model.matrix_setup import (
    EPS,
    Event,
    MatrixSetup,
    current_setup,
)
from kit.model.privacy import too_few

# --- plain Dutch ----------------------------------------------------------------------


def number(x: float, digits: int = 1) -> str:
    """A number the Dutch way: ``0,8``, ``-1,3`` (never ``-0,0``); halves round up."""
    exact = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    text = f"{exact:f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace(".", ",")


def signed(x: float, digits: int = 1) -> str:
    """``+1,3``, ``-0,5``, ``0,0``."""
    text = number(x, digits)
    return (
        text
        if text.startswith("-") or float(text.replace(",", ".")) == 0
        else "+" + text
    )


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def _names(setup: MatrixSetup, value_ids: Iterable[str]) -> str:
    return ", ".join(setup.value(v).name for v in value_ids)


def _notes(picture: TeamPicture) -> list[str]:
    """Plain sentences about edge cases: few answers, zero weights, ties, gaps."""
    setup, notes = picture.setup, []
    n = picture.n_participants
    if n == 0:
        return [t("matrix.note.nobody")]
    if n == 1:
        notes.append(t("matrix.note.one"))
    if picture.cells["n_scored"].sum() == 0:
        notes.append(t("matrix.note.no_scores"))
    zero = int((picture.weight_matrix.sum(axis=1) <= EPS).sum())
    if zero == n:
        notes.append(t("matrix.note.all_zero"))
    elif zero:
        notes.append(t("matrix.note.some_zero", n=zero))
    if picture.disagreements.empty and picture.cells["n_scored"].max() >= 2:
        notes.append(t("matrix.note.agree"))
    if picture.cells["n_scored"].sum() > 0:
        notes.extend(_gaps(picture))
    for group in _tie_groups(picture.totals):
        notes.append(
            t(
                "matrix.note.tie",
                options=_join([setup.option(o).code for o in group]),
                total=signed(
                    float(picture.totals.set_index("option").loc[group[0], "team"])
                ),
            )
        )
    if picture.ignored:
        notes.append(t("matrix.note.ignored", n=picture.ignored))
    return notes


def _gaps(picture: TeamPicture) -> list[str]:
    """Options without any score, and options whose total misses some values."""
    setup, cells = picture.setup, picture.cells
    empty, partial = [], []
    missing: dict[str, list[str]] = {}
    for option, value in zip(
        cells["option"], cells["value"].where(cells["n_scored"] == 0), strict=True
    ):
        if isinstance(value, str):
            missing.setdefault(option, []).append(value)
    for row in picture.totals.itertuples():
        if row.complete:
            continue
        code = setup.option(row.option).code
        if row.n_values_scored == 0:
            empty.append(code)
        else:
            partial.append(f"{code} ({_names(setup, missing[row.option])})")
    notes = []
    if partial:
        notes.append(t("matrix.note.missing", cells="; ".join(partial)))
    if empty:
        notes.append(t("matrix.note.no_total", options=_join(empty)))
    return notes


def _tie_groups(totals: pd.DataFrame) -> list[list[str]]:
    groups: dict[float, list[str]] = {}
    for option, rank in zip(totals["option"], totals["rank"], strict=True):
        if not (isinstance(rank, float) and math.isnan(rank)):
            groups.setdefault(rank, []).append(option)
    return [g for _, g in sorted(groups.items()) if len(g) > 1]


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('matrix.and')} {items[-1]}"


def describe_disagreements(picture: TeamPicture) -> list[str]:
    """One sentence per cell where the team disagrees most.

    With fewer than :data:`~kit.model.privacy.MIN_GROUP` people the lowest and
    highest score would be each person's own: then only which cell and how many.
    """
    setup = picture.setup
    if too_few(picture.n_participants):
        return [
            t(
                "matrix.disagree.cell.few",
                option=setup.option(row.option).code,
                value=setup.value(row.value).name,
                n=row.n_scored,
            )
            for row in picture.disagreements.itertuples()
        ]
    return [
        t(
            "matrix.disagree.cell",
            option=setup.option(row.option).code,
            value=setup.value(row.value).name,
            low=signed(row.min, 0),
            high=signed(row.max, 0),
            mean=signed(row.mean),
            spread=number(row.std),
            n=row.n_scored,
        )
        for row in picture.disagreements.itertuples()
    ]


def describe_unknowns(picture: TeamPicture) -> list[str]:
    """One sentence per value where people answered "weet ik niet"."""
    return [
        t(
            "matrix.unknown.value",
            value=picture.setup.value(row.value).name,
            share=percent(row.share),
            n=int(row.n_unknown),
            total=int(row.n_answered),
        )
        for row in picture.unknowns.itertuples()
    ]


def describe_totals(picture: TeamPicture) -> list[str]:
    """One sentence per option, highest team total first."""
    totals = picture.totals.set_index("option")
    lines = []
    for option_id in picture.ranking():
        row = totals.loc[option_id]
        code = picture.setup.option(option_id).code
        if math.isnan(row["team"]):
            lines.append(t("matrix.total.none", option=code))
        elif row["n_weightings"] <= 1:
            lines.append(
                t("matrix.total.single", option=code, team=signed(row["team"]))
            )
        else:
            lines.append(
                t(
                    "matrix.total.range",
                    option=code,
                    team=signed(row["team"]),
                    low=signed(row["min"]),
                    high=signed(row["max"]),
                    median=signed(row["median"]),
                    n=int(row["n_weightings"]),
                )
            )
    return lines


def describe_sensitivity(result: Sensitivity, setup: MatrixSetup) -> list[str]:
    """The sensitivity in plain Dutch: what would you have to believe for B to win?"""
    if result.problem:
        return [t(f"matrix.sens.{result.problem}")]
    code_a, code_b = setup.option(result.a).code, setup.option(result.b).code
    if result.tied:
        lines = [
            t("matrix.sens.tied", a=code_a, b=code_b, total=signed(result.total_a))
        ]
        neutral = []
        for flip in result.flips:
            if flip.favours is None:
                neutral.append(flip.value)
                continue
            up, down = (code_a, code_b) if flip.favours == "a" else (code_b, code_a)
            lines.append(
                t(
                    "matrix.sens.tips",
                    value=setup.value(flip.value).name,
                    up=up,
                    down=down,
                )
            )
        if neutral:
            lines.append(t("matrix.sens.neutral", values=_names(setup, neutral)))
        return lines
    leader, follower = result.leader, result.follower
    assert leader is not None
    assert follower is not None
    lead_total = result.total_a if leader == result.a else result.total_b
    follow_total = result.total_b if leader == result.a else result.total_a
    lead, follow = setup.option(leader).code, setup.option(follower).code
    lines = [
        t(
            "matrix.sens.now",
            leader=lead,
            follower=follow,
            lead_total=signed(lead_total),
            follow_total=signed(follow_total),
        )
    ]
    flipping = sorted((f for f in result.flips if f.direction), key=lambda f: f.change)
    steady = [f.value for f in result.flips if not f.direction]
    for flip in flipping:
        threshold = flip.threshold if flip.threshold is not None else flip.weight
        lines.append(
            t(
                "matrix.sens.up" if flip.direction > 0 else "matrix.sens.down",
                follower=follow,
                value=setup.value(flip.value).name,
                weight=number(flip.weight),
                threshold=number(threshold),
            )
        )
    if not flipping:
        lines.append(t("matrix.sens.none", leader=lead, follower=follow))
    elif steady:
        lines.append(t("matrix.sens.steady", values=_names(setup, steady)))
    return lines


def team_picture(
    events: Iterable[Event], setup: MatrixSetup | None = None
) -> TeamPicture:
    """Aggregate a matrix's events (one subject) into the team's picture."""
    events = list(events)
    setup = setup or current_setup(events)
    if setup is None:
        raise InvalidInput("matrix_not_set_up")
    scores = scores_frame(events, setup)
    weights = weights_frame(events, setup)
    participants = tuple(
        sorted(set(scores["participant"]) | set(weights["participant"]))
    )
    matrix = weight_matrix(weights, participants, setup)
    cells = cell_stats(scores, setup, len(participants))
    totals = weighted_totals(cells, matrix, setup)
    picture = TeamPicture(
        setup,
        participants,
        scores,
        weights,
        matrix,
        cells,
        disagreements(cells),
        unknowns(cells, setup),
        totals,
        ignored_answers(events, setup),
    )
    return replace(picture, notes=tuple(_notes(picture)))
