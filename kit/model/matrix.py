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

This module is the tool's one door; the work is done in its parts:
:mod:`~kit.model.matrix_setup` (events, setup, commands),
:mod:`~kit.model.matrix_picture` (frames, totals, sensitivity),
:mod:`~kit.model.matrix_words` (the team's picture in plain Dutch) and
:mod:`~kit.model.matrix_justification` (the verantwoording).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from kit.model.matrix_justification import (
    Justification,
    justification,
    justification_payload,
    justifications,
)
from kit.model.matrix_setup import (
    DEFAULT_WEIGHT,
    EPS,
    JUSTIFICATION,
    MAX_DEFINITION,
    MAX_FOR_WHOM,
    MAX_LABEL,
    MAX_NAME,
    MAX_NOTE,
    MAX_OPTIONS,
    MAX_QUESTION,
    MAX_REASON,
    MAX_REVISIT,
    MAX_VALUES,
    MAX_WEIGHT,
    MAX_WHY,
    MIN_OPTIONS,
    MIN_VALUES,
    MIN_WEIGHT,
    PHASE,
    SCORE,
    SCORE_SYMBOLS,
    SCORES,
    SETUP,
    TOOL,
    TOP_DISAGREEMENTS,
    UNKNOWN,
    WEIGHT,
    Event,
    MatrixOption,
    MatrixSetup,
    MatrixValue,
    build_setup,
    card_options,
    clean_text,
    current_phase,
    current_setup,
    custom_value,
    events_of,
    next_option_id,
    own_answers,
    score_payload,
    setup_from_card,
    weight_payload,
)

# The team picture and its words need numpy and pandas; they load when first
# asked for (``M.cell_stats``…), so a matrix page opens without them.
_LAZY = {
    "SCORE_COLUMNS": "kit.model.matrix_picture",
    "WEIGHT_COLUMNS": "kit.model.matrix_picture",
    "Sensitivity": "kit.model.matrix_picture",
    "TeamPicture": "kit.model.matrix_picture",
    "WeightFlip": "kit.model.matrix_picture",
    "cell_stats": "kit.model.matrix_picture",
    "disagreements": "kit.model.matrix_picture",
    "ignored_answers": "kit.model.matrix_picture",
    "scores_frame": "kit.model.matrix_picture",
    "sensitivity": "kit.model.matrix_picture",
    "unknowns": "kit.model.matrix_picture",
    "weight_matrix": "kit.model.matrix_picture",
    "weighted_totals": "kit.model.matrix_picture",
    "weights_frame": "kit.model.matrix_picture",
    "describe_disagreements": "kit.model.matrix_words",
    "describe_sensitivity": "kit.model.matrix_words",
    "describe_totals": "kit.model.matrix_words",
    "describe_unknowns": "kit.model.matrix_words",
    "number": "kit.model.matrix_words",
    "percent": "kit.model.matrix_words",
    "signed": "kit.model.matrix_words",
    "team_picture": "kit.model.matrix_words",
}

if TYPE_CHECKING:
    from kit.model.matrix_picture import (
        SCORE_COLUMNS,
        WEIGHT_COLUMNS,
        Sensitivity,
        TeamPicture,
        WeightFlip,
        cell_stats,
        disagreements,
        ignored_answers,
        scores_frame,
        sensitivity,
        unknowns,
        weight_matrix,
        weighted_totals,
        weights_frame,
    )
    from kit.model.matrix_words import (
        describe_disagreements,
        describe_sensitivity,
        describe_totals,
        describe_unknowns,
        number,
        percent,
        signed,
        team_picture,
    )


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_WEIGHT",
    "EPS",
    "JUSTIFICATION",
    "MAX_DEFINITION",
    "MAX_FOR_WHOM",
    "MAX_LABEL",
    "MAX_NAME",
    "MAX_NOTE",
    "MAX_OPTIONS",
    "MAX_QUESTION",
    "MAX_REASON",
    "MAX_REVISIT",
    "MAX_VALUES",
    "MAX_WEIGHT",
    "MAX_WHY",
    "MIN_OPTIONS",
    "MIN_VALUES",
    "MIN_WEIGHT",
    "PHASE",
    "SCORE",
    "SCORES",
    "SCORE_COLUMNS",
    "SCORE_SYMBOLS",
    "SETUP",
    "TOOL",
    "TOP_DISAGREEMENTS",
    "UNKNOWN",
    "WEIGHT",
    "WEIGHT_COLUMNS",
    "Event",
    "Justification",
    "MatrixOption",
    "MatrixSetup",
    "MatrixValue",
    "Sensitivity",
    "TeamPicture",
    "WeightFlip",
    "build_setup",
    "card_options",
    "cell_stats",
    "clean_text",
    "current_phase",
    "current_setup",
    "custom_value",
    "describe_disagreements",
    "describe_sensitivity",
    "describe_totals",
    "describe_unknowns",
    "disagreements",
    "events_of",
    "ignored_answers",
    "justification",
    "justification_payload",
    "justifications",
    "next_option_id",
    "number",
    "own_answers",
    "percent",
    "score_payload",
    "scores_frame",
    "sensitivity",
    "setup_from_card",
    "signed",
    "team_picture",
    "unknowns",
    "weight_matrix",
    "weight_payload",
    "weighted_totals",
    "weights_frame",
]
