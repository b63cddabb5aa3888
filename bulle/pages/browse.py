"""Ways into the journal besides its date: by kind, tag and year, by theme, by person.

Each listing has its pages (paginated like /journal/) and its Atom feed; the
pages and the feeds both read them from here. People are only the names that
a project's `team` lists: they agreed to be named. An author who is in no team
stays plain text, with no page of their own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from bulle.pages import urls
from bulle.aggregate import group_by_theme
from bulle.content.model import Entry, Project
from bulle.site import Site
from bulle.content.text import slugify, sort_key


@dataclass(frozen=True)
class Listing:
    """Entries sharing one kind, tag, year or project theme, newest first."""

    facet: str  # "kind", "tag", "year" or "theme"
    value: str  # the kind's or theme's id, the tag's slug, the year
    label: str
    url: str  # its first page
    entries: tuple[Entry, ...]

    @property
    def feed(self) -> str:
        return f"{self.url}{urls.FEED}"

    def title(self, t) -> str:
        """Its page's title, which its feed shares (a theme's page is its project list)."""
        key = "projects.theme_title" if self.facet == "theme" else f"browse.{self.facet}_title"
        return t(key, label=self.label)


@dataclass(frozen=True)
class Person:
    """Someone a project's team names: their projects (with their role) and their entries."""

    name: str
    slug: str
    projects: tuple[tuple[Project, str | None], ...]
    entries: tuple[Entry, ...]

    @property
    def url(self) -> str:
        return urls.person_url(self.slug)


class Browse:
    """The listings and people of one site, computed once."""

    def __init__(self, site: Site) -> None:
        self.site = site

    @cached_property
    def kinds(self) -> list[Listing]:
        language = self.site.programme.identity.language
        groups: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.site.entries:
            if entry.kind:
                groups[entry.kind].append(entry)
        return [Listing("kind", term.id, term.label(language), urls.listing_url("kind", term.id),
                        tuple(groups[term.id]))
                for term in self.site.programme.entry_kinds.terms if groups.get(term.id)]

    @cached_property
    def tags(self) -> list[Listing]:
        """One listing per tag; tags written differently (« Vélo », « velo ») are one."""
        groups: dict[str, list[Entry]] = defaultdict(list)
        labels: dict[str, str] = {}
        for entry in reversed(self.site.entries):  # oldest first: the first spelling wins
            for tag in entry.tags:
                slug = slugify(tag)
                if slug and not (groups[slug] and groups[slug][-1] is entry):
                    labels.setdefault(slug, tag.strip())
                    groups[slug].append(entry)
        return sorted((Listing("tag", slug, labels[slug], urls.listing_url("tag", slug),
                               tuple(reversed(entries))) for slug, entries in groups.items()),
                      key=lambda listing: (sort_key(listing.label), listing.value))

    @cached_property
    def years(self) -> list[Listing]:
        groups: dict[int, list[Entry]] = defaultdict(list)
        for entry in self.site.entries:
            groups[entry.date.year].append(entry)
        return [Listing("year", str(year), str(year), urls.listing_url("year", str(year)),
                        tuple(groups[year])) for year in sorted(groups, reverse=True)]

    @cached_property
    def themes(self) -> list[Listing]:
        """The entries of each theme's projects: a feed next to the theme's project list."""
        language = self.site.programme.identity.language
        listings = []
        for term, projects in group_by_theme(self.site.projects, self.site.programme):
            slugs = {project.slug for project in projects}
            entries = tuple(entry for entry in self.site.entries if entry.project in slugs)
            listings.append(Listing("theme", term.id, term.label(language),
                                    urls.facet_url("theme", term.id), entries))
        return listings

    @property
    def listings(self) -> list[Listing]:
        """Every listing that has pages of its own (the themes' pages are the project lists)."""
        return self.kinds + self.tags + self.years

    def tag_url(self, tag: str) -> str | None:
        slug = slugify(tag)
        return urls.listing_url("tag", slug) if slug else None

    @cached_property
    def people(self) -> list[Person]:
        """Everyone named in a team, by name; two names with the same slug get "-2"…"""
        roles: dict[str, list[tuple[Project, str | None]]] = defaultdict(list)
        for project in self.site.projects:
            for member in project.team:
                name = " ".join(member.name.split())
                if name and all(p is not project for p, _role in roles[name]):
                    roles[name].append((project, member.role))
        authored: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.site.entries:
            for author in entry.authors:
                name = " ".join(author.split())
                if name in roles:
                    authored[name].append(entry)
        people, taken = [], set()
        for name in sorted(roles, key=lambda n: (sort_key(n), n)):
            base = slugify(name) or "personne"
            slug, number = base, 1
            while slug in taken:
                number += 1
                slug = f"{base}-{number}"
            taken.add(slug)
            people.append(Person(name, slug, tuple(roles[name]), tuple(authored[name])))
        return people

    def person_url(self, name: str) -> str | None:
        """The page of the person called `name`, when a team names them."""
        return self._people_by_name.get(" ".join(name.split()))

    @cached_property
    def _people_by_name(self) -> dict[str, str]:
        return {person.name: person.url for person in self.people}
