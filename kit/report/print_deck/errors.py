"""The one error printing can raise on its own."""

from __future__ import annotations

from kit.errors import KitError


class PrintError(KitError):
    """The deck cannot be printed as asked; the message says why and what to do."""
