"""A whole series as one file: export with the team key, import as a new series.

The file holds the team's name and retention term and, per session, its place,
when it was held, and the same document a session export holds (pseudonyms,
answers). On import each session goes through the store's own
``import_session`` (the checks every session import gets) into a fresh
session, and the sessions form a new series with a new team key. If one
session cannot be imported, nothing of the file stays behind.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from kit.errors import InvalidInput
from kit.store.series import MAX_TEAM_NAME
from kit.store.sql import EXPORT_FORMAT, EXPORT_VERSION

if TYPE_CHECKING:
    from kit.store import NewTeam, Store

SERIES_FORMAT = "wakkere-afweging-series"
SERIES_VERSION = 1
#: More sessions than this in one file is not a team's series.
MAX_SESSIONS = 200

log = logging.getLogger("kit")


def export_series(store: Store, secret: str) -> dict[str, Any]:
    """The series of the team whose key is ``secret``, as a JSON-ready document."""
    team = store.open_team(secret)
    sessions = []
    for entry in store.find_series(team.id, secret):
        sid = entry.session.id
        sessions.append(
            {
                "place": entry.position,
                "held_at": entry.held_at,
                "session": {
                    "format": EXPORT_FORMAT,
                    "version": EXPORT_VERSION,
                    "session": {
                        "title": entry.session.title,
                        "created_at": entry.session.created_at,
                    },
                    "participants": [
                        {
                            "id": p.id,
                            "pseudonym": p.pseudonym,
                            "created_at": p.created_at,
                        }
                        for p in store.find_series_participants(team.id, secret, sid)
                    ],
                    "answers": [
                        {
                            "participant_id": a.participant_id,
                            "tool": a.tool,
                            "subject": a.subject,
                            "kind": a.kind,
                            "payload": a.payload,
                            "created_at": a.created_at,
                        }
                        for a in store.find_series_answers(team.id, secret, sid)
                    ],
                },
            }
        )
    return {
        "format": SERIES_FORMAT,
        "version": SERIES_VERSION,
        "team": {"name": team.name, "retention_days": team.retention_days},
        "sessions": sessions,
    }


def _checked(document: Any) -> tuple[str, int | None, list[dict[str, Any]]]:
    """The team's name, its term and the session entries, or :class:`InvalidInput`."""
    if not isinstance(document, dict) or (
        document.get("format") != SERIES_FORMAT
        or document.get("version") != SERIES_VERSION
    ):
        raise InvalidInput("series_format")
    team = document.get("team")
    sessions = document.get("sessions")
    if not isinstance(team, dict) or not isinstance(sessions, list):
        raise InvalidInput("series_format")
    if len(sessions) > MAX_SESSIONS:
        raise InvalidInput("series_too_many")
    name = team.get("name")
    days = team.get("retention_days")
    if not isinstance(name, str) or not 0 < len(name.strip()) <= MAX_TEAM_NAME:
        raise InvalidInput("team_name")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int)):
        raise InvalidInput("retention")
    entries = []
    for entry in sessions:
        if not isinstance(entry, dict) or not isinstance(entry.get("session"), dict):
            raise InvalidInput("series_format")
        inner = entry["session"].get("session")
        if not isinstance(inner, dict) or not isinstance(inner.get("title"), str):
            raise InvalidInput("series_format")
        entries.append(entry)
    entries.sort(key=lambda e: _number(e.get("place"), 0))
    return name, days, entries


def _number(value: Any, default: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return float(value)


def import_series(store: Store, document: Any) -> NewTeam:
    """Import a series file as a new series; returns the new team and its key.

    Raises :class:`InvalidInput` (nothing imported) when the file is not a
    series export or one of its sessions is refused by the session import.
    """
    name, days, entries = _checked(document)
    new = store.create_team(name, days)
    try:
        for entry in entries:
            body = entry["session"]
            created = store.create_session(body["session"]["title"])
            secret = created.facilitator_secret
            held_at = _number(entry.get("held_at"), created.session.created_at)
            # In the series first, so a refused import below is removed with it.
            store.add_to_series(
                new.team.id, new.secret, created.session.id, secret, max(held_at, 0)
            )
            store.import_session(created.session.id, secret, body)
            # The session's own secret is not kept: the team key opens it now.
    except Exception:
        log.warning("kit: series import refused, removing what was imported")
        store.remove_series(new.team.id, new.secret)
        raise
    return new
