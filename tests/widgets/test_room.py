"""One live room: participants follow the activity the facilitator opens."""

from __future__ import annotations

import time

import pytest

from kit.model import activity as A
from kit.session import Seat
from kit.widgets.feedback import esc, visible_html
from kit.widgets.room import (
    ROOM_VIEW,
    BeamerRoom,
    ControlRoom,
    ParticipantRoom,
    RoomGate,
    tool_builders,
)


def wait_for(condition, timeout: float = 30.0) -> None:
    """Poll until the watcher thread has delivered (it waits up to a second)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the room did not follow in time")
        time.sleep(0.05)


@pytest.fixture
def builders(library):
    return tool_builders(lambda: library)


def test_the_model_finds_the_activity_opened_last():
    class E:
        def __init__(self, seq, activity, participant_id=None):
            self.seq, self.participant_id = seq, participant_id
            self.tool, self.subject, self.kind = A.TOOL, A.SUBJECT, A.OPEN
            self.payload = {"activity": activity}

    programme = A.DEFAULT_PROGRAMME
    assert A.current([], programme) == (None, 0)
    found, seq = A.current(
        [E(1, "kaart"), E(4, "afwegen"), E(3, "zelfscan")], programme
    )
    assert (found.id, seq) == ("afwegen", 4)
    # A participant cannot move the room, and an unknown id is skipped.
    found, _ = A.current(
        [E(1, "kaart"), E(2, "afwegen", "p1"), E(3, "nope")], programme
    )
    assert found.id == "kaart"
    assert A.next_after(programme, None).id == "welkom"
    assert A.next_after(programme, found).id == "wie-raakt-het"
    assert A.next_after(programme, programme[-1]) is None
    with pytest.raises(ValueError, match="unknown activity"):
        A.open_payload(programme, "nope")


def test_the_last_played_card_is_the_facilitators_latest_play(room, library):
    from kit.model import dilemma as D
    from kit.widgets.dilemma import build_dilemma_app

    facilitator, join = room
    assert A.last_played_card(facilitator.answers(D.TOOL, D.TABLE, D.PLAY)) is None
    table = build_dilemma_app(facilitator, library, "starter")
    first, second = (card.id for card in table.deck.cards[:2])
    table.play(first)
    table.play(second)
    join("Rode wouw")  # other events of the session do not count
    assert A.last_played_card(facilitator.answers(D.TOOL)) == second
    assert A.last_played_card(facilitator.answers(D.TOOL, D.TABLE, D.PLAY)) == second

    from types import SimpleNamespace

    forged = SimpleNamespace(  # a participant's event is not a play
        seq=10**9,
        participant_id="p1",
        tool=D.TOOL,
        subject=D.TABLE,
        kind=D.PLAY,
        payload={"card_id": first},
    )
    events = [*facilitator.answers(D.TOOL), forged]
    assert A.last_played_card(events) == second
    table.close()


def test_a_map_about_a_card_starts_from_the_template_that_fits_it(library):
    known = [tpl.id for tpl in library.templates]
    assert A.template_for_card("beleid", "inkomen", known) == "toeslagen"
    assert A.template_for_card("uitvoering", "zorg", known) == "sociaal_domein"
    assert A.template_for_card("toezicht", "zorg", known) == "toezicht_inspectie"
    assert A.template_for_card("beleid", "fysiek", known) is None
    assert A.template_for_card("beleid", "inkomen", ["ander"]) is None


def test_participants_follow_the_facilitator_without_leaving_the_page(room, builders):
    facilitator, join = room
    control = ControlRoom(facilitator, A.DEFAULT_PROGRAMME, builders)
    early = ParticipantRoom(join("Blauwe reiger"), A.DEFAULT_PROGRAMME, builders)
    assert early.activity is None
    assert "dit scherm volgt vanzelf" in early.page_html()

    control.open_activity("kaart")
    wait_for(lambda: early.activity is not None and early.activity.id == "kaart")
    table = early.stage.tools["kaart"]
    assert "Kritische situaties" in early.page_html()

    control.open_activity("afwegen")
    wait_for(lambda: early.activity.id == "afwegen")
    # Going back shows the tool that was built, not a new one.
    control.open_activity("kaart")
    wait_for(lambda: early.activity.id == "kaart")
    assert early.stage.tools["kaart"] is table

    # A late joiner lands on the activity that is open now.
    late = ParticipantRoom(join("Groene specht"), A.DEFAULT_PROGRAMME, builders)
    assert late.activity.id == "kaart"
    for view in (control, early, late):
        view.close()


def test_a_refresh_returns_to_the_activity_with_the_answers(room, builders, store):
    facilitator, join = room
    control = ControlRoom(facilitator, A.DEFAULT_PROGRAMME, builders)
    control.open_activity("kaart")
    table = control.stage.tools["kaart"]
    card = table.deck.cards[0]
    table.play(card.id)
    seat = join("Blauwe reiger")
    first = ParticipantRoom(seat, A.DEFAULT_PROGRAMME, builders)
    first.stage.tools["kaart"].choose(card.options[1].id, 3, "Omdat het kan")
    first.close()
    # A refresh: a new kernel, the same seat (the gate restored its token).
    again = ParticipantRoom(
        Seat(store, seat.session, seat.participant), A.DEFAULT_PROGRAMME, builders
    )
    assert again.activity.id == "kaart"
    table = again.stage.tools["kaart"]
    assert table.reason.value == "Omdat het kan"  # their answer is back
    assert table.option_choice.value == card.options[1].id
    again.seat.stop()
    control.close()


def test_the_control_view_has_programme_who_and_beheer(room, builders):
    facilitator, join = room
    join("Blauwe reiger")
    control = ControlRoom(facilitator, A.DEFAULT_PROGRAMME, builders, "http://x/s")
    html = control.page_html()
    assert "Blauwe reiger" in html  # who is in, on the laptop only
    assert f"?view={ROOM_VIEW}" in control.links.value
    assert control.panel.data_box in control.beheer.children[0].children
    assert control.beheer.selected_index is None  # closed until asked for
    assert set(control.buttons) == {a.id for a in A.DEFAULT_PROGRAMME}
    # The open workshop is marked as "now" (outline and ▶, said in words), not
    # blue: blue means "the action to take" in every tool.
    control.open_activity("kaart")
    now = control.buttons["kaart"]
    assert "kit-current" in now._dom_classes
    assert (now.icon, now.button_style) == ("play", "")
    assert "De knop met ▶ is de werkvorm die nu open staat." in control.page_html()
    control.open_activity("afwegen")
    assert "kit-current" not in control.buttons["kaart"]._dom_classes
    assert control.buttons["kaart"].icon == ""
    control.close()


def test_the_room_view_holds_no_secret_no_pseudonym_and_no_data_controls(
    room, builders, library
):
    facilitator, join = room
    seat = join("Blauwe reiger")
    control = ControlRoom(facilitator, A.DEFAULT_PROGRAMME, builders)
    beamer_builders = tool_builders(lambda: library, beamer=True)
    beamer = BeamerRoom(facilitator, A.DEFAULT_PROGRAMME, beamer_builders, "http://x")
    assert seat.session.code in beamer.page_html()  # the room needs the code
    taking_part = ParticipantRoom(seat, A.DEFAULT_PROGRAMME, builders)
    for step in A.DEFAULT_PROGRAMME:
        control.open_activity(step.id)
        wait_for(
            lambda s=step: beamer.activity is not None and beamer.activity.id == s.id
        )
        if step.id == "kaart":
            table = control.stage.tools["kaart"]
            card = table.deck.cards[0]
            table.play(card.id)
            wait_for(lambda c=card: c.title in beamer.page_html())
            taking_part.stage.tools["kaart"].choose(card.options[0].id, 2, "Mijn reden")
            table.set_phase("reveal")
            wait_for(lambda: "Mijn reden" in beamer.page_html())
        html = beamer.page_html()
        if step.id == "zelfscan":  # no forms on the beamer: the statements instead
            assert esc(library.beliefs[0].scan_statement) in html
        assert facilitator.facilitator_secret not in html
        assert "Blauwe reiger" not in html
        for control_text in ("Verwijder de sessie", "Download de sessie", "Beheer"):
            assert control_text not in html
    assert not beamer.seat.is_facilitator
    assert beamer.seat.participant is None
    for view in (control, beamer, taking_part):
        view.close()


def test_the_room_view_opens_only_for_the_facilitator(store, library, room):
    facilitator, join = room
    seat = join("Blauwe reiger")
    gate = RoomGate(store, lambda: library)
    gate.restore(
        {"code": seat.session.code, "secret": facilitator.facilitator_secret},
        f"?view={ROOM_VIEW}",
    )
    assert isinstance(gate.tool, BeamerRoom)
    assert gate.memory.stored == {}  # the secret does not stay in the page
    assert gate.children == (gate.memory, gate.tool)  # no session bar, no switch
    other = RoomGate(store, lambda: library)
    assert other.restore({"code": seat.session.code}, f"?view={ROOM_VIEW}") is None
    assert "zaalscherm hoort bij de begeleider" in other.children[-1].value
    # A seat the browser merely kept (a shared PC) does not open the room view.
    kept = RoomGate(store, lambda: library)
    remembered = {
        "code": seat.session.code,
        "secret": facilitator.facilitator_secret,
        "ask": True,
    }
    assert kept.restore(remembered, f"?view={ROOM_VIEW}") is None
    gate.tool.close()
    gate.seat.stop()


def test_the_next_activity_is_built_before_the_facilitator_opens_it(
    room, builders, monkeypatch
):
    import kit.widgets.room as R

    monkeypatch.setattr(R, "PREPARE_AFTER_SECONDS", 0.0)
    monkeypatch.setattr(R, "PREPARE_SPREAD_SECONDS", 0.0)
    facilitator, join = room
    control = ControlRoom(facilitator, A.DEFAULT_PROGRAMME, builders)
    following = ParticipantRoom(join("Blauwe reiger"), A.DEFAULT_PROGRAMME, builders)
    control.open_activity("kaart")
    # While the room plays the card, the map (next in the programme) gets built.
    wait_for(lambda: "wie-raakt-het" in following.stage.tools)
    prepared = following.stage.tools["wie-raakt-het"]
    assert following.activity.id == "kaart"  # built, not shown
    control.open_activity("wie-raakt-het")
    wait_for(lambda: getattr(following.activity, "id", "") == "wie-raakt-het")
    assert following.stage.tools["wie-raakt-het"] is prepared
    for view in (control, following):
        view.close()


def test_an_activity_after_a_skipped_one_is_ready_too(room, builders, monkeypatch):
    import kit.widgets.room as R

    for name in ("PREPARE_AFTER_SECONDS", "PREPARE_SPREAD_SECONDS"):
        monkeypatch.setattr(R, name, 0.0)
    monkeypatch.setattr(R, "PREPARE_STEP_SECONDS", 0.0)
    facilitator, join = room
    control = ControlRoom(facilitator, A.DEFAULT_PROGRAMME, builders)
    following = ParticipantRoom(join("Blauwe reiger"), A.DEFAULT_PROGRAMME, builders)
    control.open_activity("zelfscan")
    # The facilitator may skip the palette: the look back is built as well.
    wait_for(lambda: "terugblik" in following.stage.tools)
    prepared = following.stage.tools["terugblik"]
    control.open_activity("terugblik")
    wait_for(lambda: getattr(following.activity, "id", "") == "terugblik")
    assert following.stage.tools["terugblik"] is prepared
    for view in (control, following):
        view.close()


def test_a_switch_is_not_held_up_by_a_tool_still_being_built(room):
    import threading

    import ipywidgets as W

    from kit.widgets.stage import Stage

    facilitator, _join = room
    release, building = threading.Event(), threading.Event()
    built: list[str] = []

    def slow(_seat, act):  # the map takes long to build on a busy laptop
        built.append(act.id)
        building.set()
        release.wait(60)
        return W.HTML("kaart van de zaal")

    stage = Stage(facilitator, {"welcome": lambda _s, a: W.HTML(a.id), "map": slow})
    welcome, the_map = A.DEFAULT_PROGRAMME[0], A.DEFAULT_PROGRAMME[2]
    stage.prepare(welcome)
    background = threading.Thread(target=stage.prepare, args=(the_map,))
    background.start()
    assert building.wait(30)
    shown = threading.Thread(target=stage.show, args=(welcome,))
    shown.start()
    shown.join(30)
    try:
        assert not shown.is_alive()  # shown while the map is still building
        assert stage.shown.value == "welkom"
        waiting = threading.Thread(target=stage.show, args=(the_map,))
        waiting.start()
    finally:
        release.set()
    background.join(30)
    waiting.join(30)
    assert built == ["wie-raakt-het"]  # the switch waited for that build, no second
    assert stage.current == the_map
    assert stage.shown.value == "kaart van de zaal"
    assert visible_html(stage) == "kaart van de zaal"  # one tool on screen
    # Back to a built tool: the page keeps both, only which one shows changes.
    on_page = stage.children
    stage.show(welcome)
    assert stage.children == on_page
    assert visible_html(stage) == "welkom"
    stage.close()


def test_upcoming_tools_are_built_one_at_a_time_and_a_new_switch_takes_over(room):
    """A kernel builds its next tools in turn: the next activity never waits
    for a later one, and after the facilitator's next switch the old plan stops."""
    import threading

    import ipywidgets as W

    from kit.widgets.stage import Stage

    facilitator, _join = room
    busy, most = [0], [0]
    order: list[str] = []
    release, building = threading.Event(), threading.Event()
    guard = threading.Lock()

    def build(_seat, act):
        with guard:
            busy[0] += 1
            most[0] = max(most[0], busy[0])
            order.append(act.id)
        if act.id == "kaart":  # the card takes long to build on a busy laptop
            building.set()
            release.wait(60)
        time.sleep(0.05)
        with guard:
            busy[0] -= 1
        return W.HTML(act.id)

    stage = Stage(facilitator, {tool: build for tool in A.TOOLS})
    welcome, card, the_map, matrix = A.DEFAULT_PROGRAMME[:4]
    stage.prepare_in_turn([welcome, the_map], 0.0, 0.0)
    wait_for(lambda: {"welkom", "wie-raakt-het"} <= set(stage.tools))
    assert order == ["welkom", "wie-raakt-het"]  # the next one first
    assert most[0] == 1  # never two builds at once
    # A plan that is under way when the facilitator switches again stops there.
    stage.prepare_in_turn([card, matrix], 0.0, 0.0)
    assert building.wait(30)
    stage.prepare_in_turn([], 0.0, 0.0)  # the next switch: nothing left to build
    release.set()
    wait_for(lambda: "kaart" in stage.tools)
    time.sleep(0.3)
    assert "afwegen" not in stage.tools
    assert stage.current is None  # built in the background, none shown
    stage.close()


def test_export_and_delete_sit_behind_beheer_and_a_delete_clears_the_view(
    room, builders
):
    facilitator, join = room
    join("Blauwe reiger")
    control = ControlRoom(facilitator, A.DEFAULT_PROGRAMME, builders)
    control.open_activity("kaart")
    beheer = control.beheer.children[0]
    assert control.panel.messages in beheer.children  # what Beheer says is seen
    delete = next(
        c
        for c in control.panel.data_box.children
        if getattr(c, "button_style", "") == "danger"
    )
    delete.click()  # not confirmed: refused, in Beheer
    assert "Vink eerst aan" in control.panel.messages.value
    control.panel.confirm.value = True
    delete.click()
    assert "verwijderd" in control.page_html()
    assert control.stage.tools == {}


def test_the_matrix_and_the_map_start_from_the_card_played_last(
    room, builders, library
):
    facilitator, join = room
    control = ControlRoom(facilitator, A.DEFAULT_PROGRAMME, builders)
    person = ParticipantRoom(join("Blauwe reiger"), A.DEFAULT_PROGRAMME, builders)
    # Before any card is played: the programme's card.
    control.open_activity("afwegen")
    wait_for(lambda: person.activity is not None and person.activity.id == "afwegen")
    assert control.stage.tools["afwegen"].card.id == "doorbraak_zoon_kostendelersnorm"

    deck = library.deck("starter")
    played = next(c for c in deck.cards if c.domain == "zorg" and c.role != "toezicht")
    control.open_activity("kaart")
    control.stage.tools["kaart"].play(played.id)
    control.open_activity("afwegen")
    for view in (control, person):
        focus = view.stage.tools["afwegen"]  # the matrix on the team's card
        wait_for(lambda f=focus: f.tool.subject == played.id)  # built for it
        assert focus.card.id == played.id
        assert esc(played.title) in focus.status.value

    control.open_activity("wie-raakt-het")
    wait_for(lambda: person.activity.id == "wie-raakt-het")
    for view in (control, person):
        focus = view.stage.tools["wie-raakt-het"]
        wait_for(lambda f=focus: f.tool.subject == played.id)  # its own map
        assert focus.card.id == played.id
    # The map starts from the stakeholder template that fits the card.
    assert "Sociaal domein" in control.page_html()
    control.close()
    person.close()


def test_the_room_view_shows_the_matrix_through_the_reports_presenters(room, library):
    from kit.model import matrix as M
    from kit.report.sections_matrix import options_block, values_block
    from kit.report.session_report import session_document

    facilitator, join = room
    join("Blauwe reiger")
    control = ControlRoom(
        facilitator, A.DEFAULT_PROGRAMME, tool_builders(lambda: library)
    )
    beamer = BeamerRoom(
        facilitator,
        A.DEFAULT_PROGRAMME,
        tool_builders(lambda: library, beamer=True),
        "http://x",
    )
    control.open_activity("afwegen")
    matrix = control.stage.tools["afwegen"].tool  # on the team's card
    setup = matrix.setup(["a", "b"], list(matrix.card.values))
    assert isinstance(setup, M.MatrixSetup)
    wait_for(lambda: esc(options_block(setup).items[0]) in beamer.page_html())
    html = beamer.page_html()
    for line in options_block(setup).items:
        assert esc(line) in html
    for name, question in values_block(setup, questions=True).rows:
        assert esc(name) in html
        assert esc(question) in html
    report = session_document(facilitator.store, facilitator.session, library)
    for line in options_block(setup).items:  # the report lists the same options
        assert line in report.all_text()
    for view in (control, beamer):
        view.close()


def test_the_next_activity_folds_the_joining_notes(store, library, room):
    facilitator, _join = room
    phone = RoomGate(store, lambda: library)
    phone.restore({}, "")
    phone.join(facilitator.session.code, "Rode fuut")
    assert "<details open>" in phone.recovery.value  # read it on arriving
    assert "Je doet mee als Rode fuut" in phone.messages.last[1]
    control = ControlRoom(
        facilitator, A.DEFAULT_PROGRAMME, tool_builders(lambda: library)
    )

    control.open_activity("kaart")
    wait_for(lambda: phone.tool.activity is not None)
    # The task comes first: the word folds (one tap away), the welcome goes.
    wait_for(lambda: "<details>" in phone.recovery.value)
    assert "kit-recovery-word" in phone.recovery.value
    assert phone.messages.last is None or "Je doet mee" not in phone.messages.last[1]
    for view in (control, phone.tool):
        view.close()
    phone.seat.stop()
