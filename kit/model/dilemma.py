"""What the room said about a dilemma card: pure functions over stored events.

The dilemma tool stores append-only events (see :mod:`kit.store`); this module
reads them back into the state a widget shows. Nothing here is updated in place:
the *current* answer of a participant is simply the latest event of its kind.

Events (tool ``"dilemma"``)
---------------------------
========== ============ ================== ===========================================
subject    kind         by                 payload
========== ============ ================== ===========================================
``_table`` ``play``     facilitator        ``card_id``: the card the room plays now
card id    ``phase``    facilitator        ``phase``, ``round``, ``variation_id``
card id    ``choice``   participant        ``round``, ``option_id``, ``confidence``,
                                           ``reason``
card id    ``tally``    facilitator        ``round``, ``option_id``, ``count`` (hands)
card id    ``close``    facilitator        ``knowledge``, ``actions``, ``power``,
                                           ``round``
card id    ``own_card`` anyone             ``card``: a deck card written by the team
========== ============ ================== ===========================================

Round 1 is the card as written; every "wat als…" variation played starts a new
round. Movement (the tipping point) is always measured against round 1, because
each variation changes one circumstance of the original card.

The commands (:func:`choice_payload`, :func:`tally_payload`,
:func:`closing_payload`, :func:`variation_of`) check what a person gave and
return the payload to store; :func:`round_result` folds the events of one round
into the :class:`RoundResult` that the widget and the report both present.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from kit.errors import InvalidInput
from kit.model.events import Event
from kit.model.phases import PHASE, PhaseState, phase_state
from kit.model.text import visible_text
from kit.model.types import DilemmaCard, Variation

if TYPE_CHECKING:
    import pandas as pd  # imported where a table is made: pages start without it

TOOL = "dilemma"
#: Subject of events about the whole table rather than one card. A card id can
#: never start with ``_`` (the deck schema's id pattern), so they never clash.
TABLE = "_table"

PLAY = "play"
CHOICE = "choice"
TALLY = "tally"
CLOSE = "close"
OWN_CARD = "own_card"

#: Confidence scale (zekerheid): 1 = ik twijfel, 2 = redelijk zeker, 3 = heel zeker.
CONFIDENCE = (1, 2, 3)
#: The text key of each step of the confidence scale (kit.locale).
CONFIDENCE_KEYS = {1: "dilemma.sure.1", 2: "dilemma.sure.2", 3: "dilemma.sure.3"}
MAX_REASON = 600
MAX_CLOSING = 1500
MAX_TALLY = 500


#: Where the room is with one card: phase, round and the variation in play.
RoundState = PhaseState


@dataclass(frozen=True, slots=True)
class Choice:
    """A participant's current choice in one round."""

    participant_id: str
    round: int
    option_id: str
    confidence: int | None
    reason: str
    seq: int


@dataclass(frozen=True, slots=True)
class Reason:
    """A reason as the room sees it: no pseudonym, no order of arrival."""

    text: str
    confidence: int | None


@dataclass(frozen=True, slots=True)
class Minority:
    """The position the group should hear out on purpose.

    ``kind`` is ``"none"`` (no choices yet), ``"unanimous"`` (one option only),
    ``"even"`` (every chosen option has the same count) or ``"minority"``.
    ``option_ids`` are the minority options (several on a tie), the unanimous
    option or the evenly split ones; ``unchosen`` are options nobody chose.
    """

    kind: Literal["none", "unanimous", "even", "minority"]
    option_ids: tuple[str, ...] = ()
    count: int = 0
    unchosen: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Closing:
    """What the group takes into account next time (seed 003): not a new rule."""

    knowledge: str
    actions: str
    power: str
    round: int


# --------------------------------------------------------------------- reading state


def _of(events: Iterable[Event], subject: str | None, kind: str) -> list[Event]:
    """Events of ``kind`` (and ``subject``) in the order they were stored."""
    found = [
        e
        for e in events
        if e.kind == kind and (subject is None or e.subject == subject)
    ]
    return sorted(found, key=lambda e: e.seq)


def _int(value: object, default: int) -> int:
    if not isinstance(value, int | float | str):
        return default
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return default


def current_card_id(events: Iterable[Event]) -> str | None:
    """The card the facilitator put on the table last, if any."""
    plays = _of(events, TABLE, PLAY)
    return str(plays[-1].payload.get("card_id")) if plays else None


def round_state(events: Iterable[Event], card_id: str) -> RoundState:
    """Phase, round and variation of ``card_id`` after its latest phase event."""
    return phase_state(events, card_id)


def rounds_played(events: Iterable[Event], card_id: str) -> int:
    """The highest round number this card has reached (1 if never changed)."""
    rounds = [_int(e.payload.get("round"), 1) for e in _of(events, card_id, PHASE)]
    return max([1, *rounds])


def current_choices(
    events: Iterable[Event],
    card_id: str,
    round_no: int,
    option_ids: Sequence[str] | None = None,
) -> dict[str, Choice]:
    """Each participant's latest choice on ``card_id`` in ``round_no``.

    Later events win. A choice only counts if it was stored while its round was
    open (phase ``think``): one that reaches the store just after the reveal
    was made without seeing the others, but would change what everyone already
    sees. Choices of an option the card does not have are ignored.
    """
    known = set(option_ids) if option_ids is not None else None
    # The latest counting event per participant first; a Choice is only built
    # for those (a session can hold thousands of superseded choices).
    latest: dict[str, tuple[Event, str]] = {}
    phase, current_round = "think", 1
    for event in sorted(
        (e for e in events if e.subject == card_id and e.kind in (PHASE, CHOICE)),
        key=lambda e: e.seq,
    ):
        payload = event.payload
        if event.kind == PHASE:
            phase = str(payload.get("phase", phase))
            current_round = _int(payload.get("round"), current_round)
            continue
        if event.participant_id is None or phase != "think":
            continue
        choice_round = _int(payload.get("round"), 1)
        if choice_round != round_no or current_round != choice_round:
            continue
        option_id = str(payload.get("option_id", ""))
        if known is not None and option_id not in known:
            continue
        latest[event.participant_id] = (event, option_id)
    choices: dict[str, Choice] = {}
    for participant_id, (event, option_id) in latest.items():
        confidence = _int(event.payload.get("confidence"), 0)
        choices[participant_id] = Choice(
            participant_id=participant_id,
            round=round_no,
            option_id=option_id,
            confidence=confidence if confidence in CONFIDENCE else None,
            reason=str(event.payload.get("reason") or "").strip(),
            seq=event.seq,
        )
    return choices


def current_tallies(
    events: Iterable[Event],
    card_id: str,
    round_no: int,
    option_ids: Sequence[str] | None = None,
) -> dict[str, int]:
    """Hands counted per option in ``round_no`` (the latest count per option)."""
    known = set(option_ids) if option_ids is not None else None
    tallies: dict[str, int] = {}
    for event in _of(events, card_id, TALLY):
        payload = event.payload
        if _int(payload.get("round"), 1) != round_no:
            continue
        option_id = str(payload.get("option_id", ""))
        if known is not None and option_id not in known:
            continue
        tallies[option_id] = max(0, _int(payload.get("count"), 0))
    return tallies


def closing(events: Iterable[Event], card_id: str) -> Closing | None:
    """The latest closing the group recorded for ``card_id``."""
    closes = _of(events, card_id, CLOSE)
    if not closes:
        return None
    payload = closes[-1].payload
    return Closing(
        knowledge=str(payload.get("knowledge") or ""),
        actions=str(payload.get("actions") or ""),
        power=str(payload.get("power") or ""),
        round=_int(payload.get("round"), 1),
    )


def own_card_data(events: Iterable[Event]) -> list[dict[str, Any]]:
    """The team's own cards: the latest version of each, in the order first written."""
    latest: dict[str, dict[str, Any]] = {}
    for event in _of(events, None, OWN_CARD):
        card = event.payload.get("card")
        if isinstance(card, dict) and isinstance(card.get("id"), str):
            latest[card["id"]] = card
    return list(latest.values())


# --------------------------------------------------------------------- aggregation


def option_letter(index: int) -> str:
    """``0`` → ``"A"``: options are shown as an A-B-C-D list on the card."""
    return chr(ord("A") + index)


DISTRIBUTION_COLUMNS = (
    "option_id",
    "letter",
    "label",
    "devices",
    "hands",
    "count",
    "share",
    "mean_confidence",
)


def distribution(
    card: DilemmaCard, choices: Mapping[str, Choice], tallies: Mapping[str, int]
) -> pd.DataFrame:
    """One row per option of ``card``, in card order, including options nobody chose.

    ``devices`` counts choices made on a device, ``hands`` the facilitator's
    count of raised hands, ``count`` both; ``share`` is ``count`` over the total
    (0 when nobody chose); ``mean_confidence`` only covers device choices.
    """
    rows = []
    for index, option in enumerate(card.options):
        mine = [c for c in choices.values() if c.option_id == option.id]
        sure = [c.confidence for c in mine if c.confidence is not None]
        hands = int(tallies.get(option.id, 0))
        rows.append(
            {
                "option_id": option.id,
                "letter": option_letter(index),
                "label": option.label,
                "devices": len(mine),
                "hands": hands,
                "count": len(mine) + hands,
                "mean_confidence": sum(sure) / len(sure) if sure else float("nan"),
            }
        )
    import pandas as pd

    frame = pd.DataFrame(
        rows, columns=[c for c in DISTRIBUTION_COLUMNS if c != "share"]
    )
    total = int(frame["count"].sum()) if len(frame) else 0
    frame["share"] = frame["count"] / total if total else 0.0
    return frame[list(DISTRIBUTION_COLUMNS)]


def reasons_by_option(
    option_ids: Sequence[str], choices: Mapping[str, Choice]
) -> dict[str, list[Reason]]:
    """Non-empty reasons per option, anonymous and sorted by text.

    Sorting by text rather than by time keeps the order from hinting at who wrote
    what ("the first one is always Anne's").
    """
    grouped: dict[str, list[Reason]] = {option_id: [] for option_id in option_ids}
    for choice in choices.values():
        if choice.reason and choice.option_id in grouped:
            grouped[choice.option_id].append(Reason(choice.reason, choice.confidence))
    for reasons in grouped.values():
        reasons.sort(key=lambda r: (r.text.casefold(), r.confidence or 0))
    return grouped


def find_minority(dist: pd.DataFrame) -> Minority:
    """Which position to hear out on purpose, from a :func:`distribution` table.

    The minority is the chosen option with the fewest votes (devices and hands
    together); options nobody chose are not a minority but are named in
    ``unchosen``. Several options tied for fewest are all the minority. When
    every chosen option has the same count there is no minority (``"even"``);
    when one option has every vote the group is ``"unanimous"``.
    """
    counts = {
        str(o): int(n) for o, n in zip(dist["option_id"], dist["count"], strict=True)
    }
    chosen = {o: n for o, n in counts.items() if n > 0}
    unchosen = tuple(o for o, n in counts.items() if n == 0)
    if not chosen:
        return Minority("none", unchosen=unchosen)
    if len(chosen) == 1:
        ((only, n),) = chosen.items()
        return Minority("unanimous", (only,), n, unchosen)
    fewest = min(chosen.values())
    if all(n == fewest for n in chosen.values()):
        return Minority("even", tuple(chosen), fewest, unchosen)
    return Minority(
        "minority", tuple(o for o, n in chosen.items() if n == fewest), fewest, unchosen
    )


TRANSITION_COLUMNS = ("from_option", "to_option", "count", "moved")


def transitions(
    before: Mapping[str, Choice],
    after: Mapping[str, Choice],
    option_ids: Sequence[str],
) -> pd.DataFrame:
    """Who went from which option to which between two rounds (device choices only).

    One row per (from, to) pair that happened, in card order, with ``moved``
    true when the option changed. Participants who chose in only one of the two
    rounds are left out: there is no movement to show for them.
    """
    order = {option_id: i for i, option_id in enumerate(option_ids)}
    pairs: dict[tuple[str, str], int] = {}
    for participant_id, then in before.items():
        now = after.get(participant_id)
        if now is None or then.option_id not in order or now.option_id not in order:
            continue
        key = (then.option_id, now.option_id)
        pairs[key] = pairs.get(key, 0) + 1
    rows = [
        {"from_option": a, "to_option": b, "count": n, "moved": a != b}
        for (a, b), n in sorted(
            pairs.items(), key=lambda p: (order[p[0][0]], order[p[0][1]])
        )
    ]
    import pandas as pd

    return pd.DataFrame(rows, columns=list(TRANSITION_COLUMNS)).astype(
        {"count": int, "moved": bool}
    )


def movement(trans: pd.DataFrame) -> tuple[int, int]:
    """``(moved, stayed)``: how many people changed option and how many did not."""
    if trans.empty:
        return 0, 0
    moved = int(trans.loc[trans["moved"], "count"].sum())
    return moved, int(trans["count"].sum()) - moved


def count_changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Per option: total votes before and after (hands included) and the change.

    Raised hands cannot be followed person by person, so for a room that votes
    by hand this net shift is what shows the tipping point.
    """
    import pandas as pd

    frame = pd.DataFrame(
        {
            "option_id": before["option_id"],
            "letter": before["letter"],
            "label": before["label"],
            "before": before["count"].astype(int),
            "after": after.set_index("option_id")
            .reindex(before["option_id"])["count"]
            .fillna(0)
            .astype(int)
            .to_numpy(),
        }
    )
    frame["change"] = frame["after"] - frame["before"]
    return frame.reset_index(drop=True)


# --------------------------------------------------------------------- commands


def clean_text(text: object, limit: int, key: str) -> str:
    """Trimmed text without control characters (newlines kept); refuse overlong."""
    cleaned = visible_text(text)
    if len(cleaned) > limit:
        raise InvalidInput(key)
    return cleaned


def play_payload(card: DilemmaCard) -> dict[str, Any]:
    """Put ``card`` on the table (facilitator, subject :data:`TABLE`)."""
    return {"card_id": card.id}


def choice_payload(
    card: DilemmaCard,
    state: RoundState,
    option_id: str,
    confidence: int | None,
    reason: object = "",
) -> dict[str, Any]:
    """A participant's choice in the open round: an option, how sure, and why."""
    if state.phase != "think":
        raise InvalidInput("dilemma_round_closed")
    if option_id not in {o.id for o in card.options}:
        raise InvalidInput("dilemma_option")
    if confidence not in CONFIDENCE:
        raise InvalidInput("dilemma_confidence")
    return {
        "round": state.round,
        "option_id": option_id,
        "confidence": confidence,
        "reason": clean_text(reason, MAX_REASON, "dilemma_reason"),
    }


def tally_payload(
    card: DilemmaCard, state: RoundState, option_id: str, count: object
) -> dict[str, Any]:
    """How many hands went up for an option in this round (facilitator)."""
    if option_id not in {o.id for o in card.options}:
        raise InvalidInput("dilemma_option")
    if not isinstance(count, int) or not 0 <= count <= MAX_TALLY:
        raise InvalidInput("dilemma_tally")
    return {"round": state.round, "option_id": option_id, "count": count}


def closing_payload(
    state: RoundState, knowledge: object, actions: object, power: object
) -> dict[str, Any]:
    """What the group weighs next time: at least one of knowledge, actions, power."""
    parts = {
        "knowledge": clean_text(knowledge, MAX_CLOSING, "dilemma_closing_long"),
        "actions": clean_text(actions, MAX_CLOSING, "dilemma_closing_long"),
        "power": clean_text(power, MAX_CLOSING, "dilemma_closing_long"),
    }
    if not any(parts.values()):
        raise InvalidInput("dilemma_closing_empty")
    return {**parts, "round": state.round}


def own_card_payload(data: Mapping[str, Any]) -> dict[str, Any]:
    """A card the team wrote, already checked by :mod:`kit.model.own_cards`."""
    return {"card": dict(data)}


def variation_of(card: DilemmaCard, variation_id: str | None) -> Variation:
    """The card's "wat als…" variation ``variation_id``; refused if it has none."""
    found = next((v for v in card.variations if v.id == variation_id), None)
    if found is None:
        raise InvalidInput("dilemma_variation")
    return found


# --------------------------------------------------------------------- one round


@dataclass(frozen=True)
class Movement:
    """Who chose differently in a later round than in round 1 (the tipping point).

    ``moves`` are ``(from letter, to letter, people)`` for those who changed;
    ``transitions`` is :func:`transitions`, ``changes`` :func:`count_changes`.
    """

    moved: int
    stayed: int
    moves: tuple[tuple[str, str, int], ...]
    transitions: pd.DataFrame
    changes: pd.DataFrame


@dataclass(frozen=True)
class RoundResult:
    """Everything the room sees of one round after the reveal, without names.

    ``distribution`` is :func:`distribution`; ``devices`` counts choices made
    on a device and ``total`` adds the hands; ``reasons`` are per option id in
    card order; ``movement`` is there from round 2 on.
    """

    card: DilemmaCard
    round: int
    variation: Variation | None
    distribution: pd.DataFrame
    devices: int
    total: int
    minority: Minority
    reasons: Mapping[str, tuple[Reason, ...]]
    movement: Movement | None

    @property
    def letters(self) -> dict[str, str]:
        """Option id → the letter shown on the card."""
        return {o.id: option_letter(i) for i, o in enumerate(self.card.options)}

    @property
    def n_reasons(self) -> int:
        return sum(len(r) for r in self.reasons.values())


def round_variations(events: Iterable[Event], card_id: str) -> dict[int, str | None]:
    """Which "wat als…" variation each round of a card played."""
    found: dict[int, str | None] = {1: None}
    for event in _of(events, card_id, PHASE):
        payload = event.payload
        if "round" in payload:
            try:
                found[int(payload["round"])] = payload.get("variation_id") or None
            except (TypeError, ValueError):
                continue
    return found


def round_result(
    events: Sequence[Event], card: DilemmaCard, round_no: int
) -> RoundResult:
    """Fold the events of ``card`` into what round ``round_no`` showed the room."""
    option_ids = [o.id for o in card.options]
    choices = current_choices(events, card.id, round_no, option_ids)
    tallies = current_tallies(events, card.id, round_no, option_ids)
    dist = distribution(card, choices, tallies)
    variation_id = round_variations(events, card.id).get(round_no)
    variation = next((v for v in card.variations if v.id == variation_id), None)
    grouped = reasons_by_option(option_ids, choices)
    return RoundResult(
        card=card,
        round=round_no,
        variation=variation,
        distribution=dist,
        devices=len(choices),
        total=int(dist["count"].sum()) if len(dist) else 0,
        minority=find_minority(dist),
        reasons={o: tuple(grouped[o]) for o in option_ids},
        movement=_movement(events, card, dist, choices) if round_no > 1 else None,
    )


def _movement(
    events: Sequence[Event],
    card: DilemmaCard,
    dist: pd.DataFrame,
    choices: Mapping[str, Choice],
) -> Movement:
    option_ids = [o.id for o in card.options]
    letters = {o.id: option_letter(i) for i, o in enumerate(card.options)}
    first = current_choices(events, card.id, 1, option_ids)
    first_tallies = current_tallies(events, card.id, 1, option_ids)
    trans = transitions(first, choices, option_ids)
    moved, stayed = movement(trans)
    moves = tuple(
        (letters[a], letters[b], int(n))
        for a, b, n, is_move in trans.itertuples(index=False)
        if is_move
    )
    changes = count_changes(distribution(card, first, first_tallies), dist)
    return Movement(moved, stayed, moves, trans, changes)
