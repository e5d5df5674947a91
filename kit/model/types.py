"""Plain typed content of the kit: decks, cards, values, beliefs, templates.

These are immutable dataclasses built from validated YAML in ``data/``. They
know nothing of widgets or storage.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Role = Literal["beleid", "uitvoering", "toezicht", "leiding", "ict", "burger"]
ROLES: tuple[Role, ...] = (
    "beleid",
    "uitvoering",
    "toezicht",
    "leiding",
    "ict",
    "burger",
)

ProximityRing = Literal[
    "aan_tafel", "direct_contact", "functioneel_nabij", "via_rapporten", "niet_in_beeld"
]
#: Proximity rings from nearest (0) to furthest (4).
RINGS: tuple[ProximityRing, ...] = (
    "aan_tafel",
    "direct_contact",
    "functioneel_nabij",
    "via_rapporten",
    "niet_in_beeld",
)

CATEGORIES: tuple[str, ...] = (
    "burgers",
    "netwerk",
    "ervaringsdeskundigen",
    "uitvoering",
    "toezicht",
    "beleid_politiek",
    "wetenschap",
    "maatschappelijke_organisaties",
    "andere_overheden",
)


@dataclass(frozen=True, slots=True)
class Option:
    """A course of action (handelingsoptie) on a card."""

    id: str
    label: str
    rationale: str


@dataclass(frozen=True, slots=True)
class Variation:
    """A "wat als…" variation that changes one circumstance of a card."""

    id: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class DilemmaCard:
    """A dilemma card (dilemmakaart): a critical professional situation."""

    id: str
    title: str
    role: Role
    setting: str
    situation: str
    values: tuple[str, ...]
    options: tuple[Option, ...]
    questions: tuple[str, ...]
    facilitator_note: str
    sources: tuple[str, ...]
    themes: tuple[str, ...] = ()
    blocking_beliefs: tuple[str, ...] = ()
    variations: tuple[Variation, ...] = ()
    author: str | None = None
    #: Policy area (deck format 2); ``""`` on a format-1 card.
    domain: str = ""
    #: Background for the facilitator (article, precedent, what is made up).
    facts: tuple[str, ...] = ()

    def option(self, option_id: str) -> Option:
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)

    @property
    def word_count(self) -> int:
        return len(self.situation.split())


@dataclass(frozen=True, slots=True)
class Theme:
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Deck:
    """A deck (kaartspel) of dilemma cards."""

    id: str
    title: str
    cards: tuple[DilemmaCard, ...]
    themes: tuple[Theme, ...] = ()
    description: str = ""
    language: str = "nl"

    def card(self, card_id: str) -> DilemmaCard:
        for card in self.cards:
            if card.id == card_id:
                return card
        raise KeyError(card_id)

    def theme_label(self, theme_id: str) -> str:
        return next((t.label for t in self.themes if t.id == theme_id), theme_id)


@dataclass(frozen=True, slots=True)
class ValueGroup:
    id: str
    label: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Value:
    """A public value (publieke waarde) with a plain-language definition."""

    id: str
    name: str
    group: str
    definition: str
    question: str
    source: str


@dataclass(frozen=True, slots=True)
class ValueCatalogue:
    groups: tuple[ValueGroup, ...]
    values: tuple[Value, ...]

    def get(self, value_id: str) -> Value:
        for value in self.values:
            if value.id == value_id:
                return value
        raise KeyError(value_id)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(v.id for v in self.values)


@dataclass(frozen=True, slots=True)
class Belief:
    """A blocking belief (blokkerende overtuiging) or the shared dilemma."""

    id: str
    kind: Literal["blocking_belief", "shared_dilemma"]
    name: str
    roles: tuple[Role, ...]
    statement: str
    explanation: str
    counter_question: str
    scan_statement: str
    source: str
    number: int | None = None


@dataclass(frozen=True, slots=True)
class StakeholderEntry:
    """A typical stakeholder in a template, with a first guess of its placement."""

    id: str
    name: str
    category: str
    impact: int
    proximity: ProximityRing
    voice: int
    description: str = ""


@dataclass(frozen=True, slots=True)
class StakeholderTemplate:
    id: str
    title: str
    stakeholders: tuple[StakeholderEntry, ...]
    description: str = ""


@dataclass(frozen=True, slots=True)
class Action:
    """One step in the palette of actions for speaking up.

    ``roles`` names the roles a step is mainly meant for (e.g. a technical
    briefing for toezicht); empty means the step fits everyone.
    """

    id: str
    name: str
    description: str
    asks_of_you: str
    when: str
    risk: str = ""
    roles: tuple[Role, ...] = ()

    def fits(self, roles: Iterable[str]) -> bool:
        """Whether the step belongs on the ladder of a team with these ``roles``."""
        wanted = set(roles)
        return not self.roles or not wanted or bool(wanted & set(self.roles))


@dataclass(frozen=True, slots=True)
class Library:
    """Everything loaded from one ``data/`` directory."""

    values: ValueCatalogue
    beliefs: tuple[Belief, ...] = ()
    decks: tuple[Deck, ...] = ()
    templates: tuple[StakeholderTemplate, ...] = ()
    actions: tuple[Action, ...] = ()
    files: tuple[str, ...] = field(default=())

    def deck(self, deck_id: str) -> Deck:
        for deck in self.decks:
            if deck.id == deck_id:
                return deck
        raise KeyError(deck_id)

    def template(self, template_id: str) -> StakeholderTemplate:
        for template in self.templates:
            if template.id == template_id:
                return template
        raise KeyError(template_id)

    def belief(self, belief_id: str) -> Belief:
        for belief in self.beliefs:
            if belief.id == belief_id:
                return belief
        raise KeyError(belief_id)
