"""Issue 14, Medium 1: importing a session file gets the checks of live input.

Each attack writes the file a participant (or anyone with a text editor) could
hand the facilitator, imports it through the start page as the facilitator
would, and checks what a user would notice: the room's phase, the stored text,
the Word report, ``kit purge`` and the participant count.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from kit.session import Seat, one_screen_seat
from kit.store import Store
from kit.widgets.start import StartPanel


def _file(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _participant_export(store: Store, **answer: Any) -> dict[str, Any]:
    """A participant's own one-screen export (Binder), with one answer."""
    laptop = one_screen_seat(store, "Eigen laptop", pseudonym="Uil")
    laptop.answer("dilemma", "kaart-1", "choice", {"option": "b", **answer})
    document = StartPanel(laptop).export()
    laptop.stop()
    return document


@pytest.fixture
def seats() -> Iterator[list[Seat]]:
    """Every seat a test opens; their watcher threads stop with the test."""
    opened: list[Seat] = []
    yield opened
    for seat in opened:
        seat.stop()


def _room(store: Store, seats: list[Seat]) -> tuple[Seat, StartPanel]:
    new = store.create_session("Zaal")
    seat = Seat(store, new.session, None, new.facilitator_secret)
    seats.append(seat)
    return seat, StartPanel(seat)


def test_a_participant_file_cannot_carry_facilitator_steps(
    store: Store, seats: list[Seat]
) -> None:
    room, panel = _room(store, seats)
    room.set_phase("dilemma", "kaart-1", "think")
    document = _participant_export(store)
    forged = {"participant_id": None, "tool": "dilemma", "subject": "kaart-1"}
    document["answers"].append(
        {**forged, "kind": "phase", "payload": {"phase": "reveal"}, "created_at": 1.0}
    )
    document["answers"].append(
        {**forged, "kind": "opgave", "payload": {"text": "Gekaapt"}, "created_at": 1.0}
    )
    assert panel.import_files({"uil.json": _file(document)}) == 1
    assert room.phase("dilemma", "kaart-1") == "think"  # the room did not move on
    assert "Gekaapt" not in panel.opgave_view.value
    assert "2 stappen van een begeleider" in panel.messages.last[1]


def test_a_copied_proof_does_not_make_a_forged_file_the_facilitators(
    store: Store, seats: list[Seat]
) -> None:
    room, panel = _room(store, seats)
    own = panel.export()
    document = _participant_export(store)
    document["proof"] = own["proof"]  # lifted from the facilitator's own export
    document["answers"].append(
        {
            "participant_id": None,
            "tool": "dilemma",
            "subject": "kaart-1",
            "kind": "phase",
            "payload": {"phase": "close"},
            "created_at": 1.0,
        }
    )
    panel.import_files({"uil.json": _file(document)})
    assert room.phase("dilemma", "kaart-1") == "think"


def test_a_text_longer_than_any_tool_takes_is_skipped(
    store: Store, seats: list[Seat]
) -> None:
    room, panel = _room(store, seats)
    document = _participant_export(store)
    document["answers"][0]["payload"]["reason"] = "lang " * 1000  # 5,000 characters
    assert panel.import_files({"lang.json": _file(document)}) == 0
    assert room.answers("dilemma") == []


def test_the_live_payload_limit_holds_for_imports(
    store: Store, seats: list[Seat]
) -> None:
    room, panel = _room(store, seats)
    document = _participant_export(store)
    # Every text within what a tool takes, together far over the 64 kB of live input.
    document["answers"][0]["payload"]["extra"] = ["x" * 2000] * 2500  # 5 MB
    assert panel.import_files({"groot.json": _file(document)}) == 0
    assert room.answers("dilemma") == []
    assert "1 antwoord voldeed niet" in panel.messages.last[1]


def test_an_oversized_file_is_refused_before_it_is_parsed(
    store: Store, seats: list[Seat]
) -> None:
    _room_seat, panel = _room(store, seats)
    huge = b'{"format": "wakkere-afweging-session", "x": "' + b"a" * 17_000_000 + b'"}'
    assert panel.import_files({"enorm.json": huge}) == 0
    assert "enorm.json" in panel.messages.last[1]
    assert "kB" in panel.messages.last[1]


def test_control_characters_are_cleaned_and_the_word_report_builds(
    store: Store, seats: list[Seat]
) -> None:
    from kit.report.session_report import export_report

    room, panel = _room(store, seats)
    document = _participant_export(store, reason="Omdat\x07 het\x1b[31m kan\u202e")
    document["participants"][0]["pseudonym"] = "Uil\x00\x0b"
    panel.import_files({"uil.json": _file(document)})
    stored = room.answers("dilemma")[0].payload["reason"]
    assert stored == "Omdat het[31m kan"
    names = [p.pseudonym for p in store.find_participants(room.session.id)]
    assert names == ["Uil"]
    report = export_report(store, room.session.code, "docx")
    assert report.startswith(b"PK")  # a real .docx (zip), not a crash


@pytest.mark.parametrize("bad_time", ["Infinity", "NaN", "-Infinity"])
def test_non_json_numbers_are_refused(
    store: Store, seats: list[Seat], bad_time: str
) -> None:
    room, panel = _room(store, seats)
    text = json.dumps(_participant_export(store))
    text = text.replace('"created_at": ', f'"created_at": {bad_time}, "x": ', 1)
    assert panel.import_files({"tijd.json": text.encode()}) == 0
    assert "tijd.json" in panel.messages.last[1]
    assert room.answers("dilemma") == []


def test_impossible_times_are_clamped_so_purge_still_sees_the_session(
    store: Store, seats: list[Seat]
) -> None:
    room, panel = _room(store, seats)
    document = _participant_export(store)
    document["participants"][0]["created_at"] = 4321.5
    document["answers"][0]["created_at"] = time.time() + 10 * 365 * 86_400
    document["answers"].append({**document["answers"][0], "created_at": 4321.5})
    document["answers"][-1]["payload"] = {"option": "c"}
    # 1e999 is valid JSON and parses as infinity.
    text = _file(document).replace(b"4321.5", b"1e999")
    panel.import_files({"toekomst.json": text})
    times = [a.created_at for a in room.answers("dilemma")]
    assert len(times) == 2
    assert all(t <= time.time() for t in times)
    idle = store.find_idle_sessions(time.time() + 1)
    assert room.session.id in {s.id for s in idle}


def test_re_importing_a_sessions_own_export_doubles_nothing(
    store: Store, seats: list[Seat]
) -> None:
    room, panel = _room(store, seats)
    uil = Seat(
        store, room.session, store.add_participant(room.session.id, "Uil").participant
    )
    uil.answer("dilemma", "kaart-1", "choice", {"option": "a", "note": " spatie\t"})
    room.set_phase("dilemma", "kaart-1", "reveal")
    own = _file(panel.export())
    before = (
        store.find_participants(room.session.id),
        store.find_answers(room.session.id),
    )
    assert panel.import_files({"eigen.json": own, "nog-eens.json": own}) == 0
    after = (
        store.find_participants(room.session.id),
        store.find_answers(room.session.id),
    )
    assert after == before
    assert "van een begeleider" not in panel.messages.last[1]


def test_an_export_brings_no_steps_into_another_facilitators_session(
    store: Store, seats: list[Seat]
) -> None:
    """The proof is keyed with the exporting session's secret: in any other
    session the file counts as a participant's file."""
    room, panel = _room(store, seats)
    room.set_phase("dilemma", "kaart-1", "reveal")
    own = panel.export()
    other_seat, other = _room(store, seats)
    other.import_files({"eigen.json": _file(own)})
    assert other_seat.phase("dilemma", "kaart-1") == "think"


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["answers"][0].update(participant_id="../../etc"),
        lambda d: d["answers"][0].update(payload="niet een object"),
        lambda d: d.update(extra="veld"),
        lambda d: d["participants"][0].pop("pseudonym"),
        lambda d: d["answers"][0].update(tool=""),
    ],
)
def test_a_file_that_breaks_the_schema_adds_nothing(
    store: Store, seats: list[Seat], change: Any
) -> None:
    room, panel = _room(store, seats)
    document = _participant_export(store)
    change(document)
    assert panel.import_files({"fout.json": _file(document)}) == 0
    assert "fout.json" in panel.messages.last[1]
    assert store.find_answers(room.session.id) == []
