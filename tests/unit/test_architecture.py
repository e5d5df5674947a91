"""Import direction model → store → charts → widgets, and the public surface."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kit

KIT = Path(kit.__file__).parent

# layer → modules it must never import
FORBIDDEN = {
    "model": (
        "ipywidgets",
        "altair",
        "vl_convert",
        "kit.widgets",
        "kit.charts",
        "kit.store",
        "kit.session",
    ),
    "store": ("ipywidgets", "altair", "pandas", "kit.widgets", "kit.charts"),
    "charts": ("ipywidgets", "kit.widgets", "kit.store", "kit.session"),
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layers_do_not_import_upwards(layer):
    offenders = []
    for path in sorted((KIT / layer).rglob("*.py")):
        for name in imports_of(path):
            if any(
                name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer]
            ):
                offenders.append(f"{path.relative_to(KIT)} imports {name}")
    assert offenders == []


def test_public_surface_is_curated_and_importable():
    assert kit.__all__ == sorted(kit.__all__)
    for name in kit.__all__:
        assert getattr(kit, name) is not None


def test_importing_kit_is_light():
    import subprocess
    import sys

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
