"""pyproject.toml: ranges for the library, exact pins only for Binder, one version."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import kit

REPO = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
NAME = re.compile(r"^[A-Za-z0-9._-]+")


def normalized(requirement: str) -> str:
    match = NAME.match(requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def test_runtime_dependencies_are_ranges_with_an_upper_bound():
    for requirement in PROJECT["project"]["dependencies"]:
        assert "==" not in requirement, f"exact pins belong in binder/: {requirement}"
        assert ">=" in requirement, f"give {requirement} a lower bound"
        assert "<" in requirement.replace("<=", ""), f"give {requirement} a ceiling"


def test_no_extra_pins_an_exact_version():
    for extra, requirements in PROJECT["project"]["optional-dependencies"].items():
        for requirement in requirements:
            assert "==" not in requirement, f"[{extra}] {requirement}"


def test_binder_pins_every_runtime_dependency_exactly():
    pins = {}
    for line in (REPO / "binder" / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[normalized(name)] = version
    for requirement in PROJECT["project"]["dependencies"]:
        assert pins.get(normalized(requirement)), f"binder/ does not pin {requirement}"


def test_the_version_is_defined_once_in_the_package():
    assert PROJECT["project"]["dynamic"] == ["version"]
    assert "version" not in PROJECT["project"]
    assert PROJECT["tool"]["hatch"]["version"]["path"] == "kit/__init__.py"
    assert re.fullmatch(r"\d+\.\d+\.\d+", kit.__version__)


def test_the_wheel_ships_content_and_workshops_inside_the_package():
    included = PROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert included == {"data": "kit/data", "workshops": "kit/workshops"}
    assert (REPO / "kit" / "py.typed").is_file()
