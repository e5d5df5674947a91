"""HTML for one dilemma card: large, readable on a beamer and on a phone."""

from __future__ import annotations

from kit.locale import t
from kit.model.types import Deck, DilemmaCard, Library, Variation
from kit.widgets.feedback import esc


def card_html(
    card: DilemmaCard,
    library: Library,
    deck: Deck | None = None,
    *,
    with_options: bool = True,
    for_facilitator: bool = False,
    side: bool = True,
) -> str:
    """The card as an article with its title as heading; all text escaped.

    ``for_facilitator`` adds the facilitator note, the background facts and the
    sources in a closed ``<details>`` block; never pass it for a shared screen.
    ``side=False`` leaves out the values, beliefs and options (:func:`side_html`
    gives them), e.g. for a phone where the answer form follows the situation.
    """
    side_part = side_html(card, library, deck, with_options=with_options)
    # Two groups, so a wide screen (the room view) can set them side by side.
    return (
        f"<article class='kit-card' aria-labelledby='kit-card-{esc(card.id)}'>"
        "<div class='kit-card-text'>"
        f"<p class='kit-meta'>{esc(t('role.' + card.role))}"
        f"{_themes(card, deck)}</p>"
        f"<h2 id='kit-card-{esc(card.id)}'>{esc(card.title)}</h2>"
        f"<p><em>{esc(card.setting)}</em></p>"
        f"<p class='kit-situation'>{esc(card.situation)}</p></div>"
        f"{side_part if side else ''}"
        f"{facilitator_html(card) if for_facilitator else ''}"
        "</article>"
    )


def _themes(card: DilemmaCard, deck: Deck | None) -> str:
    themes = ", ".join(esc(deck.theme_label(x) if deck else x) for x in card.themes)
    if card.domain:
        themes = esc(t(f"domain.{card.domain}")) + (" · " + themes if themes else "")
    return " · " + themes if themes else ""


def side_html(
    card: DilemmaCard,
    library: Library,
    deck: Deck | None = None,
    *,
    with_options: bool = True,
) -> str:
    """The card's values, blocking beliefs and options (with why), escaped."""

    def value_name(value_id: str) -> str:
        try:
            return library.values.get(value_id).name
        except KeyError:
            return value_id

    def belief_name(belief_id: str) -> str:
        try:
            return library.belief(belief_id).name
        except KeyError:
            return belief_id

    badges = "".join(
        f"<span class='kit-badge'>{esc(value_name(v))}</span>" for v in card.values
    )
    beliefs = "".join(f"<li>{esc(belief_name(b))}</li>" for b in card.blocking_beliefs)
    options = ""
    if with_options:
        items = "".join(
            f"<li><strong>{esc(o.label)}</strong>"
            f"<br><span class='kit-meta'>{esc(o.rationale)}</span></li>"
            for o in card.options
        )
        options = (
            f"<h3>{esc(t('card.options'))}</h3>"
            f"<ol class='kit-options' type='A'>{items}</ol>"
        )
    beliefs_html = (
        f"<p class='kit-meta'>{esc(t('card.beliefs'))}</p><ul>{beliefs}</ul>"
        if beliefs
        else ""
    )
    return (
        "<div class='kit-card-side'>"
        f"<p class='kit-meta'>{esc(t('card.values'))}</p><p>{badges}</p>"
        f"{beliefs_html}{options}</div>"
    )


def facilitator_html(card: DilemmaCard, *, open_: bool = False) -> str:
    """The facilitator's background to a card: note, facts and sources, escaped.

    A ``<details>`` block, closed unless ``open_``: it holds what the room should
    not read along (the note says what to watch for; the facts what is made up).
    """
    facts = "".join(f"<li>{esc(fact)}</li>" for fact in card.facts)
    sources = "".join(f"<li>{esc(source)}</li>" for source in card.sources)
    return (
        f"<details class='kit-facilitator'{' open' if open_ else ''}>"
        f"<summary>{esc(t('card.facilitator'))}</summary>"
        f"<p>{esc(card.facilitator_note)}</p>"
        + (
            f"<p class='kit-meta'>{esc(t('card.facts'))}</p><ul>{facts}</ul>"
            if facts
            else ""
        )
        + f"<p class='kit-meta'>{esc(t('card.sources'))}</p><ul>{sources}</ul>"
        "</details>"
    )


def variation_html(variation: Variation) -> str:
    """A "wat als…" variation as a highlighted block: kicker, title and text."""
    return (
        "<div class='kit-dilemma-variation'>"
        f"<p class='kit-dilemma-kicker'>{esc(t('dilemma.what_if'))}</p>"
        f"<h4>{esc(variation.title)}</h4><p>{esc(variation.text)}</p></div>"
    )
