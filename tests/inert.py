"""Is a built site inert? Every page parsed, every feed, JSON and CSV file read.

"Inert" is what a reader's browser and feed reader must be able to rely on,
whatever the contributors wrote: no event-handler attribute, no script the
theme does not own, no `javascript:`/`vbscript:`/`data:` address, no resource
loaded from another host, well-formed feeds, parsable JSON, CSV cells that no
spreadsheet reads as a formula. `scan_site` returns one line per breach, so a
test shows them all at once.
"""

from __future__ import annotations

import csv
import html
import json
import re
import string
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import nh3

# Attributes that hold an address a browser may load or follow.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "cite", "background",
                  "xlink:href", "longdesc", "usemap", "manifest", "ping", "srcset"}
# Elements whose address is loaded with the page, not only on a click.
LOADED = {("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
          ("script", "src"), ("iframe", "src"), ("frame", "src"), ("embed", "src"),
          ("object", "data"), ("video", "src"), ("video", "poster"), ("audio", "src"),
          ("track", "src"), ("input", "src"), ("image", "href"), ("use", "href"),
          ("link", "href"), ("image", "xlink:href"), ("use", "xlink:href")}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
# Elements no contributor's text may bring in (the theme has its own, checked apart; its
# icons are SVG inside the article, inert as long as no handler or address is, see above).
FOREIGN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base",
                    "math", "form", "input", "button", "textarea", "select", "style", "meta",
                    "link", "template", "noscript", "portal", "audio", "video"}
# Pages whose article is a tool of the template (a search form), holding no contributor text.
TOOL_PAGES = {"recherche/index.html"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Every element a browser knows, so that the browser's reading keeps them all.
ELEMENTS = set("""a abbr address area article aside audio b base bdi bdo blockquote body br
button canvas caption center cite code col colgroup data datalist dd del details dfn dialog
div dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6
head header hgroup hr html i iframe img input ins kbd label legend li link main map mark marquee
math menu meta meter nav noscript object ol optgroup option output p param picture pre progress
q rp rt ruby s samp script search section select slot small source span strike strong style
sub summary sup svg table tbody td template textarea tfoot th thead time title tr track u ul
var video wbr image use animate set foreignobject mtext mglyph xmp noembed noframes applet
portal""".split())
_SCHEMES = {"javascript", "vbscript", "livescript", "data", "file", "http", "https", "mailto",
            "ftp", "tel", "blob", "about", "ws", "wss"}
_PATH_LITERAL = re.compile(r'"(?:\.\./)*\.{0,2}/?"')
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]+)", re.I)


def theme_script(text: str) -> str:
    """An inline script with the page's relative base path taken out: the theme's shape."""
    return _PATH_LITERAL.sub('""', text.strip())


class _PageScanner(HTMLParser):
    def __init__(self, where: str, site_host: str, theme_scripts: set[str] | None,
                 in_content_only: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.where, self.site_host = where, site_host
        self.theme_scripts = theme_scripts
        self.in_content_only = in_content_only  # a fragment (feed content): all of it is content
        self.breaches: list[str] = []
        self.script: dict | None = None
        self.depth_article = 0
        self.inline_scripts: list[str] = []

    def breach(self, what: str) -> None:
        line, _ = self.getpos()
        self.breaches.append(f"{self.where}:{line}: {what}")

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._element(tag, attrs)
        if tag == "script":
            self.script = dict(attrs)
            self.script["__text"] = ""

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self._element(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script["__text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            self._judge_script(self.script)
            self.script = None

    def _element(self, tag: str, attrs: list) -> None:
        content = self.in_content_only
        for name, value in attrs:
            name = name.lower()
            if name.startswith("on"):
                self.breach(f"attribut d'événement {name}= sur <{tag}>")
            if value is None:
                continue
            if name in URL_ATTRIBUTES or (tag == "meta" and name == "content"
                                          and "url=" in value.lower()):
                self._judge_url(tag, name, value)
            if name == "style":
                if content:
                    self.breach(f"attribut style sur <{tag}> dans le contenu")
                for target in _CSS_URL.findall(value):
                    self._judge_url(tag, "style", target, loaded=True)
        if content and tag in FOREIGN_ELEMENTS:
            self.breach(f"élément <{tag}> dans le contenu")
        if content and tag == "script":
            self.breach("élément <script> dans le contenu")

    def _judge_url(self, tag: str, name: str, value: str, loaded: bool | None = None) -> None:
        targets = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" \
            else [value]
        if tag == "meta":
            targets = [value.split("=", 1)[1].strip("'\" ")] if "=" in value else []
        for target in targets:
            cleaned = re.sub(r"[\x00-\x20]", "", html.unescape(target)).lower()
            if cleaned.startswith(BAD_SCHEMES):
                self.breach(f"adresse « {target[:60]} » ({name}= de <{tag}>)")
                continue
            is_loaded = loaded if loaded is not None else (tag, name) in LOADED
            if tag == "meta":
                is_loaded = True
            if is_loaded and self._other_host(cleaned):
                self.breach(f"ressource d'un autre site « {target[:80]} » ({name}= de <{tag}>)")

    def _other_host(self, url: str) -> bool:
        parts = urlsplit(url)
        if url.startswith("//") or parts.netloc:
            return parts.hostname != self.site_host
        return bool(parts.scheme) and parts.scheme not in ("http", "https")

    def _judge_script(self, script: dict) -> None:
        if self.in_content_only:
            return  # already a breach as an element
        src = script.get("src")
        if src is not None:
            return  # its address was judged as a loaded resource (another host is a breach)
        text = script["__text"]
        if script.get("type") == "application/json":
            try:
                json.loads(text)
            except ValueError:
                self.breach("script JSON du thème illisible (texte injecté ?)")
            return
        shape = theme_script(text)
        self.inline_scripts.append(shape)
        if self.theme_scripts is not None and shape not in self.theme_scripts:
            self.breach(f"script en ligne inconnu du thème : {text.strip()[:80]!r}")


def browser_view(text: str) -> str:
    """`text` as a browser parses it (WHATWG rules, through html5ever), written back
    regular: the comment `<!-->` closes at once, CDATA is a comment… Python's own HTML
    parser reads those otherwise, and would miss what they hide."""
    return nh3.clean(text, tags=ELEMENTS, clean_content_tags=set(),
                     generic_attribute_prefixes=set(string.ascii_lowercase),
                     strip_comments=True, link_rel=None, url_schemes=_SCHEMES)


def scan_html(text: str, where: str, site_host: str, theme_scripts: set[str] | None = None,
              fragment: bool = False) -> list[str]:
    """Breaches in one page (or, with `fragment`, in contributor HTML such as a feed's content)."""
    text = browser_view(text)
    scanner = _PageScanner(where, site_host, theme_scripts, fragment)
    if not fragment and where not in TOOL_PAGES:
        # The article is where contributors' text lands: foreign elements are breaches there.
        # Outside it, the theme's own elements (its forms, its scripts) are judged by shape.
        start, end = text.find('<article class="md-content__inner'), text.find("</article>")
        if start != -1 and end != -1:
            head, article, tail = text[:start], text[start:end], text[end:]
            breaches = scan_html(head + tail, where, site_host, theme_scripts)
            content = _PageScanner(where, site_host, None, True)
            content.feed(article)
            content.close()
            return breaches + content.breaches
    scanner.feed(text)
    scanner.close()
    return scanner.breaches


def inline_script_shapes(site_dir: Path) -> set[str]:
    """The inline scripts of a site known to be harmless: the theme's own."""
    shapes: set[str] = set()
    for page in site_dir.rglob("*.html"):
        scanner = _PageScanner(str(page), "", None, False)
        scanner.feed(page.read_text(encoding="utf-8"))
        shapes.update(scanner.inline_scripts)
    return shapes


def scan_site(site_dir: Path, site_url: str, theme_scripts: set[str]) -> list[str]:
    """Every breach of the built site in `site_dir` (empty: the site is inert)."""
    host = urlsplit(site_url).hostname or ""
    breaches: list[str] = []
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if path.is_symlink() or not path.is_file():
            if path.is_symlink():
                breaches.append(f"{rel}: lien symbolique publié")
            continue
        if rel.startswith("admin/"):
            continue  # the CMS loads its pinned script (SRI) from its publisher: by design
        if path.suffix == ".html":
            breaches += scan_html(path.read_text(encoding="utf-8"), rel, host, theme_scripts)
        elif path.suffix == ".xml":
            breaches += _scan_xml(path, rel, host)
        elif path.suffix == ".json":
            try:
                json.loads(path.read_text(encoding="utf-8"))
            except ValueError as error:
                breaches.append(f"{rel}: JSON illisible ({error})")
        elif path.suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as handle:
                for number, row in enumerate(csv.reader(handle), start=1):
                    breaches += [f"{rel}:{number}: cellule lue comme formule : {cell[:40]!r}"
                                 for cell in row if cell.startswith(FORMULA_START)]
    return breaches


def _scan_xml(path: Path, rel: str, host: str) -> list[str]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        return [f"{rel}: XML mal formé ({error})"]
    breaches = []
    for element in root.iter():
        if element.tag.endswith("content") and element.get("type") == "html" and element.text:
            breaches += scan_html(element.text, f"{rel} <content>", host, fragment=True)
    return breaches
