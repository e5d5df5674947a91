"""Closed tabs and refreshes leave no kernels behind (voila#1458), XSRF stays on."""

from __future__ import annotations

import re
import signal
import time

from kit.processes import alive, descendants, describe
from kit.serve import ServeOptions, new_room_token
from kit.testing.browser import open_page
from kit.testing.kitserve import KitServe
from kit.testing.procs import kernel_pids
from kit.testing.voila import running_voila

# Tornado logs a refusal as "403 POST /path (ip)"; kernel ids may also contain "403".
REFUSED_REQUEST = re.compile(r"\b403 (GET|POST|PUT|DELETE|PATCH) /")


def test_ten_pages_opened_and_closed_leave_no_kernels(browser):
    # A room server: the shutdown beacon gets through on the room's cookie.
    with running_voila(ServeOptions(room_token=new_room_token())) as server:
        for _ in range(10):
            record = open_page(browser, server.url("kaarten-bekijken.ipynb"))
            assert record.console_errors == []
            record.page.close(run_before_unload=True)
            record.page.context.close()
        deadline = time.monotonic() + 20
        while kernel_pids(server.process.pid) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert kernel_pids(server.process.pid) == []
        assert not REFUSED_REQUEST.search(server.log())


def test_the_shutdown_still_needs_the_xsrf_token(browser):
    import urllib.error
    import urllib.request

    with running_voila(ServeOptions()) as server:
        record = open_page(browser, server.url("kaarten-bekijken.ipynb"))
        kernel = kernel_pids(server.process.pid)
        assert len(kernel) == 1
        kernel_id = record.page.evaluate(
            "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
        )
        forged = urllib.request.Request(
            f"{server.base_url}/voila/api/shutdown/{kernel_id}", data=b"", method="POST"
        )
        try:
            urllib.request.urlopen(forged, timeout=10)
            status = 200
        except urllib.error.HTTPError as error:
            status = error.code
        assert status == 403
        assert kernel_pids(server.process.pid) == kernel
        assert REFUSED_REQUEST.search(server.log()), "the pattern must match a real 403"


def test_sigterm_stops_kit_serve_with_open_pages_and_leaves_nothing(browser, tmp_path):
    """Issue 18: a supervisor's SIGTERM to ``kit serve --room`` while pages are open."""
    serve = KitServe(tmp_path)
    records = []
    try:
        for notebook in (
            "start.ipynb",
            "kaarten-bekijken.ipynb",
            "wie-raakt-het.ipynb",
        ):
            records.append(open_page(browser, serve.url(notebook)))
        started = descendants(serve.process.pid)
        assert len(serve.kernels()) == 3  # one per open page, each connected

        serve.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in started) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [describe(pid) for pid in started if alive(pid)] == []
        assert serve.process.wait(timeout=10) == 128 + signal.SIGTERM
    finally:
        for record in records:
            record.page.context.close()
        serve.stop()
