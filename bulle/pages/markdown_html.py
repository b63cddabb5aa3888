"""Contributors' Markdown as HTML for readers outside the site, with absolute links.

The site builder renders the pages; a feed reader shows the same text far from
the page it came from, so every link and image must carry the full address.
Links are resolved as the site builder resolves them: a file (`photo.jpg`,
`../index.md`) against the folder of the Markdown file, a Markdown file to the
URL of its page, anything else (`../autre/`, `#section`) against the page's URL,
as a browser would.
"""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import markdown
import yaml
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from bulle.pages import urls

_LINK_ATTRIBUTES = {"a": "href", "img": "src"}


@dataclass(frozen=True)
class MarkdownOptions:
    """The site's Markdown extensions and their settings, as mkdocs.yml lists them."""

    extensions: tuple[str, ...] = ("toc", "tables", "fenced_code")  # MkDocs' own
    configs: Mapping[str, Mapping[str, object]] = field(default_factory=dict)

    def standard(self) -> "MarkdownOptions":
        """The same options for an engine without Bulle installed: Bulle's own extensions
        replaced by the standard ones whose output they reproduce (typography → smarty)."""
        from bulle.pages import typography
        swap = {typography.NAME: typography.STANDARD_NAME}
        return MarkdownOptions(tuple(swap.get(name, name) for name in self.extensions),
                               {swap.get(name, name): values
                                for name, values in self.configs.items()})

    def as_config(self) -> list[dict[str, dict]]:
        """The options as mkdocs.yml's `markdown_extensions` lists them."""
        return [{name: dict(self.configs.get(name, {}))} for name in self.extensions]

    def without_permalinks(self) -> "MarkdownOptions":
        """The same options without heading anchors ("¶"), which mean nothing in a feed."""
        configs = {name: dict(values) for name, values in self.configs.items()}
        if "toc" in configs:
            configs["toc"]["permalink"] = False
        return MarkdownOptions(self.extensions, configs)


BASE_CONFIG = Path(__file__).resolve().parents[2] / "hooks" / "mkdocs.base.yml"


def site_markdown_options(config: Path = BASE_CONFIG) -> MarkdownOptions:
    """The Markdown extensions of the site's base configuration (MkDocs adds its own three),
    for the tools that convert a text as the site will: the check, the review."""
    names, configs = ["toc", "tables", "fenced_code"], {}
    try:
        listed = yaml.safe_load(config.read_text(encoding="utf-8")).get("markdown_extensions", [])
    except (OSError, yaml.YAMLError, AttributeError):
        return MarkdownOptions()
    for item in listed:
        name, values = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name not in names:
            names.append(name)
        if values:
            configs[name] = values
    return MarkdownOptions(tuple(names), configs)


def render_html(text: str, options: MarkdownOptions,
                resolve: Callable[[str], str] | None = None) -> str:
    """Convert Markdown to HTML; `resolve` rewrites every link and image address."""
    return HtmlRenderer(options).render(text, resolve)


class HtmlRenderer:
    """One Markdown converter for many texts (building one costs more than a conversion)."""

    def __init__(self, options: MarkdownOptions) -> None:
        self.resolve: Callable[[str], str] | None = None
        self.converter = markdown.Markdown(
            extensions=[*options.extensions, _RewriteLinks(self._resolve)],
            extension_configs={name: dict(values) for name, values in options.configs.items()})

    def render(self, text: str, resolve: Callable[[str], str] | None = None) -> str:
        self.resolve = resolve
        try:
            return self.converter.reset().convert(text)
        finally:
            self.resolve = None

    def _resolve(self, target: str) -> str:
        return self.resolve(target) if self.resolve else target


_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>')


def absolute_html(text: str, page_url: str) -> str:
    """HTML the site builder made for the page at `page_url` (absolute), ready for a feed:
    every address absolute, and no heading anchors ("¶"), which mean nothing there."""
    def absolute(match: re.Match) -> str:
        target = html.unescape(match.group(2))
        return f'{match.group(1)}="{html.escape(urljoin(page_url, target))}"'
    return _ATTRIBUTE.sub(absolute, _PERMALINK.sub("", text))


def absolute_link(target: str, src_uri: str, site_url: str) -> str:
    """The full address of a link written in the Markdown file `src_uri` of the site."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return target  # already absolute (https:, mailto:, //host)
    page = urls.absolute(site_url, urls.page_url(src_uri))
    path = unquote(parts.path)
    name = posixpath.basename(path)
    if not path or path.startswith("/") or "." not in name:
        return urljoin(page, target)  # left alone by the builder: the browser resolves it
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
    if resolved.startswith("../"):
        return urljoin(page, target)  # outside the site: left as written
    if resolved.endswith(".md"):
        resolved = urls.page_url(resolved)
    full = urlsplit(urls.absolute(site_url, resolved))
    return urlunsplit((full.scheme, full.netloc, full.path, parts.query, parts.fragment))


class _RewriteLinks(Extension):
    def __init__(self, resolve: Callable[[str], str]) -> None:
        super().__init__()
        self.resolve = resolve

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        # Lowest priority: after footnotes and inline links have made their elements.
        md.treeprocessors.register(_LinkRewriter(md, self.resolve), "bulle-absolute-links", -100)


class _LinkRewriter(Treeprocessor):
    def __init__(self, md: markdown.Markdown, resolve: Callable[[str], str]) -> None:
        super().__init__(md)
        self.resolve = resolve

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            attribute = _LINK_ATTRIBUTES.get(element.tag)
            value = element.get(attribute) if attribute else None
            if value is not None:
                element.set(attribute, self.resolve(value))
