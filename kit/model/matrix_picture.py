"""The team's picture of a weighing matrix: tidy frames, totals and sensitivity.

:func:`team_picture` folds the events into one :class:`TeamPicture`; a total
is a conversation starter, never a verdict.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from kit.model.matrix_setup import (
    DEFAULT_WEIGHT,
    EPS,
    MAX_WEIGHT,
    MIN_WEIGHT,
    SCORE,
    TOP_DISAGREEMENTS,
    UNKNOWN,
    WEIGHT,
    Event,
    MatrixSetup,
)

# --- tidy frames --------------------------------------------------------------------

SCORE_COLUMNS = ["participant", "option", "value", "score", "unknown", "reason", "seq"]
WEIGHT_COLUMNS = ["participant", "value", "weight", "seq"]


def _latest(events: Iterable[Event], kind: str, key: Any) -> dict[Any, Event]:
    latest: dict[Any, Event] = {}
    for event in events:
        if event.kind == kind and event.participant_id is not None:
            latest[key(event)] = event  # events come in seq order: last one wins
    return latest


def scores_frame(events: Iterable[Event], setup: MatrixSetup) -> pd.DataFrame:
    """Each participant's latest answer per cell of the current matrix.

    Columns ``participant, option, value, score`` (float, NaN for "weet ik niet"),
    ``unknown`` (bool), ``reason``, ``seq``. Taken-back scores and cells of removed
    options or values are left out.
    """
    latest = _latest(
        events,
        SCORE,
        lambda e: (e.participant_id, e.payload.get("option"), e.payload.get("value")),
    )
    options, values = set(setup.option_ids), set(setup.value_ids)
    rows = []
    for (participant, option, value), event in latest.items():
        raw = event.payload.get("score")
        if option not in options or value not in values or raw is None:
            continue
        unknown = raw == UNKNOWN
        rows.append(
            (
                participant,
                option,
                value,
                math.nan if unknown else float(raw),
                unknown,
                str(event.payload.get("reason") or ""),
                event.seq,
            )
        )
    frame = pd.DataFrame(rows, columns=SCORE_COLUMNS)
    return frame.astype({"score": float, "unknown": bool, "seq": int})


def weights_frame(events: Iterable[Event], setup: MatrixSetup) -> pd.DataFrame:
    """Each participant's latest weight per value of the current matrix."""
    latest = _latest(
        events, WEIGHT, lambda e: (e.participant_id, e.payload.get("value"))
    )
    values = set(setup.value_ids)
    rows = [
        (participant, value, int(event.payload["weight"]), event.seq)
        for (participant, value), event in latest.items()
        if value in values
    ]
    return pd.DataFrame(rows, columns=WEIGHT_COLUMNS).astype(
        {"weight": int, "seq": int}
    )


def ignored_answers(events: Iterable[Event], setup: MatrixSetup) -> int:
    """How many latest scores or weights are about options/values no longer in use."""
    events = list(events)
    options, values = set(setup.option_ids), set(setup.value_ids)
    scores = _latest(
        events,
        SCORE,
        lambda e: (e.participant_id, e.payload.get("option"), e.payload.get("value")),
    )
    weights = _latest(
        events, WEIGHT, lambda e: (e.participant_id, e.payload.get("value"))
    )
    old_scores = sum(
        1
        for (_, option, value), event in scores.items()
        if event.payload.get("score") is not None
        and (option not in options or value not in values)
    )
    return old_scores + sum(1 for (_, value) in weights if value not in values)


def weight_matrix(
    weights: pd.DataFrame, participants: Sequence[str], setup: MatrixSetup
) -> pd.DataFrame:
    """Participants × values; a weight nobody gave counts as :data:`DEFAULT_WEIGHT`."""
    table = weights.pivot(index="participant", columns="value", values="weight")
    table = table.reindex(index=list(participants), columns=list(setup.value_ids))
    return table.fillna(DEFAULT_WEIGHT).astype(float)


def cell_stats(
    scores: pd.DataFrame, setup: MatrixSetup, n_participants: int
) -> pd.DataFrame:
    """One row per option × value, in the matrix's order.

    ``n_scored`` (numbers given), ``n_unknown`` ("weet ik niet"), ``n_answered``,
    ``n_missing`` (participants without an answer), ``mean``, ``std`` (spread,
    population standard deviation), ``min``, ``max``, ``range`` and
    ``share_unknown`` (of those who answered).
    """
    index = pd.MultiIndex.from_product(
        [list(setup.option_ids), list(setup.value_ids)], names=["option", "value"]
    )
    grouped = scores.groupby(["option", "value"])
    stats = grouped["score"].agg(["count", "mean", "min", "max"])
    stats = stats.rename(columns={"count": "n_scored"})
    stats["std"] = grouped["score"].std(ddof=0)
    stats["n_unknown"] = grouped["unknown"].sum()
    stats = stats.reindex(index)
    stats[["n_scored", "n_unknown"]] = (
        stats[["n_scored", "n_unknown"]].fillna(0).astype(int)
    )
    stats["n_answered"] = stats["n_scored"] + stats["n_unknown"]
    stats["n_missing"] = (n_participants - stats["n_answered"]).clip(lower=0)
    stats["range"] = stats["max"] - stats["min"]
    stats["share_unknown"] = stats["n_unknown"] / stats["n_answered"].where(
        stats["n_answered"] > 0
    )
    return stats.reset_index()


def disagreements(cells: pd.DataFrame, top: int = TOP_DISAGREEMENTS) -> pd.DataFrame:
    """The cells where the team disagrees most: largest spread, at least two scores.

    Ordered by spread (std), then by range; cells where everyone agrees are left out.
    """
    candidates = cells[(cells["n_scored"] >= 2) & (cells["std"] > EPS)].copy()
    candidates["order"] = range(len(candidates))
    ranked = candidates.sort_values(
        ["std", "range", "order"], ascending=[False, False, True]
    )
    return ranked.drop(columns="order").head(top).reset_index(drop=True)


def unknowns(cells: pd.DataFrame, setup: MatrixSetup) -> pd.DataFrame:
    """Per value: how many answers were "weet ik niet", most unknown first."""
    per_value = cells.groupby("value", sort=False)[["n_unknown", "n_answered"]].sum()
    per_value = per_value.reindex(list(setup.value_ids)).reset_index()
    per_value["share"] = per_value["n_unknown"] / per_value["n_answered"].where(
        per_value["n_answered"] > 0
    )
    per_value["order"] = range(len(per_value))
    found = per_value[per_value["n_unknown"] > 0].sort_values(
        ["share", "n_unknown", "order"], ascending=[False, False, True]
    )
    return found.drop(columns="order").reset_index(drop=True)


def _means(cells: pd.DataFrame, setup: MatrixSetup) -> np.ndarray:
    table = cells.pivot(index="option", columns="value", values="mean")
    table = table.reindex(index=list(setup.option_ids), columns=list(setup.value_ids))
    means: np.ndarray = table.to_numpy(dtype=float)
    return means


def weighted_totals(
    cells: pd.DataFrame, weights: pd.DataFrame, setup: MatrixSetup
) -> pd.DataFrame:
    """The weighted total per option, with its range over everyone's own weighting.

    A total is the weighted mean of the team's mean scores, so it stays on the
    -2..+2 scale: ``sum(w * mean) / sum(w)`` over the values that have a mean score
    for this option. ``team`` uses the team's mean weights; ``min``, ``median``
    and ``max`` apply each participant's own weights (``weights``: participants ×
    values) to the same team scores. A weighting whose weights are all zero on the
    scored values has no total and is left out (``n_weightings`` counts the rest).
    """
    means = _means(cells, setup)
    scored = ~np.isnan(means)
    filled = np.where(scored, means, 0.0)
    matrix = weights.to_numpy(dtype=float).reshape(-1, len(setup.value_ids))
    with np.errstate(invalid="ignore", divide="ignore"):
        numerators = matrix @ filled.T
        denominators = matrix @ scored.T.astype(float)
        own = np.where(denominators > EPS, numerators / denominators, np.nan)
        if len(matrix):
            team_w = matrix.mean(axis=0)
            team_den = scored.astype(float) @ team_w
            team = np.where(team_den > EPS, (filled @ team_w) / team_den, np.nan)
        else:
            team = np.full(len(setup.option_ids), np.nan)
    has_own = ~np.isnan(own)
    frame = pd.DataFrame(
        {
            "option": list(setup.option_ids),
            "team": team,
            "min": _nan_reduce(np.nanmin, own),
            "median": _nan_reduce(np.nanmedian, own),
            "max": _nan_reduce(np.nanmax, own),
            "n_weightings": has_own.sum(axis=0),
            "n_values_scored": scored.sum(axis=1),
            "complete": scored.all(axis=1),
        }
    )
    frame["rank"] = _ranks(frame["team"].to_numpy())
    return frame


def _nan_reduce(func: Any, own: np.ndarray) -> np.ndarray:
    """``func`` over participants per option, NaN where nobody has a total."""
    out = np.full(own.shape[1], np.nan)
    present = (~np.isnan(own)).any(axis=0)
    if present.any():
        out[present] = func(own[:, present], axis=0)
    return out


def _ranks(totals: np.ndarray) -> list[float]:
    """Rank 1 = highest; equal totals (within :data:`EPS`) share a rank."""
    ranks: list[float] = []
    for total in totals:
        if np.isnan(total):
            ranks.append(math.nan)
        else:
            ranks.append(1 + sum(1 for o in totals if o - total > EPS))
    return ranks


# --- sensitivity --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WeightFlip:
    """What one value's weight does to the order of two options.

    ``threshold`` is the team weight at which the two tie; past it the other
    option wins (``direction`` +1: the weight must rise, -1: fall, 0: no weight
    between 0 and 5 flips the order). When the two are tied now, ``favours`` is
    the option that wins if this weight rises.
    """

    value: str
    weight: float
    threshold: float | None
    direction: int
    favours: str | None = None

    @property
    def change(self) -> float:
        return abs(self.threshold - self.weight) if self.threshold is not None else 0


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """How sensitive the order of options ``a`` and ``b`` is to each value's weight.

    Computed with the team's mean weights and mean scores; ``problem`` names why
    there is no order when there is none (``all_zero``, ``no_scores``, ``same``).
    """

    a: str
    b: str
    total_a: float
    total_b: float
    flips: tuple[WeightFlip, ...] = ()
    problem: str = ""

    @property
    def tied(self) -> bool:
        return not self.problem and abs(self.total_a - self.total_b) <= EPS

    @property
    def leader(self) -> str | None:
        if self.problem or self.tied:
            return None
        return self.a if self.total_a > self.total_b else self.b

    @property
    def follower(self) -> str | None:
        leader = self.leader
        return None if leader is None else (self.b if leader == self.a else self.a)


def sensitivity(
    cells: pd.DataFrame,
    team_weights: Mapping[str, float],
    setup: MatrixSetup,
    a: str,
    b: str,
) -> Sensitivity:
    """For each value: how far its weight must move before ``a`` and ``b`` swap.

    With the other weights fixed, total(o) = (N_o + δ·m_ok) / (W_o + δ) when value
    k is scored for o (else N_o / W_o), so the difference changes sign where
    g(δ) = (N_a + δ·a_k)(W_b + δ·e_b) − (N_b + δ·b_k)(W_a + δ·e_a) = 0, a quadratic
    in δ. The smallest feasible root (new weight within 0–5, and the totals still
    defined) is the threshold.
    """
    setup.option(a)
    setup.option(b)
    if a == b:
        return Sensitivity(a, b, math.nan, math.nan, problem="same")
    means = _means(cells, setup)
    ia, ib = setup.option_ids.index(a), setup.option_ids.index(b)
    weights = np.array(
        [float(team_weights.get(v, DEFAULT_WEIGHT)) for v in setup.value_ids]
    )
    rows = []
    for index in (ia, ib):
        scored = ~np.isnan(means[index])
        rows.append(
            (
                float(np.where(scored, means[index], 0.0) @ weights),
                float(scored.astype(float) @ weights),
                scored,
            )
        )
    (n_a, w_a, s_a), (n_b, w_b, s_b) = rows
    if not s_a.any() or not s_b.any():
        return Sensitivity(a, b, math.nan, math.nan, problem="no_scores")
    if w_a <= EPS or w_b <= EPS:
        return Sensitivity(a, b, math.nan, math.nan, problem="all_zero")
    total_a, total_b = n_a / w_a, n_b / w_b
    flips = []
    for k, value_id in enumerate(setup.value_ids):
        e_a, e_b = float(s_a[k]), float(s_b[k])
        m_a = float(means[ia, k]) if s_a[k] else 0.0
        m_b = float(means[ib, k]) if s_b[k] else 0.0
        flips.append(
            _flip(
                value_id, float(weights[k]), (n_a, w_a, m_a, e_a), (n_b, w_b, m_b, e_b)
            )
        )
    return Sensitivity(a, b, total_a, total_b, tuple(flips))


def _flip(
    value_id: str,
    weight: float,
    first: tuple[float, float, float, float],
    second: tuple[float, float, float, float],
) -> WeightFlip:
    n_a, w_a, m_a, e_a = first
    n_b, w_b, m_b, e_b = second

    def difference(delta: float) -> float:
        return (n_a + delta * m_a) / (w_a + delta * e_a) - (n_b + delta * m_b) / (
            w_b + delta * e_b
        )

    low, high = MIN_WEIGHT - weight, MAX_WEIGHT - weight

    def defined(delta: float) -> bool:
        return w_a + delta * e_a > EPS and w_b + delta * e_b > EPS

    now = difference(0.0)
    if abs(now) <= EPS:  # tied now: which option does more weight for k favour?
        for step in (1e-3, -1e-3):
            if low - EPS <= step <= high + EPS and defined(step):
                moved = difference(step)
                if abs(moved) > EPS:
                    a_wins_rising = (moved > 0) == (step > 0)
                    favours = "a" if a_wins_rising else "b"
                    return WeightFlip(value_id, weight, weight, 0, favours)
        return WeightFlip(value_id, weight, None, 0)
    c2 = m_a * e_b - m_b * e_a
    c1 = m_a * w_b + n_a * e_b - m_b * w_a - n_b * e_a
    c0 = n_a * w_b - n_b * w_a
    for root in sorted(_roots(c2, c1, c0), key=abs):
        if not (low - EPS <= root <= high + EPS) or abs(root) <= EPS:
            continue
        direction = 1 if root > 0 else -1
        room = (high - root) if direction > 0 else (root - low)
        step = min(1e-6, room / 2)
        beyond = root + direction * step
        if step > EPS and defined(beyond) and difference(beyond) * now < 0:
            return WeightFlip(value_id, weight, weight + root, direction)
    return WeightFlip(value_id, weight, None, 0)


def _roots(c2: float, c1: float, c0: float) -> list[float]:
    if abs(c2) <= EPS:
        return [] if abs(c1) <= EPS else [-c0 / c1]
    disc = c1 * c1 - 4 * c2 * c0
    if disc < 0:
        return []
    root = math.sqrt(disc)
    return [(-c1 - root) / (2 * c2), (-c1 + root) / (2 * c2)]


# --- the team's picture -------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class TeamPicture:
    """Everything the team sees after the reveal, computed from the events."""

    setup: MatrixSetup
    participants: tuple[str, ...]
    scores: pd.DataFrame
    weights: pd.DataFrame
    weight_matrix: pd.DataFrame
    cells: pd.DataFrame
    disagreements: pd.DataFrame
    unknowns: pd.DataFrame
    totals: pd.DataFrame
    ignored: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def n_participants(self) -> int:
        return len(self.participants)

    @property
    def team_weights(self) -> dict[str, float]:
        """The team's mean weight per value."""
        if self.weight_matrix.empty:
            return {v: float(DEFAULT_WEIGHT) for v in self.setup.value_ids}
        return {k: float(v) for k, v in self.weight_matrix.mean(axis=0).items()}

    @property
    def has_totals(self) -> bool:
        return bool(self.totals["team"].notna().any())

    def ranking(self) -> list[str]:
        """Option ids from the highest team total down (no total: last)."""
        ordered = self.totals.assign(order=range(len(self.totals))).sort_values(
            ["team", "order"], ascending=[False, True], na_position="last"
        )
        return list(ordered["option"])

    def sensitivity(self, a: str, b: str) -> Sensitivity:
        return sensitivity(self.cells, self.team_weights, self.setup, a, b)
