"""Browsing the journal: pages and feeds per kind, tag, year and theme; people's pages."""

from __future__ import annotations

import re

import feedparser
import pytest

from bulle.pages.browse import Browse
from bulle.outputs.feeds import render_feeds
from conftest import entry_text, load_test_site, make_site_copy, project_text, run_build

TEAM = "\n  - name: Awa Diallo\n    role: agente du CCAS\n  - name: Jean Martin"


def _content() -> dict[str, str]:
    files = {
        "alpha/index.md": project_text(title="Alpha", themes="[solidarite, seniors]", team=TEAM),
        "beta/index.md": project_text(title="Beta", themes="[logement]",
                                      team="\n  - name: Awa Diallo"),
        "alpha/journal/2024-05-02-un-lancement.md": entry_text(
            title="Un lancement", kind="reussite", tags="[Vélo, seniors]",
            authors="[Awa Diallo, Paul Inconnu]"),
        "beta/journal/2025-01-10-une-decouverte.md": entry_text(
            title="Une découverte", kind="decouverte", tags="[velo]", authors="[Awa Diallo]"),
    }
    for day in range(1, 22):  # 21 steps of 2025: two pages of 20 and 1
        files[f"alpha/journal/2025-03-{day:02d}-etape-{day}.md"] = entry_text(
            title=f"Étape {day}", kind="etape", authors="[Jean Martin]")
    return files


CONTENT = _content()


@pytest.fixture
def site(make_tree):
    return load_test_site(make_tree({f"projects/{p}": t for p, t in CONTENT.items()}))


def test_listings_by_kind_tag_year_and_theme(site):
    browse = Browse(site)
    assert [(l.value, len(l.entries)) for l in browse.kinds] == [
        ("etape", 21), ("decouverte", 1), ("reussite", 1)]  # the vocabulary's order
    assert [(l.value, l.label, len(l.entries)) for l in browse.tags] == [
        ("seniors", "seniors", 1), ("velo", "Vélo", 2)]  # « Vélo » and « velo » are one tag
    assert [e.title for e in browse.tags[1].entries] == ["Une découverte", "Un lancement"]
    assert [(l.value, len(l.entries)) for l in browse.years] == [("2025", 22), ("2024", 1)]
    assert [(l.value, len(l.entries)) for l in browse.themes] == [
        ("solidarite", 22), ("seniors", 22), ("logement", 1)]
    assert browse.kinds[0].url == "journal/sorte/etape/"
    assert browse.tags[1].feed == "journal/mot-cle/velo/feed.xml"
    assert browse.themes[2].feed == "projets/theme/logement/feed.xml"


def test_people_are_only_the_names_a_team_gives(site):
    browse = Browse(site)
    people = {person.name: person for person in browse.people}
    assert sorted(people) == ["Awa Diallo", "Jean Martin"]
    awa = people["Awa Diallo"]
    assert [(p.slug, role) for p, role in awa.projects] == [("alpha", "agente du CCAS"),
                                                           ("beta", None)]
    assert [e.title for e in awa.entries] == ["Une découverte", "Un lancement"]
    assert len(people["Jean Martin"].entries) == 21
    assert browse.person_url("Awa  Diallo") == "personnes/awa-diallo/"
    assert browse.person_url("Paul Inconnu") is None  # an author no team names


def test_two_names_with_the_same_address_get_two_pages(make_tree):
    root = make_tree({"projects/alpha/index.md": project_text(
        team="\n  - name: Éloïse Roy\n  - name: Eloise Roy")})
    people = Browse(load_test_site(root)).people
    assert sorted(p.url for p in people) == ["personnes/eloise-roy-2/", "personnes/eloise-roy/"]


def test_every_listing_feed_is_valid_atom_with_its_entries(site):
    feeds = render_feeds(site)
    for path in ("journal/sorte/etape/feed.xml", "journal/mot-cle/velo/feed.xml",
                 "journal/annee/2024/feed.xml", "projets/theme/logement/feed.xml"):
        parsed = feedparser.parse(feeds[path])
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        assert parsed.feed.id == f"https://bulle.example.org/{path}"
    velo = feedparser.parse(feeds["journal/mot-cle/velo/feed.xml"])
    assert velo.feed.title.replace("\xa0", " ") == "Mot-clé « Vélo » – journal de bord (Bulle des Innovateurs)"
    assert [e.title for e in velo.entries] == ["Une découverte", "Un lancement"]
    logement = feedparser.parse(feeds["projets/theme/logement/feed.xml"])
    assert [e.title for e in logement.entries] == ["Une découverte"]
    assert {link.rel: link.href for link in logement.feed.links}["alternate"] == \
        "https://bulle.example.org/projets/theme/logement/"
    steps = feedparser.parse(feeds["journal/sorte/etape/feed.xml"]).entries
    assert [e.title for e in steps] == [f"Étape {day}" for day in range(21, 1, -1)]  # newest 20


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_site_copy(tmp_path_factory.mktemp("browse"), dict(CONTENT))
    site = root / "site"
    done = run_build(root, site)
    assert done.returncode == 0, done.stderr
    return site


def read(site, url):
    """A built page, French spacing made plain."""
    return (site / url / "index.html").read_text(encoding="utf-8").replace("\xa0", " ")


def test_listing_pages_are_paginated_like_the_journal(built):
    first = read(built, "journal/sorte/etape/")
    assert '<h1 id="bulle-titre">Entrées « Étape »</h1>' in first
    assert first.count('<li class="bulle-entry-item">') == 20
    assert 'href="page/2/" rel="next"' in first
    second = read(built, "journal/sorte/etape/page/2/")
    assert "Entrées « Étape » – page 2 sur 2" in second
    assert second.count('<li class="bulle-entry-item">') == 1 and "Étape 1<" in second
    assert 'href="../../" rel="prev"' in second
    for url in ("journal/annee/2024/", "journal/annee/2025/page/2/", "journal/mot-cle/velo/",
                "journal/sorte/decouverte/", "personnes/awa-diallo/", "personnes/jean-martin/"):
        assert (built / url / "index.html").is_file(), url
    assert not (built / "personnes/paul-inconnu").exists()


def test_journal_links_to_every_listing(built):
    journal = read(built, "journal/")
    nav = journal.split('aria-labelledby="bulle-browse-title"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'href="([^"]+)"', nav) == [
        "sorte/etape/", "sorte/decouverte/", "sorte/reussite/", "annee/2025/", "annee/2024/",
        "mot-cle/seniors/", "mot-cle/velo/"]
    assert "(21)" in nav


def test_an_entry_links_its_kind_its_tags_and_named_authors_only(built):
    page = read(built, "projets/alpha/journal/2024-05-02-un-lancement/")
    assert 'href="../../../../journal/sorte/reussite/"' in page
    assert '<a class="bulle-tag" href="../../../../journal/mot-cle/velo/">Vélo</a>' in page
    assert '<a href="../../../../personnes/awa-diallo/">Awa Diallo</a>' in page
    assert "Paul Inconnu" in page and "paul-inconnu" not in page


def test_a_person_page_lists_projects_and_entries(built):
    page = read(built, "personnes/awa-diallo/")
    assert '<h1 id="bulle-titre">Awa Diallo</h1>' in page
    assert '<a href="../../projets/alpha/">Alpha</a> : agente du CCAS' in page
    assert page.count('<li class="bulle-entry-item">') == 2
    project = read(built, "projets/alpha/")
    assert '<a href="../../personnes/jean-martin/">Jean Martin</a>' in project


def test_theme_pages_offer_their_feed(built):
    page = read(built, "projets/theme/logement/")
    assert 'class="bulle-subscribe" href="feed.xml"' in page
    parsed = feedparser.parse((built / "projets/theme/logement/feed.xml").read_bytes())
    assert not parsed.bozo and [e.title for e in parsed.entries] == ["Une découverte"]
