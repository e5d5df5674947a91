"""What the room said in the speaking-up workshop (tegenspraak): pure functions.

Three small tools share one store ``tool``: the anonymous self-scan of the
blocking beliefs (blokkerende overtuigingen), the shared dilemma "loyal after
dissent, or a drammer?", and the palette of actions from gut feeling to a formal
report. Events are append-only; a participant's *current* answer is their latest
event of its kind (highest ``seq``). Nothing here knows widgets, charts or the
store; pandas is imported only by the ``*_frame`` functions, so a participant's
kernel starts without it.

Events (tool ``"speaking"``)
----------------------------
============= ============= =========== ===========================================
subject       kind          by          payload
============= ============= =========== ===========================================
``_scan``     ``phase``     facilitator ``phase`` (think, reveal, discuss, close)
belief id     ``rating``    participant ``score``: 1–5, or 0 for "weet ik niet"
``_dilemma``  ``phase``     facilitator ``phase``
``_dilemma``  ``stand``     participant ``position``: 1–5, ``reason`` (may be "")
``_palette``  ``situation`` facilitator ``id``, ``text``, ``card_id``, ``title``
``_palette``  ``phase``     facilitator ``phase`` (back to think on a new situation)
``_palette``  ``pick``      participant ``situation``: situation id, ``now`` and
                                        ``furthest``: action ids
``_app``      ``focus``     facilitator ``part``: the part the room looks at
============= ============= =========== ===========================================

Subjects of the tool itself start with ``_``; belief ids never do (schema pattern
``^[a-z][a-z0-9_]*$``), so the two cannot clash.
"""

from __future__ import annotations

import hashlib
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kit.errors import InvalidInput
from kit.model.events import Event
from kit.model.phases import phase_state
from kit.model.text import visible_text

if TYPE_CHECKING:
    import pandas as pd

TOOL = "speaking"

SCAN = "_scan"
DILEMMA = "_dilemma"
PALETTE = "_palette"
APP = "_app"

PHASE = "phase"
RATING = "rating"
STAND = "stand"
SITUATION = "situation"
PICK = "pick"
FOCUS = "focus"

#: The parts of the workshop, in the order a session usually runs them.
PARTS = ("scan", "dilemma", "palette")
#: Store subject of each part (where its phase lives).
PART_SUBJECTS = {"scan": SCAN, "dilemma": DILEMMA, "palette": PALETTE}

#: Agreement scale of the self-scan: 1 = helemaal oneens … 5 = helemaal eens.
SCALE = (1, 2, 3, 4, 5)
#: "Weet ik niet": counted and shown, never part of a mean or a spread.
DONT_KNOW = 0
SCORES = (*SCALE, DONT_KNOW)
AGREE = (4, 5)
DISAGREE = (1, 2)

#: Where one stands in the shared dilemma: 1 = loyaal uitvoeren … 5 = blijven
#: aandringen, ook als collega's je een drammer vinden.
POSITIONS = (1, 2, 3, 4, 5)

MAX_REASON = 600
MAX_SITUATION = 400
#: Below this many answers, a distribution lets people guess who said what.
ANONYMOUS_FROM = 3


# ----------------------------------------------------------------------- helpers


def _of(events: Iterable[Event], subject: str | None, kind: str) -> list[Event]:
    """Events of ``kind`` (and ``subject``) in the order they were stored."""
    found = [
        e
        for e in events
        if e.kind == kind and (subject is None or e.subject == subject)
    ]
    return sorted(found, key=lambda e: e.seq)


def _int(value: object) -> int | None:
    """``value`` as an int if it is one (bools and floats with a fraction are not)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def clean_text(text: object, limit: int, key: str) -> str:
    """Trimmed text without control characters (newlines kept); refuse overlong.

    Raises
    ------
    InvalidInput
        With ``key`` when the text is longer than ``limit`` characters.
    """
    cleaned = visible_text(text)
    if len(cleaned) > limit:
        raise InvalidInput(key)
    return cleaned


def phase_of(events: Iterable[Event], subject: str) -> str:
    """The latest phase of ``subject`` (``"think"`` until the facilitator moves it)."""
    return phase_state(events, subject).phase


def is_revealed(phase: str) -> bool:
    """Whether the room may see the answers in ``phase``."""
    return phase != "think"


def focus_of(events: Iterable[Event]) -> tuple[str | None, int]:
    """The part the facilitator last showed the room, and that event's ``seq``."""
    focus = [e for e in _of(events, APP, FOCUS) if e.payload.get("part") in PARTS]
    if not focus:
        return None, 0
    return str(focus[-1].payload["part"]), focus[-1].seq


def last_seq(events: Iterable[Event]) -> int:
    return max((e.seq for e in events), default=0)


# ----------------------------------------------------------------- the self-scan


def rating_payload(
    belief_id: str, score: int, belief_ids: Sequence[str]
) -> dict[str, Any]:
    """The payload of a self-scan answer, checked.

    Raises
    ------
    InvalidInput
        ``speaking_belief`` for an unknown belief, ``speaking_score`` for a score
        outside 1–5 and 0 ("weet ik niet").
    """
    if belief_id not in belief_ids:
        raise InvalidInput("speaking_belief")
    value = _int(score)
    if value not in SCORES:
        raise InvalidInput("speaking_score")
    return {"score": value}


def current_ratings(
    events: Iterable[Event], belief_ids: Sequence[str]
) -> dict[str, dict[str, int]]:
    """Per belief, each participant's latest score (0 = weet ik niet).

    Later events win; ratings of unknown beliefs, without a participant, or with
    a score outside the scale are ignored.
    """
    ratings: dict[str, dict[str, int]] = {b: {} for b in belief_ids}
    for event in _of(events, None, RATING):
        score = _int(event.payload.get("score"))
        if (
            event.subject in ratings
            and event.participant_id
            and score is not None
            and score in SCORES
        ):
            ratings[event.subject][event.participant_id] = score
    return ratings


@dataclass(frozen=True, slots=True)
class BeliefDistribution:
    """How the room rated one scan statement: counts per score, no names.

    ``counts`` maps each score 1–5 to how many chose it; ``dont_know`` counts
    "weet ik niet", which is shown but left out of every measure.
    """

    belief_id: str
    counts: Mapping[int, int]
    dont_know: int = 0

    @property
    def known(self) -> int:
        """Answers on the 1–5 scale."""
        return sum(self.counts.get(s, 0) for s in SCALE)

    @property
    def answered(self) -> int:
        """Everyone who answered, "weet ik niet" included."""
        return self.known + self.dont_know

    @property
    def agree(self) -> int:
        """Eens or helemaal eens: they recognise this in their team."""
        return sum(self.counts.get(s, 0) for s in AGREE)

    @property
    def disagree(self) -> int:
        return sum(self.counts.get(s, 0) for s in DISAGREE)

    @property
    def neutral(self) -> int:
        return self.counts.get(3, 0)

    def _scores(self) -> list[int]:
        return [s for s in SCALE for _ in range(self.counts.get(s, 0))]

    @property
    def mean(self) -> float | None:
        """Mean score on 1–5 without "weet ik niet"; ``None`` without answers."""
        scores = self._scores()
        return statistics.fmean(scores) if scores else None

    @property
    def spread(self) -> float | None:
        """Population standard deviation of the known scores (``None`` below 2)."""
        scores = self._scores()
        return statistics.pstdev(scores) if len(scores) >= 2 else None

    @property
    def recognition(self) -> float | None:
        """Share of everyone who answered that agrees (``None`` without answers).

        "Weet ik niet" counts in the denominator: not knowing is not recognising,
        so one "eens" among three "weet ik niet" is 1 in 4, not 1 in 1.
        """
        return self.agree / self.answered if self.answered else None

    @property
    def split(self) -> bool:
        """Some agree and some disagree: people stand on both sides."""
        return self.agree > 0 and self.disagree > 0


def scan_distributions(
    events: Iterable[Event], belief_ids: Sequence[str]
) -> list[BeliefDistribution]:
    """One :class:`BeliefDistribution` per belief, in the order of ``belief_ids``."""
    ratings = current_ratings(events, belief_ids)
    result = []
    for belief_id in belief_ids:
        scores = list(ratings[belief_id].values())
        result.append(
            BeliefDistribution(
                belief_id,
                {s: scores.count(s) for s in SCALE},
                scores.count(DONT_KNOW),
            )
        )
    return result


def most_recognised(dists: Sequence[BeliefDistribution]) -> tuple[str, ...]:
    """The belief(s) the team recognises most in itself.

    Ranked by the share of those who answered that agree (4 or 5, see
    :attr:`BeliefDistribution.recognition`), then by the mean score. Only
    beliefs at least one person agrees with count: if nobody recognises
    anything, the answer is empty rather than the least-rejected belief.
    Several ids mean a tie.
    """
    eligible = [d for d in dists if d.agree > 0]
    return _ties(eligible, lambda d: (d.recognition or 0.0, d.mean or 0.0))


def most_divided(dists: Sequence[BeliefDistribution]) -> tuple[str, ...]:
    """The belief(s) where the team is most divided.

    Only beliefs where some agree and some disagree count (a team that differs
    between "oneens" and "helemaal oneens" is not divided); among those the
    widest spread (population standard deviation) wins. Several ids mean a tie;
    empty when nobody stands on opposite sides.
    """
    eligible = [d for d in dists if d.split]
    return _ties(eligible, lambda d: (d.spread or 0.0,))


def _ties(candidates: Sequence[BeliefDistribution], key: Any) -> tuple[str, ...]:
    """Ids of the candidates whose ``key`` equals the best one.

    Keys are rounded first, so 2/3 and 4/6 tie and float noise in the first
    measure never overrules the second.
    """
    if not candidates:
        return ()
    keys = {d.belief_id: tuple(round(x, 9) for x in key(d)) for d in candidates}
    top = max(keys.values())
    return tuple(d.belief_id for d in candidates if keys[d.belief_id] == top)


@dataclass(frozen=True, slots=True)
class ScanResult:
    """Everything the room sees after the self-scan is revealed."""

    distributions: tuple[BeliefDistribution, ...]
    most_recognised: tuple[str, ...]
    most_divided: tuple[str, ...]
    participants: int

    def of(self, belief_id: str) -> BeliefDistribution:
        for dist in self.distributions:
            if dist.belief_id == belief_id:
                return dist
        raise KeyError(belief_id)


def scan_result(events: Iterable[Event], belief_ids: Sequence[str]) -> ScanResult:
    """Distributions, most recognised and most divided belief of the self-scan."""
    events = list(events)
    dists = scan_distributions(events, belief_ids)
    ratings = current_ratings(events, belief_ids)
    people = {p for per in ratings.values() for p in per}
    return ScanResult(
        tuple(dists), most_recognised(dists), most_divided(dists), len(people)
    )


def scan_frame(dists: Sequence[BeliefDistribution]) -> pd.DataFrame:
    """Tidy table ``belief_id, score, count`` (score 0 = weet ik niet)."""
    import pandas as pd

    rows = [
        {"belief_id": d.belief_id, "score": s, "count": int(d.counts.get(s, 0))}
        for d in dists
        for s in SCALE
    ] + [
        {"belief_id": d.belief_id, "score": DONT_KNOW, "count": d.dont_know}
        for d in dists
    ]
    return pd.DataFrame(rows, columns=["belief_id", "score", "count"])


# ------------------------------------------------------------- the shared dilemma


def stand_payload(position: int, reason: str = "") -> dict[str, Any]:
    """The payload of a stand in the shared dilemma, checked.

    Raises
    ------
    InvalidInput
        ``speaking_position`` outside 1–5, ``speaking_reason`` when too long.
    """
    value = _int(position)
    if value not in POSITIONS:
        raise InvalidInput("speaking_position")
    return {
        "position": value,
        "reason": clean_text(reason, MAX_REASON, "speaking_reason"),
    }


@dataclass(frozen=True, slots=True)
class Stand:
    """A participant's current place on the loyal ↔ keep-pressing scale."""

    participant_id: str
    position: int
    reason: str
    seq: int


def current_stands(events: Iterable[Event]) -> dict[str, Stand]:
    """Each participant's latest stand; malformed events are ignored."""
    stands: dict[str, Stand] = {}
    for event in _of(events, DILEMMA, STAND):
        position = _int(event.payload.get("position"))
        if not event.participant_id or position is None or position not in POSITIONS:
            continue
        reason = str(event.payload.get("reason") or "")
        stands[event.participant_id] = Stand(
            event.participant_id, position, reason, event.seq
        )
    return stands


@dataclass(frozen=True, slots=True)
class StanceResult:
    """The room's spread on the shared dilemma; reasons without names.

    ``reasons`` are ``(position, text)`` pairs sorted by position and then
    alphabetically, so the order never betrays who wrote what or when.
    """

    counts: Mapping[int, int]
    reasons: tuple[tuple[int, str], ...] = ()

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def mean(self) -> float | None:
        scores = [p for p in POSITIONS for _ in range(self.counts.get(p, 0))]
        return statistics.fmean(scores) if scores else None

    @property
    def loyal(self) -> int:
        """Positions 1–2: follow the decision (with or without a recorded objection)."""
        return self.counts.get(1, 0) + self.counts.get(2, 0)

    @property
    def pressing(self) -> int:
        """Positions 4–5: bring it in again, or keep pressing."""
        return self.counts.get(4, 0) + self.counts.get(5, 0)


def stance_result(events: Iterable[Event]) -> StanceResult:
    stands = current_stands(events).values()
    counts = {p: sum(1 for s in stands if s.position == p) for p in POSITIONS}
    reasons = sorted(
        ((s.position, s.reason) for s in stands if s.reason),
        key=lambda pair: (pair[0], pair[1].casefold()),
    )
    return StanceResult(counts, tuple(reasons))


def stance_frame(result: StanceResult) -> pd.DataFrame:
    """Tidy table ``position, count`` for every position of the scale."""
    import pandas as pd

    return pd.DataFrame(
        {
            "position": list(POSITIONS),
            "count": [int(result.counts.get(p, 0)) for p in POSITIONS],
        }
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
    for event in _of(events, PALETTE, SITUATION):
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
    latest = _of(events, PALETTE, SITUATION)
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
    for event in _of(events, PALETTE, PICK):
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


# --------------------------------------------------------------------- the report


def session_report(
    events: Iterable[Event],
    belief_ids: Sequence[str],
    action_ids: Sequence[str],
) -> dict[str, Any]:
    """Everything of the speaking-up workshop for a session report, JSON-ready.

    Counts and anonymous reasons only: no participant ids, no pseudonyms, no
    order of arrival. Palette results are given for every situation played.
    """
    events = list(events)
    scan = scan_result(events, belief_ids)
    stance = stance_result(events)
    return {
        "scan": {
            "phase": phase_of(events, SCAN),
            "participants": scan.participants,
            "most_recognised": list(scan.most_recognised),
            "most_divided": list(scan.most_divided),
            "beliefs": [
                {
                    "belief_id": d.belief_id,
                    "counts": {str(s): d.counts.get(s, 0) for s in SCALE},
                    "dont_know": d.dont_know,
                    "mean": d.mean,
                    "spread": d.spread,
                    "agree": d.agree,
                    "disagree": d.disagree,
                }
                for d in scan.distributions
            ],
        },
        "dilemma": {
            "phase": phase_of(events, DILEMMA),
            "counts": {str(p): stance.counts.get(p, 0) for p in POSITIONS},
            "total": stance.total,
            "mean": stance.mean,
            "reasons": [{"position": p, "text": r} for p, r in stance.reasons],
        },
        "palette": {
            "phase": phase_of(events, PALETTE),
            "situations": [
                {
                    "id": s.id,
                    "title": s.title,
                    "text": s.text,
                    "card_id": s.card_id,
                    **_palette_report(palette_result(events, s.id, action_ids)),
                }
                for s in situations(events)
            ],
        },
    }


def _palette_report(result: PaletteResult) -> dict[str, Any]:
    return {
        "total": result.total,
        "steps": [
            {
                "action_id": s.action_id,
                "now": s.now,
                "furthest": s.furthest,
                "reach": s.reach,
            }
            for s in result.steps
        ],
        "most_now": list(result.most_now),
        "most_furthest": list(result.most_furthest),
        "median_gap": result.median_gap,
    }
