"""The nabijheidskaart driven from Python, as a room of browsers would drive it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from kit.locale import t
from kit.model import proximity as pm
from kit.session import Seat
from kit.widgets.proximity import ProximityMap, build_proximity_app

CHILDREN = "kinderen_in_het_gezin"
PARENTS = "ouders_met_toeslag"
EVIL = "<script>alert('x')</script> & buren"


@pytest.fixture
def seats(room) -> Iterator[tuple[Seat, Callable[[str], Seat]]]:  # type: ignore[no-untyped-def]
    """The ``room`` fixture, with every participant's watcher stopped afterwards."""
    facilitator, join = room
    joined: list[Seat] = []

    def join_and_track(pseudonym: str) -> Seat:
        seat = join(pseudonym)
        joined.append(seat)
        return seat

    yield facilitator, join_and_track
    for seat in joined:
        seat.stop()


def opened(seat: Seat, library, template: str | None = None) -> ProximityMap:  # type: ignore[no-untyped-def]
    return build_proximity_app(seat, library, template, live=False)


def test_facilitator_starts_from_a_template_and_everyone_gets_the_list(seats, library):
    facilitator, join = seats
    lead = opened(facilitator, library, "toeslagen")
    anna = opened(join("Anna"), library)
    template = library.template("toeslagen")
    assert lead.messages.last[0] == "ok"
    assert [value for _label, value in anna.stakeholder_picker.options] == [
        s.id for s in template.stakeholders
    ]
    assert (
        anna.stakeholder_picker.options[0][0] == f"1. {template.stakeholders[0].name}"
    )
    assert "Toeslagen en uitkeringen" in anna.status.value
    # Opening the page again does not start the map over.
    opened(facilitator, library, "toeslagen")
    starts = facilitator.answers(pm.TOOL, pm.DEFAULT_SUBJECT, "start")
    assert len(starts) == 1


def test_starting_empty_and_building_the_list_together(seats, library):
    facilitator, join = seats
    lead = opened(facilitator, library)
    assert lead.start_from_template(None) is not None
    anna = opened(join("Anna"), library)
    added = anna.add_stakeholder("Vrijwilligers van de voedselbank", "netwerk")
    assert added is not None
    assert anna.stakeholder_picker.value == added.id  # ready to place at once
    lead.refresh()
    assert [s.name for s in lead.state.stakeholders] == [
        "Vrijwilligers van de voedselbank"
    ]
    # The same name again is refused with a sentence, not an exception.
    assert anna.add_stakeholder("vrijwilligers van de VOEDSELBANK", "netwerk") is None
    assert anna.messages.last == ("error", t("input.proximity_name_taken"))


def test_only_the_facilitator_starts_and_reveals(seats, library):
    facilitator, join = seats
    opened(facilitator, library, "toeslagen")
    anna = opened(join("Anna"), library)
    assert anna.facilitator_box.layout.display == "none"
    assert anna.reveal() is None
    assert anna.messages.last == ("error", t("error.not_allowed"))
    assert anna.start_from_template("sociaal_domein") is None
    anna.refresh()
    assert not anna.state.revealed
    assert anna.results_box.layout.display == "none"


def test_two_participants_place_differently_and_the_spread_shows(seats, library):
    facilitator, join = seats
    lead = opened(facilitator, library, "toeslagen")
    anna, bram = opened(join("Anna"), library), opened(join("Bram"), library)
    far = anna.place(CHILDREN, 4, "niet_in_beeld", 1, "alleen uit cijfers")
    near = bram.place(CHILDREN, 3, "direct_contact", 2)
    assert far is not None
    assert near is not None
    assert "Jouw plaatsingen (1)" in anna.mine.value
    assert "alleen uit cijfers" in anna.mine.value
    assert "alleen uit cijfers" not in bram.mine.value  # each sees their own

    assert lead.reveal() is not None
    for widget in (lead, anna, bram):
        widget.refresh()
        assert widget.results_box.layout.display != "none"
        differs = widget.differences_view.value
        assert "Kinderen in gezinnen met schulden bij de overheid" in differs
        # Two people would read each other's placements: no values, and why.
        assert "Met minder dan 3 deelnemers tonen we alleen aantallen" in differs
        assert "Direct contact (1×), Niet in beeld (1×)" not in differs
        assert "geraakt: 3, 4" not in differs
    # The beamer's map marks it too: its text alternative names it.
    assert "<svg" in lead.map_view.value
    assert "Verschillend geplaatst: Kinderen in gezinnen" in lead.map_view.value
    # A participant's page draws the map only when asked (the room's budget).
    assert "<svg" not in anna.map_view.value
    assert anna.show_map_button.layout.display != "none"
    anna.show_map()
    assert "<svg" in anna.map_view.value
    assert anna.show_map_button.layout.display == "none"


def test_three_participants_see_how_far_apart_they_placed(seats, library):
    facilitator, join = seats
    lead = opened(facilitator, library, "toeslagen")
    people = [opened(join(name), library) for name in ("Anna", "Bram", "Cem")]
    for widget, (impact, ring) in zip(
        people,
        [(4, "niet_in_beeld"), (3, "direct_contact"), (4, "direct_contact")],
        strict=True,
    ):
        assert widget.place(CHILDREN, impact, ring, 1) is not None
    assert lead.reveal() is not None
    for widget in (lead, *people):
        widget.refresh()
        differs = widget.differences_view.value
        assert "Met minder dan 3 deelnemers" not in differs
        assert "Direct contact (2×), Niet in beeld (1×)" in differs
        assert "geraakt: 3, 4, 4" in differs


def test_the_map_stays_hidden_until_reveal(seats, library):
    facilitator, join = seats
    lead = opened(facilitator, library, "toeslagen")
    anna = opened(join("Anna"), library)
    anna.place(PARENTS, 4, "via_rapporten", 1)
    lead.refresh()
    assert lead.results_box.layout.display == "none"
    assert lead.map_view.value == ""
    assert "1 deelnemer plaatste 1 keer" in lead.status.value
    assert t("proximity.waiting") in anna.status.value
    # Shown, then hidden again: the answers leave the page, not only the view.
    lead.reveal()
    assert "Ouders met kinderopvangtoeslag" in lead.soft_view.value
    lead.hide()
    assert lead.results_box.layout.display == "none"
    assert "Ouders" not in lead.soft_view.value + lead.map_view.value


def test_soft_voices_are_flagged_with_who_is_missing(seats, library):
    facilitator, join = seats
    lead = opened(facilitator, library, "toeslagen")
    anna = opened(join("Anna"), library)
    anna.place(PARENTS, 4, "via_rapporten", 1)
    anna.place("ministerie_en_kamer", 2, "aan_tafel", 3)
    lead.reveal()
    assert [a.stakeholder.id for a in lead.soft_voices] == [PARENTS]
    soft = lead.soft_view.value
    assert "Ouders met kinderopvangtoeslag" in soft
    assert "Tweede Kamer" not in soft
    assert t("proximity.soft.rule") in soft
    missing = lead.missing_view.value
    assert "Wie mist er aan tafel?" in missing
    assert t("proximity.missing.ervaringsdeskundigen") in missing
    assert "Zachte stemmen: Ouders met kinderopvangtoeslag" in lead.map_view.value
    # The approach form offers the soft voice first.
    assert lead.plan_stakeholder.value == PARENTS


def test_text_typed_by_participants_is_shown_escaped(seats, library):
    facilitator, join = seats
    lead = opened(facilitator, library, "toeslagen")
    anna = opened(join("Anna"), library)
    added = anna.add_stakeholder(EVIL, "netwerk")
    assert added is not None
    assert added.name == EVIL  # stored as typed
    anna.place(added.id, 4, "niet_in_beeld", 1, "<b>vet</b>")
    lead.reveal()
    lead.plan_approach(added.id, "<i>eigen</i> plan", "<u>Ali</u>")
    anna.refresh()
    shown = [
        anna.mine.value,
        anna.messages.value,
        lead.map_view.value,
        lead.soft_view.value,
        lead.missing_view.value,
        lead.plans_view.value,
        lead.differences_view.value,
    ]
    for html in shown:
        assert "<script>" not in html
        assert "<b>vet" not in html
        assert "<u>Ali" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; buren" in (
        lead.soft_view.value
    )
    assert "&lt;b&gt;vet&lt;/b&gt;" in anna.mine.value
    assert (
        "&lt;i&gt;eigen&lt;/i&gt; plan — &lt;u&gt;Ali&lt;/u&gt;"
        in lead.plans_view.value
    )


def test_plan_approach_is_stored_and_retrievable_for_the_report(seats, library, store):
    facilitator, join = seats
    lead = opened(facilitator, library, "toeslagen")
    anna_seat = join("Anna")
    anna = opened(anna_seat, library)
    anna.place(CHILDREN, 4, "niet_in_beeld", 1)
    # Not before the map is shown: the team decides together.
    assert anna.plan_approach(CHILDREN, "bellen", "Anna") is None
    assert anna.messages.last == ("error", t("input.proximity_not_revealed"))

    lead.reveal()
    planned = anna.plan_approach(CHILDREN, "keukentafelgesprek", "teamleider")
    assert planned is not None
    [stored] = store.find_answers(anna_seat.session.id, tool=pm.TOOL, kind="approach")
    assert stored.participant_id == anna_seat.participant_id
    assert stored.payload == {
        "stakeholder": CHILDREN,
        "approach": "keukentafelgesprek",
        "text": "",
        "who": "teamleider",
    }
    # A later agreement replaces the earlier one (append-only: both stay stored).
    lead.plan_approach(CHILDREN, "eigen", "Bram en Anna", text="Meelopen met wijkteam")
    rows = pm.soft_voice_plans(store.find_answers(anna_seat.session.id))
    assert rows == anna.soft_voice_plans()
    [row] = rows
    assert row["name"] == "Kinderen in gezinnen met schulden bij de overheid"
    assert (row["approach"], row["approach_label"], row["who"]) == (
        "eigen",
        "Meelopen met wijkteam",
        "Bram en Anna",
    )
    anna.refresh()
    assert "Meelopen met wijkteam — Bram en Anna" in anna.soft_view.value


def test_the_form_works_like_the_page(seats, library):
    facilitator, join = seats
    opened(facilitator, library, "toeslagen")
    anna = opened(join("Anna"), library)
    anna.stakeholder_picker.value = PARENTS
    assert "huishoudboekje" in anna.stakeholder_info.value  # who this is
    anna.impact_picker.value = 4
    anna.ring_picker.value = "via_rapporten"
    anna.voice_picker.value = 1
    anna.note.value = "kennen we uit klachten"
    anna.place_button.click()
    assert anna.messages.last[0] == "ok"
    placed = anna.state.placement(anna.seat.participant_id, PARENTS)
    assert placed is not None
    assert (placed.impact, placed.proximity, placed.voice) == (4, "via_rapporten", 1)

    # Choosing another stakeholder clears the form; coming back shows my answer.
    anna.stakeholder_picker.value = CHILDREN
    assert anna.impact_picker.value is None
    anna.place_button.click()
    assert anna.messages.last == ("error", t("input.proximity_impact"))
    anna.stakeholder_picker.value = PARENTS
    assert (anna.impact_picker.value, anna.note.value) == (4, "kennen we uit klachten")

    # Changing my mind: the latest placement counts, and only once.
    anna.ring_picker.value = "direct_contact"
    anna.place_button.click()
    assert len(anna.state.placements_of(anna.seat.participant_id)) == 1
    assert "Direct contact" in anna.mine.value


def test_a_facilitator_only_seat_adds_and_plans_but_does_not_place(seats, library):
    facilitator, _join = seats
    lead = opened(facilitator, library, "toeslagen")
    assert lead.form_box.layout.display == "none"
    assert lead.add_stakeholder("Huurdersvereniging", "maatschappelijke_organisaties")
    assert lead.place(PARENTS, 4, "via_rapporten", 1) is None
    assert lead.messages.last == ("error", t("error.not_allowed"))
    lead.reveal()
    assert lead.plan_approach(PARENTS, "werkbezoek", "de teamleider") is not None
    [stored] = facilitator.answers(pm.TOOL, kind="approach")
    assert stored.participant_id is None  # a facilitator event


def test_other_browsers_follow_live(seats, library):
    facilitator, join = seats
    lead = build_proximity_app(facilitator, library, "toeslagen")
    anna = build_proximity_app(join("Anna"), library)
    bram = opened(join("Bram"), library)
    bram.place(CHILDREN, 4, "niet_in_beeld", 1)
    bram.add_stakeholder("Buurtvaders", "netwerk")
    lead.reveal()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not (
        "Kinderen in gezinnen" in anna.soft_view.value
        and "Buurtvaders" in str(anna.stakeholder_picker.options)
    ):
        time.sleep(0.1)
    assert anna.state.revealed
    assert anna.results_box.layout.display != "none"
    assert "Buurtvaders" in str(anna.stakeholder_picker.options)
    assert "Kinderen in gezinnen" in anna.soft_view.value
    assert "1 deelnemer " in lead.status.value
    anna.close()
    lead.close()


def test_moving_a_marker_on_the_drag_view_keeps_the_rest_of_the_placement(
    seats, library
):
    facilitator, join = seats
    opened(facilitator, library, "toeslagen")
    anna = opened(join("Anna"), library)
    assert anna.drag_view.layout.display == "none"  # nothing placed yet
    assert anna.move(PARENTS, "aan_tafel") is None
    assert anna.messages.last == ("error", t("input.proximity_not_placed"))

    anna.place(PARENTS, 4, "niet_in_beeld", 1, "uit de krant")
    [marker] = anna.drag_view.markers
    assert marker["ring"] == "niet_in_beeld"
    assert marker["label"] == "1. Ouders met kinderopvangtoeslag"
    # What the browser sends when the marker lands on another ring.
    anna.drag_view.moved = {"id": PARENTS, "ring": "via_rapporten", "at": 1}
    placed = anna.state.placement(anna.seat.participant_id, PARENTS)
    assert placed is not None
    assert (placed.impact, placed.proximity, placed.voice, placed.note) == (
        4,
        "via_rapporten",
        1,
        "uit de krant",
    )
    assert anna.drag_view.markers[0]["ring"] == "via_rapporten"


def test_the_beamer_map_never_relies_on_colour_alone(seats, library):
    facilitator, join = seats
    lead = opened(facilitator, library, "toeslagen")
    anna = opened(join("Anna"), library)
    anna.place(PARENTS, 4, "via_rapporten", 1)
    anna.place("ministerie_en_kamer", 2, "aan_tafel", 3)
    from kit.charts.proximity import proximity_chart
    from kit.model.proximity import layout, layout_frames

    spec = proximity_chart(layout_frames(layout(lead.aggregates))).to_dict()
    marker = next(
        layer
        for layer in spec["layer"]
        if layer.get("encoding", {}).get("shape") is not None
    )
    encoding = marker["encoding"]
    assert encoding["color"]["field"] == encoding["shape"]["field"] == "voice_label"
    assert encoding["size"]["field"] == "impact"
    assert encoding["shape"]["scale"]["range"] == ["circle", "square", "diamond"]
