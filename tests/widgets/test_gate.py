"""The session gate: join, start, one screen, and coming back after a refresh."""

from __future__ import annotations

import ipywidgets as W
import pytest

from kit.widgets.gate import SessionGate
from kit.widgets.start import StartPanel


def tool_label(seat, _gate):
    who = seat.participant.pseudonym if seat.participant else "begeleider"
    return W.HTML(f"tool for {who}")


@pytest.fixture
def gate_for(store):
    def make(auto: bool = False) -> SessionGate:
        return SessionGate(store, tool_label, auto_one_screen=auto)

    return make


def test_a_workshop_page_without_a_seat_offers_joining_first(store):
    gate = SessionGate(store, tool_label)  # what every workshop page builds
    assert gate.restore({}, "") is None
    assert gate.seat is None  # a stray link makes nobody a facilitator
    assert gate.chooser in gate.children
    first, *others = gate.chooser.children
    assert gate.code_input in first.children
    assert gate.pseudonym_input in first.children
    assert "Werk op één scherm" in [
        b.description for box in others for b in box.children
    ]


def test_one_screen_use_is_chosen_explicitly_and_survives_a_refresh(gate_for):
    gate = gate_for()
    gate.restore({}, "")
    seat = gate.start("Sessie", one_screen=True)
    assert seat.is_facilitator
    assert seat.participant is not None
    assert gate.tool in gate.children
    # The browser is told to remember the seat, including a rejoin token.
    assert set(gate.memory.to_store) == {"code", "secret", "token"}
    again = gate_for().restore(dict(gate.memory.to_store), "")
    assert again.participant.id == seat.participant.id


def test_a_page_for_one_shared_screen_can_still_start_one_at_once(gate_for):
    seat = gate_for(auto=True).restore({}, "")
    assert seat.is_facilitator
    assert seat.participant is not None


def test_the_start_page_offers_the_choices(gate_for):
    gate = gate_for(auto=False)
    assert gate.restore({}, "") is None
    assert gate.chooser in gate.children
    assert gate.seat is None


def test_join_with_a_code_then_refresh_returns_the_same_participant(gate_for, store):
    facilitator = gate_for(auto=False).start("Sessie")
    code = facilitator.session.code
    gate = gate_for(auto=False)
    gate.restore({}, f"?code={code.lower()}")
    assert gate.code_input.value == code.lower()  # the link fills in the code
    seat = gate.join(gate.code_input.value, "Blauwe reiger")
    assert seat.participant.pseudonym == "Blauwe reiger"
    assert "Blauwe reiger" in gate.bar.value
    remembered = dict(gate.memory.to_store)
    assert "secret" not in remembered  # participants never hold the facilitator secret
    refreshed = gate_for(auto=False)
    again = refreshed.restore(remembered, f"?code={code}")
    assert again.participant.id == seat.participant.id
    assert not again.is_facilitator
    joined = store.find_answers(seat.session.id, kind="joined")
    assert len(joined) == 1


def test_a_wrong_code_gives_a_dutch_sentence_not_a_traceback(gate_for):
    gate = gate_for(auto=False)
    gate.restore({}, "")
    assert gate.join("ABCD-EFGH", "Uil") is None
    kind, text = gate.messages.last
    assert kind == "error"
    assert "geen sessie met deze code" in text
    assert "Traceback" not in gate.messages.value


@pytest.mark.parametrize("name", ["", "x" * 41])
def test_unusable_pseudonyms_are_refused_with_the_rule(gate_for, name):
    code = gate_for(auto=False).start("Sessie").session.code
    gate = gate_for(auto=False)
    gate.restore({}, "")
    assert gate.join(code, name) is None
    assert "schuilnaam van 1 tot 40 tekens" in gate.messages.last[1]


def test_hostile_pseudonyms_are_shown_as_text(gate_for):
    code = gate_for(auto=False).start("Sessie").session.code
    gate = gate_for(auto=False)
    gate.restore({}, "")
    gate.join(code, "<img src=x onerror=alert(1)>")
    assert "<img" not in gate.bar.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in gate.bar.value
    other = gate_for(auto=False)
    other.restore({}, "")
    seat = other.join(code, "🦉 مرحبا")
    assert seat.participant.pseudonym == "🦉 مرحبا"


def test_a_remembered_seat_of_a_deleted_session_shows_the_choices(gate_for, store):
    gate = gate_for(auto=False)
    seat = gate.start("Weg")
    remembered = dict(gate.memory.to_store)
    store.remove_session(seat.session.id, seat.facilitator_secret)
    fresh = gate_for(auto=False)
    assert fresh.restore(remembered, "") is None
    assert fresh.chooser in fresh.children


def test_a_link_to_another_session_asks_to_join_it(gate_for):
    first = gate_for(auto=False)
    first.start("Eerste")
    other_code = gate_for(auto=False).start("Tweede").session.code
    gate = gate_for(auto=False)
    assert gate.restore(dict(first.memory.to_store), f"?code={other_code}") is None
    assert gate.code_input.value == other_code


def test_switching_forgets_the_seat_after_the_facilitator_confirms(gate_for):
    gate = gate_for()
    gate.restore({}, "")
    gate.start("Sessie", one_screen=True)
    gate.switch()  # a facilitator is warned first: the secret would be lost
    assert gate.seat is not None
    assert "Klik nog een keer" in gate.messages.last[1]
    gate.switch()
    assert gate.memory.to_store == {"__forget__": True}
    assert gate.chooser in gate.children


def test_a_participant_confirms_before_leaving_the_seat(store, gate_for):
    host = gate_for(auto=False)
    code = host.start("Zaal").session.code
    gate = gate_for(auto=False)
    gate.join(code, "Rode fuut")
    gate.switch()  # one tap must not lose the seat
    assert gate.seat is not None
    assert "Klik nog een keer" in gate.messages.last[1]
    gate.switch()
    assert gate.seat is None
    assert gate.chooser in gate.children


def test_a_pseudonym_like_a_real_name_gets_a_nudge(store, gate_for):
    code = gate_for(auto=False).start("Zaal").session.code
    real = gate_for(auto=False)
    real.join(code, "Marieke Jansen")
    assert "echte naam" in real.messages.last[1]
    made_up = gate_for(auto=False)
    made_up.join(code, "Rode fuut")
    assert "echte naam" not in made_up.messages.last[1]


def test_start_panel_for_the_facilitator(store, room):
    facilitator, join = room
    panel = StartPanel(facilitator, "http://zaal:8866/voila/render/start.ipynb")
    html = "".join(c.value for c in panel.children if isinstance(c, W.HTML))
    code = facilitator.session.code
    assert f"start.ipynb?code={code}" in html
    assert "<svg" in html
    assert "role='img'" in html
    participant = join("Uil")
    participant.answer("session", "room", "joined", {})
    panel.refresh()
    assert "1 deelnemer doet mee" in panel.participants.value
    panel.set_opgave("Minder <b>schulden</b> bij jonge ouders")
    assert panel.current_opgave() == "Minder <b>schulden</b> bij jonge ouders"
    assert "&lt;b&gt;" in panel.opgave_view.value
    assert panel.prepare_download().startswith("data:application/json;base64,")


def test_participants_cannot_act_as_facilitator(room):
    _facilitator, join = room
    panel = StartPanel(join("Uil"))
    assert panel.set_opgave("iets") is None
    assert "alleen de begeleider" in panel.messages.last[1]


def test_import_brings_binder_participants_together(store):
    from kit.session import one_screen_seat

    home = one_screen_seat(store, "Zaal")
    laptop = one_screen_seat(store, "Eigen laptop")
    laptop.answer("dilemma", "kaart", "choice", {"option": "b"})
    exported = StartPanel(laptop).export()
    import json

    panel = StartPanel(home)
    files = {
        "a.json": json.dumps(exported).encode(),
        "b.json": json.dumps(exported).encode(),
    }
    assert panel.import_files(files) == 1  # the same file twice adds its answer once
    assert [a.payload for a in home.answers("dilemma")] == [{"option": "b"}]
    pseudonyms = [p.pseudonym for p in store.find_participants(home.session.id)]
    assert pseudonyms == ["Zaal", "Zaal"]  # the room's own seat and the imported one
    assert panel.import_files({"kapot.json": b"{niet json"}) == 0
    assert "kapot.json" in panel.messages.last[1]


def test_delete_needs_confirmation_and_removes_everything(store, room):
    facilitator, join = room
    join("Uil").answer("t", "s", "k", {})
    panel = StartPanel(facilitator)
    assert panel.delete(False) is False
    assert store.find_answers(facilitator.session.id)
    assert panel.delete(True) is True
    assert store.find_answers(facilitator.session.id) == []


def test_on_jupyterhub_the_join_link_goes_through_the_hub():
    from kit.widgets.start import join_link

    env = {"JUPYTERHUB_SERVICE_PREFIX": "/user/begeleider/", "JUPYTERHUB_BASE_URL": "/"}
    page = "https://hub.example.nl/user/begeleider/voila/render/start.ipynb"
    assert join_link(page, "K7QM-3TXA", env) == (
        "https://hub.example.nl/hub/user-redirect/voila/render/start.ipynb?code=K7QM-3TXA"
    )
    standalone = "http://zaal:8866/voila/render/start.ipynb"
    assert join_link(standalone, "K7QM-3TXA", {}) == f"{standalone}?code=K7QM-3TXA"


def test_a_facilitator_seat_from_another_tab_is_restored_only_on_yes(gate_for):
    first = gate_for(auto=False)
    started = first.start("Zaal")
    kept = {**first.memory.to_store, "ask": True}  # as a new tab reports it

    asked = gate_for(auto=False)
    assert asked.restore(kept, "") is None
    assert asked.seat is None  # nothing of the session is shown yet
    assert "Verder als begeleider?" in asked.children[-1].children[0].value
    seat = asked.resume(True)
    assert seat.session.code == started.session.code
    assert seat.is_facilitator

    declined = gate_for(auto=False)
    declined.restore(kept, "")
    assert declined.resume(False) is None
    assert declined.seat is None
    assert declined.memory.to_store == {"__forget__": True}
    assert declined.chooser in declined.children
