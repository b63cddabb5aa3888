"""The sample built in English: every label the template generates follows identity.language.

The projects' texts stay in French (they are the contributors' own words), and
so does the guide, marked `lang="fr"`; no French label may be left anywhere
else: pages, navigation, theme, footer, 404, redirects, feeds, open data.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

from bulle.programme.i18n import LOCALES, load_texts
from bulle.outputs.open_data import PROGRAMME_SCHEMA
from bulle.pages.urls import PROJECTS
from conftest import REPO, SAMPLE, make_site_copy, run_build
from test_i18n import data_texts

FRENCH = yaml.safe_load((LOCALES / "fr.yml").read_text(encoding="utf-8"))
ENGLISH = yaml.safe_load((LOCALES / "en.yml").read_text(encoding="utf-8"))


def in_english(root: Path) -> None:
    """Switch the copy's programme to English and rename a project (for redirect pages)."""
    programme = root / "programme.yml"
    text = programme.read_text(encoding="utf-8")
    assert "\n  language: fr\n" in text
    programme.write_text(text.replace("\n  language: fr\n", "\n  language: en\n"),
                         encoding="utf-8")
    index = root / "projects/histologe/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "---\n", "---\nformer_slugs: [signal-logement]\n", 1), encoding="utf-8")


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> tuple[Path, Path]:
    root = make_site_copy(tmp_path_factory.mktemp("english"))
    in_english(root)
    site = root.parent / "site"
    done = run_build(root, site)
    assert done.returncode == 0, done.stderr
    return root, site


def label_fragments() -> set[tuple[str, str]]:
    """(key, text) for each French label that English says differently.

    Placeholders split a label into fragments; short or letterless ones
    ("Page", " : ") would match anything and are left out.
    """
    fragments = set()
    for key, value in FRENCH.items():
        if ENGLISH.get(key) == value:
            continue  # the same in both languages ("Phase", "Sponsors", addresses)
        for item in value if isinstance(value, list) else [value]:
            for part in re.split(r"\{\w+\}", str(item)):
                part = part.strip(" :;«»().,\u00a0")
                if len(part) >= 5 and re.search(r"[^\W\d_]", part) \
                        and part not in ENGLISH.get(key, ""):
                    fragments.add((key, part))
    return fragments


def without_french_blocks(page: str) -> str:
    """The page without the elements it marks as French (lang="fr"): the guide's text."""
    while (start := page.find('<div lang="fr">')) >= 0:
        depth, index = 0, start
        for match in re.finditer(r"<(/?)div\b", page[start:]):
            depth += -1 if match.group(1) else 1
            if depth == 0:
                index = start + match.end()
                break
        page = page[:start] + page[page.index(">", index) + 1:]
    return page


def contributors_words(root: Path) -> str:
    """Everything the city and its teams wrote, in French, which the pages may quote."""
    sources = [*root.glob("projects/**/*.md"), *root.glob("docs/**/*.md"),
               root / "programme.yml"]
    titles = [path.read_text(encoding="utf-8").split("\n", 1)[0]  # the guide pages' titles
              for path in (REPO / "bulle/docs").rglob("*.md")]
    return "\n".join([*(path.read_text(encoding="utf-8") for path in sources), *titles])


def french_labels_left(root: Path, site: Path) -> dict[tuple[str, str], list[str]]:
    """French labels found in the built site (admin/, the form for contributors, aside)."""
    words = contributors_words(root)
    fragments = [(key, text) for key, text in label_fragments() if text not in words]
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.suffix not in (".html", ".xml", ".json", ".csv") or rel.startswith(
                ("admin/", "search/")) or rel == PROGRAMME_SCHEMA:  # the city team's, in French
            continue
        text = without_french_blocks(path.read_text(encoding="utf-8"))
        if rel.startswith("contribuer/"):  # its table of contents repeats its French headings
            text = re.sub(r'<nav class="md-nav md-nav--secondary".*?</nav>\s*</div>', "",
                          text, flags=re.S)
        text = re.sub(r'href="[^"]*"', "", text)  # addresses are no labels
        text = html.unescape(text).replace("\u00a0", " ")
        for key, fragment in fragments:
            if fragment in text:
                found.setdefault((key, fragment), []).append(rel)
    return found


def test_no_french_label_is_left_in_the_english_site(english):
    root, site = english
    assert len(label_fragments()) > 200  # the scan looks for something
    assert french_labels_left(root, site) == {}


def test_the_scan_finds_french_labels_in_the_french_site(sample_site):
    found = french_labels_left(SAMPLE, sample_site)
    assert len(found) > 100, "the scan would not see French labels"
    assert ("home.latest_entries", "Dernières nouvelles du journal") in found


def test_theme_search_navigation_and_metadata_are_english(english):
    _, site = english
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in home
    assert '<meta property="og:locale" content="en_GB">' in home
    tabs = re.findall(r'class="md-tabs__link">\s*([^<]+?)\s*</a>', home)
    assert tabs == ["Home", "Projects", "Logbook", "Awards", "In figures", "Le programme", "Open data",
                    "Search", "Contribute"]  # « Le programme » is the city's own page
    assert 'aria-label="Switch to dark mode"' in home and "Skip to content" in home
    search = (site / "recherche/index.html").read_text(encoding="utf-8")
    assert "Words to search for" in search
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["en"]  # English stemming
    guide = (site / "contribuer/champs/index.html").read_text(encoding="utf-8")
    assert "Field reference" in guide  # its entry in the navigation
    assert guide.count('<div lang="fr">') == 1  # the guide's own text, marked as French
    assert 'title="Link to this section"' in (site / "programme/index.html").read_text()


def test_dates_badges_and_filters_are_english(english):
    _, site = english
    project = (site / PROJECTS / "histologe/index.html").read_text(encoding="utf-8")
    assert "At a glance" in project and "since" in project
    assert re.search(r"<time datetime=\"2026-04-02\">2 April 2026</time>", project)
    projects = (site / PROJECTS / "index.html").read_text(encoding="utf-8")
    assert 'data-bulle-shown="{count} projects shown"' in projects
    assert "Acceleration" in projects  # the vocabulary's English label


def test_feeds_redirects_404_and_open_data_are_english(english):
    _, site = english
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert 'xml:lang="en"' in feed and "Bulle des Innovateurs – logbook" in feed
    moved = (site / PROJECTS / "signal-logement/journal/index.html").read_text()
    assert '<html lang="en">' in moved and "This page has moved" in moved
    assert "Page not found" in (site / "404.html").read_text(encoding="utf-8")
    data = json.loads((site / "api/projets.json").read_text(encoding="utf-8"))
    assert data["title"] == "Projects – Bulle des Innovateurs"
    assert data["vocabularies"]["phases"][3]["label"] == "Sustained"


def test_the_documentation_of_the_data_is_english(english):
    _, site = english
    page = html.unescape((site / "donnees/index.html").read_text(encoding="utf-8"))
    schema = (site / "api/projets.schema.json").read_text(encoding="utf-8")
    left = [text for text in data_texts() if len(text) > 12 and text in page + schema
            and load_texts("en")[text] != text]
    assert left == []
    assert "Name of the project." in page and "Values: investigation (Investigation)" in page
