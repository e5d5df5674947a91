"""Load YAML and remember on which line every value stands.

Validation messages must name the line, so loading keeps a map from the path of
each value (``("cards", 3, "options")``) to its 1-based line number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

Path = tuple[str | int, ...]


@dataclass
class LocatedYaml:
    """Parsed YAML data plus the line of every path in it."""

    data: object
    lines: dict[Path, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[Path, int]] = field(default_factory=list)

    def line_of(self, path: Path) -> int:
        """Line of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1


class YamlSyntaxError(Exception):
    """The text is not YAML; ``line`` and ``reason`` say where and why."""

    def __init__(self, line: int, reason: str):
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


def load_located(text: str) -> LocatedYaml:
    """Parse ``text`` as YAML (safe subset) and record the line of every value."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlSyntaxError(line, exc.problem or str(exc)) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, str(exc)) from None
    located = LocatedYaml(data=None)
    if node is None:
        return located
    constructor = yaml.SafeLoader("")
    located.data = _walk(node, (), located, constructor)
    return located


def _walk(
    node: yaml.Node, path: Path, out: LocatedYaml, ctor: yaml.SafeLoader
) -> object:
    out.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[object, object] = {}
        for key_node, value_node in node.value:
            key = ctor.construct_object(key_node, deep=True)
            key = key if isinstance(key, str | int) else str(key)
            child = (*path, key)
            if key in result:
                out.duplicate_keys.append((child, key_node.start_mark.line + 1))
            result[key] = _walk(value_node, child, out, ctor)
            out.lines[child] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, (*path, i), out, ctor) for i, item in enumerate(node.value)]
    return ctor.construct_object(node, deep=True)
