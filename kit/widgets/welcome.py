"""The first activity of a session: the title and the team's opgave."""

from __future__ import annotations

import ipywidgets as W

from kit.locale import t
from kit.model import opgave as O
from kit.session import Seat
from kit.store import Answer
from kit.widgets.feedback import esc, guarded
from kit.widgets.live import LiveTool, locked


class WelcomeView(LiveTool):
    """The first activity: the title and the opgave (for the facilitator also the
    code, the QR code and the opgave form of the start panel)."""

    tool = O.TOOL

    def __init__(self, seat: Seat):
        super().__init__(seat)
        self.opgave = W.HTML()
        self.panel: W.Widget | None = None
        if seat.is_facilitator:
            from kit.widgets.start import StartPanel

            self.panel = StartPanel(seat)
            # Export and delete live behind Beheer in the control view.
            self.panel.children = [
                c for c in self.panel.children if c is not self.panel.data_box
            ]
            self._mount([self.panel], "kit-room-welcome", live=False)
        else:
            intro = W.HTML(f"<p>{esc(t('room.welcome', title=seat.session.title))}</p>")
            self._mount([intro, self.opgave, self.messages], "kit-room-welcome")

    @guarded
    @locked
    def refresh(self) -> None:
        """Show the opgave the facilitator stored last."""
        if self.panel is not None or self.closed:
            return  # the start panel follows the room itself
        text = O.current_opgave(self.seat.answers(O.TOOL, O.SUBJECT, O.KIND))
        self.opgave.value = (
            f"<h2>{esc(t('start.opgave.heading'))}</h2>"
            f"<p>{esc(text or t('start.opgave.none'))}</p>"
        )

    def _concerns(self, fresh: list[Answer]) -> bool:
        return any(a.tool == O.TOOL and a.kind == O.KIND for a in fresh)

    def close(self) -> None:
        panel = getattr(self, "panel", None)
        if panel is not None:
            panel.close()
        super().close()
