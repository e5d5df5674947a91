"""Issue 14, Medium 2: a hostile content file gets a one-line error naming it.

Alias bombs, self-referencing anchors, Python tags, deep nesting and oversized
files are each refused by ``kit validate`` with one error on the file's line,
inside a memory cap far below what the alias bomb used to take (2.4 GB), and
the terminal never shows the participant's "Je antwoorden … zijn bewaard".
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from kit.locale import t

HEAD = "schema_version: 1\nkind: deck\nid: vijandig\ntitle: Vijandig\n"

#: Nine levels of nine aliases each: 9**8 ≈ 43 million strings from 300 bytes.
BOMB = HEAD + "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else ', '.join(['x'] * 9)}]\n"
    for i in range(9)
)

HOSTILE = {
    "alias_bomb": (BOMB, "&naam en *naam"),
    "self_reference": (HEAD + "cards: &kaarten\n  - *kaarten\n", "&naam en *naam"),
    "self_mapping": (HEAD + "extra: &a {b: *a}\n", "&naam en *naam"),
    "python_tag_scalar": (
        HEAD + "summary: !!python/name:os.system\n",
        "!!python/name:os.system",
    ),
    "python_tag_apply": (
        HEAD + "summary: !!python/object/apply:os.system ['echo oeps']\n",
        "!!python/object/apply:os.system",
    ),
    "deep_nesting": (HEAD + "extra: " + "[" * 5000 + "]" * 5000 + "\n", "genest"),
    "impossible_date": (HEAD + "extra: 2024-13-45\n", "geen geldige YAML"),
    "merge_key": (HEAD + "<<: {a: 1}\n", "geen geldige YAML"),
    "too_many_values": (HEAD + "extra:\n" + "- a\n" * 60_000, "waarden"),
    "too_big": (HEAD + "extra: '" + "a" * 2_000_000 + "'\n", "kB"),
}

#: The bomb took 2.4 GB and 30 s on the old loader; a bounded one needs ~100 MB.
MEMORY_CAP = 1_000_000_000


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_kit_validate_names_the_file_in_one_line(tmp_path: Path, name: str) -> None:
    text, expected = HOSTILE[name]
    folder = tmp_path / "inhoud" / "decks"
    folder.mkdir(parents=True)
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "kit.cli", "validate", str(tmp_path / "inhoud")],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_cap_memory,
        env={**os.environ, "KIT_LANG": "nl"},
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert t("error.unexpected", language="nl") not in output
    assert "bewaard" not in output
    problems = [line for line in result.stderr.splitlines() if f"{name}.yaml" in line]
    assert len(problems) == 1, output
    assert f"decks/{name}.yaml, regel " in problems[0]
    assert expected in problems[0]
    assert "Oplossing:" in problems[0]


def test_an_unexpected_failure_in_the_cli_is_not_the_participant_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kit import cli
    from kit.model import library

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("stuk")

    monkeypatch.setattr(library, "check_directory", broken)
    assert cli.main(["validate", "data"]) == 1
    err = capsys.readouterr().err
    assert "bewaard" not in err
    assert "kit validate" in err
    assert "--debug" in err
