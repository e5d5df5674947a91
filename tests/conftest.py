"""Fixtures shared by every kind of test."""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kit.model import Library, builtin_library
from kit.session import Seat
from kit.store import SqliteStore, Store

REPO = Path(__file__).resolve().parents[1]

# KIT_TEST_STRICT=1 (scripts/test, CI): a skipped test is a failed test.
pytest_plugins = ["kit.testing.strict"]


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test run against PostgreSQL needs the server: mark it, whether it asks
    for the server's URL or is a "postgres…" case of a store parameter."""
    for item in items:
        params = getattr(item, "callspec", None)
        values = params.params.values() if params else ()
        if {"postgres_url", "postgres_hub_url"} & set(
            getattr(item, "fixturenames", ())
        ) or any(isinstance(v, str) and v.startswith("postgres") for v in values):
            item.add_marker(pytest.mark.postgres)


# Every process this run starts inherits the marker, however it was started
# and whoever adopted it; the check at the end of the run looks for it.
RUN_MARKER = ("KIT_TEST_RUN", secrets.token_hex(8))
os.environ[RUN_MARKER[0]] = RUN_MARKER[1]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if a process it started is still running (then stop it)."""
    from kit.processes import describe, marked

    deadline = time.monotonic() + 10  # time for processes that are exiting now
    left = marked(*RUN_MARKER)
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = marked(*RUN_MARKER)
    if not left:
        return
    lines = "\n".join(describe(pid) for pid in left)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    message = f"processes started by the tests are still running:\n{lines}"
    if reporter:
        reporter.write_line(message, red=True)
    else:
        print(message)
    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, 9)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A real SQLite store in a fresh file."""
    with SqliteStore(tmp_path / "store.sqlite3") as s:
        yield s


@pytest.fixture(scope="session")
def library() -> Library:
    return builtin_library()


@pytest.fixture
def room(store: Store):  # type: ignore[no-untyped-def]
    """A facilitator seat and a factory for participant seats in one session."""
    new = store.create_session("Testsessie")
    facilitator = Seat(store, new.session, None, new.facilitator_secret)
    seats = [facilitator]

    def join(pseudonym: str) -> Seat:
        joined = store.add_participant(new.session.id, pseudonym)
        seat = Seat(store, new.session, joined.participant)
        seats.append(seat)
        return seat

    yield facilitator, join
    for seat in seats:  # no watcher thread outlives its test
        seat.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for every browser test in the run.

    Playwright's sync API allows one instance per thread, so the e2e, Binder
    and hub tests share this one. No Chromium is a failure, never a skip.
    """
    from kit.testing.browser import launched_browser

    with launched_browser() as b:
        yield b
