"""The series report (reeksverslag): what changed over a team's sessions.

:func:`series_document` folds the sessions of a series (read with the team key)
into :class:`~kit.model.series.SeriesPicture` and lays it out in the same
document model as the session report, so the same renderers make HTML, Word
and Markdown of it. Like the session report it names nobody: only counts,
shares and what the team recorded together; reasons appear only when asked
for, sorted by text, and only from sessions where enough people answered.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kit.locale import t
from kit.model import series as SM
from kit.report.document import (
    Bullets,
    Definitions,
    Document,
    Paragraph,
    Section,
    Table,
)
from kit.report.sections_series import brought_blocks
from kit.report.session_report import FORMATS, dutch_date, render

if TYPE_CHECKING:
    from kit.model.types import Library
    from kit.store import Store, Team


def load_series(store: Store, team: Team, secret: str) -> list[SM.SessionData]:
    """Every session of the team's series with its answers (read, never written)."""
    return [
        SM.SessionData(
            entry.position,
            entry.held_at,
            entry.session.title,
            entry.participants,
            tuple(store.find_series_answers(team.id, secret, entry.session.id)),
        )
        for entry in store.find_series(team.id, secret)
    ]


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


def _num(x: float | None) -> str:
    return "–" if x is None else f"{x:.1f}".replace(".", ",")


def _session_label(picture: SM.SeriesPicture, place: int) -> str:
    for session in picture.sessions:
        if session.place == place:
            return t("series.session", place=place, date=dutch_date(session.held_at))
    return t("series.session.short", place=place)


def _ring(ring: str) -> str:
    return t(f"proximity.ring.short.{ring}")


# --- parts ----------------------------------------------------------------------------


def _sessions_section(picture: SM.SeriesPicture) -> Section:
    rows = tuple(
        (
            str(s.place),
            dutch_date(s.held_at),
            s.title,
            str(s.participants),
        )
        for s in picture.sessions
    )
    return Section(
        t("series.sessions"),
        [
            Table(
                t("series.sessions.caption"),
                (
                    t("series.col.place"),
                    t("series.col.date"),
                    t("series.col.title"),
                    t("series.col.people"),
                ),
                rows,
            )
        ],
    )


def _checks_section(picture: SM.SeriesPicture) -> Section | None:
    if not picture.checks:
        return None
    section = Section(t("series.checks"), [Paragraph(t("series.checks.intro"))])
    for place, came, said in picture.checks:
        sub = section.sub(_session_label(picture, place))
        if came is not None:
            sub.add(
                Paragraph(
                    t("series.checks.from", place=came.place)
                    if came.place
                    else t("series.checks.from_before")
                ),
                *brought_blocks(came),
            )
        if said.empty:
            sub.add(Paragraph(t("series.checks.unanswered"), "note"))
        else:
            sub.add(
                Definitions(
                    tuple(
                        (t(f"series.check.{key}"), getattr(said, key) or "–")
                        for key in SM.CHECK_FIELDS
                    )
                )
            )
    return section


def _play_row(
    series: SM.CardSeries, play: SM.CardPlay, picture: SM.SeriesPicture
) -> tuple[str, ...]:
    label = _session_label(picture, play.place)
    if play.small:
        return (label, str(play.counted), *(t("series.small"),) * 4)
    minority = _minority(play)
    return (
        label,
        str(play.counted),
        t("series.options_chosen", n=play.chosen_options, total=len(play.counts)),
        _pct(play.top_share),
        minority,
        _num(play.mean_confidence),
    )


def _minority(play: SM.CardPlay) -> str:
    """``2 van 7 (29%)``, or how the room stood when there was no minority."""
    if play.minority_kind != "minority":
        return t(f"series.minority.{play.minority_kind}")
    return t(
        "series.minority.value",
        n=play.minority_size,
        total=play.counted,
        share=_pct(play.minority_share),
    )


def _options(series: SM.CardSeries, ids: Sequence[str]) -> str:
    return t("report.and").join(series.option_labels.get(o, o) for o in ids)


def _change_lines(series: SM.CardSeries) -> list[str]:
    pair = series.comparable()
    if pair is None:
        return [t("series.card.not_comparable")]
    first, last = pair
    lines = [
        t(
            "series.card.spread",
            first=first.place,
            last=last.place,
            before=first.chosen_options,
            after=last.chosen_options,
            top_before=_pct(first.top_share),
            top_after=_pct(last.top_share),
        )
    ]
    lines.append(
        t("series.card.minority", before=_minority(first), after=_minority(last))
    )
    if first.mean_confidence is not None and last.mean_confidence is not None:
        lines.append(
            t(
                "series.card.confidence",
                before=_num(first.mean_confidence),
                after=_num(last.mean_confidence),
            )
        )
    appeared, vanished = series.reasons_appeared(), series.reasons_vanished()
    if appeared:
        lines.append(t("series.card.appeared", options=_options(series, appeared)))
    if vanished:
        lines.append(t("series.card.vanished", options=_options(series, vanished)))
    if not appeared and not vanished:
        lines.append(t("series.card.same_reasons"))
    return lines


def _cards_section(picture: SM.SeriesPicture, include_reasons: bool) -> Section | None:
    if not picture.cards:
        return None
    section = Section(t("series.cards"), [Paragraph(t("series.cards.intro"))])
    for series in picture.replayed:
        sub = section.sub(t("series.card.title", title=series.title))
        sub.add(
            Table(
                t("series.card.caption", title=series.title),
                (
                    t("series.col.session"),
                    t("series.col.chosen"),
                    t("series.col.spread"),
                    t("series.col.top"),
                    t("series.col.minority"),
                    t("series.col.confidence"),
                ),
                tuple(_play_row(series, p, picture) for p in series.plays),
                row_headers=True,
            ),
            Bullets(tuple(_change_lines(series))),
        )
        if include_reasons:
            for play in series.plays:
                if play.reasons:
                    sub.add(
                        Paragraph(
                            t(
                                "series.card.reasons",
                                session=_session_label(picture, play.place),
                            ),
                            "note",
                        ),
                        Bullets(play.reasons, quotes=True),
                    )
    once = [c for c in picture.cards if not c.replayed]
    if once:
        sub = section.sub(t("series.cards.once"))
        sub.add(
            Bullets(
                tuple(
                    t("series.cards.once.item", title=c.title, place=c.plays[0].place)
                    for c in once
                )
            )
        )
    return section


def _scan_section(picture: SM.SeriesPicture) -> Section | None:
    if not picture.scan:
        return None
    places = sorted({p.place for b in picture.scan for p in b.points})
    rows = []
    for belief in picture.scan:
        by_place = {p.place: p for p in belief.points}
        cells = []
        for place in places:
            point = by_place.get(place)
            if point is None:
                cells.append("–")
            elif point.recognition is None:
                cells.append(t("series.scan.count", n=point.answered))
            else:
                cells.append(
                    t(
                        "series.scan.cell",
                        share=_pct(point.recognition),
                        n=point.answered,
                    )
                )
        rows.append((belief.name, *cells))
    return Section(
        t("series.scan"),
        [
            Paragraph(t("series.scan.intro")),
            Table(
                t("series.scan.caption"),
                (
                    t("series.col.belief"),
                    *(t("series.session.short", place=p) for p in places),
                ),
                tuple(rows),
                row_headers=True,
            ),
        ],
    )


def _tipping_section(picture: SM.SeriesPicture) -> Section | None:
    if not picture.tipping:
        return None
    return Section(
        t("series.tipping"),
        [
            Paragraph(t("series.tipping.intro")),
            Bullets(
                tuple(
                    t(
                        "series.tipping.item",
                        name=v.name,
                        n=len(v.places),
                        places=", ".join(str(p) for p in v.places),
                    )
                    for v in picture.tipping
                )
            ),
        ],
    )


def _follow_up_line(
    stakeholder: SM.StakeholderSeries,
    before: SM.StakeholderPoint,
    after: SM.StakeholderPoint | None,
) -> str:
    if after is None:
        return t(
            "series.follow.pending",
            name=stakeholder.name,
            approach=before.approach,
            place=before.place,
        )
    steps = SM.closer(before, after)
    key = (
        "series.follow.closer"
        if steps > 0
        else "series.follow.further"
        if steps < 0
        else "series.follow.same"
    )
    return t(
        key,
        name=stakeholder.name,
        approach=before.approach,
        place=before.place,
        later=after.place,
        before=_ring(before.ring),
        after=_ring(after.ring),
        n=abs(steps),
    )


def _stakeholders_section(picture: SM.SeriesPicture) -> Section | None:
    if not picture.stakeholders and not picture.small_maps:
        return None
    section = Section(
        t("series.stakeholders"), [Paragraph(t("series.stakeholders.intro"))]
    )
    far = [s for s in picture.stakeholders if s.far_or_silent >= 2]
    if far:
        section.sub(
            t("series.stakeholders.far"),
            Bullets(
                tuple(
                    t(
                        "series.stakeholders.far.item",
                        name=s.name,
                        n=s.far_or_silent,
                        rings=", ".join(
                            f"{p.place}: {_ring(p.ring)}" for p in s.points
                        ),
                    )
                    for s in far
                )
            ),
        )
    follow = [
        _follow_up_line(s, before, after)
        for s in picture.stakeholders
        for before, after in s.follow_ups()
    ]
    sub = section.sub(t("series.follow"))
    sub.add(Bullets(tuple(follow)) if follow else Paragraph(t("series.follow.none")))
    if picture.small_maps:
        section.add(
            Paragraph(
                t(
                    "series.stakeholders.small",
                    places=", ".join(str(m.place) for m in picture.small_maps),
                ),
                "note",
            )
        )
    return section


def _own_cards_section(picture: SM.SeriesPicture) -> Section | None:
    if not picture.own_cards:
        return None
    return Section(
        t("series.own_cards"),
        [
            Bullets(
                tuple(
                    t("series.cards.once.item", title=title, place=place)
                    for place, title in picture.own_cards
                )
            )
        ],
    )


def _takeaways_section(picture: SM.SeriesPicture) -> Section | None:
    if not picture.takeaways:
        return None
    section = Section(t("series.takeaways"))
    for place, came in picture.takeaways:
        section.sub(_session_label(picture, place), *brought_blocks(came))
    return section


def _suggestions_section(picture: SM.SeriesPicture) -> Section:
    section = Section(
        t("series.suggestions"), [Paragraph(t("series.suggestions.intro"), "note")]
    )
    if not picture.suggestions:
        section.add(Paragraph(t("series.suggestions.none")))
        return section
    section.add(Bullets(tuple(suggestion_text(s) for s in picture.suggestions)))
    return section


def suggestion_text(suggestion: SM.Suggestion) -> str:
    """A suggestion in one sentence (for the report and the Start page)."""
    return t(
        f"series.suggestion.{suggestion.kind}",
        title=suggestion.title,
        place=suggestion.place,
        detail=suggestion.detail,
    )


# --- the document ---------------------------------------------------------------------


def build_series_document(
    picture: SM.SeriesPicture, *, include_reasons: bool = True, now: float | None = None
) -> Document:
    """The series report of ``picture`` as a document."""
    parts = [
        _sessions_section(picture),
        _checks_section(picture),
        _cards_section(picture, include_reasons),
        _scan_section(picture),
        _tipping_section(picture),
        _stakeholders_section(picture),
        _own_cards_section(picture),
        _takeaways_section(picture),
        _suggestions_section(picture),
    ]
    dates = [s.held_at for s in picture.sessions]
    period = (
        t("series.period", first=dutch_date(min(dates)), last=dutch_date(max(dates)))
        if dates
        else "–"
    )
    facts = (
        (t("series.fact.team"), picture.team),
        (t("series.fact.sessions"), str(len(picture.sessions))),
        (t("series.fact.period"), period),
        (
            t("report.fact.reasons"),
            t("report.reasons.in" if include_reasons else "report.reasons.out"),
        ),
    )
    return Document(
        title=t("series.title", team=picture.team),
        facts=facts,
        intro=(t("series.intro"), t("series.intro.privacy", n=SM.MIN_GROUP)),
        sections=[p for p in parts if p is not None],
        footer=t("report.footer", date=dutch_date(now or time.time(), with_time=True)),
        subject=picture.team,
    )


def series_document(
    store: Store,
    team: Team,
    secret: str,
    library: Library | None = None,
    *,
    include_reasons: bool = True,
) -> Document:
    """The series report of ``team`` as stored (reads with the team key)."""
    sessions = load_series(store, team, secret)
    picture = SM.series_picture(team.name, sessions, library)
    return build_series_document(picture, include_reasons=include_reasons)


def export_series_report(
    store: Store,
    secret: str,
    fmt: str,
    *,
    include_reasons: bool = True,
    library: Library | None = None,
) -> bytes:
    """The series report of the team whose key is ``secret``, as a file."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {FORMATS}")
    team = store.open_team(secret)
    document = series_document(
        store, team, secret, library, include_reasons=include_reasons
    )
    return render(document, fmt)


def file_name(team: str, fmt: str) -> str:
    """``reeks-team-toeslagen.html``."""
    slug = "".join(ch if ch.isalnum() else "-" for ch in team.casefold()).strip("-")
    slug = "-".join(part for part in slug.split("-") if part)[:40] or "team"
    return f"reeks-{slug}.{fmt}"
