"""`kit serve`: the facilitator's one command for a room."""

from __future__ import annotations

import json
import signal
import time

import pytest

from kit.announce import start_url
from kit.cli import build_parser, main, serve_options
from kit.processes import alive, descendants
from kit.serve import ServeOptions, voila_command
from kit.testing.kitserve import KitServe
from kit.testing.procs import cmdline
from kit.widgets.start import join_link


def test_the_command_uses_the_offline_template_and_hides_tracebacks():
    args = voila_command(ServeOptions())
    assert "--template=kit" in args
    assert "--VoilaConfiguration.show_tracebacks=False" in args
    assert "--VoilaExporter.language_code=nl" in args
    assert "--Voila.ip=127.0.0.1" in args  # only this computer unless asked


def test_preheated_kernels_are_sized_for_the_start_page():
    args = voila_command(ServeOptions(preheat=4))
    assert "--preheat_kernel=True" in args
    pools = next(
        a for a in args if a.startswith("--VoilaKernelManager.kernel_pools_config=")
    )
    config = json.loads(pools.split("=", 1)[1])
    assert config == {"default": {"pool_size": 1}, "start.ipynb": {"pool_size": 4}}


def test_a_busy_kernel_still_delivers_the_page_tool():
    # Measured in a 30-person burst on 2 cores: 13 of 30 pages showed the
    # notebook's text without its tool after "Timeout waiting for IOPub output".
    args = voila_command(ServeOptions())
    timeout = next(a for a in args if a.startswith("--VoilaExecutor.iopub_timeout="))
    assert int(timeout.split("=", 1)[1]) >= 30


def test_idle_kernels_of_closed_tabs_are_culled():
    args = voila_command(ServeOptions(cull_idle_seconds=600))
    assert "--MappingKernelManager.cull_idle_timeout=600" in args
    assert "--MappingKernelManager.cull_connected=False" in args


def test_a_missing_workshop_folder_is_one_dutch_sentence(capsys, tmp_path):
    assert main(["serve", str(tmp_path / "bestaat-niet")]) == 2
    err = capsys.readouterr().err
    assert "bestaat niet" in err
    assert "Traceback" not in err


def test_a_room_gets_a_token_a_short_cull_and_a_kernel_cap():
    room = serve_options(build_parser().parse_args(["serve", "--room"]))
    again = serve_options(build_parser().parse_args(["serve", "--room"]))
    assert len(room.room_token) >= 16
    assert room.room_token != again.room_token  # a new token every run
    assert 0 < room.cull_idle_seconds <= 120  # unconnected kernels go within 2 min
    assert room.max_kernels >= 10
    local = serve_options(build_parser().parse_args(["serve"]))
    assert local.room_token == ""
    assert local.host == "127.0.0.1"


def test_the_printed_address_and_qr_code_carry_the_room_token():
    options = ServeOptions(host="0.0.0.0", port=8123, room_token="Zx_9-token")
    url = start_url(options)
    assert url.endswith(":8123/voila/render/start.ipynb?token=Zx_9-token")
    assert start_url(ServeOptions()).endswith("/voila/render/start.ipynb")


def test_the_join_link_carries_the_room_token():
    page = "http://10.0.0.5:8866/voila/render/start.ipynb"
    link = join_link(page, "K7QM-3TXA", {"KIT_ROOM_TOKEN": "Zx_9-token"})
    assert link == f"{page}?code=K7QM-3TXA&token=Zx_9-token"


@pytest.mark.voila
def test_kit_serve_for_a_room_prints_address_and_qr_and_serves(tmp_path):
    serve = KitServe(tmp_path)
    try:
        assert f":{serve.port}/voila/render/start.ipynb?token=" in serve.printed
        assert len(serve.token) >= 16
        assert str(serve.store) in serve.printed
        assert "█" in serve.printed or "▀" in serve.printed  # the QR code
        assert str(serve.log) in serve.printed
        status, page = serve.get("start.ipynb")
        assert status == 200
        assert "kernel-shutdown.js" in page  # the kit's own template
        assert "cdn.jsdelivr" not in page
    finally:
        serve.stop()
    # The terminal shows what the facilitator needs, on one screen, and nothing
    # else; Voilà's and the kernels' output went to the log file.
    terminal = serve.printed + serve.process.stdout.read()
    assert len(terminal.splitlines()) <= 40
    for noise in ("Warning", "WARNING", "not trusted", "TCP", "Traceback", "[Kit"):
        assert noise not in terminal, noise
    assert "Kernel started" in serve.log.read_text()


def test_a_port_in_use_is_one_dutch_sentence(capsys, tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status = main(["serve", "--port", str(port), "--log", str(tmp_path / "log")])
    assert status == 2
    err = capsys.readouterr().err
    assert f"Poort {port} is al in gebruik" in err
    assert "Traceback" not in err


@pytest.mark.voila
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stop_signal_stops_voila_and_every_kernel(tmp_path, signum):
    # With SIGTERM also the preheated pools: a kernel waiting for a page.
    preheat = "1" if signum == signal.SIGTERM else "0"
    serve = KitServe(tmp_path, "--preheat", preheat)
    try:
        for notebook in ("start.ipynb", "kaarten-bekijken.ipynb", "terugblik.ipynb"):
            assert serve.get(notebook)[0] == 200
        started = descendants(serve.process.pid)
        kernels = [pid for pid in started if b"ipykernel" in cmdline(pid)]
        assert len(kernels) >= 3  # one per open page, and the pools
        assert any(b"kit.roomserver" in cmdline(pid) for pid in started)

        serve.process.send_signal(signum)
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in started) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [pid for pid in started if alive(pid)] == []
        # A supervisor reads what happened: stopped by this signal, nothing left.
        assert serve.process.wait(timeout=10) == 128 + signum
    finally:
        serve.stop()


def test_a_room_sized_for_its_participants_gets_a_warm_session_page():
    from kit.serve import ROOM_PAGE

    args = voila_command(ServeOptions(participants=30))
    pools = next(
        a for a in args if a.startswith("--VoilaKernelManager.kernel_pools_config=")
    )
    config = json.loads(pools.split("=", 1)[1])
    assert config[ROOM_PAGE] == {"pool_size": 32}  # plus control view and beamer
    assert f"--KitVoila.ready_pool={ROOM_PAGE}" in args
    assert "--KernelManager.transport=ipc" in args
    assert start_url(ServeOptions(participants=30)).endswith(
        f"/voila/render/{ROOM_PAGE}"
    )


def test_in_a_room_only_the_session_page_keeps_warm_kernels():
    from kit.serve import ROOM_PAGE

    # A room started with the default --preheat still warms only its one page:
    # every other notebook's waiting kernel would take memory from the room.
    args = voila_command(ServeOptions(participants=30, preheat=2))
    pools = next(
        a for a in args if a.startswith("--VoilaKernelManager.kernel_pools_config=")
    )
    config = json.loads(pools.split("=", 1)[1])
    assert config == {"default": {"pool_size": 0}, ROOM_PAGE: {"pool_size": 32}}


def test_the_facilitator_is_asked_for_the_room_size_and_told_the_memory(
    monkeypatch, capsys
):
    from kit.announce import memory_line
    from kit.cli import room_size

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal())
    answers = iter(["veel", "12"])
    monkeypatch.setattr("builtins.input", lambda _prompt: next(answers))
    parsed = build_parser().parse_args(["serve", "--room"])
    assert room_size(parsed) == 12
    assert "Typ een aantal" in capsys.readouterr().out
    given = build_parser().parse_args(["serve", "--participants", "45"])
    assert serve_options(given).participants == 45
    assert "GB geheugen nodig" in memory_line(30, 64_000)
    assert "Let op" in memory_line(30, 2_000)


def test_kernels_waiting_in_a_pool_do_not_count_against_the_cap():
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from kit.roomserver import kernels_in_use

    async def count() -> int:
        loop = asyncio.get_running_loop()
        ready, starting, failed = (loop.create_future() for _ in range(3))
        ready.set_result({"kernel_id": "k1"})
        failed.set_exception(RuntimeError("kernel died"))
        failed.exception()  # retrieved: no warning at garbage collection

        class Manager:
            def __init__(self) -> None:
                self._pools = {"start.ipynb": [ready, starting, failed]}

            def list_kernel_ids(self) -> list[str]:
                return ["k1", "k2", "page-1", "page-2"]

        return kernels_in_use(Manager())

    # A thread of its own: Playwright's sync API may already run a loop in this one.
    with ThreadPoolExecutor(1) as pool:
        counted = pool.submit(asyncio.run, count()).result()
    assert counted == 2  # two pages; k1 ready and k2 starting in a pool


@pytest.mark.filterwarnings("ignore:--kernel_pools_config:DeprecationWarning")
@pytest.mark.parametrize("preheat", [0, 2])
def test_the_room_server_lets_only_widget_messages_reach_a_kernel(
    tmp_path, monkeypatch, preheat
):
    """In every mode, also when the command line tries to allow running code;
    tests/security/test_room_server.py sends the messages to real kernels."""
    from kit.roomserver import KitVoila
    from kit.serve import voila_environment
    from kit.viewonly import ALLOWED_MESSAGES

    options = ServeOptions(workshops=tmp_path, preheat=preheat)  # no notebooks
    monkeypatch.setenv("JUPYTER_PATH", voila_environment(options)["JUPYTER_PATH"])
    argv = voila_command(options)[3:]  # after "python -m kit.roomserver"
    argv.append('--MappingKernelManager.allowed_message_types=["execute_request"]')
    app = KitVoila()
    app.initialize(argv)
    app.init_settings()
    assert app.kernel_manager.allowed_message_types == list(ALLOWED_MESSAGES)
    assert "execute_request" not in app.kernel_manager.allowed_message_types
