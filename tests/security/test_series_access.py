"""A team's series on the hardened PostgreSQL, attacked with a hub user's role.

The attacker has the hub role's URL (any hub user's kernel has it), a team and
a session of their own, and tries the victim team's series through every
``kit_api`` series function with the wrong key, their own key, or their own
session's secret. Everything is refused, written down, and the victim's series
is as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from kit.store import open_store
from kit.testing.postgres import (
    Deployment,
    hardened_database,
    postgres_server,
)

pytestmark = pytest.mark.postgres

REASON = "Wat ik thuis meemaakte met de toeslagen"
WRONG = "raden-raden-raden-raden"


@pytest.fixture(scope="module")
def deployment() -> Iterator[Deployment]:
    with postgres_server() as url:
        yield hardened_database(url)


@dataclass
class Side:
    team_id: str
    key: str
    session_id: str
    secret: str


def _side(store: Any, name: str) -> Side:
    team = store.create_team(name)
    new = store.create_session(f"{name} sessie")
    sid = new.session.id
    store.add_to_series(team.team.id, team.secret, sid, new.facilitator_secret)
    pid = store.add_participant(sid, "Stille uil").participant.id
    store.add_answer(sid, pid, "dilemma", "c1", "choice", {"reason": REASON})
    return Side(team.team.id, team.secret, sid, new.facilitator_secret)


@pytest.fixture(scope="module")
def sides(deployment: Deployment) -> tuple[Side, Side, tuple[str, str]]:
    with open_store(deployment.hub_url) as store:
        victim = _side(store, "Team Toeslagen")
        attacker = _side(store, "Team Elders")
        # a session of the attacker's that is in no series yet
        loose = store.create_session("Los")
    return victim, attacker, (loose.session.id, loose.facilitator_secret)


def _owner(deployment: Deployment, sql: str, params: tuple[Any, ...] = ()) -> list:
    import psycopg

    with psycopg.connect(deployment.owner_url, autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()


def _victim_state(deployment: Deployment, victim: Side) -> list:
    return _owner(
        deployment,
        "SELECT t.name, t.retention_days, l.session_id, l.place,"
        " (SELECT count(*) FROM kit.answers a WHERE a.session_id = l.session_id)"
        " FROM kit.teams t JOIN kit.series_sessions l ON l.team_id = t.id"
        " WHERE t.id = %s ORDER BY l.place",
        (victim.team_id,),
    )


def test_another_teams_series_opens_to_nothing_but_its_own_key(deployment, sides):
    import psycopg

    victim, attacker, (loose_id, loose_secret) = sides
    before = _victim_state(deployment, victim)
    failures_before = _owner(
        deployment, "SELECT count(*) FROM kit.failed_attempts WHERE kind = 'team'"
    )[0][0]
    v, a = victim, attacker
    attempts = [
        ("SELECT * FROM kit_api.find_series(%s, %s)", (v.team_id, a.key), "denied"),
        ("SELECT * FROM kit_api.find_series(%s, %s)", (v.team_id, WRONG), "denied"),
        (
            "SELECT * FROM kit_api.find_series_answers(%s, %s, %s)",
            (v.team_id, a.key, v.session_id),
            "denied",
        ),
        (  # the attacker's own key, the victim's session: not in their series
            "SELECT * FROM kit_api.find_series_answers(%s, %s, %s)",
            (a.team_id, a.key, v.session_id),
            "not_found",
        ),
        (
            "SELECT * FROM kit_api.find_series_participants(%s, %s, %s)",
            (a.team_id, a.key, v.session_id),
            "not_found",
        ),
        (  # taking the victim's session into the attacker's series
            "SELECT * FROM kit_api.add_to_series(%s, %s, %s, %s, NULL)",
            (a.team_id, a.key, v.session_id, a.secret),
            "denied",
        ),
        (  # planting a session in the victim's series
            "SELECT * FROM kit_api.add_to_series(%s, %s, %s, %s, NULL)",
            (v.team_id, WRONG, loose_id, loose_secret),
            "denied",
        ),
        ("SELECT kit_api.remove_series(%s, %s)", (v.team_id, a.key), "denied"),
        (
            "SELECT kit_api.set_series_retention(%s, %s, 1)",
            (v.team_id, WRONG),
            "denied",
        ),
        ("SELECT * FROM kit_api.series_of(%s, %s)", (v.session_id, a.secret), "denied"),
        ("SELECT * FROM kit_api.open_team(%s)", (WRONG,), "denied"),
        ("SELECT kit_api.check_team(%s, %s)", (v.team_id, ""), "denied"),
    ]
    with psycopg.connect(deployment.hub_url, autocommit=True) as conn:
        for sql, params, expected in attempts:
            rows = conn.execute(sql, params).fetchall()
            assert rows[0][0] == expected, sql
            assert REASON not in str(rows)
    assert _victim_state(deployment, victim) == before
    failures_after = _owner(
        deployment, "SELECT count(*) FROM kit.failed_attempts WHERE kind = 'team'"
    )[0][0]
    assert failures_after > failures_before  # wrong keys are written down


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM kit.teams",
        "SELECT * FROM kit.series_sessions",
        "UPDATE kit.teams SET retention_days = 1",
        "DELETE FROM kit.series_sessions",
    ],
)
def test_a_hub_user_cannot_touch_the_series_tables(deployment, sql):
    import psycopg

    with (
        psycopg.connect(deployment.hub_url, autocommit=True) as conn,
        pytest.raises(psycopg.Error, match="permission denied"),
    ):
        conn.execute(sql)
