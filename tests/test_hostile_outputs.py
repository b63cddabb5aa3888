"""Hostile text in the files the site writes: feeds, sitemap, CSV, and programme.yml in pages.

The XML writers and the CSV are called directly with what the check may one day
let through (control characters, formulas); programme.yml goes through the real
`check` and a real `mkdocs build --strict -q`, and every page is parsed.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest

from bulle.cli import main
from bulle.outputs.feeds import render_feeds
from bulle.outputs.project_table import COLUMNS, FORMULA_STARTS, neutralise, render_csv
from bulle.outputs.sitemap import render_sitemap
from bulle.content.text import strip_invalid_chars
from bulle.pages.urls import entry_source_uri
from conftest import (REPO, SAMPLE, entry_text, load_test_site, make_site_copy, project_text,
                      run_build, write_tree)

# --- XML ------------------------------------------------------------------------

BAD_CHARACTERS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85",
                  "\ud800", "\udfff", "\ufffe", "\uffff"]  # DEL and C1: invisible garbage


@pytest.mark.parametrize("char", ["\t", "\n", "\r", " ", "é", "\xa0", "\ud7ff",
                                  "\ue000", "\ufffd", "\U0001f600"], ids=ascii)
def test_strip_invalid_chars_keeps_what_xml_allows(char):
    assert strip_invalid_chars(f"a{char}b") == f"a{char}b"


@pytest.mark.parametrize("char", BAD_CHARACTERS, ids=ascii)
def test_strip_invalid_chars_drops_what_xml_forbids(char):
    assert strip_invalid_chars(f"a{char}b{char}") == "ab"


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("xml")
    write_tree(root, {"projects/demo/index.md": project_text(),
                      "projects/demo/journal/2026-01-05-debut.md": entry_text()})
    (root / "programme.yml").write_text((SAMPLE / "programme.yml").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    return load_test_site(root)


def hostile_site(site, char: str):
    """The site with `char` in every text a feed carries: titles, body, names, tags."""
    entry = dataclasses.replace(site.entries[0], title=f"Titre{char}", summary=f"Résumé{char}",
                                body=f"Texte{char} du corps", authors=(f"Autrice{char}",),
                                tags=(f"mot{char}",))
    project = dataclasses.replace(site.projects[0], title=f"Projet{char}",
                                  pitch=f"Mission{char}")
    return dataclasses.replace(site, projects=(project,), entries=(entry,))


@pytest.mark.parametrize("char", BAD_CHARACTERS, ids=ascii)
@pytest.mark.parametrize("built", [False, True], ids=["converted here", "page's HTML"])
def test_feeds_stay_well_formed(small_site, char, built):
    site = hostile_site(small_site, char)
    entry = site.entries[0]
    contents = {entry_source_uri(entry): f"<p>HTML{char} de la page</p>"} if built else {}
    feeds = render_feeds(site, contents)
    # and the feeds of its year and tag (bulle.pages.browse): every one is checked below
    assert set(feeds) == {"feed.xml", "projets/demo/feed.xml", "journal/annee/2026/feed.xml",
                          "journal/mot-cle/mot/feed.xml"}
    for path, xml in feeds.items():
        root = ET.fromstring(xml)  # raises on any invalid character
        parsed = feedparser.parse(xml)
        assert not parsed.bozo, (path, parsed.bozo_exception)
        item = parsed.entries[0]
        assert item.title == "Titre" and item.summary == "Résumé"
        assert item.author == "Autrice"
        assert ("HTML de la page" if built else "Texte du corps") in item.content[0].value
        assert root.find("{http://www.w3.org/2005/Atom}entry") is not None


@pytest.mark.parametrize("char", [char for char in BAD_CHARACTERS
                                  if not "\ud800" <= char <= "\udfff"], ids=ascii)
def test_sitemap_stays_well_formed(small_site, char):
    files = render_sitemap(small_site, [("", None), (f"projets/a{char}b/", dt.date(2026, 1, 5))])
    root = ET.fromstring(files["sitemap.xml"])
    locations = [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locations[0] == "https://bulle.example.org/" and len(locations) == 2
    assert strip_invalid_chars(locations[1]) == locations[1]  # quoted, or dropped


# --- CSV ------------------------------------------------------------------------

FORMULAS = {  # field -> what a contributor wrote (YAML) -> what the cell must hold
    "title": ('"=HYPERLINK(\\"https://evil.example/\\", \\"Cliquez\\")"',
              "'=HYPERLINK(\"https://evil.example/\", \"Cliquez\")"),
    "pitch": ('"+cmd|\' /C calc\'!A0"', "'+cmd|' /C calc'!A0"),
    "sponsors": ('["@SUM(1+1)*cmd|\' /C calc\'!A0", "Ville de Pau"]',
                 "'@SUM(1+1)*cmd|' /C calc'!A0;Ville de Pau"),
    "cohort": ('"-2+3+cmd|\' /C calc\'!A0"', "'-2+3+cmd|' /C calc'!A0"),
}


@pytest.fixture(scope="module")
def formula_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("csv")
    programme = (SAMPLE / "programme.yml").read_text(encoding="utf-8")
    programme = programme.replace("label: {fr: Investigation, en: Investigation}",
                                  'label: {fr: "=1+1", en: "=1+1"}')
    (root / "programme.yml").write_text(programme, encoding="utf-8")
    fields = {name: yaml for name, (yaml, _cell) in FORMULAS.items()}
    write_tree(root, {
        "projects/formules/index.md": project_text(**fields),
        "projects/formules/journal/2026-01-05-debut.md": entry_text(),
    })
    return load_test_site(root)


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("field", list(FORMULAS) + ["phase_label"])
def test_formula_cells_are_neutralised(formula_site, field):
    row = next(row for row in rows_of(render_csv(formula_site)) if row["slug"] == "formules")
    expected = FORMULAS[field][1] if field in FORMULAS else "'=1+1"
    assert row[field] == expected


@pytest.mark.parametrize("text,cell", [
    ("=1+1", "'=1+1"), ("+33 5 59", "'+33 5 59"), ("-20 % de déchets", "'-20 % de déchets"),
    ("@bulle", "'@bulle"), ("\tTab", "'\tTab"), ("\rRetour", "'\rRetour"),
    ("Ville = Pau", "Ville = Pau"), ("2026", "2026"), ("", ""), ("'déjà", "'déjà"),
])
def test_neutralise(text, cell):
    assert neutralise(text) == cell


def test_no_cell_starts_a_formula_and_numbers_stay_numbers(formula_site):
    rows = rows_of(render_csv(formula_site))
    assert [row["slug"] for row in rows] == ["formules"]
    types = {column.name: column.type for column in COLUMNS}
    for row in rows:
        for name, cell in row.items():
            assert not cell.startswith(FORMULA_STARTS), (name, cell)
            if types[name] == "integer":
                assert int(cell) >= 0
            elif types[name] == "date" and cell:
                dt.date.fromisoformat(cell)
    assert next(row for row in rows if row["slug"] == "formules")["entries_count"] == "1"


# --- programme.yml --------------------------------------------------------------

def programme_with(lines: dict[str, str]) -> str:
    """The repository's programme file, with `key: value` lines of identity replaced."""
    text = (SAMPLE / "programme.yml").read_text(encoding="utf-8")
    for key, value in lines.items():
        text, count = re.subn(rf"(?m)^  {re.escape(key)}:.*(?:\n {{4,}}\S.*)*",
                              lambda match: f"  {key}: {value}", text, count=1)
        assert count == 1, key
    return text


ADDRESS = ("n'est pas une adresse https:// complète, par exemple « {example} » (sans espace, "
           "guillemet, « < », « > », « ? » ni « # »)")
REPOSITORY = ADDRESS.format(example="https://github.com/ville/bulle")
BRANCH = ("n'est pas un nom de branche Git (lettres sans accents, chiffres, « . », « _ », "
          "« - » et « / », par exemple « main »)")
SOCIAL = "doit être une adresse https:// complète, sans espace, guillemet, « < » ni « > »"

REFUSED = [  # (key, value in YAML, message after « identity.<key> »)
    ("repository", "javascript:alert(1)", f" : « javascript:alert(1) » {REPOSITORY}"),
    ("repository", "'https://github.com/x/y\" onmouseover=\"alert(1)'",
     f" : « https://github.com/x/y\" onmouseover=\"alert(1) » {REPOSITORY}"),
    ("repository", "http://github.com/x/y", f" : « http://github.com/x/y » {REPOSITORY}"),
    ("branch", "'main\" onmouseover=\"alert(1)'",
     f" : « main\" onmouseover=\"alert(1) » {BRANCH}"),
    ("branch", "../../evil", f" : « ../../evil » {BRANCH}"),
    ("branch", "-main", f" : « -main » {BRANCH}"),
    ("site_url", "'https://bulle.example.org/\");alert(1);//'",
     " : « https://bulle.example.org/\");alert(1);// » n'est pas une adresse https:// "
     "complète, par exemple « https://bulle.example.org/ » (sans espace, guillemet, « < », "
     "« > », « ? » ni « # »)"),
    ("site_url", "javascript:alert(1)//", " : « javascript:alert(1)// » n'est pas une adresse "
     "https:// complète, par exemple « https://bulle.example.org/ » (sans espace, guillemet, "
     "« < », « > », « ? » ni « # »)"),
    ("cms_auth_url", "'https://connexion.example.org/?next=<script>'",
     " : « https://connexion.example.org/?next=<script> » "
     + ADDRESS.format(example="https://connexion.example.org")),
]


def check(root: Path) -> tuple[int, list[str]]:
    out = io.StringIO()
    status = main(["check", "--root", str(root)], out=out)
    return status, out.getvalue().splitlines()


@pytest.mark.parametrize("key,value,message", REFUSED,
                         ids=[f"{key}={value[:30]}" for key, value, _ in REFUSED])
def test_hostile_programme_values_are_refused(tmp_path, key, value, message):
    make_site_copy(tmp_path, {"demo/index.md": project_text()})
    text = programme_with({key: value})
    (tmp_path / "programme.yml").write_text(text, encoding="utf-8")
    line = text.split("\n").index(f"  {key}: {value}") + 1
    status, out = check(tmp_path)
    assert status == 1
    assert f"programme.yml:{line}: erreur : « identity.{key} »{message}" in out


@pytest.mark.parametrize("value", ["javascript:alert(1)",
                                   "'https://social.example.org/\" onclick=\"alert(1)'",
                                   "'https://social.example.org/<script>'"])
def test_hostile_social_links_are_refused(tmp_path, value):
    make_site_copy(tmp_path, {"demo/index.md": project_text()})
    text = (SAMPLE / "programme.yml").read_text(encoding="utf-8").replace(
        "    Mastodon: https://social.example.org/@bulle", f"    Mastodon: {value}")
    (tmp_path / "programme.yml").write_text(text, encoding="utf-8")
    line = text.split("\n").index(f"    Mastodon: {value}") + 1
    status, out = check(tmp_path)
    assert status == 1
    assert f"programme.yml:{line}: erreur : « identity.social.Mastodon » {SOCIAL}" in out


@pytest.mark.parametrize("key,value", [
    ("repository", "https://github.com/ville-de-pau/bulle_des-innovateurs.2"),
    ("branch", "release/2026.1"), ("site_url", "http://localhost:8000/ville/bulle/"),
    ("cms_auth_url", "https://connexion.example.org/auth"),
    ("contact", "https://www.example.org/contact?sujet=bulle#formulaire"),
])
def test_ordinary_programme_values_pass(tmp_path, key, value):
    make_site_copy(tmp_path, {"demo/index.md": project_text()})
    (tmp_path / "programme.yml").write_text(programme_with({key: value}), encoding="utf-8")
    status, out = check(tmp_path)
    assert status == 0, out


NAME = "Bulle & Cie <bullehack onbulle=\"1\"> \"guillemets\" l'été </title>"
NAME_YAML = "'Bulle & Cie <bullehack onbulle=\"1\"> \"guillemets\" l''été </title>'"
DESCRIPTION_YAML = "'Un programme <bullehack onbulle=1> & \"cie\"'"


class Page(HTMLParser):
    """What a page holds once parsed: tags, attribute names, <title>, the header's name."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.classes: set[str] = set()
        self.title = self.topic = ""
        self.licences: list[str] = []
        self.edit: list[str] = []
        self._capture: str | None = None
        self._depth = 0
        self._topic_done = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        self.tags.add(tag)
        self.attributes.update(values)
        self.classes.update(values.get("class", "").split())
        if tag == "a" and values.get("rel") == "edit":
            self.edit.append(values["href"])
        if tag == "title":
            self._capture = "title"
        elif tag == "a" and values.get("rel") == "license":
            self._capture = "licence"
            self.licences.append("")
        elif tag == "span" and self._capture == "topic":
            self._depth += 1
        elif tag == "span" and "md-ellipsis" in values.get("class", "") and not self._topic_done:
            self._capture, self._depth = "topic", 0

    def handle_endtag(self, tag):
        if (tag, self._capture) in (("title", "title"), ("a", "licence")):
            self._capture = None
        elif tag == "span" and self._capture == "topic":
            if self._depth == 0:
                self._capture, self._topic_done = None, True
            self._depth -= 1

    def handle_data(self, data):
        if self._capture == "title":
            self.title += data
        elif self._capture == "topic":
            self.topic += data
        elif self._capture == "licence":
            self.licences[-1] += data


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("programme")
    make_site_copy(root, {"demo/index.md": project_text(),
                          "demo/journal/2026-01-05-debut.md": entry_text()})
    text = programme_with({"name": NAME_YAML, "description": DESCRIPTION_YAML,
                           "organisation": NAME_YAML, "publication_director": NAME_YAML,
                           "publisher": f"{{name: {NAME_YAML}, address: {NAME_YAML}}}",
                           "host": f"{{name: {NAME_YAML}, address: {NAME_YAML}}}"})
    text = text.replace("  contact: innovation@example.org\n",
                        "  contact: innovation@example.org\n"
                        f"  licence: {{title: {NAME_YAML}, "
                        "url: 'https://example.org/licence?a=1&b=2'}\n")
    text = text.replace("    Mastodon: https://social.example.org/@bulle",
                        "    '<bullehack onbulle=1> \"M\"': https://social.example.org/@bulle")
    (root / "programme.yml").write_text(text, encoding="utf-8")
    write_tree(root, {"docs/l'été (x).md": "# Été\n\nUne page de la ville.\n"})
    status, out = check(root)
    assert status == 0, out
    site = root.parent / f"{root.name}-site"
    done = run_build(root, site, today="2026-01-10")
    assert done.returncode == 0, done.stderr
    return site


def test_programme_text_is_escaped_in_every_page(hostile_build):
    pages = sorted(hostile_build.rglob("*.html"))
    checked = 0
    for path in pages:
        page = Page(path.read_text(encoding="utf-8"))
        where = path.relative_to(hostile_build).as_posix()
        assert "bullehack" not in page.tags, where
        assert "onbulle" not in page.attributes, where
        if where.startswith("assets/") or page.title == "":
            continue
        assert page.title.endswith(NAME), (where, page.title)
        if "md-header" in page.classes:  # Material's pages (not the form's)
            assert page.topic.strip() == NAME, (where, page.topic)
            licences = {text.strip() for text in page.licences}
            assert licences == {NAME}, (where, licences)
            checked += 1
    assert checked > 20


def test_edit_links_quote_the_file_path(hostile_build):
    page = Page((hostile_build / "l'été (x)" / "index.html").read_text(encoding="utf-8"))
    assert page.edit == ["https://github.com/exemple/bulle/edit/main/"
                         "docs/l%27%C3%A9t%C3%A9%20%28x%29.md"]


# --- strict builds --------------------------------------------------------------

@pytest.mark.parametrize("case", ["bulle warning", "mkdocs warning"])
def test_warnings_fail_a_quiet_strict_build(tmp_path, case):
    make_site_copy(tmp_path, {"demo/index.md": project_text()})
    if case == "bulle warning":
        text = (SAMPLE / "programme.yml").read_text(encoding="utf-8")
        text = text.replace("  publication_director: Le maire de Pau\n", "")
        (tmp_path / "programme.yml").write_text(text, encoding="utf-8")
        line = text.split("\n").index("identity:") + 1
        expected = (f"programme.yml:{line}: avertissement : « identity.publication_director » "
                    "manquant : la page « Mentions légales » le demande")
    else:
        write_tree(tmp_path, {"docs/autre.md": "# Autre\n\n[Un lien](absente.md)\n"})
        expected = "Doc file 'autre.md' contains a link 'absente.md', but the target is not found"
    done = run_build(tmp_path, tmp_path / "site")  # mkdocs build --strict -q
    assert done.returncode == 1
    assert expected in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("key,value,accepted", [
    ("repository", "https://github.com/ville/bulle", True),
    ("repository", "javascript:alert(1)", False),
    ("repository", "http://github.com/ville/bulle", False),
    ("repository", 'https://github.com/ville/bulle" onclick="x', False),
    ("site_url", "https://ville.github.io/bulle/", True),
    ("site_url", 'https://ville.fr/");alert(1);//', False),
    ("site_url", "https://ville.fr/?page=1", False),
])
def test_new_city_asks_for_what_the_check_accepts(key, value, accepted):
    """`make city` refuses at the question what programme.yml would refuse afterwards."""
    from bulle.fork.answers import QUESTIONS
    question = next(question for question in QUESTIONS if question.key == key)
    assert (question.check(value) is None) is accepted
