"""Check vooraf: the Start of a session in a team's series looks back first.

The facilitator makes this session the next one in a team's series (with the
team key, or by starting a new team, whose key is shown once). The kit then
copies what the previous session left — the team's takeaways, what it wanted
to know, do and watch per card, the approaches agreed for soft voices — into
this session, so every participant sees it without any key. The room answers
three questions together and the facilitator types what it says: what did we
do with it, what happened, what do we carry forward? Suggestions from the
series (a suggestion, never a rule) are shown to the facilitator only.

Everything is stored at once as facilitator events of the tool ``series``
(see :mod:`kit.model.series`) and becomes part of the session report.
"""

from __future__ import annotations

import ipywidgets as W

from kit.errors import InvalidInput, NotAllowed
from kit.locale import t
from kit.model import series_check as SM
from kit.model.types import Library
from kit.session import Seat
from kit.store import Answer, SeriesPlace
from kit.widgets.feedback import MessageArea, esc, guarded, show, wide

LABEL_STYLE = {"description_width": "14em"}


def _brought_html(came: SM.Brought) -> str:
    """Last time's takeaways and agreements as escaped HTML."""
    parts = [f"<h4>{esc(t('check.brought.heading', place=came.place))}</h4>"]
    if came.empty:
        parts.append(f"<p>{esc(t('series.brought.none'))}</p>")
    if came.takeaways:
        items = "".join(f"<li>{esc(x)}</li>" for x in came.takeaways)
        parts.append(f"<p>{esc(t('series.brought.takeaways'))}</p><ul>{items}</ul>")
    for closing in came.closings:
        rows = "".join(
            f"<dt>{esc(t(f'series.brought.{key}'))}</dt>"
            f"<dd>{esc(closing.get(key, ''))}</dd>"
            for key in ("knowledge", "actions", "power")
            if closing.get(key)
        )
        title = t("series.brought.card", title=closing.get("title", ""))
        parts.append(f"<p>{esc(title)}</p><dl>{rows}</dl>")
    if came.approaches:
        items = "".join(
            "<li>"
            + esc(
                t(
                    "series.brought.approach",
                    name=a.get("name", ""),
                    approach=a.get("approach", ""),
                    who=a.get("who", ""),
                )
            )
            + "</li>"
            for a in came.approaches
        )
        parts.append(f"<p>{esc(t('series.brought.approaches'))}</p><ul>{items}</ul>")
    return "".join(parts)


class SeriesCheck(W.VBox):
    """The series part of Start: join a series, then check before plan.

    Public actions: :meth:`join_series` (team key), :meth:`start_team` (a new
    team; returns its key), :meth:`save_check` (the room's answers); all for
    the facilitator. :meth:`refresh` re-reads the store.
    """

    def __init__(
        self, seat: Seat, library: Library | None = None, *, live: bool = True
    ):
        self.seat = seat
        self.library = library
        self.messages = MessageArea()
        self.place: SeriesPlace | None = None
        self.suggestions: list[str] = []
        self.header = W.HTML()
        self.brought_view = W.HTML()
        self.answers_view = W.HTML()
        self.suggestions_view = W.HTML()
        self.join_box = W.VBox()
        self.form = W.VBox()
        if seat.is_facilitator:
            self._build_facilitator()
        super().__init__(
            [
                self.header,
                self.join_box,
                self.suggestions_view,
                self.brought_view,
                self.form,
                self.answers_view,
                self.messages,
            ]
        )
        self.add_class("kit-series-check")
        self._read_place()
        self.refresh()
        if live:
            seat.watch(self._on_store_change)

    # --- building ---------------------------------------------------------------------

    def _build_facilitator(self) -> None:
        self.key = W.Password(
            description=t("check.key"),
            placeholder=t("check.key.placeholder"),
            layout=wide(),
            style=LABEL_STYLE,
        )
        join = W.Button(description=t("check.join"), button_style="primary")
        join.on_click(lambda _b: self.join_series(self.key.value))
        self.team_name = W.Text(
            description=t("check.team.name"), layout=wide(), style=LABEL_STYLE
        )
        new_team = W.Button(description=t("check.team.start"))
        new_team.on_click(lambda _b: self.start_team(self.team_name.value))
        self.join_box.children = [
            W.HTML(
                f"<h3>{esc(t('check.series.heading'))}</h3>"
                f"<p>{esc(t('check.series.help'))}</p>"
            ),
            self.key,
            join,
            W.HTML(f"<p>{esc(t('check.team.help'))}</p>"),
            self.team_name,
            new_team,
        ]
        self.done = W.Textarea(
            description=t("series.check.done"), layout=wide(), style=LABEL_STYLE
        )
        self.happened = W.Textarea(
            description=t("series.check.happened"), layout=wide(), style=LABEL_STYLE
        )
        self.forward = W.Textarea(
            description=t("series.check.forward"), layout=wide(), style=LABEL_STYLE
        )
        save = W.Button(description=t("check.save"), button_style="primary")
        save.on_click(
            lambda _b: self.save_check(
                self.done.value, self.happened.value, self.forward.value
            )
        )
        self.form.children = [
            W.HTML(f"<p>{esc(t('check.form.help'))}</p>"),
            self.done,
            self.happened,
            self.forward,
            save,
        ]

    # --- public actions ---------------------------------------------------------------

    @guarded
    def start_team(self, name: str, retention_days: int | None = None) -> str:
        """Start a new team with this session as its first; returns the team key."""
        self._facilitator_only()
        new = self.seat.store.create_team(name, retention_days)
        self.join_series(new.secret, announce=False)
        self.messages.ok(t("check.team.started", team=new.team.name, key=new.secret))
        return new.secret

    @guarded
    def join_series(self, team_secret: str, *, announce: bool = True) -> int | None:
        """Make this session the next in the series of the team with this key,
        and bring last time's takeaways and agreements into this session."""
        self._facilitator_only()
        store, session = self.seat.store, self.seat.session
        secret = self.seat.facilitator_secret or ""
        try:
            team = store.open_team(team_secret.strip())
        except NotAllowed:
            self.messages.error(t("view.wrong_key"))
            return None
        place = store.add_to_series(team.id, team_secret.strip(), session.id, secret)
        from kit.model import series
        from kit.report.series_report import load_series, suggestion_text

        sessions = load_series(store, team, team_secret.strip())
        before = [s for s in sessions if s.place < place]
        if before and SM.brought(self.seat.answers(SM.TOOL)) is None:
            came = series.carry_forward(
                before[-1].answers, before[-1].place, self._library()
            )
            self.seat.facilitator_event(
                SM.TOOL, SM.CHECK, SM.BROUGHT, came.to_payload()
            )
        picture = series.series_picture(team.name, before, self._library())
        self.suggestions = [suggestion_text(s) for s in picture.suggestions]
        self._read_place()
        if announce:
            self.messages.ok(t("check.joined", team=team.name, place=place))
        self.refresh()
        return place

    @guarded
    def save_check(self, done: str, happened: str, forward: str) -> Answer:
        """Record what the room says at the check step (facilitator)."""
        self._facilitator_only()
        payload = SM.check_payload(done, happened, forward)
        answer = self.seat.facilitator_event(
            SM.TOOL, SM.CHECK, SM.CHECK_ANSWER, payload
        )
        self.messages.ok(t("check.saved"))
        self.refresh()
        return answer

    # --- view -------------------------------------------------------------------------

    def _library(self) -> Library:
        """The content answers refer to (card titles, variations), loaded once."""
        if self.library is None:
            from kit.model import builtin_library

            self.library = builtin_library()
        return self.library

    def _facilitator_only(self) -> None:
        if not self.seat.is_facilitator:
            raise InvalidInput("series_facilitator_only")

    def _read_place(self) -> None:
        if self.seat.is_facilitator:
            self.place = self.seat.store.series_of(
                self.seat.session.id, self.seat.facilitator_secret or ""
            )

    @guarded
    def refresh(self) -> None:
        events = self.seat.answers(SM.TOOL)
        came = SM.brought(events)
        said = SM.check_answers(events)
        in_series = self.place is not None or came is not None
        if self.place is not None:
            self.header.value = (
                f"<h2>{esc(t('check.heading'))}</h2><p>"
                + esc(
                    t(
                        "check.in_series",
                        team=self.place.team_name,
                        place=self.place.position,
                    )
                )
                + "</p>"
                + f"<p><a href='reeks.ipynb'>{esc(t('check.series_page'))}</a></p>"
            )
        elif came is not None:
            self.header.value = f"<h2>{esc(t('check.heading'))}</h2>"
        else:
            self.header.value = ""
        show(self.join_box, self.seat.is_facilitator and self.place is None)
        self.brought_view.value = _brought_html(came) if came is not None else ""
        if came is None and self.place is not None:
            self.brought_view.value = f"<p>{esc(t('check.first'))}</p>"
        show(self.form, self.seat.is_facilitator and in_series)
        if self.seat.is_facilitator and not said.empty and not self.done.value:
            self.done.value, self.happened.value, self.forward.value = (
                said.done,
                said.happened,
                said.forward,
            )
        self.answers_view.value = self._answers_html(said, came is not None)
        items = "".join(f"<li>{esc(s)}</li>" for s in self.suggestions)
        self.suggestions_view.value = (
            f"<h3>{esc(t('series.suggestions'))}</h3>"
            f"<p>{esc(t('series.suggestions.intro'))}</p><ul>{items}</ul>"
            if items
            else ""
        )

    def _answers_html(self, said: SM.CheckAnswers, asked: bool) -> str:
        if said.empty:
            return f"<p>{esc(t('check.questions'))}</p>" if asked else ""
        rows = "".join(
            f"<dt>{esc(t(f'series.check.{key}'))}</dt>"
            f"<dd>{esc(getattr(said, key) or '–')}</dd>"
            for key in SM.CHECK_FIELDS
        )
        return (
            f"<div class='kit-check-answers' role='status'>"
            f"<h3>{esc(t('check.answers.heading'))}</h3><dl>{rows}</dl></div>"
        )

    def close(self) -> None:
        """Stop following the store, then close the widgets."""
        self.seat.unwatch(self._on_store_change)
        super().close()

    def _on_store_change(self, fresh: list[Answer]) -> None:
        if any(a.tool == SM.TOOL for a in fresh):
            self.refresh()
