"""Where each page lives on the site, and relative links between pages.

URLs are directory URLs without a leading slash ("projets/pau-partage/"); links
are written relative to the page that holds them, so the site works under any
path (a GitHub Pages project site) and from a local folder.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote, urljoin

from bulle.content.model import Entry, Project
from bulle.content.text import slugify

PROJECTS = "projets/"
JOURNAL = "journal/"
AWARDS = "palmares/"
SEARCH = "recherche/"
GUIDE = "contribuer/"  # the contributors' guide (bulle/docs/contribuer/)
LEGAL_NOTICE = "mentions-legales/"
ACCESSIBILITY = "accessibilite/"
PERSONAL_DATA = "donnees-personnelles/"  # "donnees/" is the open data
FACETS = {"phase": "phase", "theme": "theme", "cohort": "promotion"}
RESERVED_SLUGS = tuple(FACETS.values())  # would collide with facet pages under projets/
LISTINGS = {"kind": "sorte", "tag": "mot-cle", "year": "annee"}  # below journal/
PEOPLE = "personnes/"
STATISTICS = "statistiques/"
DATA = "donnees/"
FEED = "feed.xml"  # the programme's feed; each project has its own next to its page
SITEMAP = "sitemap.xml"


def project_url(project: Project | str) -> str:
    slug = project if isinstance(project, str) else project.slug
    return f"{PROJECTS}{slug}/"


def project_journal_url(project: Project | str) -> str:
    return f"{project_url(project)}journal/"


def project_feed_url(project: Project | str) -> str:
    return f"{project_url(project)}{FEED}"


def entry_url(entry: Entry) -> str:
    return f"{project_journal_url(entry.project)}{entry.stem}/"


def journal_page_url(page: int) -> str:
    return paged_url(JOURNAL, page)


def listing_url(facet: str, value: str) -> str:
    """The journal's entries of one kind, tag or year: "journal/sorte/etape/"."""
    return f"{JOURNAL}{LISTINGS[facet]}/{value}/"


def paged_url(first: str, page: int) -> str:
    """Page `page` of a paginated list whose first page is at `first`."""
    return first if page == 1 else f"{first}page/{page}/"


def person_url(slug: str) -> str:
    return f"{PEOPLE}{slug}/"


def facet_url(facet: str, value: str) -> str:
    return f"{PROJECTS}{FACETS[facet]}/{cohort_slug(value) if facet == 'cohort' else value}/"


def cohort_slug(cohort: str) -> str:
    return slugify(cohort) or "sans-promotion"


def contact_href(contact: str) -> str:
    """Where a contact of the programme file leads: its web form, or a new e-mail."""
    return contact if contact.startswith(("https://", "http://")) else f"mailto:{contact}"


def source_uri(url: str) -> str:
    """The Markdown path that MkDocs turns into `url` (directory URLs)."""
    return f"{url}index.md" if url.endswith("/") or not url else f"{url}.md"


def entry_source_uri(entry: Entry) -> str:
    """Entries keep their file name so that relative links in their text still resolve."""
    return f"{project_journal_url(entry.project)}{entry.stem}.md"


def page_url(src_uri: str) -> str:
    """The URL of the page MkDocs makes from the Markdown file `src_uri` (inverse of source_uri)."""
    stem = src_uri[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return f"{stem}/"


def absolute(site_url: str, path: str) -> str:
    """The full address of `path` (a page URL or file path, not encoded) on the published site."""
    return urljoin(site_url, quote(path, safe="/"))


def relative(from_url: str, to_path: str) -> str:
    """Link from the page at `from_url` to `to_path` (a page URL or a file path)."""
    start = from_url.rstrip("/") or "."
    target = to_path.rstrip("/") or "."
    link = _relpath(target, start)
    if to_path.endswith("/") or not to_path:
        link = "./" if link == "." else f"{link}/"
    return link


def _relpath(target: str, start: str) -> str:
    """`posixpath.relpath` for the plain site paths that links are, without its trip
    through the working folder (it made an eighth of a `serve` rebuild: every link)."""
    parts = [] if target == "." else target.split("/")
    base = [] if start == "." else start.split("/")
    if target[0] == "/" or start[0] == "/" or not _ODD.isdisjoint(parts + base):
        return posixpath.relpath(target, start)  # what it normalises is left to it
    same = 0
    for ours, theirs in zip(parts, base):
        if ours != theirs:
            break
        same += 1
    return "/".join([".."] * (len(base) - same) + parts[same:]) or "."


_ODD = frozenset(("", ".", ".."))
