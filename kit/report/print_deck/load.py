"""Find the deck to print: a trainer's file or folder, or a built-in deck."""

from __future__ import annotations

from pathlib import Path

from kit.errors import ContentError
from kit.locale import t
from kit.model.types import Deck, Library
from kit.report.print_deck.errors import PrintError


def load_deck(spec: str) -> tuple[Deck, Library]:
    """The deck named by ``spec``: a file or folder (validated), or a built-in id.

    Raises :class:`~kit.errors.ContentError` with every problem of a trainer's
    file, or :class:`PrintError` when no single deck matches.
    """
    from kit.model.library import builtin_library, check_directory

    path = Path(spec)
    if path.exists():
        report = check_directory(path)
        if not report.ok or report.library is None:
            raise ContentError(report.errors or report.problems)
        decks = report.library.decks
        if len(decks) != 1:
            key = "print.error.no_deck" if not decks else "print.error.several_decks"
            raise PrintError(t(key, path=spec, ids=", ".join(d.id for d in decks)))
        return decks[0], report.library
    library = builtin_library()
    try:
        return library.deck(spec), library
    except KeyError:
        ids = ", ".join(d.id for d in library.decks)
        raise PrintError(t("print.error.unknown_deck", deck=spec, ids=ids)) from None
