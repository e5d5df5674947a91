"""Cleaning text that people type, before it is stored and shown to others."""

from __future__ import annotations

#: Joiners are part of ordinary emoji and several scripts; keep them.
_JOINERS = {"\u200c", "\u200d"}


def visible_text(text: object, *, newlines: bool = True) -> str:
    """``text`` without control and format characters, trimmed.

    Removes what can hide or reorder text (e.g. right-to-left overrides) and
    control characters, keeps letters of every script, emoji (with their
    joiners) and, if ``newlines``, line breaks.
    """
    kept = (
        ch
        for ch in str(text or "")
        if ch.isprintable() or ch in _JOINERS or (newlines and ch == "\n")
    )
    return "".join(kept).strip()


def one_line(text: object) -> str:
    """Typed text on one line (for lists and table cells): whitespace collapsed."""
    return " ".join(str(text or "").split())
