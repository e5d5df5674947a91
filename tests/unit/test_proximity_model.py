"""The nabijheidskaart's rules: what the room sees after placing stakeholders."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

import pytest

from kit.errors import InvalidInput
from kit.locale import catalogue
from kit.model import proximity as pm
from kit.model.types import CATEGORIES, RINGS

SUBJECT = pm.DEFAULT_SUBJECT


@dataclass
class Event:
    """Stands in for a stored answer: the model reads only these fields."""

    seq: int
    participant_id: str | None
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    tool: str = pm.TOOL
    subject: str = SUBJECT


class Room:
    """Writes events the way the widget does, with increasing ``seq``."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def add(self, participant: str | None, kind: str, **payload: Any) -> Event:
        event = Event(len(self.events) + 1, participant, kind, payload)
        self.events.append(event)
        return event

    def start(self, *stakeholders: tuple[str, str, str]) -> None:
        self.add(
            None,
            "start",
            template="test",
            title="Test",
            stakeholders=[
                {"id": i, "name": n, "category": c, "description": ""}
                for i, n, c in stakeholders
            ],
        )

    def place(
        self, who: str, sid: str, impact: int, ring: str, voice: int, note: str = ""
    ) -> None:
        self.add(
            who,
            "place",
            stakeholder=sid,
            impact=impact,
            proximity=ring,
            voice=voice,
            note=note,
        )

    @property
    def state(self) -> pm.MapState:
        return pm.map_state(self.events)

    def aggregate(self, sid: str) -> pm.Aggregate:
        return next(a for a in self.state.aggregates() if a.stakeholder.id == sid)


@pytest.fixture
def room() -> Room:
    r = Room()
    r.start(
        ("ouders", "Ouders met toeslag", "burgers"),
        ("balie", "Medewerkers aan de balie", "uitvoering"),
        ("kamer", "Tweede Kamer", "beleid_politiek"),
    )
    return r


# --- the soft-voice rule -------------------------------------------------------------


@pytest.mark.parametrize(
    ("impact", "ring", "voice", "soft"),
    [
        (3, "via_rapporten", 1, True),  # the lowest impact that counts
        (4, "niet_in_beeld", 1, True),
        (2, "niet_in_beeld", 1, False),  # affected, but not strongly
        (3, "functioneel_nabij", 1, False),  # the nearest ring that is not far
        (4, "aan_tafel", 1, False),
        (3, "via_rapporten", 2, False),  # heard sometimes: not a soft voice
        (4, "niet_in_beeld", 3, False),
    ],
)
def test_soft_voice_rule_boundaries(impact, ring, voice, soft):
    assert pm.is_soft_voice(impact, ring, voice) is soft


def test_soft_voice_is_judged_on_the_combined_placement(room):
    room.place("a", "ouders", 4, "niet_in_beeld", 1)
    room.place("b", "ouders", 4, "via_rapporten", 1)
    room.place("c", "ouders", 2, "direct_contact", 2)
    combined = room.aggregate("ouders")
    assert (combined.impact, combined.proximity, combined.voice) == (
        4,
        "via_rapporten",
        1,
    )
    assert combined.soft
    assert combined.soft_votes == 2  # two of three saw a soft voice on their own
    assert [a.stakeholder.id for a in pm.soft_voices(room.state.aggregates())] == [
        "ouders"
    ]


def test_soft_voices_most_affected_and_furthest_first():
    r = Room()
    r.start(("a", "A", "burgers"), ("b", "B", "burgers"), ("c", "C", "netwerk"))
    r.place("p", "a", 3, "via_rapporten", 1)
    r.place("p", "b", 4, "via_rapporten", 1)
    r.place("p", "c", 4, "niet_in_beeld", 1)
    assert [a.stakeholder.id for a in pm.soft_voices(r.state.aggregates())] == [
        "c",
        "b",
        "a",
    ]


# --- aggregation over participants ---------------------------------------------------


def test_median_over_participants(room):
    room.place("a", "balie", 2, "direct_contact", 1)
    room.place("b", "balie", 3, "functioneel_nabij", 2)
    room.place("c", "balie", 4, "niet_in_beeld", 3)
    combined = room.aggregate("balie")
    assert combined.count == 3
    assert (combined.impact, combined.proximity, combined.voice) == (
        3,
        "functioneel_nabij",
        2,
    )
    assert combined.rings == ("direct_contact", "functioneel_nabij", "niet_in_beeld")


def test_an_even_split_leans_towards_the_soft_voice(room):
    """Two people, one near and one far: the map looks further, not nearer."""
    room.place("a", "ouders", 2, "direct_contact", 2)
    room.place("b", "ouders", 3, "niet_in_beeld", 1)
    combined = room.aggregate("ouders")
    assert (combined.impact, combined.proximity, combined.voice) == (
        3,
        "niet_in_beeld",
        1,
    )
    assert combined.soft


def test_unplaced_stakeholders_are_not_on_the_map(room):
    room.place("a", "kamer", 1, "aan_tafel", 3)
    assert [a.stakeholder.id for a in room.state.aggregates()] == ["kamer"]


def test_latest_answer_wins_per_participant(room):
    room.place("a", "ouders", 2, "direct_contact", 3, "eerste gedachte")
    room.place("b", "ouders", 4, "niet_in_beeld", 1)
    room.place("a", "ouders", 4, "via_rapporten", 1, "toch verder weg")
    state = room.state
    assert len(state.placements_of("a")) == 1
    mine = state.placement("a", "ouders")
    assert mine is not None
    assert (mine.proximity, mine.note) == ("via_rapporten", "toch verder weg")
    combined = room.aggregate("ouders")
    assert combined.count == 2
    assert combined.rings == ("via_rapporten", "niet_in_beeld")
    assert state.participants == 2


# --- spread --------------------------------------------------------------------------


def test_spread_of_rings_marks_a_difference_of_view(room):
    room.place("a", "ouders", 4, "direct_contact", 2)
    room.place("b", "ouders", 4, "niet_in_beeld", 1)
    combined = room.aggregate("ouders")
    assert combined.ring_spread == 3
    assert (combined.nearest, combined.furthest) == ("direct_contact", "niet_in_beeld")
    assert combined.differs
    assert pm.differences(room.state.aggregates()) == [combined]


def test_adjacent_rings_are_no_difference_of_view(room):
    room.place("a", "balie", 3, "direct_contact", 2)
    room.place("b", "balie", 3, "functioneel_nabij", 2)
    combined = room.aggregate("balie")
    assert combined.ring_spread == 1
    assert not combined.differs


def test_impact_or_voice_two_steps_apart_is_a_difference_too(room):
    room.place("a", "kamer", 1, "aan_tafel", 3)
    room.place("b", "kamer", 3, "aan_tafel", 3)
    room.place("a", "balie", 3, "direct_contact", 1)
    room.place("b", "balie", 3, "direct_contact", 3)
    assert room.aggregate("kamer").differs
    assert room.aggregate("balie").differs


def test_differences_widest_ring_spread_first(room):
    room.place("a", "kamer", 1, "aan_tafel", 3)
    room.place("b", "kamer", 1, "functioneel_nabij", 3)
    room.place("a", "ouders", 4, "direct_contact", 1)
    room.place("b", "ouders", 4, "niet_in_beeld", 1)
    found = pm.differences(room.state.aggregates())
    assert [a.stakeholder.id for a in found] == ["ouders", "kamer"]


# --- the shared list -----------------------------------------------------------------


def test_start_makes_the_template_the_shared_list(library):
    template = library.template("toeslagen")
    state = pm.map_state([Event(1, None, "start", pm.start_payload(template))])
    assert state.started
    assert state.template == "toeslagen"
    assert [s.id for s in state.stakeholders] == [s.id for s in template.stakeholders]
    assert [s.number for s in state.stakeholders] == list(
        range(1, len(template.stakeholders) + 1)
    )


def test_a_new_start_begins_a_new_map(room):
    room.place("a", "ouders", 4, "niet_in_beeld", 1)
    room.add("a", "approach", stakeholder="ouders", approach="bellen", text="", who="x")
    room.start(("nieuw", "Nieuwe groep", "netwerk"))
    state = room.state
    assert [s.id for s in state.stakeholders] == ["nieuw"]
    assert state.placements == ()
    assert state.approaches == {}


def test_added_stakeholders_join_the_list_and_get_the_next_number(room):
    payload = pm.add_payload(room.state, "  Buren\tvan ouders ", "netwerk")
    assert payload["name"] == "Buren van ouders"  # control characters and spaces
    assert payload["id"].startswith(pm.ADDED_PREFIX)
    room.add("a", "add", **payload)
    added = room.state.stakeholder(payload["id"])
    assert (added.number, added.category, added.added) == (4, "netwerk", True)


def test_a_name_already_listed_is_refused_whatever_its_case(room):
    with pytest.raises(InvalidInput) as refused:
        pm.add_payload(room.state, "tweede kamer", "beleid_politiek")
    assert refused.value.args == ("proximity_name_taken",)


@pytest.mark.parametrize(
    ("name", "category", "reason"),
    [
        ("", "burgers", "proximity_name"),
        ("   ", "burgers", "proximity_name"),
        ("x" * (pm.MAX_NAME + 1), "burgers", "proximity_name"),
        ("Buren", "buren", "proximity_category"),
    ],
)
def test_adding_refuses_unusable_input(room, name, category, reason):
    with pytest.raises(InvalidInput) as refused:
        pm.add_payload(room.state, name, category)
    assert refused.value.args == (reason,)


def test_the_same_name_added_twice_at_once_becomes_one_entry(room):
    room.add("a", "add", id="extra-1", name="Buren", category="netwerk")
    room.add("b", "add", id="extra-2", name="buren", category="netwerk")
    room.place("b", "extra-2", 3, "niet_in_beeld", 1)
    state = room.state
    assert [s.id for s in state.stakeholders if s.added] == ["extra-1"]
    assert state.placement("b", "extra-1") is not None


def test_answers_of_other_tools_maps_and_broken_payloads_are_ignored(room):
    room.place("a", "ouders", 4, "niet_in_beeld", 1)
    room.events.append(Event(90, "a", "place", {"stakeholder": "ouders"}))
    room.events.append(Event(91, "a", "place", {**room.events[1].payload, "impact": 9}))
    room.events.append(Event(92, "a", "start", {}, tool="dilemma"))
    room.events.append(Event(93, "a", "start", {}, subject="andere-kaart"))
    state = room.state
    assert len(state.stakeholders) == 3
    assert state.placement("a", "ouders").impact == 4  # type: ignore[union-attr]


def test_phase_is_the_latest_phase_event(room):
    assert room.state.phase == "think"
    assert not room.state.revealed
    room.add(None, "phase", phase="reveal")
    assert room.state.revealed
    room.add(None, "phase", phase="think")
    assert not room.state.revealed


@pytest.mark.parametrize(
    ("impact", "ring", "voice", "reason"),
    [
        (0, "aan_tafel", 1, "proximity_impact"),
        (5, "aan_tafel", 1, "proximity_impact"),
        (None, "aan_tafel", 1, "proximity_impact"),
        (True, "aan_tafel", 1, "proximity_impact"),
        (2, "dichtbij", 1, "proximity_ring"),
        (2, None, 1, "proximity_ring"),
        (2, "aan_tafel", 4, "proximity_voice"),
        (2, "aan_tafel", None, "proximity_voice"),
    ],
)
def test_placing_refuses_values_off_the_scales(room, impact, ring, voice, reason):
    with pytest.raises(InvalidInput) as refused:
        pm.place_payload(room.state, "ouders", impact, ring, voice)
    assert refused.value.args == (reason,)


def test_placing_an_unknown_stakeholder_is_refused(room):
    with pytest.raises(InvalidInput) as refused:
        pm.place_payload(room.state, "onbekend", 3, "aan_tafel", 1)
    assert refused.value.args == ("proximity_unknown",)


# --- approaches ----------------------------------------------------------------------


def test_approach_from_the_list_own_choice_or_free_text(room):
    listed = pm.approach_payload(room.state, "ouders", "keukentafelgesprek", " Ali ")
    assert listed == {
        "stakeholder": "ouders",
        "approach": "keukentafelgesprek",
        "text": "",
        "who": "Ali",
    }
    own = pm.approach_payload(room.state, "ouders", "eigen", "team", "Meelopen")
    assert (own["approach"], own["text"]) == ("eigen", "Meelopen")
    typed = pm.approach_payload(room.state, "ouders", "Spreekuur in de wijk", "Jo")
    assert (typed["approach"], typed["text"]) == ("eigen", "Spreekuur in de wijk")


@pytest.mark.parametrize(
    ("approach", "who", "text", "reason"),
    [
        ("bellen", "", "", "proximity_who"),
        ("", "Ali", "", "proximity_approach"),
        ("eigen", "Ali", "", "proximity_own"),
    ],
)
def test_approach_needs_a_way_and_a_person(room, approach, who, text, reason):
    with pytest.raises(InvalidInput) as refused:
        pm.approach_payload(room.state, "ouders", approach, who, text)
    assert refused.value.args == (reason,)


def test_latest_approach_per_stakeholder_counts(room):
    room.add("a", "approach", stakeholder="ouders", approach="bellen", text="", who="A")
    room.add("b", "approach", stakeholder="ouders", approach="eigen", text="X", who="B")
    plan = room.state.approaches["ouders"]
    assert (plan.approach, plan.who, plan.label()) == ("eigen", "B", "X")


def test_soft_voice_plans_for_the_report(room):
    room.place("a", "ouders", 4, "niet_in_beeld", 1)
    room.place("a", "kamer", 1, "aan_tafel", 3)
    room.add(
        "a", "approach", stakeholder="ouders", approach="werkbezoek", text="", who="Ali"
    )
    room.add("a", "approach", stakeholder="kamer", approach="bellen", text="", who="Jo")
    rows = pm.soft_voice_plans(room.events)
    assert [
        (r["stakeholder_id"], r["soft"], r["approach"], r["who"]) for r in rows
    ] == [
        ("ouders", True, "werkbezoek", "Ali"),
        ("kamer", False, "bellen", "Jo"),
    ]
    assert rows[0]["approach_label"] == catalogue("nl")["proximity.approach.werkbezoek"]
    assert rows[0]["proximity"] == "niet_in_beeld"
    assert rows[0]["placements"] == 1


def test_a_soft_voice_without_approach_is_still_reported(room):
    room.place("a", "ouders", 4, "via_rapporten", 1)
    [row] = pm.soft_voice_plans(room.events)
    assert row["name"] == "Ouders met toeslag"
    assert row["approach"] is None
    assert row["who"] is None


# --- who is missing at the table -----------------------------------------------------


def test_missing_groups_absent_far_and_unplaced(room):
    room.add("a", "add", id="extra-1", name="Ombudsman", category="toezicht")
    room.add("a", "add", id="extra-2", name="Onderzoekers", category="wetenschap")
    room.place("a", "ouders", 4, "via_rapporten", 1)  # burgers: far
    room.place("a", "balie", 3, "functioneel_nabij", 2)  # uitvoering: near enough
    room.place("a", "extra-2", 1, "direct_contact", 2)  # critici: near
    state = room.state
    found = {
        s.key: s for s in pm.missing_at_table(state.stakeholders, state.aggregates())
    }
    assert set(found) == {"burgers", "ervaringsdeskundigen", "toezicht", "netwerk"}
    assert found["burgers"].reason == "far"
    assert found["burgers"].names == ("Ouders met toeslag",)
    assert found["ervaringsdeskundigen"].reason == "absent"
    assert found["netwerk"].reason == "absent"
    assert found["toezicht"].reason == "unplaced"
    assert found["toezicht"].names == ("Ombudsman",)


def test_one_near_member_is_enough_for_a_group(room):
    room.add("a", "add", id="extra-1", name="Bezwaarteam", category="uitvoering")
    room.place("a", "balie", 3, "niet_in_beeld", 2)
    room.place("a", "extra-1", 3, "aan_tafel", 3)
    state = room.state
    keys = {s.key for s in pm.missing_at_table(state.stakeholders, state.aggregates())}
    assert "uitvoering" not in keys


def test_civil_society_also_counts_as_critics():
    r = Room()
    r.start(("ngo", "Belangenorganisatie", "maatschappelijke_organisaties"))
    r.place("a", "ngo", 2, "direct_contact", 2)
    keys = {
        s.key for s in pm.missing_at_table(r.state.stakeholders, r.state.aggregates())
    }
    assert "critici" not in keys


# --- layout --------------------------------------------------------------------------


def test_polar_to_xy_starts_at_the_top_and_turns_clockwise():
    assert pm.polar_to_xy(2, 0) == (0, 2)
    assert pm.polar_to_xy(2, 90) == (2, 0)
    assert pm.polar_to_xy(2, 180) == (0, -2)


def test_rings_grow_outward_from_the_team():
    radii = [pm.ring_radius(r) for r in RINGS]
    assert radii == sorted(radii)
    assert radii[0] > pm.TEAM_RADIUS


def test_sectors_cover_the_circle_except_the_label_gap():
    spans = [pm.sector(c) for c in CATEGORIES]
    assert spans[0][0] == pytest.approx(pm.LABEL_GAP / 2)
    assert spans[-1][1] == pytest.approx(360 - pm.LABEL_GAP / 2)
    assert all(a[1] == pytest.approx(b[0]) for a, b in itertools.pairwise(spans))


def test_each_stakeholder_sits_on_its_ring_in_its_category_sector(room):
    room.place("a", "ouders", 4, "niet_in_beeld", 1)
    room.place("a", "balie", 3, "functioneel_nabij", 2)
    room.place("a", "kamer", 1, "aan_tafel", 3)
    for point in pm.layout(room.state.aggregates()):
        agg = point.aggregate
        assert math.hypot(point.x, point.y) == pytest.approx(
            pm.ring_radius(agg.proximity), abs=1e-3
        )
        start, end = pm.sector(agg.stakeholder.category)
        assert start < point.angle < end


def test_crowded_cells_spread_without_leaving_their_ring():
    r = Room()
    r.start(*[(f"b{i}", f"Burger {i}", "burgers") for i in range(4)])
    for i in range(4):
        r.place("a", f"b{i}", 3, "via_rapporten", 1)
    points = pm.layout(r.state.aggregates())
    angles = [p.angle for p in points]
    assert len(set(angles)) == 4
    assert angles == sorted(angles)
    centre = pm.ring_radius("via_rapporten")
    assert all(abs(p.radius - centre) < 0.5 for p in points)  # inside the ring band
    assert len({p.radius for p in points}) == 2  # alternating in and out
    assert pm.layout(r.state.aggregates()) == points  # the same every time


def test_layout_frames_draw_the_spread_from_nearest_to_furthest_ring(room):
    room.place("a", "ouders", 4, "direct_contact", 1)
    room.place("b", "ouders", 4, "niet_in_beeld", 1)
    room.place("c", "ouders", 4, "niet_in_beeld", 1)
    frames = pm.layout_frames(pm.layout(room.state.aggregates()))
    [segment] = frames["spread"].to_dict("records")
    assert math.hypot(segment["x"], segment["y"]) == pytest.approx(2.0, abs=1e-3)
    assert math.hypot(segment["x2"], segment["y2"]) == pytest.approx(5.0, abs=1e-3)
    votes = dict(zip(frames["votes"]["ring"], frames["votes"]["votes"], strict=True))
    assert votes == {"direct_contact": 1, "niet_in_beeld": 2}
    point = frames["points"].iloc[0]
    assert bool(point["soft"])
    assert bool(point["differs"])
    ring = frames["rings"][frames["rings"]["ring"] == "aan_tafel"]
    first, last = ring.iloc[0], ring.iloc[-1]
    assert (first["x"], first["y"]) == pytest.approx((last["x"], last["y"]), abs=1e-3)


# --- texts ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_generated_text_key_exists(language):
    keys = [
        *(f"proximity.ring.{r}" for r in RINGS),
        *(f"proximity.ring.short.{r}" for r in RINGS),
        *(f"proximity.impact.{i}" for i in pm.IMPACTS),
        *(f"proximity.voice.{v}" for v in pm.VOICES),
        *(f"proximity.voice.short.{v}" for v in pm.VOICES),
        *(f"proximity.category.{c}" for c in CATEGORIES),
        *(f"proximity.category.map.{c}" for c in CATEGORIES),
        *(f"proximity.approach.{a}" for a in (*pm.APPROACHES, pm.OWN_APPROACH)),
        *(f"proximity.missing.{k}" for k in pm.MISSING_GROUPS),
        *(f"proximity.missing.reason.{r}" for r in ("absent", "far", "unplaced")),
    ]
    own = __import__(f"kit.locale.{language}_proximity", fromlist=["MESSAGES"])
    assert [k for k in keys if k not in own.MESSAGES] == []


def test_sector_angles_keep_each_stakeholder_in_its_sector(room):
    angles = pm.sector_angles(room.state.stakeholders)
    for stakeholder in room.state.stakeholders:
        start, end = pm.sector(stakeholder.category)
        assert start < angles[stakeholder.id] < end


def test_map_report_gathers_what_the_session_report_shows(room):
    room.place("a", "ouders", 4, "direct_contact", 1, "ken ik uit de wijk")
    room.place("b", "ouders", 4, "niet_in_beeld", 1)
    room.add(
        "a", "approach", stakeholder="ouders", approach="bellen", text="", who="Jo"
    )
    room.events.append(Event(50, "a", "place", {}, subject="tweede-kaart"))
    assert pm.map_subjects(room.events) == [SUBJECT, "tweede-kaart"]

    report = pm.map_report(room.events)
    assert report["participants"] == 2
    ouders, balie, kamer = report["stakeholders"]
    assert (ouders["proximity"], ouders["soft"], ouders["differs"]) == (
        "niet_in_beeld",
        True,
        True,
    )
    assert "notes" not in ouders  # free text only when asked for
    assert balie["placements"] == 0
    assert balie["proximity"] is None
    assert kamer["category_label"] == "Beleid en politiek"
    assert [r["who"] for r in report["soft_voices"]] == ["Jo"]
    assert [d["name"] for d in report["differences"]] == ["Ouders met toeslag"]
    missing = {m["key"]: m for m in report["missing"]}
    assert missing["uitvoering"]["reason_label"] == (
        "staat op de lijst, maar nog niemand plaatste hen: Medewerkers aan de balie"
    )
    with_notes = pm.map_report(room.events, with_notes=True)
    assert with_notes["stakeholders"][0]["notes"] == ["ken ik uit de wijk"]
