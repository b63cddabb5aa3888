"""Real builds: feeds, open data, sitemap and page metadata as a visitor's tools get them."""

from __future__ import annotations

import gzip
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest

from conftest import REPO, entry_text, make_site_copy, project_text, run_build

SITE = "https://bulle.example.org/"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


class Head(HTMLParser):
    """The <meta> and <link> tags of a page, values unescaped."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.anchors: list[dict[str, str]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and ("property" in values or "name" in values):
            self.meta[values.get("property") or values["name"]] = values.get("content", "")
        elif tag == "link":
            self.links.append(values)
        elif tag == "a":
            self.anchors.append(values)

    def feeds(self) -> list[tuple[str, str]]:
        return [(link["href"], link.get("title", "")) for link in self.links
                if link.get("rel") == "alternate" and link.get("type") == "application/atom+xml"]


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def target(url: str, href: str) -> str:
    """The site path a relative link of the page at `url` leads to."""
    return posixpath.normpath(posixpath.join(url, href))


@pytest.fixture(scope="module")
def sample(sample_site) -> Path:
    return sample_site


def test_a_build_publishes_every_file(sample):
    for path in ["feed.xml", "sitemap.xml", "sitemap.xml.gz", "robots.txt", "donnees/index.html",
                 "api/projets.json", "api/projets.schema.json", "api/journal.json",
                 "api/journal.schema.json", "api/palmares.json", "api/palmares.schema.json",
                 "api/projets.csv", "api/projets.tableschema.json",
                 "schema/projet.schema.json", "schema/entree.schema.json"]:
        assert (sample / path).is_file(), path
    for slug in json.loads((sample / "api/projets.json").read_text())["projects"]:
        assert (sample / "projets" / slug["slug"] / "feed.xml").is_file()


def is_redirect(path):
    return 'http-equiv="refresh"' in path.read_text(encoding="utf-8")[:600]


def test_one_sitemap_dated_by_content_lists_every_page(sample):
    xml = (sample / "sitemap.xml").read_bytes()
    assert gzip.decompress((sample / "sitemap.xml.gz").read_bytes()) == xml
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    items = ET.fromstring(xml).findall(f"{ns}url")
    listed = {item.find(f"{ns}loc").text for item in items}
    pages = {SITE + p.parent.relative_to(sample).as_posix() + "/"
             for p in sample.rglob("index.html")
             if not p.is_relative_to(sample / "admin") and not is_redirect(p)}
    pages = {url.replace(f"{SITE}./", SITE) for url in pages}
    assert listed == pages
    dates = [item.find(f"{ns}lastmod").text for item in items if item.find(f"{ns}lastmod") is not None]
    undated = {item.find(f"{ns}loc").text[len(SITE):] for item in items
               if item.find(f"{ns}lastmod") is None}
    # Only the pages written by hand in docs/ (but the home page) and the legal pages,
    # which follow the programme file, have no content date.
    assert undated == {"programme/", "mentions-legales/", "accessibilite/",
                       "donnees-personnelles/", "recherche/"} | {f"contribuer/{p.stem}/".replace("contribuer/index/", "contribuer/")
                                       for p in (REPO / "bulle/docs/contribuer").glob("*.md")}
    # The build day (BULLE_TODAY, SOURCE_DATE_EPOCH) is no content date.
    assert "2026-11-26" not in dates and "2025-11-26" not in dates
    assert max(dates) == "2026-04-02"
    assert (sample / "robots.txt").read_text().rstrip().endswith(f"Sitemap: {SITE}sitemap.xml")


def test_every_page_announces_the_programme_feed_and_project_pages_their_own(sample):
    pages = [p.parent.relative_to(sample).as_posix() for p in sample.rglob("index.html")
             if not p.is_relative_to(sample / "admin")  # the form's page is a tool, not the site
             and not is_redirect(p)]  # a former address only moves the visitor on
    assert len(pages) > 40
    for url in pages:
        url = "" if url == "." else url + "/"
        feeds = Head(page(sample, url)).feeds()
        targets = [target(url, href) for href, _title in feeds]
        assert "feed.xml" in targets, url
        project = re.match(r"projets/([a-z0-9-]+)/(journal/.*)?$", url)
        if project and project.group(1) not in ("phase", "theme", "promotion"):
            assert targets[0] == f"projets/{project.group(1)}/feed.xml", url
            assert len(feeds) == 2
        elif re.match(r"(projets/theme|journal/(sorte|annee|mot-cle))/[a-z0-9-]+/(page/\d+/)?$",
                      url):  # a theme, kind, year or tag has its own feed
            assert targets[0] == re.sub(r"page/\d+/$", "", url) + "feed.xml", url
            assert len(feeds) == 2
        else:
            assert len(feeds) == 1, url
        for path in targets:
            assert (sample / path).is_file(), (url, path)


def test_a_visible_subscribe_link(sample):
    for url, feed in [("journal/", "feed.xml"), ("", "feed.xml"),
                      ("projets/histologe/", "projets/histologe/feed.xml"),
                      ("projets/histologe/journal/", "projets/histologe/feed.xml")]:
        anchors = Head(page(sample, url)).anchors
        subscribe = [a for a in anchors if a.get("class") == "bulle-subscribe"]
        assert [target(url, a["href"]) for a in subscribe] == [feed], url
        assert ">S&#39;abonner<span class=\"bulle-sr\">" in page(sample, url)


def test_feeds_of_a_build_use_the_site_markdown(sample):
    feed = feedparser.parse((sample / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 24
    html = feed.entries[0].content[0].value
    assert "’" in html and "'" not in html  # typography (smarty's), as on the site
    project = feedparser.parse((sample / "projets/id-quart/feed.xml").read_bytes())
    assert {e.id for e in project.entries} <= {e.id for e in feed.entries}
    assert all(e.link.startswith(f"{SITE}projets/id-quart/journal/") for e in project.entries)


def test_social_and_search_metadata(sample):
    project = Head(page(sample, "projets/histologe/"))
    assert project.meta["description"].startswith("Le contrôle technique du logement")
    assert project.meta["og:title"] == project.meta["twitter:title"] == "Histologe"
    assert project.meta["og:description"] == project.meta["description"]
    assert project.meta["og:url"] == f"{SITE}projets/histologe/"
    assert {"rel": "canonical", "href": f"{SITE}projets/histologe/"} in project.links
    assert project.meta["og:type"] == "website" and project.meta["og:locale"] == "fr_FR"
    assert project.meta["twitter:card"] == "summary" and "og:image" not in project.meta
    entry = Head(page(sample, "projets/histologe/journal/2020-07-01-histologe-ouvre-ses-portes/"))
    assert entry.meta["og:type"] == "article"
    assert entry.meta["article:published_time"] == "2020-07-01"
    assert entry.meta["og:title"] == "Histologe ouvre ses portes aux habitants"
    home = Head(page(sample, ""))
    assert home.meta["og:title"] == "Bulle des Innovateurs"
    assert home.meta["og:description"].startswith("Le programme d'intrapreneuriat")
    assert home.meta["description"] == home.meta["og:description"]
    data = Head(page(sample, "donnees/"))
    assert "sous Licence Ouverte / Open Licence version 2.0." in data.meta["description"]


def test_the_data_page_links_every_file_and_states_the_licence(sample):
    text = page(sample, "donnees/")
    hrefs = {target("donnees/", a["href"]) for a in Head(text).anchors if "href" in a}
    for path in ["api/projets.json", "api/projets.schema.json", "api/journal.json",
                 "api/palmares.json", "api/projets.csv", "api/projets.tableschema.json",
                 "schema/projet.schema.json", "schema/entree.schema.json", "feed.xml",
                 "projets/histologe/feed.xml"]:
        assert path in hrefs, path
    assert "Licence Ouverte / Open Licence version 2.0" in text
    assert 'rel="license"' in text
    for column in ("last_entry_date", "phase_start", "awards_count"):
        assert f"<code>{column}</code>" in text
    tabs = [a["href"] for a in Head(page(sample, "")).anchors if a.get("class") == "md-tabs__link"]
    assert "donnees/" in tabs  # in the navigation


def test_images_give_social_cards(tmp_path):
    root = make_site_copy(tmp_path, {
        "illustre/index.md": project_text(title="Illustré", image="photo.png",
                                          image_alt="L'équipe « au travail » & ses <outils>"),
        "illustre/photo.png": PNG,
        "illustre/journal/2020-02-03-sans-image.md": entry_text(title="Sans image"),
        "illustre/journal/2020-02-04-avec-image.md": entry_text(
            title="Avec image", image="../photo.png", image_alt="Une autre vue"),
    })
    site = tmp_path / "site"
    done = run_build(root, site)
    assert done.returncode == 0, done.stderr
    project = Head(page(site, "projets/illustre/"))
    assert project.meta["og:image"] == project.meta["twitter:image"] == \
        f"{SITE}projets/illustre/photo.png"
    assert project.meta["og:image:alt"] == "L'équipe « au travail » & ses <outils>"
    assert project.meta["twitter:image:alt"] == project.meta["og:image:alt"]
    assert project.meta["twitter:card"] == "summary_large_image"
    assert "<outils>" not in page(site, "projets/illustre/")
    plain = Head(page(site, "projets/illustre/journal/2020-02-03-sans-image/"))
    assert plain.meta["og:image"] == f"{SITE}projets/illustre/photo.png"  # the project's
    own = Head(page(site, "projets/illustre/journal/2020-02-04-avec-image/"))
    assert own.meta["og:image:alt"] == "Une autre vue"
    record = json.loads((site / "api/projets.json").read_text())["projects"][0]
    assert record["image_url"] == f"{SITE}projets/illustre/photo.png"


def test_markup_in_front_matter_is_escaped_in_html_xml_and_json(tmp_path):
    title = 'Tom & "Jerry" <b>gras</b> l\'été'
    pitch = "<script>alert(1)</script> & co"
    root = make_site_copy(tmp_path, {
        "nasty/index.md": project_text(title="'" + title.replace("'", "''") + "'",
                                       pitch=f'"{pitch}"'),
        "nasty/journal/2020-02-03-entree.md": entry_text(
            title="'" + title.replace("'", "''") + "'", summary='"<i>résumé</i> & \\"co\\""'),
    })
    site = tmp_path / "site"
    done = run_build(root, site)
    assert done.returncode == 0, done.stderr
    for url, description in [("projets/nasty/", pitch),
                             ("projets/nasty/journal/2020-02-03-entree/", '<i>résumé</i> & "co"')]:
        text = page(site, url)
        head = Head(text)
        assert head.meta["og:title"] == head.meta["twitter:title"] == title
        assert head.meta["description"] == head.meta["og:description"] == description
        assert "<b>gras</b>" not in text and "<script>alert" not in text and "<i>résumé" not in text
        assert [t for _h, t in head.feeds()][0] == f"{title} – journal de bord (Bulle des Innovateurs)"
    for feed_path in ("feed.xml", "projets/nasty/feed.xml"):
        raw = (site / feed_path).read_bytes()
        assert b"<b>" not in raw and b"<script>" not in raw
        entry = ET.fromstring(raw).find("{http://www.w3.org/2005/Atom}entry")
        assert entry.find("{http://www.w3.org/2005/Atom}title").text == title
    assert feedparser.parse((site / "projets/nasty/feed.xml").read_bytes()).feed.subtitle == pitch
    project = json.loads((site / "api/projets.json").read_text(encoding="utf-8"))["projects"][0]
    assert (project["title"], project["pitch"]) == (title, pitch)
    entry = json.loads((site / "api/journal.json").read_text(encoding="utf-8"))["entries"][0]
    assert entry["summary"] == '<i>résumé</i> & "co"'
