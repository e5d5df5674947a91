"""The team's own dilemma cards: a form to write one, a list, and a download.

A part of :class:`~kit.widgets.dilemma.DilemmaTable` (a mixin): a card the team
writes is checked by :mod:`kit.model.own_cards`, stored at once and playable
right away; the facilitator's deck browser picks it up.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import ipywidgets as W

from kit.locale import t
from kit.model import dilemma as M
from kit.model import own_cards
from kit.model.types import ROLES, DilemmaCard
from kit.store import Answer
from kit.widgets.feedback import (
    MessageArea,
    esc,
    guarded,
    show,
    titled_box,
    wide,
)

if TYPE_CHECKING:
    import threading

    from kit.model.types import Deck, Library
    from kit.session import Seat
    from kit.widgets.browser import DeckBrowser


log = logging.getLogger("kit")

LABEL_STYLE = {"description_width": "12em"}


def section_box(title: str, *children: W.Widget, css: str = "") -> W.VBox:
    classes = ("kit-dilemma-section", css) if css else ("kit-dilemma-section",)
    return titled_box(title, *children, classes=classes)


def text_area(key: str, rows: int) -> W.Textarea:
    """A labelled text area; its placeholder text is ``<key>.placeholder``."""
    return W.Textarea(
        description=t(key),
        placeholder=t(f"{key}.placeholder"),
        rows=rows,
        layout=wide(),
        style=LABEL_STYLE,
    )


def _field(key: str, *, area: bool = False, rows: int = 3) -> W.Widget:
    """A labelled field of the own-card form, with its placeholder."""
    make = W.Textarea if area else W.Text
    extra = {"rows": rows} if area else {}
    return make(
        description=t(f"own.field.{key}"),
        placeholder=t(f"own.placeholder.{key}"),
        layout=wide(),
        style=LABEL_STYLE,
        **extra,
    )


def _option_fields(index: int) -> tuple[W.Text, W.Textarea]:
    """The label and the rationale of course of action ``index`` (A, B, …)."""
    letter = M.option_letter(index)
    return (
        W.Text(
            description=t("own.field.option.label", letter=letter),
            placeholder=t("own.placeholder.option"),
            layout=wide(),
            style=LABEL_STYLE,
        ),
        W.Textarea(
            description=t("own.field.option.rationale", letter=letter),
            placeholder=t("own.placeholder.rationale"),
            rows=2,
            layout=wide(),
            style=LABEL_STYLE,
        ),
    )


def _help(label_key: str, help_key: str) -> W.HTML:
    return W.HTML(f"<p><strong>{esc(t(label_key))}</strong> {esc(t(help_key))}</p>")


class OwnCardsParts:
    """The own-card form and list of :class:`DilemmaTable` (uses its state)."""

    if TYPE_CHECKING:  # provided by DilemmaTable, which this part is mixed into
        seat: Seat
        library: Library
        base_deck: Deck
        browser: DeckBrowser
        play_button: W.Button
        _lock: threading.RLock
        _own: list[dict[str, Any]]
        _own_cards: dict[str, DilemmaCard]

        @property
        def deck(self) -> Deck: ...
        def refresh(self) -> None: ...
        def _events(self) -> list[Answer]: ...

    def _build_own(self) -> W.VBox:
        """The team's own cards: a form (built on first use), a list, a download."""
        self.write_toggle = W.ToggleButton(
            description=t("own.toggle"), tooltip=t("own.toggle.tooltip"), value=False
        )
        self.write_toggle.observe(self._on_write_toggle, names="value")
        self.form = W.VBox()
        self.form.add_class("kit-dilemma-form")
        show(self.form, False)
        self.own_messages = MessageArea()
        self.own_list = W.HTML()
        self.export_link = W.HTML()
        return section_box(
            t("own.title"),
            W.HTML(f"<p>{esc(t('own.intro'))}</p>"),
            self.write_toggle,
            self.form,
            self.own_messages,
            self.own_list,
            self.export_link,
            css="kit-dilemma-own",
        )

    @guarded
    def write_card(
        self,
        title: str,
        role: str,
        setting: str,
        situation: str,
        values: Sequence[str],
        options: Sequence[tuple[str, str]],
        questions: Sequence[str],
        note: str,
    ) -> str | None:
        """Write the team's own card; stored and playable at once if it checks out.

        Returns the new card's id, or ``None`` with the problems shown when the
        card is not complete yet.
        """
        self._load_own(self._events())
        taken = {c.id for c in self.base_deck.cards} | set(self._own_cards)
        data = own_cards.card_data(
            title=title,
            role=role,
            setting=setting,
            situation=situation,
            values=values,
            options=options,
            questions=questions,
            note=note,
            taken=taken,
        )
        problems = own_cards.validate_card(data, self.library)
        errors = [p for p in problems if p.severity == "error"]
        lines = [
            t(
                "own.problem",
                field=own_cards.field_label(p.field),
                message=p.message,
                fix=p.fix,
            )
            if p.field
            else t("own.problem.general", message=p.message, fix=p.fix)
            for p in problems
        ]
        if errors:
            self.own_messages.error("\n".join([t("own.not_saved"), *lines]))
            return None
        payload = M.own_card_payload(data)
        if self.seat.participant is not None:
            self.seat.answer(M.TOOL, data["id"], M.OWN_CARD, payload)
        else:
            self.seat.facilitator_event(M.TOOL, data["id"], M.OWN_CARD, payload)
        self.refresh()
        saved = t("own.saved", title=data["title"])
        if lines:
            self.own_messages.info("\n".join([saved, *lines]))
        else:
            self.own_messages.ok(saved)
        return str(data["id"])

    def export_yaml(self) -> str:
        """The team's own cards as a deck file that ``kit validate`` accepts."""
        return own_cards.deck_yaml(
            self._own,
            deck_id=own_cards.deck_id_for(self.seat.session.code),
            title=t("own.deck_title", session=self.seat.session.title),
        )

    def _load_own(self, events: Sequence[Answer]) -> None:
        """Take in the team's own cards; the facilitator's browser gets new ones."""
        own = M.own_card_data(events)
        with self._lock:  # the watcher thread may be refreshing at the same time
            if own == self._own:
                return
            cards: dict[str, DilemmaCard] = {}
            for data in own:
                try:
                    cards[data["id"]] = own_cards.card_from_data(data)
                except (KeyError, TypeError):  # written by an older kit: skip it
                    log.warning("kit: skipping an own card that cannot be read")
            changed = set(cards) != set(self._own_cards)
            self._own, self._own_cards = own, cards
            if changed and self.seat.is_facilitator and hasattr(self, "browser"):
                # Same browser, same filters: a new own card must not reset
                # the team's role or domain filter under "Trek een kaart".
                self.browser.set_deck(self.deck)

    def _show_own(self) -> None:
        if not self._own:
            self.own_list.value = ""
            self.export_link.value = ""
            return
        items = "".join(
            f"<li>{esc(c['title'])} <span class='kit-meta'>"
            f"({esc(t('role.' + str(c.get('role'))))})</span></li>"
            for c in self._own
        )
        self.own_list.value = (
            f"<h4>{esc(t('own.list'))}</h4>"
            f"<ul class='kit-dilemma-own-list'>{items}</ul>"
        )
        encoded = base64.b64encode(self.export_yaml().encode("utf-8")).decode("ascii")
        filename = own_cards.deck_id_for(self.seat.session.code) + ".yaml"
        self.export_link.value = (
            f"<p><a class='kit-dilemma-download' download='{esc(filename)}' "
            f"href='data:application/x-yaml;charset=utf-8;base64,{encoded}'>"
            f"{esc(t('own.download', n=len(self._own)))}</a></p>"
            f"<p class='kit-meta'>{esc(t('own.download.help'))}</p>"
        )

    def _on_write_toggle(self, change: dict[str, Any]) -> None:
        if change["new"] and not self.form.children:
            self._build_form()
        show(self.form, bool(change["new"]))

    # --- the own-card form ----------------------------------------------------------

    def _build_form(self) -> None:
        self.f_title = _field("title")
        self.f_role = W.Dropdown(
            options=[(t(f"role.{r}"), r) for r in ROLES],
            description=t("own.field.role"),
            layout=wide(),
            style=LABEL_STYLE,
        )
        self.f_setting = _field("setting", area=True, rows=2)
        self.f_situation = _field("situation", area=True, rows=6)
        self.f_values = {
            v.id: W.Checkbox(
                description=v.name,
                value=False,
                indent=False,
                layout=W.Layout(width="15em"),
            )
            for v in self.library.values.values
        }
        values_box = W.VBox(
            [
                _help("own.field.values", "own.values.help"),
                W.HBox(list(self.f_values.values()), layout=W.Layout(flex_flow="wrap")),
            ]
        )
        self.f_options = [_option_fields(i) for i in range(own_cards.MAX_OPTIONS)]
        self.f_questions = [
            W.Text(
                description=t("own.field.question", n=i + 1),
                placeholder=t("own.placeholder.question"),
                layout=wide(),
                style=LABEL_STYLE,
            )
            for i in range(own_cards.MAX_QUESTIONS)
        ]
        self.f_note = _field("facilitator_note", area=True, rows=2)
        self.f_save = W.Button(description=t("own.save"), button_style="primary")
        self.f_save.on_click(lambda _b: self._write_from_form())
        self.form.children = [
            W.HTML(f"<p>{esc(t('own.form.help'))}</p>"),
            self.f_title,
            self.f_role,
            self.f_setting,
            self.f_situation,
            values_box,
            _help("own.field.options", "own.options.help"),
            *[w for pair in self.f_options for w in pair],
            _help("own.field.questions", "own.questions.help"),
            *self.f_questions,
            self.f_note,
            self.f_save,
        ]

    def _write_from_form(self) -> None:
        card_id = self.write_card(
            title=self.f_title.value,
            role=self.f_role.value,
            setting=self.f_setting.value,
            situation=self.f_situation.value,
            values=[v for v, box in self.f_values.items() if box.value],
            options=[(a.value, b.value) for a, b in self.f_options],
            questions=[q.value for q in self.f_questions],
            note=self.f_note.value,
        )
        if card_id is None:
            return
        for control in (
            self.f_title,
            self.f_setting,
            self.f_situation,
            self.f_note,
            *self.f_questions,
            *(w for pair in self.f_options for w in pair),
        ):
            control.value = ""
        for box in self.f_values.values():
            box.value = False
