"""How strict a test run is (``scripts/test`` sets both variables).

- ``KIT_TEST_STRICT=1`` (always): a skipped test fails, so on CI a missing
  dependency (no Chromium, no PostgreSQL, an ``importorskip`` that found
  nothing) can never turn into a green run. Deselecting by marker is no skip.
- ``KIT_TEST_FAST=1`` (``--fast``): starting Voilà, PostgreSQL or Chromium is an
  error, so a test that needs one but lacks its marker shows up at once.
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pytest


def _set(variable: str) -> bool:
    return os.environ.get(variable, "") not in ("", "0")


def strict() -> bool:
    return _set("KIT_TEST_STRICT")


def refuse_in_fast_loop(what: str, marker: str) -> None:
    """Fail if the fast loop (which deselects ``marker``) is about to start ``what``."""
    if _set("KIT_TEST_FAST"):
        raise RuntimeError(
            f"./scripts/test --fast started {what}: the test needs "
            f"@pytest.mark.{marker} (see the markers in pyproject.toml)"
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if strict() and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
        report.outcome = "failed"
        report.longrepr = (
            f"KIT_TEST_STRICT is set (CI): a skip counts as a failure. {reason}"
        )
    return report
