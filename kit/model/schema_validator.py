"""jsonschema's validator, imported without the format checkers' libraries.

jsonschema imports every optional library of its format checkers (dates,
durations, colours, URIs, host names…) when they are installed, which
JupyterLab's dependencies do. The kit's schemas check no ``format``, and this
import is on the path to every workshop page's first paint, so those libraries
are hidden while jsonschema loads and then made importable again.
"""

from __future__ import annotations

import sys

#: The format checkers' optional libraries (jsonschema._format).
_FORMAT_LIBRARIES = (
    "fqdn",
    "idna",
    "isoduration",
    "jsonpointer",
    "rfc3339_validator",
    "rfc3986_validator",
    "rfc3987",
    "uri_template",
    "webcolors",
)

if "jsonschema" not in sys.modules:
    _hidden = [name for name in _FORMAT_LIBRARIES if name not in sys.modules]
    for _name in _hidden:
        sys.modules[_name] = None  # type: ignore[assignment]  # import fails
    try:
        from jsonschema import Draft202012Validator
        from jsonschema.exceptions import ValidationError, best_match
    finally:
        for _name in _hidden:
            del sys.modules[_name]
else:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError, best_match

__all__ = ["Draft202012Validator", "ValidationError", "best_match"]
