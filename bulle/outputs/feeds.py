"""Atom 1.0 feeds (RFC 4287) of the programme's journal and of each project's.

Written with ElementTree, so every value is escaped by the serialiser, and
cleaned of the characters XML forbids (`bulle.outputs.xml_file`). An
entry's id is a tag URI (RFC 4151) made of the site's host, the entry's date
and its project and file name: it never changes when the title does. A
feed's id is its own address. Entries carry their text rendered to HTML with
every link made absolute, since feed readers show it far from the site.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from functools import partial
from typing import Collection, Iterator, Mapping
from urllib.parse import urlsplit

from bulle.pages import urls
from bulle.pages.browse import Browse, Listing
from bulle.programme.i18n import Translator
from bulle.pages.markdown_html import HtmlRenderer, absolute_html, absolute_link
from bulle.content.model import Entry
from bulle.pages.sanitize import Place, sanitize
from bulle.site import Site
from bulle.content.text import MORE_MARKER
from bulle.outputs.xml_file import xml_bytes

ATOM = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml"
PROGRAMME_FEED_SIZE = 50
LISTING_FEED_SIZE = 20  # a kind, tag, year or theme: there are many, each entry in full
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def render_feeds(site: Site, contents: Mapping[str, str] | None = None,
                 projects: Collection[str] | None = None) -> dict[str, bytes]:
    """The programme's feed and one per project (or per project of `projects`, slugs, when
    the others have not changed), by their path on the site.

    `contents` maps an entry's source path (`urls.entry_source_uri`) to the HTML the site
    builder made of its text, so that the text is converted once for the page and the
    feeds; an entry missing from it is converted here.
    """
    return dict(each_feed(site, contents, projects))


def each_feed(site: Site, contents: Mapping[str, str] | None = None,
              projects: Collection[str] | None = None) -> Iterator[tuple[str, bytes]]:
    """render_feeds' feeds one by one, as (path, feed): a large site's feeds together
    weigh hundreds of megabytes, and the build writes each as it comes."""
    writer = _FeedWriter(site, contents or {})
    yield urls.FEED, writer.programme_feed()
    for project in site.projects:
        if projects is None or project.slug in projects:
            yield urls.project_feed_url(project), writer.project_feed(project.slug)
    browse = Browse(site)
    for listing in browse.listings + browse.themes:  # they gather projects: always written
        yield listing.feed, writer.listing_feed(listing)


def entry_id(site_url: str, entry: Entry) -> str:
    """A tag URI that stays the same as long as the entry's file keeps its name."""
    host = urlsplit(site_url).hostname or "localhost"
    return f"tag:{host},{entry.date.isoformat()}:{entry.project}/{entry.stem}"


def atom_time(day: dt.date) -> str:
    """Entries have a day, not a time: midnight UTC of that day."""
    return f"{day.isoformat()}T00:00:00Z"


class _FeedWriter:
    def __init__(self, site: Site, built: Mapping[str, str]) -> None:
        self.site = site
        self.built = built
        self.identity = site.programme.identity
        self.t = Translator(self.identity.language)
        self.html = HtmlRenderer(site.settings.markdown.without_permalinks())
        self.contents: dict[tuple[str, str], str] = {}  # an entry is in two feeds: render once

    def programme_feed(self) -> bytes:
        entries = list(self.site.entries[:PROGRAMME_FEED_SIZE])
        return self._feed(urls.FEED, self.t("feed.programme_title", name=self.identity.name),
                          self.identity.description, urls.JOURNAL, entries)

    def listing_feed(self, listing: Listing) -> bytes:
        """The newest entries of one kind, tag, year or theme."""
        return self._feed(listing.feed, self.t("feed.listing_title", title=listing.title(self.t),
                                               name=self.identity.name),
                          "", listing.url, list(listing.entries[:LISTING_FEED_SIZE]))

    def project_feed(self, slug: str) -> bytes:
        project = self.site.project(slug)
        return self._feed(urls.project_feed_url(project),
                          self.t("feed.project_title", title=project.title,
                                 name=self.identity.name),
                          project.pitch, urls.project_url(project), self.site.entries_of(slug),
                          updated=self.site.project_updated(slug))

    def _feed(self, path: str, title: str, subtitle: str, page: str, entries: list[Entry],
              updated: dt.date | None = None) -> bytes:
        # Plain names under a literal xmlns: ElementTree would otherwise print "ns0:" prefixes.
        feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: self.identity.language})
        _text(feed, "id", self._absolute(path))
        _text(feed, "title", title)
        if subtitle:
            _text(feed, "subtitle", subtitle)
        day = entries[0].date if entries else (updated or self.site.updated
                                               or self.site.settings.today)
        _text(feed, "updated", atom_time(day))
        _link(feed, self._absolute(path), "self", ATOM_TYPE)
        _link(feed, self._absolute(page), "alternate", "text/html")
        author = ET.SubElement(feed, "author")
        _text(author, "name", self.identity.organisation or self.identity.name)
        _text(author, "uri", self.identity.site_url)
        _text(feed, "rights", self.t("feed.rights", licence=self.identity.licence.title))
        _text(feed, "generator", "Bulle")
        for entry in entries:
            self._entry(feed, entry)
        return xml_bytes(feed)

    def _entry(self, feed: ET.Element, entry: Entry) -> None:
        project = self.site.project(entry.project)
        element = ET.SubElement(feed, "entry")
        _text(element, "id", entry_id(self.identity.site_url, entry))
        _text(element, "title", entry.title)
        _text(element, "published", atom_time(entry.date))
        _text(element, "updated", atom_time(entry.date))
        _link(element, self._absolute(urls.entry_url(entry)), "alternate", "text/html")
        for name in entry.authors:
            _text(ET.SubElement(element, "author"), "name", name)
        ET.SubElement(element, "category",
                      {"term": project.slug, "label": project.title,
                       "scheme": self._absolute(urls.PROJECTS)})
        if entry.kind:
            ET.SubElement(element, "category", {
                "term": entry.kind,
                "label": self.site.programme.entry_kinds[entry.kind].label(
                    self.identity.language)})
        for tag in entry.tags:
            ET.SubElement(element, "category", {"term": tag})
        if entry.summary:
            _text(element, "summary", entry.summary)
        _text(element, "content", self._content(entry)).set("type", "html")

    def _content(self, entry: Entry) -> str:
        """The entry's text as HTML, its image first, every address absolute."""
        if entry.key not in self.contents:
            self.contents[entry.key] = self._render_content(entry)
        return self.contents[entry.key]

    def _render_content(self, entry: Entry) -> str:
        source = urls.entry_source_uri(entry)
        if source in self.built:
            html = absolute_html(self.built[source], self._absolute(urls.entry_url(entry)))
        else:
            resolve = partial(absolute_link, src_uri=source, site_url=self.identity.site_url)
            html = sanitize(self.html.render(entry.body.replace(MORE_MARKER, ""), resolve),
                            Place(urls.entry_url(entry), self.site.files_of(entry.project),
                                  base_url=self.identity.site_url))
        if entry.image:
            image = ET.Element("img", {
                "src": self._absolute(urls.project_url(entry.project) + entry.image.path),
                "alt": entry.image.alt})
            html = f"<p>{ET.tostring(image, encoding='unicode')}</p>\n{html}"  # "<" escaped too
        return html

    def _absolute(self, path: str) -> str:
        return urls.absolute(self.identity.site_url, path)


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = value
    return element


def _link(parent: ET.Element, href: str, rel: str, media_type: str) -> None:
    ET.SubElement(parent, "link", {"href": href, "rel": rel, "type": media_type})
