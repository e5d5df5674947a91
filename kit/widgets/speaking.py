"""The speaking-up workshop (tegenspraak) as three small tools on one page.

1. **Zelfscan** — each participant rates the five blocking beliefs and the
   shared dilemma for their own team (1–5 or "weet ik niet"), anonymously; after
   the reveal the room sees the spread per belief, the belief it recognises most
   and where it is most divided, with each belief's explanation and counter
   question to open the conversation.
2. **Het gedeelde dilemma** — after one or two rounds of dissent: follow loyally,
   or keep pressing (and be seen as a drammer)? Each marks where they stand and
   optionally why; the room sees the spread and the reasons, without names.
3. **Het palet** — for a situation the team picks, each marks the step of the
   ladder they would take now and the heaviest they would be prepared to take.

This module only wires controls to :mod:`kit.model.speaking` (state and
aggregation) and :mod:`kit.charts.speaking` (imported on the first reveal, so a
participant's page starts without altair or pandas). Every action is a method
that stores through the seat at once; :meth:`SpeakingUp.refresh` re-reads the
store, and the seat's watcher calls it when another kernel adds something.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as W

from kit.errors import InvalidInput
from kit.locale import t
from kit.model import speaking as M
from kit.model.types import ROLES, Belief, Library
from kit.report.document import Section
from kit.session import Seat
from kit.store import Answer
from kit.widgets.document_view import section_html
from kit.widgets.feedback import esc, guarded, show, visible_html
from kit.widgets.layout import html_widget, mark, para
from kit.widgets.live import LiveTool
from kit.widgets.speaking_palette import (
    ActionPalette,
)
from kit.widgets.speaking_part import (
    SpeakingPart,
)
from kit.widgets.speaking_scan import (
    SelfScan,
)
from kit.widgets.speaking_stance import (
    SharedDilemma,
)
from kit.widgets.styles import use_styles
from kit.widgets.task import participant_only

# --------------------------------------------------------------------------- the app


class SpeakingUp(LiveTool):
    """The speaking-up workshop for one seat: facilitator, participant, or both.

    Parameters
    ----------
    seat
        Where this browser sits in the session; every answer goes through it.
    library
        Content with the beliefs (``beliefs.yaml``), the palette
        (``actions.yaml``) and the decks whose cards can be the situation.
    parts
        Which of ``"scan"``, ``"dilemma"``, ``"palette"`` to offer, in order.
    start
        The part shown first (default: the first); once the facilitator moves
        the room to a part, every screen follows.
    live
        Follow other kernels' answers through ``seat.watch``.
    roles
        The roles in the room (e.g. ``("toezicht",)``): the palette then shows
        the steps for everyone plus those meant for these roles. Empty: all steps.

    Public actions (each stores through the seat at once): :meth:`rate`,
    :meth:`stand`, :meth:`set_situation`, :meth:`pick_steps`, :meth:`reveal`,
    :meth:`hide`, :meth:`set_phase`, :meth:`show_part`; :meth:`refresh`
    re-reads the store and :meth:`results` gives the session report's part.
    """

    tool = M.TOOL

    def __init__(
        self,
        seat: Seat,
        library: Library,
        *,
        parts: Sequence[str] = M.PARTS,
        start: str | None = None,
        live: bool = True,
        roles: Sequence[str] = (),
    ):
        unknown = [p for p in parts if p not in M.PARTS]
        if unknown or not parts:
            raise ValueError(f"parts must be some of {M.PARTS}, not {list(parts)}")
        bad_roles = [r for r in roles if r not in ROLES]
        if bad_roles:
            raise ValueError(f"roles must be some of {ROLES}, not {list(roles)}")
        super().__init__(seat)
        use_styles("speaking")
        self.library = library
        self.roles = tuple(roles)
        self._followed = 0
        self._last_seq = -1
        self.scan = SelfScan(self)
        self.dilemma = SharedDilemma(self)
        self.palette = ActionPalette(self)
        self.parts: dict[str, SpeakingPart] = {p: getattr(self, p) for p in parts}
        self.switcher = W.ToggleButtons(
            options=[
                (t("speaking.part", n=i + 1, name=t(f"speaking.part.{p}")), p)
                for i, p in enumerate(self.parts)
            ],
            value=start if start in self.parts else next(iter(self.parts)),
            tooltips=[t(f"speaking.part.{p}.tooltip") for p in self.parts],
            style={"button_width": "auto"},
        )
        self.switcher.add_class("kit-speaking-switcher")
        self._mark_shown_part()
        self.switcher.observe(self._on_switch, names="value")
        # Only the facilitator moves the room between parts; a participant sees
        # the part the facilitator opened, without buttons for the others.
        show(self.switcher, len(self.parts) > 1 and seat.is_facilitator)
        self._start = start
        header = html_widget(
            f"<h2>{esc(t('speaking.title'))}</h2>"
            + para(t("speaking.intro"), "kit-speaking-intro"),
            "kit-tool-intro",
        )
        show(header, not participant_only(seat))  # folded into each part's Uitleg
        self._mount(
            [
                header,
                self.switcher,
                self.messages,
                *self.parts.values(),
            ],
            "kit-speaking",
            live=False,
        )
        self._show_only(self.switcher.value)
        if live:
            self._watch()

    # --- public actions ---------------------------------------------------------------

    def rate(self, belief_id: str, score: int) -> Answer | None:
        """Self-scan: rate a belief's statement 1–5, or 0 for "weet ik niet"."""
        return self.scan.rate(belief_id, score)

    def stand(self, position: int, reason: str = "") -> M.Stand | None:
        """Shared dilemma: where you stand (1 loyal … 5 keep pressing), and why."""
        return self.dilemma.stand(position, reason)

    def set_situation(self, text: str = "", card_id: str = "") -> M.Situation | None:
        """Palette: the situation the team weighs (facilitator)."""
        return self.palette.set_situation(text, card_id)

    def pick_steps(
        self, now_step: str, furthest_step: str, situation: str | None = None
    ) -> M.Pick | None:
        """Palette: the step you would take now and the heaviest you would take."""
        return self.palette.pick_steps(now_step, furthest_step, situation)

    def reveal(self, part: str = "scan") -> Answer | None:
        """Show the room the answers of ``part`` (facilitator)."""
        return self._part(part).reveal()

    def hide(self, part: str = "scan") -> Answer | None:
        """Hide the answers of ``part`` again (facilitator)."""
        return self._part(part).hide()

    def set_phase(self, part: str, phase: str) -> Answer | None:
        """Move ``part`` to ``phase``: think, reveal, discuss or close (facilitator)."""
        return self._part(part).set_phase(phase)

    @guarded
    def show_part(self, part: str) -> None:
        """Show one part; the facilitator's choice is followed by every screen."""
        if part not in self.parts:
            raise InvalidInput("speaking_part")
        if self.switcher.value != part:
            self.switcher.value = part  # comes back here through _on_switch
            return
        self._show_only(part)
        if self.seat.is_facilitator:
            focus, _seq = M.focus_of(self.events())
            if focus != part:
                stored = self.seat.facilitator_event(
                    M.TOOL, M.APP, M.FOCUS, {"part": part}
                )
                self._followed = stored.seq

    @property
    def current_part(self) -> str:
        return str(self.switcher.value)

    def events(self) -> list[Answer]:
        """Every event of this tool in the session, oldest first."""
        return self.seat.answers(M.TOOL)

    @guarded
    def refresh(self) -> None:
        """Re-read the store and show what this seat may see now."""
        with self.lock:
            if self._closed:
                return
            events = self.events()
            for part in self.parts.values():
                part.render(events)
            self._follow(events)
            self._last_seq = M.last_seq(events)

    def results(self) -> dict[str, Any]:
        """The workshop's results for the session report (counts, no names)."""
        return M.session_report(
            self.events(),
            [b.id for b in self.library.beliefs],
            self.palette.action_ids,
        )

    def section(self, section: Section) -> str:
        """A presented section as HTML in this page, its charts drawn once."""
        return section_html(section, self.figures)

    def belief_label(self, belief: Belief) -> str:
        if belief.kind == "shared_dilemma" or belief.number is None:
            return t("speaking.belief.dilemma", name=belief.name)
        return t("speaking.belief.numbered", n=belief.number, name=belief.name)

    def page_html(self, part: str | None = None) -> str:
        """The HTML this seat sees now (visible parts only), for tests.

        With ``part``, that part's HTML whether it is the one shown or not.
        """
        root = self._part(part) if part else self
        return visible_html(root, include_hidden_root=True)

    # --- internals --------------------------------------------------------------------

    def _part(self, part: str) -> SpeakingPart:
        if part not in self.parts:
            raise InvalidInput("speaking_part")
        return self.parts[part]

    def _show_only(self, part: str) -> None:
        for name, widget in self.parts.items():
            show(widget, name == part)
            mark(widget, "kit-speaking-current", name == part)

    def _on_switch(self, change: dict[str, Any]) -> None:
        self._mark_shown_part()
        if change["new"]:
            self.show_part(change["new"])

    def _mark_shown_part(self) -> None:
        """The part shown now carries ▶, as the current step does in every tool."""
        shown = self.switcher.value
        self.switcher.icons = ["play" if p == shown else "" for p in self.parts]

    def _follow(self, events: Sequence[Answer]) -> None:
        """Participants follow the part the facilitator moves the room to."""
        focus, seq = M.focus_of(events)
        if focus is None or seq <= self._followed:
            return
        self._followed = seq
        if focus in self.parts and focus != self.switcher.value:
            self.switcher.value = focus

    def _concerns(self, fresh: list[Answer]) -> bool:
        """News for this workshop: answers of the tool it has not shown yet."""
        return any(a.tool == M.TOOL and a.seq > self._last_seq for a in fresh)


def build_speaking_up_app(seat: Seat, library: Library, **options: Any) -> SpeakingUp:
    """The speaking-up workshop for ``seat``; see :class:`SpeakingUp` for options."""
    return SpeakingUp(seat, library, **options)
