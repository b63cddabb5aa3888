"""What an engine adapter keeps during one build, and between builds of `serve`.

The MkDocs hooks are a loop over the publication (bulle.publication); the state
they carry from one event to the next is `BuildState`, typed, in one place. The
theme reads `chrome` from it. `ServeSession` is the one thing that outlives a
build: `mkdocs serve --dirty` keeps the hook module loaded, and the next rebuild
compares itself with the last one (bulle.incremental).
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

from bulle import incremental
from bulle.compressed import CompressedTexts
from bulle.content.files import folder_problems
from bulle.content.load import ReadCache
from bulle.content.model import Problem, Programme
from bulle.contrib.guide import PAGES as GUIDE_SOURCES
from bulle.outputs.search import BUNDLE, SearchIndex
from bulle.pages.chrome import Chrome, chrome
from bulle.pages.render import TEMPLATES
from bulle.programme.load import load_programme
from bulle.publication import Publication, build_site
from bulle.site import Settings, Site


def stop_message(problems: Iterable[Problem], strict: bool) -> str | None:
    """Why the build stops for these problems (in French), or None: any error stops it,
    a warning only a strict build, a notice never."""
    problems = list(problems)
    errors = sum(problem.is_error for problem in problems)
    if errors:
        return (f"Bulle : {errors} erreur(s) dans le contenu, listées ci-dessus. "
                "Corrigez-les puis relancez (« make check » les liste aussi).")
    warnings = sum(not problem.is_notice for problem in problems)
    if strict and warnings:
        return (f"Bulle : {warnings} avertissement(s), listé(s) ci-dessus, dans une "
                "construction stricte (--strict). Corrigez-les puis relancez.")
    return None


def start_build(settings: Settings) -> tuple[BuildState | None, list[Problem]]:
    """The programme file read and the city's docs folder checked: the state of a build
    about to start, or None when they stop it (with the problems either way)."""
    programme, problems = load_programme(settings.root / settings.programme_file,
                                         settings.programme_file)
    # An engine walks docs/ following links, then copies what it found: refuse them first.
    problems += folder_problems(settings.root, settings.docs_dir)
    if programme is None or stop_message(problems, strict=False):
        return None, problems
    return BuildState(settings, programme, chrome(programme, settings.docs_dir)), problems


def watched(settings: Settings) -> list[Path]:
    """What `serve` watches besides the engine's own files: contributors' content, the
    programme file, the guide's pages."""
    paths = [settings.root / settings.projects_dir, settings.root / settings.programme_file,
             GUIDE_SOURCES]
    return [path for path in paths if path.exists()]


@dataclass
class BuildState:
    """One build, from the engine's config to its last page."""

    settings: Settings
    programme: Programme
    chrome: Chrome
    publication: Publication | None = None
    plan: incremental.Plan = field(default_factory=lambda: incremental.Plan(None, {}))
    key: str = ""  # what every page depends on besides the projects (serve only)
    search: SearchIndex | None = None
    entries_html: MutableMapping[str, str] = field(default_factory=CompressedTexts)  # by
    # src_uri, for the feeds
    waiting: CompressedTexts = field(default_factory=CompressedTexts)  # pages' HTML, by
    # src_uri, from their conversion to their layout (the engine converts them all first)
    converted: object = None  # the engine's page converted last, not yet set aside
    fingerprints: dict[str, str] = field(default_factory=dict)  # src_uri -> what it shows

    def publish(self, site: Site, city_pages: list[str], session: ServeSession,
                inputs: Iterable[Path], site_dir: str) -> Publication:
        """The publication, taking from serve's last build what did not change; `inputs`
        are the files, besides the content, that every page depends on (engine config,
        city's pages, hooks)."""
        if session.on:
            paths = [site.settings.root / site.settings.programme_file, *inputs,
                     GUIDE_SOURCES, TEMPLATES]
            self.key = incremental.context_key([p for p in paths if p.exists()],
                                               site.settings.today, site_dir)
        self.plan = incremental.plan(session.last, site, self.key)
        previous = self.plan.previous
        self.publication = build_site(site, city_pages, self.plan.kept, self.plan.guide,
                                      self.plan.cards, previous and previous.search_pages)
        if previous is None:  # in serve, search keeps its first index
            self.search = SearchIndex(Path(site_dir) / BUNDLE,
                                      pages=self.publication.search_pages)
        return self.publication

    def unchanged(self, src_uri: str) -> bool:
        """Whether serve's last build showed what the page at `src_uri` shows (recorded for
        the next build): the engine may then leave the page as it is."""
        publication = self.publication
        assert publication is not None
        page = publication.page(src_uri)
        fingerprint = (self.plan.fingerprint(page) if page is not None
                       else incremental.fingerprint(publication.guide[src_uri]))
        self.fingerprints[src_uri] = fingerprint
        return self.plan.unchanged(src_uri, fingerprint)

    def write_after_pages(self, site_dir: Path) -> None:
        """Once the pages are written: the feeds, from the entries' text the pages hold; in
        serve, the pages of entries deleted or renamed since the last build go."""
        publication = self.publication
        assert publication is not None
        generated = [page.src_uri for page in publication.pages]
        incremental.remove_pages(site_dir, self.plan.removed(generated))
        self.entries_html = self.plan.entries_html(self.entries_html, generated)
        for path, content in publication.feeds(self.entries_html, self.plan.changed):
            (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (site_dir / path).write_bytes(content)

    def as_last(self) -> incremental.Build:
        publication = self.publication
        assert publication is not None
        pages = {page.src_uri: page for page in publication.pages}
        return incremental.Build(self.key, publication.site, pages, self.fingerprints,
                                 self.entries_html, dict(publication.guide),
                                 self.plan.cards.made, publication.search_pages)


class ServeSession:
    """`mkdocs serve --dirty`: the last build that succeeded, for the next one."""

    def __init__(self) -> None:
        self.on = False
        self.last: incremental.Build | None = None
        self.writing = False  # pages are being written: a failure leaves them half done
        self.files: ReadCache | None = None  # the files read and checked (site.load_site)

    def start(self, on: bool) -> None:
        self.on, self.last, self.writing = on, None, False
        self.files = ReadCache() if on else None

    def done(self, state: BuildState) -> None:
        if self.on:
            self.last, self.writing = state.as_last(), False

    def failed(self) -> None:
        if self.writing:  # the next build rebuilds everything (a content error stops the
            self.last = None  # build before any writing: then the last build still holds)
        self.writing = False
