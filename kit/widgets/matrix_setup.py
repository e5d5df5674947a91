"""The facilitator's side of the weighing matrix: setting it up and managing it.

A part of :class:`~kit.widgets.matrix.MatrixApp` (a mixin): the setup form with
the card's options and the value catalogue, own values, and adding, removing
and restoring options and values once the room is weighing.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import ipywidgets as W

from kit.locale import t
from kit.model import matrix as M
from kit.model.phases import PHASES
from kit.widgets.feedback import esc, show
from kit.widgets.layout import button, html_widget
from kit.widgets.matrix_form import (
    WIDE,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from kit.model.types import DilemmaCard, Library
    from kit.session import Seat
    from kit.widgets.feedback import MessageArea


log = logging.getLogger("kit")


def _row(
    control: W.Widget, label: str, action: Callable[[], object], style: str = ""
) -> W.HBox:
    """A control with the button that acts on it."""
    return W.HBox([control, button(label, action, style)])


class MatrixSetupParts:
    """Setup and management controls of :class:`MatrixApp` (uses its state)."""

    if TYPE_CHECKING:  # provided by MatrixApp, which this part is mixed into
        seat: Seat
        messages: MessageArea
        library: Library
        card: DilemmaCard | None
        matrix: M.MatrixSetup | None
        setup_box: W.VBox
        facilitator_box: W.VBox
        _history: dict[str, M.MatrixValue]
        _pending_values: list[M.MatrixValue]
        _draft_values: list[str]
        _draft_options: list[str]
        _draft_off_options: set[str]
        manage_box: W.VBox

        def _restorable_options(self) -> dict[str, M.MatrixOption]: ...
        def setup(
            self, options: Sequence[str], values: Sequence[str | M.MatrixValue]
        ) -> M.MatrixSetup | None: ...  # None: refused, said in the messages
        def add_option(self, label: str = "", option_id: str | None = None) -> None: ...
        def remove_option(self, option_id: str) -> None: ...
        def add_value(
            self,
            value_id: str | None = None,
            *,
            name: str = "",
            definition: str = "",
            question: str = "",
        ) -> M.MatrixValue | None: ...
        def remove_value(self, value_id: str) -> None: ...
        def set_phase(self, phase: str) -> None: ...

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
            for pending in self._pending_values:
                box = W.Checkbox(value=True, description=pending.name, indent=False)
                self.value_checks[pending.id] = box
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
                _row(
                    self.new_option,
                    t("matrix.manage.new_option.go"),
                    lambda: self.add_option(self.new_option.value),
                ),
                _row(
                    self.option_drop,
                    t("matrix.manage.option.go"),
                    lambda: self.remove_option(self.option_drop.value),
                    "danger",
                ),
                self.restore_row,
                _row(
                    self.value_add_drop,
                    t("matrix.manage.add_value.go"),
                    self._add_value_from_form,
                ),
                _row(
                    self.value_drop,
                    t("matrix.manage.value.go"),
                    lambda: self.remove_value(self.value_drop.value),
                    "danger",
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
