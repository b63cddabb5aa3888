"""Parse YAML front matter into plain values plus the line of every value.

PyYAML is asked for its node tree so that each key keeps its line; a syntax
error becomes a located, French `YamlError` instead of an empty mapping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

Path = tuple  # a key path such as ("phases", 0, "start")

# Frequent PyYAML complaints, each with what a non-developer should do.
_HINTS = (
    ("mapping values are not allowed",
     "un « : » inattendu ; si la valeur contient « : », mettez-la entre guillemets"),
    ("could not find expected ':'",
     "il manque « : » après le nom du champ, ou une ligne est mal indentée"),
    ("cannot start any token",
     "caractère interdit en début de valeur (tabulation, @, `) : indentez avec des "
     "espaces et mettez la valeur entre guillemets"),
    ("found unexpected end of stream",
     "guillemet ouvert mais jamais fermé"),
    ("while scanning a quoted scalar",
     "guillemet ouvert mais jamais fermé sur cette ligne"),
    ("expected <block end>",
     "indentation incohérente : alignez les éléments d'une même liste ou d'un même bloc"),
    ("did not find expected '-' indicator",
     "élément de liste mal aligné : chaque élément commence par « - » à la même colonne"),
    ("did not find expected key",
     "indentation incohérente : alignez les champs d'un même bloc"),
    ("found undefined alias", "« * » en début de valeur : mettez la valeur entre guillemets"),
    ("found character that cannot start any token",
     "caractère interdit en début de valeur : mettez la valeur entre guillemets"),
)


_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    """SafeLoader with YAML 1.2 booleans and dates left as text.

    YAML 1.1 reads `no` or `oui`-like words as booleans and builds dates
    itself, crashing on 2019-02-30; the validator parses dates and booleans
    with messages of its own instead.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))


@dataclass(frozen=True)
class YamlError(Exception):
    """A YAML syntax error, located at a line of the YAML text (1-based)."""

    line: int
    message: str


@dataclass(frozen=True)
class Parsed:
    """Plain values, the line of each key path, and keys written twice."""

    data: Any
    lines: dict
    duplicates: tuple[tuple[Path, int], ...]

    def line(self, path: Path, default: int = 1) -> int:
        """Return the line of `path`, else of its nearest ancestor."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), default)


def parse_yaml(text: str) -> Parsed:
    """Parse one YAML document; raise YamlError with a French hint on bad syntax."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark is not None and "quoted scalar" in (error.context or ""):
            mark = error.context_mark  # where the quote was opened, not the end of text
        line = mark.line + 1 if mark is not None else 1
        raise YamlError(line, _explain(error)) from None
    except (yaml.YAMLError, ValueError, TypeError) as error:
        # Unmarked errors (a bad !!tag value, an unhashable key): rare, keep them readable.
        raise YamlError(1, f"YAML illisible ({error})") from None
    finally:
        loader.dispose()
    lines: dict = {}
    duplicates: list[tuple[Path, int]] = []
    if node is not None:
        _walk(node, (), lines, duplicates)
    return Parsed(data, lines, tuple(duplicates))


def _explain(error: yaml.MarkedYAMLError) -> str:
    raw = " ".join(filter(None, (error.context, error.problem)))
    for needle, hint in _HINTS:
        if needle in raw:
            return f"syntaxe YAML invalide : {hint}"
    return f"syntaxe YAML invalide ({raw})"


def _walk(node: yaml.Node, path: Path, lines: dict, duplicates: list) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key in seen:
                duplicates.append((path + (key,), key_node.start_mark.line + 1))
            seen.add(key)
            _walk(value_node, path + (key,), lines, duplicates)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), lines, duplicates)
