"""Wakkere afweging: widgets and content for practising professional judgement.

The public surface below is what a workshop notebook needs; heavier parts
(widgets, charts) load on first use so a participant's kernel starts fast.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any

# jsonschema imports the optional ``rfc3987_syntax`` (an IRI grammar) when it is
# installed, which JupyterLab's dependencies do. Measured here it adds ~1.4 s to
# ``import altair`` and to every kernel start; the kit's schemas use no IRI
# format, so it is kept out of kit processes. A None entry in sys.modules is
# Python's documented way to make an import fail (typeshed allows modules only).
if "rfc3987_syntax" not in sys.modules:
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]

__version__ = "0.1.0"

_EXPORTS = {
    "load_library": "kit.model",
    "builtin_library": "kit.model",
    "check_directory": "kit.model",
    "open_store": "kit.store",
    "t": "kit.locale",
    "KitError": "kit.errors",
    "ContentError": "kit.errors",
    "InvalidInput": "kit.errors",
    "DeckBrowser": "kit.widgets",
    "DilemmaTable": "kit.widgets",
    "Seat": "kit.session",
    "one_screen_seat": "kit.session",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kit' has no attribute {name!r}")
    return getattr(import_module(module), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
