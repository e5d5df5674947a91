"""Speaking up: the palette of actions, from gut feeling to formal report.

The situation the team weighs, each person's step now and furthest step, and
the fold (:func:`palette_result`) of where the room stands on the ladder.
"""

from __future__ import annotations

import hashlib
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kit.errors import InvalidInput
from kit.model.events import Event

if TYPE_CHECKING:
    import pandas as pd
from kit.model.speaking_scan import (
    MAX_SITUATION,
    PALETTE,
    PICK,
    SITUATION,
    clean_text,
    of_kind,
)

# ------------------------------------------------------------ the palette of actions


@dataclass(frozen=True, slots=True)
class Situation:
    """The situation the team weighs the palette against: typed, or a card.

    ``id`` is derived from the card id or the text, so choosing the same
    situation again brings back the answers given to it before.
    """

    id: str
    text: str = ""
    card_id: str = ""
    title: str = ""


def situation_id(text: str = "", card_id: str = "") -> str:
    """Stable id of a situation: ``card-<card id>`` or ``text-<hash of the text>``."""
    if card_id:
        return f"card-{card_id}"
    normal = " ".join(text.casefold().split())
    return "text-" + hashlib.sha256(normal.encode("utf-8")).hexdigest()[:12]


def situation_payload(
    text: str = "", card_id: str = "", title: str = ""
) -> dict[str, Any]:
    """The payload that puts a situation on the table, checked.

    Raises
    ------
    InvalidInput
        ``speaking_situation_empty`` with neither text nor card,
        ``speaking_situation_long`` when the text is too long.
    """
    clean = clean_text(text, MAX_SITUATION, "speaking_situation_long")
    card = str(card_id or "").strip()
    if not clean and not card:
        raise InvalidInput("speaking_situation_empty")
    return {
        "id": situation_id(clean, card),
        "text": clean,
        "card_id": card,
        "title": clean_text(title, MAX_SITUATION, "speaking_situation_long"),
    }


def situations(events: Iterable[Event]) -> list[Situation]:
    """Every situation put on the table, oldest first, each once."""
    found: dict[str, Situation] = {}
    for event in of_kind(events, PALETTE, SITUATION):
        p = event.payload
        if not p.get("id"):
            continue
        sid = str(p["id"])
        found.pop(sid, None)
        found[sid] = Situation(
            sid,
            str(p.get("text") or ""),
            str(p.get("card_id") or ""),
            str(p.get("title") or ""),
        )
    return list(found.values())


def current_situation(events: Iterable[Event]) -> Situation | None:
    """The situation the facilitator put on the table last."""
    events = list(events)
    latest = of_kind(events, PALETTE, SITUATION)
    if not latest:
        return None
    sid = str(latest[-1].payload.get("id") or "")
    return next((s for s in situations(events) if s.id == sid), None)


def pick_payload(
    situation: str, now: str, furthest: str, action_ids: Sequence[str]
) -> dict[str, Any]:
    """The payload of a palette answer, checked.

    Raises
    ------
    InvalidInput
        ``speaking_step`` for an unknown step, ``speaking_furthest_before_now``
        when the furthest step is lighter than the step one would take now.
    """
    if now not in action_ids or furthest not in action_ids:
        raise InvalidInput("speaking_step")
    if action_ids.index(furthest) < action_ids.index(now):
        raise InvalidInput("speaking_furthest_before_now")
    return {"situation": situation, "now": now, "furthest": furthest}


@dataclass(frozen=True, slots=True)
class Pick:
    """A participant's current steps for one situation."""

    participant_id: str
    situation: str
    now: str
    furthest: str
    seq: int


def current_picks(
    events: Iterable[Event], situation: str, action_ids: Sequence[str]
) -> dict[str, Pick]:
    """Each participant's latest pick for ``situation``; malformed ones ignored."""
    picks: dict[str, Pick] = {}
    for event in of_kind(events, PALETTE, PICK):
        p = event.payload
        now, furthest = p.get("now"), p.get("furthest")
        if (
            p.get("situation") != situation
            or not event.participant_id
            or now not in action_ids
            or furthest not in action_ids
        ):
            continue
        picks[event.participant_id] = Pick(
            event.participant_id, situation, str(now), str(furthest), event.seq
        )
    return picks


@dataclass(frozen=True, slots=True)
class StepCount:
    """One step of the ladder in the room's picture.

    ``now``: how many would take this step now; ``furthest``: how many name it as
    the heaviest step they would be prepared to take; ``reach``: how many would
    go at least this far.
    """

    action_id: str
    step: int
    now: int
    furthest: int
    reach: int


@dataclass(frozen=True, slots=True)
class PaletteResult:
    """Where people stand on the ladder for one situation."""

    situation: str
    steps: tuple[StepCount, ...]
    total: int
    gaps: tuple[int, ...] = field(default=())

    def _most(self, attr: str) -> tuple[str, ...]:
        top = max((getattr(s, attr) for s in self.steps), default=0)
        if top == 0:
            return ()
        return tuple(s.action_id for s in self.steps if getattr(s, attr) == top)

    def agreement(self, attr: str) -> str:
        """How the room's ``now`` or ``furthest`` picks fall, in one word.

        ``none`` (nobody picked), ``alone`` (one person), ``apart`` (everyone a
        different step: no majority), ``tie`` (several steps share the most
        picks) or ``most`` (one step has the most).
        """
        top = self._most(attr)
        if not top:
            return "none"
        if self.total == 1:
            return "alone"
        if max(getattr(s, attr) for s in self.steps) == 1:
            return "apart"
        return "tie" if len(top) > 1 else "most"

    @property
    def most_now(self) -> tuple[str, ...]:
        """The step(s) most people would take now (several on a tie)."""
        return self._most("now")

    @property
    def most_furthest(self) -> tuple[str, ...]:
        """The heaviest step most people would be prepared to take."""
        return self._most("furthest")

    @property
    def median_gap(self) -> float | None:
        """Median number of steps between "now" and "as far as I would go"."""
        return statistics.median(self.gaps) if self.gaps else None

    @property
    def lightest_now(self) -> str | None:
        return next((s.action_id for s in self.steps if s.now), None)

    @property
    def heaviest_furthest(self) -> str | None:
        return next((s.action_id for s in reversed(self.steps) if s.furthest), None)


def palette_result(
    events: Iterable[Event], situation: str, action_ids: Sequence[str]
) -> PaletteResult:
    """Counts per step of the ladder (light → heavy) for ``situation``."""
    picks = list(current_picks(events, situation, action_ids).values())
    index = {a: i for i, a in enumerate(action_ids)}
    steps = tuple(
        StepCount(
            action_id=a,
            step=i + 1,
            now=sum(1 for p in picks if p.now == a),
            furthest=sum(1 for p in picks if p.furthest == a),
            reach=sum(1 for p in picks if index[p.furthest] >= i),
        )
        for i, a in enumerate(action_ids)
    )
    gaps = tuple(sorted(index[p.furthest] - index[p.now] for p in picks))
    return PaletteResult(situation, steps, len(picks), gaps)


def palette_frame(result: PaletteResult) -> pd.DataFrame:
    """Tidy table ``action_id, step, now, furthest, reach`` in ladder order."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "action_id": s.action_id,
                "step": s.step,
                "now": s.now,
                "furthest": s.furthest,
                "reach": s.reach,
            }
            for s in result.steps
        ],
        columns=["action_id", "step", "now", "furthest", "reach"],
    )
