"""Deck browser: filter, search and draw dilemma cards (kaarten bekijken)."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import ipywidgets as W

from kit.locale import t
from kit.model.cards import CardFilter, draw_card, filter_cards, role_counts
from kit.model.types import Deck, DilemmaCard, Library
from kit.widgets.cardview import card_html
from kit.widgets.feedback import MessageArea, esc, guarded
from kit.widgets.styles import use_styles

ALL = ""


def _filter(label_key: str, pairs: list[tuple[str, str]]) -> W.Dropdown:
    """A filter dropdown: "Alle" first, then the (label, id) pairs in use."""
    return W.Dropdown(
        options=[(t("browser.all"), ALL), *pairs],
        description=t(label_key),
        layout=W.Layout(width="100%", max_width="34em"),
        style={"description_width": "9em"},
    )


def _facet_options(deck: Deck, library: Library) -> dict[str, list[tuple[str, str]]]:
    """The (label, id) pairs each filter offers: only what the deck's cards use."""
    roles = sorted({c.role for c in deck.cards})
    domains = sorted({c.domain for c in deck.cards if c.domain})
    values = {v for c in deck.cards for v in c.values}
    beliefs = {b for c in deck.cards for b in c.blocking_beliefs}
    return {
        "role": [(t(f"role.{r}"), r) for r in roles],
        "domain": [(t(f"domain.{d}"), d) for d in domains],
        "value": [(v.name, v.id) for v in library.values.values if v.id in values],
        "belief": [(b.name, b.id) for b in library.beliefs if b.id in beliefs],
        "theme": [(x.label, x.id) for x in deck.themes],
    }


class DeckBrowser(W.VBox):
    """Browse a deck by role, domain, value, belief, theme and text; draw a card.

    Every action is a method (``set_filter``, ``draw``, ``show``) so tests and
    other widgets drive it from Python; ``on_select`` tells who listens which card
    is now chosen.
    """

    def __init__(
        self,
        deck: Deck,
        library: Library,
        *,
        show_chart: bool = True,
        rng: random.Random | None = None,
    ):
        use_styles()
        self.deck = deck
        self.library = library
        self.messages = MessageArea()
        self._rng = rng or random.Random()  # noqa: S311 - drawing a card is not security
        self._listeners: list[Callable[[DilemmaCard], None]] = []
        self._played: list[str] = []
        self.selected: DilemmaCard | None = None

        controls = self._build_filters(deck, library)
        for control in controls:
            control.style = {"description_width": "9em"}
            control.layout = W.Layout(width="100%", max_width="34em")
            control.observe(self._on_filter_change, names="value")

        self.count = W.HTML()
        self.cards = W.Select(
            description=t("browser.cards"),
            rows=8,
            layout=W.Layout(width="100%", max_width="46em"),
            style={"description_width": "9em"},
        )
        self.cards.observe(self._on_pick, names="value")
        self.draw_button = W.Button(
            description=t("browser.draw"), button_style="primary", icon="random"
        )
        self.draw_button.on_click(lambda _b: self.draw())
        self.card_view = W.HTML()
        self.chart = W.HTML()
        self._show_chart = show_chart

        filters = W.VBox(list(controls))
        super().__init__(
            [
                W.HTML(f"<h2>{esc(t('browser.title', deck=deck.title))}</h2>"),
                filters,
                self.count,
                self.cards,
                self.draw_button,
                self.messages,
                self.card_view,
                self.chart,
            ]
        )
        self.add_class("kit-root")
        self.add_class("kit-browser")
        self._refresh()

    def _build_filters(self, deck: Deck, library: Library) -> tuple[W.Widget, ...]:
        """One dropdown per facet the deck uses (role, domain, value, belief,
        theme), and a search box."""
        pairs = _facet_options(deck, library)
        self.role = _filter("browser.role", pairs["role"])
        self.domain = _filter("browser.domain", pairs["domain"])
        self.value = _filter("browser.value", pairs["value"])
        self.belief = _filter("browser.belief", pairs["belief"])
        self.theme = _filter("browser.theme", pairs["theme"])
        self.search = W.Text(
            description=t("browser.search"), placeholder=t("browser.search.placeholder")
        )
        return (
            self.role,
            self.domain,
            self.value,
            self.belief,
            self.theme,
            self.search,
        )

    # --- public actions --------------------------------------------------------------

    @property
    def current_filter(self) -> CardFilter:
        return CardFilter(
            self.role.value,
            self.value.value,
            self.belief.value,
            self.theme.value,
            self.search.value.strip(),
            self.domain.value,
        )

    @property
    def matching(self) -> list[DilemmaCard]:
        return filter_cards(self.deck.cards, self.current_filter)

    def set_filter(self, **values: str) -> None:
        """Set filters by name: role, domain, value, belief, theme, text."""
        controls: dict[str, W.ValueWidget] = {**self._facets(), "text": self.search}
        for name, value in values.items():
            controls[name].value = value

    @guarded
    def draw(self) -> DilemmaCard | None:
        """Draw a random card from the current selection (unplayed ones first)."""
        card = draw_card(self.matching, self._rng, exclude=self._played)
        if card is None:
            self.messages.info(t("browser.none"))
            return None
        self.show(card.id)
        return card

    @guarded
    def show(self, card_id: str) -> None:
        """Show a card and tell listeners it is selected."""
        card = self.deck.card(card_id)
        self.selected = card
        self._played.append(card.id)
        self.card_view.value = card_html(
            card, self.library, self.deck, for_facilitator=True
        )
        if self.cards.value != card.id and card.id in dict(self.cards.options).values():
            self.cards.value = card.id
        self.messages.clear()
        for listener in self._listeners:
            listener(card)

    def on_select(self, callback: Callable[[DilemmaCard], None]) -> None:
        self._listeners.append(callback)

    def set_deck(self, deck: Deck) -> None:
        """Browse ``deck`` from now on (e.g. with the team's own cards added).

        The filters the team set stay as they are, so "Trek een kaart" keeps
        drawing from the same selection; a new role or domain is offered too.
        """
        self.deck = deck
        pairs = _facet_options(deck, self.library)
        for name, control in self._facets().items():
            kept = control.value
            offered = [(t("browser.all"), ALL), *pairs[name]]
            control.unobserve(self._on_filter_change, names="value")
            control.options = offered
            control.value = kept if kept in {v for _l, v in offered} else ALL
            control.observe(self._on_filter_change, names="value")
        self._refresh()

    # --- internals -------------------------------------------------------------------

    def _facets(self) -> dict[str, W.Dropdown]:
        return {
            "role": self.role,
            "domain": self.domain,
            "value": self.value,
            "belief": self.belief,
            "theme": self.theme,
        }

    def _on_filter_change(self, _change: dict[str, Any]) -> None:
        self._refresh()

    def _on_pick(self, change: dict[str, Any]) -> None:
        if change["new"] and (
            self.selected is None or self.selected.id != change["new"]
        ):
            self.show(change["new"])

    @guarded
    def _refresh(self) -> None:
        matching = self.matching
        count = t("browser.count", n=len(matching), total=len(self.deck.cards))
        self.count.value = f"<p role='status'>{esc(count)}</p>"
        if self.selected is not None and self.selected not in matching:
            # A card outside the filters is neither shown nor played.
            self.selected = None
            self.card_view.value = ""
        # New options make the list select its first card: not a pick.
        self.cards.unobserve(self._on_pick, names="value")
        try:
            self.cards.options = [
                (f"{c.title} ({t('role.' + c.role)})", c.id) for c in matching
            ]
            self.cards.value = self.selected.id if self.selected else None
        finally:
            self.cards.observe(self._on_pick, names="value")
        if self._show_chart:
            from kit.charts.deck import role_chart

            self.chart.value = (
                role_chart(role_counts(matching)).to_html() if matching else ""
            )
