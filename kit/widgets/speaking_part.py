"""What the three parts of the speaking-up workshop share: phase, lead box, messages.

A part talks to its workshop through :class:`SpeakingApp`, so this module
does not import the workshop that holds the parts.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Protocol

import ipywidgets as W

from kit.errors import InvalidInput, NotAllowed
from kit.locale import t
from kit.model import speaking as M
from kit.model.phases import PHASES
from kit.model.types import Belief, Library
from kit.report.document import Section
from kit.session import Seat
from kit.store import Answer
from kit.widgets.feedback import MessageArea, esc, guarded, show
from kit.widgets.layout import button, mark, para
from kit.widgets.live import FigureCache
from kit.widgets.task import about_html, participant_only, task_html

#: The line that says what to do now, per part (kit/widgets/task.py).
TASKS = {"scan": "task.scan", "dilemma": "task.stance", "palette": "task.palette"}


class SpeakingApp(Protocol):
    """What a part needs of the workshop that holds it (:class:`SpeakingUp`)."""

    seat: Seat
    library: Library
    roles: tuple[str, ...]
    figures: FigureCache

    @property
    def lock(self) -> threading.RLock: ...

    def events(self) -> list[Answer]: ...

    def refresh(self) -> None: ...

    def section(self, section: Section) -> str: ...

    def belief_label(self, belief: Belief) -> str: ...


LABEL_STYLE = {"description_width": "12em"}


class SpeakingPart(W.VBox):
    """One of the three tools: its phase, its facilitator controls, its messages."""

    part = ""

    def __init__(self, app: SpeakingApp, title: str, intro: str):
        self.app = app
        self.seat = app.seat
        self.library = app.library
        self.subject = M.PART_SUBJECTS[self.part]
        self.messages = MessageArea()
        self.phase = "think"
        self._syncing = False
        self.status = W.HTML()
        self.reveal_button = button(
            t("speaking.reveal"), self.reveal, "primary", tooltip=t("speaking.reveal")
        )
        self.hide_button = button(
            t("speaking.hide"), self.hide, tooltip=t("speaking.hide")
        )
        self.lead_box = W.VBox(
            [
                W.HTML(f"<h4>{esc(t('speaking.lead'))}</h4>"),
                *self._lead_controls(),
                W.HBox([self.reveal_button, self.hide_button]),
            ]
        )
        self.lead_box.add_class("kit-speaking-lead")
        show(self.lead_box, self.seat.is_facilitator)
        self.results = W.VBox()
        self.results.add_class("kit-speaking-results")
        head = W.HTML(f"<h3>{esc(title)}</h3>{para(intro, 'kit-speaking-intro')}")
        parts = [head, self.lead_box, self.status, *self._answer_controls()]
        if participant_only(self.seat):
            # A participant's task first; the explanations folded below the form.
            head.value = f"<h3>{esc(title)}</h3>{task_html(TASKS[self.part])}"
            about = about_html(
                para(t("speaking.intro"), "kit-speaking-intro"),
                para(intro, "kit-speaking-intro"),
            )
            parts = [head, *parts[3:], self.status, W.HTML(about)]
        super().__init__([*parts, self.messages, self.results])
        self.add_class("kit-speaking-part")
        self.add_class(f"kit-speaking-{self.part}")

    # --- to fill in by each part ----------------------------------------------------

    def _lead_controls(self) -> list[W.Widget]:
        return []

    def _answer_controls(self) -> list[W.Widget]:
        return []

    def render(self, events: Sequence[Answer]) -> None:
        raise NotImplementedError

    # --- shared actions -------------------------------------------------------------

    @property
    def revealed(self) -> bool:
        return M.is_revealed(self.phase)

    @guarded
    def reveal(self) -> Answer | None:
        """Show the room the answers of this part (facilitator)."""
        stored = self._set_phase("reveal")
        self.messages.ok(t("speaking.revealed"))
        return stored

    @guarded
    def hide(self) -> Answer | None:
        """Hide the answers again: everyone answers alone (facilitator)."""
        stored = self._set_phase("think")
        self.messages.info(t("speaking.hidden"))
        return stored

    @guarded
    def set_phase(self, phase: str) -> Answer | None:
        """Move this part to ``phase``: think, reveal, discuss or close."""
        return self._set_phase(phase)

    def _set_phase(self, phase: str) -> Answer:
        if not self.seat.is_facilitator:
            raise NotAllowed(self.seat.session.id)
        if phase not in PHASES:
            raise InvalidInput("speaking_phase")
        stored = self.seat.set_phase(M.TOOL, self.subject, phase)
        self.app.refresh()
        return stored

    def _need_participant(self) -> None:
        if self.seat.participant is None:
            raise InvalidInput("speaking_no_participant")

    def _need_think(self, events: Sequence[Answer]) -> None:
        if M.is_revealed(M.phase_of(events, self.subject)):
            raise InvalidInput("speaking_locked")

    def _status(self, answered: int) -> None:
        """The phase line everyone sees, with the facilitator's privacy warning."""
        lines = [t("speaking.answered", n=answered)]
        if self.revealed:
            lines.append(t("speaking.status.revealed"))
        else:
            lines.append(t("speaking.status.think"))
            # One screen: the room answers together, so there is nobody to guess.
            room = self.seat.is_facilitator and self.seat.participant is None
            if room and answered < M.ANONYMOUS_FROM:
                lines.append(t("speaking.few", n=M.ANONYMOUS_FROM))
        body = "".join(para(line) for line in lines)
        value = f"<div class='kit-speaking-status' role='status'>{body}</div>"
        if self.status.value != value:
            self.status.value = value
        self.reveal_button.disabled = self.revealed
        self.hide_button.disabled = not self.revealed
        mark(self, "kit-speaking-revealed", self.revealed)  # the room view's layout

    def _mine_html(self, text: str) -> str:
        """This participant's own answer, and whether it can still change."""
        hint = t("speaking.fixed" if self.revealed else "speaking.can_change")
        return (
            "<div class='kit-speaking-mine' role='status'>"
            f"{para(text)}{para(hint, 'kit-meta')}</div>"
        )

    def _set_results(self, children: list[W.Widget]) -> None:
        if list(self.results.children) != children:
            self.results.children = children
