"""The shape of the code: no import loops, and tools built the same way."""

from __future__ import annotations

import ast
from pathlib import Path

import kit

KIT = Path(kit.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(KIT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def kit_imports(path: Path, modules: set[str] | None = None) -> set[str]:
    """Every ``kit`` module ``path`` imports, lazily or not, absolute or relative.

    ``from pkg import name`` is an import of ``pkg.name`` when that is one of
    ``modules``, else of ``pkg``.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0]
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.add(child if modules and child in modules else base)
    return {name for name in found if name == "kit" or name.startswith("kit.")}


def import_graph(root: Path) -> dict[str, set[str]]:
    """Who imports whom among the modules under ``root``.

    Importing ``a.b.c`` always runs its packages ``a`` and ``a.b`` first, so an
    edge from a module to a package it lives in says nothing and is left out.
    """
    modules = {module_name(p): p for p in root.rglob("*.py")}
    return {
        name: {
            m
            for m in kit_imports(path, set(modules))
            if m in modules and m != name and not name.startswith(m + ".")
        }
        for name, path in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of more than one module."""
    found: list[list[str]] = []
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_report_package_has_no_import_loop():
    assert cycles(import_graph(KIT / "report")) == []


def test_the_cycle_finder_finds_a_loop():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_command_line_does_not_reach_into_the_widgets():
    assert not any(m.startswith("kit.widgets") for m in kit_imports(KIT / "cli.py"))


#: Modules allowed to stay longer, with the reason (none at the moment).
LONG_MODULES_ALLOWED: set[str] = set()
MAX_MODULE_LINES = 620  # "about 600"
MAX_FUNCTION_LINES = 90  # "about 80"


def test_no_module_or_function_in_kit_is_too_long_to_read():
    long_modules, long_functions = [], []
    for path in sorted(KIT.rglob("*.py")):
        name = path.relative_to(KIT).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES and name not in LONG_MODULES_ALLOWED:
            long_modules.append(f"{name}: {lines} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(f"{name}:{node.lineno} {node.name}")
    assert long_modules == []
    assert long_functions == []


def test_every_live_tool_is_built_on_the_live_base():
    import importlib
    import inspect

    from kit.widgets.live import LiveTool

    tools = {
        "kit.widgets.dilemma": "DilemmaTable",
        "kit.widgets.matrix": "MatrixApp",
        "kit.widgets.proximity": "ProximityMap",
        "kit.widgets.speaking": "SpeakingUp",
        "kit.widgets.lookback": "LookbackApp",
        "kit.widgets.start": "StartPanel",
    }
    for module, name in tools.items():
        cls = getattr(importlib.import_module(module), name)
        assert issubclass(cls, LiveTool), name
        # Nobody re-implements the plumbing the base holds.
        own = vars(cls)
        assert "close" not in own, name
        assert "_on_store_change" not in own, name
        assert "seat.watch(" not in inspect.getsource(cls), name
