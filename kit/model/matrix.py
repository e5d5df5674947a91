"""Afwegingsmatrix: courses of action × public values, weighed by a team.

Everything the weighing matrix computes lives here, as pure functions over the
stored events (no widgets, no charts). Events all have tool ``"matrix"`` and the
matrix id as subject:

``setup`` (facilitator)
    a full snapshot of the matrix: ``options`` (``id``, ``label``, ``note``),
    ``values`` (``id``, ``name``, ``definition``, ``question``, ``custom``),
    ``card``, ``used_options`` and ``used_values`` (every id ever used, so an id
    is never given to something new). The latest snapshot wins.
``weight`` (participant)
    ``{"value": id, "weight": 0..5}``.
``score`` (participant)
    ``{"option": id, "value": id, "score": -2..2 | "?" | None, "reason": text}``;
    ``"?"`` is "weet ik niet", ``None`` takes a score back.
``phase`` (facilitator)
    think → reveal → discuss → close, as for every tool.
``justification`` (facilitator)
    the team's verantwoording: ``choice``, ``choice_label``, ``why``,
    ``losing_values``, ``losing_value_names``, ``for_whom``, ``revisit``.

Answers are never changed: the latest event per participant and cell wins, and
answers about an option or value that was removed are ignored, not deleted.
A total is a conversation starter, not a decision; the sentences made here say so.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd

from kit.errors import InvalidInput
from kit.locale import t
from kit.model.phases import phase_state
from kit.model.text import visible_text
from kit.model.types import DilemmaCard, Value, ValueCatalogue

TOOL = "matrix"
SETUP = "setup"
WEIGHT = "weight"
SCORE = "score"
PHASE = "phase"
JUSTIFICATION = "justification"

#: Scores of an option on a value: -2 (harms it strongly) … +2 (serves it strongly).
SCORES: tuple[int, ...] = (-2, -1, 0, 1, 2)
#: The "weet ik niet" answer.
UNKNOWN = "?"
MIN_WEIGHT, MAX_WEIGHT = 0, 5
#: A weight nobody changed counts as this (the form shows it as the start value).
DEFAULT_WEIGHT = 3
MIN_OPTIONS, MAX_OPTIONS = 2, 8
MIN_VALUES, MAX_VALUES = 1, 20
MAX_LABEL, MAX_NOTE = 200, 400
MAX_NAME, MAX_DEFINITION, MAX_QUESTION = 60, 240, 240
MAX_REASON, MAX_WHY, MAX_FOR_WHOM, MAX_REVISIT = 500, 2000, 1000, 200
TOP_DISAGREEMENTS = 3
EPS = 1e-9

SCORE_SYMBOLS = {-2: "--", -1: "-", 0: "0", 1: "+", 2: "++"}


# --- reading events -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Event:
    """One matrix event, from a store :class:`~kit.store.Answer` or an export row."""

    participant_id: str | None
    subject: str
    kind: str
    payload: Mapping[str, Any]
    seq: int
    created_at: float = 0.0


def events_of(answers: Iterable[Any], subject: str | None = None) -> list[Event]:
    """The matrix events among ``answers`` (in the order given), for ``subject``.

    ``answers`` may be store answers or the answer dicts of a session export.
    """
    found = []
    for index, answer in enumerate(answers):
        event = answer if isinstance(answer, Event) else _event(answer, index + 1)
        if event is not None and (subject is None or event.subject == subject):
            found.append(event)
    return found


def _event(answer: Any, position: int) -> Event | None:
    if isinstance(answer, Mapping):  # a row of a session export
        if answer.get("tool") != TOOL:
            return None
        return Event(
            answer.get("participant_id"),
            str(answer.get("subject")),
            str(answer.get("kind")),
            answer.get("payload") or {},
            int(answer.get("seq", position)),
            float(answer.get("created_at") or 0.0),
        )
    if answer.tool != TOOL:  # a store Answer
        return None
    return Event(
        answer.participant_id,
        answer.subject,
        answer.kind,
        answer.payload,
        answer.seq,
        answer.created_at,
    )


# --- the matrix itself --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatrixOption:
    """A course of action (handelingsoptie) in the matrix."""

    id: str
    label: str
    note: str = ""

    @property
    def code(self) -> str:
        """Short code shown to people: ``A``, ``B``…"""
        return self.id.upper()

    @property
    def display(self) -> str:
        return f"{self.code}. {self.label}"


@dataclass(frozen=True, slots=True)
class MatrixValue:
    """A public value (publieke waarde) in the matrix: from the catalogue or own."""

    id: str
    name: str
    definition: str
    question: str = ""
    custom: bool = False

    @classmethod
    def from_catalogue(cls, value: Value) -> MatrixValue:
        return cls(value.id, value.name, value.definition, value.question)


@dataclass(frozen=True, slots=True)
class MatrixSetup:
    """What is weighed: options (rows) and values (columns)."""

    options: tuple[MatrixOption, ...]
    values: tuple[MatrixValue, ...]
    card: str | None = None
    used_options: tuple[str, ...] = ()
    used_values: tuple[str, ...] = ()

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    @property
    def value_ids(self) -> tuple[str, ...]:
        return tuple(v.id for v in self.values)

    def option(self, option_id: str) -> MatrixOption:
        for option in self.options:
            if option.id == option_id:
                return option
        raise InvalidInput("matrix_unknown_option")

    def value(self, value_id: str) -> MatrixValue:
        for value in self.values:
            if value.id == value_id:
                return value
        raise InvalidInput("matrix_unknown_value")

    # --- changes: each returns a new, checked setup ---------------------------------

    def with_option(
        self, label: str, note: str = "", reserved: Iterable[str] = ()
    ) -> MatrixSetup:
        """Add a typed option with a letter never used before in this matrix.

        ``reserved`` ids are skipped too (e.g. the card's options not in use now).
        """
        taken = set(self.used_options) | set(self.option_ids) | set(reserved)
        option = MatrixOption(
            next_option_id(taken),
            clean_text(label, MAX_LABEL, "matrix_option_label"),
            clean_text(note, MAX_NOTE, "matrix_option_label", required=False),
        )
        return self._changed(options=(*self.options, option))

    def with_card_option(self, option: MatrixOption) -> MatrixSetup:
        """Add (back) an option of the card, with its own id."""
        if option.id in self.option_ids:
            raise InvalidInput("matrix_duplicate_option")
        return self._changed(options=(*self.options, option))

    def without_option(self, option_id: str) -> MatrixSetup:
        self.option(option_id)
        return self._changed(
            options=tuple(o for o in self.options if o.id != option_id)
        )

    def with_value(self, value: MatrixValue) -> MatrixSetup:
        if value.id in self.value_ids:
            raise InvalidInput("matrix_duplicate_value")
        return self._changed(values=(*self.values, value))

    def without_value(self, value_id: str) -> MatrixSetup:
        self.value(value_id)
        return self._changed(values=tuple(v for v in self.values if v.id != value_id))

    def _changed(self, **changes: Any) -> MatrixSetup:
        options = changes.get("options", self.options)
        values = changes.get("values", self.values)
        setup = MatrixSetup(
            options,
            values,
            self.card,
            _union(self.used_options, (o.id for o in options)),
            _union(self.used_values, (v.id for v in values)),
        )
        setup.check()
        return setup

    def check(self) -> None:
        """Raise :class:`InvalidInput` unless this matrix can be weighed."""
        if len(self.options) < MIN_OPTIONS:
            raise InvalidInput("matrix_too_few_options")
        if len(self.options) > MAX_OPTIONS:
            raise InvalidInput("matrix_too_many_options")
        if len(self.values) < MIN_VALUES:
            raise InvalidInput("matrix_too_few_values")
        if len(self.values) > MAX_VALUES:
            raise InvalidInput("matrix_too_many_values")
        if len(set(self.option_ids)) != len(self.options):
            raise InvalidInput("matrix_duplicate_option")
        if len(set(self.value_ids)) != len(self.values):
            raise InvalidInput("matrix_duplicate_value")

    # --- storage --------------------------------------------------------------------

    def to_payload(self) -> dict[str, Any]:
        return {
            "options": [
                {"id": o.id, "label": o.label, "note": o.note} for o in self.options
            ],
            "values": [
                {
                    "id": v.id,
                    "name": v.name,
                    "definition": v.definition,
                    "question": v.question,
                    "custom": v.custom,
                }
                for v in self.values
            ],
            "card": self.card,
            "used_options": list(self.used_options),
            "used_values": list(self.used_values),
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> MatrixSetup:
        options = tuple(
            MatrixOption(str(o["id"]), str(o.get("label", "")), str(o.get("note", "")))
            for o in payload.get("options", [])
        )
        values = tuple(
            MatrixValue(
                str(v["id"]),
                str(v.get("name", v["id"])),
                str(v.get("definition", "")),
                str(v.get("question", "")),
                bool(v.get("custom", False)),
            )
            for v in payload.get("values", [])
        )
        return cls(
            options,
            values,
            payload.get("card"),
            _union(payload.get("used_options", ()), (o.id for o in options)),
            _union(payload.get("used_values", ()), (v.id for v in values)),
        )


def _union(first: Iterable[str], second: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*first, *second]))


def build_setup(
    options: Sequence[MatrixOption],
    values: Sequence[MatrixValue],
    card: str | None = None,
    previous: MatrixSetup | None = None,
) -> MatrixSetup:
    """A checked setup; ids used by ``previous`` stay reserved."""
    setup = MatrixSetup(
        tuple(options),
        tuple(values),
        card,
        _union(previous.used_options if previous else (), (o.id for o in options)),
        _union(previous.used_values if previous else (), (v.id for v in values)),
    )
    setup.check()
    return setup


def card_options(card: DilemmaCard) -> tuple[MatrixOption, ...]:
    """The card's courses of action as matrix options (ids ``a``, ``b``…)."""
    return tuple(MatrixOption(o.id, o.label, o.rationale) for o in card.options)


def setup_from_card(
    card: DilemmaCard,
    catalogue: ValueCatalogue,
    value_ids: Sequence[str] | None = None,
) -> MatrixSetup:
    """A matrix with the card's options and its values (or ``value_ids``)."""
    chosen = card.values if value_ids is None else value_ids
    values = [MatrixValue.from_catalogue(catalogue.get(v)) for v in chosen]
    return build_setup(card_options(card), values, card.id)


def custom_value(
    name: str, definition: str, question: str = "", taken: Iterable[str] = ()
) -> MatrixValue:
    """The team's own value; its id is ``eigen_<name>`` and never reused."""
    name = clean_text(name, MAX_NAME, "matrix_value_name")
    definition = clean_text(definition, MAX_DEFINITION, "matrix_value_definition")
    question = clean_text(question, MAX_QUESTION, "matrix_value_question", False)
    slug = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", slug.lower()).strip("_")[:30] or "waarde"
    base, used, n = f"eigen_{slug}", set(taken), 1
    value_id = base
    while value_id in used:
        n += 1
        value_id = f"{base}_{n}"
    return MatrixValue(value_id, name, definition, question, custom=True)


def next_option_id(taken: Iterable[str]) -> str:
    """The first letter (``a``…``z``) not in ``taken``; then ``o27``, ``o28``…"""
    used = set(taken)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        if letter not in used:
            return letter
    n = 27
    while f"o{n}" in used:
        n += 1
    return f"o{n}"


def clean_text(text: object, limit: int, what: str, required: bool = True) -> str:
    """Trim typed text and drop control characters (newlines stay).

    Raises :class:`InvalidInput` (``what``) when it is empty but required, or too long.
    """
    cleaned = visible_text(text)
    if (required and not cleaned) or len(cleaned) > limit:
        raise InvalidInput(what)
    return cleaned


def current_setup(events: Iterable[Event]) -> MatrixSetup | None:
    """The latest setup snapshot given by the facilitator, if any."""
    latest = None
    for event in events:
        if event.kind == SETUP and event.participant_id is None:
            latest = event
    return MatrixSetup.from_payload(latest.payload) if latest else None


def current_phase(events: Iterable[Event]) -> str:
    """The phase (think, reveal, discuss, close) the facilitator set last."""
    return phase_state(events).phase


# --- payloads of participants' answers ----------------------------------------------


def weight_payload(setup: MatrixSetup, value_id: str, weight: object) -> dict[str, Any]:
    """A checked ``weight`` payload (0–5, whole numbers)."""
    setup.value(value_id)
    if isinstance(weight, bool) or not isinstance(weight, int | float):
        raise InvalidInput("matrix_weight")
    if weight != int(weight) or not MIN_WEIGHT <= weight <= MAX_WEIGHT:
        raise InvalidInput("matrix_weight")
    return {"value": value_id, "weight": int(weight)}


def score_payload(
    setup: MatrixSetup, option_id: str, value_id: str, score: object, reason: str = ""
) -> dict[str, Any]:
    """A checked ``score`` payload: -2..2, ``"?"`` (weet ik niet) or ``None``."""
    setup.option(option_id)
    setup.value(value_id)
    if score is not None and score != UNKNOWN:
        if isinstance(score, bool) or not isinstance(score, int | float):
            raise InvalidInput("matrix_score")
        if score != int(score) or int(score) not in SCORES:
            raise InvalidInput("matrix_score")
        score = int(score)
    return {
        "option": option_id,
        "value": value_id,
        "score": score,
        "reason": clean_text(reason, MAX_REASON, "matrix_reason", required=False),
    }


def own_answers(
    events: Iterable[Event], participant_id: str
) -> tuple[dict[str, int], dict[tuple[str, str], dict[str, Any]]]:
    """One participant's latest weights (value → w) and cells ((o, v) → payload)."""
    weights: dict[str, int] = {}
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    for event in events:
        if event.participant_id != participant_id:
            continue
        if event.kind == WEIGHT:
            weights[str(event.payload.get("value"))] = int(event.payload["weight"])
        elif event.kind == SCORE:
            key = (str(event.payload.get("option")), str(event.payload.get("value")))
            cells[key] = dict(event.payload)
    return weights, cells


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
    return table.to_numpy(dtype=float)


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
    """One sentence per cell where the team disagrees most."""
    setup = picture.setup
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


# --- the justification (verantwoording) ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Justification:
    """The team's written account of its choice, as stored (for the session report)."""

    subject: str
    choice: str
    choice_label: str
    why: str
    losing_values: tuple[str, ...]
    losing_value_names: tuple[str, ...]
    for_whom: str
    revisit: str
    created_at: float = 0.0

    @classmethod
    def from_payload(
        cls, subject: str, payload: Mapping[str, Any], created_at: float = 0.0
    ) -> Justification:
        return cls(
            subject,
            str(payload.get("choice", "")),
            str(payload.get("choice_label", "")),
            str(payload.get("why", "")),
            tuple(payload.get("losing_values", ())),
            tuple(payload.get("losing_value_names", ())),
            str(payload.get("for_whom", "")),
            str(payload.get("revisit", "")),
            created_at,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "choice": self.choice,
            "choice_label": self.choice_label,
            "why": self.why,
            "losing_values": list(self.losing_values),
            "losing_value_names": list(self.losing_value_names),
            "for_whom": self.for_whom,
            "revisit": self.revisit,
            "created_at": self.created_at,
        }

    def as_text(self) -> str:
        """Plain text for a report (Dutch)."""
        lines = [
            f"{t('matrix.justify.choice')}: {self.choice_label}",
            f"{t('matrix.justify.why')}: {self.why}",
            f"{t('matrix.justify.losing')}: "
            + (", ".join(self.losing_value_names) or t("matrix.justify.none_named")),
            f"{t('matrix.justify.for_whom')}: "
            + (self.for_whom or t("matrix.justify.none_named")),
            f"{t('matrix.justify.revisit')}: {self.revisit}",
        ]
        return "\n".join(lines)


def justification_payload(
    setup: MatrixSetup,
    choice: str,
    why: str,
    losing_values: Sequence[str] = (),
    for_whom: str = "",
    revisit: str = "",
) -> dict[str, Any]:
    """A checked ``justification`` payload; labels are stored so a report is whole."""
    option = setup.option(choice)
    names = [setup.value(v).name for v in dict.fromkeys(losing_values)]
    return {
        "choice": option.id,
        "choice_label": option.display,
        "why": clean_text(why, MAX_WHY, "matrix_justify_why"),
        "losing_values": list(dict.fromkeys(losing_values)),
        "losing_value_names": names,
        "for_whom": clean_text(
            for_whom, MAX_FOR_WHOM, "matrix_justify_for_whom", False
        ),
        "revisit": clean_text(revisit, MAX_REVISIT, "matrix_justify_revisit"),
    }


def justification(answers: Iterable[Any], subject: str) -> Justification | None:
    """The latest justification of matrix ``subject`` (store answers or export rows)."""
    return justifications(answers).get(subject)


def justifications(answers: Iterable[Any]) -> dict[str, Justification]:
    """Every matrix's latest justification in a session, by subject.

    For the session report/export: pass ``store.find_answers(session_id)`` or the
    ``"answers"`` list of ``store.export_session(...)``.
    """
    found: dict[str, Justification] = {}
    for event in events_of(answers):
        if event.kind == JUSTIFICATION and event.participant_id is None:
            found[event.subject] = Justification.from_payload(
                event.subject, event.payload, event.created_at
            )
    return found
