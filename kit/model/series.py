"""A team's series (reeks) as data: what changed from session to session.

Pure folds over the stored answers of each session in a series, built on the
tools' own folds (:mod:`kit.model.dilemma`, :mod:`kit.model.speaking`,
:mod:`kit.model.matrix`, :mod:`kit.model.proximity`). Only aggregates leave
this module: counts, shares, medians, and text the team recorded together.
Nothing links a participant across sessions; the series knows sessions, not
people. A session in which fewer than :data:`MIN_GROUP` people answered a tool
contributes counts only (no distribution, no shares, no reasons), so a small
group cannot be read person by person.

The check step of a session in a series (check vooraf) is folded in
:mod:`kit.model.series_check`; its names are available here too.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kit.errors import InvalidInput
from kit.model import dilemma as D
from kit.model import lookback
from kit.model import matrix as M
from kit.model import proximity as P
from kit.model import speaking as S
from kit.model.events import Event
from kit.model.phases import PHASE
from kit.model.series_check import (
    BROUGHT,
    CHECK,
    CHECK_ANSWER,
    CHECK_FIELDS,
    MAX_CHECK,
    MIN_GROUP,
    TOOL,
    Brought,
    CheckAnswers,
    brought,
    check_answers,
    check_payload,
)
from kit.model.series_stakeholders import (
    MapCount,
    StakeholderPoint,
    StakeholderSeries,
    closer,
    stakeholder_series,
)
from kit.model.types import Library

__all__ = [
    "BROUGHT",
    "CHECK",
    "CHECK_ANSWER",
    "CHECK_FIELDS",
    "MAX_CHECK",
    "MIN_GROUP",
    "TOOL",
    "Brought",
    "CheckAnswers",
    "MapCount",
    "SeriesPicture",
    "SessionData",
    "StakeholderPoint",
    "StakeholderSeries",
    "brought",
    "carry_forward",
    "check_answers",
    "check_payload",
    "closer",
    "series_picture",
    "stakeholder_series",
]


# --- the sessions of a series -------------------------------------------------------


@dataclass(frozen=True)
class SessionData:
    """One session of a series as the folds read it."""

    place: int
    held_at: float
    title: str
    participants: int
    answers: tuple[Event, ...]

    def of(self, tool: str) -> list[Event]:
        return [a for a in self.answers if getattr(a, "tool", "") == tool]


def carry_forward(
    answers: Sequence[Event], place: int = 0, library: Library | None = None
) -> Brought:
    """What a session leaves for the next one: the team's shared takeaways, what
    it wants to take into account per card (knowledge, actions, power), and the
    approaches it agreed to get closer to soft voices."""
    takeaways = lookback.shared_takeaways([a for a in answers if a.tool == "lookback"])
    card_events = [a for a in answers if a.tool == D.TOOL]
    closings = []
    for card_id in _played_cards(card_events):
        closing = D.closing(card_events, card_id)
        if closing is None or not (
            closing.knowledge or closing.actions or closing.power
        ):
            continue
        closings.append(
            {
                "card": card_id,
                "title": _card_title(library, card_id),
                "knowledge": closing.knowledge,
                "actions": closing.actions,
                "power": closing.power,
            }
        )
    approaches = []
    map_events = [a for a in answers if a.tool == P.TOOL]
    for subject in P.map_subjects(map_events):
        state = P.map_state(map_events, subject)
        for stakeholder_id, approach in state.approaches.items():
            try:
                name = state.stakeholder(stakeholder_id).name
            except KeyError:
                continue
            approaches.append(
                {"name": name, "approach": approach.label(), "who": approach.who}
            )
    return Brought(place, tuple(takeaways), tuple(closings), tuple(approaches))


# --- a card over the series -----------------------------------------------------------


@dataclass(frozen=True)
class CardPlay:
    """How the room chose on a card in one session (round 1, the card as written).

    ``counted`` is how many chose; below :data:`MIN_GROUP` only that number is
    kept (``small``), everything else stays empty.
    """

    place: int
    counted: int
    small: bool
    counts: Mapping[str, int] = field(default_factory=dict)
    chosen_options: int = 0
    top_share: float | None = None
    minority_kind: str = "none"
    minority_options: tuple[str, ...] = ()
    minority_size: int = 0
    mean_confidence: float | None = None
    options_with_reasons: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    variations: tuple[str, ...] = ()

    @property
    def minority_share(self) -> float | None:
        if self.small or not self.counted or self.minority_kind != "minority":
            return None
        return self.minority_size / self.counted

    @property
    def split(self) -> bool:
        return not self.small and self.minority_kind in ("minority", "even")


@dataclass(frozen=True)
class CardSeries:
    """One card in every session it was played in."""

    card_id: str
    title: str
    option_labels: Mapping[str, str]
    plays: tuple[CardPlay, ...]

    @property
    def replayed(self) -> bool:
        return len(self.plays) >= 2

    def comparable(self) -> tuple[CardPlay, CardPlay] | None:
        """The first and the latest play, when both were big enough to compare."""
        full = [p for p in self.plays if not p.small]
        return (full[0], full[-1]) if len(full) >= 2 else None

    def reasons_appeared(self) -> tuple[str, ...]:
        """Options that had reasons in the latest play and none in the first."""
        pair = self.comparable()
        if pair is None:
            return ()
        first, last = pair
        return tuple(
            o for o in last.options_with_reasons if o not in first.options_with_reasons
        )

    def reasons_vanished(self) -> tuple[str, ...]:
        pair = self.comparable()
        if pair is None:
            return ()
        first, last = pair
        return tuple(
            o for o in first.options_with_reasons if o not in last.options_with_reasons
        )


def _played_cards(card_events: Sequence[Event]) -> list[str]:
    """Card ids that were put on the table or chosen on, in order of first play."""
    seen: list[str] = []
    for event in sorted(card_events, key=lambda e: e.seq):
        card_id = None
        if event.subject == D.TABLE and event.kind == D.PLAY:
            card_id = str(event.payload.get("card_id") or "")
        elif event.kind in (D.CHOICE, D.TALLY, D.CLOSE) and event.subject != D.TABLE:
            card_id = event.subject
        if card_id and card_id not in seen:
            seen.append(card_id)
    return seen


def _card_title(library: Library | None, card_id: str) -> str:
    card = _find_card(library, card_id)
    return card.title if card is not None else card_id


def _find_card(library: Library | None, card_id: str) -> Any:
    for deck in library.decks if library else ():
        for card in deck.cards:
            if card.id == card_id:
                return card
    return None


def card_play(
    place: int, events: Sequence[Event], card_id: str, card: Any = None
) -> CardPlay | None:
    """The room's round-1 choices on ``card_id`` in one session (``None``: none)."""
    option_ids = [o.id for o in card.options] if card is not None else None
    choices = D.current_choices(events, card_id, 1, option_ids)
    tallies = D.current_tallies(events, card_id, 1, option_ids)
    counted = len(choices) + sum(tallies.values())
    if not counted:
        return None
    variations = tuple(
        str(e.payload.get("variation_id"))
        for e in events
        if e.subject == card_id and e.kind == PHASE and e.payload.get("variation_id")
    )
    if counted < MIN_GROUP:
        return CardPlay(place, counted, True, variations=variations)
    if card is not None:
        dist = D.distribution(card, choices, tallies)
    else:
        dist = _bare_distribution(choices, tallies)
    minority = D.find_minority(dist)
    counts = {
        str(o): int(n) for o, n in zip(dist["option_id"], dist["count"], strict=True)
    }
    sure = [c.confidence for c in choices.values() if c.confidence is not None]
    reasons = D.reasons_by_option(list(counts), choices)
    return CardPlay(
        place=place,
        counted=counted,
        small=False,
        counts=counts,
        chosen_options=sum(1 for n in counts.values() if n),
        top_share=max(counts.values()) / counted,
        minority_kind=minority.kind,
        minority_options=minority.option_ids,
        minority_size=minority.count,
        mean_confidence=(sum(sure) / len(sure)) if len(sure) >= MIN_GROUP else None,
        options_with_reasons=tuple(o for o, rs in reasons.items() if rs),
        reasons=tuple(
            sorted((r.text for rs in reasons.values() for r in rs), key=str.casefold)
        ),
        variations=variations,
    )


def _bare_distribution(choices: Mapping[str, Any], tallies: Mapping[str, int]) -> Any:
    """A distribution table for a card the library does not know (by option id)."""
    import pandas as pd

    ids = sorted({c.option_id for c in choices.values()} | set(tallies))
    rows = [
        {
            "option_id": o,
            "count": sum(1 for c in choices.values() if c.option_id == o)
            + int(tallies.get(o, 0)),
        }
        for o in ids
    ]
    return pd.DataFrame(rows, columns=["option_id", "count"])


def card_series(
    sessions: Sequence[SessionData], library: Library | None = None
) -> list[CardSeries]:
    """Every card played in the series, with its play per session."""
    order: list[str] = []
    plays: dict[str, list[CardPlay]] = {}
    for session in sessions:
        events = session.of(D.TOOL)
        for card_id in _played_cards(events):
            play = card_play(
                session.place, events, card_id, _find_card(library, card_id)
            )
            if play is None:
                continue
            if card_id not in plays:
                order.append(card_id)
            plays.setdefault(card_id, []).append(play)
    result = []
    for card_id in order:
        card = _find_card(library, card_id)
        labels = (
            {
                o.id: f"{D.option_letter(i)}. {o.label}"
                for i, o in enumerate(card.options)
            }
            if card is not None
            else {}
        )
        result.append(
            CardSeries(
                card_id, _card_title(library, card_id), labels, tuple(plays[card_id])
            )
        )
    return result


# --- the self-scan over time --------------------------------------------------------


@dataclass(frozen=True)
class ScanPoint:
    """The self-scan of one belief in one session: recognition, or a count only."""

    place: int
    answered: int
    recognition: float | None = None
    mean: float | None = None


@dataclass(frozen=True)
class BeliefSeries:
    belief_id: str
    name: str
    points: tuple[ScanPoint, ...]


def scan_series(
    sessions: Sequence[SessionData], library: Library | None = None
) -> list[BeliefSeries]:
    """Per blocking belief, how the team recognised it in each session's scan."""
    known = [b.id for b in library.beliefs] if library else []
    points: dict[str, list[ScanPoint]] = {}
    for session in sessions:
        events = [e for e in session.of(S.TOOL) if e.kind == S.RATING]
        ids = list(dict.fromkeys([*known, *(e.subject for e in events)]))
        for dist in S.scan_distributions(events, ids):
            if not dist.answered:
                continue
            small = dist.answered < MIN_GROUP
            points.setdefault(dist.belief_id, []).append(
                ScanPoint(
                    session.place,
                    dist.answered,
                    None if small else dist.recognition,
                    None if small else dist.mean,
                )
            )
    names = {b.id: b.name for b in library.beliefs} if library else {}
    order = [b for b in known if b in points] + [b for b in points if b not in known]
    return [BeliefSeries(b, names.get(b, b), tuple(points[b])) for b in order]


# --- values that tip the matrix -------------------------------------------------------


@dataclass(frozen=True)
class TippingValue:
    """A value whose weight decides between the two leading options, and where."""

    value_id: str
    name: str
    places: tuple[int, ...]


def _tipping(events: Sequence[Any]) -> list[tuple[str, str]]:
    """``(value id, name)`` of the value(s) whose weight needs the smallest change
    to swap the two leading options of one matrix (empty below MIN_GROUP)."""
    try:
        picture = M.team_picture(events)
    except InvalidInput:
        return []
    if picture.n_participants < MIN_GROUP or not picture.has_totals:
        return []
    ranking = picture.ranking()
    if len(ranking) < 2:
        return []
    result = picture.sensitivity(ranking[0], ranking[1])
    flips = [f for f in result.flips if f.threshold is not None]
    if not flips:
        return []
    least = min(f.change for f in flips)
    return [
        (f.value, picture.setup.value(f.value).name)
        for f in flips
        if math.isclose(f.change, least, abs_tol=1e-6)
    ]


def tipping_values(sessions: Sequence[SessionData]) -> list[TippingValue]:
    """Values that tipped the balance in a matrix, most often first."""
    found: dict[str, tuple[str, list[int]]] = {}
    for session in sessions:
        answers = session.of(M.TOOL)
        for subject in sorted({a.subject for a in answers}):
            events = M.events_of(answers, subject)
            for value_id, name in _tipping(events):
                entry = found.setdefault(value_id, (name, []))
                if session.place not in entry[1]:
                    entry[1].append(session.place)
    ranked = sorted(found.items(), key=lambda kv: (-len(kv[1][1]), kv[1][0]))
    return [TippingValue(v, name, tuple(places)) for v, (name, places) in ranked]


# --- the team's own cards -----------------------------------------------------------


def own_cards(sessions: Sequence[SessionData]) -> list[tuple[int, str]]:
    """``(place, title)`` of each card the team wrote, where it first appeared."""
    seen: dict[str, tuple[int, str]] = {}
    for session in sessions:
        for card in D.own_card_data(session.of(D.TOOL)):
            card_id = str(card.get("id"))
            if card_id not in seen:
                seen[card_id] = (session.place, str(card.get("title") or card_id))
    return list(seen.values())


# --- suggestions for the next session ---------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """Something the facilitator might bring back: a suggestion, never a rule.

    ``kind`` is ``split`` (a card the team split on), ``variation`` (a "wat
    als…" not yet played), ``soft_voice`` (a soft voice nobody followed up) or
    ``soft_voice_again`` (an agreed approach did not bring them closer).
    """

    kind: str
    subject: str
    title: str
    place: int
    detail: str = ""


def suggestions(
    cards: Sequence[CardSeries],
    stakeholders: Sequence[StakeholderSeries],
    library: Library | None = None,
) -> list[Suggestion]:
    """What the series offers for next time, in a fixed order of kinds."""
    found: list[Suggestion] = []
    for series in cards:
        last = series.plays[-1]
        if last.split:
            found.append(Suggestion("split", series.card_id, series.title, last.place))
    for series in cards:
        card = _find_card(library, series.card_id)
        if card is None:
            continue
        played = {v for p in series.plays for v in p.variations}
        fresh = [v for v in card.variations if v.id not in played]
        if fresh:
            found.append(
                Suggestion(
                    "variation",
                    series.card_id,
                    series.title,
                    series.plays[-1].place,
                    fresh[0].title,
                )
            )
    for stakeholder in stakeholders:
        point = stakeholder.unfollowed_soft()
        if point is not None:
            found.append(
                Suggestion("soft_voice", stakeholder.key, stakeholder.name, point.place)
            )
            continue
        for before, after in stakeholder.follow_ups():
            if after is not None and closer(before, after) <= 0 and after.soft:
                found.append(
                    Suggestion(
                        "soft_voice_again",
                        stakeholder.key,
                        stakeholder.name,
                        after.place,
                        before.approach,
                    )
                )
    return found


# --- everything together ------------------------------------------------------------


@dataclass(frozen=True)
class SeriesPicture:
    """What a series view and report show: aggregates per session, no names."""

    team: str
    sessions: tuple[SessionData, ...]
    cards: tuple[CardSeries, ...]
    scan: tuple[BeliefSeries, ...]
    tipping: tuple[TippingValue, ...]
    stakeholders: tuple[StakeholderSeries, ...]
    small_maps: tuple[MapCount, ...]
    own_cards: tuple[tuple[int, str], ...]
    checks: tuple[tuple[int, Brought | None, CheckAnswers], ...]
    takeaways: tuple[tuple[int, Brought], ...]
    suggestions: tuple[Suggestion, ...]

    @property
    def replayed(self) -> list[CardSeries]:
        return [c for c in self.cards if c.replayed]


def series_picture(
    team: str, sessions: Sequence[SessionData], library: Library | None = None
) -> SeriesPicture:
    """Fold a whole series into its picture (sessions in series order)."""
    ordered = tuple(sorted(sessions, key=lambda s: s.place))
    cards = card_series(ordered, library)
    stakeholders, small_maps = stakeholder_series(ordered)
    checks = []
    for session in ordered:
        events = session.of(TOOL)
        came, said = brought(events), check_answers(events)
        if came is not None or not said.empty:
            checks.append((session.place, came, said))
    takeaways = [(s.place, carry_forward(s.answers, s.place, library)) for s in ordered]
    return SeriesPicture(
        team=team,
        sessions=ordered,
        cards=tuple(cards),
        scan=tuple(scan_series(ordered, library)),
        tipping=tuple(tipping_values(ordered)),
        stakeholders=tuple(stakeholders),
        small_maps=tuple(small_maps),
        own_cards=tuple(own_cards(ordered)),
        checks=tuple(checks),
        takeaways=tuple((p, b) for p, b in takeaways if not b.empty),
        suggestions=tuple(suggestions(cards, stakeholders, library)),
    )
