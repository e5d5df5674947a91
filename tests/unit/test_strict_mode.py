"""On CI (``KIT_TEST_STRICT=1``) a test that skips fails; locally it skips."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

SKIPPING = """
import pytest

def test_needs_something_missing():
    pytest.importorskip("a_module_nobody_installed")

@pytest.mark.xfail(reason="known")
def test_known_failure():
    assert False
"""


def run(tmp_path: Path, strict: str | None) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_skipping.py").write_text(SKIPPING, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "KIT_TEST_STRICT"}
    if strict is not None:
        env["KIT_TEST_STRICT"] = strict
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "kit.testing.strict",
            "-p",
            "no:cacheprovider",
            "-q",
            "-rfs",
            str(tmp_path),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_skip_is_a_failure_on_ci(tmp_path):
    result = run(tmp_path, "1")
    assert result.returncode == 1, result.stdout
    assert "1 failed, 1 xfailed" in result.stdout
    assert "a_module_nobody_installed" in result.stdout


@pytest.mark.parametrize("value", [None, "0"])
def test_a_skip_stays_a_skip_elsewhere(tmp_path, value):
    result = run(tmp_path, value)
    assert result.returncode == 0, result.stdout
    assert "1 skipped, 1 xfailed" in result.stdout


@pytest.mark.parametrize(
    ("start", "marker"),
    [
        ("kit.testing.postgres:temporary_postgres", "postgres"),
        ("kit.testing.voila:running_voila", "voila"),
        ("kit.testing.browser:launched_browser", "browser"),
    ],
)
def test_the_fast_loop_refuses_to_start_a_server(start, marker, monkeypatch):
    from importlib import import_module

    module, name = start.split(":")
    monkeypatch.setenv("KIT_TEST_FAST", "1")
    starting = getattr(import_module(module), name)()
    with pytest.raises(RuntimeError, match=f"@pytest.mark.{marker}"), starting:
        pass


def _warn_from(module: str) -> None:
    code = compile("import warnings\nwarnings.warn('let op', UserWarning)", "x", "exec")
    exec(code, {"__name__": module})  # the warning then comes "from" that module


def test_a_warning_from_the_kit_fails_the_test_that_causes_it():
    with pytest.raises(UserWarning, match="let op"):
        _warn_from("kit.model.cards")


def test_a_warning_from_another_library_stays_a_warning():
    with warnings.catch_warnings(record=True) as caught:  # keeps pytest's filters
        _warn_from("altair.utils")
    assert [str(w.message) for w in caught] == ["let op"]
