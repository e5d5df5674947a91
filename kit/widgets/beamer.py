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
from kit.session import Seat
from kit.widgets.feedback import esc
from kit.widgets.layout import Closing
from kit.widgets.live import LiveTool, locked


class QuestionPanel(LiveTool):
    """The self-scan's statements or the matrix's options and values."""

    tool = "matrix"  # the matrix's setup can change while it is shown

    def __init__(self, seat: Seat, library: Any, activity: Activity):
        super().__init__(seat)
        self.library = library
        self.activity = activity
        self.view = W.HTML()
        self._mount([self.view], "kit-beamer-question", live=activity.tool == "matrix")

    @locked
    def refresh(self) -> None:
        if not self.closed:
            self.view.value = self._html()

    def _html(self) -> str:
        if self.activity.tool == "speaking":
            parts = self.activity.options.get("parts", ("scan",))
            return _statements(self.library) if "scan" in parts else ""
        if self.activity.tool == "matrix":
            return self._matrix()
        return ""

    def _matrix(self) -> str:
        from kit.model import matrix as M

        subject = str(
            self.activity.options.get("subject")
            or self.activity.options.get("card")
            or "matrix"
        )
        setup = M.current_setup(M.events_of(self.seat.answers(M.TOOL, subject)))
        if setup is None:
            return ""
        options = "".join(f"<li>{esc(o.label)}</li>" for o in setup.options)
        values = "".join(
            f"<li><strong>{esc(v.name)}</strong>: "
            f"{esc(v.question or v.definition)}</li>"
            for v in setup.values
        )
        return (
            f"<section><h3>{esc(t('beamer.matrix.options'))}</h3><ol type='A'>{options}"
            f"</ol><h3>{esc(t('beamer.matrix.values'))}</h3><ul>{values}</ul></section>"
        )


def _statements(library: Any) -> str:
    items = "".join(
        f"<li>{esc(b.scan_statement or b.statement)}</li>" for b in library.beliefs
    )
    return (
        f"<section><h3>{esc(t('beamer.scan.statements'))}</h3>"
        f"<ol>{items}</ol></section>"
    )


def with_question(
    build: Callable[[Seat, Activity], W.Widget], library: Callable[[], Any]
) -> Callable[[Seat, Activity], W.Widget]:
    """Wrap a tool builder so the room view shows the question above the tool."""

    def built(seat: Seat, activity: Activity) -> W.Widget:
        tool = build(seat, activity)
        panel = QuestionPanel(seat, library(), activity)
        pair = Closing([panel, tool])
        pair.add_class("kit-beamer-pair")
        return pair

    return built
