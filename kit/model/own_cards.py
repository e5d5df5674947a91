"""The team's own dilemma cards: from a form to a checked card and a deck file.

A team writes a card about a critical situation from its own work. The card is
checked exactly like a card in a deck file — the deck schema's card part and the
reference checks of :mod:`kit.model.content` — so what the form accepts,
``kit validate`` accepts too once it is exported with :func:`deck_yaml`.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path as FsPath
from typing import Any

import yaml

from kit.errors import Problem
from kit.locale import current_language, t
from kit.model import content
from kit.model.dilemma import option_letter
from kit.model.schema_validator import Draft202012Validator
from kit.model.types import DilemmaCard, Library
from kit.model.yaml_lines import LocatedYaml

#: Own card ids start with this, so they never clash with a deck's cards.
ID_PREFIX = "eigen_"
ID_MAX = 60
MAX_OPTIONS = 4
MAX_QUESTIONS = 4


@cache
def _card_validator() -> Draft202012Validator:
    card_schema = content.schema("deck")["properties"]["cards"]["items"]
    return Draft202012Validator(card_schema)


def slug(text: str) -> str:
    """An id from free text: ``"Géén woorden!"`` → ``"geen_woorden"``."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    return "_".join(re.findall(r"[a-z0-9]+", plain.encode("ascii", "ignore").decode()))


def card_id_for(title: str, taken: Iterable[str] = ()) -> str:
    """A valid, unused card id made from the title (``eigen_<title>``)."""
    used = set(taken)
    base = (ID_PREFIX + (slug(title) or "kaart"))[:ID_MAX].rstrip("_")
    candidate, n = base, 2
    while candidate in used:
        suffix = f"_{n}"
        candidate = base[: ID_MAX - len(suffix)].rstrip("_") + suffix
        n += 1
    return candidate


def card_data(
    *,
    title: str,
    role: str,
    setting: str,
    situation: str,
    values: Sequence[str],
    options: Sequence[tuple[str, str]],
    questions: Sequence[str],
    note: str,
    card_id: str | None = None,
    taken: Iterable[str] = (),
) -> dict[str, Any]:
    """The card as a deck file holds it, from what the form gives.

    Blank fields are left out (so the check says which one is missing); option
    rows with neither label nor rationale are skipped, the rest get the ids
    ``a``–``d`` in order. The source is the team's own practice.
    """
    data: dict[str, Any] = {
        "id": card_id or card_id_for(title, taken),
        "title": title.strip(),
        "role": role.strip(),
        "setting": setting.strip(),
        "situation": situation.strip(),
        "values": [v for v in values if v],
        "options": [
            {"id": option_letter(i).lower(), "label": label, "rationale": rationale}
            for i, (label, rationale) in enumerate(
                (label.strip(), rationale.strip())
                for label, rationale in options
                if label.strip() or rationale.strip()
            )
        ],
        "questions": [q.strip() for q in questions if q.strip()],
        "facilitator_note": note.strip(),
        "sources": [t("own.source")],
    }
    for option in data["options"]:
        for key in ("label", "rationale"):
            if not option[key]:
                del option[key]
    return {k: v for k, v in data.items() if v not in ("", [])}


def _parsed(data: object, display: str) -> content.ParsedFile:
    return content.ParsedFile(FsPath(display), display, "deck", LocatedYaml(data))


def _strip_card(problem: Problem, prefix: str = "cards[0]") -> Problem:
    field = problem.field
    if field == prefix:
        field = ""
    elif field.startswith(prefix + "."):
        field = field[len(prefix) + 1 :]
    return dataclasses.replace(problem, field=field, line=None)


def validate_card(data: Mapping[str, Any], library: Library) -> list[Problem]:
    """Check a card like ``kit validate`` checks a card in a deck file.

    Returns the problems (errors and warnings); each names the field as a path
    inside the card (``options``, ``values[1]``, ``options[0].rationale``) and a
    fix. An empty list means the card can be played and exported.
    """
    display = t("own.file", title=str(data.get("title") or "").strip() or "?")
    parsed = _parsed(dict(data), display)
    problems: list[Problem] = []
    errors = sorted(
        _card_validator().iter_errors(dict(data)), key=lambda e: list(e.absolute_path)
    )
    for error in errors:
        if error.validator == "required":
            match = re.match(r"^'(?P<name>[^']+)' is a required", error.message)
            name = match["name"] if match else "?"
            path = (*error.absolute_path, name)
            problems.append(
                Problem(
                    display,
                    None,
                    content.format_path(path),
                    t("own.required", field=field_label(content.format_path(path))),
                    t("own.required.fix"),
                )
            )
        else:
            problems.append(
                dataclasses.replace(content._schema_problem(parsed, error), line=None)
            )
    deck = _parsed({"cards": [dict(data)]}, display)
    problems += [
        _strip_card(p)
        for p in content.check_deck_references(
            deck, library.values.ids, (b.id for b in library.beliefs)
        )
    ]
    return problems


def field_label(field: str) -> str:
    """A form label for a field path: ``options[1].rationale`` → "Waarom B"."""
    match = re.match(
        r"^(?P<name>[a-z_]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<sub>\w+))?", field
    )
    if not match:
        return field
    name, index, sub = match["name"], match["index"], match["sub"]
    label = t(f"own.field.{name}")
    if label == f"own.field.{name}":
        return field
    if index is None:
        return label
    number = int(index)
    if name == "options":
        letter = option_letter(number)
        return t(f"own.field.option.{sub or 'label'}", letter=letter)
    if name == "questions":
        return t("own.field.question", n=number + 1)
    return f"{label} {number + 1}"


def card_from_data(data: Mapping[str, Any]) -> DilemmaCard:
    """The playable card for checked card data."""
    deck = content.build_deck({"id": "eigen", "title": "eigen", "cards": [dict(data)]})
    return deck.cards[0]


def deck_document(
    cards: Sequence[Mapping[str, Any]], *, deck_id: str, title: str
) -> dict[str, Any]:
    """A deck file (``kind: deck``) holding the team's own cards."""
    return {
        "schema_version": 1,
        "kind": "deck",
        "id": deck_id,
        "title": title[:120],
        "language": current_language(),
        "description": t("own.deck_description"),
        "cards": [dict(card) for card in cards],
    }


def deck_yaml(cards: Sequence[Mapping[str, Any]], *, deck_id: str, title: str) -> str:
    """The deck file as YAML text, ready for ``kit validate`` and ``data/decks/``."""
    document = deck_document(cards, deck_id=deck_id, title=title)
    body = yaml.safe_dump(
        document,
        allow_unicode=True,
        sort_keys=False,
        width=88,
        default_flow_style=False,
    )
    return f"# {t('own.yaml_header')}\n{body}"


def deck_id_for(session_code: str) -> str:
    """The exported deck's id: ``eigen_kaarten_<session code>``."""
    return (ID_PREFIX + "kaarten_" + slug(session_code))[:ID_MAX].rstrip("_")
