"""`kit serve`: the facilitator's one command for a room."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kit.cli import main
from kit.serve import ServeOptions, free_port, voila_command

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


@pytest.mark.voila
def test_kit_serve_for_a_room_prints_address_and_qr_and_serves(tmp_path):
    port = free_port()
    store = tmp_path / "zaal.sqlite3"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kit.cli",
            "serve",
            "--room",
            "--port",
            str(port),
            "--store",
            f"sqlite:///{store}",
            "--preheat",
            "0",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any("Ctrl+C" in x for x in lines):
            lines.append(process.stdout.readline())
        printed = "".join(lines)
        assert f":{port}/voila/render/start.ipynb" in printed
        assert str(store) in printed
        assert "█" in printed or "▀" in printed  # the QR code, drawn in the terminal
        deadline = time.monotonic() + 60
        status = 0
        while time.monotonic() < deadline:
            try:
                url = f"http://127.0.0.1:{port}/voila/render/start.ipynb"
                with urllib.request.urlopen(url, timeout=60) as response:
                    status = response.status
                    page = response.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200
        assert "kernel-shutdown.js" in page  # the kit's own template
        assert "cdn.jsdelivr" not in page
    finally:
        process.terminate()
        process.wait(timeout=30)
