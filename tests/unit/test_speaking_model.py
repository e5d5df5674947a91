"""What the room sees in the speaking-up workshop, against hand-computed cases."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from kit.errors import InvalidInput
from kit.model import speaking as M
from kit.store import Answer

BELIEFS = ["a", "b", "c"]
STEPS = ["licht", "midden", "zwaar", "zwaarst"]


class Log:
    """Events as the store hands them out, numbered in the order given."""

    def __init__(self) -> None:
        self.events: list[Answer] = []

    def add(
        self, who: str | None, subject: str, kind: str, **payload: Any
    ) -> list[Answer]:
        seq = len(self.events) + 1
        self.events.append(
            Answer(seq, "s", who, M.TOOL, subject, kind, payload, float(seq))
        )
        return self.events

    def rate(self, who: str, belief: str, score: int) -> None:
        self.add(who, belief, M.RATING, score=score)

    def rate_all(self, belief: str, scores: list[int]) -> None:
        for i, score in enumerate(scores):
            self.rate(f"p{i}", belief, score)


def dist(log: Log, belief: str) -> M.BeliefDistribution:
    return next(
        d for d in M.scan_distributions(log.events, BELIEFS) if d.belief_id == belief
    )


# --- self-scan: distributions --------------------------------------------------------


def test_distribution_counts_each_score_and_dont_know_apart():
    log = Log()
    log.rate_all("a", [5, 4, 1, M.DONT_KNOW])
    d = dist(log, "a")
    assert dict(d.counts) == {1: 1, 2: 0, 3: 0, 4: 1, 5: 1}
    assert d.dont_know == 1
    assert (d.known, d.answered, d.agree, d.disagree, d.neutral) == (3, 4, 2, 1, 0)
    # "weet ik niet" is left out of the mean and the spread: (5 + 4 + 1) / 3
    assert d.mean == pytest.approx(10 / 3)
    assert d.spread == pytest.approx(math.sqrt(78 / 27))  # pstdev of 1, 4, 5
    # ... but counts as not recognising: 2 of the 4 who answered agree
    assert d.recognition == pytest.approx(2 / 4)


def test_a_belief_nobody_rated_has_no_measures():
    d = dist(Log(), "b")
    assert d.answered == 0
    assert (d.mean, d.spread, d.recognition) == (None, None, None)


def test_only_dont_know_gives_no_mean_but_is_counted():
    log = Log()
    log.rate_all("a", [M.DONT_KNOW, M.DONT_KNOW])
    d = dist(log, "a")
    assert (d.dont_know, d.known, d.mean) == (2, 0, None)
    assert M.most_recognised([d]) == ()
    assert M.most_divided([d]) == ()


def test_latest_answer_wins_per_participant_and_belief():
    log = Log()
    log.rate("ada", "a", 2)
    log.rate("bob", "a", 4)
    log.rate("ada", "a", 5)  # Ada changes her mind
    log.rate("bob", "b", 4)
    log.rate("bob", "b", M.DONT_KNOW)  # ... and "weet ik niet" can be the latest too
    a, b = dist(log, "a"), dist(log, "b")
    assert dict(a.counts) == {1: 0, 2: 0, 3: 0, 4: 1, 5: 1}
    assert (b.known, b.dont_know) == (0, 1)
    assert M.current_ratings(log.events, BELIEFS)["a"] == {"ada": 5, "bob": 4}


def test_latest_is_by_sequence_not_by_list_order():
    log = Log()
    log.rate("ada", "a", 1)
    log.rate("ada", "a", 5)
    shuffled = list(reversed(log.events))
    assert M.current_ratings(shuffled, BELIEFS)["a"] == {"ada": 5}


def test_malformed_or_foreign_ratings_are_ignored():
    log = Log()
    log.rate("ada", "a", 9)  # off the scale
    log.add("ada", "a", M.RATING, score="5")  # not a number
    log.add("ada", "a", M.RATING, score=True)  # a bool is not a score
    log.add(None, "a", M.RATING, score=4)  # no participant
    log.rate("ada", "onbekend", 4)  # not a belief of the scan
    assert all(d.answered == 0 for d in M.scan_distributions(log.events, BELIEFS))


# --- self-scan: most recognised, most divided ----------------------------------------


def test_most_recognised_by_share_agreeing_then_mean():
    log = Log()
    log.rate_all("a", [4, 4, 2])  # 2/3 agree, mean 3.33
    log.rate_all("b", [5, 5, 1])  # 2/3 agree, mean 3.67
    log.rate_all("c", [5, M.DONT_KNOW, M.DONT_KNOW])  # 1/3: not knowing is not 1/1
    dists = M.scan_distributions(log.events, BELIEFS)
    assert M.most_recognised(dists) == ("b",)


def test_most_recognised_names_every_belief_on_a_tie():
    log = Log()
    log.rate_all("a", [4, 2])
    log.rate_all("b", [2, 4])
    log.rate_all("c", [1, 1])
    dists = M.scan_distributions(log.events, BELIEFS)
    assert M.most_recognised(dists) == ("a", "b")


def test_equal_shares_from_different_group_sizes_tie_and_the_mean_decides():
    two_of_three = M.BeliefDistribution("a", {1: 1, 4: 1, 5: 1})  # mean 3.33
    four_of_six = M.BeliefDistribution("b", {1: 2, 4: 2, 5: 2})  # mean 3.33
    higher_mean = M.BeliefDistribution("c", {2: 2, 4: 3, 5: 1})  # 4/6, mean 3.5
    assert M.most_recognised([two_of_three, four_of_six]) == ("a", "b")
    assert M.most_recognised([two_of_three, four_of_six, higher_mean]) == ("c",)


def test_nothing_is_most_recognised_when_nobody_agrees():
    log = Log()
    log.rate_all("a", [1, 2])
    log.rate_all("b", [3, 3])
    assert M.most_recognised(M.scan_distributions(log.events, BELIEFS)) == ()


def test_most_divided_needs_both_sides_then_widest_spread():
    log = Log()
    log.rate_all("a", [1, 5])  # split, pstdev 2.0
    log.rate_all("b", [1, 1, 2])  # all on one side: differ in degree, not divided
    log.rate_all("c", [2, 4, 4])  # split, pstdev 0.94
    dists = M.scan_distributions(log.events, BELIEFS)
    assert M.most_divided(dists) == ("a",)
    assert [d.split for d in dists] == [True, False, True]


def test_nothing_is_most_divided_when_nobody_stands_opposite():
    log = Log()
    log.rate_all("a", [3, 5])
    log.rate_all("b", [1, 3, M.DONT_KNOW])
    assert M.most_divided(M.scan_distributions(log.events, BELIEFS)) == ()


def test_scan_result_counts_people_and_gives_a_tidy_frame():
    log = Log()
    log.rate("ada", "a", 5)
    log.rate("bob", "b", M.DONT_KNOW)
    result = M.scan_result(log.events, BELIEFS)
    assert result.participants == 2
    assert result.most_recognised == ("a",)
    frame = M.scan_frame(result.distributions)
    assert list(frame.columns) == ["belief_id", "score", "count"]
    assert len(frame) == len(BELIEFS) * 6
    assert int(frame["count"].sum()) == 2
    row = frame[(frame["belief_id"] == "b") & (frame["score"] == M.DONT_KNOW)]
    assert int(row["count"].iloc[0]) == 1


@pytest.mark.parametrize("score", [-1, 6, 2.5, "4", None, True])
def test_rating_payload_refuses_scores_off_the_scale(score):
    with pytest.raises(InvalidInput) as caught:
        M.rating_payload("a", score, BELIEFS)
    assert caught.value.args == ("speaking_score",)


def test_rating_payload_accepts_dont_know_and_refuses_unknown_belief():
    assert M.rating_payload("a", M.DONT_KNOW, BELIEFS) == {"score": 0}
    with pytest.raises(InvalidInput):
        M.rating_payload("z", 3, BELIEFS)


# --- the shared dilemma --------------------------------------------------------------


def test_stance_spread_latest_wins_and_reasons_without_order_of_arrival():
    log = Log()
    log.add("ada", M.DILEMMA, M.STAND, position=1, reason="Zo werkt het")
    log.add("bob", M.DILEMMA, M.STAND, position=5, reason="zwijgen kost meer")
    log.add("cas", M.DILEMMA, M.STAND, position=5, reason="Anders hoort niemand het")
    log.add("dirk", M.DILEMMA, M.STAND, position=3, reason="")
    log.add("ada", M.DILEMMA, M.STAND, position=2, reason="Bezwaar op papier")
    log.add("eva", M.DILEMMA, M.STAND, position=7, reason="off the scale")
    result = M.stance_result(log.events)
    assert dict(result.counts) == {1: 0, 2: 1, 3: 1, 4: 0, 5: 2}
    assert (result.total, result.loyal, result.pressing) == (4, 1, 2)
    assert result.mean == pytest.approx((2 + 3 + 5 + 5) / 4)
    # by position, then alphabetically (case-blind); empty reasons left out
    assert result.reasons == (
        (2, "Bezwaar op papier"),
        (5, "Anders hoort niemand het"),
        (5, "zwijgen kost meer"),
    )
    frame = M.stance_frame(result)
    assert frame["count"].tolist() == [0, 1, 1, 0, 2]


def test_stand_payload_checks_position_and_cleans_reason():
    assert M.stand_payload(4, "  ja\x07 echt \n") == {
        "position": 4,
        "reason": "ja echt",
    }
    for bad in (0, 6, "3", None):
        with pytest.raises(InvalidInput):
            M.stand_payload(bad)
    with pytest.raises(InvalidInput) as caught:
        M.stand_payload(3, "x" * (M.MAX_REASON + 1))
    assert caught.value.args == ("speaking_reason",)


# --- the palette ---------------------------------------------------------------------


def test_situation_ids_are_stable_for_the_same_text_or_card():
    assert M.situation_id("Een  collega ZWIJGT") == M.situation_id("een collega zwijgt")
    assert M.situation_id("een") != M.situation_id("twee")
    assert M.situation_id("tekst", card_id="k1") == "card-k1"
    with pytest.raises(InvalidInput):
        M.situation_payload("   ")


def test_current_situation_is_the_latest_and_earlier_ones_are_remembered():
    log = Log()
    first = M.situation_payload("Cijfers worden mooier gemaakt")
    second = M.situation_payload("Kaarttekst", card_id="k1", title="Kaart 1")
    log.add(None, M.PALETTE, M.SITUATION, **first)
    log.add(None, M.PALETTE, M.SITUATION, **second)
    log.add(None, M.PALETTE, M.SITUATION, **first)  # back to the first
    current = M.current_situation(log.events)
    assert current is not None
    assert (current.id, current.text) == (first["id"], "Cijfers worden mooier gemaakt")
    assert [s.id for s in M.situations(log.events)] == [second["id"], first["id"]]


def test_palette_counts_now_furthest_and_reach_per_step():
    log = Log()
    s1, s2 = "text-1", "text-2"

    def pick(who: str, now: str, furthest: str, situation: str = s1) -> None:
        log.add(who, M.PALETTE, M.PICK, situation=situation, now=now, furthest=furthest)

    pick("ada", "licht", "zwaar")
    pick("bob", "licht", "licht")
    pick("cas", "midden", "zwaarst")
    pick("ada", "midden", "zwaar")  # Ada changes her mind: latest wins
    pick("dirk", "licht", "zwaarst", situation=s2)  # another situation
    pick("eva", "licht", "onbekend")  # not a step: ignored
    result = M.palette_result(log.events, s1, STEPS)
    assert result.total == 3
    assert [(s.now, s.furthest, s.reach) for s in result.steps] == [
        (1, 1, 3),  # licht: Bob now; Bob stops here; everyone goes at least this far
        (2, 0, 2),  # midden: Ada and Cas now
        (0, 1, 2),  # zwaar: Ada's furthest
        (0, 1, 1),  # zwaarst: Cas's furthest
    ]
    assert result.most_now == ("midden",)
    assert result.most_furthest == ("licht", "zwaar", "zwaarst")
    assert result.gaps == (0, 1, 2)
    assert result.median_gap == 1
    frame = M.palette_frame(result)
    assert frame["reach"].tolist() == [3, 2, 2, 1]
    assert M.palette_result(log.events, s2, STEPS).total == 1


def test_when_everyone_picks_a_different_step_there_is_no_majority():
    from kit.model.types import Action
    from kit.report.sections_speaking import palette_section

    log = Log()

    def pick(who: str, now: str, furthest: str) -> None:
        log.add(who, M.PALETTE, M.PICK, situation="s", now=now, furthest=furthest)

    for who, now in zip(("ada", "bob", "cas", "dirk"), STEPS, strict=True):
        pick(who, now, "zwaarst")
    result = M.palette_result(log.events, "s", STEPS)
    assert (result.agreement("now"), result.agreement("furthest")) == ("apart", "most")
    actions = [Action(a, a.capitalize(), "", "", "") for a in STEPS]
    text = repr(palette_section(result, actions))
    assert "Nu koos ieder een andere stap: er is geen meerderheid." in text
    assert "Nu zouden de meesten kiezen voor" not in text
    assert "Als verste stap noemen de meesten: 4. Zwaarst." in text

    pick("ada", "midden", "zwaar")  # latest wins: now two on midden ...
    pick("bob", "midden", "zwaar")  # ... and as furthest 2 zwaar, 2 zwaarst
    result = M.palette_result(log.events, "s", STEPS)
    assert (result.agreement("now"), result.agreement("furthest")) == ("most", "tie")
    assert M.palette_result(log.events[:1], "s", STEPS).agreement("now") == "alone"
    assert M.palette_result([], "s", STEPS).agreement("now") == "none"


def test_empty_palette_names_no_most_chosen_step():
    result = M.palette_result([], "text-1", STEPS)
    assert (result.total, result.most_now, result.median_gap) == (0, (), None)


def test_pick_payload_refuses_a_furthest_step_lighter_than_now():
    assert M.pick_payload("s", "midden", "midden", STEPS)["furthest"] == "midden"
    with pytest.raises(InvalidInput) as caught:
        M.pick_payload("s", "zwaar", "licht", STEPS)
    assert caught.value.args == ("speaking_furthest_before_now",)
    with pytest.raises(InvalidInput) as caught:
        M.pick_payload("s", "licht", "vliegen", STEPS)
    assert caught.value.args == ("speaking_step",)


# --- phases and the report -----------------------------------------------------------


def test_phase_is_think_until_the_facilitator_moves_it():
    log = Log()
    assert M.phase_of(log.events, M.SCAN) == "think"
    log.add(None, M.SCAN, M.PHASE, phase="reveal")
    log.add(None, M.DILEMMA, M.PHASE, phase="reveal")
    log.add(None, M.DILEMMA, M.PHASE, phase="think")
    assert M.phase_of(log.events, M.SCAN) == "reveal"
    assert M.is_revealed(M.phase_of(log.events, M.SCAN))
    assert not M.is_revealed(M.phase_of(log.events, M.DILEMMA))


def test_session_report_holds_counts_and_reasons_but_no_participant():
    log = Log()
    log.rate("participant-ada-123", "a", 5)
    log.add(
        "participant-bob-456", M.DILEMMA, M.STAND, position=4, reason="Nog één keer"
    )
    situation = M.situation_payload("Een regel raakt ouders harder dan bedoeld")
    log.add(None, M.PALETTE, M.SITUATION, **situation)
    log.add(
        "participant-ada-123",
        M.PALETTE,
        M.PICK,
        situation=situation["id"],
        now="licht",
        furthest="zwaar",
    )
    report = M.session_report(log.events, BELIEFS, STEPS)
    assert report["scan"]["most_recognised"] == ["a"]
    assert report["scan"]["beliefs"][0]["counts"]["5"] == 1
    assert report["dilemma"]["reasons"] == [{"position": 4, "text": "Nog één keer"}]
    (played,) = report["palette"]["situations"]
    assert played["steps"][2] == {
        "action_id": "zwaar",
        "now": 0,
        "furthest": 1,
        "reach": 1,
    }
    text = json.dumps(report)
    assert "participant-" not in text


def test_charts_hold_a_room_of_thirty():
    """With more than twelve people on one answer the axes must still draw."""
    from kit.charts.speaking import scan_chart

    log = Log()
    log.rate_all("a", [4] * 30)
    result = M.scan_result(log.events, BELIEFS)
    figure = scan_chart(M.scan_frame(result.distributions), dict.fromkeys(BELIEFS, "x"))
    assert "<svg" in figure.svg
