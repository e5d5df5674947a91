"""Load YAML and remember on which line every value stands.

Validation messages must name the line, so loading keeps a map from the path of
each value (``("cards", 3, "options")``) to its 1-based line number.

Content files come from trainers and may be shared, so loading is bounded: the
text has a size limit, nesting a depth limit and the number of values a count
limit; anchors and aliases (``&name``/``*name``, which let a few hundred bytes
expand to gigabytes or refer to themselves) and explicit tags (``!!python/…``)
are refused. Every refusal is a :class:`YamlSyntaxError` with a line and a fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from kit.locale import t

Path = tuple[str | int, ...]

#: Largest content file read (bytes); the starter deck of 40 cards is ~125 kB.
MAX_BYTES = 512_000
#: Deepest nesting of lists and blocks; the schemas need fewer than ten levels.
MAX_DEPTH = 32
#: Most values (keys, texts, lists, blocks) in one file; the starter deck of 32
#: cards has ~2,600, and the limit keeps a hostile file under a second.
MAX_NODES = 20_000
#: Tags a content file may spell out; everything else (``!!python/…``) is refused.
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "seq", "map")
)


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
    """The text is not (acceptable) YAML; ``line``, ``reason`` and ``fix`` say
    where, why and what to do (``fix`` is empty for ordinary syntax errors)."""

    def __init__(self, line: int, reason: str, fix: str = ""):
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason
        self.fix = fix


#: libyaml's parser and composer (C) where installed, else PyYAML's own (Python).
_CLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _check_events(text: str) -> None:
    """Refuse aliases, anchors, odd tags and too many or too deeply nested values.

    The events come from libyaml (fast); nothing is composed yet, so a hostile
    file is refused before any tree is built from it.
    """
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_CLoader):
        if isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, yaml.AliasEvent) or event.anchor:
            raise YamlSyntaxError(line, t("yaml.alias"), t("yaml.alias.fix"))
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _PLAIN_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!", 1)
            raise YamlSyntaxError(line, t("yaml.tag", tag=shown), t("yaml.tag.fix"))
        nodes += 1
        if nodes > MAX_NODES:
            raise YamlSyntaxError(
                line, t("yaml.too_many", n=MAX_NODES), t("yaml.too_big.fix")
            )
        if depth + 1 > MAX_DEPTH:
            raise YamlSyntaxError(
                line, t("yaml.too_deep", n=MAX_DEPTH), t("yaml.too_deep.fix")
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1


def check_size(size: int) -> None:
    """Refuse a content file of ``size`` bytes if it is over :data:`MAX_BYTES`."""
    if size > MAX_BYTES:
        reason = t("yaml.too_big", kb=size // 1000, max=MAX_BYTES // 1000)
        raise YamlSyntaxError(1, reason, t("yaml.too_big.fix"))


def load_located(text: str) -> LocatedYaml:
    """Parse ``text`` as YAML (safe subset) and record the line of every value."""
    check_size(len(text.encode("utf-8", errors="replace")))
    loader = None
    try:
        _check_events(text)
        loader = _CLoader(text)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        if "nesting depth" in (exc.problem or ""):  # libyaml's own limit (1,000)
            reason = t("yaml.too_deep", n=MAX_DEPTH)
            raise YamlSyntaxError(line, reason, t("yaml.too_deep.fix")) from None
        raise YamlSyntaxError(line, exc.problem or str(exc)) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, str(exc)) from None
    finally:
        if loader is not None:
            loader.dispose()
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
            key = _construct(key_node, ctor)
            key = key if isinstance(key, str | int) else str(key)
            child = (*path, key)
            if key in result:
                out.duplicate_keys.append((child, key_node.start_mark.line + 1))
            result[key] = _walk(value_node, child, out, ctor)
            out.lines[child] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, (*path, i), out, ctor) for i, item in enumerate(node.value)]
    return _construct(node, ctor)


def _construct(node: yaml.Node, ctor: yaml.SafeLoader) -> object:
    """The Python value of ``node``; a value YAML cannot make (a date such as
    2024-13-45, a ``<<`` merge key) is a syntax error on its line."""
    try:
        return ctor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        reason = getattr(exc, "problem", None) or str(exc)
        raise YamlSyntaxError(node.start_mark.line + 1, reason) from None
