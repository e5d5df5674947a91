"""``kit kaartstatistiek``: the option split per card over every session in a store.

Reads through the store's existing verbs only (``find_idle_sessions`` with a
moment far in the future lists every session; ``find_answers`` gives each
session's dilemma events) and prints aggregates: counts per option, never a
pseudonym or a reason.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from kit.locale import t
from kit.model import dilemma as M
from kit.model.deck_stats import CardSplit, option_split
from kit.model.types import Deck
from kit.store import Answer, Store

#: "Idle since a century from now" is true of every session in the store.
_EVERY_SESSION = 100 * 365 * 86_400


def session_events(store: Store) -> list[list[Answer]]:
    """Each session's dilemma events, one list per session."""
    sessions = store.find_idle_sessions(time.time() + _EVERY_SESSION)
    return [store.find_answers(s.id, tool=M.TOOL) for s in sessions]


def deck_stats(
    store: Store, deck: Deck, *, threshold: float, min_votes: int
) -> tuple[int, list[CardSplit]]:
    """How many sessions the store holds, and the split of every card of ``deck``."""
    events = session_events(store)
    splits = option_split(deck, events, threshold=threshold, min_votes=min_votes)
    return len(events), splits


def stats_lines(
    deck: Deck, sessions: int, splits: Sequence[CardSplit], threshold: float
) -> list[str]:
    """The report as lines of text: possibly lopsided cards first, then the rest."""
    played = [s for s in splits if s.played]
    lines = [
        t("stats.heading", deck=deck.title, sessions=sessions, played=len(played)),
        t("stats.privacy"),
        "",
    ]
    order = sorted(played, key=lambda s: (not s.lopsided, -s.votes, s.title))
    for split in order:
        options = " · ".join(
            f"{o.letter} {round(100 * o.share)}% ({o.votes})" for o in split.options
        )
        key = "stats.card.lopsided" if split.lopsided else "stats.card"
        line = t(
            key,
            title=split.title,
            id=split.card_id,
            votes=split.votes,
            sessions=split.sessions,
            options=options,
        )
        if split.few_votes:
            line += " " + t("stats.few_votes")
        lines.append(line)
    lopsided = sum(s.lopsided for s in played)
    lines += [
        "",
        t("stats.summary", n=lopsided, percent=round(100 * threshold)),
        t("stats.unplayed", n=len(splits) - len(played)),
    ]
    return lines
