"""Render the generated pages as Markdown text, ready for any Markdown site builder.

Each page is front matter + HTML fragments (rendered by Jinja with escaping on)
+ the contributor's Markdown where it belongs. Nothing here touches the disk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket
from markupsafe import Markup

from bulle.pages import urls
from bulle.aggregate import (awards_by_year, group_by_cohort, group_by_phase, group_by_theme,
                             latest_awards, neighbours, paginate, timeline)
from bulle.pages.browse import Browse
from bulle.pages.charts import render_chart
from bulle.statistics import API_JSON, Figures, Table, format_number
from bulle.outputs.catalogue import describe_open_data
from bulle.contrib.contribute import new_entry_url
from bulle.freshness import freshness
from bulle.pages.transparency import transparency_status
from bulle.programme.i18n import Translator
from bulle.pages.legal import LEGAL_PAGES
from bulle.content.model import Entry, Image, Project
from bulle.pages.page_meta import PageMeta
from bulle.site import Site
from bulle.outputs.search import BUNDLE as SEARCH_BUNDLE, index_folders
from bulle.pages.sanitize import Place
from bulle.pages.slots import Slots, neutralise, pack, unpack
from bulle.content.text import MORE_MARKER

TEMPLATES = Path(__file__).parent / "templates"
TITLE_ID = "bulle-titre"  # id of every generated page's <h1>: where the skip link leads
HOME_ENTRIES = 5
HOME_AWARDS = 3


class CompiledTemplates(BytecodeCache):
    """Templates compiled once per process: `serve` makes a new environment at each rebuild,
    and compiling the templates cost more than rendering the pages that changed. Jinja
    checks each template's checksum, so an edited template is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()


@dataclass(frozen=True)
class GeneratedPage:
    """A page the site builder renders: where it goes, its Markdown and what goes around it."""

    src_uri: str  # the Markdown path it stands for ("projets/x/index.md")
    url: str  # "projets/x/"
    title: str
    content: str  # Markdown, with markers where `fragments` go back after conversion
    source: str | None = None  # the contributor's file behind it, for "edit this page"
    lastmod: dt.date | None = None  # date of the latest content it shows
    meta: dict = field(default_factory=dict)  # the page's metadata (title, head tags…)
    packed: bytes = b""  # its HTML blocks (`fragments`), compressed (bulle.pages.slots.pack)
    is_entry: bool = False  # a journal entry: its text, once converted, also feeds the feeds
    searchable: bool = False  # its text goes into the search index (lists and tools do not)
    place: Place = Place()  # what its converted Markdown may show, once sanitised

    @property
    def fragments(self) -> tuple[str, ...]:
        """The HTML blocks that go back in place of the markers, see bulle.pages.slots."""
        return unpack(self.packed)


@dataclass
class Cards:
    """The entry cards of the journal's lists, by what they show (Renderer._card): those
    this build made or took, and those of the last build (`make serve`), to take from."""

    made: dict[tuple, str] = field(default_factory=dict)
    previous: dict[tuple, str] = field(default_factory=dict)

    def get(self, key: tuple) -> str | None:
        card = self.made.get(key)
        if card is None and (card := self.previous.get(key)) is not None:
            self.made[key] = card
        return card


class Renderer:
    """Renders every generated page of one site."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.programme = site.programme
        self.t = Translator(site.programme.identity.language)
        self.browse = Browse(site)
        self.env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                               trim_blocks=True, lstrip_blocks=True,
                               undefined=StrictUndefined, keep_trailing_newline=True,
                               bytecode_cache=COMPILED)
        self.env.globals.update(
            t=self.t, lang=self.t.language, programme=self.programme,
            PROJECTS=urls.PROJECTS, JOURNAL=urls.JOURNAL, AWARDS=urls.AWARDS, FEED=urls.FEED,
            DATA=urls.DATA, STATISTICS=urls.STATISTICS, PERSONAL_DATA=urls.PERSONAL_DATA,
            TITLE_ID=TITLE_ID,
            contact_href=urls.contact_href, project_url=urls.project_url,
            project_journal_url=urls.project_journal_url, project_feed_url=urls.project_feed_url,
            entry_url=urls.entry_url, facet_url=urls.facet_url,
            journal_page_url=urls.journal_page_url, cohort_slug=urls.cohort_slug,
            last_news=self._last_news, person_url=self.browse.person_url,
            tag_url=self.browse.tag_url, listing_url=urls.listing_url,
            project_title=lambda slug: site.project(slug).title,
            GUIDE=urls.GUIDE, new_entry_url=self._new_entry_url, SEARCH_BUNDLE=SEARCH_BUNDLE,
            colon=self.t("punct.colon"), semicolon=self.t("punct.semicolon"),
        )
        self.env.globals["entry_card"] = self._card  # not the project `card` macro
        self.cards = Cards()
        self.env.filters["sentence"] = end_sentence

    def _card(self, entry: Entry, url: Callable[[str], str], caller) -> str:
        """An entry's card in the journal's lists, rendered by `caller` once for the same
        links from the page (`url`): an entry is on several lists (the journal's, its
        kind's, its year's, its tags'), most of them as deep."""
        key = (entry, self.site.project(entry.project).title,
               url(urls.project_url(entry.project)), url(urls.entry_url(entry)))
        card = self.cards.get(key)
        if card is None:
            card = self.cards.made[key] = caller()
        return card

    def render(self, template: str, page_url: str, **values: object) -> str:
        """Render `template` for the page at `page_url` (links are made relative to it)."""
        return self.env.get_template(template).render(
            url=partial(urls.relative, page_url), **values)

    def pages(self, kept: Mapping[str, GeneratedPage] | None = None,
              cards: Cards | None = None) -> list[GeneratedPage]:
        """Every generated page, in a stable order; the pages of a project (its page, its
        journal, its entries) found in `kept` (by src_uri) are taken from there rather than
        rendered again, and the entry cards found in `cards` (see bulle.incremental)."""
        if cards is not None:
            self.cards = cards
        kept = kept or {}
        result = self.projects_pages()
        for project in self.site.projects:
            url = urls.project_url(project)
            result.append(kept.get(urls.source_uri(url)) or self.project_page(project))
            url = urls.project_journal_url(project)
            result.append(kept.get(urls.source_uri(url)) or self.project_journal_page(project))
            result.extend(kept.get(urls.entry_source_uri(entry)) or self.entry_page(entry)
                          for entry in self.site.entries_of(project.slug))
        result.extend(self.journal_pages())
        result.extend(self.people_pages())
        result.append(self.awards_page())
        result.append(self.statistics_page())
        result.append(self.data_page())
        result.extend(self.legal_pages())
        result.append(self.search_page())
        return result

    # --- pages -----------------------------------------------------------------

    def project_page(self, project: Project) -> GeneratedPage:
        url = urls.project_url(project)
        entries = self.site.entries_of(project.slug)
        slots = Slots()
        head = slots.markdown(self.render("project_head.html", url, project=project,
                                          fresh=freshness(self.site, project),
                                          transparency=transparency_status(project)))
        tail = slots.markdown(self.render("project_tail.html", url, project=project,
                                          entries=entries, events=timeline(project, entries)))
        content = f"{head}\n\n{neutralise(project.body.strip())}\n\n{tail}"
        return _page(url, urls.source_uri(url), content, project.source,
                     self._project_meta(project, project.title, project.pitch), slots,
                     place=self.place(project.slug, url, url))

    def project_journal_page(self, project: Project) -> GeneratedPage:
        url = urls.project_journal_url(project)
        content = self.render("project_journal.html", url, project=project,
                              entries=self.site.entries_of(project.slug))
        return _page(url, urls.source_uri(url), content, None, self._project_meta(
            project, self.t("project.journal_title", title=project.title),
            self.t("project.journal_lead", title=project.title)))

    def entry_page(self, entry: Entry) -> GeneratedPage:
        url = urls.entry_url(entry)
        project = self.site.project(entry.project)
        older, newer = neighbours(entry, self.site.entries_of(entry.project))
        slots = Slots()  # the entry's own text lies between blocks 0 and 1 (see feeds)
        head = slots.markdown(self.render("entry_head.html", url, entry=entry, project=project))
        tail = slots.markdown(self.render("entry_tail.html", url, entry=entry, project=project,
                                          older=older, newer=newer))
        body = neutralise(entry.body.replace(MORE_MARKER, "").strip())
        content = f"{head}\n\n{body}\n\n{tail}"
        meta = self._project_meta(project, entry.title, entry.summary)
        image = self._image(entry.project, entry.image) if entry.image else (meta.image,
                                                                            meta.image_alt)
        return _page(url, urls.entry_source_uri(entry), content, entry.source, PageMeta(
            entry.title, entry.summary, "article", *image, published=entry.date,
            feed=meta.feed, feed_title=meta.feed_title, lastmod=entry.date), slots, is_entry=True,
            place=self.place(entry.project, url, urls.project_journal_url(entry.project)))

    def projects_pages(self) -> list[GeneratedPage]:
        """The list of projects, then one page per phase, theme and cohort (filters without JavaScript)."""
        projects = self.site.projects
        pages = [self._projects_page(urls.PROJECTS, self.t("projects.title"), projects, None)]
        for facet, _label, options in self._facets():
            for value, text, _count in options:
                members = [p for p in projects if self._matches(p, facet, value)]
                title = self.t(f"projects.{facet}_title", label=text)
                pages.append(self._projects_page(urls.facet_url(facet, value), title, members,
                                                 (facet, value)))
        return pages

    def data_page(self) -> GeneratedPage:
        """/donnees/: each open data file, its fields and its licence."""
        url = urls.DATA
        content = self.render("open_data.html", url, catalogue=describe_open_data(self.site),
                              licence=self.programme.identity.licence, updated=self.site.updated)
        return _page(url, urls.source_uri(url), content, None,
                     PageMeta(self.t("data.title"), self.t(
                         "data.lead_meta", licence=self.programme.identity.licence.title),
                              lastmod=self.site.updated), searchable=True)

    def _projects_page(self, url: str, title: str, members: list[Project],
                       active: tuple[str, str] | None) -> GeneratedPage:
        feed = f"{url}{urls.FEED}" if active and active[0] == "theme" else None  # see Browse
        content = self.render(
            "projects.html", url, heading=title, active=active, facets=self._facets(),
            groups=group_by_phase(members, self.programme), feed=feed,
            total=len(self.site.projects), shown=len(members))
        lastmod = max((day for p in members if (day := self.site.project_updated(p.slug))),
                      default=None)
        feed_title = feed and self.t("feed.listing_title", title=title,
                                     name=self.programme.identity.name)
        return _page(url, urls.source_uri(url), content, None,
                     PageMeta(title, self.programme.identity.description, feed=feed,
                              feed_title=feed_title, lastmod=lastmod))

    def journal_pages(self) -> list[GeneratedPage]:
        """/journal/, with the ways to browse it, then the same list per kind, tag and year."""
        browse = [(key, listings) for key, listings in (
            ("kind", self.browse.kinds), ("year", self.browse.years), ("tag", self.browse.tags))
            if listings]
        pages = self._entry_list(urls.JOURNAL, self.t("journal.title"), list(self.site.entries),
                                 lambda count: self.t("journal.lead", count=count), urls.FEED,
                                 self.t("feed.subscribe_programme"), browse=browse)
        for listing in self.browse.listings:
            title = listing.title(self.t)
            pages += self._entry_list(
                listing.url, title, list(listing.entries),
                lambda count, listing=listing: self.t(f"browse.{listing.facet}_lead",
                                                      label=listing.label, count=count),
                listing.feed, self.t("feed.subscribe_listing", title=title), kicker=True)
        return pages

    def _entry_list(self, first: str, heading: str, entries: list[Entry], lead, feed: str,
                    feed_purpose: str, browse=None, kicker: bool = False) -> list[GeneratedPage]:
        """A paginated list of entries, newest first, with its feed."""
        chunks = paginate(entries, self.site.settings.per_page)
        own_feed = None if feed == urls.FEED else feed  # every page announces the programme's
        feed_title = own_feed and self.t("feed.listing_title", title=heading,
                                         name=self.programme.identity.name)
        pages = []
        for number, chunk in enumerate(chunks, start=1):
            url = urls.paged_url(first, number)
            title = (heading if number == 1 else
                     self.t("journal.paged_title", title=heading, page=number, pages=len(chunks)))
            content = self.render("journal.html", url, heading=heading, lead=lead(len(entries)),
                                  feed=feed, feed_purpose=feed_purpose, entries=chunk,
                                  page=number, pages=len(chunks), kicker=kicker,
                                  paged=partial(urls.paged_url, first),
                                  browse=browse if number == 1 else None,
                                  page_numbers=_page_numbers(number, len(chunks)))
            # Every page of the list moves when an entry is added: all date from the newest.
            pages.append(_page(url, urls.source_uri(url), content, None, PageMeta(
                title, lead(len(entries)), feed=own_feed, feed_title=feed_title,
                lastmod=entries[0].date if entries else None)))
        return pages

    def people_pages(self) -> list[GeneratedPage]:
        """A page per person a team names: their projects and their entries."""
        pages = []
        for person in self.browse.people:
            url = person.url
            content = self.render("person.html", url, person=person)
            days = [self.site.project_updated(project.slug) for project, _ in person.projects]
            days += [entry.date for entry in person.entries[:1]]
            lastmod = max((day for day in days if day), default=None)
            pages.append(_page(url, urls.source_uri(url), content, None, PageMeta(
                person.name, self.t("person.lead_meta", name=person.name,
                                    name_programme=self.programme.identity.name),
                lastmod=lastmod)))
        return pages

    def awards_page(self) -> GeneratedPage:
        url = urls.AWARDS
        years = awards_by_year(self.site.projects)
        lastmod = max((award.date for _year, pairs in years for award, _project in pairs
                       if award.date <= self.site.settings.today), default=None)
        content = self.render("awards.html", url, years=years)
        return _page(url, urls.source_uri(url), content, None,
                     PageMeta(self.t("awards.title"), self.t("awards.lead"), lastmod=lastmod))

    def statistics_page(self) -> GeneratedPage:
        """/statistiques/: each table of the core's figures as a chart, then as a table."""
        url = urls.STATISTICS
        tables = self.figures
        number = partial(format_number, language=self.t.language)
        charts = {table.id: Markup(render_chart(
            table, self.t("stats.chart_label", title=table.title), number))
            for table in tables if table.chart}
        content = self.render("statistics.html", url, tables=tables, charts=charts,
                              number=number,
                              projects=len(self.site.projects), entries=len(self.site.entries),
                              API_JSON=API_JSON)
        return _page(url, urls.source_uri(url), content, None,
                     PageMeta(self.t("stats.title"), self.t("stats.lead_meta"),
                              lastmod=self.site.updated))

    @cached_property
    def figures(self) -> list[Table]:
        return Figures(self.site).tables()

    def legal_pages(self) -> list[GeneratedPage]:
        """Mentions légales, accessibility statement and personal data, from the programme file."""
        return [_page(page.url, urls.source_uri(page.url), self.render(page.template, page.url),
                      None, PageMeta(self.t(page.title), self.t(page.lead)), searchable=True)
                for page in LEGAL_PAGES]

    def search_page(self, indexes: int = 1) -> GeneratedPage:
        """The search page, which merges `indexes` Pagefind indexes (bulle.outputs.search)."""
        url = urls.SEARCH
        return _page(url, urls.source_uri(url),
                     self.render("search.html", url, more=index_folders(indexes)), None,
                     PageMeta(self.t("search.title"), self.t("search.lead")))

    def home_highlights(self) -> tuple[str, tuple[str, ...]]:
        """The generated part of the home page (Markdown and its HTML blocks), appended to
        the programme's own text."""
        slots = Slots()
        markdown = slots.markdown(self.render(
            "home.html", "",
            groups=group_by_phase(self.site.projects, self.programme),
            entries=list(self.site.entries[:HOME_ENTRIES]),
            awards=latest_awards(self.site.projects, HOME_AWARDS)))
        return markdown, tuple(slots.fragments)

    # --- helpers ------------------------------------------------------------------

    def place(self, slug: str, page_url: str, source_dir: str) -> Place:
        """Where a contributor's text of project `slug` is published: its images are the
        project's published files."""
        return Place(page_url, self.site.files_of(slug), source_dir)

    def _project_meta(self, project: Project, title: str, description: str) -> PageMeta:
        image = self._image(project.slug, project.image) if project.image else (None, None)
        return PageMeta(title, description, "website", *image,
                        feed=urls.project_feed_url(project),
                        feed_title=self.t("feed.project_title", title=project.title,
                                          name=self.programme.identity.name),
                        lastmod=self.site.project_updated(project.slug))

    def _image(self, slug: str, image: Image) -> tuple[str, str]:
        """The image's absolute address (social networks fetch it from anywhere) and alt."""
        path = urls.project_url(slug) + image.path
        return urls.absolute(self.programme.identity.site_url, path), image.alt

    def _facets(self) -> list[tuple[str, str, list[tuple[str, str, int]]]]:
        projects = self.site.projects
        language = self.t.language
        phases = [(term.id, term.label(language), len(members))
                  for term, members in group_by_phase(projects, self.programme)]
        themes = [(term.id, term.label(language), len(members))
                  for term, members in group_by_theme(projects, self.programme)]
        cohorts = [(cohort, cohort, len(members)) for cohort, members in group_by_cohort(projects)]
        facets = [("phase", self.t("projects.filter.phase"), phases),
                  ("theme", self.t("projects.filter.theme"), themes),
                  ("cohort", self.t("projects.filter.cohort"), cohorts)]
        return [facet for facet in facets if facet[2]]

    @staticmethod
    def _matches(project: Project, facet: str, value: str) -> bool:
        if facet == "phase":
            return project.current_phase.name == value
        if facet == "theme":
            return value in project.themes
        return project.cohort == value

    def _new_entry_url(self, project: Project) -> str | None:
        settings = self.site.settings
        return new_entry_url(self.programme, project.slug, settings.today, settings.projects_dir)

    def _last_news(self, project: Project):
        return self.site.last_entry_date(project.slug)


def end_sentence(text: str) -> str:
    """One full stop at the end, when a name ending with one ends the sentence (« Inc. »)."""
    return text[:-1] if text.endswith("..") and not text.endswith("...") else text


def render_pages(site: Site) -> list[GeneratedPage]:
    return Renderer(site).pages()


def _page(url: str, src_uri: str, content: str, source: str | None, meta: PageMeta,
          slots: Slots | None = None, is_entry: bool = False,
          searchable: bool | None = None, place: Place | None = None) -> GeneratedPage:
    """A page; without `slots`, `content` is all template output, set aside as HTML blocks.

    A page is searchable when a contributor wrote it, unless said otherwise: lists only
    repeat what their own pages say."""
    if slots is None:
        slots = Slots()
        content = slots.markdown(content)
    if searchable is None:
        searchable = source is not None  # a contributor's text
    return GeneratedPage(src_uri, url, meta.title, content, source, meta.lastmod,
                         meta.as_page_meta(), pack(slots.fragments), is_entry, searchable,
                         place or Place(url, frozenset()))


def _page_numbers(page: int, pages: int) -> list[int | None]:
    """Page numbers to show: first, last and neighbours of the current one; None for a gap."""
    keep = sorted({1, pages, page - 1, page, page + 1} & set(range(1, pages + 1)))
    numbers: list[int | None] = []
    for number in keep:
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers
