"""In JupyterLab (one screen, trainers editing notebooks) a tool is styled as in Voilà.

The stylesheets travel with the widgets (kit.widgets.styles), not with the Voilà
template, so a notebook run in JupyterLab gets the same rules.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from kit.serve import free_port
from kit.testing.browser import background, tool_stylesheets
from kit.testing.procs import wait_until_answering


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[str]:
    """JupyterLab on a folder with one notebook that shows the matrix."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from kit import apps\napps.weigh()")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(nb, tmp_path / "weigh.ipynb")
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, KIT_DATABASE_URL=f"sqlite:///{tmp_path / 's.sqlite3'}")
    log = (tmp_path / "lab.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--allow-root",  # CI runs as root; harmless otherwise
            f"--port={port}",
            f"--IdentityProvider.token={token}",
        ],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        problem = wait_until_answering(f"{base}/lab?token={token}", process, 120)
        assert problem is None, (tmp_path / "lab.log").read_text(errors="replace")
        yield f"{base}/lab/tree/weigh.ipynb?token={token}"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def test_the_matrix_is_styled_in_jupyterlab(lab, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(lab)
        page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=120_000)
        page.locator(".jp-Cell .cm-content").first.click()
        page.keyboard.press("Shift+Enter")
        # Without a seat the join form comes first; a trainer works on one screen.
        page.get_by_role("button", name="Werk op één scherm").click(timeout=120_000)
        page.wait_for_selector(".kit-matrix", timeout=120_000)
        assert tool_stylesheets(page) >= {"common", "matrix"}
        assert background(page, ".kit-matrix-notice") == "rgb(255, 244, 229)"
        assert background(page, ".kit-root .jupyter-button.mod-primary") == (
            "rgb(11, 87, 208)"
        )
    finally:
        context.close()
