"""The layers of ``kit`` import only downwards, and the public surface is curated.

Every module of ``kit`` belongs to one layer (its first name below ``kit``). A layer
may import itself and the layers on its allow-list, nothing else. The checker reads
every import form: ``import a.b``, ``from a import b``, relative imports, imports
inside functions (lazy), inside ``if TYPE_CHECKING:``, and module names written as
strings (``importlib.import_module("kit.…")``, ``__import__``, lazy-export tables).

Where the extra packages sit, and why:

- ``schemas`` is package data (the JSON Schemas) that ``model`` reads; it imports
  nothing.
- ``processes`` finds and stops the processes a server started (stdlib only), for
  ``serve``, ``cli`` and ``testing``.
- ``roomserver`` is the Voilà application ``kit serve`` runs (room token, kernel
  cap); it runs inside the Voilà process and needs only the texts and
  ``viewonly``.
- ``viewonly`` is the hub single-user server's lock-down (Jupyter server config);
  it runs in the server and imports nothing of the kit.
- ``serve`` builds the Voilà command line. It is below ``cli`` and ``testing``, which
  both start Voilà the same way, and knows nothing of tools or stores: a test harness
  or the command line can use it without loading ipywidgets.
- ``supervise`` runs that command for ``kit serve`` and stops all it started;
  ``cli`` and ``testing`` use it.
- ``announce`` prints the room's address and QR code for ``kit serve --room``; it
  uses ``serve`` and the texts, and is used by ``cli`` only.
- ``cli_series`` holds the ``kit series-*`` commands; ``cli`` dispatches to it.
- ``cli`` is the top for the command line. It may use everything except ``widgets``
  and ``apps``: a terminal command never loads ipywidgets, and an error there is
  explained without the UI layer.
- ``apps`` (what notebooks call) and ``kit`` itself (the lazy public surface) are the
  top for notebooks.
- ``testing`` holds harnesses for tests (Voilà, PostgreSQL, Chromium, hub, widget
  helpers). It may use every layer; no production layer may import it.
- ``voila`` is the page template and its static files: no Python, so no layer.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

import kit

KIT = Path(kit.__file__).parent

_BASE = frozenset({"errors", "locale"})
_DOMAIN = _BASE | {"model", "schemas"}
_DATA = _DOMAIN | {"store", "charts"}
_SERVICES = _DATA | {"session", "report"}
_UI = _SERVICES | {"widgets"}

# layer → the other layers it may import
ALLOWED: dict[str, frozenset[str]] = {
    "locale": frozenset(),
    "schemas": frozenset(),
    "errors": frozenset({"locale"}),
    "model": _BASE | {"schemas"},
    "store": _DOMAIN,
    "charts": _DOMAIN,
    "session": _DOMAIN | {"store"},
    "report": _DATA,
    "widgets": _SERVICES,
    "apps": _UI,
    "kit": _UI | {"apps"},
    "processes": frozenset(),
    "roomserver": _BASE | {"viewonly"},
    "viewonly": _BASE,
    "serve": _BASE | {"processes", "roomserver"},
    "supervise": _BASE | {"serve", "processes", "roomserver"},
    "announce": _BASE | {"serve"},
    "cli": _SERVICES | {"serve", "supervise", "announce", "processes", "cli_series"},
    "cli_series": _SERVICES,
    "testing": _UI
    | {"apps", "serve", "supervise", "announce", "cli", "cli_series", "processes"}
    | {"roomserver"},
}

# Imports that break the layering and are being removed, each as (file, imported
# module), so the test stays green meanwhile. The refactor of issue 15 removed the
# last ones (cli → widgets.feedback, the loop in kit/report); keep this empty.
KNOWN_OFFENDERS: frozenset[tuple[str, str]] = frozenset()

# Import cycles between modules that exist today, each as its set of modules.
KNOWN_CYCLES: frozenset[frozenset[str]] = frozenset(
    {
        # sql imports importing lazily (import and export) and series at the top
        # (its verbs); both import sql's constants and helpers back. Those could
        # move to a module of their own.
        frozenset({"kit.store.importing", "kit.store.series", "kit.store.sql"}),
    }
)

# Libraries a layer must not load (ipywidgets belongs to the UI layers only).
_UI_LIBS = ("ipywidgets", "anywidget")
FORBIDDEN_LIBRARIES: dict[str, tuple[str, ...]] = {
    "locale": (*_UI_LIBS, "pandas", "altair", "vl_convert"),
    "errors": (*_UI_LIBS, "pandas", "altair", "vl_convert"),
    "model": (*_UI_LIBS, "altair", "vl_convert"),
    "store": (*_UI_LIBS, "altair", "vl_convert", "pandas"),
    "charts": _UI_LIBS,
    "session": (*_UI_LIBS, "altair", "vl_convert"),
    "report": _UI_LIBS,
    "serve": (*_UI_LIBS, "pandas", "altair"),
    "announce": (*_UI_LIBS, "pandas", "altair"),
    "cli": _UI_LIBS,
}

_MODULE_STRING = re.compile(r"kit(\.[A-Za-z_]\w*)+")
_IMPORT_CALLS = {"import_module", "__import__"}


@dataclass(frozen=True)
class Import:
    """One reference from a module of ``kit`` to a module (or name) elsewhere."""

    path: str  # file, relative to the folder holding kit/
    line: int
    target: str  # dotted name as far as it can be resolved
    dynamic: bool = False  # a computed name that cannot be checked
    type_only: bool = False  # inside `if TYPE_CHECKING:`: a layer edge, no loop


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def kit_modules(root: Path) -> dict[str, Path]:
    """Every module of the ``kit`` package under ``root``, by dotted name."""
    return {module_name(p, root): p for p in sorted((root / "kit").rglob("*.py"))}


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _dynamic_prefix(node: ast.expr) -> str | None:
    """The literal start of a computed module name, if it is an f-string."""
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
    return None


def imports_of(path: Path, root: Path, modules: dict[str, Path]) -> list[Import]:
    """Every import of ``path``, in every form, resolved to absolute names."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return _imports(
        path.relative_to(root).as_posix(),
        package,
        path.read_text(encoding="utf-8"),
        frozenset(modules),
    )


@cache  # the copies in the tests below differ from kit/ in one file only
def _imports(
    rel: str, package: str, source: str, modules: frozenset[str]
) -> list[Import]:
    layers = {_layer_of(m) for m in modules}
    tree = ast.parse(source)
    typing_only = {
        id(inner)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and _is_type_checking(block.test)
        for statement in block.body
        for inner in ast.walk(statement)
    }
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [
                Import(rel, node.lineno, a.name, type_only=id(node) in typing_only)
                for a in node.names
            ]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([base] if base else [])])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                # `from kit import widgets` reaches kit.widgets, not the facade.
                target = sub if sub in modules else base
                found.append(
                    Import(rel, node.lineno, target, type_only=id(node) in typing_only)
                )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            if _MODULE_STRING.fullmatch(text) and _layer_of(text) in layers:
                found.append(Import(rel, node.lineno, text))
        elif isinstance(node, ast.Call) and _call_name(node) in _IMPORT_CALLS:
            arg = node.args[0] if node.args else None
            prefix = _dynamic_prefix(arg) if arg is not None else None
            if prefix is not None and prefix.startswith("kit."):
                target = prefix.rstrip(".")
                known = target.count(".") >= 1 and _layer_of(target) in layers
                found.append(Import(rel, node.lineno, target, dynamic=not known))
    return list(dict.fromkeys(found))  # `from a import b, c` is one import of a


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Attribute):
        return test.attr == "TYPE_CHECKING"
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"


def _layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "kit"


def layering_violations(root: Path) -> list[str]:
    """Every import in ``root/kit`` that its layer's allow-list does not permit."""
    modules = kit_modules(root)
    problems: list[str] = []
    for module, path in modules.items():
        layer = _layer_of(module)
        if layer not in ALLOWED:
            problems.append(f"{module} is in no layer: add '{layer}' to ALLOWED")
            continue
        for imp in imports_of(path, root, modules):
            where = f"{imp.path}:{imp.line} ({layer})"
            if imp.dynamic:
                problems.append(f"{where} imports a computed name {imp.target}…")
            elif imp.target == "kit" or imp.target.startswith("kit."):
                other = _layer_of(imp.target)
                allowed = other == layer or other in ALLOWED[layer]
                if not allowed and (imp.path, imp.target) not in KNOWN_OFFENDERS:
                    problems.append(f"{where} imports {imp.target} ({other})")
            else:
                bad = FORBIDDEN_LIBRARIES.get(layer, ())
                if any(imp.target.partition(".")[0] == lib for lib in bad):
                    problems.append(f"{where} imports {imp.target}")
    return problems


def import_cycles(root: Path) -> list[frozenset[str]]:
    """Sets of modules that import each other in a loop when run (any import form
    but ``if TYPE_CHECKING:``, which is how a loop of type hints is broken)."""
    modules = kit_modules(root)
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        for imp in imports_of(path, root, modules):
            if imp.type_only:
                continue
            if imp.target in modules and imp.target != module:
                graph[module].add(imp.target)
    return [c for c in _strongly_connected(graph) if len(c) > 1]


def _strongly_connected(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Tarjan's algorithm, iterative so deep graphs cannot hit the recursion limit."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    found.append(frozenset(component))
    return found


def test_every_layer_imports_only_what_its_allow_list_permits():
    assert layering_violations(KIT.parent) == []


def test_no_modules_import_each_other_in_a_loop():
    cycles = [sorted(c) for c in import_cycles(KIT.parent) if c not in KNOWN_CYCLES]
    assert cycles == []


# Ten upward imports, one per case, in every import form the checker reads: each
# must be reported when added to a copy of kit/.
TYPE_CHECKING_BLOCK = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    {}\n"
UPWARD = {
    "model→report (absolute)": (
        "kit/model/cards.py",
        "from kit.report.markdown import render_markdown\n",
        "kit.report.markdown",
    ),
    "model→apps (lazy, from kit import)": (
        "kit/model/matrix.py",
        "def _later():\n    from kit import apps\n    return apps\n",
        "kit.apps",
    ),
    "charts→report (relative)": (
        "kit/charts/render.py",
        "from ..report import html as _html\n",
        "kit.report.html",
    ),
    "store→session (TYPE_CHECKING)": (
        "kit/store/sql.py",
        TYPE_CHECKING_BLOCK.format("from kit.session import Seat"),
        "kit.session",
    ),
    "locale→widgets (import_module string)": (
        "kit/locale/__init__.py",
        "def _later():\n    import importlib\n"
        "    return importlib.import_module('kit.widgets.feedback')\n",
        "kit.widgets.feedback",
    ),
    "errors→widgets (import a.b)": (
        "kit/errors.py",
        "import kit.widgets.feedback\n",
        "kit.widgets.feedback",
    ),
    "session→widgets (relative, lazy)": (
        "kit/session.py",
        "def _later():\n    from .widgets.gate import SessionGate\n"
        "    return SessionGate\n",
        "kit.widgets.gate",
    ),
    "report→widgets (__import__)": (
        "kit/report/markdown.py",
        "def _later():\n    return __import__('kit.widgets.dilemma')\n",
        "kit.widgets.dilemma",
    ),
    "widgets→apps (TYPE_CHECKING)": (
        "kit/widgets/feedback.py",
        TYPE_CHECKING_BLOCK.format("from kit.apps import current_seat"),
        "kit.apps",
    ),
    "charts→store (lazy-export table)": (
        "kit/charts/__init__.py",
        "_LAZY = {'open_store': 'kit.store.sqlite'}\n",
        "kit.store.sqlite",
    ),
    "model→testing (try/except)": (
        "kit/model/text.py",
        "try:\n    from kit.testing import voila\nexcept ImportError:\n    pass\n",
        "kit.testing.voila",
    ),
    "serve→widgets (computed name)": (
        "kit/serve.py",
        "def _later(tool):\n    import importlib\n"
        "    return importlib.import_module(f'kit.widgets.{tool}')\n",
        "kit.widgets",
    ),
}


def copy_of_kit(to: Path) -> Path:
    """The Python files of kit/ under ``to``; the checker reads nothing else."""

    def skip(folder: str, names: list[str]) -> list[str]:
        return [
            n
            for n in names
            if n == "__pycache__"
            or (not n.endswith(".py") and not (Path(folder) / n).is_dir())
        ]

    shutil.copytree(KIT, to / "kit", ignore=skip)
    return to


@pytest.mark.parametrize("case", sorted(UPWARD))
def test_the_checker_reports_an_upward_import(case, tmp_path):
    file, code, target = UPWARD[case]
    root = copy_of_kit(tmp_path)
    before = set(layering_violations(root))
    with (root / file).open("a", encoding="utf-8") as f:
        f.write("\n" + code)
    new = set(layering_violations(root)) - before
    assert len(new) == 1, new
    (found,) = new
    assert found.startswith(f"{file}:")
    assert target in found


def test_the_checker_reports_an_import_loop(tmp_path):
    root = copy_of_kit(tmp_path)
    before = set(import_cycles(root))
    with (root / "kit/model/types.py").open("a", encoding="utf-8") as f:
        f.write("\ndef _later():\n    from kit.model import cards\n")
    new = set(import_cycles(root)) - before
    assert new == {frozenset({"kit.model.cards", "kit.model.types"})}


def test_prose_that_names_a_module_is_not_an_import(tmp_path):
    root = copy_of_kit(tmp_path)
    before = set(layering_violations(root))
    with (root / "kit/model/cards.py").open("a", encoding="utf-8") as f:
        f.write('\n# from kit.widgets import x\nNOTE = "see kit.widgets for the UI"\n')
    assert set(layering_violations(root)) == before


def test_a_module_outside_every_layer_is_reported(tmp_path):
    root = copy_of_kit(tmp_path)
    (root / "kit" / "plugins.py").write_text("X = 1\n", encoding="utf-8")
    assert any("kit.plugins is in no layer" in p for p in layering_violations(root))


def test_public_surface_is_curated_and_importable():
    assert kit.__all__ == sorted(kit.__all__)
    for name in kit.__all__:
        assert getattr(kit, name) is not None


def test_importing_kit_is_light():
    code = (
        "import sys, kit, kit.model, kit.store; "
        "print(sorted(m for m in ('ipywidgets', 'altair') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    # Content and store never pull in widgets or charts at start-up.
    assert "ipywidgets" not in out.stdout
    assert "altair" not in out.stdout


def test_type_hints_that_import_each_other_are_no_loop(tmp_path):
    root = copy_of_kit(tmp_path)
    before = set(import_cycles(root))
    with (root / "kit/model/types.py").open("a", encoding="utf-8") as f:
        f.write("\n" + TYPE_CHECKING_BLOCK.format("from kit.model.cards import x"))
    assert set(import_cycles(root)) == before
