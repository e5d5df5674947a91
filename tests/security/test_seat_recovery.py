"""Issue 13: taking a seat back on another device must not let anyone take
someone else's seat by knowing the session code and a pseudonym.

The pseudonyms of a room are no secret (everyone in it sees them), so the
recovery word is the only thing that guards the seat. Each PostgreSQL test acts
with exactly the hub role's URL, as every user's server on a hub can.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from kit.errors import PseudonymTaken, TooManyAttempts, WrongRecoveryWord
from kit.store import guard, open_store
from kit.testing.postgres import Deployment, hardened_database, postgres_server

REASON = "Mijn buurvrouw zat in de toeslagenaffaire"
PSEUDONYM = "Stille uil"


@dataclass
class Victim:
    session_id: str
    code: str
    participant_id: str
    token: str
    word: str


def _victim(url: str) -> Victim:
    """A participant who joined through the kit and answered."""
    with open_store(url) as store:
        new = store.create_session("Team Toeslagen")
        sid = new.session.id
        joined = store.add_participant(sid, PSEUDONYM, recoverable=True)
        store.add_answer(
            sid, joined.participant.id, "dilemma", "c1", "reason", {"text": REASON}
        )
    return Victim(
        sid, new.session.code, joined.participant.id, joined.token, joined.recovery_word
    )


def _wrong(victim: Victim) -> str:
    return "aap bal bes" if victim.word != "aap bal bes" else "aap bal bij"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture
def deployment(server: str) -> Deployment:
    """A database per test: the wrong guesses of one count against its limit."""
    return hardened_database(server)


@pytest.mark.postgres
def test_a_wrong_word_on_the_hub_role_takes_no_seat(deployment):
    import psycopg

    victim = _victim(deployment.hub_url)
    with psycopg.connect(deployment.hub_url, autocommit=True) as attacker:

        def call(sql: str, params: tuple[Any, ...]) -> str:
            return str(attacker.execute(sql, params).fetchone()[0])

        recover = "SELECT status FROM kit_api.recover_participant(%s, %s, %s, %s)"
        for word in (_wrong(victim), "", None, victim.word.upper()):
            assert call(recover, (victim.code, PSEUDONYM, word, "t" * 24)) == "denied"
        # Joining again under the pseudonym with a word of one's own: taken.
        join = "SELECT status FROM kit_api.add_participant(%s, %s, %s, %s)"
        assert call(join, (victim.code, PSEUDONYM.upper(), "t" * 24, "kaas")) == "taken"
        # The stored hash is out of reach, like every table.
        with pytest.raises(psycopg.Error, match="permission denied"):
            attacker.execute("SELECT recovery_hash FROM kit.participants")
    with open_store(deployment.hub_url) as store:
        store.find_session(victim.code)
        with pytest.raises(WrongRecoveryWord):
            store.recover_participant(victim.session_id, PSEUDONYM, _wrong(victim))
        with pytest.raises(PseudonymTaken):
            store.add_participant(victim.session_id, PSEUDONYM, recoverable=True)
        # The victim's own device still holds the seat: its token was not renewed.
        assert store.find_participant(victim.session_id, victim.token).id == (
            victim.participant_id
        )
    # Every wrong word was written down for the operator, under the hub role.
    with psycopg.connect(deployment.owner_url, autocommit=True) as owner:
        kinds = [r[0] for r in owner.execute("SELECT kind FROM kit.failed_attempts")]
    assert kinds.count("word") == 5


@pytest.mark.postgres
def test_guessing_words_on_the_hub_role_runs_into_the_limit(deployment):
    import psycopg

    victim = _victim(deployment.hub_url)
    recover = "SELECT status FROM kit_api.recover_participant(%s, %s, %s, %s)"
    with psycopg.connect(deployment.hub_url, autocommit=True) as guesser:
        statuses = [
            guesser.execute(
                recover, (victim.code, PSEUDONYM, _wrong(victim), "t" * 24)
            ).fetchone()[0]
            for _ in range(guard.MAX_PER_SOURCE)
        ]
        assert statuses == ["denied"] * guard.MAX_PER_SOURCE
        # Now even the right word is refused for a while.
        right = guesser.execute(
            recover, (victim.code, PSEUDONYM, victim.word, "t" * 24)
        ).fetchone()[0]
        assert right == "blocked"
    with open_store(deployment.hub_url) as store, pytest.raises(TooManyAttempts):
        store.find_session(victim.code)


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_the_facilitator_sees_nothing_of_the_word(backend, tmp_path, request):
    url = f"sqlite:///{tmp_path / 'kit.sqlite3'}"
    if backend == "postgres":
        url = request.getfixturevalue("deployment").hub_url
    with open_store(url) as store:
        new = store.create_session("Zaal")
        sid = new.session.id
        joined = store.add_participant(sid, PSEUDONYM, recoverable=True)
        export = store.export_session(sid, new.facilitator_secret)
        listed = store.find_participants(sid)
    assert joined.recovery_word not in repr(export)
    assert "recovery" not in repr(export)
    assert joined.recovery_word not in repr(listed)
