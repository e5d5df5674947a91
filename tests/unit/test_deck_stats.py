"""`kit kaartstatistiek`: the option split per card over every session in a real
SQLite store, aggregates only, with possibly lopsided cards flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.cli import main
from kit.model import dilemma as M
from kit.model.deck_stats import option_split
from kit.report.deck_stats import session_events
from kit.store import open_store

LOPSIDED = "nieuwe_regel_voor_vrijdag"  # a, b, c
BALANCED = "het_mooiste_getal"  # a, b, c


def play_session(store, title: str, votes: dict[str, list[str]], hands=None) -> None:
    """One session: the facilitator plays each card, people choose alone, reveal.

    ``votes`` maps a card to the options chosen on devices in round 1; every
    choice has a reason and a pseudonym that must never reach the statistics.
    """
    new = store.create_session(title)
    sid, secret = new.session.id, new.facilitator_secret
    for card_id, options in votes.items():
        store.add_facilitator_event(
            sid, secret, M.TOOL, M.TABLE, M.PLAY, {"card_id": card_id}
        )
        for n, option in enumerate(options):
            person = store.add_participant(sid, f"Geheimenaam{n}").participant
            store.add_answer(
                sid,
                person.id,
                M.TOOL,
                card_id,
                M.CHOICE,
                {
                    "round": 1,
                    "option_id": option,
                    "confidence": 2,
                    "reason": "Mijn geheime reden",
                },
            )
        for option, count in (hands or {}).get(card_id, {}).items():
            store.add_facilitator_event(
                sid,
                secret,
                M.TOOL,
                card_id,
                M.TALLY,
                {"round": 1, "option_id": option, "count": count},
            )
        store.add_facilitator_event(
            sid, secret, M.TOOL, card_id, M.PHASE, {"phase": "reveal", "round": 1}
        )
        # a "wat als" round: its choices are not part of the first-round split
        store.add_facilitator_event(
            sid,
            secret,
            M.TOOL,
            card_id,
            M.PHASE,
            {"phase": "think", "round": 2, "variation_id": "x"},
        )
        store.add_answer(
            sid, person.id, M.TOOL, card_id, M.CHOICE, {"round": 2, "option_id": "c"}
        )


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'sessies.sqlite3'}"
    with open_store(url) as store:
        play_session(
            store, "Ochtend", {LOPSIDED: ["a"] * 5 + ["b"], BALANCED: ["a", "b", "c"]}
        )
        play_session(
            store,
            "Middag",
            {LOPSIDED: ["a"] * 3, BALANCED: ["b", "c", "a"]},
            hands={BALANCED: {"a": 1, "b": 1, "c": 1}},
        )
        store.create_session("Leeg")  # a session where no card was played
    return url


def test_the_split_adds_up_first_rounds_over_sessions(store_url, library):
    deck = library.deck("starter")
    with open_store(store_url) as store:
        events = session_events(store)
    assert len(events) == 3
    splits = {s.card_id: s for s in option_split(deck, events)}

    lopsided = splits[LOPSIDED]
    assert (lopsided.votes, lopsided.sessions) == (9, 2)
    assert [o.votes for o in lopsided.options] == [8, 1, 0]  # round 2 not counted
    assert lopsided.top.option_id == "a"
    assert lopsided.lopsided
    assert lopsided.few_votes

    balanced = splits[BALANCED]
    assert [o.votes for o in balanced.options] == [3, 3, 3]  # hands counted too
    assert not balanced.lopsided
    assert sum(s.played for s in splits.values()) == 2


def test_the_threshold_is_strictly_more_than_sixty_percent(store_url, library):
    deck = library.deck("starter")
    with open_store(store_url) as store:
        events = session_events(store)
    [split] = [
        s for s in option_split(deck, events, threshold=8 / 9) if s.card_id == LOPSIDED
    ]
    assert not split.lopsided  # 8 of 9 is not more than 8/9


def test_cli_prints_aggregates_only_with_the_lopsided_card_first(store_url, capsys):
    assert main(["kaartstatistiek", "--store", store_url]) == 0
    out = capsys.readouterr().out
    assert "3 sessies, 2 kaarten gespeeld" in out
    lines = out.splitlines()
    flagged = [line for line in lines if line.startswith("! ")]
    assert len(flagged) == 1
    assert LOPSIDED in flagged[0]
    assert "A 89% (8) · B 11% (1) · C 0% (0)" in flagged[0]
    assert "(mogelijk scheef)" in flagged[0]
    assert "[weinig stemmen]" in flagged[0]
    balanced = next(line for line in lines if BALANCED in line)
    assert "A 33% (3) · B 33% (3) · C 33% (3)" in balanced
    assert "mogelijk scheef" not in balanced
    assert lines.index(flagged[0]) < lines.index(balanced)
    assert "1 kaart mogelijk scheef" in out
    assert "nog niet gespeeld" in out
    assert "Geheimenaam" not in out
    assert "geheime reden" not in out


def test_a_stricter_threshold_flags_nothing_here(store_url, capsys):
    assert (
        main(["kaartstatistiek", "starter", "--store", store_url, "--drempel", "90"])
        == 0
    )
    out = capsys.readouterr().out
    assert "(mogelijk scheef)" not in out
    assert "0 kaarten mogelijk scheef" in out


def test_a_missing_store_or_a_bad_threshold_is_one_sentence(tmp_path, capsys):
    missing = f"sqlite:///{tmp_path / 'nergens.sqlite3'}"
    assert main(["kaartstatistiek", "--store", missing]) == 1
    said = capsys.readouterr()
    assert "Er is geen database in" in said.err
    assert not (tmp_path / "nergens.sqlite3").exists()
    assert main(["kaartstatistiek", "--store", missing, "--drempel", "30"]) == 2
    assert "tussen 50 en 99 procent" in capsys.readouterr().err


def test_an_unknown_deck_lists_the_built_in_decks(store_url, capsys):
    assert main(["kaartstatistiek", "bestaat_niet", "--store", store_url]) == 1
    said = capsys.readouterr()
    assert "starter" in said.err
    assert "Traceback" not in said.out + said.err
