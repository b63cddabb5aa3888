"""What a rebuild in `serve` must redo: the pages whose inputs changed since the last build.

A project's own pages (its page, its journal, its entries) show only what its
folder holds and the programme; so after an edit, only the pages of the projects
whose files changed are rendered again, the other ones are those of the last
build. The pages that gather projects (lists, home, awards, data…) are rendered
again; then a page is rebuilt only when what it shows changed: the site builder
converts and lays out a handful of pages instead of thousands.

Anything that is not a project's file (the programme file, the site's config,
the city's pages, the templates, the day, the output folder) changes the `key`:
everything is then rebuilt, as in a first build.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bulle.compressed import CompressedTexts
from bulle.pages.render import Cards, GeneratedPage
from bulle.site import Site
from bulle.pages.urls import FEED, PROJECTS


@dataclass
class Build:
    """What one build leaves for the next one (in `serve` only)."""

    key: str
    site: Site
    pages: dict[str, GeneratedPage]  # by src_uri
    fingerprints: dict[str, str]  # src_uri -> digest of what the page shows
    built: Mapping[str, str] = field(default_factory=CompressedTexts)  # entries' HTML, feeds
    guide: dict[str, str] = field(default_factory=dict)  # the guide's pages, by src_uri
    cards: dict[tuple, str] = field(default_factory=dict)  # the journal's entry cards (Cards)
    search_pages: int = 0  # what the first build's search index was cut for


@dataclass(frozen=True)
class Plan:
    """What this build can take from the last one."""

    previous: Build | None  # None: rebuild everything
    kept: Mapping[str, GeneratedPage]  # pages of unchanged projects, by src_uri
    changed: frozenset[str] | None = None  # slugs of the projects that changed; None: all
    cards: Cards = field(default_factory=Cards)  # the journal's entry cards, made or taken

    @property
    def guide(self) -> dict[str, str]:
        """The guide's pages of the last build: they depend on nothing but the key."""
        return self.previous.guide if self.previous is not None else {}

    def fingerprint(self, page: GeneratedPage) -> str:
        """The page's fingerprint; a page kept from the last build keeps its own."""
        if self.kept.get(page.src_uri) is page:
            return self.previous.fingerprints[page.src_uri]  # type: ignore[union-attr]
        return fingerprint(page)

    def unchanged(self, src_uri: str, fingerprint: str) -> bool:
        """Whether the page built last time, from the same inputs, can stay as it is."""
        return self.previous is not None and self.previous.fingerprints.get(src_uri) == fingerprint

    def removed(self, src_uris: Iterable[str]) -> list[str]:
        """URLs of the last build's pages that this one no longer has (an entry deleted or
        renamed): their files must go."""
        if self.previous is None:
            return []
        pages = self.previous.pages
        return sorted(pages[uri].url for uri in set(pages) - set(src_uris))

    def entries_html(self, built: Mapping[str, str], src_uris: Iterable[str]) -> Mapping[str, str]:
        """The entries' HTML for the feeds: this build's, and the last one's for the pages
        it kept as they were."""
        if self.previous is None:
            return built
        return CompressedTexts.merged([self.previous.built, built], src_uris)


def remove_pages(site_dir: Path, urls: Iterable[str]) -> None:
    """Delete from the built site the pages at `urls` (`Plan.removed`), with the feed that
    sits next to a project's or a listing's page, and their folder once empty."""
    for url in urls:
        for name in ("index.html", FEED):
            (site_dir / url / name).unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            (site_dir / url).rmdir()  # unless something else lies there


def context_key(paths: Iterable[Path], *others: object) -> str:
    """A digest of every file under `paths` (name, size, time of change) and of `others`
    (the day, the folder built into)."""
    digest = hashlib.sha256(repr(others).encode())
    for path in paths:
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for item in files:
            if item.is_file() and "__pycache__" not in item.parts:
                stat = item.stat()
                digest.update(f"{item}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def changed_projects(old: Site, new: Site) -> set[str]:
    """Slugs of the projects whose file, entries or published files differ between two sites."""
    slugs = {p.slug for p in old.projects} | {p.slug for p in new.projects}
    old_projects = {p.slug: p for p in old.projects}
    new_projects = {p.slug: p for p in new.projects}
    return {slug for slug in slugs
            if old_projects.get(slug) != new_projects.get(slug)
            or old.entries_of(slug) != new.entries_of(slug)
            or old.files_of(slug) != new.files_of(slug)}


def plan(previous: Build | None, site: Site, key: str) -> Plan:
    """What can be kept from `previous`: nothing when the key changed."""
    if previous is None or previous.key != key:
        return Plan(None, {})
    changed = frozenset(changed_projects(previous.site, site))
    same = {project.slug for project in site.projects} - changed
    kept = {uri: page for uri, page in previous.pages.items()
            if uri.startswith(PROJECTS) and uri[len(PROJECTS):].split("/", 1)[0] in same}
    return Plan(previous, kept, changed, Cards(previous=previous.cards))


def fingerprint(page: GeneratedPage | str) -> str:
    """A digest of all that a generated page (or a page's text) shows: whether to rebuild it."""
    return hashlib.sha256(repr(page).encode()).hexdigest()

