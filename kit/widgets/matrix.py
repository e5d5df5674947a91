"""Afwegingsmatrix widget: options × public values, weighed by the room.

This module only wires: what is computed comes from :mod:`kit.model.matrix`,
what is drawn from :mod:`kit.charts.matrix` (imported when the picture is first
shown, so a participant's kernel does not load altair before the reveal). Every
action a person can take is a method, so tests drive the tool from Python.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from typing import Any

import ipywidgets as W

from kit.errors import InvalidInput
from kit.locale import t
from kit.model import matrix as M
from kit.model.phases import PHASES
from kit.model.types import DilemmaCard, Library
from kit.session import Seat
from kit.store import Answer
from kit.widgets.feedback import esc, guarded, show, visible_html
from kit.widgets.layout import button, html_widget
from kit.widgets.live import LiveTool, locked

log = logging.getLogger("kit")
NOT_CHOSEN = ""
WIDE = {"description_width": "12em"}


def score_choices() -> list[tuple[str, Any]]:
    """The score dropdown: not chosen, -- … ++, weet ik niet."""
    return [
        (t("matrix.score.none"), NOT_CHOSEN),
        *((t(f"matrix.score.{s}"), s) for s in M.SCORES),
        (t("matrix.score.unknown"), M.UNKNOWN),
    ]


def _symbol(score: object, unknown: bool = False) -> str:
    """``--`` … ``++`` for a score, ``weet ik niet`` for unknown, ``·`` for none."""
    if unknown or score == M.UNKNOWN:
        return t("matrix.score.unknown")
    try:
        return M.SCORE_SYMBOLS[int(score)]  # type: ignore[call-overload]
    except (TypeError, ValueError, KeyError):
        return "·"


def weight_choices() -> list[tuple[str, int]]:
    return [(t(f"matrix.weight.{w}"), w) for w in range(M.MIN_WEIGHT, M.MAX_WEIGHT + 1)]


class MatrixApp(LiveTool):
    """The weighing matrix for one room (facilitator and/or participant seat).

    Facilitator: :meth:`setup`, :meth:`add_option`, :meth:`remove_option`,
    :meth:`add_value`, :meth:`remove_value`, :meth:`reveal`, :meth:`set_phase`,
    :meth:`justify`. Participant: :meth:`show_value`, :meth:`set_weight`,
    :meth:`score`. Everyone: :meth:`compare`, :meth:`refresh`.
    """

    tool = M.TOOL

    def __init__(
        self,
        seat: Seat,
        library: Library,
        *,
        subject: str,
        card: DilemmaCard | None = None,
        values: Sequence[str] | None = None,
        options: Sequence[str] = (),
        live: bool = True,
    ):
        super().__init__(seat)
        self.library = library
        self.subject = subject
        self.card = card
        self.matrix: M.MatrixSetup | None = None
        self.phase = "think"
        self.picture: M.TeamPicture | None = None
        self._events: list[M.Event] = []
        self._history: dict[str, M.MatrixValue] = {}
        self._history_options: dict[str, M.MatrixOption] = {}
        self._pending_values: list[M.MatrixValue] = []
        self.current_value: str | None = None
        self._rendered: tuple[Any, ...] | None = None
        self._syncing = False
        self._built = False
        self._draft_off_options: set[str] = set()
        self.option_checks: dict[str, W.Checkbox] = {}
        self.value_checks: dict[str, W.Checkbox] = {}
        self._draft_values = list(
            values if values is not None else (card.values if card else ())
        )
        self._draft_options = list(options)
        for value_id in self._draft_values:
            self._catalogue_value(value_id)

        self.header = html_widget(self._header_html(), "kit-matrix-header")
        self.setup_box = W.VBox()
        self.setup_box.add_class("kit-matrix-setup")
        self.form = W.VBox()
        self.form.add_class("kit-matrix-form")
        self.facilitator_box = W.VBox()
        self.facilitator_box.add_class("kit-matrix-facilitator")
        self.team = W.VBox()
        self.team.add_class("kit-matrix-team")
        self.justify_box = W.VBox()
        self.justify_box.add_class("kit-matrix-justify")
        self._build_own_value_fields()
        self._build_form()
        self._build_facilitator()
        self._build_team()
        self._build_justify()
        self._mount(
            [
                self.header,
                self.messages,
                self.setup_box,
                self.form,
                self.facilitator_box,
                self.team,
                self.justify_box,
            ],
            "kit-matrix",
            live=live,
        )

    # --- facilitator actions ---------------------------------------------------------

    @guarded
    @locked
    def setup(
        self, options: Sequence[str], values: Sequence[str | M.MatrixValue]
    ) -> M.MatrixSetup:
        """Set up the matrix (facilitator event).

        ``options``: ids of the card's options (``"a"``…) or typed labels of new
        ones. ``values``: catalogue value ids, the team's own values
        (:class:`~kit.model.matrix.MatrixValue`, e.g. from :meth:`add_value`
        before setup), or ids of values used earlier in this matrix.
        """
        card_options = {o.id: o for o in M.card_options(self.card)} if self.card else {}
        taken = set(card_options) | set(self.matrix.used_options if self.matrix else ())
        chosen: list[M.MatrixOption] = []
        for item in options:
            if item in card_options:
                chosen.append(card_options[item])
            elif item in self._history_options:
                chosen.append(self._history_options[item])
            elif str(item).strip():
                option_id = M.next_option_id(taken | {o.id for o in chosen})
                label = M.clean_text(item, M.MAX_LABEL, "matrix_option_label")
                chosen.append(M.MatrixOption(option_id, label))
        resolved = [self._resolve_value(v) for v in values]
        setup = M.build_setup(
            chosen, resolved, self.card.id if self.card else None, self.matrix
        )
        self._store_setup(setup)
        self._pending_values = []
        self.messages.ok(
            t("matrix.saved.setup", options=len(chosen), values=len(resolved))
        )
        return setup

    @guarded
    @locked
    def add_option(self, label: str = "", option_id: str | None = None) -> None:
        """Add a typed option, or put back a card option or removed option by id."""
        setup = self._require_setup()
        if option_id:
            known = self._restorable_options()
            if option_id not in known:
                raise InvalidInput("matrix_unknown_option")
            changed = setup.with_card_option(known[option_id])
        else:
            changed = setup.with_option(label, reserved=self._card_option_ids())
        self._store_setup(changed)
        self.new_option.value = ""
        self.messages.ok(
            t("matrix.saved.option_added", option=changed.options[-1].display)
        )

    @guarded
    @locked
    def remove_option(self, option_id: str) -> None:
        """Take an option out; its scores stay stored but no longer count."""
        setup = self._require_setup()
        removed = setup.option(option_id)
        self._store_setup(setup.without_option(option_id))
        self.messages.ok(t("matrix.saved.option_removed", option=removed.display))

    @guarded
    @locked
    def add_value(
        self,
        value_id: str | None = None,
        *,
        name: str = "",
        definition: str = "",
        question: str = "",
    ) -> M.MatrixValue:
        """Add a catalogue value by id, or the team's own value (name + definition).

        Before setup, an own value is kept for the setup form (and offered there,
        ticked); after setup it is added to the matrix at once.
        """
        if value_id:
            value = self._resolve_value(value_id)
        else:
            taken = set(self.library.values.ids) | set(self._history)
            taken |= {v.id for v in self._pending_values}
            if self.matrix:
                taken |= set(self.matrix.used_values)
            value = M.custom_value(name, definition, question, taken)
        if self.matrix is None:
            self._capture_draft()
            self._pending_values.append(value)
            self._draft_values.append(value.id)
            self._build_setup_form()
        else:
            self._store_setup(self.matrix.with_value(value))
        for field in (self.own_name, self.own_definition, self.own_question):
            field.value = ""
        self.messages.ok(t("matrix.saved.value_added", value=value.name))
        return value

    @guarded
    @locked
    def remove_value(self, value_id: str) -> None:
        """Take a value out; its weights and scores stay stored but no longer count."""
        setup = self._require_setup()
        removed = setup.value(value_id)
        self._store_setup(setup.without_value(value_id))
        self.messages.ok(t("matrix.saved.value_removed", value=removed.name))

    @guarded
    @locked
    def set_phase(self, phase: str) -> None:
        """Move the room to ``phase`` (think, reveal, discuss, close)."""
        if phase not in PHASES:
            raise InvalidInput("matrix_phase")
        self._require_setup()
        self.seat.set_phase(M.TOOL, self.subject, phase)
        self.messages.ok(t("matrix.saved.phase", phase=t(f"phase.{phase}")))
        self.refresh()

    def reveal(self) -> None:
        """Show the team's picture to everyone."""
        self.set_phase("reveal")

    @guarded
    @locked
    def justify(
        self,
        choice: str,
        why: str,
        losing_values: Sequence[str] = (),
        for_whom: str = "",
        revisit: str = "",
    ) -> M.Justification:
        """Store the team's justification (verantwoording) of its choice."""
        setup = self._require_setup()
        if not choice:
            raise InvalidInput("matrix_justify_choice")
        payload = M.justification_payload(
            setup, choice, why, losing_values, for_whom, revisit
        )
        answer = self.seat.facilitator_event(
            M.TOOL, self.subject, M.JUSTIFICATION, payload
        )
        self.messages.ok(t("matrix.saved.justification"))
        self.refresh()
        return M.Justification.from_payload(self.subject, payload, answer.created_at)

    def justification(self) -> M.Justification | None:
        """The latest stored justification of this matrix."""
        return M.justification(self.seat.answers(M.TOOL, self.subject), self.subject)

    # --- participant actions ---------------------------------------------------------

    @guarded
    @locked
    def show_value(self, value_id: str) -> None:
        """Show one value in the form (one value at a time keeps 6 × 12 usable)."""
        setup = self._require_setup()
        setup.value(value_id)
        self.current_value = value_id
        self._fill_form()

    def next_value(self) -> None:
        self._step(1)

    def previous_value(self) -> None:
        self._step(-1)

    @guarded
    @locked
    def set_weight(self, value_id: str, weight: int) -> None:
        """How much ``value_id`` weighs for this participant (0–5); stored at once."""
        setup = self._require_setup()
        if self.phase == "close":
            raise InvalidInput("matrix_closed")
        payload = M.weight_payload(setup, value_id, weight)
        self._store_answer(M.WEIGHT, payload)
        self.messages.ok(
            t(
                "matrix.saved.weight",
                value=self.matrix.value(value_id).name,
                weight=weight,
            )
        )

    @guarded
    @locked
    def score(
        self, option_id: str, value_id: str, score: int | str | None, reason: str = ""
    ) -> None:
        """Score an option on a value: -2..2, ``"?"`` (weet ik niet) or ``None``."""
        setup = self._require_setup()
        if self.phase == "close":
            raise InvalidInput("matrix_closed")
        payload = M.score_payload(setup, option_id, value_id, score, reason)
        self._store_answer(M.SCORE, payload)
        shown = (
            t("matrix.score.unknown")
            if payload["score"] == M.UNKNOWN
            else M.SCORE_SYMBOLS.get(payload["score"], t("matrix.score.none"))
        )
        self.messages.ok(
            t(
                "matrix.saved.score",
                option=setup.option(option_id).code,
                value=setup.value(value_id).name,
                score=shown,
            )
        )

    # --- everyone --------------------------------------------------------------------

    @guarded
    @locked
    def compare(self, a: str, b: str) -> list[str]:
        """Sensitivity of the order of options ``a`` and ``b``, in plain Dutch."""
        if self.picture is None or self.matrix is None:
            raise InvalidInput("matrix_not_revealed")
        self._syncing = True
        try:
            self.compare_a.value, self.compare_b.value = a, b
        finally:
            self._syncing = False
        lines = M.describe_sensitivity(self.picture.sensitivity(a, b), self.matrix)
        self.sensitivity_html.value = (
            "<div role='status'>"
            + "".join(f"<p>{esc(line)}</p>" for line in lines)
            + "</div>"
        )
        return lines

    @guarded
    @locked
    def refresh(self, force: bool = False) -> None:
        """Read the matrix's events again and update whatever changed.

        ``force`` redraws the team's picture even if no answer changed.
        """
        if force:
            self._rendered = None
            self.figures.clear()
        events = M.events_of(self.seat.answers(M.TOOL, self.subject))
        setup = M.current_setup(events)
        changed = setup != self.matrix or not self._built
        self._built = True
        self._events = events
        phase_changed = self.phase != M.current_phase(events)
        self.phase = M.current_phase(events)
        for event in events:
            if event.kind == M.SETUP and event.participant_id is None:
                old = M.MatrixSetup.from_payload(event.payload)
                self._history.update({v.id: v for v in old.values})
                self._history_options.update({o.id: o for o in old.options})
        self.matrix = setup
        if changed:
            self._build_setup_form()
            self._rebuild_form()
            self._rebuild_manage()
            self._rebuild_justify_form()
        elif phase_changed:
            self._fill_form()  # closing the round locks the form
        self._update_progress()
        self._render_phase()
        self._render_team()
        self._render_justification()

    def visible_html(self) -> str:
        """All HTML this widget shows now (hidden parts left out), for tests."""
        return visible_html(self)

    # --- building the parts ----------------------------------------------------------

    def _header_html(self) -> str:
        card = ""
        if self.card is not None:
            card = (
                "<p class='kit-matrix-card'>"
                f"<strong>{esc(self.card.title)}</strong></p>"
                f"<details><summary>{esc(t('matrix.card.situation'))}</summary>"
                f"<p>{esc(self.card.situation)}</p></details>"
            )
        return (
            f"<h2>{esc(t('matrix.title'))}</h2>{card}"
            f"<p>{esc(t('matrix.intro'))}</p>{self._notice_html()}"
        )

    @staticmethod
    def _notice_html() -> str:
        return (
            "<p class='kit-matrix-notice'>"
            f"<strong>{esc(t('matrix.notice.title'))}</strong> "
            f"{esc(t('matrix.notice.text'))}</p>"
        )

    def _build_own_value_fields(self) -> None:
        self.own_name = W.Text(description=t("matrix.own.name"), style=WIDE)
        self.own_definition = W.Text(description=t("matrix.own.definition"), style=WIDE)
        self.own_question = W.Text(description=t("matrix.own.question"), style=WIDE)
        for field in (self.own_name, self.own_definition, self.own_question):
            field.layout = W.Layout(width="100%", max_width="48em")
        self.own_button = button(
            t("matrix.own.add"),
            lambda: self.add_value(
                name=self.own_name.value,
                definition=self.own_definition.value,
                question=self.own_question.value,
            ),
        )
        self.own_box = W.VBox(
            [
                html_widget(f"<h4>{esc(t('matrix.own.title'))}</h4>"),
                self.own_name,
                self.own_definition,
                self.own_question,
                self.own_button,
            ]
        )
        self.own_box.add_class("kit-matrix-own")

    def _build_setup_form(self) -> None:
        """The facilitator's form before the matrix exists."""
        if not self.seat.is_facilitator or self.matrix is not None:
            self.setup_box.children = []
            show(self.setup_box, False)
            return
        show(self.setup_box, True)
        self.option_checks = {}
        rows: list[W.Widget] = [
            html_widget(
                f"<h3>{esc(t('matrix.setup.title'))}</h3>"
                f"<p>{esc(t('matrix.setup.intro'))}</p>"
                f"<h4>{esc(t('matrix.setup.options'))}</h4>"
            )
        ]
        for option in M.card_options(self.card) if self.card else ():
            box = W.Checkbox(
                value=option.id not in self._draft_off_options,
                description=option.display,
                indent=False,
            )
            box.layout = W.Layout(width="100%")
            self.option_checks[option.id] = box
            rows.append(box)
        self.typed_options = W.Textarea(
            value="\n".join(self._draft_options),
            description=t("matrix.setup.typed"),
            placeholder=t("matrix.setup.typed.placeholder"),
            style=WIDE,
            layout=W.Layout(width="100%", max_width="48em", height="6em"),
        )
        rows.append(self.typed_options)
        rows.append(
            html_widget(
                f"<h4>{esc(t('matrix.setup.values'))}</h4>{self._definitions_html()}"
            )
        )
        self.value_checks = {}
        chosen = set(self._draft_values)
        for group in self.library.values.groups:
            members = [v for v in self.library.values.values if v.group == group.id]
            if not members:
                continue
            rows.append(
                html_widget(f"<p class='kit-matrix-group'>{esc(group.label)}</p>")
            )
            for value in members:
                box = W.Checkbox(
                    value=value.id in chosen, description=value.name, indent=False
                )
                self.value_checks[value.id] = box
                rows.append(box)
        if self._pending_values:
            rows.append(
                html_widget(
                    f"<p class='kit-matrix-group'>{esc(t('matrix.own.group'))}</p>"
                )
            )
            for value in self._pending_values:
                box = W.Checkbox(value=True, description=value.name, indent=False)
                self.value_checks[value.id] = box
                rows.append(box)
        rows.append(self.own_box)
        self.setup_button = button(
            t("matrix.setup.go"), self._setup_from_form, "primary"
        )
        rows.append(self.setup_button)
        self.setup_box.children = rows

    def _capture_draft(self) -> None:
        """Keep what the facilitator ticked and typed when the form is rebuilt."""
        if not self.value_checks:
            return
        ticked = [v for v, box in self.value_checks.items() if box.value]
        kept = [v for v in self._draft_values if v in ticked]
        self._draft_values = kept + [v for v in ticked if v not in kept]
        self._draft_off_options = {
            o for o, box in self.option_checks.items() if not box.value
        }
        lines = self.typed_options.value.splitlines()
        self._draft_options = [line for line in lines if line.strip()]

    def _definitions_html(self) -> str:
        items = "".join(
            f"<dt>{esc(v.name)}</dt><dd>{esc(v.definition)}</dd>"
            for v in self.library.values.values
        )
        return (
            f"<details><summary>{esc(t('matrix.setup.definitions'))}</summary>"
            f"<dl class='kit-matrix-definitions'>{items}</dl></details>"
        )

    def _setup_from_form(self) -> None:
        options = [o for o, box in self.option_checks.items() if box.value]
        options += [
            line for line in self.typed_options.value.splitlines() if line.strip()
        ]
        pending = {v.id: v for v in self._pending_values}
        ticked = [v for v, box in self.value_checks.items() if box.value]
        # The card's (or notebook's) values first, in their order; then the rest.
        first = [v for v in self._draft_values if v in ticked]
        ordered = first + [v for v in ticked if v not in first]
        values: list[str | M.MatrixValue] = [pending.get(v, v) for v in ordered]
        self.setup(options, values)

    def _build_form(self) -> None:
        self.value_pick = W.Dropdown(description=t("matrix.form.value"), style=WIDE)
        self.value_pick.layout = W.Layout(width="100%", max_width="40em")
        self.value_pick.observe(self._on_value_pick, names="value")
        self.previous_button = button(t("matrix.form.previous"), self.previous_value)
        self.next_button = button(t("matrix.form.next"), self.next_value)
        self.value_info = html_widget("", "kit-matrix-value")
        self.weight = W.Dropdown(
            options=weight_choices(), value=M.DEFAULT_WEIGHT, style=WIDE
        )
        self.weight.add_class("kit-matrix-weight")
        self.weight.layout = W.Layout(width="100%", max_width="34em")
        self.weight.observe(self._on_weight, names="value")
        self.rows_box = W.VBox()
        self.progress = html_widget("", "kit-matrix-progress")
        self.overview = html_widget("", "kit-matrix-overview")
        self.score_rows: dict[str, tuple[W.Dropdown, W.Text]] = {}

    def _rebuild_form(self) -> None:
        if self.seat.participant is None:
            self.form.children = []
            show(self.form, False)
            return
        show(self.form, True)
        head = html_widget(
            f"<h3>{esc(t('matrix.form.title'))}</h3><p>{esc(t('matrix.form.intro'))}</p>"
        )
        if self.matrix is None:
            wait = (
                "matrix.form.wait_self"
                if self.seat.is_facilitator
                else "matrix.form.wait"
            )
            self.form.children = [head, html_widget(f"<p>{esc(t(wait))}</p>")]
            return
        setup = self.matrix
        total = len(setup.values)
        self._syncing = True
        try:
            self.value_pick.options = [
                (t("matrix.form.value_of", i=i, n=total, name=v.name), v.id)
                for i, v in enumerate(setup.values, start=1)
            ]
            if self.current_value not in setup.value_ids:
                self.current_value = setup.value_ids[0]
            self.value_pick.value = self.current_value
        finally:
            self._syncing = False
        self.score_rows = {}
        rows = []
        for option in setup.options:
            label = html_widget(
                f"<p class='kit-matrix-option'><strong>{esc(option.code)}.</strong> "
                f"{esc(option.label)}</p>"
            )
            pick = W.Dropdown(
                options=score_choices(),
                value=NOT_CHOSEN,
                description=t("matrix.form.score", option=option.code),
                style=WIDE,
            )
            pick.add_class("kit-matrix-score")
            pick.layout = W.Layout(width="100%", max_width="34em")
            reason = W.Text(
                description=t("matrix.form.reason", option=option.code),
                placeholder=t("matrix.form.reason.placeholder"),
                continuous_update=False,
                style=WIDE,
            )
            reason.add_class("kit-matrix-reason")
            reason.layout = W.Layout(width="100%", max_width="48em")
            pick.observe(
                functools.partial(self._on_score_pick, option.id), names="value"
            )
            reason.observe(functools.partial(self._on_reason, option.id), names="value")
            self.score_rows[option.id] = (pick, reason)
            row = W.VBox([label, pick, reason])
            row.add_class("kit-matrix-row")
            rows.append(row)
        self.rows_box.children = rows
        nav = W.HBox([self.previous_button, self.next_button])
        nav.add_class("kit-matrix-nav")
        self.form.children = [
            head,
            self.value_pick,
            self.value_info,
            self.weight,
            self.rows_box,
            nav,
            self.progress,
            self.overview,
        ]
        self._fill_form()

    def _fill_form(self) -> None:
        """Put this participant's stored answers for the current value in the form."""
        if self.matrix is None or self.current_value is None or not self.score_rows:
            return
        value = self.matrix.value(self.current_value)
        weights, cells = self._own()
        self._syncing = True
        try:
            self.value_pick.value = value.id
            self.value_info.value = (
                f"<h4>{esc(value.name)}"
                + (
                    f" <span class='kit-badge'>{esc(t('matrix.own.badge'))}</span>"
                    if value.custom
                    else ""
                )
                + f"</h4><p>{esc(value.definition)}</p>"
                + f"<p>{esc(t('matrix.form.weight_question', value=value.name))}</p>"
                + (
                    "<p class='kit-matrix-question'>"
                    f"<strong>{esc(t('matrix.form.question'))}</strong> "
                    f"{esc(value.question)}</p>"
                    if value.question
                    else ""
                )
            )
            self.weight.description = t("matrix.form.weight")
            self.weight.value = weights.get(value.id, M.DEFAULT_WEIGHT)
            for option_id, (pick, reason) in self.score_rows.items():
                cell = cells.get((option_id, value.id), {})
                stored = cell.get("score")
                pick.value = NOT_CHOSEN if stored is None else stored
                reason.value = str(cell.get("reason") or "")
                pick.disabled = reason.disabled = self.phase == "close"
            self.weight.disabled = self.phase == "close"
        finally:
            self._syncing = False
        self._update_progress()

    def _build_facilitator(self) -> None:
        self.phase_status = html_widget("", "kit-matrix-phase")
        self.phase_buttons = {
            phase: button(
                t(f"matrix.phase.button.{phase}"),
                functools.partial(self.set_phase, phase),
                "primary" if phase == "reveal" else "",
            )
            for phase in PHASES
        }
        self.new_option = W.Text(description=t("matrix.manage.new_option"), style=WIDE)
        self.new_option.layout = W.Layout(width="100%", max_width="48em")
        self.option_drop = W.Dropdown(description=t("matrix.manage.option"), style=WIDE)
        self.restore_drop = W.Dropdown(
            description=t("matrix.manage.restore"), style=WIDE
        )
        self.value_add_drop = W.Dropdown(
            description=t("matrix.manage.add_value"), style=WIDE
        )
        self.value_drop = W.Dropdown(description=t("matrix.manage.value"), style=WIDE)
        for drop in (
            self.option_drop,
            self.restore_drop,
            self.value_add_drop,
            self.value_drop,
        ):
            drop.layout = W.Layout(width="100%", max_width="40em")
        self.manage_toggle = W.ToggleButton(
            value=False, description=t("matrix.manage.toggle")
        )
        self.manage_toggle.layout = W.Layout(width="auto", align_self="flex-start")
        self.manage_toggle.observe(
            lambda ch: show(self.manage_box, bool(ch["new"])), names="value"
        )
        self.restore_row = W.HBox(
            [
                self.restore_drop,
                button(t("matrix.manage.restore.go"), self._restore_from_form),
            ]
        )
        self.manage_box = W.VBox(
            [
                W.HBox(
                    [
                        self.new_option,
                        button(
                            t("matrix.manage.new_option.go"),
                            lambda: self.add_option(self.new_option.value),
                        ),
                    ]
                ),
                W.HBox(
                    [
                        self.option_drop,
                        button(
                            t("matrix.manage.option.go"),
                            lambda: self.remove_option(self.option_drop.value),
                            "danger",
                        ),
                    ]
                ),
                self.restore_row,
                W.HBox(
                    [
                        self.value_add_drop,
                        button(
                            t("matrix.manage.add_value.go"),
                            self._add_value_from_form,
                        ),
                    ]
                ),
                W.HBox(
                    [
                        self.value_drop,
                        button(
                            t("matrix.manage.value.go"),
                            lambda: self.remove_value(self.value_drop.value),
                            "danger",
                        ),
                    ]
                ),
                # Own values: the same fields as in the setup form.
                self.own_box,
            ]
        )
        self.manage_box.add_class("kit-matrix-manage")
        show(self.manage_box, False)

    def _add_value_from_form(self) -> None:
        if self.value_add_drop.value:
            self.add_value(self.value_add_drop.value)
        else:
            self.messages.error(t("input.matrix_unknown_value"))

    def _restore_from_form(self) -> None:
        self.add_option(option_id=self.restore_drop.value)

    def _rebuild_manage(self) -> None:
        if not self.seat.is_facilitator or self.matrix is None:
            self.facilitator_box.children = []
            show(self.facilitator_box, False)
            return
        show(self.facilitator_box, True)
        setup = self.matrix
        self.option_drop.options = [(o.display, o.id) for o in setup.options]
        restorable = self._restorable_options()
        self.restore_drop.options = [(o.display, o.id) for o in restorable.values()]
        show(self.restore_row, bool(restorable))
        addable = [
            (v.name, v.id)
            for v in self.library.values.values
            if v.id not in setup.value_ids
        ] + [
            (f"{v.name} ({t('matrix.own.badge')})", v.id)
            for v in self._history.values()
            if v.custom and v.id not in setup.value_ids
        ]
        self.value_add_drop.options = addable
        self.value_drop.options = [(v.name, v.id) for v in setup.values]
        self.facilitator_box.children = [
            html_widget(
                f"<h3>{esc(t('matrix.phase.title'))}</h3>"
                f"<p>{esc(t('matrix.phase.intro'))}</p>"
            ),
            self.phase_status,
            W.HBox(list(self.phase_buttons.values())),
            self.manage_toggle,
            self.manage_box,
        ]

    def _build_team(self) -> None:
        self.team_status = html_widget("", "kit-matrix-status")
        self.picture_html = html_widget("", "kit-matrix-picture")
        self.compare_a = W.Dropdown(description=t("matrix.compare.a"), style=WIDE)
        self.compare_b = W.Dropdown(description=t("matrix.compare.b"), style=WIDE)
        for drop in (self.compare_a, self.compare_b):
            drop.layout = W.Layout(width="100%", max_width="40em")
            drop.observe(self._on_compare, names="value")
        self.sensitivity_html = html_widget("", "kit-matrix-sensitivity")
        self.compare_box = W.VBox(
            [
                html_widget(
                    f"<h3>{esc(t('matrix.compare.title'))}</h3>"
                    f"<p>{esc(t('matrix.compare.intro'))}</p>"
                ),
                self.compare_a,
                self.compare_b,
                self.sensitivity_html,
            ]
        )
        self.compare_box.add_class("kit-matrix-compare")
        self.team.children = [
            html_widget(f"<h3>{esc(t('matrix.team.title'))}</h3>"),
            self.team_status,
            self.picture_html,
            self.compare_box,
        ]

    def _build_justify(self) -> None:
        self.justify_show = html_widget("", "kit-matrix-justification")
        self.justify_choice = W.Dropdown(
            description=t("matrix.justify.choice"), style=WIDE
        )
        self.justify_why = W.Textarea(description=t("matrix.justify.why"), style=WIDE)
        self.justify_for_whom = W.Textarea(
            description=t("matrix.justify.for_whom"),
            placeholder=t("matrix.justify.for_whom.placeholder"),
            style=WIDE,
        )
        self.justify_revisit = W.Text(
            description=t("matrix.justify.revisit"),
            placeholder=t("matrix.justify.revisit.placeholder"),
            style=WIDE,
        )
        for control in (
            self.justify_choice,
            self.justify_why,
            self.justify_for_whom,
            self.justify_revisit,
        ):
            control.layout = W.Layout(width="100%", max_width="48em")
        self.justify_why.layout.height = "7em"
        self.justify_for_whom.layout.height = "5em"
        self.losing_box = W.VBox()
        self.losing_checks: dict[str, W.Checkbox] = {}
        self.justify_button = button(
            t("matrix.justify.save"), self._justify_from_form, "success"
        )

    def _rebuild_justify_form(self) -> None:
        if self.matrix is None:
            self.justify_box.children = []
            show(self.justify_box, False)
            return
        show(self.justify_box, True)
        head = html_widget(
            f"<h3>{esc(t('matrix.justify.title'))}</h3><p>{esc(t('matrix.justify.intro'))}</p>"
        )
        if not self.seat.is_facilitator:
            self.justify_box.children = [head, self.justify_show]
            return
        self.justify_choice.options = [(o.display, o.id) for o in self.matrix.options]
        self.losing_checks = {
            v.id: W.Checkbox(value=False, description=v.name, indent=False)
            for v in self.matrix.values
        }
        self.losing_box.children = [
            html_widget(
                f"<p class='kit-matrix-group'>{esc(t('matrix.justify.losing'))}</p>"
            ),
            *self.losing_checks.values(),
        ]
        self.justify_box.children = [
            head,
            self.justify_show,
            self.justify_choice,
            self.justify_why,
            self.losing_box,
            self.justify_for_whom,
            self.justify_revisit,
            self.justify_button,
        ]

    def _justify_from_form(self) -> None:
        self.justify(
            self.justify_choice.value,
            self.justify_why.value,
            [v for v, box in self.losing_checks.items() if box.value],
            self.justify_for_whom.value,
            self.justify_revisit.value,
        )

    # --- rendering -------------------------------------------------------------------

    def _render_phase(self) -> None:
        now = t("matrix.phase.now", phase=t(f"phase.{self.phase}"))
        self.phase_status.value = f"<p role='status'>{esc(now)}</p>"

    def _render_team(self) -> None:
        setup = self.matrix
        if setup is None:
            self.team_status.value = f"<p>{esc(t('matrix.team.no_setup'))}</p>"
            self.picture_html.value = ""
            show(self.compare_box, False)
            self.picture = None
            return
        last = self._events[-1].seq if self._events else 0
        key = (last, self.phase, setup)
        if key == self._rendered:
            return
        self._rendered = key
        picture = M.team_picture(self._events, setup)
        if self.phase == "think":
            self.picture = None
            hidden = t("matrix.team.hidden", n=picture.n_participants)
            self.team_status.value = f"<p role='status'>{esc(hidden)}</p>"
            self.picture_html.value = ""
            show(self.compare_box, False)
            return
        shown = t("matrix.team.shown", n=picture.n_participants)
        self.team_status.value = f"<p role='status'>{esc(shown)}</p>"
        self.picture_html.value = self._picture_html(picture)
        self._render_compare(picture)
        self.picture = picture

    def _picture_html(self, picture: M.TeamPicture) -> str:
        from kit.charts.matrix import heatmap, totals_chart

        setup = picture.setup
        notes = "".join(f"<li>{esc(n)}</li>" for n in picture.notes)
        parts = [f"<ul class='kit-matrix-notes'>{notes}</ul>" if notes else ""]
        if picture.n_participants == 0:
            return "".join(parts)
        parts.append(f"<h4>{esc(t('matrix.team.heatmap'))}</h4>")
        cells_key = (
            picture.setup,
            picture.n_participants,
            picture.cells.to_csv(),
            picture.disagreements[["option", "value"]].to_csv(),
        )
        parts.append(self.figures.html("heatmap", cells_key, lambda: heatmap(picture)))
        parts.append(f"<p class='kit-matrix-legend'>{esc(t('matrix.team.legend'))}</p>")
        # Where the team disagrees: the cells, with the reasons given there.
        parts.append(
            f"<h4>{esc(t('matrix.team.disagree'))}</h4>"
            f"<p>{esc(t('matrix.team.disagree.intro'))}</p>"
        )
        lines = M.describe_disagreements(picture)
        if lines:
            items = []
            for line, row in zip(
                lines, picture.disagreements.itertuples(), strict=True
            ):
                reasons = picture.scores[
                    (picture.scores["option"] == row.option)
                    & (picture.scores["value"] == row.value)
                    & (picture.scores["reason"] != "")
                ]
                quotes = "".join(
                    f"<li><span class='kit-matrix-symbol'>"
                    f"{esc(_symbol(r.score, r.unknown))}"
                    f"</span> {esc(r.reason)}</li>"
                    for r in reasons.itertuples()
                )
                said = (
                    "<ul class='kit-matrix-reasons' "
                    f"aria-label='{esc(t('matrix.team.reasons'))}'>{quotes}</ul>"
                    if quotes
                    else ""
                )
                items.append(f"<li>{esc(line)}{said}</li>")
            parts.append(f"<ol class='kit-matrix-disagreements'>{''.join(items)}</ol>")
        else:
            parts.append(f"<p>{esc(t('matrix.team.disagree.none'))}</p>")
        # What the team does not know.
        parts.append(f"<h4>{esc(t('matrix.team.unknown'))}</h4>")
        unknown = M.describe_unknowns(picture)
        parts.append(
            "<ul>" + "".join(f"<li>{esc(u)}</li>" for u in unknown) + "</ul>"
            if unknown
            else f"<p>{esc(t('matrix.team.unknown.none'))}</p>"
        )
        # The weights the team gave.
        weights = picture.weight_matrix
        rows = "".join(
            f"<tr><th scope='row'>{esc(v.name)}</th>"
            f"<td>{esc(M.number(weights[v.id].mean()))}</td>"
            f"<td>{esc(M.number(weights[v.id].min(), 0))} – "
            f"{esc(M.number(weights[v.id].max(), 0))}</td></tr>"
            for v in setup.values
        )
        parts.append(
            f"<h4>{esc(t('matrix.team.weights'))}</h4>"
            "<table class='kit-matrix-weights'><thead><tr>"
            f"<th scope='col'>{esc(t('matrix.chart.col.value'))}</th>"
            f"<th scope='col'>{esc(t('matrix.team.weights.mean'))}</th>"
            f"<th scope='col'>{esc(t('matrix.team.weights.range'))}</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>"
        )
        # Totals: a conversation starter, never a decision.
        parts.append(f"<h4>{esc(t('matrix.team.totals'))}</h4>{self._notice_html()}")
        if picture.has_totals:
            totals_key = (picture.setup, picture.totals.to_csv())
            parts.append(
                self.figures.html("totals", totals_key, lambda: totals_chart(picture))
            )
            parts.append(
                "<p class='kit-matrix-legend'>"
                f"{esc(t('matrix.team.totals.legend'))}</p>"
            )
            parts.append(
                "<ul>"
                + "".join(f"<li>{esc(x)}</li>" for x in M.describe_totals(picture))
                + "</ul>"
            )
        else:
            parts.append(f"<p>{esc(t('matrix.team.totals.none'))}</p>")
        return "".join(parts)

    def _render_compare(self, picture: M.TeamPicture) -> None:
        setup = picture.setup
        choices = [(o.display, o.id) for o in setup.options]
        ranking = picture.ranking()
        a = (
            self.compare_a.value
            if self.compare_a.value in setup.option_ids
            else ranking[0]
        )
        b = (
            self.compare_b.value
            if self.compare_b.value in setup.option_ids
            else ranking[1]
        )
        self._syncing = True
        try:
            if list(self.compare_a.options) != choices:
                self.compare_a.options = choices
                self.compare_b.options = choices
            self.compare_a.value, self.compare_b.value = a, b
        finally:
            self._syncing = False
        show(self.compare_box, picture.n_participants > 0)
        lines = M.describe_sensitivity(picture.sensitivity(a, b), setup)
        self.sensitivity_html.value = "".join(f"<p>{esc(line)}</p>" for line in lines)

    def _render_justification(self) -> None:
        found = M.justification(self._events, self.subject)
        if found is None:
            self.justify_show.value = f"<p>{esc(t('matrix.justify.empty'))}</p>"
            return
        fields = (
            ("matrix.justify.choice", found.choice_label),
            ("matrix.justify.why", found.why),
            (
                "matrix.justify.losing",
                ", ".join(found.losing_value_names) or t("matrix.justify.none_named"),
            ),
            (
                "matrix.justify.for_whom",
                found.for_whom or t("matrix.justify.none_named"),
            ),
            ("matrix.justify.revisit", found.revisit),
        )
        items = "".join(f"<dt>{esc(t(k))}</dt><dd>{esc(v)}</dd>" for k, v in fields)
        self.justify_show.value = (
            "<div class='kit-matrix-stored'>"
            f"<p><strong>{esc(t('matrix.justify.stored'))}</strong></p>"
            f"<dl>{items}</dl></div>"
        )

    def _update_progress(self) -> None:
        if self.matrix is None or self.seat.participant is None:
            return
        setup = self.matrix
        weights, cells = self._own()
        given = sum(
            1
            for o in setup.option_ids
            for v in setup.value_ids
            if cells.get((o, v), {}).get("score") is not None
        )
        weighed = sum(1 for v in setup.value_ids if v in weights)
        self.progress.value = (
            "<p>"
            + esc(
                t(
                    "matrix.form.progress",
                    scores=given,
                    cells=len(setup.options) * len(setup.values),
                    weights=weighed,
                    values=len(setup.values),
                )
            )
            + "</p>"
        )
        head = "".join(f"<th scope='col'>{esc(v.name)}</th>" for v in setup.values)
        body = ""
        for option in setup.options:
            cells_html = ""
            for value in setup.values:
                stored = cells.get((option.id, value.id), {}).get("score")
                shown = "?" if stored == M.UNKNOWN else M.SCORE_SYMBOLS.get(stored, "·")
                cells_html += f"<td>{esc(shown)}</td>"
            body += f"<tr><th scope='row'>{esc(option.code)}</th>{cells_html}</tr>"
        weight_row = "".join(
            f"<td>{weights.get(v.id, M.DEFAULT_WEIGHT)}</td>" for v in setup.values
        )
        self.overview.value = (
            f"<details><summary>{esc(t('matrix.form.overview'))}</summary>"
            "<table class='kit-matrix-mine'><thead><tr>"
            f"<td></td>{head}</tr></thead><tbody>"
            f"<tr><th scope='row'>{esc(t('matrix.form.weight_row'))}</th>"
            f"{weight_row}</tr>"
            f"{body}</tbody></table></details>"
        )

    # --- events from controls and the room -------------------------------------------

    def _on_value_pick(self, change: dict[str, Any]) -> None:
        if not self._syncing and change["new"]:
            self.show_value(change["new"])

    def _on_weight(self, change: dict[str, Any]) -> None:
        if not self._syncing and self.current_value:
            self.set_weight(self.current_value, int(change["new"]))

    def _on_score_pick(self, option_id: str, change: dict[str, Any]) -> None:
        if self._syncing or not self.current_value:
            return
        new = change["new"]
        reason = self.score_rows[option_id][1].value
        self.score(
            option_id, self.current_value, None if new == NOT_CHOSEN else new, reason
        )

    def _on_reason(self, option_id: str, change: dict[str, Any]) -> None:
        if self._syncing or not self.current_value:
            return
        picked = self.score_rows[option_id][0].value
        self.score(
            option_id,
            self.current_value,
            None if picked == NOT_CHOSEN else picked,
            change["new"],
        )

    def _on_compare(self, _change: dict[str, Any]) -> None:
        if not self._syncing and self.compare_a.value and self.compare_b.value:
            self.compare(self.compare_a.value, self.compare_b.value)

    def _concerns(self, fresh: list[Answer]) -> bool:
        """News for this matrix: answers of this tool about this subject."""
        return any(a.tool == M.TOOL and a.subject == self.subject for a in fresh)

    # --- helpers ---------------------------------------------------------------------

    def _step(self, by: int) -> None:
        if self.matrix is None:
            return
        ids = self.matrix.value_ids
        index = ids.index(self.current_value) if self.current_value in ids else 0
        self.show_value(ids[(index + by) % len(ids)])

    def _own(self) -> tuple[dict[str, int], dict[tuple[str, str], dict[str, Any]]]:
        if self.seat.participant is None:
            return {}, {}
        return M.own_answers(self._events, self.seat.participant.id)

    def _require_setup(self) -> M.MatrixSetup:
        if self.matrix is None:
            raise InvalidInput("matrix_not_set_up")
        return self.matrix

    def _catalogue_value(self, value_id: str) -> M.MatrixValue:
        try:
            return M.MatrixValue.from_catalogue(self.library.values.get(value_id))
        except KeyError:
            raise InvalidInput("matrix_unknown_value") from None

    def _resolve_value(self, value: str | M.MatrixValue) -> M.MatrixValue:
        if isinstance(value, M.MatrixValue):
            return value
        for pending in self._pending_values:
            if pending.id == value:
                return pending
        if value in self._history:
            return self._history[value]
        return self._catalogue_value(value)

    def _card_option_ids(self) -> list[str]:
        return [o.id for o in self.card.options] if self.card else []

    def _restorable_options(self) -> dict[str, M.MatrixOption]:
        """Card options and earlier options that are not in the matrix now."""
        if self.matrix is None:
            return {}
        known = dict(self._history_options)
        known.update({o.id: o for o in M.card_options(self.card)} if self.card else {})
        return {k: o for k, o in known.items() if k not in self.matrix.option_ids}

    def _store_setup(self, setup: M.MatrixSetup) -> None:
        self.seat.facilitator_event(M.TOOL, self.subject, M.SETUP, setup.to_payload())
        self.refresh()

    def _store_answer(self, kind: str, payload: dict[str, Any]) -> None:
        answer = self.seat.answer(M.TOOL, self.subject, kind, payload)
        self._events.append(M.events_of([answer])[0])
        if kind == M.SCORE:
            self._fill_form()
        self._update_progress()
        if self.phase != "think":
            self.refresh()


def build_matrix_app(
    seat: Seat,
    library: Library,
    *,
    card: str | None = None,
    values: Sequence[str] | None = None,
    options: Sequence[str] = (),
    subject: str | None = None,
    deck: str = "starter",
    live: bool = True,
) -> MatrixApp:
    """The afwegingsmatrix for ``seat``.

    ``card``: a card id in ``deck`` whose courses of action become the rows;
    ``values``: value ids to tick at setup (default: the card's values);
    ``options``: typed courses of action; ``subject``: the matrix id in the store
    (default: the card id, or ``"matrix"``).
    """
    found = None
    if card:
        try:
            found = library.deck(deck).card(card)
        except KeyError:
            raise InvalidInput("matrix_unknown_card") from None
    return MatrixApp(
        seat,
        library,
        subject=subject or card or "matrix",
        card=found,
        values=values,
        options=options,
        live=live,
    )
