"""Parse YAML front matter into plain values plus the line of every value.

PyYAML is asked for its node tree so that each key keeps its line; a syntax
error becomes a located, French `YamlError` instead of an empty mapping.

The text is untrusted: before anything is composed or constructed, its event
stream is screened (`_screen`) for what a contributor never needs and an
adversary uses: explicit tags (`!!python/object`, `!!int` without a value…),
anchors and aliases (a 400-byte alias bomb expands to billions of nodes).
The programme file may use anchors, within a node budget. Deep nesting,
huge integers and invisible characters are refused too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

import yaml

from bulle.content.text import INVALID_XML_CHARS, describe_char, invalid_chars, strip_invalid_chars

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
    ("while scanning an alias", "« * » en début de valeur : mettez la valeur entre guillemets"),
    ("while scanning an anchor", "« & » en début de valeur : mettez la valeur entre guillemets"),
    ("while scanning a tag", "« ! » en début de valeur : mettez la valeur entre guillemets"),
    ("found character that cannot start any token",
     "caractère interdit en début de valeur : mettez la valeur entre guillemets"),
    ("found unhashable key",
     "un nom de champ doit être un simple mot, pas une liste ni un bloc ; si c'est un texte "
     "qui commence par « [ », « { » ou « ? », mettez-le entre guillemets"),
    ("escape", "« \\ » entre guillemets doubles : doublez-le (\\\\) ou mettez la valeur entre "
               "guillemets simples"),
    ("maximum nesting depth", "trop de crochets ou d'accolades imbriqués"),
    ("found duplicate anchor", "la même ancre « & » est définie deux fois"),
)
_FALLBACK = "vérifiez l'indentation, les « : » et les guillemets de cette ligne"
MAX_DEPTH = 32  # nesting levels; a front matter uses 3, the programme file 4
MAX_NUMBER_DIGITS = 100  # Python refuses to print integers past 4,300 digits
MAX_NODES = 10_000  # values of the programme file once aliases are expanded (it has ~300)
_INDICATORS = re.compile(r"[!&*]")
_BREAKS = re.compile("[\u2028\u2029]")  # line breaks to YAML, invisible in editors


_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    """SafeLoader with YAML 1.2 booleans and dates left as text.

    YAML 1.1 reads `no` or `oui`-like words as booleans and builds dates
    itself, crashing on 2019-02-30; the validator parses dates and booleans
    with messages of its own instead.
    """


_Loader.yaml_implicit_resolvers = {  # `<<` and `=` are plain text, not merge keys or values
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool",
                           "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))


@dataclass(frozen=True)
class YamlError(Exception):
    """A refused YAML text, located at a line of it (1-based), with a problem code."""

    line: int
    message: str
    code: str = "yaml-syntax"


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


def parse_yaml(text: str, aliases: bool = False) -> Parsed:
    """Parse one YAML document; raise YamlError with a French hint when it is refused.

    Anchors and aliases are refused unless `aliases`, and then allowed while the
    document, every alias expanded, has at most MAX_NODES nodes.
    """
    for line, column, char in invalid_chars(text):
        raise YamlError(line, f"{describe_char(char)} (colonne {column}) : supprimez-le",
                        "control-character")
    if match := _BREAKS.search(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - text.rfind("\n", 0, match.start())
        raise YamlError(line, f"séparateur de ligne U+{ord(match.group()):04X} invisible "
                              f"(colonne {column}) : remplacez-le par une espace",
                        "control-character")
    try:
        if _INDICATORS.search(text):  # no tag, anchor or alias can be written without them
            _screen(text, aliases)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark is not None and "quoted scalar" in (error.context or ""):
            mark = error.context_mark  # where the quote was opened, not the end of text
        line = mark.line + 1 if mark is not None else 1
        raise YamlError(line, _explain(error)) from None
    except yaml.reader.ReaderError as error:
        line = text[:error.position].count("\n") + 1
        raise YamlError(line, f"syntaxe YAML invalide : {_FALLBACK}") from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        # Unmarked errors that the screening should have made impossible.
        raise YamlError(1, f"syntaxe YAML invalide : {_FALLBACK}") from None
    lines: dict = {}
    duplicates: list[tuple[Path, int]] = []
    if node is not None:
        _walk(node, (), lines, duplicates, set())
    return Parsed(data, lines, tuple(duplicates))


def escaped_chars(data: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """Yield (key path, character) for each key or text value holding an invalid character.

    `parse_yaml` refused those written as such; these were written as escapes
    between double quotes ("\\x0b", "\\uFFFE").
    """
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and (match := INVALID_XML_CHARS.search(key)):
                yield path + (key,), match.group()
            yield from escaped_chars(value, path + (key,))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from escaped_chars(item, path + (index,))
    elif isinstance(data, str) and (match := INVALID_XML_CHARS.search(data)):
        yield path, match.group()


def _screen(text: str, aliases: bool) -> None:
    """Refuse tags, anchors and aliases (or an alias bomb): one pass over the event
    stream, before any node is composed, walked or constructed."""
    sizes: dict[str, int] = {}  # anchor -> nodes it stands for, once its node is closed
    open_nodes: list[tuple[str | None, int]] = []  # (anchor, node count before it)
    total = 0
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1
            name = _shown(getattr(event, "anchor", None) or "")
            if isinstance(event, yaml.AliasEvent):
                if not aliases:
                    raise YamlError(line, _ALIAS_MESSAGE.format(sign="*", name=name),
                                    "yaml-alias")
                if any(anchor == event.anchor for anchor, _ in open_nodes):
                    raise YamlError(line, f"l'alias « *{name} » renvoie à un bloc qui le "
                                          "contient : supprimez-le", "yaml-alias")
                total += sizes.get(event.anchor, 1)
            elif isinstance(event, yaml.NodeEvent):
                if event.tag is not None:
                    raise YamlError(line, _TAG_MESSAGE.format(tag=_shown(_short_tag(event.tag))),
                                    "yaml-tag")
                if event.anchor is not None and not aliases:
                    raise YamlError(line, _ALIAS_MESSAGE.format(sign="&", name=name),
                                    "yaml-alias")
                total += 1
                if isinstance(event, yaml.ScalarEvent):
                    if event.anchor is not None:
                        sizes[event.anchor] = 1
                else:
                    open_nodes.append((event.anchor, total - 1))
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, before = open_nodes.pop()
                if anchor is not None:
                    sizes[anchor] = total - before
            if total > MAX_NODES:
                budget = f"{MAX_NODES:,}".replace(",", " ")
                raise YamlError(line, f"le fichier dépasse {budget} valeurs une fois les "
                                      "alias « * » remplacés par ce qu'ils désignent : "
                                      "recopiez les valeurs au lieu d'imbriquer des alias",
                                "yaml-alias")
    finally:
        loader.dispose()


_ALIAS_MESSAGE = ("« {sign}{name} » : les ancres (&) et alias (*) YAML ne sont pas permis ici ; "
                  "si c'est du texte, mettez toute la valeur entre guillemets")
_TAG_MESSAGE = ("étiquette YAML « {tag} » refusée : écrivez la valeur seule ; si c'est du "
                "texte qui commence par « ! », mettez toute la valeur entre guillemets")


def _shown(name: str) -> str:
    """A name from the text, fit to quote in a message: short, no invisible character
    (a tag may spell one as %01)."""
    name = strip_invalid_chars(name)
    return name if len(name) <= 40 else name[:40] + "…"


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") \
        else tag


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    """An integer of reasonable size; huge ones would crash when printed (max_str_digits)."""
    digits = sum(char.isalnum() for char in node.value)
    if digits > MAX_NUMBER_DIGITS:
        raise YamlError(node.start_mark.line + 1,
                        f"nombre de {digits} chiffres, {MAX_NUMBER_DIGITS} au plus : si c'est "
                        "un texte, mettez-le entre guillemets", "yaml-number")
    return yaml.SafeLoader.construct_yaml_int(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _explain(error: yaml.MarkedYAMLError) -> str:
    raw = " ".join(filter(None, (error.context, error.problem)))
    for needle, hint in _HINTS:
        if needle in raw:
            return f"syntaxe YAML invalide : {hint}"
    return f"syntaxe YAML invalide : {_FALLBACK}"


def _walk(node: yaml.Node, path: Path, lines: dict, duplicates: list, seen: set) -> None:
    """Record the line of every key path; an aliased node is walked once, at its anchor.

    libyaml stops at 1,000 levels and constructs iteratively; this recursion stops
    at MAX_DEPTH, before Python's own limit and the validator's recursions.
    """
    lines[path] = node.start_mark.line + 1
    if len(path) > MAX_DEPTH:
        raise YamlError(lines[path], f"syntaxe YAML invalide : plus de {MAX_DEPTH} niveaux "
                                     "de blocs imbriqués")
    if id(node) in seen:
        return
    if isinstance(node, yaml.MappingNode):
        seen.add(id(node))
        keys: set = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key in keys:
                duplicates.append((path + (key,), key_node.start_mark.line + 1))
            keys.add(key)
            _walk(value_node, path + (key,), lines, duplicates, seen)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        seen.add(id(node))
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), lines, duplicates, seen)
