"""The team's opgave: what the session is about, set on the start page.

Stored as a facilitator event of tool ``session``, subject and kind ``opgave``,
with payload ``{"text": ...}``; the latest one counts. The start page writes it,
the workshop pages and the session report read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kit.errors import InvalidInput
from kit.model.events import Event
from kit.model.text import visible_text

TOOL = "session"
SUBJECT = "opgave"
KIND = "opgave"
#: Longest opgave: a few sentences on the beamer and at the top of the report.
MAX_LENGTH = 1000


def opgave_payload(text: str) -> dict[str, Any]:
    """What setting the opgave stores, cleaned like all typed text.

    Refused when nothing was typed, or more than :data:`MAX_LENGTH` characters.
    """
    cleaned = visible_text(text)
    if not cleaned:
        raise InvalidInput("opgave")
    if len(cleaned) > MAX_LENGTH:
        raise InvalidInput("opgave_too_long")
    return {"text": cleaned}


def current_opgave(events: Iterable[Event]) -> str:
    """The team's opgave as last recorded ("" if none)."""
    found = [
        e for e in events if e.tool == TOOL and e.subject == SUBJECT and e.kind == KIND
    ]
    found.sort(key=lambda e: e.seq)
    return str(found[-1].payload.get("text", "")).strip() if found else ""
