"""A pytest plugin for CI: with ``KIT_TEST_STRICT=1`` a skipped test fails.

``scripts/test`` exports the variable, so on CI a missing dependency (no
Chromium, no PostgreSQL, an ``importorskip`` that found nothing) can never turn
into a green run. Deselecting by marker (``--fast``) is not a skip and is fine.
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pytest


def strict() -> bool:
    return os.environ.get("KIT_TEST_STRICT", "") not in ("", "0")


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
