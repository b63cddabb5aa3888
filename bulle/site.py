"""Load, validate and select in one call: the entry point of the core."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from bulle.aggregate import entries_by_project, last_change, select_public
from bulle.content.attachments import published_assets
from bulle.content.load import ReadCache, load_tree
from bulle.pages.markdown_html import MarkdownOptions
from bulle.content.model import Entry, Problem, Programme, Project
from bulle.programme.load import load_programme
from bulle.pages.urls import PROJECTS, project_url
from bulle.content.validate import validate_tree


@dataclass(frozen=True)
class Settings:
    """What the core needs to know about its surroundings (never MkDocs' config)."""

    root: Path
    projects_dir: str = "projects"
    docs_dir: str = "docs"  # the city's pages, which MkDocs publishes as they are
    programme_file: str = "programme.yml"
    today: dt.date = field(default_factory=lambda: build_date())
    per_page: int = 20
    markdown: MarkdownOptions = field(default_factory=MarkdownOptions)  # the site builder's


def build_date() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH / BULLE_TODAY for reproducible builds."""
    if os.environ.get("BULLE_TODAY"):
        return dt.date.fromisoformat(os.environ["BULLE_TODAY"])
    if os.environ.get("SOURCE_DATE_EPOCH"):
        stamp = int(os.environ["SOURCE_DATE_EPOCH"])
        return dt.datetime.fromtimestamp(stamp, dt.timezone.utc).date()
    return dt.date.today()


@dataclass(frozen=True)
class Site:
    """The public content: what every output is rendered from."""

    programme: Programme
    projects: tuple[Project, ...]  # public, by title
    entries: tuple[Entry, ...]  # public, newest first
    assets: dict[str, tuple[Path, ...]]  # slug -> files its public pages use (attachments.py)
    settings: Settings

    def project(self, slug: str) -> Project:
        return self._by_slug[slug]

    def asset_files(self) -> dict[str, Path]:
        """Files of the project folders, by their path on the site (images, documents)."""
        files: dict[str, Path] = {}
        for slug, paths in sorted(self.assets.items()):
            folder = self.settings.root / self.settings.projects_dir / slug
            for path in paths:
                files[f"{project_url(slug)}{path.relative_to(folder).as_posix()}"] = path
        return files

    def files_of(self, slug: str) -> frozenset[str]:
        """The site paths of the project's published files: all its text may show."""
        return self._files_by_project.get(slug, frozenset())

    @cached_property
    def _files_by_project(self) -> dict[str, frozenset[str]]:
        files: dict[str, set[str]] = {}
        for path in self.asset_files():
            files.setdefault(path[len(PROJECTS):].split("/", 1)[0], set()).add(path)
        return {slug: frozenset(paths) for slug, paths in files.items()}

    def entries_of(self, slug: str) -> list[Entry]:
        """The project's public entries, newest first."""
        return self._entries_by_project.get(slug, [])

    def last_entry_date(self, slug: str) -> dt.date | None:
        entries = self.entries_of(slug)
        return entries[0].date if entries else None

    def project_updated(self, slug: str) -> dt.date | None:
        """When the project last changed, from its content (never the build date)."""
        return last_change(self.project(slug), self.entries_of(slug), self.settings.today)

    @cached_property
    def updated(self) -> dt.date | None:
        """When the public content last changed: the latest change of any project."""
        return max((day for p in self.projects if (day := self.project_updated(p.slug))),
                   default=None)

    @cached_property
    def _by_slug(self) -> dict[str, Project]:
        return {project.slug: project for project in self.projects}

    @cached_property
    def _entries_by_project(self) -> dict[str, list[Entry]]:
        return entries_by_project(self.entries)


def load_site(settings: Settings, programme: Programme | None = None,
              cache: ReadCache | None = None) -> tuple[Site | None, list[Problem]]:
    """Read and check everything; the site is None when any error was found. With `cache`
    (kept across the rebuilds of `make serve`), only the files changed since are read and
    checked again."""
    problems: list[Problem] = []
    if programme is None:
        programme, problems = load_programme(settings.root / settings.programme_file,
                                             settings.programme_file)
    if programme is None:
        return None, problems
    tree = load_tree(settings.root, settings.projects_dir, cache)
    content = validate_tree(tree, programme, cache)
    problems = problems + content.problems
    if any(problem.is_error for problem in problems):
        return None, problems
    projects, entries = select_public(content.projects, content.entries, settings.today)
    public = {project.slug: project for project in projects}
    by_project = entries_by_project(entries)
    assets = {source.slug: published_assets(
                  source.folder, source.assets, public[source.slug],
                  source.index.meta.data if source.index and source.index.meta else None,
                  by_project.get(source.slug, []))
              for source in tree.projects if source.slug in public}
    return Site(programme, tuple(projects), tuple(entries), assets, settings), problems
