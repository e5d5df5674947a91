"""A team's series in the store, on SQLite files and a real PostgreSQL server,
both as the owner of the tables and as a hub user's role (``kit_api`` only)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.errors import InvalidInput, NotAllowed, SessionNotFound
from kit.store import Store, open_store
from kit.testing.postgres import hardened_database, postgres_server


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real server: $KIT_TEST_POSTGRES_URL, or a private one started here."""
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="session")
def postgres_hub_url(postgres_url: str) -> str:
    return hardened_database(postgres_url).hub_url


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("postgres-hub", marks=pytest.mark.postgres),
    ]
)
def any_store(request, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'kit.sqlite3'}"
    elif request.param == "postgres-hub":
        url = request.getfixturevalue("postgres_hub_url")
    else:
        url = request.getfixturevalue("postgres_url")
    with open_store(url) as s:
        yield s


def _session(store: Store, title: str) -> tuple[str, str]:
    new = store.create_session(title)
    return new.session.id, new.facilitator_secret


def test_sessions_join_a_series_in_order_with_the_team_key(any_store):
    team = any_store.create_team("Team Toeslagen", retention_days=400)
    assert any_store.open_team(team.secret) == team.team
    assert team.team.retention_days == 400
    places = []
    for title in ("Eerste", "Tweede", "Derde"):
        sid, secret = _session(any_store, title)
        any_store.add_participant(sid, "Uil")
        places.append(any_store.add_to_series(team.team.id, team.secret, sid, secret))
    assert places == [1, 2, 3]
    series = any_store.find_series(team.team.id, team.secret)
    assert [s.session.title for s in series] == ["Eerste", "Tweede", "Derde"]
    assert [s.participants for s in series] == [1, 1, 1]


def test_a_session_knows_its_series_only_for_its_facilitator(any_store):
    team = any_store.create_team("Team A")
    sid, secret = _session(any_store, "Sessie")
    alone, alone_secret = _session(any_store, "Los")
    assert any_store.series_of(alone, alone_secret) is None
    any_store.add_to_series(team.team.id, team.secret, sid, secret)
    place = any_store.series_of(sid, secret)
    assert (place.team_id, place.team_name, place.position) == (
        team.team.id,
        "Team A",
        1,
    )
    with pytest.raises(NotAllowed):
        any_store.series_of(sid, alone_secret)
    # adding twice keeps the place
    assert any_store.add_to_series(team.team.id, team.secret, sid, secret) == 1


def test_the_team_key_opens_its_own_series_only(any_store):
    ours = any_store.create_team("Ons team")
    theirs = any_store.create_team("Ander team")
    sid, secret = _session(any_store, "Van ons")
    any_store.add_to_series(ours.team.id, ours.secret, sid, secret)
    pid = any_store.add_participant(sid, "Uil").participant.id
    any_store.add_answer(sid, pid, "dilemma", "c1", "choice", {"option_id": "a"})
    got = any_store.find_series_answers(ours.team.id, ours.secret, sid)
    assert [a.payload for a in got] == [{"option_id": "a"}]
    assert [
        p.pseudonym
        for p in any_store.find_series_participants(ours.team.id, ours.secret, sid)
    ] == ["Uil"]
    for team_id, key in (
        (ours.team.id, theirs.secret),
        (ours.team.id, ""),
        (theirs.team.id, ours.secret),
    ):
        with pytest.raises(NotAllowed):
            any_store.find_series(team_id, key)
    with pytest.raises(SessionNotFound):  # their key, a session not in their series
        any_store.find_series_answers(theirs.team.id, theirs.secret, sid)
    with pytest.raises(NotAllowed):
        any_store.open_team("raden-raden-raden-raden")


def test_joining_a_series_takes_both_keys_and_one_series_per_session(any_store):
    ours = any_store.create_team("Ons team")
    theirs = any_store.create_team("Ander team")
    sid, secret = _session(any_store, "Sessie")
    other_sid, other_secret = _session(any_store, "Andere sessie")
    with pytest.raises(NotAllowed):  # someone else's session secret
        any_store.add_to_series(ours.team.id, ours.secret, sid, other_secret)
    with pytest.raises(NotAllowed):  # the wrong team key
        any_store.add_to_series(ours.team.id, theirs.secret, sid, secret)
    any_store.add_to_series(ours.team.id, ours.secret, sid, secret)
    with pytest.raises(InvalidInput):
        any_store.add_to_series(theirs.team.id, theirs.secret, sid, secret)
    assert any_store.find_series(theirs.team.id, theirs.secret) == []
    assert other_sid


@pytest.mark.parametrize("name", ["", "   ", "x" * 121])
def test_unusable_team_names_are_refused(any_store, name):
    with pytest.raises(InvalidInput):
        any_store.create_team(name)


@pytest.mark.parametrize("days", [0, -1, 4000])
def test_retention_terms_outside_the_range_are_refused(any_store, days):
    team = any_store.create_team("Team")
    with pytest.raises(InvalidInput):
        any_store.set_series_retention(team.team.id, team.secret, days)
    any_store.set_series_retention(team.team.id, team.secret, 30)
    assert any_store.open_team(team.secret).retention_days == 30


def test_deleting_the_series_removes_every_session_in_it(any_store):
    team = any_store.create_team("Team")
    codes = []
    for title in ("Een", "Twee", "Drie"):
        sid, secret = _session(any_store, title)
        pid = any_store.add_participant(sid, "Uil").participant.id
        any_store.add_answer(sid, pid, "dilemma", "c1", "choice", {"option_id": "a"})
        any_store.add_to_series(team.team.id, team.secret, sid, secret)
        codes.append(any_store._session_by_id(sid).code)
    alone = any_store.create_session("Los")
    with pytest.raises(NotAllowed):
        any_store.remove_series(team.team.id, "verkeerd-verkeerd-verkeerd")
    any_store.remove_series(team.team.id, team.secret)
    for code in codes:
        with pytest.raises(SessionNotFound):
            any_store.find_session(code)
    with pytest.raises(NotAllowed):
        any_store.open_team(team.secret)
    assert any_store.find_session(alone.session.code) == alone.session


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def owner_store(request, tmp_path: Path) -> Iterator[Store]:
    """A store opened with the rights to the tables themselves (the operator)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'kit.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    with open_store(url) as s:
        yield s


def test_purge_honours_each_series_own_retention_term(owner_store, monkeypatch):
    import time
    import types

    import kit.store.series
    import kit.store.sql

    day = 86_400
    long_ago = time.time() - 60 * day
    clock = types.SimpleNamespace(time=lambda: long_ago)
    monkeypatch.setattr(kit.store.sql, "time", clock)
    monkeypatch.setattr(kit.store.series, "time", clock)
    short = owner_store.create_team("Kort bewaard", retention_days=30)
    long = owner_store.create_team("Lang bewaard", retention_days=400)
    made = {}
    for name, team in (("short", short), ("long", long), ("alone", None)):
        sid, secret = _session(owner_store, name)
        made[name] = owner_store._session_by_id(sid).code
        if team is not None:
            owner_store.add_to_series(team.team.id, team.secret, sid, secret)
    monkeypatch.undo()
    purged = owner_store.purge_idle_sessions(time.time() - 90 * day)
    assert [s.code for s in purged] == [made["short"]]
    owner_store.find_session(made["long"])
    owner_store.find_session(made["alone"])
    # A team whose sessions are all gone, past its term, goes too.
    with pytest.raises(NotAllowed):
        owner_store.open_team(short.secret)
    assert owner_store.open_team(long.secret) == long.team


@pytest.mark.postgres
def test_a_hub_role_cannot_touch_the_series_tables(postgres_hub_url):
    with open_store(postgres_hub_url) as hub:
        team = hub.create_team("Team")
        for sql in (
            "SELECT * FROM kit.teams",
            "SELECT * FROM kit.series_sessions",
            "DELETE FROM kit.teams",
        ):
            with pytest.raises(Exception, match="permission denied"):
                hub._query(sql)
        assert hub.open_team(team.secret).name == "Team"


def test_deleting_one_session_takes_it_out_of_its_series(any_store):
    team = any_store.create_team("Team")
    made = []
    for title in ("Een", "Twee", "Drie"):
        sid, secret = _session(any_store, title)
        any_store.add_to_series(team.team.id, team.secret, sid, secret)
        made.append((sid, secret))
    any_store.remove_session(*made[1])
    series = any_store.find_series(team.team.id, team.secret)
    assert [(s.session.title, s.position) for s in series] == [("Een", 1), ("Drie", 3)]
    sid, secret = _session(any_store, "Vier")
    assert any_store.add_to_series(team.team.id, team.secret, sid, secret) == 4
