"""Check a contributor's Markdown body for what must not reach the site.

Raw HTML is limited to a few harmless inline tags without attributes, and
link targets to web, mail and relative addresses: no script, no iframe, no
`javascript:` link, whatever the Markdown hides them in. Images are files of
the project folder: an image from another site would tell that site who reads
the page.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

ALLOWED_TAGS = frozenset({"abbr", "b", "br", "del", "em", "i", "ins", "kbd", "mark",
                          "s", "small", "strong", "sub", "sup", "u"})
ALLOWED_ATTRIBUTES = frozenset({"title"})  # <abbr title="...">
SAFE_SCHEMES = ("http", "https", "mailto")

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>")
_INLINE_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]*)")
_REFERENCE_IMAGE = re.compile(r"!\[([^\]]*)\](?:\[([^\]]*)\])?")
_DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s|$)")


def check_body(body: str, first_line: int) -> list[tuple[int, str, str]]:
    """Return (line, code, French message) for every unsafe thing in `body`."""
    found: list[tuple[int, str, str]] = []
    if "<" not in body and "](" not in body and "]:" not in body:
        return found  # most entries: plain prose, nothing to look at
    text = _blank_code(body)
    for number, line in enumerate(text.split("\n"), start=first_line):
        if "](" not in line and "]:" not in line and "<" not in line:
            continue
        for pattern in (_INLINE_LINK, _REFERENCE, _AUTOLINK):
            for match in pattern.finditer(line):
                target = match.group(1)
                if pattern is _AUTOLINK and target.lower().startswith(SAFE_SCHEMES):
                    continue
                problem = unsafe_target(target)
                if problem:
                    found.append((number, "unsafe-link", problem))
    found.extend(_remote_images(text, first_line))
    if "<" not in text:
        return sorted(set(found))
    scanner = _TagScanner()
    scanner.feed(_AUTOLINK.sub(lambda m: " " * len(m.group(0)), text))
    scanner.close()
    for line, message in scanner.found:
        found.append((first_line + line - 1, "unsafe-html", message))
    return sorted(set(found))  # a refused tag's end tag says nothing new


def unsafe_target(target: str) -> str | None:
    """Say why a link target is refused, or None when it is fine."""
    # Browsers decode entities in href (javascript&#58;) and skip control characters.
    cleaned = re.sub(r"[\x00-\x20]", "", html.unescape(target)).lower()
    scheme = urlsplit(cleaned).scheme if ":" in cleaned.split("/", 1)[0] else ""
    if scheme and scheme not in SAFE_SCHEMES:
        return (f"lien « {target[:60]} » refusé : seules les adresses http://, https://, "
                "mailto: et les chemins relatifs sont permis")
    return None


def _remote_images(text: str, first_line: int) -> list[tuple[int, str, str]]:
    """Images whose address is on another site, inline or through a reference."""
    definitions = {}
    for number, line in enumerate(text.split("\n"), start=first_line):
        match = _DEFINITION.match(line)
        if match:
            definitions[match.group(1).strip().lower()] = (number, match.group(2))
    found = []
    for number, line in enumerate(text.split("\n"), start=first_line):
        targets = [(number, m.group(1)) for m in _INLINE_IMAGE.finditer(line)]
        for match in _REFERENCE_IMAGE.finditer(line):
            label = (match.group(2) or match.group(1)).strip().lower()
            if label in definitions and line[match.end():match.end() + 1] != "(":
                targets.append(definitions[label])
        for where, target in targets:
            if _is_remote(target):
                found.append((where, "remote-image",
                              f"image « {target[:60]} » refusée : une image doit être un "
                              "fichier du dossier du projet (ex. photo.jpg), pour que la "
                              "page ne fasse appel à aucun autre site"))
    return found


def _is_remote(target: str) -> bool:
    cleaned = re.sub(r"[\x00-\x20]", "", html.unescape(target)).lower()
    return cleaned.startswith("//") or bool(urlsplit(cleaned).netloc)


def _blank_code(body: str) -> str:
    """Blank out code blocks and spans (their text is shown, never run)."""
    lines = body.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * 3
            lines[index] = ""
        elif fence is not None:
            if line.strip().startswith(fence):
                fence = None
            lines[index] = ""
        elif line.startswith("    ") or line.startswith("\t"):
            continue  # indented code keeps its text: harmless, but tags stay visible
        elif "`" in line:
            lines[index] = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
    return "\n".join(lines)


class _TagScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._check(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self._check(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag not in ALLOWED_TAGS:  # a lone </div> would break the page layout
            self._refuse(tag)

    def _check(self, tag: str, attrs: list) -> None:
        if tag not in ALLOWED_TAGS:
            self._refuse(tag)
            return
        for name, _value in attrs:
            if name not in ALLOWED_ATTRIBUTES:
                line, _ = self.getpos()
                self.found.append((line, f"attribut HTML « {name} » refusé dans <{tag}> : "
                                         "retirez-le"))

    def _refuse(self, tag: str) -> None:
        line, _ = self.getpos()
        hint = " (une image s'écrit ![description](photo.jpg))" if tag == "img" else ""
        hint = hint or " (un lien s'écrit [texte](https://adresse))" if tag == "a" else hint
        self.found.append((line, f"balise HTML <{tag}> refusée : écrivez en Markdown{hint}"))
