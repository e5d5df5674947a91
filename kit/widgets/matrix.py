"""Afwegingsmatrix widget: options × public values, weighed by the room.

This module only wires: what is computed comes from :mod:`kit.model.matrix`,
what is drawn from :mod:`kit.charts.matrix` (imported when the picture is first
shown, so a participant's kernel does not load altair before the reveal). Every
action a person can take is a method, so tests drive the tool from Python.
"""

from __future__ import annotations

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
from kit.widgets.feedback import esc, guarded, visible_html
from kit.widgets.layout import html_widget, show
from kit.widgets.live import LiveTool, locked
from kit.widgets.matrix_form import MatrixFormParts
from kit.widgets.matrix_setup import MatrixSetupParts
from kit.widgets.matrix_team import MatrixTeamParts
from kit.widgets.styles import use_styles
from kit.widgets.task import about_html, participant_only

log = logging.getLogger("kit")


class MatrixApp(MatrixSetupParts, MatrixFormParts, MatrixTeamParts, LiveTool):
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
        use_styles("matrix")
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
        # A participant's own page: the task and the form first, the rest folded.
        self.about = html_widget(
            about_html(
                f"<p>{esc(t('matrix.intro'))}</p>{self._notice_html()}"
                f"<p>{esc(t('matrix.form.intro'))}</p>"
            )
        )
        show(self.header, not participant_only(seat))
        show(self.about, participant_only(seat))
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
                self.about,
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
        self.refresh()
        self.messages.ok(t("matrix.saved.phase", phase=t(f"phase.{phase}")))

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
                value=setup.value(value_id).name,
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
        self.enter_phase(self.phase)
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
        return f"<p class='kit-matrix-notice'>{esc(t('matrix.not_a_verdict'))}</p>"

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
                shown = (
                    "?"
                    if stored == M.UNKNOWN
                    else M.SCORE_SYMBOLS.get(stored, "·")
                    if isinstance(stored, int)
                    else "·"
                )
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

    def _concerns(self, fresh: list[Answer]) -> bool:
        """News for this matrix: answers of this tool about this subject."""
        return any(a.tool == M.TOOL and a.subject == self.subject for a in fresh)

    # --- helpers ---------------------------------------------------------------------

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
