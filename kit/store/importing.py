"""Reading a session file (an export) with the same checks as live input.

An imported file may come from anyone: a participant's Binder export, a file
passed around by mail, or a hand-edited one. So before anything is stored:

1. the file is at most :data:`MAX_FILE_BYTES` (checked before parsing), strict
   JSON (no ``NaN``/``Infinity``) and matches ``kit/schemas/session_export``;
2. every pseudonym, name and text is cleaned as live input is
   (:func:`kit.model.text.visible_text`) and held to the live limits
   (``MAX_PSEUDONYM``, ``MAX_PAYLOAD_BYTES``, and no text longer than any tool
   accepts); an answer or participant that fails is skipped and counted;
3. timestamps are clamped to the past (no future, no infinity), so retention
   clean-up (``kit purge``) still sees the session;
4. facilitator steps (answers without a participant) are taken only from the
   session's own export: an export carries a ``proof``, an HMAC of its content
   keyed with the facilitator secret, which only that facilitator can make and
   which breaks on any edit;
5. the same file imported twice adds nothing the second time, and a session's
   own export maps onto its own participants instead of doubling them.

This module plans what to write; the store writes it in one transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from kit.errors import KitError
from kit.locale import t
from kit.model.text import visible_text

# Exactly the limits of live input.
from kit.store.sql import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    MAX_PAYLOAD_BYTES,
    MAX_PSEUDONYM,
)

#: Largest session file read: 30 people scoring a 6 × 12 matrix export ~0.6 MB.
MAX_FILE_BYTES = 16_000_000
#: Longest text in a payload: no tool takes more (a card's situation in
#: deck.schema.json, for the team's own cards), so longer never came from live input.
MAX_TEXT = 2500
#: Deepest nesting inside one answer's payload (the tools nest a few levels).
MAX_PAYLOAD_DEPTH = 12


class ImportRefused(KitError):
    """A session file the kit will not read; nothing from it was stored.

    Its one argument is the Dutch sentence for the facilitator.
    """


@dataclass(frozen=True, slots=True)
class ImportedParticipant:
    """A participant to add, cleaned and with a time in the past."""

    id: str
    pseudonym: str
    created_at: float


@dataclass(frozen=True, slots=True)
class ImportedAnswer:
    """An answer to add, cleaned and with a time in the past."""

    participant_id: str | None
    tool: str
    subject: str
    kind: str
    body: str  # the payload as stored: canonical JSON
    created_at: float

    @property
    def key(self) -> tuple[Any, ...]:
        """What makes two answers the same one (for idempotent re-import)."""
        return (
            self.participant_id,
            self.tool,
            self.subject,
            self.kind,
            self.body,
            self.created_at,
        )


@dataclass
class ImportPlan:
    """What one file adds to a session, and what it had to leave out."""

    participants: list[ImportedParticipant] = field(default_factory=list)
    answers: list[ImportedAnswer] = field(default_factory=list)
    skipped_facilitator: int = 0
    skipped_invalid: int = 0


# --- reading a file --------------------------------------------------------------


def read_session_file(content: bytes, name: str) -> dict[str, Any]:
    """The export document in ``content``; :class:`ImportRefused` otherwise."""
    if len(content) > MAX_FILE_BYTES:
        raise ImportRefused(
            t(
                "import.too_big",
                file=name,
                kb=len(content) // 1000,
                max=MAX_FILE_BYTES // 1000,
            )
        )
    try:
        # Typed as what check_document() below makes sure it is.
        document: dict[str, Any] = json.loads(
            content.decode("utf-8-sig"), parse_constant=_refuse_constant
        )
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ImportRefused(t("import.not_json", file=name)) from None
    check_document(document, name)
    return document


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


@cache
def _validator() -> Draft202012Validator:
    text = (
        resources.files("kit.schemas")
        .joinpath("session_export.schema.json")
        .read_text("utf-8")
    )
    return Draft202012Validator(json.loads(text))


def check_document(document: object, name: str = "") -> None:
    """Raise :class:`ImportRefused` unless ``document`` has the export's shape."""
    name = name or t("import.this_file")
    if isinstance(document, Mapping) and (
        document.get("format") != EXPORT_FORMAT
        or document.get("version") != EXPORT_VERSION
    ):
        raise ImportRefused(f"{name}: {t('input.export_format')}")
    error = best_match(_validator().iter_errors(document))
    if error is not None:
        raise ImportRefused(
            t("import.invalid", file=name, where=_where(error), reason=_reason(error))
        )


def _where(error: ValidationError) -> str:
    path = "".join(
        f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path
    ).lstrip(".")
    return f"{path}: " if path else ""


def _reason(error: ValidationError) -> str:
    known = {"type", "required", "additionalProperties", "maxItems", "maxLength"}
    key = error.validator if error.validator in known else "other"
    return t(f"import.reason.{key}")


# --- the proof of a session's own export -----------------------------------------


def _canonical(document: Mapping[str, Any]) -> bytes:
    rest = {k: v for k, v in document.items() if k != "proof"}
    text = json.dumps(
        rest, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
    return text.encode("utf-8")


def sign_export(document: Mapping[str, Any], facilitator_secret: str) -> str:
    """The ``proof`` of an export: only the holder of the secret can make it."""
    key = facilitator_secret.encode("utf-8")
    return hmac.new(key, _canonical(document), hashlib.sha256).hexdigest()


def is_own_export(document: Mapping[str, Any], facilitator_secret: str) -> bool:
    """True if ``document`` is unchanged and exported with this secret."""
    proof = document.get("proof")
    if not isinstance(proof, str) or not facilitator_secret:
        return False
    try:
        expected = sign_export(document, facilitator_secret)
    except ValueError:  # a non-finite number: no export of ours has one
        return False
    return hmac.compare_digest(proof, expected)


# --- planning what to store --------------------------------------------------------


def plan_import(
    document: Mapping[str, Any],
    session_id: str,
    *,
    own_export: bool,
    known_participants: Iterable[str],
    existing: Iterable[tuple[Any, ...]],
    now: float | None = None,
) -> ImportPlan:
    """What to add to ``session_id`` from a checked ``document``.

    ``own_export``: the file is this session's own export (see
    :func:`is_own_export`); only then are facilitator steps taken and its
    participant ids kept. ``existing``: :attr:`ImportedAnswer.key` of the answers
    the session already holds.
    """
    now = time.time() if now is None else now
    known = set(known_participants)
    seen = set(existing)
    plan = ImportPlan()
    fallback = _clamp(document["session"]["created_at"], now, 0.0)
    local: dict[str, str] = {}
    for raw in document["participants"]:
        pid = raw["id"] if own_export else _foreign_id(session_id, raw["id"])
        pseudonym = visible_text(raw["pseudonym"], newlines=False)
        if not pseudonym or len(pseudonym) > MAX_PSEUDONYM:
            plan.skipped_invalid += 1
            continue
        local[raw["id"]] = pid
        if pid not in known:
            known.add(pid)
            plan.participants.append(
                ImportedParticipant(
                    pid, pseudonym, _clamp(raw["created_at"], now, fallback)
                )
            )
    for raw in document["answers"]:
        source = raw["participant_id"]
        if source is None and not own_export:
            plan.skipped_facilitator += 1
            continue
        pid = None if source is None else local.get(source)
        answer = _answer(raw, pid, now, fallback)
        if answer is None or (source is not None and answer.participant_id is None):
            plan.skipped_invalid += 1
            continue
        if answer.key not in seen:
            seen.add(answer.key)
            plan.answers.append(answer)
    return plan


def answer_key(
    participant_id: str | None,
    tool: str,
    subject: str,
    kind: str,
    payload: Mapping[str, Any],
    created_at: float,
) -> tuple[Any, ...]:
    """The :attr:`ImportedAnswer.key` of a stored answer, cleaned as an import
    would be (so a stored text with, say, a trailing space still matches)."""
    try:
        body = _body(_clean(payload, 0))
    except ValueError:
        body = ""
    return (participant_id, tool, subject, kind, body, created_at)


def _foreign_id(session_id: str, pid: str) -> str:
    # Mapped per target session: importing into the same database cannot
    # collide, and importing the same file twice maps the same way.
    return uuid.uuid5(uuid.UUID(session_id), pid).hex


def _answer(
    raw: Mapping[str, Any], participant_id: str | None, now: float, fallback: float
) -> ImportedAnswer | None:
    names = [visible_text(raw[k], newlines=False) for k in ("tool", "subject", "kind")]
    if not all(names):
        return None
    try:
        payload = _clean(raw["payload"], 0)
        body = _body(payload)
    except ValueError:
        return None
    if len(body.encode("utf-8")) > MAX_PAYLOAD_BYTES:
        return None
    tool, subject, kind = names
    return ImportedAnswer(
        participant_id,
        tool,
        subject,
        kind,
        body=body,
        created_at=_clamp(raw["created_at"], now, fallback),
    )


def _body(payload: Mapping[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, allow_nan=False)


def _clean(value: Any, depth: int) -> Any:
    """``value`` with every text cleaned as live input is; ValueError if too deep."""
    if depth > MAX_PAYLOAD_DEPTH:
        raise ValueError("payload nested too deep")
    if isinstance(value, str):
        text = visible_text(value)
        if len(text) > MAX_TEXT:
            raise ValueError("text longer than any tool accepts")
        return text
    if isinstance(value, dict):
        return {
            visible_text(k, newlines=False): _clean(v, depth + 1)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_clean(v, depth + 1) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def _clamp(created_at: float, now: float, fallback: float) -> float:
    """A stored time: finite, not before 1970 and not after now.

    An impossible time becomes ``fallback`` (the file's own session time, or
    1970), not "now": the same file then gives the same times when it is
    imported again, so a re-import still adds nothing.
    """
    value = float(created_at)
    if not math.isfinite(value) or value > now:
        return fallback
    return max(value, 0.0)
