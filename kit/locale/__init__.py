"""UI text catalogues: Dutch by default, English as second language.

Widgets and CLI never hold Dutch strings themselves; they call :func:`t` with a
key. A language's catalogue is ``kit/locale/<lang>.py`` plus every
``kit/locale/<lang>_<tool>.py`` (one file per tool keeps them reviewable).
``KIT_LANG=en`` switches the language for a process.
"""

from __future__ import annotations

import os
import pkgutil
import re
from functools import cache
from importlib import import_module
from string import Formatter

DEFAULT_LANGUAGE = "nl"
LANGUAGES = ("nl", "en")


@cache
def catalogue(language: str) -> dict[str, str]:
    """Return the merged message catalogue of ``language`` (``"nl"`` or ``"en"``)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {LANGUAGES}")
    names = [
        language,
        *sorted(
            m.name
            for m in pkgutil.iter_modules(__path__)
            if m.name.startswith(f"{language}_")
        ),
    ]
    merged: dict[str, str] = {}
    for name in names:
        merged.update(import_module(f"kit.locale.{name}").MESSAGES)
    return merged


def current_language() -> str:
    lang = os.environ.get("KIT_LANG", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, /, language: str | None = None, **params: object) -> str:
    """Translate ``key`` and fill in ``params``.

    A missing key falls back to Dutch, then to the key itself, so a typo shows up
    in the UI instead of crashing it (a test checks every key used exists).
    """
    lang = language or current_language()
    text = catalogue(lang).get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
    return plural(text, params).format(**params) if params else text


#: ``{n|deelnemer|deelnemers}``: the singular when ``n`` is 1, else the plural.
PLURAL = re.compile(r"\{(\w+)\|([^{}|]*)\|([^{}|]*)\}")


def plural(text: str, params: dict[str, object]) -> str:
    """Choose singular or plural words by the number they count."""

    def pick(match: re.Match[str]) -> str:
        return match.group(2) if _is_one(params.get(match.group(1))) else match.group(3)

    return PLURAL.sub(pick, text)


def _is_one(value: object) -> bool:
    """1, 1.0 and "1" count as one (a number may arrive already formatted)."""
    try:
        return float(str(value)) == 1
    except ValueError:
        return False


def placeholders(text: str) -> set[str]:
    """Names of the ``{placeholders}`` in a catalogue text (plurals count too)."""
    text = PLURAL.sub(lambda m: "{" + m.group(1) + "}", text)
    return {name for _, name, _, _ in Formatter().parse(text) if name}
