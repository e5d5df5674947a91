"""The wheel on its own: built, installed in a fresh virtualenv, `kit serve` with no
checkout in sight serves the workshops with the kit's styles.

Slow (a fresh environment of ~100 packages; pip's cache makes it minutes, not
more), so ``./scripts/test --fast`` leaves it out; CI runs it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import kit
from kit.serve import free_port
from kit.testing.browser import (
    background,
    open_one_screen,
    page_problems,
    tool_stylesheets,
)
from kit.testing.procs import wait_until_answering

REPO = Path(__file__).resolve().parents[2]
STEP_TIMEOUT = 600  # seconds for one build or install step
pytestmark = [
    pytest.mark.browser,
    pytest.mark.voila,
    pytest.mark.slow,
    pytest.mark.timeout(2 * STEP_TIMEOUT + 180),
]


def run(args: list[str], log: Path, **kwargs: Any) -> None:
    """Run one step, its output appended to ``log``; fail with the log's tail."""
    with log.open("ab") as out:
        out.write(f"\n$ {' '.join(args)}\n".encode())
        out.flush()
        code = subprocess.run(
            args, stdout=out, stderr=subprocess.STDOUT, timeout=STEP_TIMEOUT, **kwargs
        ).returncode
    if code != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-40:])
        pytest.fail(f"step failed ({code}): {' '.join(args)}\n{tail}")


def outside_env(venv: Path, home: Path) -> dict[str, str]:
    """No trace of the developer's checkout, virtualenv or Jupyter settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JUPYTER_", "KIT_", "PYTHON", "VIRTUAL_ENV", "CONDA"))
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["HOME"] = str(home)
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist), str(REPO)],
        dist / "build.log",
    )
    (built,) = dist.glob("wakkere_afweging-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the wheel and its dependencies, nothing else."""
    place = tmp_path_factory.mktemp("installed")
    venv = place / "venv"
    log = place / "install.log"
    run([sys.executable, "-m", "venv", str(venv)], log)
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], log)
    return venv


@pytest.fixture
def served(venv: Path, tmp_path: Path) -> Iterator[str]:
    """`kit serve` from the installed wheel, started in an empty folder."""
    home = tmp_path / "home"
    home.mkdir()
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [
            str(venv / "bin" / "kit"),
            "serve",
            f"--port={port}",
            f"--store=sqlite:///{tmp_path / 'room.sqlite3'}",
            "--preheat=0",
        ],
        cwd=tmp_path,
        env=outside_env(venv, home),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # so Voilà, started by kit serve, stops with it
    )
    base = f"http://127.0.0.1:{port}/voila/render/"
    try:
        problem = wait_until_answering(base + "start.ipynb", process, 120)
        assert problem is None, (tmp_path / "serve.log").read_text(errors="replace")
        yield base
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def test_the_wheel_carries_content_workshops_styles_and_types(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "kit/py.typed",
        "kit/data/decks/starter.yaml",
        "kit/workshops/start.ipynb",
        "kit/workshops/afwegen.ipynb",
        "kit/widgets/static/kit-common.css",
        "kit/widgets/static/kit-matrix.css",
        "kit/voila/templates/kit/index.html.j2",
    } <= names
    # One version, read from kit/__init__.py.
    assert wheel.name.startswith(f"wakkere_afweging-{kit.__version__}-")


def test_the_installed_kit_lives_in_the_virtualenv(venv, tmp_path):
    out = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import kit; print(kit.__file__)"],
        cwd=tmp_path,
        env=outside_env(venv, tmp_path),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert Path(out.strip()).is_relative_to(venv)


def test_kit_serve_from_the_wheel_serves_the_workshops_styled(served, browser):
    record = open_one_screen(browser, served + "afwegen.ipynb", ready=".kit-matrix")
    page = record.page
    assert tool_stylesheets(page) >= {"common", "matrix"}
    assert background(page, ".kit-matrix-notice") == "rgb(255, 244, 229)"
    assert background(page, "body") == "rgb(244, 245, 247)"  # the page's kit.css
    assert page_problems(record) == []
    page.context.close()
