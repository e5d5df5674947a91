"""A team's series played end to end, on SQLite and on a hardened PostgreSQL.

Three sessions of one team are played through the tools' own widget methods:
the same card in the first and the third (the room less united the second
time), takeaways in every session, a proximity map in the first and the third
(a soft voice with an agreed approach, who comes two rings closer), a matrix,
and the self-scan. Sessions two and three open with the check step on Start.
The series report (Markdown, HTML, Word) must show the check answers, the
change in spread and minority on the replayed card and the follow-up of the
soft voice, and must name no pseudonym; deleting the series removes every
session in it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field

import docx
import pytest

from kit.errors import NotAllowed, SessionNotFound
from kit.model import Library
from kit.model import series as SM
from kit.report.series_report import (
    build_series_document,
    export_series_report,
    load_series,
)
from kit.report.session_report import render, session_document
from kit.session import Seat
from kit.store import Store, open_store
from kit.testing.postgres import hardened_database, postgres_server
from kit.widgets.dilemma import build_dilemma_app
from kit.widgets.feedback import visible_html
from kit.widgets.lookback import build_lookback_app
from kit.widgets.matrix import build_matrix_app
from kit.widgets.proximity import build_proximity_app
from kit.widgets.speaking import build_speaking_up_app
from kit.widgets.start import StartPanel

CARD = "nieuwe_regel_voor_vrijdag"
SOFT = "ervaringsdeskundigen_herstel"
PEOPLE = [f"Zilveren Reiger {n}" for n in range(1, 8)]
CHECK_2 = (
    "We belden de uitvoering voor de nota",
    "De nota ging later weg, maar klopte beter",
    "Eerst bellen blijft staan",
)
CHECK_3 = (
    "Werkbezoek bij de herstelorganisatie gedaan",
    "Twee ervaringsdeskundigen schoven aan",
    "Ervaringsdeskundigen vaker uitnodigen",
)


@pytest.fixture(scope="module")
def postgres_hub_url() -> Iterator[str]:
    with postgres_server() as url:
        yield hardened_database(url).hub_url


@dataclass
class Played:
    store: Store
    key: str
    codes: list[str] = field(default_factory=list)


def _session(store: Store, title: str, n: int) -> tuple[Seat, list[Seat]]:
    new = store.create_session(title)
    lead = Seat(store, new.session, None, new.facilitator_secret)
    people = []
    for name in PEOPLE[:n]:
        joined = store.add_participant(new.session.id, name)
        people.append(Seat(store, new.session, joined.participant))
    return lead, people


def _dilemma(lead, people, library, picks, close):
    d_lead = build_dilemma_app(lead, library, live=False)
    d_people = [build_dilemma_app(p, library, live=False) for p in people]
    d_lead.play(CARD)
    for w, (option, sure, reason) in zip(d_people, picks, strict=True):
        w.refresh()
        w.choose(option, sure, reason)
        assert w.messages.last[0] == "ok", w.messages.last
    d_lead.reveal()
    if close:
        d_lead.close_card(*close)
    return [d_lead, *d_people]


def _map(lead, people, library, ring, voice, approach):
    m_lead = build_proximity_app(lead, library, template="toeslagen", live=False)
    m_people = [build_proximity_app(p, library, live=False) for p in people]
    for w in m_people:
        w.refresh()
        assert w.place(SOFT, 4, ring, voice) is not None, w.messages.last
        w.place("ouders_met_toeslag", 4, "direct_contact", 2)
    m_lead.reveal()
    if approach:
        assert m_lead.plan_approach(SOFT, approach, "het hele team") is not None
    return [m_lead, *m_people]


def _takeaways(lead, library, text):
    b_lead = build_lookback_app(lead, library, live=False)
    b_lead.save_team_takeaways(text)
    return [b_lead]


def _scan(lead, people, library, scores):
    k_lead = build_speaking_up_app(lead, library, live=False)
    k_people = [build_speaking_up_app(p, library, live=False) for p in people]
    belief = library.beliefs[0].id
    for w, score in zip(k_people, scores, strict=False):
        w.rate(belief, score)
    k_lead.reveal("scan")
    return [k_lead, *k_people]


def _matrix(lead, people, library):
    x_lead = build_matrix_app(
        lead, library, card="doorbraak_zoon_kostendelersnorm", live=False
    )
    x_lead.setup(["a", "b", "c"], ["menselijke_maat", "rechtmatigheid"])
    x_people = [
        build_matrix_app(p, library, card="doorbraak_zoon_kostendelersnorm", live=False)
        for p in people[:3]
    ]
    for w, weight in zip(x_people, (5, 4, 3), strict=True):
        w.set_weight("menselijke_maat", weight)
        w.set_weight("rechtmatigheid", 3)
        w.score("a", "menselijke_maat", 2)
        w.score("a", "rechtmatigheid", -1)
        w.score("b", "menselijke_maat", 0)
        w.score("b", "rechtmatigheid", 2)
        w.score("c", "menselijke_maat", -1)
        w.score("c", "rechtmatigheid", 0)
    x_lead.reveal()
    return [x_lead, *x_people]


def play_series(store: Store, library: Library) -> Played:
    widgets: list = []
    seats: list[Seat] = []

    # --- session 1: a new team; the card (one in six disagrees), a map, takeaways ---
    lead, people = _session(store, "Teamdag voorjaar", 6)
    seats += [lead, *people]
    start = StartPanel(lead)
    key = start.check.start_team("Team Toeslagen Noord")
    assert key, start.check.messages.last
    played = Played(store, key, [lead.session.code])
    picks = [("a", 3, "Snel duidelijkheid geven")] * 5 + [
        ("b", 1, "Eerst de uitvoering horen")
    ]
    widgets += _dilemma(
        lead,
        people,
        library,
        picks,
        (
            "Hoe de regel uitpakt in de uitvoering",
            "Eerst bellen",
            "Wie bepaalt het tempo?",
        ),
    )
    widgets += _map(lead, people[:4], library, "niet_in_beeld", 1, "werkbezoek")
    widgets += _scan(lead, people, library, (5, 4, 4, 2, 1, 5))
    widgets += _matrix(lead, people, library)
    widgets += _takeaways(
        lead, library, "We bellen de uitvoering eerder\nWe letten op wie we missen"
    )
    widgets.append(start)

    # --- session 2: the check step; the scan again; takeaways -----------------------
    lead, people = _session(store, "Teamdag zomer", 4)
    seats += [lead, *people]
    played.codes.append(lead.session.code)
    start = StartPanel(lead)
    assert start.check.join_series(key) == 2, start.check.messages.last
    assert start.check.save_check(*CHECK_2) is not None, start.check.messages.last
    widgets += _scan(lead, people, library, (2, 2, 4, 1))
    widgets += _takeaways(lead, library, "Ervaringsdeskundigen uitnodigen")
    widgets.append(start)

    # --- session 3: check; the same card (less united); the map again (closer) --------
    lead, people = _session(store, "Teamdag najaar", 7)
    seats += [lead, *people]
    played.codes.append(lead.session.code)
    start = StartPanel(lead)
    assert start.check.join_series(key) == 3, start.check.messages.last
    start.check.save_check(*CHECK_3)
    picks = [("a", 2, "Duidelijkheid blijft nodig")] * 4 + [
        ("b", 3, "Eerst de uitvoering horen"),
        ("b", 2, "De praktijk kent de gevolgen"),
        ("b", 3, "Bellen kost een uur"),
    ]
    widgets += _dilemma(lead, people, library, picks, None)
    widgets += _map(lead, people[:3], library, "functioneel_nabij", 2, None)
    widgets += _matrix(lead, people, library)
    widgets += _takeaways(lead, library, "Ervaringsdeskundigen vaker aan tafel")
    widgets.append(start)

    for w in widgets:
        w.close()
    for seat in seats:
        seat.stop()
    return played


@pytest.fixture(
    scope="module",
    params=["sqlite", pytest.param("postgres-hub", marks=pytest.mark.postgres)],
)
def played(request, tmp_path_factory, library: Library) -> Iterator[Played]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('series') / 'kit.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_hub_url")
    with open_store(url) as store:
        yield play_series(store, library)


def _texts(played: Played, library: Library) -> dict[str, str]:
    md = export_series_report(played.store, played.key, "md", library=library).decode()
    html = export_series_report(
        played.store, played.key, "html", library=library
    ).decode()
    word = docx.Document(
        io.BytesIO(
            export_series_report(played.store, played.key, "docx", library=library)
        )
    )
    parts = [p.text for p in word.paragraphs]
    parts += [c.text for tbl in word.tables for row in tbl.rows for c in row.cells]
    return {"md": md, "html": html, "docx": "\n".join(parts)}


def test_the_series_report_shows_the_check_the_replayed_card_and_the_soft_voice(
    played, library
):
    for fmt, text in _texts(played, library).items():
        flat = " ".join(text.replace("\\", "").split())
        for answer in (*CHECK_2, *CHECK_3):
            assert answer in flat, (fmt, answer)
        # last time's takeaways came back at the start of the next session
        assert "We bellen de uitvoering eerder" in flat, fmt
        # the replayed card: 2 of 3 options chosen both times, the minority grew
        assert "1 van 6 (17%) → 3 van 7 (43%)" in flat, fmt
        assert "grootste groep 83%" in flat, fmt
        assert "grootste groep 57%" in flat, fmt
        # the soft voice: an approach in session 1, two rings closer in session 3
        assert (
            "in sessie 3 2 ringen dichterbij (Niet in beeld → Functioneel nabij)"
            in flat
        ), fmt
        for name in PEOPLE:
            assert name not in text, (fmt, name)


def test_the_series_picture_holds_aggregates_only(played, library):
    team = played.store.open_team(played.key)
    sessions = load_series(played.store, team, played.key)
    assert [s.place for s in sessions] == [1, 2, 3]
    picture = SM.series_picture(team.name, sessions, library)
    (card,) = picture.replayed
    first, last = card.plays
    assert (first.minority_size, last.minority_size) == (1, 3)
    assert (first.mean_confidence, last.mean_confidence) == pytest.approx(
        (8 / 3, 16 / 7)
    )
    # the self-scan: recognition per session, with how many answered
    belief = picture.scan[0]
    assert [(p.place, p.answered) for p in belief.points] == [(1, 6), (2, 4)]
    assert belief.points[0].recognition == pytest.approx(4 / 6)
    assert belief.points[1].recognition == pytest.approx(1 / 4)
    # the matrix was weighed twice, and one value decides between the leaders
    assert picture.tipping
    assert picture.tipping[0].places == (1, 3)
    # suggestions: the card the team split on, a "wat als" never played
    kinds = {s.kind for s in picture.suggestions}
    assert {"split", "variation"} <= kinds
    document = build_series_document(picture)
    assert not any(name in document.all_text() for name in PEOPLE)


def test_the_check_step_is_part_of_the_session_report(played, library):
    team = played.store.open_team(played.key)
    third = played.store.find_series(team.id, played.key)[2].session
    store = played.store
    answers = store.find_series_answers(team.id, played.key, third.id)
    from kit.report.session_report import build_document

    document = build_document(third.title, third.created_at, 7, answers, library)
    text = document.all_text()
    for answer in CHECK_3:
        assert answer in text
    assert "Ervaringsdeskundigen uitnodigen" in text  # brought from session 2
    assert render(document, "md")


def test_deleting_the_series_removes_every_session_in_it(played, library, tmp_path):
    # Runs last in the module (pytest keeps file order): it deletes the series.
    store = played.store
    team = store.open_team(played.key)
    with pytest.raises(NotAllowed):
        store.remove_series(team.id, "niet-de-sleutel-niet-de-sleutel")
    store.remove_series(team.id, played.key)
    for code in played.codes:
        with pytest.raises(SessionNotFound):
            store.find_session(code)
    with pytest.raises(NotAllowed):
        store.open_team(played.key)


def test_a_participant_sees_last_times_takeaways_and_the_answers(store, library):
    team = store.create_team("Team Zuid")
    first = store.create_session("Een")
    lead1 = Seat(store, first.session, None, first.facilitator_secret)
    store.add_to_series(
        team.team.id, team.secret, first.session.id, first.facilitator_secret
    )
    _takeaways(lead1, library, "Vaker <b>bellen</b>")[0].close()
    second = store.create_session("Twee")
    lead = Seat(store, second.session, None, second.facilitator_secret)
    joined = store.add_participant(second.session.id, "Blauwe Otter")
    seat = Seat(store, second.session, joined.participant)
    panel = StartPanel(lead)
    assert "Hoort deze sessie bij een reeks?" in visible_html(panel)
    assert panel.check.join_series("een-sleutel-die-niet-bestaat") is None
    assert "teamsleutel opent geen reeks" in panel.check.messages.last[1]
    assert panel.check.join_series(team.secret) == 2
    assert "Hoort deze sessie bij een reeks?" not in visible_html(panel)
    mine = StartPanel(seat)
    page = visible_html(mine)
    assert "Vaker &lt;b&gt;bellen&lt;/b&gt;" in page  # escaped, shown as typed
    assert "Hoort deze sessie bij een reeks?" not in page
    panel.check.save_check("Gebeld", "", "Blijven bellen")
    mine.check.refresh()
    assert "Blijven bellen" in visible_html(mine)
    # a participant cannot record the check
    assert mine.check.save_check("x", "y", "z") is None
    assert mine.check.messages.last[0] == "error"
    for w in (panel, mine):
        w.close()
    for s in (lead, lead1, seat):
        s.stop()
    assert session_document(store, second.session, library)


def test_the_start_page_stays_light_with_the_check_step():
    """Every participant's kernel opens Start: the check step must not pull in
    pandas or altair there (the series folds load only when a series is joined)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from kit.store import SqliteStore\n"
        "from kit.session import Seat\n"
        "from kit.widgets.start import StartPanel\n"
        "s = SqliteStore(':memory:')\n"
        "n = s.create_session('x')\n"
        "j = s.add_participant(n.session.id, 'a')\n"
        "for seat in (Seat(s, n.session, j.participant),"
        " Seat(s, n.session, None, n.facilitator_secret)):\n"
        "    StartPanel(seat)\n"
        "    seat.stop()\n"
        "print(sorted(m for m in ('pandas', 'altair') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
