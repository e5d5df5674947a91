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
from kit.widgets.feedback import esc, show
from kit.widgets.layout import button, html_widget
from kit.widgets.matrix_form import (
    WIDE,
    score_symbol,
)

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
        def compare(self, a: str, b: str) -> list[str]: ...
        def justify(
            self,
            choice: str,
            why: str,
            losing_values: Sequence[str] = (),
            for_whom: str = "",
            revisit: str = "",
        ) -> M.Justification: ...

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
        parts.append(self._disagreements_html(picture))
        # What the team does not know.
        parts.append(f"<h4>{esc(t('matrix.team.unknown'))}</h4>")
        unknown = M.describe_unknowns(picture)
        parts.append(
            "<ul>" + "".join(f"<li>{esc(u)}</li>" for u in unknown) + "</ul>"
            if unknown
            else f"<p>{esc(t('matrix.team.unknown.none'))}</p>"
        )
        parts.append(_weights_html(picture))
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

    def _disagreements_html(self, picture: M.TeamPicture) -> str:
        """Where the team disagrees most: the cells, with the reasons given there."""
        parts = [
            f"<h4>{esc(t('matrix.team.disagree'))}</h4>"
            f"<p>{esc(t('matrix.team.disagree.intro'))}</p>"
        ]
        lines = M.describe_disagreements(picture)
        if not lines:
            parts.append(f"<p>{esc(t('matrix.team.disagree.none'))}</p>")
            return "".join(parts)
        items = []
        for line, row in zip(lines, picture.disagreements.itertuples(), strict=True):
            reasons = picture.scores[
                (picture.scores["option"] == row.option)
                & (picture.scores["value"] == row.value)
                & (picture.scores["reason"] != "")
            ]
            quotes = "".join(
                f"<li><span class='kit-matrix-symbol'>"
                f"{esc(score_symbol(r.score, r.unknown))}"
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

    def _on_compare(self, _change: dict[str, Any]) -> None:
        if not self._syncing and self.compare_a.value and self.compare_b.value:
            self.compare(self.compare_a.value, self.compare_b.value)


def _weights_html(picture: M.TeamPicture) -> str:
    """The weights the team gave: mean and range per value."""
    weights = picture.weight_matrix
    rows = "".join(
        f"<tr><th scope='row'>{esc(v.name)}</th>"
        f"<td>{esc(M.number(weights[v.id].mean()))}</td>"
        f"<td>{esc(M.number(weights[v.id].min(), 0))} – "
        f"{esc(M.number(weights[v.id].max(), 0))}</td></tr>"
        for v in picture.setup.values
    )
    return (
        f"<h4>{esc(t('matrix.team.weights'))}</h4>"
        "<table class='kit-matrix-weights'><thead><tr>"
        f"<th scope='col'>{esc(t('matrix.chart.col.value'))}</th>"
        f"<th scope='col'>{esc(t('matrix.team.weights.mean'))}</th>"
        f"<th scope='col'>{esc(t('matrix.team.weights.range'))}</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )
