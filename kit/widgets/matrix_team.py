"""The team's picture and the justification of the weighing matrix.

A part of :class:`~kit.widgets.matrix.MatrixApp` (a mixin): after the reveal
the heatmap, where the team differs, the totals with their caveat, the
comparison of two options, and the verantwoording the facilitator records.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import ipywidgets as W

from kit.locale import t
from kit.model import matrix as M
from kit.report.document import Section
from kit.report.sections_matrix import justification_section, picture_parts
from kit.widgets.document_view import section_html
from kit.widgets.feedback import esc, show
from kit.widgets.layout import button, html_widget, mark
from kit.widgets.matrix_form import WIDE

if TYPE_CHECKING:
    from collections.abc import Sequence

    from kit.session import Seat
    from kit.widgets.feedback import MessageArea
    from kit.widgets.live import FigureCache


log = logging.getLogger("kit")


class MatrixTeamParts:
    """The team's picture and the justification of :class:`MatrixApp`."""

    if TYPE_CHECKING:  # provided by MatrixApp, which this part is mixed into
        seat: Seat
        figures: FigureCache
        messages: MessageArea
        subject: str
        matrix: M.MatrixSetup | None
        phase: str
        team: W.VBox
        justify_box: W.VBox
        phase_status: W.HTML
        picture: M.TeamPicture | None
        _events: list[M.Event]
        _syncing: bool
        _rendered: tuple[Any, ...] | None

        @staticmethod
        def _notice_html() -> str: ...
        def compare(self, a: str, b: str) -> list[str] | None: ...  # None: refused
        def justify(
            self,
            choice: str,
            why: str,
            losing_values: Sequence[str] = (),
            for_whom: str = "",
            revisit: str = "",
        ) -> M.Justification | None: ...

    def _build_team(self) -> None:
        self.team_status = html_widget("", "kit-matrix-status")
        self.picture_html = html_widget("", "kit-matrix-picture")
        # List boxes, not dropdowns: a long option wraps there instead of
        # being cut off, and both options stay in view while comparing.
        self.compare_a = W.Select(description=t("matrix.compare.a"), style=WIDE)
        self.compare_b = W.Select(description=t("matrix.compare.b"), style=WIDE)
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
        self.justify_choice = W.Select(
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
            t("matrix.justify.save"), self._justify_from_form, "primary"
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
        self.justify_choice.rows = max(2, len(self.justify_choice.options))
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
        mark(self.team, "kit-matrix-revealed", self.phase != "think")

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
        """The team's picture as the report shows it, with the notes per cell."""
        section = picture_parts(
            Section(t("matrix.team.title")), picture, cell_reasons=True
        )
        return section_html(section, self.figures, with_title=False)

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
                for box in (self.compare_a, self.compare_b):
                    box.options = choices
                    box.rows = max(2, len(choices))
            self.compare_a.value, self.compare_b.value = a, b
        finally:
            self._syncing = False
        show(self.compare_box, picture.n_participants > 0)
        lines = M.describe_sensitivity(picture.sensitivity(a, b), setup)
        self.sensitivity_html.value = "".join(f"<p>{esc(line)}</p>" for line in lines)

    def _render_justification(self) -> None:
        found = M.justification(self._events, self.subject)
        section = justification_section(found)
        stored = (
            ""
            if found is None
            else f"<p><strong>{esc(t('matrix.justify.stored'))}</strong></p>"
        )
        self.justify_show.value = stored + section_html(
            section, self.figures, with_title=False
        )

    def _on_compare(self, _change: dict[str, Any]) -> None:
        if not self._syncing and self.compare_a.value and self.compare_b.value:
            self.compare(self.compare_a.value, self.compare_b.value)
