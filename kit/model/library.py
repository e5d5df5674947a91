"""Find, check and load a whole content directory (``data/`` or a trainer's own).

A trainer's folder may hold only a deck: value and belief ids are then checked
against the kit's own catalogues.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kit.errors import ContentError, Problem
from kit.locale import t
from kit.model import content
from kit.model.types import (
    Action,
    Belief,
    Deck,
    Library,
    StakeholderTemplate,
    ValueCatalogue,
)

YAML_SUFFIXES = (".yaml", ".yml")


def default_data_dir() -> Path:
    """The content directory: ``$KIT_DATA_DIR``, the installed copy, or the repo's."""
    env = os.environ.get("KIT_DATA_DIR")
    if env:
        return Path(env)
    package = Path(__file__).resolve().parents[1]
    installed = package / "data"
    return installed if installed.is_dir() else package.parent / "data"


def content_files(root: Path) -> list[Path]:
    """YAML files below ``root``; folders starting with ``_`` or ``.`` are skipped."""
    if root.is_file():
        return [root]
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).parts
        if any(part.startswith(("_", ".")) for part in relative[:-1]):
            continue
        if path.suffix in YAML_SUFFIXES and path.is_file():
            found.append(path)
    return found


@dataclass
class Report:
    """Outcome of checking a content directory."""

    root: Path
    problems: list[Problem] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    library: Library | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        parts = [
            t(f"count.{kind}", n=n) for kind, n in sorted(self.counts.items()) if n
        ]
        return ", ".join(parts)


def _display(path: Path, root: Path) -> str:
    """Name a file as the person typed it: ``data/decks/x.yaml`` for root ``data``."""
    if root.is_file():
        return str(root)
    return str(root / path.relative_to(root))


def check_directory(root: Path | str, *, fallback: bool = True) -> Report:
    """Check every content file below ``root`` and load it if there are no errors.

    With ``fallback``, a folder without its own value or belief catalogue is
    checked against the kit's built-in ones.
    """
    root = Path(root)
    report = Report(root)
    if not root.exists():
        report.problems.append(
            Problem(
                str(root),
                None,
                "",
                t("content.no_such_path"),
                t("content.no_such_path.fix"),
            )
        )
        return report
    files = [
        content.parse_file(path, _display(path, root)) for path in content_files(root)
    ]
    if not files:
        report.problems.append(
            Problem(
                str(root), None, "", t("content.no_files"), t("content.no_files.fix")
            )
        )
        return report
    by_kind: ByKind = {}
    for parsed in files:
        report.problems.extend(parsed.problems)
        if parsed.kind:
            by_kind.setdefault(parsed.kind, []).append(parsed)

    values, beliefs = _catalogues(by_kind, report, fallback)
    for parsed in files:
        if not parsed.ok:
            continue
        if parsed.kind == "deck":
            report.problems.extend(
                content.check_deck_references(
                    parsed, values.ids if values else (), (b.id for b in beliefs)
                )
            )
        else:
            report.problems.extend(content.check_catalogue_references(parsed))
    _check_unique_file_ids(by_kind, report)
    if report.ok and values is not None:
        report.library = _build(files, values, beliefs)
        report.counts.update(_count(report.library))
    return report


ByKind = dict[str, list[content.ParsedFile]]


def _catalogues(
    by_kind: ByKind, report: Report, fallback: bool
) -> tuple[ValueCatalogue | None, tuple[Belief, ...]]:
    """The value catalogue and beliefs to check decks against."""
    own_values = [p for p in by_kind.get("value_catalogue", []) if p.ok]
    own_beliefs = [p for p in by_kind.get("belief_catalogue", []) if p.ok]
    for kind, found in (
        ("value_catalogue", own_values),
        ("belief_catalogue", own_beliefs),
    ):
        if len(found) > 1:
            second = found[1]
            report.problems.append(
                second.problem(
                    (),
                    t("content.two_catalogues", kind=kind),
                    t("content.two_catalogues.fix"),
                )
            )
    if own_values:
        values = content.build_values(own_values[0].data)
    elif by_kind.get("value_catalogue"):
        values = None  # the directory's own catalogue is broken: already reported
    else:
        values = builtin_library().values if fallback else None
        if values is None:
            report.problems.append(
                Problem(
                    str(report.root),
                    None,
                    "",
                    t("content.no_values"),
                    t("content.no_values.fix"),
                )
            )
    if own_beliefs:
        beliefs = content.build_beliefs(own_beliefs[0].data)
    elif by_kind.get("belief_catalogue"):
        beliefs = ()
    else:
        beliefs = builtin_library().beliefs if fallback else ()
    return values, beliefs


def _check_unique_file_ids(by_kind: ByKind, report: Report) -> None:
    for kind in ("deck", "stakeholder_template"):
        seen: dict[str, str] = {}
        for parsed in by_kind.get(kind, []):
            data = parsed.located.data if parsed.located else None
            file_id = data.get("id") if isinstance(data, dict) else None
            if not isinstance(file_id, str):
                continue
            if file_id in seen:
                report.problems.append(
                    parsed.problem(
                        ("id",),
                        t("ref.duplicate_file_id", id=file_id, other=seen[file_id]),
                        t("ref.duplicate.fix"),
                    )
                )
            seen[file_id] = parsed.display


def _build(
    files: Sequence[content.ParsedFile],
    values: ValueCatalogue,
    beliefs: Iterable[Belief],
) -> Library:
    decks: list[Deck] = []
    templates: list[StakeholderTemplate] = []
    actions: list[Action] = []
    for parsed in files:
        if parsed.kind == "deck":
            decks.append(content.build_deck(parsed.data))
        elif parsed.kind == "stakeholder_template":
            templates.append(content.build_template(parsed.data))
        elif parsed.kind == "action_palette":
            actions.extend(content.build_actions(parsed.data))
    return Library(
        values=values,
        beliefs=tuple(beliefs),
        decks=tuple(decks),
        templates=tuple(templates),
        actions=tuple(actions),
        files=tuple(p.display for p in files),
    )


def _count(library: Library) -> Counter[str]:
    return Counter(
        {
            "decks": len(library.decks),
            "cards": sum(len(d.cards) for d in library.decks),
            "values": len(library.values.values),
            "beliefs": len(library.beliefs),
            "templates": len(library.templates),
            "actions": len(library.actions),
        }
    )


def load_library(root: Path | str | None = None) -> Library:
    """Load a content directory; raise :class:`ContentError` listing every problem."""
    if root is None:
        return builtin_library()
    report = check_directory(root)
    if not report.ok or report.library is None:
        raise ContentError(report.errors or report.problems)
    return report.library


@cache
def builtin_library() -> Library:
    """The kit's own content (``default_data_dir()``), loaded once per process."""
    report = check_directory(default_data_dir(), fallback=False)
    if not report.ok or report.library is None:
        raise ContentError(report.errors or report.problems)
    return report.library
