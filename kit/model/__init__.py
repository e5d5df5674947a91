"""Plain data of the kit: content types, loading and validation, aggregation.

Never imports ipywidgets (a test checks the import direction).
"""

from kit.model.library import builtin_library, check_directory, load_library
from kit.model.types import (
    Belief,
    Deck,
    DilemmaCard,
    Library,
    Option,
    StakeholderTemplate,
    Value,
    ValueCatalogue,
)

__all__ = [
    "Belief",
    "Deck",
    "DilemmaCard",
    "Library",
    "Option",
    "StakeholderTemplate",
    "Value",
    "ValueCatalogue",
    "builtin_library",
    "check_directory",
    "load_library",
]
