"""The content-format reference (data/FORMAT.md), generated from the JSON Schemas.

Generated, not written, so it cannot drift from what ``kit validate`` checks; a
test compares the file with :func:`render_reference`.
"""

from __future__ import annotations

from typing import Any

from kit.model.content import KINDS, schema

INTRO = """\
# Formaat van de inhoudsbestanden

<!-- Gegenereerd uit kit/schemas/*.schema.json door kit.model.schema_doc; niet met de
hand aanpassen. Opnieuw maken: python -m kit.model.schema_doc > data/FORMAT.md -->

Alle bestanden in `data/` (en in je eigen map met kaarten) zijn YAML in UTF-8. Elk
bestand begint met `schema_version:` (de versie van het formaat; welke versies een
soort kent, staat hieronder bij `schema_version`) en `kind:` met de soort bestand.
Codes (`id`) bestaan uit kleine letters, cijfers en `_` en beginnen met een letter.
Controleer een bestand of map met `kit validate PAD`: elke fout noemt bestand, regel,
veld en oplossing. Editors die JSON Schema kennen (bijv. VS Code met de YAML-extensie)
gebruiken `data/schemas/` om al tijdens het typen te waarschuwen.
"""


def _type(spec: dict[str, Any]) -> str:
    if "const" in spec:
        return f"precies `{spec['const']}`"
    if "enum" in spec:
        return "een van: " + ", ".join(f"`{v}`" for v in spec["enum"])
    kind = spec.get("type", "")
    if kind == "array":
        item = spec.get("items", {})
        inner = (
            "blokken (zie hieronder)" if item.get("type") == "object" else _type(item)
        )
        count = ""
        if "minItems" in spec or "maxItems" in spec:
            count = f" ({spec.get('minItems', 0)}–{spec.get('maxItems', 'onbeperkt')})"
        return f"lijst van {inner}{count}"
    if kind == "string":
        limits = ""
        if "maxLength" in spec:
            limits = f", max. {spec['maxLength']} tekens"
        return "tekst" + (" (code)" if "pattern" in spec else "") + limits
    if kind == "integer":
        return (
            f"geheel getal {spec.get('minimum', '')}–{spec.get('maximum', '')}".strip()
        )
    return {"object": "blok met velden"}.get(kind, kind or "?")


def _table(spec: dict[str, Any], later: dict[str, object] | None = None) -> list[str]:
    """The fields of one block; ``later`` maps fields required from a version on."""
    required = set(spec.get("required", []))
    later = later or {}
    rows = ["| veld | verplicht | wat | soort |", "|---|---|---|---|"]
    for name, field in spec.get("properties", {}).items():
        about = field.get("description", "").replace("|", "\\|")
        needed = "ja" if name in required else "nee"
        if name in later and name not in required:
            needed = f"ja (vanaf versie {later[name]})"
        rows.append(f"| `{name}` | {needed} | {about} | {_type(field)} |")
    return rows


def _nested(spec: dict[str, Any], path: str) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for name, field in spec.get("properties", {}).items():
        item = field.get("items", {}) if field.get("type") == "array" else {}
        if item.get("type") == "object":
            found.append((f"{path}{name}[]", item))
            found.extend(_nested(item, f"{path}{name}[]."))
    return found


def _required_from_version(spec: dict[str, Any]) -> dict[str, dict[str, object]]:
    """Fields an ``if schema_version … then required`` rule adds, by block path.

    The path names a block as :func:`_nested` does (``""`` for the top,
    ``"cards[]"``, ``"cards[].options[]"``); the value maps field to version.
    """
    found: dict[str, dict[str, object]] = {}

    def walk(node: dict[str, Any], path: str, version: object) -> None:
        for name in node.get("required", []):
            found.setdefault(path, {})[name] = version
        for name, field in node.get("properties", {}).items():
            item = field.get("items")
            if isinstance(item, dict):
                walk(item, f"{path}.{name}[]" if path else f"{name}[]", version)

    for rule in spec.get("allOf", []):
        condition = rule.get("if", {}).get("properties", {})
        version = condition.get("schema_version", {}).get("const")
        if version is not None and isinstance(rule.get("then"), dict):
            walk(rule["then"], "", version)
    return found


def render_reference() -> str:
    """The whole reference as Markdown."""
    lines = [INTRO]
    for kind in KINDS:
        spec = schema(kind)
        lines += [
            "",
            f"## `kind: {kind}` — {spec['title']}",
            "",
            spec["description"],
            "",
        ]
        later = _required_from_version(spec)
        lines += _table(spec, later.get(""))
        for path, item in _nested(spec, ""):
            lines += ["", f"### Elk item in `{path}`", ""]
            lines += _table(item, later.get(path))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_reference(), end="")
