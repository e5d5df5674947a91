"""The weighing matrix's events and its setup: what the room weighs, and the commands.

Reading events (:func:`events_of`), the matrix snapshot (:class:`MatrixSetup`) and
the payloads of participants' answers (:func:`weight_payload`,
:func:`score_payload`), which check what people gave before it is stored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kit.errors import InvalidInput
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
