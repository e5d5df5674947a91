"""``kit series-*`` and the series file: export, import, retention, delete."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.cli import main
from kit.errors import InvalidInput, NotAllowed, SessionNotFound
from kit.store import Store, open_store
from kit.store.importing import ImportRefused
from kit.store.series_export import export_series, import_series
from kit.testing.postgres import hardened_database, postgres_server

SECRET_REASON = "Mijn buurvrouw zat in de toeslagenaffaire"


@pytest.fixture(scope="module")
def postgres_hub_url() -> Iterator[str]:
    with postgres_server() as url:
        yield hardened_database(url).hub_url


@pytest.fixture(
    params=["sqlite", pytest.param("postgres-hub", marks=pytest.mark.postgres)]
)
def any_store(request, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'kit.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_hub_url")
    with open_store(url) as s:
        yield s


def _series(store: Store, name: str = "Team Oost") -> tuple[str, list[str]]:
    team = store.create_team(name, retention_days=365)
    codes = []
    for title in ("Voorjaar", "Najaar"):
        new = store.create_session(title)
        sid = new.session.id
        store.add_to_series(team.team.id, team.secret, sid, new.facilitator_secret)
        pid = store.add_participant(sid, "Stille Uil").participant.id
        store.add_answer(
            sid,
            pid,
            "dilemma",
            "c1",
            "choice",
            {"option_id": "a", "reason": SECRET_REASON},
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
    return team.secret, codes


def test_a_series_file_comes_back_as_a_new_series(any_store):
    key, codes = _series(any_store)
    document = json.loads(json.dumps(export_series(any_store, key)))
    new = import_series(any_store, document, key)
    assert new.secret != key
    assert new.team.name == "Team Oost"
    assert new.team.retention_days == 365
    series = any_store.find_series(new.team.id, new.secret)
    assert [s.session.title for s in series] == ["Voorjaar", "Najaar"]
    assert [s.participants for s in series] == [1, 1]
    answers = any_store.find_series_answers(
        new.team.id, new.secret, series[1].session.id
    )
    # the facilitator's steps came along: the file proved itself with the key
    assert {a.kind for a in answers} == {"choice", "shared"}
    assert {s.session.code for s in series}.isdisjoint(codes)  # fresh sessions


def test_only_the_unchanged_file_with_its_own_key_is_imported(any_store):
    key, _codes = _series(any_store)
    other_key, _ = _series(any_store, "Team Anders")
    document = export_series(any_store, key)
    with pytest.raises(ImportRefused, match="teamsleutel"):
        import_series(any_store, document, other_key)
    edited = json.loads(json.dumps(document))
    edited["sessions"][0]["session"]["answers"][1]["payload"]["lines"] = ["Vervalst"]
    with pytest.raises(ImportRefused, match="veranderd"):
        import_series(any_store, edited, key)


@pytest.mark.parametrize(
    "document",
    [
        {"format": "wakkere-afweging-session", "version": 1},
        {"format": "wakkere-afweging-series", "version": 1, "team": {}, "sessions": []},
        {
            "format": "wakkere-afweging-series",
            "version": 1,
            "team": {"name": "T"},
            "sessions": [{"session": "x"}],
        },
        [],
    ],
)
def test_files_that_are_no_series_export_are_refused(any_store, document):
    with pytest.raises(InvalidInput):
        import_series(any_store, document, "een-sleutel-die-niets-opent")


def test_a_session_that_is_no_session_file_leaves_nothing_behind(any_store):
    from kit.store.importing import sign_export

    key, _codes = _series(any_store)
    document = export_series(any_store, key)
    document["team"]["name"] = "Team Kapot"
    document["sessions"][1]["session"]["answers"] = "geen lijst"
    document["proof"] = sign_export(document, key)  # made by the key holder
    with pytest.raises(ImportRefused, match="sessie 2"):
        import_series(any_store, document, key)
    if any_store.placeholder == "?":  # SQLite: look in the file itself
        names = [r[0] for r in any_store._query("SELECT name FROM teams")]
        assert names == ["Team Oost"]
        titles = [r[0] for r in any_store._query("SELECT title FROM sessions")]
        assert sorted(titles) == ["Najaar", "Voorjaar"]


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_series_commands_from_start_to_delete(tmp_path, capsys, monkeypatch):
    url = f"sqlite:///{tmp_path / 'kit.sqlite3'}"
    code, out, _ = _run(
        ["series-new", "Team West", "--bewaartermijn", "200", "--store", url], capsys
    )
    assert code == 0
    key = out.splitlines()[1]
    with open_store(url) as store:
        team = store.open_team(key)
        assert team.retention_days == 200
        new = store.create_session("Eerste")
        store.add_to_series(team.id, key, new.session.id, new.facilitator_secret)
        pid = store.add_participant(new.session.id, "Stille Uil").participant.id
        store.add_answer(
            new.session.id, pid, "dilemma", "c1", "choice", {"option_id": "a"}
        )
    monkeypatch.setenv("KIT_TEAMSLEUTEL", key)
    report = tmp_path / "verslag.md"
    code, out, err = _run(
        ["series-report", "--format", "md", "-o", str(report), "--store", url], capsys
    )
    assert code == 0, err
    text = report.read_text(encoding="utf-8")
    assert "Team West" in text
    assert "Stille Uil" not in text
    export = tmp_path / "reeks.json"
    code, out, err = _run(["series-export", "-o", str(export), "--store", url], capsys)
    assert code == 0, err
    assert "1 sessie)" in out  # singular, not "sessie(s)"
    code, out, err = _run(["series-retention", "30", "--store", url], capsys)
    assert code == 0, err
    code, out, err = _run(["series-retention", "0", "--store", url], capsys)
    assert code == 1
    assert "bewaartermijn" in err
    code, out, err = _run(["series-delete", "--store", url], capsys)
    assert code == 2
    assert "--zeker" in err
    code, out, err = _run(["series-delete", "--zeker", "--store", url], capsys)
    assert code == 0, err
    with open_store(url) as store:
        with pytest.raises(SessionNotFound):
            store.find_session(new.session.code)
        with pytest.raises(NotAllowed):
            store.open_team(key)
    code, out, err = _run(["series-import", str(export), "--store", url], capsys)
    assert code == 0, err  # $KIT_TEAMSLEUTEL still holds the exported key
    new_key = out.splitlines()[1]
    with open_store(url) as store:
        assert store.open_team(new_key).name == "Team West"
    monkeypatch.setenv("KIT_TEAMSLEUTEL", "een-verkeerde-sleutel-van-lengte")
    code, out, err = _run(["series-export", "--store", url], capsys)
    assert code == 1
    assert "Traceback" not in err


def test_importing_something_else_says_what_to_choose(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'kit.sqlite3'}"
    bad = tmp_path / "foto.json"
    bad.write_bytes(b"\x89PNG\r\n")
    code, _out, err = _run(["series-import", str(bad), "--store", url], capsys)
    assert code == 1
    assert "kit series-export" in err
    assert "Traceback" not in err
    session_file = tmp_path / "sessie.json"
    session_file.write_text(
        json.dumps({"format": "wakkere-afweging-session", "version": 1})
    )
    code, _out, err = _run(["series-import", str(session_file), "--store", url], capsys)
    assert code == 1
    assert "geen export van een reeks" in err
