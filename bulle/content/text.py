"""Small text helpers shared by the validator, the pages and the scaffolds."""

from __future__ import annotations

import re
import unicodedata

MORE_MARKER = "<!-- more -->"
# Characters XML 1.0 forbids (§2.2): C0 controls but tab, newline and carriage return,
# lone surrogates, U+FFFE and U+FFFF. (The check refuses control characters besides.)
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
    r"!?\[([^\[\]]*)\]\([^()]*(?:\([^()]*\)[^()]*)*\)"  # [text](url), ![alt](src): no « [ »
    r"|\[([^\[\]]*)\]\[[^\[\]]*\]"  # [text][ref]   inside, so thousands of them stay linear
    r"|</?[a-zA-Z][^<>]*>|<!--.*?-->"  # tags, comments
    r"|\*\*|__|\*|_|`")  # emphasis, code


def plain_text(markdown: str) -> str:
    """Strip the commonest Markdown marks, for text shown outside Markdown."""
    text = _MARKS.sub(lambda m: m.group(1) or m.group(2) or "", markdown)
    return " ".join(text.split())


# --- characters no published text may hold -------------------------------------

# Refused: the C0 controls but tab, newline and carriage return; DEL and the C1 controls;
# lone surrogates; the Unicode non-characters (U+FDD0-U+FDEF, U+xFFFE and U+xFFFF). XML 1.0
# forbids most of them (a feed holding one no longer parses) and the rest are invisible
# garbage pasted from another program. Written as the allowed ranges: a class that lists
# characters beyond U+FFFF makes every search fifteen times slower.
_ALLOWED = "\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd" + "".join(
    f"{chr(plane * 0x10000)}-{chr(plane * 0x10000 + 0xFFFD)}" for plane in range(1, 17))
INVALID_XML_CHARS = re.compile(f"[^{_ALLOWED}]")


def strip_invalid_chars(text: str) -> str:
    """Drop every character of INVALID_XML_CHARS: what XML writers do with what reaches them."""
    return INVALID_XML_CHARS.sub("", text)


def show_invalid_chars(text: str) -> str:
    """Make every invalid character visible, « ⟨U+000B⟩ », in text shown to people."""
    return INVALID_XML_CHARS.sub(lambda match: f"⟨U+{ord(match.group()):04X}⟩", text)


def invalid_chars(text: str, first_line: int = 1):
    """Yield (line, column, character) for the first invalid character of each line."""
    if not INVALID_XML_CHARS.search(text):
        return  # the common case, in one pass
    for number, line in enumerate(text.split("\n"), start=first_line):
        match = INVALID_XML_CHARS.search(line)
        if match:
            yield number, match.start() + 1, match.group()


def describe_char(char: str) -> str:
    """Name an invalid character for a contributor: « caractère de contrôle U+000B invisible »."""
    code = f"U+{ord(char):04X}"
    if unicodedata.category(char) == "Cc":
        return f"caractère de contrôle {code} invisible"
    if unicodedata.category(char) == "Cs":
        return f"caractère {code} invalide (moitié de paire UTF-16 isolée)"
    return f"caractère {code} invalide (non-caractère Unicode)"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|&~-])")


def escape_markdown(text: str) -> str:
    """Plain text for one line of GitHub Markdown: no line break, every mark escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
