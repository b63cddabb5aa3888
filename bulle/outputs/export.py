"""The publication as a plain folder that a site builder without plugins builds (Zensical).

Material for MkDocs reaches its end of life in 2027 and its successor, Zensical,
has no hooks: it renders a folder of Markdown with an `mkdocs.yml`. So every
page leaves here already finished: its Markdown converted with the site's own
options, contributors' HTML sanitised, the generated blocks put back, links
resolved as MkDocs resolves them. Each exported `.md` body is one HTML block,
which Markdown passes through untouched: contributors' text stays as safe as on
the MkDocs site whatever the engine's Markdown does. The guide, written by the
template, stays Markdown (its headings make the engine's table of contents).

Not exported, because only the theme overrides of `hooks/theme/` make them: the
head's metadata (Open Graph, feed links), the footer's legal and social links,
the demo banner and the 404 page's links. The search page keeps working: the
export writes Pagefind's index of the same texts as the MkDocs build (and
Zensical adds a search of its own).
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import yaml
from markupsafe import Markup

from bulle.contrib.cms import render_admin
from bulle.contrib.guide import render_guide_pages, expand_markers
from bulle.outputs.feeds import render_feeds
from bulle.outputs.render import render_files
from bulle.outputs.search import BUNDLE, SearchIndex
from bulle.pages import urls
from bulle.pages.chrome import (COLOURS_CSS, DEFAULT_LOGO, build_nav, city_file,
                                toggle_names)
from bulle.pages.legal import footer_links
from bulle.pages.markdown_html import BASE_CONFIG, HtmlRenderer, MarkdownOptions
from bulle.pages.page_meta import city_page_meta
from bulle.pages.render import GeneratedPage, Renderer
from bulle.pages.sanitize import Place, Sanitizer
from bulle.pages.slots import between, fill, neutralise
from bulle.pages.static_files import STATIC_FILES
from bulle.programme.colours import render_colours_css
from bulle.programme.i18n import Translator
from bulle.site import Site

CONFIG = "mkdocs.yml"  # Zensical reads MkDocs' configuration file as it is
DOCS = "docs/"
STAMP = ".bulle-export"  # marks a folder this module wrote, which it may replace
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>')  # the heading's "¶"


@dataclass(frozen=True)
class Export:
    """What the folder holds: written files and files copied, by their path in it."""

    files: dict[str, str | bytes]
    copies: dict[str, Path]
    search: dict[str, str]  # the HTML of each searchable page, by the file it is published as
    language: str = "fr"

    @property
    def pages(self) -> list[str]:
        """The Markdown pages, by their path below docs/."""
        return sorted(path[len(DOCS):] for path in self.files
                      if path.startswith(DOCS) and path.endswith(".md"))


def render_export(site: Site, base_config: Path = BASE_CONFIG) -> Export:
    """Every page, data file and asset of the site, and the engine's configuration."""
    settings, identity = site.settings, site.programme.identity
    t = Translator(identity.language)
    base = yaml.safe_load(base_config.read_text(encoding="utf-8"))
    options = _markdown_options(base, t)
    site = replace(site, settings=replace(settings, markdown=options))  # feeds convert alike
    renderer = Renderer(site)
    pages = renderer.pages()
    city = _city_docs(settings.root / settings.docs_dir)
    guide = render_guide_pages(site.programme)
    logo = city_file(identity.logo, settings.docs_dir, DEFAULT_LOGO)
    favicon = city_file(identity.favicon, settings.docs_dir, DEFAULT_LOGO)
    copies: dict[str, Path] = {path: source for path, source in city.items()
                               if not path.endswith(".md")}
    copies.update(site.asset_files())
    copies.update(STATIC_FILES.files)
    copies.update({f.site_path: settings.root / f.source for f in (logo, favicon) if f.source})
    sources = [page.src_uri for page in pages] + list(guide) + [
        path for path in city if path.endswith(".md")]
    files: dict[str, str | bytes] = {}
    files.update(render_files(site, pages, sources))
    files.update(render_admin(site.programme, site.projects, settings.projects_dir))
    files[COLOURS_CSS] = render_colours_css(identity.colours)
    known = frozenset(sources) | files.keys() | copies.keys()
    finisher = _Finisher(options, known)
    texts: dict[str, str] = {}
    entries: dict[str, str] = {}
    search: dict[str, str] = {}
    for page in pages:
        body, entry = finisher.page(page)
        if page.searchable:
            search[f"{page.url}index.html"] = body
        texts[_folder_page(page.src_uri)] = _markdown_page({"title": page.meta["title"],
                                              "description": page.meta["description"]}, body)
        if entry is not None:
            entries[page.src_uri] = entry
    home = renderer.home_highlights()
    for path, source in city.items():
        if path.endswith(".md"):
            texts[_folder_page(path)], search[f"{urls.page_url(path)}index.html"] = \
                finisher.city_page(path, source.read_text(encoding="utf-8"), home, site)
    texts.update(guide)  # the template's own text: Markdown, for the engine's contents
    search.update({f"{urls.page_url(path)}index.html": finisher.guide_page(path, text)
                   for path, text in guide.items()})
    files.update(render_feeds(site, entries))
    published = {DOCS + path: content for path, content in {**files, **texts}.items()}
    published[CONFIG] = _config(site, base, options, t, city, logo.site_path, favicon.site_path)
    published[STAMP] = "Written by `bulle export`: replaced by the next export.\n"
    return Export(published, {DOCS + path: source for path, source in copies.items()},
                  search, identity.language)


def write_export(export: Export, folder: Path) -> None:
    """Write the folder anew (a previous export in it is removed first), with the search
    index; SearchError when Pagefind could not make it."""
    if (folder / STAMP).is_file():
        shutil.rmtree(folder)
    for path, content in export.files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    for path, source in export.copies.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    if export.search:
        index = SearchIndex(folder / DOCS / BUNDLE)
        try:
            for dest, text in sorted(export.search.items()):
                index.add(dest, text, export.language)
            index.finish()
        finally:
            index.close()


class _Finisher:
    """Turns a page's Markdown into the HTML the MkDocs build publishes for it."""

    def __init__(self, options: MarkdownOptions, known: frozenset[str]) -> None:
        self.converter = HtmlRenderer(options)
        self.sanitizer = Sanitizer()
        self.known = known

    def page(self, page: GeneratedPage) -> tuple[str, str | None]:
        """(the page's HTML, an entry's own text for the feeds), as the hooks make them."""
        html_text = self.converter.render(page.content, self._resolver(page.src_uri))
        html_text = self.sanitizer.clean_page(html_text, page.place)
        entry = between(html_text, 0, 1) if page.is_entry else None
        return fill(html_text, page.fragments), entry

    def city_page(self, src_uri: str, text: str, home: tuple[str, tuple[str, ...]],
                  site: Site) -> tuple[str, str]:
        """A page of the city's docs/, converted and sanitised as the hooks do: (the page,
        its HTML)."""
        match = _FRONT_MATTER.match(text)
        meta = (yaml.safe_load(match.group(1)) if match else None) or {}
        markdown = neutralise(text[match.end():] if match else text)
        is_home = src_uri == "index.md"
        if is_home:
            markdown = f"{markdown.rstrip()}\n\n{home[0]}"
        else:
            markdown = expand_markers(markdown, site.programme)
        url = urls.page_url(src_uri)
        body = self.converter.render(markdown, self._resolver(src_uri))
        body = self.sanitizer.clean_page(body, Place(url))
        if is_home:
            body = fill(body, home[1])
        heading = _H1.search(_PERMALINK.sub("", body))
        title = meta.get("title") or (Markup(heading.group(1)).striptags() if heading else None)
        front = city_page_meta(None if is_home and "title" not in meta else title,
                               meta.get("description"))
        return _markdown_page(front, body), body

    def guide_page(self, src_uri: str, text: str) -> str:
        """A page of the guide as HTML (the template's text, not sanitised), for the index."""
        return self.converter.render(text, self._resolver(src_uri))

    def _resolver(self, src_uri: str):
        """Rewrite a link as MkDocs does: a file of the site, written from the Markdown
        file's folder, becomes relative to the page's URL; anything else is left alone."""
        page_url = urls.page_url(src_uri)

        def resolve(target: str) -> str:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path or target.startswith(("/", "\\")):
                return target
            path = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri),
                                                     unquote(parts.path)))
            if path not in self.known:
                return target
            dest = urls.page_url(path) if path.endswith(".md") else path
            link = _relative_url(quote(dest), quote(page_url))
            return urlunsplit(("", "", link, parts.query, parts.fragment))
        return resolve


def _folder_page(src_uri: str) -> str:
    """Where a finished page goes in the export: `<its URL>/index.md`. Zensical reads the
    links of a page, HTML included, from its file's folder (MkDocs only the Markdown's):
    from `journal/x.md` a link to `../` would lose a level, from `journal/x/index.md`
    every link is read as it is written, relative to the page's URL."""
    return urls.source_uri(urls.page_url(src_uri))


def _relative_url(url: str, other: str) -> str:
    """`url` relative to the page at `other`, as MkDocs writes it (`utils.get_relative_url`)."""
    other_parts = [part for part in other.split("/") if part]
    dest_parts = [part for part in url.split("/") if part]
    common = 0
    for a, b in zip(other_parts, dest_parts):
        if a != b:
            break
        common += 1
    link = "/".join([".."] * (len(other_parts) - common) + dest_parts[common:]) or "."
    return f"{link}/" if url.endswith("/") else link


def _footer(identity, t: Translator) -> str:
    """The publisher and the legal pages, which the theme overrides put in the footer: the
    theme prints `copyright` as HTML, on every page, so the links start from the site's root."""
    root = urlsplit(identity.site_url).path.rstrip("/") + "/"
    links = " · ".join(f'<a href="{html.escape(quote(root + url))}">{html.escape(label)}</a>'
                       for label, url in footer_links(identity, t))
    return f"{html.escape(identity.publisher_name)} · {links}"


def _markdown_page(meta: dict[str, str], body: str) -> str:
    """A page whose body is one HTML block: Markdown passes it through as it is."""
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n\n<div class=\"bulle-export\">\n{body}\n</div>\n"


def _city_docs(folder: Path) -> dict[str, Path]:
    """The files of the city's docs/, by their path below it (dotted names aside, as MkDocs)."""
    if not folder.is_dir():
        return {}
    return {path.relative_to(folder).as_posix(): path for path in sorted(folder.rglob("*"))
            if path.is_file() and not any(part.startswith(".")
                                          for part in path.relative_to(folder).parts)}


def _markdown_options(base: dict, t: Translator) -> MarkdownOptions:
    """The base configuration's Markdown extensions, the permalinks titled in the site's
    language as the hooks title them."""
    names, configs = ["toc", "tables", "fenced_code"], {}
    for item in base.get("markdown_extensions", []):
        name, values = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name not in names:
            names.append(name)
        if values:
            configs[name] = dict(values)
    configs.setdefault("toc", {})["permalink_title"] = t("toc.permalink")
    return MarkdownOptions(tuple(names), configs)


def _config(site: Site, base: dict, options: MarkdownOptions, t: Translator,
            city: dict[str, Path], logo: str, favicon: str) -> str:
    """The engine's mkdocs.yml: the base configuration without hooks nor theme overrides."""
    identity = site.programme.identity
    theme = {key: value for key, value in base["theme"].items() if key != "custom_dir"}
    theme.update(language=identity.language, logo=logo, favicon=favicon,
                 features=[f for f in theme.get("features", []) if f != "content.action.edit"])
    names = toggle_names(t)
    for option in theme.get("palette", []):
        if option.get("toggle"):
            option["toggle"]["name"] = names.get(option.get("scheme"), names["default"])
    config: dict = {
        # Material and Zensical print these as they are: escaped once, as the hooks do.
        "site_name": html.escape(identity.name),
        "site_description": html.escape(identity.description),
        "site_url": identity.site_url,
        "docs_dir": DOCS.rstrip("/"), "site_dir": "site", "use_directory_urls": True,
        "theme": theme,
        "extra_css": [*STATIC_FILES.css, COLOURS_CSS],
        "extra_javascript": [*STATIC_FILES.js],
        "markdown_extensions": [{name: options.configs.get(name, {})}
                                for name in options.extensions],
        "copyright": _footer(identity, t),
        "extra": dict(base.get("extra") or {}),
        "nav": build_nav(t, [_folder_page(path) for path in city if path.endswith(".md")]),
    }
    if identity.repository:
        config["repo_url"] = identity.repository
        config["repo_name"] = urlsplit(identity.repository).path.strip("/") \
            or identity.repository
    header = ("# Written by `bulle export` from programme.yml and hooks/mkdocs.base.yml:\n"
              "# build with `zensical build -f mkdocs.yml` (or properdocs/mkdocs build).\n")
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)
