"""Generated HTML kept away from the Markdown converter and put back after it.

A generated page mixes the contributor's Markdown with HTML built by the
templates. Handing that HTML to Python-Markdown costs a parse of every block
(most of a list page's build time) for nothing: it is left as is. So each HTML
block becomes a marker comment, which Markdown passes through untouched, and
`fill` puts the block back into the converted page.
"""

from __future__ import annotations

import json
import re

from bulle import compressed

MARKER = "<!--bulle:{}-->"
MARKERS = re.compile(r"<!--bulle:(\d+)-->")


class Slots:
    """The HTML blocks of one page, numbered in the order they were set aside."""

    def __init__(self) -> None:
        self.fragments: list[str] = []

    def markdown(self, rendered: str) -> str:
        """A template's output as Markdown: headings (`## …`) stay, HTML blocks become markers.

        Headings stay Markdown so that they reach the page's table of contents.
        """
        lines: list[str] = []
        block: list[str] = []
        for line in rendered.split("\n"):
            if line.startswith("#"):
                self._set_aside(block, lines)
                lines += ["", line, ""]
            else:
                block.append(line)
        self._set_aside(block, lines)
        return "\n".join(lines).strip("\n")

    def _set_aside(self, block: list[str], lines: list[str]) -> None:
        html = "\n".join(block).strip()
        block.clear()
        if html:
            lines += ["", MARKER.format(len(self.fragments)), ""]
            self.fragments.append(html)


def pack(fragments: list[str] | tuple[str, ...]) -> bytes:
    """HTML blocks held compressed: every generated page is made before the first one is
    converted, and the blocks are most of their weight (a list page's cards)."""
    return compressed.pack(json.dumps(list(fragments), ensure_ascii=False)) if fragments else b""


def unpack(packed: bytes) -> tuple[str, ...]:
    return tuple(json.loads(compressed.unpack(packed))) if packed else ()


def fill(html: str, fragments: list[str] | tuple[str, ...]) -> str:
    """Put every HTML block back in place of its marker."""
    return MARKERS.sub(lambda match: fragments[int(match.group(1))], html)


def between(html: str, first: int, second: int) -> str:
    """What the converter made of the text between two markers (an entry's own text)."""
    start = html.split(MARKER.format(first), 1)[-1]
    return start.split(MARKER.format(second), 1)[0].strip()


# `<![` opens a "marked section" for the HTML parser that MkDocs runs over every page's
# Markdown, which stops the whole build on any keyword but these (`<![x]>`).
_MARKED_SECTION = re.compile(
    r"<!\[(?!(?:cdata|temp|ignore|include|rcdata|if|else|endif)(?![-_.a-z0-9]))", re.I)


def neutralise(text: str) -> str:
    """A contributor's text made fit to be composed into a page: anything shaped like a
    marker made inert (only the page's own blocks may come back in place of one), and
    a marked section the builder cannot read made plain text (a zero-width space after
    its `<`, invisible on the page)."""
    text = text.replace("<!--bulle:", "<!--bulle :")
    return _MARKED_SECTION.sub("<\u200b![", text) if "<![" in text else text
