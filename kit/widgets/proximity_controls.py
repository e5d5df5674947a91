"""The controls of the proximity map: template, placement form, list, plans.

A part of :class:`~kit.widgets.proximity.ProximityMap` (a mixin): it builds the
facilitator's controls, the placement form, the form to add a stakeholder and
the results box, and passes what the controls say to the map's actions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as W

from kit.locale import t
from kit.model import proximity as pm
from kit.model.types import CATEGORIES, RINGS
from kit.widgets.feedback import esc, wide
from kit.widgets.layout import element
from kit.widgets.task import participant_only, task_html

if TYPE_CHECKING:
    from kit.model.types import Library
    from kit.session import Seat
    from kit.store import Answer


LABEL_STYLE = {"description_width": "9em"}


class ProximityControls:
    """The forms and controls of :class:`ProximityMap` (uses its state)."""

    if TYPE_CHECKING:  # provided by ProximityMap, which this part is mixed into
        seat: Seat
        library: Library
        state: pm.MapState
        _syncing: bool

        def start_from_template(
            self, template_id: str | None = None
        ) -> Answer | None: ...
        def add_stakeholder(
            self, name: str, category: str
        ) -> pm.Stakeholder | None: ...
        def place(
            self,
            stakeholder_id: str,
            impact: int,
            proximity: str,
            voice: int,
            note: str = "",
        ) -> pm.Placement | None: ...
        def reveal(self) -> Answer | None: ...
        def hide(self) -> Answer | None: ...
        def plan_approach(
            self, stakeholder_id: str, approach: str, who: str, text: str = ""
        ) -> pm.Approach | None: ...
        def show_map(self) -> None: ...

    # --- building the controls -------------------------------------------------------

    def _facilitator_controls(self, template: str | None) -> W.VBox:
        choices = [(t("proximity.template.empty"), "")] + [
            (tpl.title, tpl.id) for tpl in self.library.templates
        ]
        known = {value for _label, value in choices}
        self.template_picker = W.Dropdown(
            options=choices,
            value=template if template in known else "",
            description=t("proximity.template"),
            style=LABEL_STYLE,
            layout=wide(),
        )
        self.start_button = W.Button(description=t("proximity.start"))
        self.start_button.on_click(
            lambda _b: self.start_from_template(self.template_picker.value or None)
        )
        self.reveal_button = W.Button(
            description=t("proximity.reveal"), button_style="primary"
        )
        self.reveal_button.on_click(lambda _b: self.reveal())
        self.hide_button = W.Button(description=t("proximity.hide"))
        self.hide_button.on_click(lambda _b: self.hide())
        for button in (self.start_button, self.reveal_button, self.hide_button):
            button.layout = W.Layout(width="auto")
        box = W.VBox(
            [
                W.HTML(element("h3", esc(t("proximity.facilitator")))),
                W.HBox([self.template_picker, self.start_button]),
                W.HBox([self.reveal_button, self.hide_button]),
            ]
        )
        box.add_class("kit-proximity-facilitator")
        return box

    def _placement_form(self) -> W.VBox:
        # A list box and radio groups, not dropdowns: on a phone a long name
        # or scale step wraps there instead of being cut off.
        self.stakeholder_picker = W.Select(
            options=[],
            rows=6,
            description=t("proximity.stakeholder"),
            style=LABEL_STYLE,
            layout=wide(),
        )
        self.stakeholder_picker.observe(self._on_pick, names="value")
        self.stakeholder_info = W.HTML()
        self.impact_picker = W.RadioButtons(
            options=[(t(f"proximity.impact.{i}"), i) for i in pm.IMPACTS],
            value=None,
            description=t("proximity.impact"),
            style=LABEL_STYLE,
            layout=wide(),
        )
        self.ring_picker = W.RadioButtons(
            options=[(t(f"proximity.ring.{r}"), r) for r in RINGS],
            value=None,
            description=t("proximity.ring"),
            style=LABEL_STYLE,
            layout=wide(),
        )
        self.voice_picker = W.RadioButtons(
            options=[(t(f"proximity.voice.{v}"), v) for v in pm.VOICES],
            value=None,
            description=t("proximity.voice"),
            style=LABEL_STYLE,
            layout=wide(),
        )
        self.note = W.Textarea(
            description=t("proximity.note"),
            placeholder=t("proximity.note.placeholder"),
            style=LABEL_STYLE,
            layout=W.Layout(width="100%", max_width="46em", height="5em"),
        )
        self.place_button = W.Button(
            description=t("proximity.place"),
            button_style="primary",
            layout=W.Layout(width="auto", min_width="10em"),
        )
        self.place_button.on_click(lambda _b: self._place_from_form())
        box = W.VBox(
            [
                W.HTML(
                    element("h3", esc(t("proximity.place.heading")))
                    + (  # a participant's help is in the Uitleg below the form
                        task_html("task.proximity")
                        if participant_only(self.seat)
                        else element("p", esc(t("proximity.place.help")))
                    )
                ),
                self.stakeholder_picker,
                self.stakeholder_info,
                self.impact_picker,
                self.ring_picker,
                self.voice_picker,
                self.note,
                self.place_button,
            ]
        )
        box.add_class("kit-proximity-form")
        return box

    def _add_form(self) -> W.VBox:
        self.new_name = W.Text(
            description=t("proximity.add.name"),
            placeholder=t("proximity.add.name.placeholder"),
            style=LABEL_STYLE,
            layout=wide(),
        )
        self.new_category = W.Dropdown(
            options=[(t(f"proximity.category.{c}"), c) for c in CATEGORIES],
            value=None,
            description=t("proximity.add.category"),
            style=LABEL_STYLE,
            layout=wide(),
        )
        self.add_button = W.Button(
            description=t("proximity.add"),
            layout=W.Layout(width="auto", min_width="10em"),
        )
        self.add_button.on_click(
            lambda _b: self.add_stakeholder(
                self.new_name.value, self.new_category.value or ""
            )
        )
        box = W.VBox(
            [
                W.HTML(element("h3", esc(t("proximity.add.heading")))),
                self.new_name,
                self.new_category,
                self.add_button,
            ]
        )
        box.add_class("kit-proximity-add")
        return box

    def _results(self) -> W.VBox:
        self.map_view = W.HTML()
        self.show_map_button = W.Button(
            description=t("proximity.map.show_here"),
            layout=W.Layout(width="auto"),
        )
        self.show_map_button.on_click(lambda _b: self.show_map())
        self.differences_view = W.HTML()
        self.soft_view = W.HTML()
        self.missing_view = W.HTML()
        self.plan_stakeholder = W.Select(
            options=[],
            rows=4,
            description=t("proximity.plan.stakeholder"),
            style=LABEL_STYLE,
            layout=wide(),
        )
        self.plan_approach_picker = W.Dropdown(
            options=[(t(f"proximity.approach.{a}"), a) for a in pm.APPROACHES]
            + [(t("proximity.approach.eigen"), pm.OWN_APPROACH)],
            value=None,
            description=t("proximity.plan.approach"),
            style=LABEL_STYLE,
            layout=wide(),
        )
        self.plan_own = W.Text(
            description=t("proximity.plan.own"),
            placeholder=t("proximity.plan.own.placeholder"),
            style=LABEL_STYLE,
            layout=wide(),
        )
        self.plan_who = W.Text(
            description=t("proximity.plan.who"),
            placeholder=t("proximity.plan.who.placeholder"),
            style=LABEL_STYLE,
            layout=wide(),
        )
        self.plan_button = W.Button(
            description=t("proximity.plan.save"),
            button_style="primary",
            layout=W.Layout(width="auto", min_width="10em"),
        )
        self.plan_button.on_click(lambda _b: self._plan_from_form())
        self.plans_view = W.HTML()
        plan_box = W.VBox(
            [
                W.HTML(
                    element("h3", esc(t("proximity.plan.heading")))
                    + element("p", esc(t("proximity.plan.help")))
                ),
                self.plan_stakeholder,
                self.plan_approach_picker,
                self.plan_own,
                self.plan_who,
                self.plan_button,
                self.plans_view,
            ]
        )
        plan_box.add_class("kit-proximity-plan")
        box = W.VBox(
            [
                self.map_view,
                self.show_map_button,
                self.differences_view,
                self.soft_view,
                self.missing_view,
                plan_box,
            ]
        )
        box.add_class("kit-proximity-results")
        return box

    def _place_from_form(self) -> None:
        self.place(
            self.stakeholder_picker.value,
            self.impact_picker.value,
            self.ring_picker.value,
            self.voice_picker.value,
            self.note.value,
        )

    def _plan_from_form(self) -> None:
        chosen = self.plan_approach_picker.value
        if not chosen and self.plan_own.value.strip():
            chosen = pm.OWN_APPROACH  # typed an own idea without picking "eigen"
        self.plan_approach(
            self.plan_stakeholder.value,
            chosen or "",
            self.plan_who.value,
            self.plan_own.value,
        )

    def _on_pick(self, change: dict[str, Any]) -> None:
        """Show who the chosen stakeholder is, and this participant's last answer."""
        self._show_info(change["new"])
        if self._syncing or self.seat.participant is None or not change["new"]:
            return
        mine = self.state.placement(self.seat.participant_id, change["new"])
        self.impact_picker.value = mine.impact if mine else None
        self.ring_picker.value = mine.proximity if mine else None
        self.voice_picker.value = mine.voice if mine else None
        self.note.value = mine.note if mine else ""

    def _show_info(self, stakeholder_id: str | None) -> None:
        try:
            chosen = self.state.stakeholder(stakeholder_id or "")
        except KeyError:
            self.stakeholder_info.value = ""
            return
        text = chosen.description or t(f"proximity.category.{chosen.category}")
        self.stakeholder_info.value = element("p", esc(text), "kit-proximity-info")
