"""What one build publishes, for any engine: the publication manifest.

`build_site` lists every page (Markdown for the engine to convert), every data
file and every file copied as it is. Two steps need the pages once converted:
`Publication.finish` makes a converted page safe and complete (it also yields an
entry's own text and whether search indexes the page), and `Publication.feeds`
writes the feeds from the entries' text. An engine adapter (the MkDocs hooks, the
export) loops over the manifest and calls those two; it decides nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bulle.contrib.cms import render_admin
from bulle.contrib.guide import GUIDE_REPO_PATHS, expand_markers, render_guide_pages
from bulle.outputs.feeds import each_feed
from bulle.outputs.render import render_files
from bulle.outputs.search import index_count
from bulle.pages.chrome import COLOURS_CSS, city_files
from bulle.pages.render import Cards, GeneratedPage, Renderer
from bulle.pages.sanitize import Place, Sanitizer
from bulle.pages.page_meta import city_page_meta
from bulle.pages.slots import between, fill, neutralise
from bulle.pages.static_files import STATIC_FILES
from bulle.programme.colours import render_colours_css
from bulle.site import Site


class PublicationError(Exception):
    """The sources cannot be published together (said in French, to the city)."""


@dataclass(frozen=True)
class Home:
    """What the home page shows below the city's own text (docs/index.md)."""

    markdown: str
    fragments: tuple[str, ...]  # HTML blocks, see bulle.pages.slots


@dataclass(frozen=True)
class Finished:
    """A converted page, made safe and complete."""

    html: str
    entry_html: str | None = None  # an entry's own text: the feeds reuse it
    searchable: bool = False  # whether the search indexes the page's text
    meta: Mapping[str, str] = field(default_factory=dict)  # what the page's metadata becomes


@dataclass(frozen=True)
class Publication:
    """Everything the site publishes. Paths are as on the site (`dest`) or as sources in the
    engine's docs folder (`src_uri`, "projets/x/index.md")."""

    site: Site
    guide: Mapping[str, str]  # the guide's pages (template-owned): src_uri -> Markdown
    pages: tuple[GeneratedPage, ...]  # the generated pages, in a stable order
    home: Home
    files: Mapping[str, str | bytes]  # dest -> content: open data, schemas, sitemap, /admin/…
    copies: Mapping[str, Path]  # dest -> file copied as it is: attachments, styles, logo…
    search_pages: int = 0  # how many pages the search indexes (the search page says how)
    sanitizer: Sanitizer = field(default_factory=Sanitizer, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_src", {page.src_uri: page for page in self.pages})

    def page(self, src_uri: str) -> GeneratedPage | None:
        """The generated page behind `src_uri`, or None for the guide's and the city's."""
        return self._by_src.get(src_uri)  # type: ignore[attr-defined]

    def markdown(self, src_uri: str, markdown: str, *, is_home: bool = False) -> str:
        """The Markdown the engine converts for the page at `src_uri`, which it read from
        the file: the home gets its generated part, a city page the guide's markers."""
        if self.page(src_uri) is not None or src_uri in self.guide:
            return markdown
        if is_home:
            return f"{neutralise(markdown).rstrip()}\n\n{self.home.markdown}"
        return expand_markers(neutralise(markdown), self.site.programme)

    def meta(self, src_uri: str) -> dict:
        """A generated page's metadata (title, head tags…), before the engine converts it."""
        page = self.page(src_uri)
        return page.meta if page is not None else {}

    def edit_path(self, src_uri: str) -> str | None:
        """Where "edit this page" leads, from the repository root, when it is not the engine's
        docs folder: a contributor's file, or the guide's page in the template."""
        if (page := self.page(src_uri)) is not None:
            return page.source
        return GUIDE_REPO_PATHS.get(src_uri) if src_uri in self.guide else None

    def finish(self, src_uri: str, url: str, html: str, *, is_home: bool = False,
               title: str | None = None, meta: Mapping[str, str] | None = None) -> Finished:
        """`html`, what the engine converted from the page's Markdown, as published: the
        contributor's part sanitised, the generated HTML blocks put back in place. A city's
        page also gets its metadata from its `title` (as the engine found it) and `meta`."""
        if src_uri in self.guide:  # the template's own text, not contributors'
            return Finished(html, searchable=True)
        page = self.page(src_uri)
        if page is None:  # the city's pages in docs/: their images are any file of the site
            html = self.sanitizer.clean_page(html, Place(url))
            meta = meta or {}
            named = "title" in meta or not is_home  # the home shows the site's name
            return Finished(fill(html, self.home.fragments) if is_home else html,
                            searchable=True, meta=city_page_meta(
                                title if named else None, meta.get("description")))
        html = self.sanitizer.clean_page(html, page.place)
        entry = between(html, 0, 1) if page.is_entry else None  # between head and tail
        return Finished(fill(html, page.fragments), entry, page.searchable)

    def release(self, src_uri: str) -> None:
        """Once a build that keeps nothing for the next one (not `serve`) has finished the
        generated page at `src_uri`: drop its Markdown and its HTML blocks (at L, tens of
        thousands of pages waiting for their layout would hold them all)."""
        if (page := self.page(src_uri)) is not None:
            object.__setattr__(page, "content", "")  # frozen for everyone else
            object.__setattr__(page, "packed", b"")

    def feeds(self, entries_html: Mapping[str, str],
              projects: Sequence[str] | frozenset[str] | None = None
              ) -> Iterator[tuple[str, bytes]]:
        """The feeds, one by one as (path on the site, feed), from the entries' text as
        `finish` gave it (by src_uri); only the feeds of `projects` (slugs) when the others
        are unchanged."""
        return each_feed(self.site, entries_html, projects)


def build_site(site: Site, city_pages: Sequence[str],
               kept: Mapping[str, GeneratedPage] | None = None,
               guide: Mapping[str, str] | None = None,
               cards: Cards | None = None, search_pages: int | None = None) -> Publication:
    """The publication of `site`, whose city writes `city_pages` (src_uris of docs/).

    `kept`, `guide` and `cards` come from the last build of `serve` (bulle.incremental):
    pages of unchanged projects, the guide's texts and the journal's entry cards, taken as
    they are rather than made again; `search_pages` too: the search index is the first
    build's, and the search page must say how it is cut.
    """
    programme = site.programme
    guide = dict(guide or render_guide_pages(programme))
    for src_uri in sorted(set(city_pages) & set(guide)):
        raise PublicationError(
            f"Bulle : « {site.settings.docs_dir}/{src_uri} » prend la place d'une page du "
            f"guide ({GUIDE_REPO_PATHS[src_uri]}) : renommez-la.")
    renderer = Renderer(site)
    pages = tuple(renderer.pages(kept, cards))
    if search_pages is None:  # every city page and every page of the guide is searched
        search_pages = len(city_pages) + len(guide) + sum(page.searchable for page in pages)
    if (indexes := index_count(search_pages)) > 1:  # the search page merges the indexes
        search = renderer.search_page(indexes)
        pages = tuple(search if page.src_uri == search.src_uri else page for page in pages)
    sources = [*city_pages, *guide, *(page.src_uri for page in pages)]
    files: dict[str, str | bytes] = dict(render_files(site, pages, sources))
    files.update(render_admin(programme, site.projects))
    files[COLOURS_CSS] = render_colours_css(programme.identity.colours)
    copies = {**site.asset_files(), **STATIC_FILES.files}
    for city in city_files(programme.identity, site.settings.docs_dir):
        if city.source:
            copies[city.site_path] = site.settings.root / city.source
    clash = files.keys() & copies.keys()
    assert not clash, f"two outputs want the same path: {sorted(clash)}"
    return Publication(site, guide, pages, Home(*renderer.home_highlights()), files, copies,
                       search_pages)
