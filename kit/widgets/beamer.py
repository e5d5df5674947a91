"""What the room view adds above a tool: the question everyone is answering.

On a participant's screen the statements of the self-scan and the values of
the matrix sit inside the answer forms; the room view has no forms, so it
shows them here, large, for the conversation in the room. Nothing of one
person is shown: only the content and the facilitator's setup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as W

from kit.locale import t
from kit.model.activity import Activity
from kit.report.document import Section
from kit.report.sections_speaking import statements_section
from kit.session import Seat
from kit.store import Answer
from kit.widgets.document_view import section_html
from kit.widgets.layout import Closing
from kit.widgets.live import LiveTool, locked


class QuestionPanel(LiveTool):
    """The self-scan's statements or the matrix's options and values."""

    tool = "matrix"  # the matrix's setup can change while it is shown

    def __init__(self, seat: Seat, library: Any, activity: Activity, shown: W.Widget):
        super().__init__(seat)
        self.library = library
        self.activity = activity
        self.shown = shown  # the tool below (the matrix on the team's card)
        self.view = W.HTML()
        self._mount([self.view], "kit-beamer-question", live=activity.tool == "matrix")

    @locked
    def refresh(self) -> None:
        if not self.closed:
            self.view.value = self._html()

    def _concerns(self, fresh: list[Answer]) -> bool:
        """The matrix's setup, or another card for the team (played or chosen)."""
        other_card = {("dilemma", "play"), ("room", "focus")}
        return any(a.tool == self.tool or (a.tool, a.kind) in other_card for a in fresh)

    def _html(self) -> str:
        if self.activity.tool == "speaking":
            parts = self.activity.options.get("parts", ("scan",))
            if "scan" not in parts:
                return ""
            statements = [b.scan_statement or b.statement for b in self.library.beliefs]
            return section_html(statements_section(statements), self.figures, level=3)
        if self.activity.tool == "matrix":
            return self._matrix()
        return ""

    def _matrix(self) -> str:
        from kit.model import matrix as M
        from kit.report.sections_matrix import options_block, values_block

        card = getattr(self.shown, "card", None)  # a CardFocus: the team's card
        subject = card.id if card is not None else "matrix"
        setup = M.current_setup(M.events_of(self.seat.answers(M.TOOL, subject)))
        if setup is None:
            return ""
        section = Section("")
        section.sub(t("beamer.matrix.options"), options_block(setup))
        section.sub(t("beamer.matrix.values"), values_block(setup, questions=True))
        return section_html(section, self.figures, level=3, with_title=False)


def with_question(
    build: Callable[[Seat, Activity], W.Widget], library: Callable[[], Any]
) -> Callable[[Seat, Activity], W.Widget]:
    """Wrap a tool builder so the room view shows the question above the tool."""

    def built(seat: Seat, activity: Activity) -> W.Widget:
        tool = build(seat, activity)
        panel = QuestionPanel(seat, library(), activity, tool)
        pair = Closing([panel, tool])
        pair.add_class("kit-beamer-pair")
        return pair

    return built
