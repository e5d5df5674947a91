"""The participant's form of the weighing matrix: one value at a time.

A part of :class:`~kit.widgets.matrix.MatrixApp` (a mixin): the weight of the
value shown and a score with a reason per option, filled from the store and
stored as soon as a control changes.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Any

import ipywidgets as W

from kit.locale import t
from kit.model import matrix as M
from kit.widgets.feedback import esc, show
from kit.widgets.layout import button, html_widget
from kit.widgets.task import participant_only, task_html

if TYPE_CHECKING:
    from kit.model.types import DilemmaCard
    from kit.session import Seat


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


def score_symbol(score: object, unknown: bool = False) -> str:
    """``--`` … ``++`` for a score, ``weet ik niet`` for unknown, ``·`` for none."""
    if unknown or score == M.UNKNOWN:
        return t("matrix.score.unknown")
    if not isinstance(score, int | float | str):
        return "·"
    try:
        return M.SCORE_SYMBOLS[int(score)]
    except (ValueError, KeyError):
        return "·"


def weight_choices() -> list[tuple[str, int | str]]:
    """The weights 0–5 after a "not chosen yet" entry, so that picking 3 (the
    weight that counts when nobody picks) is a choice that is saved and counted."""
    return [
        (t("matrix.weight.none"), NOT_CHOSEN),
        *((t(f"matrix.weight.{w}"), w) for w in range(M.MIN_WEIGHT, M.MAX_WEIGHT + 1)),
    ]


class MatrixFormParts:
    """The weigh-and-score form of :class:`MatrixApp` (uses its state)."""

    if TYPE_CHECKING:  # provided by MatrixApp, which this part is mixed into
        seat: Seat
        card: DilemmaCard | None
        matrix: M.MatrixSetup | None
        phase: str
        form: W.VBox
        current_value: str | None
        _syncing: bool

        def _own(
            self,
        ) -> tuple[dict[str, int], dict[tuple[str, str], dict[str, Any]]]: ...
        def _update_progress(self) -> None: ...
        def show_value(self, value_id: str) -> None: ...
        def next_value(self) -> None: ...
        def previous_value(self) -> None: ...
        def set_weight(self, value_id: str, weight: int) -> None: ...
        def score(
            self,
            option_id: str,
            value_id: str,
            score: int | str | None,
            reason: str = "",
        ) -> None: ...

    def _build_form(self) -> None:
        self.value_pick = W.Dropdown(description=t("matrix.form.value"), style=WIDE)
        self.value_pick.layout = W.Layout(width="100%", max_width="40em")
        self.value_pick.observe(self._on_value_pick, names="value")
        self.previous_button = button(t("matrix.form.previous"), self.previous_value)
        self.next_button = button(t("matrix.form.next"), self.next_value)
        self.value_info = html_widget("", "kit-matrix-value")
        self.weight = W.Dropdown(options=weight_choices(), value=NOT_CHOSEN, style=WIDE)
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
        head = html_widget(self._form_head_html())
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
        self.rows_box.children = [self._score_row(option) for option in setup.options]
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

    def _form_head_html(self) -> str:
        """The form's title and intro; a participant gets the task line and the
        card's situation (folded) instead, the intro sits in the Uitleg below."""
        title = f"<h3>{esc(t('matrix.form.title'))}</h3>"
        if not participant_only(self.seat):
            return title + f"<p>{esc(t('matrix.form.intro'))}</p>"
        html = title + task_html("task.matrix")
        if self.card is not None:
            html += (
                f"<details><summary>{esc(t('matrix.card.situation'))}</summary>"
                f"<p>{esc(self.card.situation)}</p></details>"
            )
        return html

    def _score_row(self, option: M.MatrixOption) -> W.VBox:
        """One option's score and reason for the current value (kept in score_rows)."""
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
        pick.observe(functools.partial(self._on_score_pick, option.id), names="value")
        reason.observe(functools.partial(self._on_reason, option.id), names="value")
        self.score_rows[option.id] = (pick, reason)
        row = W.VBox([label, pick, reason])
        row.add_class("kit-matrix-row")
        return row

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
            self.weight.value = weights.get(value.id, NOT_CHOSEN)
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

    # --- events from controls and the room -------------------------------------------

    def _on_value_pick(self, change: dict[str, Any]) -> None:
        if not self._syncing and change["new"]:
            self.show_value(change["new"])

    def _on_weight(self, change: dict[str, Any]) -> None:
        if not self._syncing and self.current_value and change["new"] != NOT_CHOSEN:
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

    def _step(self, by: int) -> None:
        if self.matrix is None:
            return
        ids = self.matrix.value_ids
        index = ids.index(self.current_value) if self.current_value in ids else 0
        self.show_value(ids[(index + by) % len(ids)])
