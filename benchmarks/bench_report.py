"""How long `kit export` takes for a 30-participant session, beside a 1-participant one.

Both sessions hold the same workshops in one SQLite store and are measured in
the same run, alternating, so the machine's state is shared: three dilemma cards
played (each with a "wat als" round and a closing), one proximity map (a
template's 13 stakeholders, each placed by everyone, with notes and agreed
approaches), one matrix (4 options × 8 values, every cell scored with a note,
and a justification), the speaking-up self-scan, shared dilemma and palette,
and the look-back takeaways. Answers are stored through the tools' own payload
functions and ``Seat``, as the widgets store them.

Each run exports the report in all three formats the way ``kit export`` does:
read the session, build the document, draw the charts, render the file — a
fresh document per format. The script prints medians per format, the total,
and the ratio 30 / 1:

    .venv/bin/python benchmarks/bench_report.py [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from kit.model import builtin_library
from kit.model import dilemma as D
from kit.model import lookback as L
from kit.model import matrix as M
from kit.model import proximity as P
from kit.model import speaking as S
from kit.model.types import Library
from kit.report.session_report import FORMATS, export_report, session_document
from kit.session import AnswerPace, Seat
from kit.store import SqliteStore, Store

TEMPLATE = "toeslagen"
OPTIONS, VALUES = 4, 8


def _cards(library: Library, n: int = 3) -> list:
    deck = library.deck("starter")
    with_variations = [c for c in deck.cards if c.variations]
    return with_variations[:n]


def session(store: Store, library: Library, participants: int, seed: int) -> str:
    """A whole session with ``participants`` people; returns its code."""
    rng = random.Random(seed)
    new = store.create_session(f"Benchmark {participants}")
    host = Seat(store, new.session, None, new.facilitator_secret)
    host.facilitator_event("session", "opgave", "opgave", {"text": "De opgave."})
    seats = []
    for n in range(participants):
        joined = store.add_participant(new.session.id, f"Deelnemer {n + 1}")
        # A script sets up the room: no human pace (kit.session.AnswerPace).
        pace = AnswerPace.unlimited()
        seats.append(Seat(store, new.session, joined.participant, pace=pace))

    # --- dilemma cards: round 1, a "wat als" round, a closing -------------------------
    for card in _cards(library):
        ids = [o.id for o in card.options]
        host.facilitator_event(D.TOOL, D.TABLE, D.PLAY, {"card_id": card.id})
        for round_no, variation in ((1, None), (2, card.variations[0].id)):
            if round_no > 1:
                host.facilitator_event(
                    D.TOOL,
                    card.id,
                    D.PHASE,
                    {"phase": "think", "round": round_no, "variation_id": variation},
                )
            for seat in seats:
                seat.answer(
                    D.TOOL,
                    card.id,
                    D.CHOICE,
                    {
                        "round": round_no,
                        "option_id": rng.choice(ids),
                        "confidence": rng.choice(D.CONFIDENCE),
                        "reason": f"Reden {rng.randint(1, 10_000)} bij deze keuze.",
                    },
                )
            host.facilitator_event(
                D.TOOL,
                card.id,
                D.PHASE,
                {"phase": "reveal", "round": round_no, "variation_id": variation},
            )
        host.facilitator_event(
            D.TOOL,
            card.id,
            D.CLOSE,
            {"knowledge": "Kennis", "actions": "Acties", "power": "Macht", "round": 2},
        )

    # --- proximity map: everyone places every stakeholder -----------------------------
    template = library.template(TEMPLATE)
    host.facilitator_event(
        P.TOOL, P.DEFAULT_SUBJECT, "start", P.start_payload(template)
    )
    state = P.map_state(store.find_answers(new.session.id), P.DEFAULT_SUBJECT)
    for seat in seats:
        for stakeholder in state.stakeholders:
            payload = P.place_payload(
                state,
                stakeholder.id,
                rng.choice(P.IMPACTS),
                rng.choice(("aan_tafel", "functioneel_nabij", "via_rapporten")),
                rng.choice(P.VOICES),
                "Een toelichting.",
            )
            seat.answer(P.TOOL, P.DEFAULT_SUBJECT, "place", payload)
    host.set_phase(P.TOOL, P.DEFAULT_SUBJECT, "reveal")
    for stakeholder in state.stakeholders[:3]:
        payload = P.approach_payload(state, stakeholder.id, "werkbezoek", "Team Noord")
        host.facilitator_event(P.TOOL, P.DEFAULT_SUBJECT, "approach", payload)

    # --- matrix: every cell scored with a note ----------------------------------------
    options = [M.MatrixOption(chr(97 + i), f"Optie {i + 1}") for i in range(OPTIONS)]
    values = [M.MatrixValue.from_catalogue(v) for v in library.values.values[:VALUES]]
    setup = M.build_setup(options, values)
    host.facilitator_event(M.TOOL, "matrix", M.SETUP, setup.to_payload())
    for seat in seats:
        for value in values:
            seat.answer(
                M.TOOL,
                "matrix",
                M.WEIGHT,
                {"value": value.id, "weight": rng.randint(0, 5)},
            )
            for option in options:
                score = rng.choice([-2, -1, 0, 1, 2, M.UNKNOWN])
                payload = M.score_payload(
                    setup, option.id, value.id, score, "Omdat het telt."
                )
                seat.answer(M.TOOL, "matrix", M.SCORE, payload)
    host.set_phase(M.TOOL, "matrix", "reveal")
    host.facilitator_event(
        M.TOOL,
        "matrix",
        M.JUSTIFICATION,
        M.justification_payload(setup, "a", "Waarom.", [values[0].id], "", "Mei"),
    )

    # --- speaking up ------------------------------------------------------------------
    beliefs = [b.id for b in library.beliefs]
    actions = [a.id for a in library.actions]
    situation = S.situation_payload("Een situatie")
    host.facilitator_event(S.TOOL, S.PALETTE, S.SITUATION, situation)
    for seat in seats:
        for belief in beliefs:
            seat.answer(
                S.TOOL,
                belief,
                S.RATING,
                S.rating_payload(belief, rng.randint(0, 5), beliefs),
            )
        seat.answer(
            S.TOOL, S.DILEMMA, S.STAND, S.stand_payload(rng.randint(1, 5), "Omdat.")
        )
        now = rng.randrange(len(actions))
        far = rng.randrange(now, len(actions))
        seat.answer(
            S.TOOL,
            S.PALETTE,
            S.PICK,
            S.pick_payload(situation["id"], actions[now], actions[far], actions),
        )
    for subject in (S.SCAN, S.DILEMMA, S.PALETTE):
        host.set_phase(S.TOOL, subject, "reveal")

    # --- look back --------------------------------------------------------------------
    for seat in seats:
        seat.answer(
            L.TOOL, L.SUBJECT, L.PERSONAL, {"lines": ["Meer bellen", "Luister"]}
        )
    host.facilitator_event(L.TOOL, L.SUBJECT, L.SHARED, {"lines": ["Samen", "Eerder"]})
    host.set_phase(L.TOOL, L.SUBJECT, "reveal")
    return new.session.code


def export_all(store: Store, code: str, library: Library) -> dict[str, float]:
    """Seconds per format, each exported from scratch as `kit export` does."""
    times = {}
    for fmt in FORMATS:
        start = time.perf_counter()
        data = export_report(store, code, fmt, library=library)
        times[fmt] = time.perf_counter() - start
        assert data
    times["total"] = sum(times.values())
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    library = builtin_library()
    with (
        tempfile.TemporaryDirectory(prefix="kit-bench-report-") as tmp,
        SqliteStore(Path(tmp) / "store.sqlite3") as store,
    ):
        codes = {n: session(store, library, n, seed=n) for n in (1, 30)}
        sizes = {
            n: len(store.find_answers(store.find_session(c).id))
            for n, c in codes.items()
        }
        export_all(store, codes[1], library)  # warm up: imports, fonts
        results: dict[int, list[dict[str, float]]] = {1: [], 30: []}
        for _ in range(args.runs):
            for n in (1, 30):
                results[n].append(export_all(store, codes[n], library))
        failed = {
            n: [
                chart.title
                for chart in session_document(
                    store, store.find_session(code), library
                ).charts()
                if chart.safe_figure() is None
            ]
            for n, code in codes.items()
        }
    print(f"runs: {args.runs} (alternating), median seconds per export")
    print(
        f"{'participants':>12} {'answers':>8} "
        + " ".join(f"{k:>7}" for k in (*FORMATS, "total"))
    )
    medians = {}
    for n in (1, 30):
        medians[n] = {
            k: statistics.median(r[k] for r in results[n]) for k in (*FORMATS, "total")
        }
        print(
            f"{n:>12} {sizes[n]:>8} "
            + " ".join(f"{medians[n][k]:7.2f}" for k in (*FORMATS, "total"))
        )
    ratio = medians[30]["total"] / medians[1]["total"]
    print(f"ratio 30 / 1 (total): {ratio:.2f}")
    for n, titles in failed.items():
        if titles:  # drawn as a sentence instead; the time for it is not counted
            print(f"charts not drawn ({n} participants): {', '.join(titles)}")


if __name__ == "__main__":
    main()
