"""A whole series as one file: export with the team key, import as a new series.

The file holds the team's name and retention term and, per session, its place,
when it was held, and the same document a session export holds (pseudonyms,
answers), and a ``proof``: an HMAC of the whole file keyed with the team key
(as a session export carries one keyed with the facilitator secret, see
:mod:`kit.store.importing`).

Importing takes the file and the team key it was exported with. The key must
prove the file unchanged: only then are the facilitator's steps in it (phases,
closings, takeaways, the check step) trusted. Every session document is then
checked as any session file is, before anything is written; each goes into a
fresh session through the store's own ``import_session``, and the sessions
form a new series with a new team key. If a session still fails, nothing of
the file stays behind.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import TYPE_CHECKING, Any

from kit.errors import InvalidInput
from kit.locale import t
from kit.store import importing
from kit.store.series import MAX_TEAM_NAME
from kit.store.sql import EXPORT_FORMAT, EXPORT_VERSION

if TYPE_CHECKING:
    from kit.store import NewTeam, Store

SERIES_FORMAT = "wakkere-afweging-series"
SERIES_VERSION = 1
#: More sessions than this in one file is not a team's series.
MAX_SESSIONS = 200
#: Largest series file read (a few dozen sessions of a big room).
MAX_FILE_BYTES = 50_000_000

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
    document: dict[str, Any] = {
        "format": SERIES_FORMAT,
        "version": SERIES_VERSION,
        "team": {"name": team.name, "retention_days": team.retention_days},
        "sessions": sessions,
    }
    document["proof"] = importing.sign_export(document, secret)
    return document


def read_series_file(content: bytes, name: str) -> dict[str, Any]:
    """The series document in ``content`` (size and strict JSON checked first);
    :class:`~kit.store.importing.ImportRefused` otherwise."""
    if len(content) > MAX_FILE_BYTES:
        raise importing.ImportRefused(
            t("series.import.too_big", file=name, max=MAX_FILE_BYTES // 1_000_000)
        )
    try:
        # Typed as what _checked() below makes sure it is.
        document: dict[str, Any] = json.loads(
            content.decode("utf-8-sig"), parse_constant=_refuse_constant
        )
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise importing.ImportRefused(t("series.import.not_json", file=name)) from None
    _checked(document)
    return document


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


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


def _rehomed(body: dict[str, Any], session_id: str) -> dict[str, Any]:
    """A session document whose participant ids belong to the new session, so
    an imported series never collides with the series it was exported from."""
    ids = {
        str(p["id"]): uuid.uuid5(uuid.UUID(session_id), str(p["id"])).hex
        for p in body["participants"]
    }
    answers = []
    for answer in body["answers"]:
        source = answer.get("participant_id")
        mapped = None if source is None else ids.get(str(source), str(source))
        answers.append({**answer, "participant_id": mapped})
    return {
        **body,
        "participants": [{**p, "id": ids[str(p["id"])]} for p in body["participants"]],
        "answers": answers,
    }


def _number(value: Any, default: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return float(value)


def import_series(store: Store, document: Any, key: str) -> NewTeam:
    """Import a series file as a new series; returns the new team and its key.

    ``key`` is the team key the file was exported with. Raises
    :class:`~kit.store.importing.ImportRefused` or :class:`InvalidInput`
    (nothing imported) when the file is no series export, was changed, or
    does not belong to this key, or when one of its sessions is no valid
    session file.
    """
    name, days, entries = _checked(document)
    if not importing.is_own_export(document, key):
        raise importing.ImportRefused(t("series.import.proof"))
    for entry in entries:  # every session checked before anything is written
        label = t("series.import.session", place=entry.get("place", "?"))
        importing.check_document(entry["session"], label)
    new = store.create_team(name, days)
    try:
        for entry in entries:
            created = store.create_session(entry["session"]["session"]["title"])
            body = _rehomed(entry["session"], created.session.id)
            secret = created.facilitator_secret
            held_at = _number(entry.get("held_at"), created.session.created_at)
            # In the series first, so a refused import below is removed with it.
            store.add_to_series(
                new.team.id, new.secret, created.session.id, secret, max(held_at, 0)
            )
            # The series proof vouched for this session's content: let the new
            # session accept its facilitator steps as its own.
            body["proof"] = importing.sign_export(body, secret)
            store.import_session(created.session.id, secret, body)
    except Exception:
        log.warning("kit: series import refused, removing what was imported")
        store.remove_series(new.team.id, new.secret)
        raise
    return new
