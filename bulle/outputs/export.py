"""The publication as a plain folder that a site builder without plugins builds (Zensical).

Material for MkDocs reaches its end of life in 2027 and its successor, Zensical,
has no hooks: it renders a folder of Markdown with an `mkdocs.yml`. So every
page leaves here already finished: its Markdown converted with the site's own
options, contributors' HTML sanitised, the generated blocks put back, links
resolved as MkDocs resolves them. Each exported `.md` body is one HTML block,
which Markdown passes through untouched: contributors' text stays as safe as on
the MkDocs site whatever the engine's Markdown does. The guide, written by the
template, stays Markdown (its headings make the engine's table of contents),
unless the site is in another language than the guide's.

Zensical cannot run Bulle's theme overrides (`hooks/theme/` calls the core through
the hooks): the export has its own (`export_theme/`), which prints the same head tags (feeds,
Open Graph), demo banner and 404 page from plain data. Not exported: the footer's
social links and licence (the publisher and legal pages go in the theme's
`copyright` instead). The search page keeps working: the export
writes Pagefind's index of the same texts as the MkDocs build (Zensical's own
search is turned off, as Material's is on the MkDocs site). The data files are published as they are, Bulle's
sitemap.xml (dated by content) as the theme's template of it.
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

from bulle.content.files import scan
from bulle.contrib.guide import GUIDE_LANGUAGE
from bulle.outputs.search import BUNDLE, SearchIndex
from bulle.pages import urls
from bulle.pages.chrome import Chrome, chrome
from bulle.pages.markdown_html import (BASE_CONFIG, HtmlRenderer, MarkdownOptions,
                                       site_markdown_options)
from bulle.pages.page_meta import city_page_meta
from bulle.publication import Finished, Publication, build_site
from bulle.site import Site

CONFIG = "mkdocs.yml"  # Zensical reads MkDocs' configuration file as it is
DOCS = "docs/"
THEME = "theme/"  # the export's own theme override (Bulle's need the MkDocs hooks)
_THEME_FILES = Path(__file__).parent / "export_theme"
_HOOKS_THEME = Path(__file__).resolve().parents[2] / "hooks" / "theme"  # Bulle's own override
HEAD_PARTIAL = "partials/bulle-head.html"  # feeds, Open Graph and Twitter tags, from plain data
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
    settings = site.settings
    look = chrome(site.programme, settings.docs_dir)
    base = yaml.safe_load(base_config.read_text(encoding="utf-8"))
    options = _markdown_options(base_config, look.permalink_title)
    site = replace(site, settings=replace(settings, markdown=options))  # feeds convert alike
    city = _city_docs(settings.root, settings.docs_dir)
    city_pages = [path for path in city if path.endswith(".md")]
    publication = build_site(site, city_pages)
    copies = {**{path: source for path, source in city.items() if not path.endswith(".md")},
              **publication.copies}
    known = frozenset([*city_pages, *publication.guide,
                       *(page.src_uri for page in publication.pages)]) \
        | publication.files.keys() | copies.keys()
    finisher = _Finisher(publication, options, known)
    texts: dict[str, str] = {}
    search: dict[str, str] = {}
    entries: dict[str, str] = {}
    for page in publication.pages:
        finished = finisher.page(page.src_uri, page.content)
        texts[_folder_page(page.src_uri)] = _markdown_page(dict(page.meta), finished.html)
        if finished.entry_html is not None:
            entries[page.src_uri] = finished.entry_html
        if finished.searchable:
            search[f"{page.url}index.html"] = finished.html
    for path in city_pages:
        finished = finisher.city_page(path, city[path].read_text(encoding="utf-8"))
        meta = dict(finished.meta)
        if path == "index.md":  # Zensical does not tell the theme which page is the home
            meta["head"] = {"title": look.head["site_name"]}
        texts[_folder_page(path)] = _markdown_page(meta, finished.html)
        search[f"{urls.page_url(path)}index.html"] = finished.html
    moved = {path: _folder_page(path) for path in city_pages}  # for the menu
    for path, text in publication.guide.items():  # the template's own text, not sanitised
        html_text = finisher.page(path, text).html
        search[f"{urls.page_url(path)}index.html"] = html_text
        if look.language == GUIDE_LANGUAGE:  # Markdown: the engine makes its contents
            texts[path] = text
        else:  # in French on a site in another language: said so to screen readers
            moved[path] = _folder_page(path)
            heading = _H1.search(_PERMALINK.sub("", html_text))
            title = city_page_meta(heading.group(1) if heading else None, None)
            texts[moved[path]] = _markdown_page(title, html_text, GUIDE_LANGUAGE)
    files = {**publication.files, **dict(publication.feeds(entries)), **texts}
    published: dict[str, str | bytes] = {DOCS + path: content for path, content in files.items()}
    # Zensical writes its sitemap.xml from the theme's template, over any file of docs/:
    # Bulle's (dated by content) becomes that template, as it is.
    sitemap = published.pop(DOCS + urls.SITEMAP)
    text = sitemap.decode("utf-8") if isinstance(sitemap, bytes) else sitemap
    published[THEME + urls.SITEMAP] = f"{{% raw %}}{text}{{% endraw %}}"
    published[CONFIG] = _config(look, base, options, city_pages, moved,
                                _city_config(settings.root / CONFIG))
    published[STAMP] = "Written by `bulle export`: replaced by the next export.\n"
    copied = {DOCS + path: source for path, source in copies.items()}
    copied.update({THEME + path.name: path for path in sorted(_THEME_FILES.glob("*.html"))})
    copied[THEME + HEAD_PARTIAL] = _HOOKS_THEME / HEAD_PARTIAL  # the same tags as MkDocs' pages
    return Export(published, copied, search, look.language)


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
        index = SearchIndex(folder / DOCS / BUNDLE, pages=len(export.search))
        try:
            for dest, text in sorted(export.search.items()):
                index.add(dest, text, export.language)
            index.finish()
        finally:
            index.close()


class _Finisher:
    """Converts a page's Markdown as MkDocs does, then has the publication finish it."""

    def __init__(self, publication: Publication, options: MarkdownOptions,
                 known: frozenset[str]) -> None:
        self.publication = publication
        self.converter = HtmlRenderer(options)
        self.known = known

    def page(self, src_uri: str, markdown: str) -> Finished:
        html_text = self.converter.render(markdown, self._resolver(src_uri))
        return self.publication.finish(src_uri, urls.page_url(src_uri), html_text)

    def city_page(self, src_uri: str, text: str) -> Finished:
        """A page of the city's docs/: its front matter read as MkDocs reads it."""
        match = _FRONT_MATTER.match(text)
        try:  # as MkDocs: a front matter it cannot read is no front matter
            meta = yaml.safe_load(match.group(1)) if match else None
        except yaml.YAMLError:
            meta = None
        meta = meta if isinstance(meta, dict) else {}
        is_home = src_uri == "index.md"
        markdown = self.publication.markdown(src_uri, text[match.end():] if match else text,
                                             is_home=is_home)
        html_text = self.converter.render(markdown, self._resolver(src_uri))
        heading = _H1.search(_PERMALINK.sub("", html_text))
        title = meta.get("title") or (heading.group(1) if heading else None)
        return self.publication.finish(src_uri, urls.page_url(src_uri), html_text,
                                       is_home=is_home, title=title,
                                       meta={key: str(value) for key, value in meta.items()})

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
            link = urls.relative(quote(page_url), quote(dest))
            return urlunsplit(("", "", link, parts.query, parts.fragment))
        return resolve


def _folder_page(src_uri: str) -> str:
    """Where a finished page goes in the export: `<its URL>/index.md`. Zensical reads the
    links of a page, HTML included, from its file's folder (MkDocs only the Markdown's):
    from `journal/x.md` a link to `../` would lose a level, from `journal/x/index.md`
    every link is read as it is written, relative to the page's URL."""
    return urls.source_uri(urls.page_url(src_uri))


def _markdown_page(meta: dict, body: str, language: str | None = None) -> str:
    """A page whose body is one HTML block: Markdown passes it through as it is."""
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    lang = f' lang="{language}"' if language else ""
    return f"---\n{front}---\n\n<div class=\"bulle-export\"{lang}>\n{body}\n</div>\n"


def _city_docs(root: Path, docs_dir: str) -> dict[str, Path]:
    """The regular files of the city's docs/ (links never followed: the command refuses
    them first, as the build does), by their path below it, dotted names aside as MkDocs."""
    folder = root / docs_dir
    return {path.relative_to(folder).as_posix(): path for path in scan(root, docs_dir).files
            if not any(part.startswith(".") for part in path.relative_to(folder).parts)}


def _markdown_options(base_config: Path, permalink_title: str) -> MarkdownOptions:
    """The site's Markdown options, the permalinks titled in the site's language as the
    hooks title them."""
    options = site_markdown_options(base_config)
    configs = {name: dict(values) for name, values in options.configs.items()}
    configs.setdefault("toc", {})["permalink_title"] = permalink_title
    return MarkdownOptions(options.extensions, configs)


def _city_config(path: Path) -> dict:
    """The settings a city adds in its own mkdocs.yml that the export keeps: its menu,
    its styles and scripts (the fork guide's « Pour aller plus loin »)."""
    try:
        loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError):
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {key: loaded[key] for key in ("nav", "extra_css", "extra_javascript")
            if isinstance(loaded.get(key), list)}


class _TolerantLoader(yaml.SafeLoader):
    """Reads MkDocs' tags (`!ENV`, `!!python/name:`) as nothing: the export keeps none."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _export_nav(nav: list, moved: dict[str, str]) -> list:
    """A menu, its pages at their place in the export (`_folder_page`)."""
    def item(entry):
        if isinstance(entry, str):
            return moved.get(entry, entry)
        if isinstance(entry, dict):
            return {label: item(value) for label, value in entry.items()}
        if isinstance(entry, list):
            return [item(value) for value in entry]
        return entry
    return [item(entry) for entry in nav]


def _config(look: Chrome, base: dict, options: MarkdownOptions, city_pages: list[str],
            moved: dict[str, str], city: dict) -> str:
    """The engine's mkdocs.yml: the base configuration without hooks, with the export's
    theme override and what the city's own mkdocs.yml adds. No edit links: the exported
    files are not the ones to edit."""
    theme = {**base["theme"], "custom_dir": THEME.rstrip("/")}
    theme.update(look.theme_config(theme.get("palette")))
    theme["features"] = [f for f in theme.get("features", []) if f != "content.action.edit"]
    engine = {key: str(value) for key, value in look.engine_config().items()
              if key != "edit_uri"}
    config: dict = {
        **engine,
        "docs_dir": DOCS.rstrip("/"), "site_dir": "site", "use_directory_urls": True,
        "theme": theme,
        "extra_css": [*look.extra_css, *city.get("extra_css", [])],
        "extra_javascript": [*look.extra_javascript, *city.get("extra_javascript", [])],
        "markdown_extensions": options.standard().as_config(),  # no Bulle installed there
        "copyright": _footer(look),
        # Zensical's own search would send its whole index to the first visitor who types
        # (15 MB at 100 projects): Pagefind's, split by word, serves the search page.
        "plugins": {"search": {"enabled": False}},
        "extra": {**(base.get("extra") or {}), "bulle": {  # for the export's theme
            **look.head, "banner": look.banner, "menu": look.t("nav.menu"),
            "not_found": {"title": look.t("notfound.title"), "text": look.t("notfound.text"),
                          "links": look.t("notfound.links"),
                          "pages": [list(item) for item in look.not_found]}}},
        "nav": _export_nav(city.get("nav") or look.nav(city_pages), moved),
    }
    header = ("# Written by `bulle export` from programme.yml and hooks/mkdocs.base.yml:\n"
              "# build with `zensical build -f mkdocs.yml` (or properdocs/mkdocs build).\n")
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)


def _footer(look: Chrome) -> str:
    """The publisher and the legal pages, which the theme overrides put in the footer: the
    theme prints `copyright` as HTML, on every page, so the links start from the site's root."""
    root = urlsplit(look.site_url).path.rstrip("/") + "/"
    links = " · ".join(f'<a href="{html.escape(quote(root + url))}">{html.escape(label)}</a>'
                       for label, url in look.footer["links"])
    return f"{html.escape(look.footer['owner'])} · {links}"
