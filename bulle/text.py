"""Small text helpers shared by the validator, the pages and the scaffolds."""

from __future__ import annotations

import re
import unicodedata

MORE_MARKER = "<!-- more -->"
# Characters XML 1.0 forbids (§2.2): C0 controls but tab, newline and carriage return,
# lone surrogates, U+FFFE and U+FFFF. (The check refuses control characters besides.)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# Letters that Unicode does not decompose into a base letter and an accent.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss",
                            "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"})


def ascii_fold(text: str) -> str:
    """Drop accents and ligatures: « Hôtel-Dieu & Cœur » -> « Hotel-Dieu & Coeur »."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def slugify(text: str, max_words: int = 0) -> str:
    """Make a clean ASCII slug: « Première réunion à l'Hôtel » -> premiere-reunion-a-l-hotel."""
    words = re.findall(r"[a-z0-9]+", ascii_fold(text).lower())
    if max_words:
        words = words[:max_words]
    return "-".join(words)


def sort_key(text: str) -> str:
    """Order French text as a reader expects: accents and case do not count."""
    return ascii_fold(text).casefold()


def summary_of(body: str) -> str:
    """Return the Markdown before <!-- more -->, else the first paragraph."""
    if MORE_MARKER in body:
        return _COMMENT.sub("", body.split(MORE_MARKER, 1)[0]).strip()
    body = _COMMENT.sub("", body)  # the scaffolds' hints span lines, and are never shown
    paragraph: list[str] = []
    in_fence = False
    for line in body.strip().split("\n"):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence or (not paragraph and (stripped.startswith(("#", "!", "<", "|", "---"))
                                           or not stripped)):
            continue
        if not stripped:
            break
        paragraph.append(stripped)
    return "\n".join(paragraph)


_MARKS = re.compile(
    r"!?\[([^\]]*)\]\([^)]*\)"  # [text](url), ![alt](src)
    r"|\[([^\]]*)\]\[[^\]]*\]"  # [text][ref]
    r"|</?[a-zA-Z][^<>]*>|<!--.*?-->"  # tags, comments
    r"|\*\*|__|\*|_|`")  # emphasis, code


def plain_text(markdown: str) -> str:
    """Strip the commonest Markdown marks, for text shown outside Markdown."""
    text = _MARKS.sub(lambda m: m.group(1) or m.group(2) or "", markdown)
    return " ".join(text.split())


def strip_invalid_xml(text: str) -> str:
    """Drop the characters that XML 1.0 forbids: a feed with one of them parses nowhere."""
    return _NOT_XML.sub("", text)
