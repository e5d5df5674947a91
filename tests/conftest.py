"""Fixtures shared by every kind of test."""

from __future__ import annotations

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
