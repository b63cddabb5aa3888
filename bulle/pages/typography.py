"""Typography (’ “ ” – — …): Python-Markdown's smarty, its rules and output, in one pass per text.

smarty runs its 18 patterns through a second copy of Python-Markdown's inline
machinery, which costs more per pattern and per text than the patterns
themselves: on French prose, where nearly every sentence has an apostrophe, it
doubled the time of a conversion. This extension registers smarty's own
patterns, with smarty's own options, and applies them the way that machinery
does (pattern by pattern in priority order; each match replaced by a
placeholder that later patterns see, then searched for again after it), only
without the machinery: the output is smarty's, byte for byte (a property test
compares them).

In mkdocs.yml: `bulle.pages.typography` with smarty's options; an engine
without Bulle installed reads `smarty` instead (`STANDARD_NAME`).
"""

from __future__ import annotations

import functools
import json
import re
import xml.etree.ElementTree as etree

try:
    from re import _parser as regex_parser  # Python 3.11+
except ImportError:  # pragma: no cover - a later Python may move it: no shortcut then
    regex_parser = None

import markdown
from markdown import util
from markdown.extensions.smarty import HTML_STRICT_RE, SmartyExtension
from markdown.inlinepatterns import HtmlInlineProcessor
from markdown.treeprocessors import Treeprocessor

STANDARD_NAME = "smarty"  # the extension whose output this one reproduces
NAME = __name__
# No pattern of smarty's can match a text without one of these.
_CANDIDATE = re.compile(r"""['"]|--|\.\.\.|<<|>>""")


class Typography(Treeprocessor):
    """smarty's patterns applied to every text and tail of the tree, as its InlineProcessor does."""

    def __init__(self, md, patterns: tuple) -> None:
        super().__init__(md)
        self.patterns = patterns  # (regexp, replacement, characters its matches hold), in order

    def run(self, root: etree.Element) -> None:
        self.stashed = 0
        for element in root.iter():
            if element is root:  # smarty's processor starts with the root's children
                continue
            text = element.text
            if text and not isinstance(text, util.AtomicString) and _CANDIDATE.search(text):
                element.text = self.educate(text)
            tail = element.tail
            if tail and not isinstance(tail, util.AtomicString) and _CANDIDATE.search(tail):
                element.tail = self.educate(tail)

    def educate(self, text: str) -> str:
        """One text through every pattern in turn: a match becomes a placeholder (which the
        next patterns see, as smarty's do), the search goes on after it; the placeholders
        finally give way to what each match became."""
        replaced: dict[str, str] = {}
        for regexp, replacement, needs in self.patterns:
            if not all(character in text for character in needs):
                continue  # most texts have no double quote: 9 of smarty's 18 patterns
            start = 0
            while (match := regexp.search(text, start)) is not None:
                result = ""  # what smarty's SubstituteTextPattern.handleMatch makes of it
                for part in replacement:
                    result += match.group(part) if isinstance(part, int) \
                        else self.md.htmlStash.store(part)
                placeholder = util.INLINE_PLACEHOLDER % ("%04d" % self.stashed)
                self.stashed += 1
                replaced[placeholder] = result
                text = text[:match.start()] + placeholder + text[match.end():]
                start = match.start() + len(placeholder)
        for placeholder, result in replaced.items():
            text = text.replace(placeholder, result, 1)
        return text


def required(regexp: re.Pattern) -> frozenset[str]:
    """The characters every match of `regexp` holds: its literals outside any group,
    alternative, class or lookaround (none when the regular expression can't be read)."""
    if regex_parser is None or regexp.flags & re.IGNORECASE:
        return frozenset()
    try:
        parsed = regex_parser.parse(regexp.pattern, regexp.flags)
    except Exception:  # noqa: BLE001 - a shortcut only: without it, every pattern is tried
        return frozenset()
    found = set()
    for opcode, argument in parsed:
        if opcode is regex_parser.LITERAL:
            found.add(chr(argument))
        elif opcode is regex_parser.MAX_REPEAT and argument[0] >= 1 and len(argument[2]) == 1:
            (inner, value), = argument[2]
            if inner is regex_parser.LITERAL:
                found.add(chr(value))
    return frozenset(found)


class TypographyExtension(SmartyExtension):
    """smarty, with its options (smart_quotes, smart_angled_quotes, smart_dashes,
    smart_ellipses, substitutions), registered in its place."""

    def extendMarkdown(self, md) -> None:
        # What smarty's extendMarkdown does, its patterns made once per set of options
        # rather than once per page (MkDocs makes a new Markdown for each).
        configs = self.getConfigs()
        if configs["smart_angled_quotes"]:
            md.inlinePatterns.register(HtmlInlineProcessor(HTML_STRICT_RE, md), "html", 90)
        patterns = smarty_patterns(json.dumps(configs, sort_keys=True))
        md.treeprocessors.register(Typography(md, patterns), "smarty", 6)
        md.ESCAPED_CHARS.extend(['"', "'"])


@functools.lru_cache(maxsize=32)
def smarty_patterns(options: str) -> tuple:
    """smarty's patterns for these options (JSON), as (regexp, replacement, characters
    every match holds) in the order smarty applies them."""
    extension = SmartyExtension(**json.loads(options))
    markdown.Markdown(extensions=[extension])  # smarty makes its patterns there
    return tuple((pattern.getCompiledRegExp(), tuple(pattern.replace),
                  required(pattern.getCompiledRegExp())) for pattern in extension.inlinePatterns)


def makeExtension(**kwargs) -> TypographyExtension:  # noqa: N802 (Python-Markdown's name)
    return TypographyExtension(**kwargs)
