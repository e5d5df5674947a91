"""Every text key used in the code exists in Dutch and English, same blanks."""

from __future__ import annotations

import ast
from pathlib import Path

import kit
from kit.locale import catalogue, placeholders, t

KIT = Path(kit.__file__).parent


def keys_used_in_code() -> set[str]:
    keys: set[str] = set()
    for path in KIT.rglob("*.py"):
        if "locale" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "t"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                keys.add(node.args[0].value)
    return keys


def test_every_literal_key_exists_in_dutch():
    missing = sorted(keys_used_in_code() - set(catalogue("nl")))
    assert missing == []


def test_english_has_every_dutch_key_with_the_same_placeholders():
    nl, en = catalogue("nl"), catalogue("en")
    assert sorted(set(nl) - set(en)) == []
    assert [k for k in nl if placeholders(nl[k]) != placeholders(en[k])] == []


def test_language_switch(monkeypatch):
    monkeypatch.setenv("KIT_LANG", "en")
    assert t("browser.draw") != catalogue("nl")["browser.draw"]
    monkeypatch.setenv("KIT_LANG", "nl")
    assert t("browser.draw") == "Trek een kaart"


def test_counts_take_the_singular_for_one_and_the_plural_otherwise():
    from kit.locale import t

    assert t("proximity.progress", people=1, placements=1, placed=1, total=3) == (
        "1 deelnemer plaatste 1 keer; 1 van de 3 stakeholders zijn geplaatst."
    )
    two = t("proximity.progress", people=0, placements=0, placed=0, total=3)
    assert two.startswith("0 deelnemers plaatsten samen 0 keer")
    assert "keuze(s)" not in t("dilemma.minority.tie", options="A en B", n=1)
    assert "1 keuze." in t("dilemma.minority.tie", options="A en B", n=1)


def test_no_catalogue_text_counts_with_brackets_like_sessie_s():
    import re

    bracketed = re.compile(r"[a-z]\((s|en|pen|len|n|e|es)\)")
    for language in ("nl", "en"):
        found = [k for k, v in catalogue(language).items() if bracketed.search(v)]
        assert found == [], language


def test_a_count_that_arrives_formatted_still_picks_singular_or_plural():
    assert "1 stap." in t("speaking.palette.gap", n="1")
    assert "1.5 stappen." in t("speaking.palette.gap", n="1.5")
    assert "2 sessies" in t("cli.series.exported", path="x", n=2)
    assert "(1 sessie)" in t("cli.series.exported", path="x", n=1)
