"""Workshop notebooks: clean in git, thin, and run top to bottom in a kernel."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "workshops").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_clean_and_thin(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    assert 1 <= len(code) <= 3
    assert sum(len(c.source.splitlines()) for c in code) <= 12
    assert nb.cells[0].cell_type == "markdown"
    assert nb.cells[0].source.startswith("# ")


WORKSHOPS = [p for p in NOTEBOOKS if p.name != "sessie.ipynb"]  # the room: own layout


@pytest.mark.parametrize("path", WORKSHOPS, ids=[p.name for p in WORKSHOPS])
def test_the_tool_comes_first_and_the_intro_is_folded_under_uitleg(path):
    """A participant's phone shows their own task first, not screens of intro."""
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].source.strip().count("\n") == 0  # the title only
    assert nb.cells[1].cell_type == "code"  # then the tool
    about = [c for c in nb.cells if "kit-about" in c.source]
    assert len(about) == 1
    assert about[0].source.startswith(
        '<details class="kit-about"><summary>Uitleg</summary>\n\n'
    )
    assert "\n\n</details>" in about[0].source
    assert nb.cells.index(about[0]) > 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom_without_errors_or_warnings(
    path, tmp_path, monkeypatch
):
    monkeypatch.setenv("KIT_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", output
            if output.output_type == "stream":
                assert output.name != "stderr", output.text
