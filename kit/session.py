"""Who is at this browser and what the room said: the widgets' door to the store.

A :class:`Seat` ties a browser to a session, either as a participant (a
pseudonym) or as the facilitator (who holds the session's secret). Widgets
receive a seat; they never open a store themselves. Phases of a tool
(think alone → reveal → discuss → close) are facilitator events in the store,
so every kernel sees the same phase.
"""

from __future__ import annotations

import logging
import math
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kit.errors import NotAllowed, StoreClosed, TooFast
from kit.model.phases import PHASE, PhaseState, phase_payload, phase_state
from kit.model.phases import PHASES as PHASES  # where the tools used to find it
from kit.store import Answer, Participant, Session, Store

log = logging.getLogger("kit")


@dataclass
class AnswerPace:
    """How fast one seat may answer: a burst, then a steady pace (token bucket).

    A person clicking through a matrix gives about one answer a second; a
    script (or a stuck key) flooding the room is held to ``per_second`` after
    ``burst`` answers, so one seat cannot make every kernel in the session
    re-read thousands of answers.
    """

    burst: int = 40
    per_second: float = 2.0
    _tokens: float = field(default=-1.0, repr=False)
    _stamp: float = field(default=0.0, repr=False)

    @classmethod
    def unlimited(cls) -> AnswerPace:
        """No limit: for scripts that set up a room (benchmarks, demos)."""
        return cls(burst=10**9, per_second=10.0**9)

    def take(self, now: float | None = None) -> float:
        """Use one answer; 0.0 if allowed, else the seconds to wait first."""
        now = time.monotonic() if now is None else now
        if self._tokens < 0:
            self._tokens, self._stamp = float(self.burst), now
        elapsed = max(0.0, now - self._stamp)
        self._tokens = min(float(self.burst), self._tokens + elapsed * self.per_second)
        self._stamp = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return 0.0
        return (1.0 - self._tokens) / self.per_second


class AnswerLog:
    """The session's answers as this kernel has read them, kept up to date by
    reading only what is new.

    Only for stores whose ``seq`` follows commit order (SQLite serialises its
    writers), where "everything after the last ``seq`` I saw" misses nothing;
    other stores are read in full on every call, as before.
    """

    def __init__(self, store: Store, session_id: str):
        self.store = store
        self.session_id = session_id
        self.incremental = bool(getattr(store, "seq_in_commit_order", False))
        self._by_tool: dict[str, list[Answer]] = {}
        self._after = 0
        self._lock = threading.Lock()

    def read(
        self,
        tool: str | None = None,
        subject: str | None = None,
        kind: str | None = None,
    ) -> list[Answer]:
        """Answers in ``seq`` order, optionally filtered (like ``find_answers``)."""
        if not self.incremental:
            return self.store.find_answers(
                self.session_id, tool=tool, subject=subject, kind=kind
            )
        with self._lock:
            fresh = self.store.find_answers(self.session_id, after=self._after)
            for answer in fresh:
                self._by_tool.setdefault(answer.tool, []).append(answer)
            if fresh:
                self._after = fresh[-1].seq
            if tool is None:
                found = sorted(
                    (a for group in self._by_tool.values() for a in group),
                    key=lambda a: a.seq,
                )
            else:
                found = list(self._by_tool.get(tool, ()))
            if subject is None and kind is None:
                return found
            return [
                a
                for a in found
                if (subject is None or a.subject == subject)
                and (kind is None or a.kind == kind)
            ]


@dataclass
class Seat:
    """A browser's place in a session.

    ``participant`` is set for participants (and for the facilitator in one-screen
    mode, who then also answers); ``facilitator_secret`` only for the facilitator.
    """

    store: Store
    session: Session
    participant: Participant | None = None
    facilitator_secret: str | None = None
    pace: AnswerPace = field(default_factory=AnswerPace, repr=False)
    _watcher: Watcher | None = field(default=None, repr=False)
    _log: AnswerLog | None = field(default=None, repr=False)

    @property
    def is_facilitator(self) -> bool:
        return bool(self.facilitator_secret)

    @property
    def participant_id(self) -> str:
        if self.participant is None:
            raise NotAllowed(self.session.id)
        return self.participant.id

    def answer(
        self, tool: str, subject: str, kind: str, payload: dict[str, Any]
    ) -> Answer:
        """Store an answer of this participant (durable when it returns).

        Raises :class:`~kit.errors.TooFast` when a participant's seat answers
        faster than :class:`AnswerPace` allows (a facilitator's is not held).
        """
        if not self.is_facilitator:
            wait = self.pace.take()
            if wait:
                raise TooFast(math.ceil(wait))
        return self.store.add_answer(
            self.session.id, self.participant_id, tool, subject, kind, payload
        )

    def facilitator_event(
        self, tool: str, subject: str, kind: str, payload: dict[str, Any]
    ) -> Answer:
        """Store an event only the facilitator may give; refused for others."""
        if not self.facilitator_secret:
            raise NotAllowed(self.session.id)
        return self.store.add_facilitator_event(
            self.session.id, self.facilitator_secret, tool, subject, kind, payload
        )

    def answers(
        self, tool: str, subject: str | None = None, kind: str | None = None
    ) -> list[Answer]:
        """This session's answers of ``tool`` in order; only new ones are read
        from the store (see :class:`AnswerLog`)."""
        if self._log is None:
            self._log = AnswerLog(self.store, self.session.id)
        return self._log.read(tool, subject, kind)

    def phase(self, tool: str, subject: str) -> str:
        """The current phase of ``tool`` on ``subject`` (``"think"`` until changed)."""
        return self.phase_state(tool, subject).phase

    def phase_state(self, tool: str, subject: str) -> PhaseState:
        """Phase, round and variation of ``tool`` on ``subject``."""
        return phase_state(self.answers(tool, subject, PHASE), subject)

    def set_phase(
        self,
        tool: str,
        subject: str,
        phase: str,
        *,
        round_no: int | None = None,
        variation_id: str | None = None,
    ) -> Answer:
        """Move ``subject`` to ``phase`` (facilitator), in the one phase dialect.

        The round and variation carry over unless ``round_no`` starts a new one
        (see :mod:`kit.model.phases`).
        """
        before = self.phase_state(tool, subject)
        payload = phase_payload(
            phase, before, round_no=round_no, variation_id=variation_id
        )
        return self.facilitator_event(tool, subject, PHASE, payload)

    def watch(self, callback: Callable[[list[Answer]], None]) -> None:
        """Call ``callback`` with new answers of this session as they arrive."""
        if self._watcher is None:
            self._watcher = Watcher(self.store, self.session.id)
        self._watcher.subscribe(callback)

    def unwatch(self, callback: Callable[[list[Answer]], None]) -> None:
        """Stop calling ``callback`` (e.g. when its widget is closed)."""
        if self._watcher is not None:
            self._watcher.unsubscribe(callback)

    def stop(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None


class Watcher:
    """Background thread that waits on the store and hands new answers to callbacks.

    It blocks in ``store.wait_for_change`` (a cheap SQLite version check or a
    PostgreSQL ``LISTEN``) rather than re-reading answers in a busy loop, and
    hands over only the answers that are new. A burst is coalesced: after a
    delivery the next waits at least ``MIN_INTERVAL`` seconds and then carries
    everything that arrived meanwhile, so 30 answers in a second cost each
    kernel a few refreshes, not 30, while a single answer still shows at once.
    A facilitator's event (an activity opened, a phase changed) is never held:
    the whole room waits for it, so it goes out with whatever came before it.
    """

    WAIT_SECONDS = 1.0
    MIN_INTERVAL = 0.3

    def __init__(self, store: Store, session_id: str):
        self.store = store
        self.session_id = session_id
        self.after = store.last_seq(session_id)
        self._callbacks: list[Callable[[list[Answer]], None]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name="kit-watcher", daemon=True
        )
        self._thread.start()

    def subscribe(self, callback: Callable[[list[Answer]], None]) -> None:
        self._callbacks.append(callback)

    def unsubscribe(self, callback: Callable[[list[Answer]], None]) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def _run(self) -> None:
        delivered = 0.0
        while not self._stop.is_set():
            try:
                fresh = self._fresh(delivered)
            except NotAllowed:  # the seat's token or secret no longer holds
                log.warning("kit: watcher stopped, the session refused this seat")
                return
            except StoreClosed:  # the kernel is closing its store: nothing to watch
                return
            except Exception:  # a store hiccup: look again in a moment
                log.exception("kit: watcher could not read the store")
                self._stop.wait(self.WAIT_SECONDS)
                continue
            if fresh:
                delivered = time.monotonic()
            for callback in list(self._callbacks) if fresh else ():
                try:
                    callback(fresh)
                except Exception:  # one bad callback must not stop the room
                    log.exception("kit: watcher callback failed")

    def _fresh(self, delivered: float) -> list[Answer]:
        """Answers after ``self.after`` once there are any (or ``[]`` after a wait).

        Within ``MIN_INTERVAL`` of the last delivery it waits out the rest first,
        so what arrives meanwhile comes along in the same delivery, unless a
        facilitator's event is among the new answers.
        """
        newest = self.store.wait_for_change(
            self.session_id, self.after, self.WAIT_SECONDS
        )
        if newest <= self.after:
            return []
        fresh = self.store.find_answers(self.session_id, after=self.after)
        until = delivered + self.MIN_INTERVAL
        # Wait out the interval, but not past a facilitator's event, also one
        # that arrives during the wait (the room waits for it).
        while not any(a.participant_id is None for a in fresh):
            pause = until - time.monotonic()
            if pause <= 0:
                break
            seen = fresh[-1].seq if fresh else newest
            self.store.wait_for_change(self.session_id, seen, pause)
            if self._stop.is_set():
                return []
            fresh = self.store.find_answers(self.session_id, after=self.after)
        # Answers committed since ``newest`` was read are in ``fresh`` already:
        # move past them, so no callback sees one twice.
        self.after = max(newest, fresh[-1].seq if fresh else 0)
        return fresh

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def one_screen_seat(store: Store, title: str, pseudonym: str = "Zaal") -> Seat:
    """A session for one shared screen: the facilitator is also its one participant."""
    new = store.create_session(title)
    joined = store.add_participant(new.session.id, pseudonym)
    return Seat(store, new.session, joined.participant, new.facilitator_secret)


def suggest_pseudonym(rng: random.Random | None = None) -> str:
    """A friendly pseudonym such as "Blauwe reiger", so nobody needs a real name."""
    from kit.locale import t

    rng = rng or random.Random()  # noqa: S311 - a suggestion, not a secret
    adjectives = t("pseudonym.adjectives").split(",")
    animals = t("pseudonym.animals").split(",")
    return f"{rng.choice(adjectives).strip()} {rng.choice(animals).strip()}"


def code_from_query(query: str) -> str:
    """The session code in a page's query string (``?code=K7QM-3TXA``), or ``""``."""
    from urllib.parse import parse_qs

    values = parse_qs(query.lstrip("?")).get("code", [])
    return values[0] if values else ""


def restore_seat(store: Store, remembered: dict[str, Any]) -> Seat | None:
    """The seat a browser remembered, if its session and token or secret still hold."""
    from kit.errors import KitError

    code = str(remembered.get("code") or "")
    if not code:
        return None
    try:
        session = store.find_session(code)
        participant = None
        token = str(remembered.get("token") or "")
        if token:
            participant = store.find_participant(session.id, token)
        secret = str(remembered.get("secret") or "") or None
        if secret:
            store.check_facilitator(session.id, secret)
        if participant is None and secret is None:
            return None
        return Seat(store, session, participant, secret)
    except KitError:
        return None
