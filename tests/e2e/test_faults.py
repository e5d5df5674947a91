"""Nothing acknowledged is lost: a killed kernel, then a killed server, mid-round."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

from kit.serve import ServeOptions, free_port
from kit.store import open_store
from kit.testing.browser import open_page
from kit.testing.procs import kernel_pids
from kit.testing.voila import running_voila

CARDS = "kritische-situaties.ipynb"


def reopen(page, url: str) -> None:
    """Open ``url`` in ``page``. The page's own recovery (kit-recover.js) may
    reload it when the server is back, at the same moment: that aborts our
    navigation (net::ERR_ABORTED), and opening again is what a person does."""
    for attempt in range(3):
        try:
            page.goto(url)
            return
        except PlaywrightError as exc:
            if "ERR_ABORTED" not in str(exc) or attempt == 2:
                raise


def serve(store_url: str, port: int):
    return running_voila(ServeOptions(store_url=store_url, port=port), timeout=90)


def test_kill_a_kernel_then_the_server_and_everyone_rejoins(browser, tmp_path: Path):
    store_url = f"sqlite:///{tmp_path / 'zaal.sqlite3'}"
    port = free_port()
    facilitator_ctx = browser.new_context()
    participant_ctx = browser.new_context()

    with serve(store_url, port) as server:
        fac = facilitator_ctx.new_page()
        fac.goto(server.url("start.ipynb"))
        fac.get_by_role("button", name="Start een sessie voor de zaal").click()
        fac.wait_for_selector(".kit-code", timeout=60_000)
        code = fac.inner_text(".kit-code").strip()
        fac.get_by_label("Opgave van het team").fill(
            "Schulden bij jonge ouders voorkomen"
        )
        fac.get_by_role("button", name="Bewaar de opgave").click()
        fac.get_by_text("De opgave is bewaard.").wait_for(timeout=30_000)

        par = participant_ctx.new_page()
        par.goto(server.url("start.ipynb", code=code))
        par.get_by_label("Schuilnaam").fill("Rustige otter")
        par.get_by_role("button", name="Doe mee").click()
        par.wait_for_selector(".kit-sessionbar-text", timeout=60_000)
        fac.wait_for_function(
            "document.querySelector('.kit-count').innerText.startsWith('1 ')",
            timeout=30_000,
        )

        # Mid-round: a card is on the table and the participant has chosen.
        fac.goto(server.url(CARDS))
        fac.locator(".kit-dilemma").wait_for(timeout=90_000)
        fac.get_by_role("button", name="Trek een kaart").click()
        fac.locator(".kit-dilemma-browser .kit-card h2").wait_for(timeout=30_000)
        fac.get_by_role("button", name="Speel deze kaart").click()
        par.goto(server.url(CARDS))
        choose = par.locator(".kit-dilemma-choose")
        choose.wait_for(timeout=90_000)
        choose.get_by_role("radio").nth(1).click()
        choose.get_by_role("radio", name="Heel zeker").click()
        choose.get_by_role("textbox", name="Waarom? (mag leeg)").fill("Eerst bellen")
        choose.get_by_role("button", name="Bewaar mijn keuze").click()
        par.get_by_text("Je keuze: B (Heel zeker).").wait_for(timeout=30_000)

        # 1. The participant's kernel dies (out of memory, say).
        kernels = kernel_pids(server.process.pid)
        victim = max(kernels)  # the participant's card page started last
        os.kill(victim, signal.SIGKILL)
        time.sleep(1)

        # 2. Then the whole server goes down hard, mid-round.
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=30)

    # Every acknowledged answer is in the store file.
    with open_store(store_url) as store:
        session = store.find_session(code)
        answers = store.find_answers(session.id)
        kinds = [a.kind for a in answers]
        assert kinds.count("joined") == 1
        assert "opgave" in kinds
        choice = next(a for a in answers if a.kind == "choice")
        assert choice.payload["option_id"] == "b"
        assert choice.payload["reason"] == "Eerst bellen"
        assert [p.pseudonym for p in store.find_participants(session.id)] == [
            "Rustige otter"
        ]

    # 3. Restart on the same store: both come back to their seats by reloading.
    with serve(store_url, port) as server:
        for page in (fac, par):  # both reopen the start page after the restart
            reopen(page, server.url("start.ipynb"))
            page.wait_for_selector(".kit-sessionbar-text", timeout=90_000)
        assert "Rustige otter" in par.inner_text(".kit-sessionbar-text")
        assert "begeleider" in fac.inner_text(".kit-sessionbar-text")
        assert (
            fac.get_by_label("Opgave van het team").input_value().startswith("Schulden")
        )
        assert "1 deelnemer" in fac.inner_text(".kit-count")
        # The round goes on: the participant's choice is still theirs.
        par.goto(server.url(CARDS))
        par.get_by_text("Je keuze: B (Heel zeker).").wait_for(timeout=90_000)
        record = open_page(browser, server.url("start.ipynb", code=code))
        assert record.page.get_by_label("Sessiecode").input_value() == code
    facilitator_ctx.close()
    participant_ctx.close()
