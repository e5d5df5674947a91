"""The stakeholder-nabijheidskaart as a workshop tool (wie raakt het?).

This module only wires: the map's state is folded from the store by
:mod:`kit.model.proximity`, drawn by :mod:`kit.charts.proximity` (imported on
first reveal, so a participant's page starts without altair), and every user
action is a method that stores its answer through the seat before anything
else happens.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as W

from kit.errors import InvalidInput, NotAllowed
from kit.locale import t
from kit.model import proximity as pm
from kit.model.types import RINGS, Library
from kit.report.document import Section
from kit.report.sections_proximity import (
    differences_section,
    map_view_section,
    missing_section,
    soft_section,
)
from kit.session import Seat
from kit.store import Answer
from kit.widgets.document_view import section_html
from kit.widgets.feedback import esc, guarded
from kit.widgets.layout import element, html_widget, show
from kit.widgets.live import LiveTool
from kit.widgets.proximity_controls import ProximityControls
from kit.widgets.proximity_drag import ProximityDragView
from kit.widgets.styles import use_styles
from kit.widgets.task import about_html, participant_only


class ProximityMap(ProximityControls, LiveTool):
    """Who is affected, how hard, how close is the team, how loud is their voice.

    Parameters
    ----------
    seat
        Where this browser sits in the session; every answer goes through it.
    library
        Content with the stakeholder templates.
    template
        Template to start from when the facilitator opens a map not yet started.
    subject
        Id of the map inside the session (several maps can share a session).
    live
        Follow other kernels' answers through ``seat.watch``.
    show_map
        Draw the combined map in this browser. By default only the facilitator's
        screen (the beamer) draws it; a participant's page shows the lists and a
        button to draw the map on demand, so a room of 30 kernels does not all
        import altair and render the same SVG at the moment of reveal.

    Every user action is a method: :meth:`start_from_template`,
    :meth:`add_stakeholder`, :meth:`place`, :meth:`move`, :meth:`reveal`,
    :meth:`hide`, :meth:`plan_approach`, :meth:`show_map`. They return what they
    stored, or ``None`` when the input was refused (the reason then shows in
    :attr:`messages`). :meth:`soft_voice_plans` gives the rows for a report.
    """

    tool = pm.TOOL

    def __init__(
        self,
        seat: Seat,
        library: Library,
        *,
        template: str | None = None,
        subject: str = pm.DEFAULT_SUBJECT,
        live: bool = True,
        show_map: bool | None = None,
    ):
        super().__init__(seat)
        use_styles("proximity")
        self.library = library
        self.subject = subject
        self.state = pm.MapState(subject=subject)
        self._syncing = False  # True while the lists are rebuilt, not picked
        self._map_here = seat.is_facilitator if show_map is None else show_map

        self.status = W.HTML()
        self.facilitator_box = self._facilitator_controls(template)
        self.form_box = self._placement_form()
        self.add_box = self._add_form()
        self.mine = W.HTML()
        self.drag_view = ProximityDragView(
            rings=[{"id": r, "short": t(f"proximity.ring.short.{r}")} for r in RINGS],
            labels={"help": t("proximity.drag.help"), "map": t("proximity.drag.map")},
        )
        self.drag_view.observe(self._on_drag, names="moved")
        self.results_box = self._results()
        show(self.facilitator_box, seat.is_facilitator)
        show(self.form_box, seat.participant is not None)
        parts = [
            html_widget(element("h2", esc(t("proximity.title"))), "kit-tool-intro"),
            self.facilitator_box,
            self.status,
            self.messages,
            self.form_box,
        ]
        if participant_only(seat):  # the task first; the title and help folded
            about = about_html(element("p", esc(t("proximity.place.help"))))
            parts = [self.messages, self.form_box, html_widget(about), self.status]
        self._mount(
            [
                *parts,
                self.mine,
                self.drag_view,
                self.add_box,
                self.results_box,
            ],
            "kit-proximity",
            live=False,
        )
        if template and seat.is_facilitator and not self.state.started:
            self.start_from_template(template)
        if live:
            self._watch()

    # --- public actions --------------------------------------------------------------

    @guarded
    def start_from_template(self, template_id: str | None = None) -> Answer | None:
        """Begin a new map (facilitator): empty, or with a template's stakeholders."""
        template = None
        if template_id:
            try:
                template = self.library.template(template_id)
            except KeyError:
                raise InvalidInput("proximity_template") from None
        with self._lock:
            stored = self.seat.facilitator_event(
                pm.TOOL, self.subject, "start", pm.start_payload(template)
            )
            if self.seat.phase(pm.TOOL, self.subject) != "think":
                self.seat.set_phase(pm.TOOL, self.subject, "think")
            self.refresh()
        if template is None:
            self.messages.ok(t("proximity.started.empty"))
        else:
            self.messages.ok(t("proximity.started", n=len(template.stakeholders)))
        return stored

    @guarded
    def add_stakeholder(self, name: str, category: str) -> pm.Stakeholder | None:
        """Add a stakeholder (name + category) to the room's shared list."""
        with self._lock:
            self.refresh()
            payload = pm.add_payload(self.state, name, category)
            self._store("add", payload)
            self.refresh()
            added = self.state.stakeholder(payload["id"])
            self.new_name.value = ""
            self.new_category.value = None
            if self.seat.participant is not None:
                self.stakeholder_picker.value = added.id
        self.messages.ok(t("proximity.added", name=added.name))
        return added

    @guarded
    def place(
        self,
        stakeholder_id: str,
        impact: int,
        proximity: str,
        voice: int,
        note: str = "",
    ) -> pm.Placement | None:
        """Store this participant's placement of a stakeholder (latest one counts)."""
        with self._lock:
            if not any(s.id == stakeholder_id for s in self.state.stakeholders):
                self.refresh()  # added in another browser a moment ago
            payload = pm.place_payload(
                self.state, stakeholder_id, impact, proximity, voice, note
            )
            self.seat.answer(pm.TOOL, self.subject, "place", payload)
            self.refresh()
            placed = self.state.placement(self.seat.participant_id, stakeholder_id)
        name = self.state.stakeholder(stakeholder_id).name
        self.messages.ok(
            t(
                "proximity.placed",
                name=name,
                ring=t(f"proximity.ring.short.{proximity}"),
            )
        )
        return placed

    @guarded
    def move(self, stakeholder_id: str, proximity: str) -> pm.Placement | None:
        """Move one of my placed stakeholders to another ring (the drag view)."""
        with self._lock:
            mine = self.state.placement(self.seat.participant_id, stakeholder_id)
            if mine is None:
                raise InvalidInput("proximity_not_placed")
        return self.place(stakeholder_id, mine.impact, proximity, mine.voice, mine.note)

    @guarded
    def reveal(self) -> Answer | None:
        """Show the combined map to the room (facilitator)."""
        with self._lock:
            stored = self.seat.set_phase(pm.TOOL, self.subject, "reveal")
            self.refresh()
        self.messages.ok(t("proximity.revealed"))
        return stored

    @guarded
    def hide(self) -> Answer | None:
        """Hide the combined map again: everyone places on their own (facilitator)."""
        with self._lock:
            stored = self.seat.set_phase(pm.TOOL, self.subject, "think")
            self.refresh()
        self.messages.info(t("proximity.hidden"))
        return stored

    @guarded
    def plan_approach(
        self, stakeholder_id: str, approach: str, who: str, text: str = ""
    ) -> pm.Approach | None:
        """Record how the team gets closer to a stakeholder, and who does it.

        ``approach`` is one of :data:`kit.model.proximity.APPROACHES`, ``"eigen"``
        with ``text``, or the team's own idea written out.
        """
        with self._lock:
            self.refresh()
            if not self.state.revealed:
                raise InvalidInput("proximity_not_revealed")
            payload = pm.approach_payload(
                self.state, stakeholder_id, approach, who, text
            )
            self._store("approach", payload)
            self.refresh()
            planned = self.state.approaches[stakeholder_id]
            self.plan_own.value = ""
            self.plan_who.value = ""
        name = self.state.stakeholder(stakeholder_id).name
        self.messages.ok(t("proximity.plan.saved", name=name))
        return planned

    @guarded
    def show_map(self) -> None:
        """Draw the combined map in this browser too (a participant's choice)."""
        with self._lock:
            self._map_here = True
            self.refresh()

    def soft_voice_plans(self) -> list[dict[str, Any]]:
        """Soft voices with the team's approaches, as rows for the report."""
        return pm.soft_voice_plans(self.seat.answers(pm.TOOL), self.subject)

    @property
    def aggregates(self) -> list[pm.Aggregate]:
        return self.state.aggregates()

    @property
    def soft_voices(self) -> list[pm.Aggregate]:
        return pm.soft_voices(self.aggregates)

    @guarded
    def refresh(self) -> None:
        """Read this map's answers again and show them."""
        with self._lock:
            self.state = pm.map_state(
                self.seat.answers(pm.TOOL, self.subject), self.subject
            )
            self.enter_phase(self.state.phase)
            self._render()

    # --- internals -------------------------------------------------------------------

    def _store(self, kind: str, payload: dict[str, Any]) -> Answer:
        """Store as participant, or as facilitator on a facilitator-only seat."""
        if self.seat.participant is not None:
            return self.seat.answer(pm.TOOL, self.subject, kind, payload)
        if self.seat.is_facilitator:
            return self.seat.facilitator_event(pm.TOOL, self.subject, kind, payload)
        raise NotAllowed(self.seat.session.id)

    def _concerns(self, fresh: list[Answer]) -> bool:
        """News for this map: answers about it that it has not shown yet."""
        return any(
            a.tool == pm.TOOL
            and a.subject == self.subject
            and a.seq > self.state.last_seq
            for a in fresh
        )

    def _on_drag(self, change: dict[str, Any]) -> None:
        moved = change["new"] or {}
        if moved.get("id") and moved.get("ring"):
            self.move(str(moved["id"]), str(moved["ring"]))

    def _render(self) -> None:
        state = self.state
        self._render_status()
        self.reveal_button.disabled = state.revealed
        self.hide_button.disabled = not state.revealed
        options = [(f"{s.number}. {s.name}", s.id) for s in state.stakeholders]
        if list(self.stakeholder_picker.options) != options:
            keep = self.stakeholder_picker.value
            ids = [value for _label, value in options]
            self._syncing = True
            try:
                self.stakeholder_picker.options = options
                self.stakeholder_picker.value = keep if keep in ids else None
            finally:
                self._syncing = False
        self._show_info(self.stakeholder_picker.value)
        self._render_mine()
        show(self.results_box, state.revealed)
        if state.revealed:
            self._render_results()
        elif self.map_view.value or self.soft_view.value:
            # Hidden again: take the room's answers out of the page, not just out
            # of sight, so nobody reads them in the page source while placing.
            for view in (
                self.map_view,
                self.differences_view,
                self.soft_view,
                self.missing_view,
            ):
                view.value = ""

    def _render_status(self) -> None:
        state = self.state
        parts = []
        if state.title:
            parts.append(esc(t("proximity.template_title", title=state.title)))
        if not state.started:
            parts.append(esc(t("proximity.not_started")))
        placed = len({p.stakeholder_id for p in state.placements})
        parts.append(
            esc(
                t(
                    "proximity.progress",
                    people=state.participants,
                    placements=len(state.placements),
                    placed=placed,
                    total=len(state.stakeholders),
                )
            )
        )
        if not state.revealed:
            key = (
                "proximity.waiting.facilitator"
                if self.seat.is_facilitator
                else "proximity.waiting"
            )
            parts.append(esc(t(key)))
        self.status.value = (
            "<div class='kit-proximity-status' role='status'>"
            + "".join(element("p", p) for p in parts)
            + "</div>"
        )

    def _render_mine(self) -> None:
        if self.seat.participant is None:
            self.mine.value = ""
            show(self.drag_view, False)
            return
        mine = self.state.placements_of(self.seat.participant_id)
        self._render_drag(mine)
        heading = element("h3", esc(t("proximity.mine", n=len(mine))))
        if not mine:
            self.mine.value = heading + element("p", esc(t("proximity.mine.none")))
            return
        items = []
        for p in sorted(
            mine, key=lambda p: self.state.stakeholder(p.stakeholder_id).number
        ):
            who = self.state.stakeholder(p.stakeholder_id)
            detail = t(
                "proximity.mine.item",
                impact=t("proximity.impact.short", n=p.impact),
                ring=t(f"proximity.ring.short.{p.proximity}"),
                voice=t(f"proximity.voice.short.{p.voice}"),
            )
            note = f"<br><span class='kit-meta'>{esc(p.note)}</span>" if p.note else ""
            items.append(
                f"<li><strong>{who.number}. {esc(who.name)}</strong>: "
                f"{esc(detail)}{note}</li>"
            )
        self.mine.value = (
            f"<div class='kit-proximity-mine'>{heading}<ul>{''.join(items)}</ul></div>"
        )

    def _render_drag(self, mine: list[pm.Placement]) -> None:
        show(self.drag_view, bool(mine))
        angles = pm.sector_angles(self.state.stakeholders)
        markers: list[dict[str, Any]] = []  # as the drag view's JavaScript reads them
        for p in mine:
            who = self.state.stakeholder(p.stakeholder_id)
            markers.append(
                {
                    "id": who.id,
                    "number": who.number,
                    "label": f"{who.number}. {who.name}",
                    "ring": p.proximity,
                    "voice": p.voice,
                    "angle": angles.get(who.id, 0.0),
                }
            )
        markers.sort(key=lambda m: m["number"])
        if self.drag_view.markers != markers:
            self.drag_view.markers = markers

    def _render_results(self) -> None:
        result = pm.map_result(self.state)
        show(self.show_map_button, not self._map_here and bool(result.combined))
        if not self._map_here:
            self.map_view.value = (
                "<section class='kit-proximity-map'>"
                + element("h3", esc(t("proximity.map.heading")))
                + element("p", esc(t("proximity.map.elsewhere")))
                + "</section>"
            )
        else:
            self.map_view.value = self._section(map_view_section(result))
        self.differences_view.value = self._section(differences_section(result))
        self.soft_view.value = self._section(soft_section(result))
        self.missing_view.value = self._section(missing_section(result))
        self._render_plans(list(result.combined), list(result.soft))

    def _section(self, section: Section) -> str:
        return section_html(section, self.figures, level=3)

    def _render_plans(
        self, combined: list[pm.Aggregate], soft: list[pm.Aggregate]
    ) -> None:
        soft_ids = [a.stakeholder.id for a in soft]
        others = [
            a.stakeholder.id for a in combined if a.stakeholder.id not in soft_ids
        ]
        options = [
            (f"{s.number}. {s.name}", s.id)
            for s in (self.state.stakeholder(i) for i in [*soft_ids, *others])
        ]
        if list(self.plan_stakeholder.options) != options:
            keep = self.plan_stakeholder.value
            self.plan_stakeholder.options = options
            ids = [value for _label, value in options]
            self.plan_stakeholder.value = (
                keep if keep in ids else (soft_ids[0] if soft_ids else None)
            )
        plans = sorted(
            self.state.approaches.values(),
            key=lambda p: self.state.stakeholder(p.stakeholder_id).number,
        )
        if not plans:
            self.plans_view.value = element("p", esc(t("proximity.plan.none")))
            return
        items = "".join(
            f"<li><strong>{esc(self.state.stakeholder(p.stakeholder_id).name)}</strong>"
            f": {esc(t('proximity.plan.item', approach=p.label(), who=p.who))}</li>"
            for p in plans
        )
        self.plans_view.value = (
            element("h4", esc(t("proximity.plan.list")))
            + f"<ul class='kit-proximity-plans'>{items}</ul>"
        )


def build_proximity_app(
    seat: Seat, library: Library, template: str | None = None, **options: Any
) -> ProximityMap:
    """The nabijheidskaart for ``seat``; see :class:`ProximityMap` for ``options``."""
    return ProximityMap(seat, library, template=template, **options)
