"""The afwegingsmatrix's numbers, checked against small cases worked out by hand."""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

from kit.errors import InvalidInput
from kit.locale import t
from kit.model import matrix as M

V1, V2 = "nabijheid", "rechtmatigheid"


def two_by_two() -> M.MatrixSetup:
    """Options a, b × values nabijheid, rechtmatigheid."""
    return M.build_setup(
        [M.MatrixOption("a", "Bellen"), M.MatrixOption("b", "Mailen")],
        [
            M.MatrixValue(V1, "Nabijheid", "Dichtbij mensen."),
            M.MatrixValue(V2, "Rechtmatigheid", "Volgens de wet."),
        ],
    )


class Log:
    """Events as the store would hand them out, in ``seq`` order."""

    def __init__(self, setup: M.MatrixSetup | None = None):
        self.events: list[M.Event] = []
        if setup is not None:
            self.setup(setup)

    def add(self, who: str | None, kind: str, payload: dict[str, Any]) -> None:
        self.events.append(M.Event(who, "m", kind, payload, len(self.events) + 1))

    def setup(self, setup: M.MatrixSetup) -> None:
        self.add(None, M.SETUP, setup.to_payload())

    def score(
        self, who: str, option: str, value: str, score: Any, why: str = ""
    ) -> None:
        self.add(
            who,
            M.SCORE,
            {"option": option, "value": value, "score": score, "reason": why},
        )

    def weight(self, who: str, value: str, weight: int) -> None:
        self.add(who, M.WEIGHT, {"value": value, "weight": weight})

    def picture(self) -> M.TeamPicture:
        return M.team_picture(self.events)


def cell(picture: M.TeamPicture, option: str, value: str) -> dict[str, Any]:
    rows = picture.cells[
        (picture.cells.option == option) & (picture.cells.value == value)
    ]
    return rows.iloc[0].to_dict()


def total(picture: M.TeamPicture, option: str) -> dict[str, Any]:
    return picture.totals.set_index("option").loc[option].to_dict()


@pytest.fixture
def three() -> Log:
    """Three participants, with a changed score, a changed weight and an unknown.

    Scores (latest wins)        a/V1  a/V2  b/V1  b/V2
      p1                         +2    -1     0    +1
      p2                          0    -1    +1     ?
      p3 (a/V2 was +1 first)     -2    -1    +1    +1
    Weights: p1 V1=5 V2=1; p2 V1=0 V2=4 (V1 was 3 first); p3 none (3 and 3).
    """
    log = Log(two_by_two())
    for who, scores in {
        "p1": (2, -1, 0, 1),
        "p2": (0, -1, 1, M.UNKNOWN),
        "p3": (-2, 1, 1, 1),
    }.items():
        for (o, v), s in zip(
            [("a", V1), ("a", V2), ("b", V1), ("b", V2)], scores, strict=True
        ):
            log.score(who, o, v, s, why=f"{who} over {o}/{v}")
    log.score("p3", "a", V2, -1)  # changed mind: the latest answer wins
    log.weight("p1", V1, 5)
    log.weight("p1", V2, 1)
    log.weight("p2", V1, 3)
    log.weight("p2", V2, 4)
    log.weight("p2", V1, 0)  # latest wins
    return log


# --- aggregation ----------------------------------------------------------------------


def test_means_spread_and_latest_answer_wins(three: Log) -> None:
    picture = three.picture()
    assert picture.participants == ("p1", "p2", "p3")
    # a/V1: (2 + 0 - 2) / 3 = 0; population std sqrt((4 + 0 + 4) / 3) = 1.633
    a1 = cell(picture, "a", V1)
    assert a1["mean"] == pytest.approx(0.0)
    assert a1["std"] == pytest.approx(math.sqrt(8 / 3))
    assert (a1["min"], a1["max"], a1["range"]) == (-2, 2, 4)
    # a/V2: p3's +1 was replaced by -1, so (-1 - 1 - 1) / 3 = -1 and no spread
    a2 = cell(picture, "a", V2)
    assert a2["mean"] == pytest.approx(-1.0)
    assert a2["std"] == pytest.approx(0.0)
    # b/V1: (0 + 1 + 1) / 3 = 0.667; std sqrt((4/9 + 1/9 + 1/9) / 3) = 0.471
    b1 = cell(picture, "b", V1)
    assert b1["mean"] == pytest.approx(2 / 3)
    assert b1["std"] == pytest.approx(math.sqrt(6 / 27))
    # b/V2: p2 does not know: (1 + 1) / 2 = 1 from 2 scores, 1 unknown of 3 answers
    b2 = cell(picture, "b", V2)
    assert b2["mean"] == pytest.approx(1.0)
    assert (b2["n_scored"], b2["n_unknown"], b2["n_answered"]) == (2, 1, 3)
    assert b2["share_unknown"] == pytest.approx(1 / 3)


def test_disagreement_names_the_cells_with_most_spread(three: Log) -> None:
    picture = three.picture()
    # spreads: a/V1 1.633 > b/V1 0.471; a/V2 and b/V2 have none, so are left out
    top = list(
        zip(picture.disagreements.option, picture.disagreements.value, strict=True)
    )
    assert top == [("a", V1), ("b", V1)]
    lines = M.describe_disagreements(picture)
    assert lines[0] == (
        "Optie A op Nabijheid: scores van -2 tot +2 "
        "(gemiddeld 0,0, spreiding 1,6, 3 scores)."
    )


def test_two_participants_see_which_cells_differ_but_not_each_others_scores() -> None:
    log = Log(two_by_two())
    log.score("p1", "a", V1, 2)
    log.score("p2", "a", V1, -2)
    log.weight("p1", V1, 5)
    log.weight("p2", V1, 1)
    picture = log.picture()
    assert picture.n_participants == 2
    lines = M.describe_disagreements(picture)
    # "scores van -2 tot +2" would tell each of the two what the other gave.
    assert lines == [
        "Optie A op Nabijheid: hier liggen de scores het verst uiteen (2 scores)."
    ]

    from kit.report.document import Section
    from kit.report.sections_matrix import picture_parts

    text = repr(picture_parts(Section("x"), picture))
    assert "Met minder dan 3 deelnemers tonen we alleen aantallen" in text
    assert "1 – 5" not in text  # no weight range either
    assert "scores van" not in text


def test_unknowns_per_value(three: Log) -> None:
    picture = three.picture()
    # V2: 1 "weet ik niet" of 6 answers (3 on a, 3 on b); V1: none, so not listed
    assert list(picture.unknowns.value) == [V2]
    assert picture.unknowns.iloc[0]["share"] == pytest.approx(1 / 6)
    assert M.describe_unknowns(picture) == [
        "Rechtmatigheid: 17% weet het niet (1 van de 6 antwoorden)."
    ]


def test_weighted_totals_and_range_over_own_weightings(three: Log) -> None:
    picture = three.picture()
    # Weights: p1 (5, 1), p2 (0, 4), p3 (3, 3) → team (8/3, 8/3): equal.
    assert picture.team_weights == pytest.approx({V1: 8 / 3, V2: 8 / 3})
    # Team: a = (0 + -1) / 2 = -0.5; b = (2/3 + 1) / 2 = 0.833
    a, b = total(picture, "a"), total(picture, "b")
    assert a["team"] == pytest.approx(-0.5)
    assert b["team"] == pytest.approx(5 / 6)
    # Own weightings on the team's means:
    #   p1: a = (5*0 + 1*-1) / 6 = -1/6     b = (5*2/3 + 1*1) / 6 = 13/18
    #   p2: a = (0*0 + 4*-1) / 4 = -1       b = (0 + 4*1) / 4 = 1
    #   p3: a = -0.5                        b = 5/6
    assert (a["min"], a["median"], a["max"]) == pytest.approx((-1, -0.5, -1 / 6))
    assert (b["min"], b["median"], b["max"]) == pytest.approx((13 / 18, 5 / 6, 1))
    assert a["n_weightings"] == b["n_weightings"] == 3
    assert picture.ranking() == ["b", "a"]
    assert M.describe_totals(picture)[0] == (
        "Optie B: +0,8 met de gemiddelde gewichten van het team. Met ieders eigen "
        "gewichten ligt het tussen +0,7 en +1,0 (mediaan +0,8, 3 wegingen)."
    )


def test_reasons_are_kept_per_cell(three: Log) -> None:
    picture = three.picture()
    reasons = picture.scores[
        (picture.scores.option == "a") & (picture.scores.value == V1)
    ]
    assert set(reasons.reason) == {
        "p1 over a/nabijheid",
        "p2 over a/nabijheid",
        "p3 over a/nabijheid",
    }


def test_a_taken_back_score_no_longer_counts(three: Log) -> None:
    three.score("p1", "a", V1, None)
    a1 = cell(three.picture(), "a", V1)
    # only p2 (0) and p3 (-2) remain: mean -1, p1 now counts as missing
    assert a1["mean"] == pytest.approx(-1.0)
    assert (a1["n_scored"], a1["n_missing"]) == (2, 1)


# --- sensitivity ----------------------------------------------------------------------


def one_person(scores: dict[tuple[str, str], Any], weights: dict[str, int]) -> Log:
    log = Log(two_by_two())
    for (o, v), s in scores.items():
        log.score("p", o, v, s)
    for v, w in weights.items():
        log.weight("p", v, w)
    return log


def test_sensitivity_finds_the_weight_that_flips_the_order() -> None:
    # a: V1 +2, V2 -1; b: V1 0, V2 +1; weights V1 = 1, V2 = 3.
    # T_a = (2 - 3) / 4 = -0.25, T_b = 3 / 4 = 0.75: b leads.
    # V1: N_a - N_b = -1 - 3 = -4, d = 2 - 0 = 2 → δ = 4 / 2 = 2 → tie at w1 = 3
    #     (check: T_a = (6 - 3) / 6 = 0.5 = T_b = 3 / 6).
    # V2: d = -1 - 1 = -2 → δ = -2 → tie at w2 = 1 (T_a = 1/2 = T_b).
    log = one_person(
        {("a", V1): 2, ("a", V2): -1, ("b", V1): 0, ("b", V2): 1}, {V1: 1, V2: 3}
    )
    picture = log.picture()
    result = picture.sensitivity("a", "b")
    assert (result.total_a, result.total_b) == pytest.approx((-0.25, 0.75))
    assert result.leader == "b"
    flips = {f.value: f for f in result.flips}
    assert flips[V1].threshold == pytest.approx(3.0)
    assert flips[V1].direction == 1
    assert flips[V2].threshold == pytest.approx(1.0)
    assert flips[V2].direction == -1
    assert M.describe_sensitivity(result, picture.setup) == [
        "Met de gemiddelde gewichten van het team staat B (+0,8) vóór A (-0,3). "
        "Wat zou je moeten geloven om A te laten winnen?",
        "A wint als Nabijheid zwaarder weegt: het gemiddelde gewicht moet van 1,0 "
        "naar meer dan 3,0.",
        "A wint als Rechtmatigheid lichter weegt: het gemiddelde gewicht moet van "
        "3,0 naar minder dan 1,0.",
    ]


def test_sensitivity_says_when_no_single_weight_flips_it(three: Log) -> None:
    # Team weights 8/3 each; N_a = 8/3 * -1, N_b = 8/3 * 5/3, N_a - N_b = -64/9.
    # V1: d = -2/3 → δ = -32/3 → w1 = -8 (below 0). V2: d = -2 → w2 = -8/9.
    picture = three.picture()
    result = picture.sensitivity("a", "b")
    assert all(f.direction == 0 for f in result.flips)
    lines = M.describe_sensitivity(result, picture.setup)
    assert lines[-1] == (
        "Geen verandering van één gewicht (tussen 0 en 5) draait de volgorde om: "
        "B blijft vóór A. Wie A wil laten winnen, moet anders denken over de "
        "scores zelf."
    )


def test_sensitivity_with_a_missing_score_uses_what_is_there() -> None:
    # b has no score on V2. a: V1 +2, V2 -2; b: V1 +1. Weights V1 = 1, V2 = 3.
    # T_a = (2 - 6) / 4 = -1; T_b = 1 / 1 = 1 (V2 does not count for b).
    # V2 only moves a: (-4 - 2δ) / (4 + δ) = 1 → δ = -8/3 → tie at w2 = 1/3.
    # V1 moves both: (-4 + 2δ) / (4 + δ) = 1 → δ = 8 → w1 = 9, beyond 5: no flip.
    log = one_person({("a", V1): 2, ("a", V2): -2, ("b", V1): 1}, {V1: 1, V2: 3})
    picture = log.picture()
    assert not total(picture, "b")["complete"]
    result = picture.sensitivity("a", "b")
    assert (result.total_a, result.total_b) == pytest.approx((-1.0, 1.0))
    flips = {f.value: f for f in result.flips}
    assert flips[V2].threshold == pytest.approx(1 / 3)
    assert flips[V2].direction == -1
    assert flips[V1].direction == 0
    assert any("Nog zonder score: B (Rechtmatigheid)" in n for n in picture.notes)


def test_tie_is_named_and_sensitivity_tells_which_way_it_tips() -> None:
    # a: V1 +1, V2 -1; b: V1 -1, V2 +1; equal weights → both 0: a tie.
    log = one_person(
        {("a", V1): 1, ("a", V2): -1, ("b", V1): -1, ("b", V2): 1}, {V1: 3, V2: 3}
    )
    picture = log.picture()
    assert list(picture.totals["rank"]) == [1, 1]
    assert "De opties A en B staan gelijk (0,0)." in " ".join(picture.notes)
    result = picture.sensitivity("a", "b")
    assert result.tied
    flips = {f.value: f for f in result.flips}
    assert flips[V1].favours == "a"  # a scores higher on V1
    assert flips[V2].favours == "b"
    assert M.describe_sensitivity(result, picture.setup)[1] == (
        "Weegt Nabijheid zwaarder, dan wint A; weegt het lichter, dan wint B."
    )


def test_comparing_an_option_with_itself_is_explained() -> None:
    picture = one_person({("a", V1): 1, ("b", V1): 0}, {}).picture()
    result = picture.sensitivity("a", "a")
    assert M.describe_sensitivity(result, picture.setup) == [t("matrix.sens.same")]


# --- edge cases -----------------------------------------------------------------------


def test_one_participant_has_no_disagreement_and_a_point_range() -> None:
    log = one_person({("a", V1): 2, ("a", V2): 1, ("b", V1): -1, ("b", V2): 0}, {})
    picture = log.picture()
    assert picture.n_participants == 1
    assert picture.disagreements.empty
    assert t("matrix.note.one") in picture.notes
    a = total(picture, "a")
    # default weights 3, 3: (2 + 1) / 2 = 1.5; range is this one weighting
    assert a["team"] == a["min"] == a["median"] == a["max"] == pytest.approx(1.5)
    assert M.describe_totals(picture)[0] == "Optie A: +1,5."


def test_all_weights_zero_gives_a_message_not_a_total() -> None:
    log = one_person({("a", V1): 2, ("b", V1): -1}, {V1: 0, V2: 0})
    picture = log.picture()
    assert picture.totals["team"].isna().all()
    assert not picture.has_totals
    assert t("matrix.note.all_zero") in picture.notes
    assert M.describe_totals(picture) == [
        "Optie A: nog geen totaal.",
        "Optie B: nog geen totaal.",
    ]
    result = picture.sensitivity("a", "b")
    assert result.problem == "all_zero"
    assert M.describe_sensitivity(result, picture.setup) == [t("matrix.sens.all_zero")]


def test_a_participant_with_only_zero_weights_is_left_out_of_the_range() -> None:
    log = one_person({("a", V1): 2, ("b", V1): -1}, {V1: 4})
    log.weight("q", V1, 0)
    log.weight("q", V2, 0)
    picture = log.picture()
    assert total(picture, "a")["n_weightings"] == 1
    assert t("matrix.note.some_zero", n=1) in picture.notes


def test_missing_scores_do_not_crash_and_are_named() -> None:
    log = Log(two_by_two())
    picture = log.picture()
    assert picture.n_participants == 0
    assert picture.notes == (t("matrix.note.nobody"),)
    assert picture.totals["team"].isna().all()
    log.weight("p", V1, 4)  # weights, but no scores yet
    picture = log.picture()
    assert t("matrix.note.no_scores") in picture.notes
    assert picture.sensitivity("a", "b").problem == "no_scores"
    log.score("p", "a", V1, 1)
    picture = log.picture()
    assert "Nog geen enkele score, dus nog geen totaal: optie B." in picture.notes


def test_removed_option_and_value_are_ignored_not_deleted(three: Log) -> None:
    setup = two_by_two()
    three.setup(
        setup.with_option("Wachten")  # c, scored below, then removed
    )
    three.score("p1", "c", V1, 2)
    three.setup(M.current_setup(three.events).without_option("c").without_value(V2))
    picture = three.picture()
    assert picture.setup.option_ids == ("a", "b")
    assert picture.setup.value_ids == (V1,)
    assert set(picture.scores.option) == {"a", "b"}
    assert set(picture.scores.value) == {V1}
    # 6 latest scores on V2, 1 on c, and 3 weights on V2 (p1, p2; p3 gave none): 9
    assert picture.ignored == 9
    assert t("matrix.note.ignored", n=9) in picture.notes
    # Totals now use V1 only: a = 0, b = 2/3
    assert total(picture, "a")["team"] == pytest.approx(0.0)
    assert total(picture, "b")["team"] == pytest.approx(2 / 3)
    # Nothing was deleted: putting V2 back brings its answers back.
    back = M.current_setup(three.events).with_value(two_by_two().value(V2))
    three.setup(back)
    assert cell(three.picture(), "b", V2)["n_unknown"] == 1


def test_new_options_never_reuse_a_removed_letter() -> None:
    setup = two_by_two().with_option("Derde")  # c
    setup = setup.without_option("c").with_option("Vierde")
    assert setup.option_ids == ("a", "b", "d")
    again = M.MatrixSetup.from_payload(setup.to_payload()).with_option("Vijfde")
    assert again.option_ids[-1] == "e"


def test_own_values_get_their_own_id() -> None:
    value = M.custom_value("Vertrouwen", "Mensen kunnen op ons rekenen.", taken=())
    assert value.id == "eigen_vertrouwen"
    assert value.custom
    second = M.custom_value("Vertrouwen!", "Iets anders.", taken={value.id})
    assert second.id == "eigen_vertrouwen_2"


@pytest.mark.parametrize(
    ("call", "problem"),
    [
        (lambda s: M.score_payload(s, "a", V1, 3), "matrix_score"),
        (lambda s: M.score_payload(s, "a", V1, True), "matrix_score"),
        (lambda s: M.score_payload(s, "z", V1, 1), "matrix_unknown_option"),
        (lambda s: M.score_payload(s, "a", "geluk", 1), "matrix_unknown_value"),
        (lambda s: M.score_payload(s, "a", V1, 1, "x" * 501), "matrix_reason"),
        (lambda s: M.weight_payload(s, V1, 6), "matrix_weight"),
        (lambda s: M.weight_payload(s, V1, 2.5), "matrix_weight"),
        (lambda s: s.without_option("a"), "matrix_too_few_options"),
        (lambda s: s.without_value(V1).without_value(V2), "matrix_too_few_values"),
        (lambda s: s.with_option("  "), "matrix_option_label"),
        (
            lambda s: M.justification_payload(s, "a", "", revisit="mei"),
            "matrix_justify_why",
        ),
        (lambda s: M.justification_payload(s, "a", "Omdat"), "matrix_justify_revisit"),
    ],
)
def test_refused_input_names_the_problem(call: Any, problem: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        call(two_by_two())
    assert caught.value.args == (problem,)
    assert not t(f"input.{problem}").startswith("input.")  # a Dutch sentence exists


def test_thirty_participants_six_options_twelve_values() -> None:
    rng = random.Random(4)
    options = [M.MatrixOption(chr(ord("a") + i), f"Optie {i}") for i in range(6)]
    values = [M.MatrixValue(f"w{i}", f"Waarde {i}", "Betekenis.") for i in range(12)]
    log = Log(M.build_setup(options, values))
    for p in range(30):
        for v in values:
            log.weight(f"p{p}", v.id, rng.randint(0, 5))
            for o in options:
                log.score(f"p{p}", o.id, v.id, rng.choice([-2, -1, 0, 1, 2, "?"]))
    picture = log.picture()
    assert picture.n_participants == 30
    assert len(picture.cells) == 72
    assert picture.cells.n_answered.eq(30).all()
    assert len(picture.totals) == 6
    assert picture.totals["n_weightings"].eq(30).all()
    assert (picture.totals["min"] <= picture.totals["median"]).all()
    assert (picture.totals["median"] <= picture.totals["max"]).all()
    assert len(picture.disagreements) == M.TOP_DISAGREEMENTS
    first, second = picture.ranking()[:2]
    result = picture.sensitivity(first, second)
    assert result.leader == first
    assert len(result.flips) == 12
    lines = M.describe_sensitivity(result, picture.setup)
    assert "Wat zou je moeten geloven" in lines[0]


# --- justification --------------------------------------------------------------------


def test_justification_is_retrievable_from_store_answers_and_export_rows() -> None:
    setup = two_by_two()
    payload = M.justification_payload(
        setup,
        "b",
        "Mailen laat een spoor na.",
        [V1, V1],
        "de buurvrouw",
        "over drie maanden",
    )
    assert payload["losing_values"] == [V1]
    assert payload["losing_value_names"] == ["Nabijheid"]
    assert payload["choice_label"] == "B. Mailen"
    rows = [
        {
            "participant_id": None,
            "tool": "matrix",
            "subject": "m",
            "kind": "justification",
            "payload": {**payload, "why": "Eerste versie."},
            "created_at": 1.0,
        },
        {
            "participant_id": None,
            "tool": "dilemma",
            "subject": "m",
            "kind": "justification",
            "payload": {},
            "created_at": 2.0,
        },
        {
            "participant_id": "p",
            "tool": "matrix",
            "subject": "m",
            "kind": "justification",
            "payload": {"why": "een deelnemer mag dit niet"},
            "created_at": 3.0,
        },
        {
            "participant_id": None,
            "tool": "matrix",
            "subject": "m",
            "kind": "justification",
            "payload": payload,
            "created_at": 4.0,
        },
    ]
    found = M.justification(rows, "m")
    assert found is not None
    assert found.why == "Mailen laat een spoor na."
    assert found.created_at == 4.0
    assert M.justifications(rows) == {"m": found}
    text = found.as_text()
    assert "Onze keuze: B. Mailen" in text
    assert "Welke waarden verliezen: Nabijheid" in text
    assert "Opnieuw bekijken: over drie maanden" in text
    assert found.to_dict()["for_whom"] == "de buurvrouw"


def test_numbers_are_written_the_dutch_way() -> None:
    assert M.number(0.26) == "0,3"
    assert M.number(-0.04) == "0,0"
    assert M.signed(1.25, 2) == "+1,25"
    assert M.signed(-1) == "-1,0"
    assert M.signed(0) == "0,0"


# --- charts (the picture the team sees) -----------------------------------------------


def test_every_heatmap_cell_prints_its_number_readably(three: Log) -> None:
    from kit.charts.matrix import (
        contrast,
        fill_colour,
        heatmap,
        heatmap_data,
        text_colour,
    )

    # Whatever the mean, the printed number keeps WCAG AA contrast with its fill.
    for step in range(-40, 41):
        fill = fill_colour(step / 20)
        assert contrast(fill, text_colour(fill)) >= 4.5
    picture = three.picture()
    data = heatmap_data(picture)
    assert list(data["label"]) == ["0,0", "-1,0", "+0,7", "+1,0"]
    assert list(data["sub"]) == ["±1,6", "±0,0", "±0,5", "±0,0 ?1"]
    assert list(data["hot"]) == [True, False, True, False]  # the most disagreed cells
    figure = heatmap(picture)
    assert figure.svg.startswith("<svg aria-hidden='true'")
    assert "+0,7" in figure.svg
    assert len(figure.rows) == 4  # the table alternative has every cell
    assert "Het meest oneens is het team over: A × Nabijheid; B × Nabijheid." in (
        figure.description
    )


def test_totals_chart_shows_team_total_and_range(three: Log) -> None:
    from kit.charts.matrix import totals_chart

    figure = totals_chart(three.picture())
    assert [row[0] for row in figure.rows] == ["B. Mailen", "A. Bellen"]
    assert figure.rows[0][1:] == ("+0,8", "+0,7", "+0,8", "+1,0", 3)
    assert "B +0,8 (van +0,7 tot +1,0)" in figure.description
