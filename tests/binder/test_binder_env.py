"""Binder: the files in ``binder/`` alone make an environment that runs the workshops.

Built the way repo2docker builds it: a fresh virtual environment on the Python of
``binder/runtime.txt``, ``pip install -r binder/requirements.txt``, then
``binder/postBuild`` in a copy of the repository's tracked files (so neither the
developer's ``.venv`` nor their untracked files can make it pass). Voilà then runs
as a Jupyter server extension under a ``/user/...`` base URL, as on Binder, with
no ``--template``: the server config the kit installs has to select the kit's
template. Every workshop notebook opens in headless Chromium and must meet the
kit's page standard. A build that cannot be done fails; it never skips.

``KIT_BINDER_UNTRACKED=1`` also copies untracked (not ignored) files, to try
workshops before they are committed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kit.locale import t
from kit.serve import free_port
from kit.testing.browser import open_page, page_problems
from kit.testing.procs import stop, wait_until_answering

REPO = Path(__file__).resolve().parents[2]
BINDER = REPO / "binder"
BASE_URL = "/user/binder-test/"  # Binder serves each user under a prefix like this
BUILD_TIMEOUT = 480  # seconds; a cold pip cache downloads ~100 wheels
pytestmark = [
    pytest.mark.browser,
    pytest.mark.voila,
    pytest.mark.slow,
    pytest.mark.timeout(BUILD_TIMEOUT + 120),
]


def repo_files() -> list[str]:
    """The files Binder would see: tracked ones (plus untracked if asked)."""
    args = ["git", "ls-files", "-z", "--cached"]
    if os.environ.get("KIT_BINDER_UNTRACKED") == "1":
        args += ["--others", "--exclude-standard"]
    try:
        out = subprocess.run(
            args, cwd=REPO, check=True, capture_output=True, timeout=60
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.fail(f"cannot list the repository's files with git: {exc}")
    names = sorted({n for n in out.decode().split("\0") if n})
    return [n for n in names if (REPO / n).is_file()]  # deleted but not yet staged


def workshop_notebooks() -> list[str]:
    return [
        Path(n).name for n in repo_files() if re.fullmatch(r"workshops/[^/]+\.ipynb", n)
    ]


def binder_python() -> str:
    """An interpreter of the version ``binder/runtime.txt`` asks for."""
    runtime = (BINDER / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(\d+)\.(\d+)", runtime)
    assert match, f"binder/runtime.txt should read python-X.Y, not {runtime!r}"
    wanted = tuple(int(g) for g in match.groups())
    if sys.version_info[:2] == wanted:
        return sys.executable
    other = shutil.which("python{}.{}".format(*wanted))
    if other is None:
        pytest.fail(f"binder/runtime.txt asks for {runtime}; no such Python here")
    return other


def run(args: list[str], log: Path, **kwargs: Any) -> None:
    """Run a build step, appending its output to ``log``; fail with the log."""
    with log.open("ab") as out:
        out.write(f"\n$ {' '.join(args)}\n".encode())
        out.flush()
        try:
            code = subprocess.run(
                args,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=BUILD_TIMEOUT,
                **kwargs,
            ).returncode
        except subprocess.TimeoutExpired:
            code = "timeout"
    if code != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-60:])
        pytest.fail(f"binder build step failed ({code}): {' '.join(args)}\n{tail}")


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without anything that points into the developer's setup."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JUPYTER_", "KIT_", "PYTHON", "VIRTUAL_ENV", "CONDA"))
        or k == "KIT_TEST_RUN"  # the run's marker: the end-of-run check sees it
    }
    env.update(extra)
    return env


@dataclass
class BinderBuild:
    venv: Path
    repo: Path
    home: Path
    log: Path

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    def env(self, **extra: str) -> dict[str, str]:
        path = f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}"
        return clean_env(PATH=path, **extra)


@pytest.fixture(scope="module")
def binder_build(tmp_path_factory: pytest.TempPathFactory) -> BinderBuild:
    """One environment per test session, built from ``binder/`` alone.

    Left in pytest's temporary folder (~0.5 GB; pytest keeps the last three
    runs): removing it here would add half a minute to every run.
    """
    files = repo_files()
    missing = {"binder/requirements.txt", "binder/postBuild"} - set(files)
    if missing:
        pytest.fail(
            f"{sorted(missing)} not tracked by git, so Binder would not see them: "
            "git add them (or try them first with KIT_BINDER_UNTRACKED=1)"
        )
    root = tmp_path_factory.mktemp("binder")
    repo, venv, home = root / "repo", root / "venv", root / "home"
    home.mkdir()
    for name in files:
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)  # keeps postBuild's executable bit
    log = root / "build.log"
    started = time.monotonic()
    run([binder_python(), "-m", "venv", str(venv)], log, env=clean_env())
    build = BinderBuild(venv, repo, home, log)
    pip = [str(build.bin / "python"), "-m", "pip"]
    run(
        [*pip, "install", "-r", "binder/requirements.txt"],
        log,
        cwd=repo,
        env=build.env(),
    )
    # repo2docker runs ./binder/postBuild from the repository root.
    run(["./binder/postBuild"], log, cwd=repo, env=build.env())
    with log.open("a") as out:
        out.write(f"\nbuilt in {time.monotonic() - started:.0f} s\n")
    return build


def pinned() -> dict[str, str]:
    pins = {}
    for line in (BINDER / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep, f"binder/requirements.txt: {line!r} is not pinned with =="
            pins[canonical(name)] = version.strip()
    return pins


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_environment_is_exactly_what_is_pinned(binder_build: BinderBuild) -> None:
    python = str(binder_build.bin / "python")
    env = binder_build.env()
    freeze = subprocess.run(
        [python, "-m", "pip", "freeze", "--all"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        timeout=120,
    ).stdout
    installed = {}
    for line in freeze.splitlines():
        name, _, version = line.replace(" @ ", "==", 1).partition("==")
        installed[canonical(name.strip())] = version.strip()
    pins = pinned()
    # postBuild installed the kit as a normal (non-editable) package.
    assert "wakkere-afweging" in installed, freeze
    moved = {n: (v, installed.get(n)) for n, v in pins.items() if installed.get(n) != v}
    assert moved == {}, "pinned (wanted, installed) differ"
    unpinned = set(installed) - set(pins) - {"pip", "setuptools", "wakkere-afweging"}
    assert unpinned == set(), "installed without a pin in binder/requirements.txt"
    # Every dependency the kit declares is met by the pins (postBuild uses --no-deps).
    check = subprocess.run(
        [python, "-m", "pip", "check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    # A normal install puts the template where Jupyter looks for it (shared-data);
    # that the server picks it is what the page tests check.
    assert (binder_build.venv / "share/jupyter/voila/templates/kit/conf.json").is_file()


@dataclass
class BinderServer:
    base: str
    log: Path

    def url(self, notebook: str) -> str:
        return f"{self.base}voila/render/workshops/{notebook}"

    def log_tail(self, lines: int = 80) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture(scope="module")
def binder_server(binder_build: BinderBuild) -> Iterator[BinderServer]:
    """Jupyter server from the Binder environment, Voilà as its extension."""
    port = free_port()
    home = binder_build.home
    env = binder_build.env(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local/share"),
        JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
        JUPYTER_DATA_DIR=str(home / ".local/share/jupyter"),
        JUPYTER_RUNTIME_DIR=str(home / ".local/share/jupyter/runtime"),
    )
    log = binder_build.log.with_name("server.log")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(binder_build.bin / "jupyter"),
                "server",
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                f"--ServerApp.base_url={BASE_URL}",
                "--IdentityProvider.token=",
                "--ServerApp.password=",
                f"--ServerApp.root_dir={binder_build.repo}",
                *(["--allow-root"] if os.geteuid() == 0 else []),
            ],
            cwd=binder_build.repo,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # stop() ends its process group too
        )
    server = BinderServer(f"http://127.0.0.1:{port}{BASE_URL}", log)
    try:
        problem = wait_until_answering(f"{server.base}api/status", process, 90)
        if problem:
            pytest.fail(f"jupyter server {problem}:\n{server.log_tail()}")
        yield server
    finally:
        stop(process, grace=20)


def test_there_are_workshops_to_open() -> None:
    assert "start.ipynb" in workshop_notebooks()


@pytest.mark.parametrize("notebook", workshop_notebooks())
def test_workshop_renders_on_binder(
    notebook: str, binder_server: BinderServer, browser: Any
) -> None:
    record = open_page(browser, binder_server.url(notebook), timeout_ms=180_000)
    try:
        problems = page_problems(record)
        # The page came from the kit's template, chosen by the installed config.
        styles = record.page.eval_on_selector_all(
            "link[rel=stylesheet]", "links => links.map(l => l.href)"
        )
        if not any("/voila/templates/kit/static/kit.css" in s for s in styles):
            problems.append(f"not the kit template; stylesheets: {styles}")
        assert problems == [], binder_server.log_tail()
    finally:
        record.page.context.close()


def test_start_page_offers_the_three_choices(
    binder_server: BinderServer, browser: Any
) -> None:
    record = open_page(browser, binder_server.url("start.ipynb"), timeout_ms=180_000)
    page = record.page
    try:
        for key in ("gate.join.button", "gate.start.button", "gate.one_screen.button"):
            button = page.get_by_role("button", name=t(key, language="nl"), exact=True)
            assert button.count() == 1, key
            assert button.is_visible(), key
            assert button.is_enabled(), key
        assert page_problems(record) == [], binder_server.log_tail()
    finally:
        page.context.close()
