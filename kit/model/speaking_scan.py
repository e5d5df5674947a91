"""Speaking up: the vocabulary shared by its three parts, and the self-scan.

The self-scan's command (:func:`rating_payload`) and its fold
(:func:`scan_result`): how the room rated each blocking belief, no names.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
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


def of_kind(events: Iterable[Event], subject: str | None, kind: str) -> list[Event]:
    """Events of ``kind`` (and ``subject``) in the order they were stored."""
    found = [
        e
        for e in events
        if e.kind == kind and (subject is None or e.subject == subject)
    ]
    return sorted(found, key=lambda e: e.seq)


def as_int(value: object) -> int | None:
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
    focus = [e for e in of_kind(events, APP, FOCUS) if e.payload.get("part") in PARTS]
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
    value = as_int(score)
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
    for event in of_kind(events, None, RATING):
        score = as_int(event.payload.get("score"))
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
