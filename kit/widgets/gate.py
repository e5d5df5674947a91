"""Session gate: put this browser in a session, then show the tool.

On load the browser reports what it remembers (:class:`BrowserMemory`). A
remembered seat is restored, so a refresh or lost connection returns the same
participant with their answers. On another device (or after the browser was
cleared) a participant takes their seat back with the session code, their
pseudonym and the recovery word they were shown at joining. A facilitator seat
kept beyond this tab is only restored after the person confirms it is theirs
(a shared training-room PC must not make the next person the facilitator).
Otherwise the gate offers to join with a code, to start a session for the
room, or to work on one screen, the join form first (a stray link to a
workshop page makes nobody a facilitator). Every step is a Python method so
tests drive it without a browser.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as W

from kit.errors import PseudonymTaken
from kit.locale import t
from kit.session import (
    Seat,
    code_from_query,
    one_screen_seat,
    restore_seat,
    suggest_pseudonym,
)
from kit.store import Store
from kit.widgets.feedback import MessageArea, esc, guarded
from kit.widgets.memory import BrowserMemory
from kit.widgets.styles import use_styles

ToolBuilder = Callable[[Seat, "SessionGate"], W.Widget]


class SessionGate(W.VBox):
    """Resolves the seat of this browser, then builds the tool with it.

    ``auto_one_screen``: with nothing remembered and no code in the link, start a
    one-screen session at once (for a page meant for one shared screen only);
    by default the choices are offered, joining first.
    """

    def __init__(
        self,
        store: Store,
        build_tool: ToolBuilder,
        *,
        auto_one_screen: bool = False,
        on_seat: Callable[[Seat], None] | None = None,
    ):
        use_styles("session")
        self.store = store
        self.build_tool = build_tool
        self.auto_one_screen = auto_one_screen
        self.on_seat = on_seat
        self.seat: Seat | None = None
        self.tool: W.Widget | None = None
        self.page_url = ""
        self._switch_warned = False
        self._pending: tuple[Seat, str] | None = None
        self.messages = MessageArea()
        self.recovery = W.HTML()
        self._word = ""
        self.recovery.add_class("kit-recovery")
        self.memory = BrowserMemory()
        self.memory.observe(self._on_memory, names="loaded")
        self.bar = W.HTML()
        self.bar.add_class("kit-sessionbar")
        self.switch_button = W.Button(description=t("gate.bar.switch"))
        self.switch_button.add_class("kit-switch")  # a small link
        self.switch_button.on_click(lambda _b: self.switch())
        self._loading = W.HTML(f"<p role='status'>{esc(t('gate.loading'))}</p>")
        self.chooser = self._build_chooser()
        super().__init__([self.memory, self._loading, self.messages])
        self.add_class("kit-gate")

    # --- the choices -----------------------------------------------------------------

    def _build_chooser(self) -> W.VBox:
        wide = W.Layout(width="100%", max_width="28em")
        style = {"description_width": "9em"}
        self.code_input = W.Text(
            description=t("gate.join.code"),
            placeholder=t("gate.join.code.placeholder"),
            layout=wide,
            style=style,
        )
        self.pseudonym_input = W.Text(
            value=suggest_pseudonym(),
            description=t("gate.join.pseudonym"),
            layout=wide,
            style=style,
        )
        self.word_input = W.Text(
            description=t("gate.join.word"),
            placeholder=t("gate.join.word.placeholder"),
            layout=W.Layout(width="100%", max_width="28em", display="none"),
            style=style,
        )
        self.pseudonym_input.observe(lambda _c: self._hide_word(), names="value")
        join = W.Button(description=t("gate.join.button"), button_style="primary")
        join.on_click(
            lambda _b: self.join(
                self.code_input.value,
                self.pseudonym_input.value,
                self.word_input.value,
            )
        )
        self.title_input = W.Text(
            value=t("gate.start.title.default"),
            description=t("gate.start.title"),
            layout=wide,
            style=style,
        )
        start = W.Button(description=t("gate.start.button"))
        start.on_click(lambda _b: self.start(self.title_input.value))
        one = W.Button(description=t("gate.one_screen.button"))
        one.on_click(lambda _b: self.start(self.title_input.value, one_screen=True))

        def section(heading: str, help_key: str, *children: W.Widget) -> W.VBox:
            intro = W.HTML(f"<h2>{esc(t(heading))}</h2><p>{esc(t(help_key))}</p>")
            box = W.VBox([intro, *children])
            box.add_class("kit-chooser-section")
            return box

        chooser = W.VBox(
            [
                section(
                    "gate.join.heading",
                    "gate.join.help",
                    self.code_input,
                    self.pseudonym_input,
                    self.word_input,
                    join,
                ),
                section(
                    "gate.start.heading", "gate.start.help", self.title_input, start
                ),
                section("gate.one_screen.heading", "gate.one_screen.help", one),
            ]
        )
        chooser.add_class("kit-root")
        chooser.add_class("kit-chooser")
        return chooser

    # --- public actions --------------------------------------------------------------

    @guarded
    def restore(self, remembered: dict[str, Any], query: str = "") -> Seat | None:
        """Resume the remembered seat, or show the choices (or go one-screen)."""
        wanted = code_from_query(query)
        seat = restore_seat(self.store, remembered)
        if seat is not None and (not wanted or _same_code(wanted, seat.session.code)):
            if seat.is_facilitator and remembered.get("ask"):
                self._ask_resume(seat, query)  # a shared PC: is this the same person?
                return None
            self._enter(seat, remember=False)
            return seat
        if wanted:
            self.code_input.value = wanted
            self._show_chooser()
            return None
        if self.auto_one_screen:
            return self.start(t("session.one_screen_title"), one_screen=True, auto=True)
        self._show_chooser()
        return None

    @guarded
    def join(self, code: str, pseudonym: str, word: str = "") -> Seat | None:
        """Join the session with ``code`` under ``pseudonym``.

        A pseudonym someone in the session already has asks for its recovery
        word (``None`` is returned); with the right ``word`` this browser gets
        that seat, answers and all.
        """
        session = self.store.find_session(code)
        if word.strip():
            back = self.store.recover_participant(session.id, pseudonym, word)
            seat = Seat(self.store, session, back.participant)
            self.memory.remember(code=session.code, token=back.token)
            self._enter(seat, remember=False)
            name = back.participant.pseudonym
            self.messages.ok(t("gate.recovered", pseudonym=name))
            return seat
        try:
            joined = self.store.add_participant(session.id, pseudonym, recoverable=True)
        except PseudonymTaken:
            self._ask_word()
            return None
        seat = Seat(self.store, session, joined.participant)
        seat.answer("session", "room", "joined", {})
        self.memory.remember(code=session.code, token=joined.token)
        self._enter(seat, remember=False)
        self._show_word(joined.recovery_word)
        name = joined.participant.pseudonym
        text = t("gate.joined", pseudonym=name)
        if looks_like_a_name(name):
            text += "\n" + t("gate.joined.real_name")
        self.messages.ok(text)
        return seat

    @guarded
    def start(
        self, title: str, *, one_screen: bool = False, auto: bool = False
    ) -> Seat:
        """Start a session: for the room (facilitator) or on one screen."""
        if one_screen:
            seat = one_screen_seat(self.store, title)
        else:
            new = self.store.create_session(title)
            seat = Seat(self.store, new.session, None, new.facilitator_secret)
        self._enter(seat, remember=True)
        if auto:
            self.messages.info(t("gate.one_screen_auto"))
        elif not one_screen:
            self.messages.ok(t("gate.started"))
        return seat

    @guarded
    def resume(self, yes: bool) -> Seat | None:
        """Answer "continue as facilitator?" for a seat this browser kept.

        Yes enters the seat; no makes the browser forget it and goes on as if
        nothing was remembered.
        """
        seat, query = self._pending or (None, "")
        self._pending = None
        if seat is None:
            return None
        if yes:
            self._enter(seat, remember=True)
            return seat
        self.memory.forget()
        return self.restore({}, query)

    def switch(self, *, confirmed: bool = False) -> None:
        """Leave this seat (the browser forgets it) and show the choices again.

        One tap must not lose a seat: the first call only warns (a facilitator
        loses the session's secret in this browser, a participant their place);
        a second call (or ``confirmed=True``) leaves.
        """
        if self.seat is not None and not (confirmed or self._switch_warned):
            self._switch_warned = True
            key = "gate.switch.confirm"
            if not self.seat.is_facilitator:
                key = "gate.switch.confirm.participant"
            self.messages.error(t(key))
            return
        self._switch_warned = False
        if self.seat is not None:
            self.seat.stop()
        self.seat = None
        self.tool = None
        self.memory.forget()
        self.messages.clear()
        self._show_chooser()

    # --- internals -------------------------------------------------------------------

    def _on_memory(self, change: dict[str, Any]) -> None:
        if change["new"] and self.seat is None:
            self.page_url = self.memory.page_url
            self.restore(dict(self.memory.stored), self.memory.query)

    def _ask_resume(self, seat: Seat, query: str) -> None:
        self._pending = (seat, query)
        session = seat.session
        text = t("gate.resume.help", title=session.title, code=session.code)
        intro = W.HTML(f"<h2>{esc(t('gate.resume.heading'))}</h2><p>{esc(text)}</p>")
        yes = W.Button(description=t("gate.resume.yes"), button_style="primary")
        yes.on_click(lambda _b: self.resume(True))
        no = W.Button(description=t("gate.resume.no"))
        no.on_click(lambda _b: self.resume(False))
        box = W.VBox([intro, W.HBox([yes, no])])
        box.add_class("kit-root")
        box.add_class("kit-resume")
        self.children = [self.memory, self.messages, box]

    def _ask_word(self) -> None:
        """The pseudonym is taken: ask for its recovery word (or another name)."""
        self.word_input.layout.display = None
        self.messages.error(t("error.pseudonym_taken"))

    def _hide_word(self) -> None:
        if self.word_input.layout.display != "none":
            self.word_input.layout.display = "none"
            self.word_input.value = ""

    def _show_word(self, word: str, *, folded: bool = False) -> None:
        """Show a new participant their recovery word (only they ever see it).

        Open at joining; :meth:`settle` folds it, so it stays one tap away
        without pushing the participant's task below the fold.
        """
        self._word = word
        state = "" if folded else " open"
        self.recovery.value = (
            f"<details{state}><summary>{esc(t('gate.word.intro'))}</summary>"
            f"<p class='kit-recovery-word'>{esc(word)}</p>"
            f"<p>{esc(t('gate.word.help'))}</p></details>"
        )

    def settle(self) -> None:
        """The participant's task comes first now: fold the recovery word and
        drop the welcome message (the bar still says who they are)."""
        if self._word:
            self._show_word(self._word, folded=True)
        self.messages.clear()

    def _show_chooser(self) -> None:
        self.children = [self.memory, self.messages, self.chooser]

    def _enter(self, seat: Seat, *, remember: bool) -> None:
        if remember:
            token = None
            if seat.participant is not None and seat.is_facilitator:
                token = _one_screen_token(self.store, seat)
            self.memory.remember(
                code=seat.session.code, secret=seat.facilitator_secret, token=token
            )
        self.seat = seat
        self.recovery.value = ""
        self._word = ""
        self._hide_word()
        if self.on_seat is not None:
            self.on_seat(seat)
        self.bar.value = _bar_html(seat)
        self.tool = self.build_tool(seat, self)
        top = W.HBox([self.bar, self.switch_button])
        top.add_class("kit-sessiontop")
        self.children = [self.memory, top, self.recovery, self.messages, self.tool]


def looks_like_a_name(pseudonym: str) -> bool:
    """Whether a pseudonym reads like a first and last name ("Marieke Jansen").

    Suggested pseudonyms ("Rode fuut") have a lower-case second word.
    """
    words = pseudonym.split()
    return len(words) >= 2 and all(w[:1].isupper() and w[1:].islower() for w in words)


def _same_code(a: str, b: str) -> bool:
    from kit.store.codes import normalize_code

    return normalize_code(a) == normalize_code(b)


def _one_screen_token(store: Store, seat: Seat) -> str | None:
    """A fresh rejoin token for the one-screen participant, to remember it."""
    return store.renew_token(seat.session.id, seat.participant_id)


def _bar_html(seat: Seat) -> str:
    code = seat.session.code
    if seat.is_facilitator and seat.participant is not None:
        text = t("gate.bar.one_screen", code=code)
    elif seat.is_facilitator:
        text = t("gate.bar.facilitator", code=code)
    else:
        pseudonym = seat.participant.pseudonym if seat.participant else ""
        text = t("gate.bar.participant", code=code, pseudonym=pseudonym)
    return f"<p class='kit-sessionbar-text'>{esc(text)}</p>"
