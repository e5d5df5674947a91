"""The room server (``kit serve --room``) as someone on the guest Wi-Fi meets it.

Issue 14, "High": without the room token nobody gets a page, a kernel or a
kernel websocket; with it everything works, but a page's kernel runs no code
sent to it; a cap on kernels answers in Dutch; kernels talk over Unix sockets,
not TCP; no SVG is served from the workshops.
Each test sends real requests to a real server, as ``curl`` would.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import shutil
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.serve import REPO_DIR, ServeOptions, new_room_token
from kit.testing.kitserve import KitServe
from kit.testing.procs import kernel_pids
from kit.testing.voila import VoilaServer, running_voila
from kit.testing.websocket import kernel_exchange, kernel_message, websocket_status

pytestmark = pytest.mark.voila  # starts Voilà servers

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
SVG = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')


def request(
    url: str,
    *,
    method: str = "GET",
    opener: urllib.request.OpenerDirector | None = None,
) -> tuple[int, str]:
    """Status and body, without following redirects, as ``curl`` shows them."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *_args, **_kwargs):  # type: ignore[no-untyped-def]
            return None

    opener = opener or urllib.request.build_opener(NoRedirect)
    data = b"{}" if method == "POST" else None
    req = urllib.request.Request(url, data=data, method=method)
    try:
        with opener.open(req, timeout=90) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


class BrowserLike:
    """A client that keeps cookies, like a browser that opened the join link."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar)
        )

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


@pytest.fixture(scope="module")
def workshops(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The kit's workshops, plus an image and an SVG someone dropped beside them."""
    folder = tmp_path_factory.mktemp("workshops")
    for notebook in (REPO_DIR / "workshops").glob("*.ipynb"):
        shutil.copy(notebook, folder)
    (folder / "logo.png").write_bytes(PNG)
    (folder / "logo.svg").write_bytes(SVG)
    return folder


@pytest.fixture(scope="module")
def room(workshops: Path) -> Iterator[VoilaServer]:
    options = ServeOptions(workshops=workshops, room_token=new_room_token())
    with running_voila(options) as server:
        yield server


def open_with_token(room: VoilaServer, browser: BrowserLike) -> str:
    """Open the start page through the join link; the kernel id it was given."""
    url = room.url("start.ipynb", code="ACDE-FGHJ")
    status, page = request(url, opener=browser.opener)
    assert status == 200
    found = KERNEL_ID.search(page)
    assert found, "the page names its kernel"
    return found.group(1)


def test_without_the_token_the_page_is_refused_in_dutch_and_no_kernel_starts(room):
    before = kernel_pids(room.process.pid)
    for path in (
        "/voila/render/start.ipynb?code=ACDE-FGHJ",
        "/voila/render/kritische-situaties.ipynb",
        "/voila/render/start.ipynb?token=wrong-token",
    ):
        status, body = request(f"{room.base_url}{path}")
        assert status == 403, path
        assert "link of de QR-code die de begeleider" in body
        assert kernel_pids(room.process.pid) == before, path
    # The notebook list and the login form are closed too.
    assert request(f"{room.base_url}/")[0] in (302, 403)
    assert request(f"{room.base_url}/login")[0] == 403


def test_the_kernels_api_without_the_token_is_refused(room):
    kernel = open_with_token(room, BrowserLike())
    before = kernel_pids(room.process.pid)
    assert request(f"{room.base_url}/api/kernels", method="POST")[0] in (403, 404)
    assert request(f"{room.base_url}/api/kernels/{kernel}")[0] == 403
    assert request(f"{room.base_url}/api/kernels/{kernel}", method="DELETE")[0] == 403
    assert kernel_pids(room.process.pid) == before  # none added, none stopped


def test_the_kernel_websocket_needs_the_token(room):
    browser = BrowserLike()
    kernel = open_with_token(room, browser)
    ws = room.base_url.replace("http://", "ws://") + f"/api/kernels/{kernel}/channels"
    assert websocket_status(ws) == 403
    assert websocket_status(f"{ws}?token=wrong-token") == 403
    # The browser that opened the join link has the room's cookie; it connects.
    assert websocket_status(ws, {"Cookie": browser.cookie_header()}) == 101
    assert websocket_status(f"{ws}?token={room.room_token}") == 101


def code_that_leaves_a_trace(target: Path) -> dict:
    """An ``execute_request`` that writes ``target`` and prints the environment."""
    code = (
        "import os, pathlib\n"
        f"pathlib.Path({str(target)!r}).write_text('hier geweest')\n"
        "print(dict(os.environ))\n"
    )
    return kernel_message(
        "execute_request",
        {
            "code": code,
            "silent": False,
            "store_history": False,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": True,
        },
    )


def assert_kernel_runs_no_code_but_widgets_talk(ws: str, target: Path) -> None:
    """A participant with the token crafts messages on the page's websocket."""
    received = kernel_exchange(
        ws, [code_that_leaves_a_trace(target), kernel_message("comm_info_request", {})]
    )
    types = {message["msg_type"] for message in received}
    assert "kernel_info_reply" in types  # the websocket itself works
    for answer in ("execute_input", "execute_reply", "execute_result", "stream"):
        assert answer not in types, answer
    assert "error" not in types
    assert not target.exists()

    # The page's widgets still talk to the kernel both ways over comm messages.
    (info,) = [m for m in received if m["msg_type"] == "comm_info_reply"]
    widgets = [
        comm_id
        for comm_id, comm in info["content"]["comms"].items()
        if comm["target_name"] == "jupyter.widget"
    ]
    assert widgets, "the page's widgets are open in its kernel"
    ask = kernel_message(
        "comm_msg", {"comm_id": widgets[0], "data": {"method": "request_state"}}
    )
    answers = kernel_exchange(ws, [ask])
    states = [
        m
        for m in answers
        if m["msg_type"] == "comm_msg"
        and m["parent_header"].get("msg_id") == ask["header"]["msg_id"]
    ]
    assert states, "the widget answers"
    assert states[0]["content"]["data"]["method"] == "update"


def test_with_the_token_a_page_kernel_runs_no_code_sent_to_it(room, tmp_path):
    """Someone with the room token is a participant, not a user of the laptop."""
    kernel = open_with_token(room, BrowserLike())
    ws = room.base_url.replace("http://", "ws://") + f"/api/kernels/{kernel}/channels"
    assert_kernel_runs_no_code_but_widgets_talk(
        f"{ws}?token={room.room_token}", tmp_path / "gelukt.txt"
    )
    assert 'type "execute_request", which is not allowed' in room.log()


def test_a_preheated_kernel_of_kit_serve_runs_no_code_sent_to_it(tmp_path):
    """``kit serve --room --preheat``, as a facilitator starts it: the start
    page gets a kernel from the warm pool; that one is closed the same way."""
    folder = tmp_path / "workshops"
    folder.mkdir()
    shutil.copy(REPO_DIR / "workshops" / "start.ipynb", folder)
    server = KitServe(tmp_path, str(folder), "--preheat", "1")
    try:
        status, page = server.get("start.ipynb")
        assert status == 200
        found = KERNEL_ID.search(page)
        assert found, "the page names its kernel"
        ws = (
            f"ws://127.0.0.1:{server.port}/api/kernels/{found.group(1)}/channels"
            f"?token={server.token}"
        )
        assert_kernel_runs_no_code_but_widgets_talk(ws, tmp_path / "gelukt.txt")
    finally:
        server.stop()
    assert "execute_request" in server.log.read_text(errors="replace")


def test_with_the_token_the_page_works_and_the_browser_needs_it_once(room):
    browser = BrowserLike()
    open_with_token(room, browser)
    status, page = request(
        f"{room.base_url}/voila/render/kaarten-bekijken.ipynb", opener=browser.opener
    )
    assert status == 200
    assert "kernel-shutdown.js" in page
    # A link on the page never carries the address, token included, elsewhere.
    url = room.url("start.ipynb")
    with browser.opener.open(url, timeout=90) as response:
        assert response.headers["Referrer-Policy"] == "no-referrer"


def test_kernels_talk_over_unix_sockets_not_tcp(room):
    open_with_token(room, BrowserLike())
    kernels = kernel_pids(room.process.pid)
    assert kernels
    for pid in kernels:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        connection = json.loads(Path(args[args.index(b"-f") + 1].decode()).read_text())
        assert connection["transport"] == "ipc"


def test_no_svg_is_served_from_the_workshops_folder(room):
    assert request(f"{room.base_url}/voila/files/logo.png")[0] == 200
    assert request(f"{room.base_url}/voila/files/logo.svg")[0] == 403


def test_past_the_kernel_cap_a_new_page_gets_a_dutch_message(workshops):
    options = ServeOptions(workshops=workshops, room_token=new_room_token())
    options.max_kernels = 2
    with running_voila(options) as room:
        first = open_with_token(room, BrowserLike())
        open_with_token(room, BrowserLike())
        status, body = request(room.url("start.ipynb"))
        assert status == 503
        assert "De zaal is vol" in body
        assert len(kernel_pids(room.process.pid)) == 2  # no third kernel started

        # A page closes (its kernel stops); the next participant gets in.
        headers = {"Authorization": f"token {room.room_token}"}
        close = urllib.request.Request(
            f"{room.base_url}/api/kernels/{first}", method="DELETE", headers=headers
        )
        with urllib.request.urlopen(close, timeout=30) as response:
            assert response.status == 204
        assert request(room.url("start.ipynb"))[0] == 200


def test_kernels_nobody_connects_to_are_culled_open_pages_keep_theirs(
    workshops, browser
):
    """A loop of GETs leaves kernels nobody connects to; the culler removes them
    (``kit serve --room``: after 90 s, here 4 s), a participant's open page stays."""
    from kit.testing.browser import open_page

    options = ServeOptions(workshops=workshops, room_token=new_room_token())
    options.cull_idle_seconds = 4
    with running_voila(options) as room:
        record = open_page(browser, room.url("kaarten-bekijken.ipynb"))
        try:
            connected = set(kernel_pids(room.process.pid))
            unconnected: set[int] = set()
            for _ in range(3):  # each GET leaves a kernel (culling may begin at once)
                assert request(room.url("start.ipynb"))[0] == 200
                unconnected |= set(kernel_pids(room.process.pid)) - connected
            assert len(unconnected) == 3
            deadline = time.monotonic() + 60
            while len(kernel_pids(room.process.pid)) > 1:
                assert time.monotonic() < deadline, "unconnected kernels not culled"
                time.sleep(0.5)
            assert set(kernel_pids(room.process.pid)) == connected
            assert record.page.locator(".kit-root").is_visible()
        finally:
            record.page.context.close()


def test_a_kernel_from_the_warm_pool_is_kept_for_the_page_that_got_it(workshops):
    """The pool waits for minutes before the room arrives. A page that gets a
    kernel from it and connects later (30 joins at once; a phone on a busy
    Wi-Fi) keeps that kernel, even past the cull's idle time: before, such a
    page got a kernel the culler had just stopped, and reloaded into the next."""
    options = ServeOptions(workshops=workshops, participants=1)
    options.cull_idle_seconds = 10  # checked every 5 s
    with running_voila(options) as room:
        deadline = time.monotonic() + 120
        while len(kernel_pids(room.process.pid)) < 3:  # 1 participant + 2 views
            assert time.monotonic() < deadline, "the pool did not warm up"
            time.sleep(0.5)
        time.sleep(options.cull_idle_seconds + 3)  # the pool idles past the cull
        status, page = request(room.url("sessie.ipynb"))
        assert status == 200
        found = KERNEL_ID.search(page)
        assert found, "the page names its kernel"
        # The page connects late: past the idle time, two cull checks meanwhile.
        time.sleep(options.cull_idle_seconds + 6)
        ws = f"{room.base_url.replace('http', 'ws', 1)}/api/kernels/"
        received = kernel_exchange(f"{ws}{found.group(1)}/channels", [])
        assert "kernel_info_reply" in {message["msg_type"] for message in received}
        # Kernels of the refilling pool, still starting, are no culler errors.
        assert "checking the idle duration" not in room.log()


def test_pages_that_vanish_at_once_leave_no_kernels_behind(workshops, browser):
    """Laptops shut or tabs killed together (no ``beforeunload``, so the pages
    cannot ask Voilà to stop their kernels): the cull stops every one of them.

    In a 10 x 30 burst benchmark without the cull, such kernels piled up to 236
    and the server ran out of ZMQ sockets ("Too many open files"); whoever
    came next got an HTTP 500.
    """
    from kit.testing.browser import open_page

    options = ServeOptions(workshops=workshops, room_token=new_room_token())
    options.cull_idle_seconds = 4
    with running_voila(options) as room:
        before = set(kernel_pids(room.process.pid))
        records = [open_page(browser, room.url("start.ipynb")) for _ in range(6)]
        left = set(kernel_pids(room.process.pid)) - before
        assert len(left) == 6  # one kernel per open page
        for record in records:
            record.page.context.close()  # closed, not navigated away: no goodbye
        deadline = time.monotonic() + 90
        while left & set(kernel_pids(room.process.pid)):
            assert time.monotonic() < deadline, "closed pages' kernels still run"
            time.sleep(0.5)
        assert set(kernel_pids(room.process.pid)) <= before
        late = open_page(browser, room.url("start.ipynb"))  # the room goes on
        try:
            assert late.page.locator(".kit-root").is_visible()
        finally:
            late.page.context.close()


def test_the_refusal_is_a_readable_dutch_page(room, browser):
    from kit.testing.browser import open_page, serious_axe_violations

    record = open_page(browser, f"{room.base_url}/voila/render/start.ipynb", ready="h1")
    try:
        page = record.page
        assert page.evaluate("document.documentElement.lang") == "nl"
        assert page.inner_text("h1") == "Open de link van de begeleider"
        assert serious_axe_violations(page) == []
        assert record.offsite_requests == []
    finally:
        record.page.context.close()
