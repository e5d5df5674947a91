"""Named errors of the kit: each carries what a person needs to fix the problem.

The UI and the command line turn any error into one Dutch sentence with
:func:`explain`; a facilitator never sees a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class KitError(Exception):
    """Base class for every error the kit reports to a person."""

    def user_message(self) -> str:
        """The sentence to show in the UI (Dutch)."""
        return str(self)


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a content file: where it is and what to write instead.

    ``severity`` is ``"error"`` (the file cannot be used) or ``"warning"``
    (usable, but below the kit's content standard).
    """

    file: str
    line: int | None
    field: str
    message: str
    fix: str
    severity: str = "error"

    def __str__(self) -> str:
        from kit.locale import t

        where = t("problem.where", file=self.file, line=self.line or "?")
        label = t(f"problem.severity.{self.severity}")
        field = t("problem.field", field=self.field) if self.field else ""
        return f"{where}{field}: {label}: {self.message} {t('problem.fix')}: {self.fix}"


class ContentError(KitError):
    """One or more content files (decks, catalogues, templates) are invalid."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class StoreError(KitError):
    """The session store could not do what was asked."""


class StoreClosed(StoreError):
    """The store was closed (the kernel is shutting down): nothing more is read
    or written through it. A watcher thread stops quietly on it."""

    def user_message(self) -> str:
        from kit.locale import t

        return t("error.store_closed")


class SessionNotFound(StoreError):
    """No session has this code (or it was deleted)."""


class NotAllowed(StoreError):
    """The caller lacks the right (e.g. facilitator secret) for this action."""


class PseudonymTaken(StoreError):
    """Someone in this session already uses this pseudonym: their recovery word
    gives the seat back, anyone else picks another pseudonym."""

    def user_message(self) -> str:
        from kit.locale import t

        return t("error.pseudonym_taken")


class WrongRecoveryWord(StoreError):
    """The recovery word does not belong to this pseudonym in this session."""

    def user_message(self) -> str:
        from kit.locale import t

        return t("error.wrong_word")


class InvalidInput(KitError):
    """Input typed by a person was refused; the message says why and what to do."""


class TooManyAttempts(StoreError):
    """Too many wrong codes, tokens or secrets lately; try again after a minute."""

    def user_message(self) -> str:
        from kit.locale import t

        return t("error.too_many_attempts")


class NotSaved(StoreError):
    """A write failed and was rolled back: what was asked is not stored.

    Everything acknowledged before stays stored; the message says so honestly.
    """

    def user_message(self) -> str:
        from kit.locale import t

        return t("error.not_saved")


class OwnerOnly(StoreError):
    """Only the database's owner role may do this (``kit purge``, schema set-up)."""

    def user_message(self) -> str:
        from kit.locale import t

        return t("error.owner_only")


class StoreNotReady(StoreError):
    """The PostgreSQL database is not set up for this role or this version."""

    def __init__(self, reason_key: str, **params: object):
        self.reason_key = reason_key
        self.params = params
        super().__init__(reason_key)

    def user_message(self) -> str:
        from kit.locale import t

        return t("error.store_setup", reason=t(self.reason_key, None, **self.params))


class TooFast(KitError):
    """A participant's seat answers faster than a person can; wait ``seconds``."""

    def __init__(self, seconds: int):
        super().__init__(seconds)
        self.seconds = seconds

    def user_message(self) -> str:
        from kit.locale import t

        return t("rate.too_fast", seconds=self.seconds)


def explain(error: BaseException) -> str:
    """The Dutch sentence for an error, with what to do about it.

    Shared by the widgets (``kit.widgets.feedback``) and ``kit``'s command line,
    so it lives at the bottom layer.
    """
    from kit.locale import t

    if isinstance(error, SessionNotFound):
        return t("error.session_not_found")
    if isinstance(error, NotAllowed):
        return t("error.not_allowed")
    if isinstance(error, InvalidInput):
        return t(f"input.{error.args[0]}") if error.args else t("error.invalid_input")
    if isinstance(error, ContentError):
        return t("error.content", details=str(error))
    if isinstance(error, KitError):
        return error.user_message()
    return t("error.unexpected")
