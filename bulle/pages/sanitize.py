"""The trust boundary: contributors' HTML is made safe where it is published.

Markdown and browsers read a source differently, so no check of the Markdown
source can promise what the page will hold. What is published is the HTML
that the converter made: it goes through one allow-list policy (nh3, the
binding of the Rust sanitiser ammonia, which parses as browsers do) before it
reaches a page, a feed or the search index. The policy keeps what prose needs
and nothing that runs, loads another site or dresses up as the site's own
interface. `bulle.content.body` uses the same policy to tell contributors, before the
merge, what will be refused or dropped.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

import nh3

from bulle.pages.slots import MARKERS
from bulle.content.text import strip_invalid_chars
from bulle.pages.urls import relative

# Elements kept: structure and inline marks of prose, tables, code, figures.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
    "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
})
# Attributes kept, by element ("*": on every element). `class` and `id` are kept on
# every element too, but only the values that `_keep_class` and `_keep_id` accept.
ALLOWED_ATTRIBUTES = {
    "*": frozenset({"title", "lang", "dir", "class", "id"}),
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "th": frozenset({"colspan", "rowspan", "align", "scope"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "time": frozenset({"datetime"}),
    "details": frozenset({"open"}),
    "del": frozenset({"datetime"}),
    "ins": frozenset({"datetime"}),
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed with everything inside them (the others lose their tags and keep their text).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "noscript",
                                  "textarea", "select", "title", "noembed", "noframes", "xmp"})
LINK_REL = "noopener"  # on links that leave the site
# An <a> start tag as ammonia writes it: every value double-quoted, `"` escaped inside.
_LINK_TAG = re.compile(r'<a((?:\s+[^\s=>]+="[^"]*")*)>')
_OUTSIDE = re.compile(r'\shref="(?:https?:)?//', re.I)
# Classes that the site's Markdown extensions write, and that the theme styles.
ADMONITION_TYPES = frozenset({"note", "abstract", "summary", "tldr", "info", "todo", "tip",
                              "hint", "important", "success", "check", "done", "question",
                              "help", "faq", "warning", "caution", "attention", "failure",
                              "fail", "missing", "danger", "error", "bug", "example", "quote",
                              "cite"})
ALLOWED_CLASSES = {
    "a": frozenset({"headerlink", "footnote-ref", "footnote-backref"}),
    "div": frozenset({"admonition", "footnote", "highlight", *ADMONITION_TYPES}),
    "details": frozenset(ADMONITION_TYPES),
    "p": frozenset({"admonition-title"}),
}
_CODE_CLASS = re.compile(r"^language-[a-z0-9_+#.-]{1,40}$")
_TOKEN_CLASS = re.compile(r"^[a-z]{1,3}$")  # Pygments' short token classes (k, nf, s2…)
# Ids the theme (`__drawer`, `__nav_2`…) and the generated parts of a page (the
# templates' `bulle-…` ids) use: a contributor's text must not take them, nor any odd value.
# A heading « Bulle des Innovateurs » keeps its `bulle-des-innovateurs`.
_ID = re.compile(r"^[A-Za-z0-9][\w:.-]{0,80}$")
_RESERVED_ID = re.compile(r"^(?:__|bulle-(?:titre|search|filter|facts))", re.I)
_ALIGN = frozenset({"left", "right", "center"})


@dataclass(frozen=True)
class Place:
    """Where sanitised HTML is published, which decides what its images may show.

    `images` holds the site paths ("projets/x/photo.jpg") of the files it may show;
    None lets any address of the site itself through (the city's own pages).
    `source_dir` is the site folder of the contributor's file ("projets/x/journal/"):
    raw HTML keeps the addresses as written there, where Markdown's were already
    made relative to the page, so both readings are tried. `base_url`, for feeds,
    is the site's absolute address: images under it are its own.
    """

    page_url: str = ""
    images: frozenset[str] | None = None
    source_dir: str | None = None
    base_url: str | None = None

    def image(self, src: str) -> str | None:
        """The address to publish for an image written `src`, or None to drop it."""
        parts = urlsplit(src.strip())
        if parts.scheme or parts.netloc or src.strip().startswith(("//", "\\")):
            base = self.base_url
            if base and src.startswith(base) and "\\" not in src:
                path = _normal(unquote(urlsplit(src[len(base):]).path))
                if path is not None and (self.images is None or path in self.images):
                    return src
            return None
        return self._on_site(src, parts, keep_unknown=False)

    def link(self, href: str) -> str:
        """A relative link to a file of the project, written from the file's folder, made
        relative to the page; any other address as written (the policy judged its scheme)."""
        parts = urlsplit(href.strip())
        if parts.scheme or parts.netloc or not parts.path or self.source_dir is None:
            return href
        return self._on_site(href, parts, keep_unknown=True) or href

    def _on_site(self, written: str, parts: SplitResult, keep_unknown: bool) -> str | None:
        path = parts.path
        if path.startswith("/"):
            return written if keep_unknown or self.images is None else None
        from_page = _normal(posixpath.join(self.page_url, unquote(path)))
        if from_page is not None and (self.images is None or from_page in self.images):
            return written
        if self.source_dir is not None and self.images is not None:
            from_source = _normal(posixpath.join(self.source_dir, unquote(path)))
            if from_source in self.images:
                return urlunsplit(("", "", relative(self.page_url, from_source), parts.query,
                                   parts.fragment))
        return written if keep_unknown else None


def _normal(path: str) -> str | None:
    """A site path without `.` and `..`, or None when it climbs out of the site."""
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def _mark_outside(match: re.Match) -> str:
    attributes = match.group(1)
    return f'<a{attributes} rel="{LINK_REL}">' if _OUTSIDE.search(attributes) else match.group(0)


def _keep_class(tag: str, value: str) -> str | None:
    allowed = ALLOWED_CLASSES.get(tag, frozenset())
    kept = [name for name in value.split()
            if name in allowed or (tag == "code" and _CODE_CLASS.match(name))
            or (tag == "span" and _TOKEN_CLASS.match(name))]
    return " ".join(kept) or None


def _keep_id(value: str) -> str | None:
    return value if _ID.match(value) and not _RESERVED_ID.match(value) else None


class Sanitizer:
    """One policy, reused for every fragment of a build (making a cleaner costs more)."""

    def __init__(self) -> None:
        self.place = Place()
        self.cleaner = nh3.Cleaner(
            tags=set(ALLOWED_TAGS), clean_content_tags=set(DROPPED_WITH_CONTENT),
            attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
            attribute_filter=self._filter, strip_comments=True, link_rel=None,
            url_schemes=set(URL_SCHEMES))

    def clean(self, html: str, place: Place | None = None) -> str:
        """`html` with only what the policy allows; images only from `place`'s files."""
        if not html.strip():
            return html
        self.place = place or Place()
        try:  # what XML forbids never reaches a page (a lone surrogate would not even encode)
            cleaned = self.cleaner.clean(strip_invalid_chars(html))
        finally:
            self.place = Place()
        return _LINK_TAG.sub(_mark_outside, cleaned) if "<a " in cleaned else cleaned

    def clean_page(self, html: str, place: Place | None = None) -> str:
        """A page's converted Markdown, whose generated blocks are still markers (see
        `bulle.pages.slots`): each stretch of contributor HTML is cleaned on its own, so none
        can open an element that wraps the site's own blocks, and the markers stay."""
        pieces = MARKERS.split(html)
        for index in range(0, len(pieces), 2):  # odd indexes are the markers' numbers
            pieces[index] = self.clean(pieces[index], place)
        return "".join(piece if index % 2 == 0 else f"<!--bulle:{piece}-->"
                       for index, piece in enumerate(pieces))

    def _filter(self, tag: str, attribute: str, value: str) -> str | None:
        if attribute == "class":
            return _keep_class(tag, value)
        if attribute == "id":
            return _keep_id(value)
        if attribute == "src":
            return self.place.image(value)
        if attribute == "href":
            return self.place.link(value)
        if attribute == "align":
            return value.lower() if value.lower() in _ALIGN else None
        if attribute in ("width", "height", "start", "span", "colspan", "rowspan", "value"):
            return value if value.isdigit() and len(value) < 6 else None
        return value


_SHARED: Sanitizer | None = None


def sanitize(html: str, place: Place | None = None) -> str:
    """Clean one fragment with the shared policy (see `Sanitizer.clean`)."""
    global _SHARED
    if _SHARED is None:
        _SHARED = Sanitizer()
    return _SHARED.clean(html, place)
