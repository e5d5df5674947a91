"""The Reeks page: open with the team key, report, file, retention, delete."""

from __future__ import annotations

import base64
import json

import pytest

from kit.errors import NotAllowed, SessionNotFound
from kit.widgets.feedback import visible_html
from kit.widgets.series_view import SeriesView

PSEUDONYM = "Stille Uil"


@pytest.fixture
def series(store):
    team = store.create_team("Team <Oost>")
    codes = []
    for title in ("Voorjaar", "Najaar"):
        new = store.create_session(title)
        sid = new.session.id
        store.add_to_series(team.team.id, team.secret, sid, new.facilitator_secret)
        for n in range(3):
            pid = store.add_participant(sid, f"{PSEUDONYM} {n}").participant.id
            store.add_answer(
                sid,
                pid,
                "dilemma",
                "nieuwe_regel_voor_vrijdag",
                "choice",
                {"round": 1, "option_id": "ab"[n % 2], "confidence": 2},
            )
        store.add_facilitator_event(
            sid,
            new.facilitator_secret,
            "lookback",
            "_takeaways",
            "shared",
            {"lines": [f"Meenemen uit {title}"]},
        )
        codes.append(new.session.code)
    return team, codes


def test_the_page_opens_only_with_the_team_key(store, library, series):
    team, _codes = series
    view = SeriesView(store, library)
    assert view.open_series("verkeerd-verkeerd-verkeerd") is None
    assert view.messages.last[0] == "error"
    assert "sleutel" in view.messages.last[1]
    assert "Open de reeks van een team" in visible_html(view)
    assert view.open_series(team.secret) == team.team
    page = visible_html(view)
    assert "Team &lt;Oost&gt;" in page  # escaped
    assert "Opnieuw gespeeld: Een nieuwe regel voor vrijdag" in page
    assert "Meenemen uit Najaar" in page
    assert PSEUDONYM not in page
    assert view.key.value == ""  # the key does not stay in the field


def test_reports_and_the_series_file_come_as_downloads(store, library, series):
    team, _codes = series
    view = SeriesView(store, library)
    view.open_series(team.secret)
    for fmt in ("html", "docx", "md"):
        link = view.make_report(fmt)
        assert f"reeks-team-oost.{fmt}" in link
    md_link = view.make_report("md")
    data = base64.b64decode(md_link.split("base64,")[1].split("'")[0])
    assert PSEUDONYM.encode() not in data
    document = view.export_file()
    assert len(document["sessions"]) == 2
    other = SeriesView(store, library)
    data = json.dumps(document).encode()
    assert other.import_files({"reeks.json": data}) == ""
    assert "teamsleutel" in other.messages.last[1]  # asks for the key first
    other.key.value = team.secret
    key = other.import_files({"reeks.json": data})
    assert key
    assert key in other.messages.last[1]
    assert other.open_series(key).name == "Team <Oost>"
    assert other.import_files({"kapot.json": b"\xff\xfe"}, key) == ""
    assert "reeksbestand" in other.messages.last[1]


def test_retention_and_deleting_the_whole_series(store, library, series):
    team, codes = series
    view = SeriesView(store, library)
    view.open_series(team.secret)
    view.set_retention(90)
    assert store.open_team(team.secret).retention_days == 90
    assert view.delete(False) is False
    store.find_session(codes[0])
    assert view.delete(True) is True
    for code in codes:
        with pytest.raises(SessionNotFound):
            store.find_session(code)
    with pytest.raises(NotAllowed):
        store.open_team(team.secret)
    assert "Open de reeks van een team" in visible_html(view)
