"""The TrueType fonts embedded in a printed deck."""

from __future__ import annotations

from pathlib import Path

from kit.locale import t
from kit.report.print_deck.errors import PrintError

FAMILY = "kitsans"

_SOURCE_SANS = {
    "": "SourceSansPro-Regular.ttf",
    "B": "SourceSansPro-Bold.ttf",
    "I": "SourceSansPro-It.ttf",
    "BI": "SourceSansPro-BoldIt.ttf",
}


def font_files() -> dict[str, Path]:
    """The TrueType files to embed, by fpdf2 style (``""``, ``"B"``, ``"I"``, ``"BI"``).

    Source Sans Pro as bundled with the kit's template (SIL OFL; Dutch
    diacritics, ĳ, typographic quotes and dashes) — the same letters as the
    charts. A damaged install gives a :class:`PrintError` that says what to do.
    """
    from kit.charts.theme import FONT_DIR

    found = {style: FONT_DIR / name for style, name in _SOURCE_SANS.items()}
    if all(path.is_file() for path in found.values()):
        return found
    raise PrintError(t("print.error.no_font"))
