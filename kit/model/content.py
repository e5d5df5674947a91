"""Load and validate the content files in ``data/``.

Three layers of checks, each giving :class:`~kit.errors.Problem` objects that
name the file, the line, the field and the fix:

1. the file is YAML at all, without duplicate keys;
2. it matches the JSON Schema of its ``kind`` (shipped in ``kit/schemas``);
3. its references hold: value, belief and theme ids exist, ids are unique.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path as FsPath
from typing import Any

from kit.errors import Problem
from kit.locale import t
from kit.model.schema_validator import Draft202012Validator, ValidationError
from kit.model.types import (
    Action,
    Belief,
    Deck,
    DilemmaCard,
    Option,
    StakeholderEntry,
    StakeholderTemplate,
    Theme,
    Value,
    ValueCatalogue,
    ValueGroup,
    Variation,
)
from kit.model.yaml_lines import (
    LocatedYaml,
    Path,
    YamlSyntaxError,
    check_size,
    load_located,
)

KINDS = (
    "deck",
    "value_catalogue",
    "belief_catalogue",
    "stakeholder_template",
    "action_palette",
)
SITUATION_WORDS = (80, 200)


@cache
def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a content ``kind``, as shipped inside the package."""
    text = (
        resources.files("kit.schemas")
        .joinpath(f"{kind}.schema.json")
        .read_text("utf-8")
    )
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(schema(kind))


@dataclass
class ParsedFile:
    """One content file after the first two layers of checks."""

    path: FsPath
    display: str
    kind: str | None
    located: LocatedYaml | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.located is not None and not any(
            p.severity == "error" for p in self.problems
        )

    @property
    def data(self) -> dict[str, Any]:
        """The content of a file that passed the schema (``ok``): a mapping."""
        if self.located is None or not isinstance(self.located.data, dict):
            raise ValueError(f"{self.display}: no valid content to build from")
        return self.located.data

    def problem(
        self, path: Path, message: str, fix: str, severity: str = "error"
    ) -> Problem:
        line = self.located.line_of(path) if self.located else None
        return Problem(self.display, line, format_path(path), message, fix, severity)


def format_path(path: Path) -> str:
    """``("cards", 3, "options")`` → ``cards[3].options``."""
    out = ""
    for part in path:
        out += (
            f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        )
    return out


def parse_file(path: FsPath, display: str | None = None) -> ParsedFile:
    """Read ``path`` and run the YAML and schema checks."""
    display = display or str(path)
    try:
        check_size(path.stat().st_size)  # before reading a file of any size
        text = path.read_text(encoding="utf-8")
        located = load_located(text)
    except UnicodeDecodeError:
        problem = Problem(
            display, None, "", t("content.not_utf8"), t("content.not_utf8.fix")
        )
        return ParsedFile(path, display, None, None, [problem])
    except YamlSyntaxError as exc:
        problem = Problem(
            display,
            exc.line,
            "",
            t("content.not_yaml", reason=exc.reason),
            exc.fix or t("content.not_yaml.fix"),
        )
        return ParsedFile(path, display, None, None, [problem])
    except (OSError, RecursionError, MemoryError) as exc:
        # Whatever else goes wrong reading one file, it is that file's problem.
        problem = Problem(
            display,
            None,
            "",
            t("content.unreadable", reason=type(exc).__name__),
            t("content.unreadable.fix"),
        )
        return ParsedFile(path, display, None, None, [problem])
    parsed = ParsedFile(path, display, None, located)
    for key_path, line in located.duplicate_keys:
        parsed.problems.append(
            Problem(
                display,
                line,
                format_path(key_path),
                t("content.duplicate_key", key=key_path[-1]),
                t("content.duplicate_key.fix"),
            )
        )
    data = located.data
    if not isinstance(data, dict):
        parsed.problems.append(
            parsed.problem((), t("content.not_mapping"), t("content.kind.fix"))
        )
        return parsed
    kind = data.get("kind")
    if kind not in KINDS:
        message = (
            t("content.kind.missing")
            if kind is None
            else t("content.kind.unknown", kind=kind)
        )
        path_ = ("kind",) if kind is not None else ()
        parsed.problems.append(parsed.problem(path_, message, t("content.kind.fix")))
        return parsed
    parsed.kind = kind
    errors = sorted(
        _validator(kind).iter_errors(data), key=lambda e: list(e.absolute_path)
    )
    misspelt = _misspelt_fields(errors)
    for error in errors:
        if _is_missing(error, misspelt):
            continue  # already said as "unknown field, did you mean ...?"
        parsed.problems.append(_schema_problem(parsed, error))
    return parsed


def _misspelt_fields(errors: list[ValidationError]) -> set[tuple[Path, str]]:
    """(place, field) pairs where an unknown field looks like a missing one."""
    found = set()
    for error in errors:
        if error.validator == "additionalProperties" and isinstance(
            error.instance, dict
        ):
            schema_part = error.schema if isinstance(error.schema, Mapping) else {}
            allowed = list(schema_part.get("properties", {}))
            for extra in set(error.instance) - set(allowed):
                for close in difflib.get_close_matches(str(extra), allowed, n=1):
                    found.add((tuple(error.absolute_path), close))
    return found


def _is_missing(error: ValidationError, misspelt: set[tuple[Path, str]]) -> bool:
    match = re.match(r"^'(?P<name>[^']+)' is a required property", error.message)
    return match is not None and (tuple(error.absolute_path), match["name"]) in misspelt


def _schema_problem(parsed: ParsedFile, error: ValidationError) -> Problem:
    path: Path = tuple(error.absolute_path)
    rule = error.validator
    schema_part = error.schema if isinstance(error.schema, dict) else {}
    about = schema_part.get("description", "")
    value = error.instance
    if rule == "required":
        match = re.match(r"^'(?P<name>[^']+)' is a required property", error.message)
        missing = match["name"] if match else "?"
        return parsed.problem(
            path,
            t("schema.required", name=missing),
            t("schema.required.fix", name=missing),
        )
    if rule == "additionalProperties":
        allowed = sorted(schema_part.get("properties", {}))
        extra = sorted(set(value) - set(allowed)) if isinstance(value, dict) else []
        name = extra[0] if extra else "?"
        close = difflib.get_close_matches(str(name), allowed, n=1)
        fix = (
            t("schema.unknown_field.fix_close", close=close[0])
            if close
            else t("schema.unknown_field.fix", allowed=", ".join(allowed))
        )
        return parsed.problem((*path, name), t("schema.unknown_field", name=name), fix)
    if rule in ("minItems", "maxItems"):
        count = len(value) if isinstance(value, list) else 0
        key = "schema.too_few" if rule == "minItems" else "schema.too_many"
        return parsed.problem(
            path,
            t(key, count=count, limit=error.validator_value),
            about or t("schema.fix_count"),
        )
    if rule == "type":
        expected = t(f"schema.type.{error.validator_value}")
        return parsed.problem(
            path,
            t("schema.type", expected=expected, actual=_describe(value)),
            t("schema.type.fix", expected=expected),
        )
    if rule in ("enum", "const"):
        allowed_values = error.validator_value
        choices = (
            list(allowed_values)
            if rule == "enum" and isinstance(allowed_values, list)
            else [allowed_values]
        )
        close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1)
        fix = t("schema.enum.fix", choices=", ".join(map(str, choices)))
        if close:
            fix = t("schema.enum.fix_close", close=close[0]) + " " + fix
        return parsed.problem(path, t("schema.enum", value=value), fix)
    if rule == "pattern":
        return parsed.problem(
            path,
            t("schema.pattern", value=value),
            t("schema.pattern.fix", suggestion=_as_id(value)),
        )
    if rule in ("minLength", "maxLength"):
        key = "schema.too_short" if rule == "minLength" else "schema.too_long"
        count = len(value) if isinstance(value, str) else 0
        return parsed.problem(
            path,
            t(key, count=count, limit=error.validator_value),
            about or t("schema.fix_text"),
        )
    if rule == "uniqueItems":
        return parsed.problem(path, t("schema.unique"), t("schema.unique.fix"))
    if rule in ("minimum", "maximum"):
        key = "schema.too_small" if rule == "minimum" else "schema.too_large"
        return parsed.problem(
            path, t(key, value=value, limit=error.validator_value), about
        )
    return parsed.problem(path, error.message, about or t("schema.fix_generic"))


def _describe(value: object) -> str:
    if value is None:
        return t("schema.type.null")
    names = {
        str: "string",
        int: "integer",
        float: "number",
        bool: "boolean",
        list: "array",
        dict: "object",
    }
    return (
        t(f"schema.type.{names.get(type(value), 'string')}") + f" ({str(value)[:40]!r})"
    )


def _as_id(value: object) -> str:
    text = "".join(ch if ch.isalnum() else "_" for ch in str(value).lower()).strip("_")
    text = "_".join(part for part in text.split("_") if part)
    return text if text and text[0].isalpha() else f"x_{text}"


# --------------------------------------------------------------------- references


def _duplicates(
    items: Iterable[tuple[Path, Hashable]],
) -> Iterator[tuple[Path, Hashable]]:
    seen: set[Hashable] = set()
    for path, item_id in items:
        if item_id in seen:
            yield path, item_id
        seen.add(item_id)


def _unknown(
    parsed: ParsedFile, path: Path, item: str, known: Iterable[str], what: str
) -> Problem:
    known = sorted(known)
    close = difflib.get_close_matches(item, known, n=1)
    fix = (
        t("ref.fix_close", close=close[0])
        if close
        else t("ref.fix", what=t(f"ref.{what}.where"), choices=", ".join(known[:12]))
    )
    return parsed.problem(path, t(f"ref.{what}.unknown", id=item), fix)


def check_deck_references(
    parsed: ParsedFile, value_ids: Iterable[str], belief_ids: Iterable[str]
) -> list[Problem]:
    """Cross-reference checks of a deck file against the catalogues."""
    data = parsed.located.data if parsed.located else None
    if not isinstance(data, dict):
        return []
    value_ids, belief_ids = set(value_ids), set(belief_ids)
    # Only string ids: a theme without one must not reach sorted() in _unknown.
    theme_ids = {
        t_["id"]
        for t_ in data.get("themes") or []
        if isinstance(t_, dict) and isinstance(t_.get("id"), str)
    }
    problems: list[Problem] = []
    cards = [c for c in data.get("cards") or [] if isinstance(c, dict)]
    for path, card_id in _duplicates(
        (("cards", i, "id"), c.get("id")) for i, c in enumerate(cards) if c.get("id")
    ):
        problems.append(
            parsed.problem(
                path, t("ref.duplicate_card", id=card_id), t("ref.duplicate.fix")
            )
        )
    for i, card in enumerate(cards):
        base: Path = ("cards", i)
        for j, value_id in enumerate(card.get("values") or []):
            if isinstance(value_id, str) and value_id not in value_ids:
                problems.append(
                    _unknown(parsed, (*base, "values", j), value_id, value_ids, "value")
                )
        for j, belief_id in enumerate(card.get("blocking_beliefs") or []):
            if isinstance(belief_id, str) and belief_id not in belief_ids:
                problems.append(
                    _unknown(
                        parsed,
                        (*base, "blocking_beliefs", j),
                        belief_id,
                        belief_ids,
                        "belief",
                    )
                )
        for j, theme_id in enumerate(card.get("themes") or []):
            if isinstance(theme_id, str) and theme_id not in theme_ids:
                problems.append(
                    _unknown(parsed, (*base, "themes", j), theme_id, theme_ids, "theme")
                )
        options = [o for o in card.get("options") or [] if isinstance(o, dict)]
        for path, option_id in _duplicates(
            ((*base, "options", j, "id"), o.get("id"))
            for j, o in enumerate(options)
            if o.get("id")
        ):
            problems.append(
                parsed.problem(
                    path,
                    t("ref.duplicate_option", id=option_id),
                    t("ref.duplicate.fix"),
                )
            )
        situation = card.get("situation")
        if isinstance(situation, str):
            words = len(situation.split())
            low, high = SITUATION_WORDS
            if not low <= words <= high:
                problems.append(
                    parsed.problem(
                        (*base, "situation"),
                        t("ref.situation_length", words=words, low=low, high=high),
                        t("ref.situation_length.fix"),
                        severity="warning",
                    )
                )
    return problems


def check_catalogue_references(parsed: ParsedFile) -> list[Problem]:
    """Unique ids and known groups inside a single catalogue or template file."""
    data = parsed.located.data if parsed.located else None
    if not isinstance(data, dict):
        return []
    list_key = {
        "value_catalogue": "values",
        "belief_catalogue": "beliefs",
        "stakeholder_template": "stakeholders",
        "action_palette": "actions",
    }.get(parsed.kind or "")
    if list_key is None:
        return []
    items = [x for x in data.get(list_key) or [] if isinstance(x, dict)]
    problems = [
        parsed.problem(path, t("ref.duplicate_id", id=item_id), t("ref.duplicate.fix"))
        for path, item_id in _duplicates(
            ((list_key, i, "id"), x.get("id"))
            for i, x in enumerate(items)
            if x.get("id")
        )
    ]
    if parsed.kind == "value_catalogue":
        groups = {
            g["id"]
            for g in data.get("groups") or []
            if isinstance(g, dict) and isinstance(g.get("id"), str)
        }
        for i, value in enumerate(items):
            group = value.get("group")
            if isinstance(group, str) and group not in groups:
                problems.append(
                    _unknown(parsed, ("values", i, "group"), group, groups, "group")
                )
    return problems


# --------------------------------------------------------------------- building


def _tuple(items: Iterable[Any] | None) -> tuple[Any, ...]:
    """A validated list from YAML (or nothing) as a tuple."""
    return tuple(items or ())


def build_deck(data: dict[str, Any]) -> Deck:
    cards = tuple(
        DilemmaCard(
            id=c["id"],
            title=c["title"],
            role=c["role"],
            setting=c["setting"].strip(),
            situation=c["situation"].strip(),
            values=_tuple(c["values"]),
            options=tuple(
                Option(o["id"], o["label"], o["rationale"]) for o in c["options"]
            ),
            questions=_tuple(c["questions"]),
            facilitator_note=c["facilitator_note"].strip(),
            sources=_tuple(c["sources"]),
            themes=_tuple(c.get("themes")),
            blocking_beliefs=_tuple(c.get("blocking_beliefs")),
            variations=tuple(
                Variation(v["id"], v["title"], v["text"])
                for v in c.get("variations") or ()
            ),
            author=c.get("author"),
            domain=c.get("domain", ""),
            facts=_tuple(c.get("facts")),
        )
        for c in data["cards"]
    )
    return Deck(
        id=data["id"],
        title=data["title"],
        cards=cards,
        themes=tuple(Theme(x["id"], x["label"]) for x in data.get("themes") or ()),
        description=data.get("description", ""),
        language=data.get("language", "nl"),
    )


def build_values(data: dict[str, Any]) -> ValueCatalogue:
    return ValueCatalogue(
        groups=tuple(
            ValueGroup(g["id"], g["label"], g.get("description", ""))
            for g in data["groups"]
        ),
        values=tuple(
            Value(
                v["id"],
                v["name"],
                v["group"],
                v["definition"],
                v["question"],
                v["source"],
            )
            for v in data["values"]
        ),
    )


def build_beliefs(data: dict[str, Any]) -> tuple[Belief, ...]:
    return tuple(
        Belief(
            id=b["id"],
            kind=b["kind"],
            name=b["name"],
            roles=_tuple(b["roles"]),
            statement=b["statement"],
            explanation=b["explanation"],
            counter_question=b["counter_question"],
            scan_statement=b["scan_statement"],
            source=b["source"],
            number=b.get("number"),
        )
        for b in data["beliefs"]
    )


def build_template(data: dict[str, Any]) -> StakeholderTemplate:
    return StakeholderTemplate(
        id=data["id"],
        title=data["title"],
        description=data.get("description", ""),
        stakeholders=tuple(
            StakeholderEntry(
                id=s["id"],
                name=s["name"],
                category=s["category"],
                impact=s["impact"],
                proximity=s["proximity"],
                voice=s["voice"],
                description=s.get("description", ""),
            )
            for s in data["stakeholders"]
        ),
    )


def build_actions(data: dict[str, Any]) -> tuple[Action, ...]:
    return tuple(
        Action(
            a["id"],
            a["name"],
            a["description"],
            a["asks_of_you"],
            a["when"],
            a.get("risk", ""),
            _tuple(a.get("roles")),
        )
        for a in data["actions"]
    )
