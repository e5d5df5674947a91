"""Sessions, participants and answers: SQLite by default, PostgreSQL by URL.

Widgets receive a store and never open files or connections themselves.
``open_store()`` picks the backend from a URL, or from ``$KIT_DATABASE_URL``,
or falls back to a SQLite file in the user's data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from kit.store.records import (
    Answer,
    ImportResult,
    NewParticipant,
    NewSession,
    NewTeam,
    Participant,
    SeriesPlace,
    SeriesSession,
    Session,
    Team,
)
from kit.store.sql import SqlStore as Store
from kit.store.sqlite import SqliteStore

ENV_URL = "KIT_DATABASE_URL"

__all__ = [
    "Answer",
    "ImportResult",
    "NewParticipant",
    "NewSession",
    "NewTeam",
    "Participant",
    "SeriesPlace",
    "SeriesSession",
    "Session",
    "SqliteStore",
    "Store",
    "Team",
    "default_url",
    "open_store",
]


def default_url() -> str:
    """``$KIT_DATABASE_URL``, else a SQLite file under ``$XDG_DATA_HOME``."""
    url = os.environ.get(ENV_URL)
    if url:
        return url
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'wakkere-afweging' / 'sessions.sqlite3'}"


def open_store(url: str | None = None) -> Store:
    """Open the store at ``url``: ``sqlite:///path``, ``sqlite:///:memory:``,
    a plain file path, or ``postgresql://user@host/db`` (the owner role gets the
    tables, any other role only the ``kit_api`` functions)."""
    url = url or default_url()
    if url.startswith(("postgresql://", "postgres://")):
        from kit.store.postgres import open_postgres

        return open_postgres(url)
    if url.startswith("sqlite:///"):
        return SqliteStore(url.removeprefix("sqlite:///"))
    if "://" in url:
        raise ValueError(
            f"unsupported database URL {url!r}: use sqlite:/// or postgresql://"
        )
    return SqliteStore(url)
