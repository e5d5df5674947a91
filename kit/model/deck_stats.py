"""How a deck plays across sessions: the option split per card, aggregates only.

For a trainer who maintains a deck. Each session's first-round votes on a card
(devices and counted hands together, as the room saw them at the reveal) are
added up over every session in a store. A card where one option draws more than
:data:`LOPSIDED` of the votes may have an obvious answer and is flagged. Nothing
here carries a pseudonym or a reason: only counts per option.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kit.model import dilemma as M
from kit.model.events import Event
from kit.model.types import Deck, DilemmaCard

#: A card is possibly lopsided when one option draws more than this share.
LOPSIDED = 0.60
#: Below this many votes a share says little; the card is marked as such.
FEW_VOTES = 10


@dataclass(frozen=True, slots=True)
class OptionCount:
    """Votes for one option of a card, over all sessions."""

    option_id: str
    letter: str
    label: str
    votes: int
    share: float  # 0 when the card has no votes


@dataclass(frozen=True, slots=True)
class CardSplit:
    """The option split of one card over the sessions that played it."""

    card_id: str
    title: str
    sessions: int  # sessions with at least one first-round vote on the card
    votes: int
    options: tuple[OptionCount, ...]
    lopsided: bool  # one option has more than the threshold share
    few_votes: bool  # fewer votes than the minimum: read the share with care

    @property
    def played(self) -> bool:
        return self.votes > 0

    @property
    def top(self) -> OptionCount | None:
        """The option with the most votes (the first of a tie), if any votes."""
        return max(self.options, key=lambda o: o.votes) if self.played else None


def _first_round_votes(events: Sequence[Event], card: DilemmaCard) -> dict[str, int]:
    option_ids = [o.id for o in card.options]
    counts = dict.fromkeys(option_ids, 0)
    for choice in M.current_choices(events, card.id, 1, option_ids).values():
        counts[choice.option_id] += 1
    for option_id, hands in M.current_tallies(events, card.id, 1, option_ids).items():
        counts[option_id] += hands
    return counts


def option_split(
    deck: Deck,
    sessions: Iterable[Sequence[Event]],
    *,
    threshold: float = LOPSIDED,
    min_votes: int = FEW_VOTES,
) -> list[CardSplit]:
    """Per card of ``deck``, in deck order, its first-round option split.

    ``sessions`` holds each session's dilemma events (one sequence per session,
    so a round in one session never mixes with another). Cards that were never
    played are included with zero votes.
    """
    totals = {
        card.id: dict.fromkeys((o.id for o in card.options), 0) for card in deck.cards
    }
    played_in = dict.fromkeys(totals, 0)
    for events in sessions:
        events = [e for e in events if e.tool == M.TOOL]
        for card in deck.cards:
            counts = _first_round_votes(events, card)
            if sum(counts.values()):
                played_in[card.id] += 1
            for option_id, n in counts.items():
                totals[card.id][option_id] += n
    return [
        _split(card, totals[card.id], played_in[card.id], threshold, min_votes)
        for card in deck.cards
    ]


def _split(
    card: DilemmaCard,
    counts: dict[str, int],
    sessions: int,
    threshold: float,
    min_votes: int,
) -> CardSplit:
    votes = sum(counts.values())
    options = tuple(
        OptionCount(
            option.id,
            M.option_letter(i),
            option.label,
            counts[option.id],
            counts[option.id] / votes if votes else 0.0,
        )
        for i, option in enumerate(card.options)
    )
    top = max((o.share for o in options), default=0.0)
    return CardSplit(
        card_id=card.id,
        title=card.title,
        sessions=sessions,
        votes=votes,
        options=options,
        lopsided=votes > 0 and top > threshold,
        few_votes=0 < votes < min_votes,
    )
