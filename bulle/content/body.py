"""Tell a contributor, before the merge, what the site will refuse or drop from a body.

Safety does not depend on this check: the published HTML goes through the
sanitiser (`bulle.pages.sanitize`) whatever the source holds. The check reads the
body the way the build does (Markdown converted, then the HTML parsed as a
browser parses it) and names, in French and at its line, what the policy
refuses (a script, an event handler, a `javascript:` link, an image from
another site: errors, since no honest text needs them) and what it will
quietly drop (an unknown tag, a `style`: notices). Everything the sanitiser
keeps is accepted: e-mail autolinks, safe raw HTML, images of the project.
"""

from __future__ import annotations

import difflib
import html
import re
import string
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

from bulle.pages.markdown_html import HtmlRenderer, MarkdownOptions, site_markdown_options
from bulle.pages.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES
from bulle.content.text import strip_invalid_chars

# Elements that run, load, embed or imitate the site: refused, never merely dropped.
REFUSED_TAGS = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
    "link", "meta", "form", "input", "button", "textarea", "select", "option", "svg", "math",
    "template", "noscript", "portal", "audio", "video", "source", "track", "canvas", "dialog",
    "marquee", "param", "image", "use", "foreignobject", "set", "animate", "xmp",
})
# Every element the recording pass keeps, so that the check sees what a browser sees.
_SEEN_TAGS = ALLOWED_TAGS | REFUSED_TAGS | frozenset({
    "address", "area", "article", "aside", "big", "blink", "center", "data", "font", "footer",
    "header", "hgroup", "label", "legend", "fieldset", "main", "map", "menu", "meter", "nav",
    "optgroup", "output", "picture", "progress", "section", "strike", "tt", "acronym", "nobr",
    "slot", "search", "basefont", "listing", "plaintext", "spacer", "keygen", "body", "html",
    "head", "title", "noembed", "noframes",
})
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "data", "cite",
                             "background", "xlink:href", "longdesc", "usemap", "manifest",
                             "ping", "srcdoc", "srcset", "codebase", "dynsrc", "lowsrc"})
# Schemes the recording pass lets through so that they can be named (any other is dropped
# by the sanitiser all the same, unnamed).
_RECORDED_SCHEMES = {"javascript", "vbscript", "livescript", "data", "file", "ftp", "ftps",
                     "sftp", "tel", "sms", "callto", "skype", "irc", "ircs", "news", "nntp",
                     "gopher", "ws", "wss", "blob", "filesystem", "about", "chrome", "intent",
                     "view-source", "jar", "mhtml", "ms-its", "feed", "webcal", "git", "ssh",
                     "magnet", "geo", "market", "itms", "xmpp", "sip", "sips", "urn", "matrix",
                     *URL_SCHEMES}
_ADDRESS = re.compile(r"""<([a-zA-Z][\w-]*)\b[^<>]*?\s(href|src)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""",
                      re.I)
_WORTH_READING = re.compile(r"<|\]\s*[(:\[]|&#|&[a-z]+;", re.I)
# What Python-Markdown can convert in reasonable time and stack. Real texts stay far
# below (beta.gouv.fr's 662 product files: 20 KB and 33 « [ » at the most), while 5,000
# « [ » take it seconds, 20,000 a minute, and 1,000 nested « ** » overflow its stack.
MAX_BODY_CHARS = 200_000
MAX_BRACKETS = 2_000
_MARK_RUN = re.compile(r"[*_~]{100,}")

Finding = tuple[int, str, str, str]  # line, code, French message, severity


def check_body(body: str, first_line: int,
               options: MarkdownOptions | None = None) -> list[Finding]:
    """Every refusal and notice for `body`, whose first line is `first_line` of its file."""
    too_much = _too_much(body, first_line)
    if too_much:
        return [too_much]  # converting it would take the check (and the build) down
    if not _WORTH_READING.search(body) or _plain_links_only(body):
        return []  # prose and plain links: no tag, odd address or entity can come out of it
    try:
        converted = _renderer(options).render(strip_invalid_chars(body))  # see _check_chars
    except RecursionError:
        return [(first_line, "body-too-complex", "texte trop imbriqué pour être converti "
                 "(marques de mise en forme ou listes empilées) : simplifiez-le", "error")]
    recorder = _recorder()
    normalised = recorder.clean(converted)
    scanner = _Scanner(recorder.urls)
    try:
        scanner.feed(normalised)
        scanner.close()
    except Exception:  # noqa: BLE001 — html5ever's output is regular; never let a body crash
        scanner.found.append(("html", "", "unsafe-html",
                              "HTML illisible : écrivez ce passage en Markdown", "error"))
    locator = _Locator(body, first_line)
    found = {(locator.line(needle), code, message, severity)
             for needle, _, code, message, severity in scanner.found}
    return sorted(found)


# What follows `](` or `]:` (blanks and line breaks skipped): a link's or image's address.
_DESTINATION = re.compile(r"\]\s*[(:]\s*([^\s)]*)")
# An address that needs no conversion to judge: web or mail, or relative with no scheme.
_PLAIN_TARGET = re.compile(r"(?:https?://|mailto:)[^\\]*|[^:\\]*(?:[/?#][^\\]*)?", re.I)


def _plain_links_only(body: str) -> bool:
    """True when converting `body` could only yield allowed links: no raw HTML, no entity,
    no backslash escape, every address plainly safe, and no image from elsewhere.

    Most texts with links are like this (converting them all made the check of a large
    programme ten times slower). Anything else is converted and read as a browser would;
    the sanitiser guards the pages either way."""
    if "<" in body or "&" in body:
        return False
    images = "![" in body
    for target in _DESTINATION.findall(body):
        if not _PLAIN_TARGET.fullmatch(target):
            return False
        if images and (target.lower().startswith(("http:", "https:")) or target.startswith("/")):
            return False  # perhaps an image from another site: say so
    return True


def _too_much(body: str, first_line: int) -> Finding | None:
    """A body too large or too tangled to convert: said before anything tries."""
    if len(body) > MAX_BODY_CHARS:
        return (first_line, "body-too-large",
                f"texte de {len(body):,} caractères, {MAX_BODY_CHARS:,} au plus : "
                "découpez-le en plusieurs entrées".replace(",", "\u202f"), "error")
    if body.count("[") > MAX_BRACKETS:
        line = first_line + body[:_nth(body, "[", MAX_BRACKETS)].count("\n")
        return (line, "body-too-complex",
                f"plus de {MAX_BRACKETS:,} crochets « [ » : le texte ne peut pas être "
                "converti en temps raisonnable".replace(",", "\u202f"), "error")
    run = _MARK_RUN.search(body)
    if run:
        return (first_line + body[:run.start()].count("\n"), "body-too-complex",
                f"suite de {len(run.group())} marques « * », « _ » ou « ~ » : le texte ne peut "
                "pas être converti ; retirez-les", "error")
    return None


def _nth(text: str, char: str, count: int) -> int:
    index = -1
    for _ in range(count + 1):
        index = text.index(char, index + 1)
    return index


def unsafe_target(target: str) -> str | None:
    """Say why a link target is refused, or None when it is fine."""
    cleaned = _clean_url(target)
    scheme = urlsplit(cleaned).scheme if ":" in cleaned.split("/", 1)[0] else ""
    if scheme and scheme not in URL_SCHEMES:
        shown = re.sub(r"[\x00-\x1f]", " ", target[:60])
        hint = ""
        if difflib.get_close_matches(scheme, ("http", "https"), n=1, cutoff=0.75):
            rest = target.strip().split(":", 1)[1].lstrip("/")
            hint = f" (vouliez-vous dire « https://{rest[:50]} » ?)"
        return (f"lien « {shown} » refusé : seules les adresses http://, https://, "
                f"mailto: et les chemins relatifs sont permis{hint}")
    return None


def _clean_url(target: str) -> str:
    """What a browser reads: entities decoded, blanks and control characters skipped."""
    return re.sub(r"[\x00-\x20]", "", html.unescape(target)).lower()


def _is_remote(target: str) -> bool:
    cleaned = _clean_url(target)
    return cleaned.startswith(("//", "\\\\", "/\\")) or bool(urlsplit(cleaned).netloc)


_RENDERERS: dict[str, HtmlRenderer] = {}
_RECORDER: list["_Recorder"] = []


def _renderer(options: MarkdownOptions | None) -> HtmlRenderer:
    """One converter per set of options (making one costs more than a conversion); by
    default the site's own extensions, read from its base configuration."""
    key = repr(options)
    if key not in _RENDERERS and options is None:
        options = site_markdown_options()
    if key not in _RENDERERS:
        _RENDERERS[key] = HtmlRenderer(options)
    return _RENDERERS[key]


def _recorder() -> "_Recorder":
    if not _RECORDER:
        _RECORDER.append(_Recorder())
    return _RECORDER[0]


class _Recorder:
    """Parses HTML as a browser does and writes it back regular, keeping every element
    and attribute, and noting every address (some would not survive the writing)."""

    def __init__(self) -> None:
        self.urls: list[tuple[str, str, str]] = []
        self.cleaner = nh3.Cleaner(
            tags=set(_SEEN_TAGS), clean_content_tags=set(),
            generic_attribute_prefixes=set(string.ascii_lowercase), attribute_filter=self._note,
            strip_comments=True, link_rel=None, url_schemes=_RECORDED_SCHEMES)

    def clean(self, text: str) -> str:
        self.urls = []
        cleaned = self.cleaner.clean(text)
        # An address whose scheme the cleaner does not know is dropped unseen: find it in
        # the tags as written (`ttps://…`, a typo, is refused too, and said).
        for tag, attribute, value in _ADDRESS.findall(text):
            value = html.unescape(value.strip("\"'"))
            scheme = _clean_url(value).split(":", 1)[0] if ":" in value else ""
            if scheme and scheme not in _RECORDED_SCHEMES and "/" not in scheme:
                self.urls.append((tag.lower(), attribute.lower(), value))
        return cleaned

    def _note(self, tag: str, attribute: str, value: str) -> str:
        if attribute in _URL_ATTRIBUTES:
            self.urls.append((tag, attribute, value))
        return value


class _Scanner(HTMLParser):
    """Reads the regular HTML and lists (needle, key, code, message, severity): the needle
    is what to look for in the source to find the line."""

    def __init__(self, urls: list[tuple[str, str, str]]) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str, str, str]] = []
        for tag, attribute, value in urls:
            self._judge_url(tag, attribute, value)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._element(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self._element(tag, attrs)

    def _element(self, tag: str, attrs: list) -> None:
        if tag in REFUSED_TAGS:
            hint = " (une image s'écrit ![description](photo.jpg))" if tag in ("image",) else ""
            self.found.append((f"<{tag}", tag, "unsafe-html",
                               f"balise HTML <{tag}> refusée : elle ne serait pas publiée{hint}",
                               "error"))
            return
        if tag not in ALLOWED_TAGS:
            self.found.append((f"<{tag}", tag, "html-dropped",
                               f"balise HTML <{tag}> retirée à la publication (son texte "
                               "reste) : écrivez ce passage en Markdown", "notice"))
            return
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, frozenset())
        for name, _value in attrs:
            if name.startswith("on"):
                self.found.append((name, tag, "unsafe-html",
                                   f"attribut HTML « {name} » refusé dans <{tag}> : il ferait "
                                   "exécuter du code ; retirez-le", "error"))
            elif name not in allowed and name not in _URL_ATTRIBUTES:
                self.found.append((f"{name}=", tag, "html-dropped",
                                   f"attribut HTML « {name} » retiré de <{tag}> à la "
                                   "publication", "notice"))

    def _judge_url(self, tag: str, attribute: str, value: str) -> None:
        targets = ([part.strip().split(" ")[0] for part in value.split(",")]
                   if attribute == "srcset" else [value])
        for target in targets:
            problem = unsafe_target(target)
            if problem:
                self.found.append((_needle(target), tag, "unsafe-link", problem, "error"))
            elif tag == "img" and attribute in ("src", "srcset") and _is_remote(target):
                self.found.append((_needle(target), tag, "remote-image",
                                   f"image « {target[:60]} » refusée : une image doit être un "
                                   "fichier du dossier du projet (ex. photo.jpg), pour que la "
                                   "page ne fasse appel à aucun autre site", "error"))
            elif attribute == "srcdoc":
                self.found.append(("srcdoc", tag, "unsafe-html",
                                   f"attribut HTML « srcdoc » refusé dans <{tag}>", "error"))


def _needle(target: str) -> str:
    return target.strip()[:40]


class _Locator:
    """Finds the line of the source where a finding comes from; repeated findings of the
    same text take the following occurrences."""

    def __init__(self, body: str, first_line: int) -> None:
        self.lines = body.lower().split("\n")
        self.decoded = [html.unescape(line) for line in self.lines]
        self.first_line = first_line
        self.cursor: dict[str, int] = {}

    def line(self, needle: str) -> int:
        needle = needle.lower()
        start = self.cursor.get(needle, 0)
        for candidates in (self.lines, self.decoded):
            for index in range(start, len(candidates)):
                if needle in candidates[index]:
                    self.cursor[needle] = index + 1
                    return self.first_line + index
        for index in range(len(self.lines)):
            if needle in self.lines[index] or needle in self.decoded[index]:
                return self.first_line + index
        return self.first_line + self._first_markup()

    def _first_markup(self) -> int:
        for index, line in enumerate(self.lines):
            if "<" in line or "](" in line or "]:" in line:
                return index
        return 0
