"""`kit serve`: the facilitator's one command for a room."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kit.announce import start_url
from kit.cli import build_parser, main, serve_options
from kit.processes import alive, descendants
from kit.serve import ServeOptions, free_port, voila_command
from kit.testing.procs import stop
from kit.widgets.start import join_link

REPO = Path(__file__).resolve().parents[2]


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


class KitServe:
    """``kit serve --room`` as a facilitator starts it, read line by line."""

    def __init__(self, tmp_path: Path, *extra: str) -> None:
        self.port = free_port()
        self.store = tmp_path / "zaal.sqlite3"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kit.cli",
                "serve",
                "--room",
                "--port",
                str(self.port),
                "--store",
                f"sqlite:///{self.store}",
                "--preheat",
                "0",
                *extra,
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # as in a terminal of its own
        )
        lines = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any("Ctrl+C" in x for x in lines):
            lines.append(self.process.stdout.readline())
        self.printed = "".join(lines)
        found = re.search(r"\?token=([A-Za-z0-9_-]+)", self.printed)
        self.token = found.group(1) if found else ""

    def get(self, notebook: str, token: bool = True) -> tuple[int, str]:
        """Status and page of a GET, waiting until the server answers."""
        query = f"?token={self.token}" if token else ""
        url = f"http://127.0.0.1:{self.port}/voila/render/{notebook}{query}"
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url, timeout=90) as response:
                    return response.status, response.read().decode()
            except urllib.error.HTTPError as error:
                return error.code, error.read().decode()
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def stop(self) -> None:
        stop(self.process, grace=30)


def test_kit_serve_for_a_room_prints_address_and_qr_and_serves(tmp_path):
    serve = KitServe(tmp_path)
    try:
        assert f":{serve.port}/voila/render/start.ipynb?token=" in serve.printed
        assert len(serve.token) >= 16
        assert str(serve.store) in serve.printed
        assert "█" in serve.printed or "▀" in serve.printed  # the QR code
        status, page = serve.get("start.ipynb")
        assert status == 200
        assert "kernel-shutdown.js" in page  # the kit's own template
        assert "cdn.jsdelivr" not in page
    finally:
        serve.stop()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stop_signal_stops_voila_and_every_kernel(tmp_path, signum):
    serve = KitServe(tmp_path)
    try:
        for notebook in ("start.ipynb", "kaarten-bekijken.ipynb", "terugblik.ipynb"):
            assert serve.get(notebook)[0] == 200
        started = descendants(serve.process.pid)
        kernels = [pid for pid in started if b"ipykernel" in cmdline(pid)]
        assert len(kernels) == 3  # one per open page
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


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


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


def test_the_facilitator_is_asked_for_the_room_size_and_told_the_memory(
    monkeypatch, capsys
):
    from kit.announce import memory_line
    from kit.cli import room_size

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal())
    answers = iter(["veel", "12"])
    monkeypatch.setattr("builtins.input", lambda _prompt: next(answers))
    parsed = build_parser().parse_args(["serve", "--room"])
    assert room_size(parsed) == 12
    assert "Typ een aantal" in capsys.readouterr().out
    given = build_parser().parse_args(["serve", "--participants", "45"])
    assert serve_options(given).participants == 45
    assert "GB geheugen nodig" in memory_line(30, 64_000)
    assert "Let op" in memory_line(30, 2_000)
