"""The pull-request review: each changed project or entry as it will read, and its messages."""

from __future__ import annotations

import dataclasses
import re
import datetime as dt
import subprocess
import sys

import pytest

from bulle.content.load import load_tree
from bulle.programme.load import load_programme
from bulle.pages.markdown_html import site_markdown_options
from bulle.contrib.review import Review
from bulle.content.validate import validate_tree
from conftest import REPO, entry_text, project_text

TODAY = dt.date(2026, 11, 26)
ENTRY = "projects/alpha/journal/2026-11-20-premiere-rencontre.md"
FILES = {
    "projects/alpha/index.md": project_text(
        title='"Alpha **gras** <b>x</b>"', body="## Le problème\n\nUn texte.\n\n\nSuite.",
        themes="[logement]", cohort='"2026"',
        phases="\n  - name: investigation\n    start: 2026-01-05"),
    ENTRY: entry_text(
        title="Première rencontre", kind="decouverte", authors="[Awa Diallo]",
        tags="[usagers]",
        body='Premier paragraphe avec *emphase*.\n\n<span style="color: red">rouge</span>\n\n'
             "```\nligne 1\n\nligne 3\n```"),
    "projects/alpha/journal/2027-01-04-plus-tard.md": entry_text(title="Plus tard"),
    "projects/alpha/journal/2026-11-21-brouillon.md": entry_text(title="Brouillon",
                                                                 draft="true"),
    "projects/alpha/journal/2026-11-22-casse.md": entry_text(title="Cassée", kind="inconnue"),
}


@pytest.fixture
def review(make_tree):
    root = make_tree(FILES)
    programme, _ = load_programme(root / "programme.yml")
    content = validate_tree(load_tree(root), programme)
    return Review(programme, content, root, TODAY), content


def test_a_changed_entry_reads_as_it_will_be_published(review):
    review, content = review
    text = review.render([ENTRY], content.problems).replace("\xa0", " ")
    assert text.startswith("## Relecture : ce qui sera publié\n")
    assert "### Entrée « Première rencontre »" in text
    assert "- **Date** : 20 novembre 2026" in text
    assert "- **Sorte** : Découverte" in text and "- **Auteurs** : Awa Diallo" in text
    assert "- **Projet** : Alpha" in text
    assert ("`https://bulle.example.org/projets/alpha/journal/2026-11-20-premiere-rencontre/`"
            in text)
    body = text.split("<blockquote>", 1)[1].split("</blockquote>", 1)[0]
    assert "<em>emphase</em>" in body
    assert "<span>rouge</span>" in body  # the site's sanitiser dropped the style
    assert "<code>ligne 1\n\nligne 3\n</code></pre>" in body  # blank lines kept in code
    assert "\n\n" not in body.split("<pre>")[0]  # elsewhere none: the HTML block holds
    assert "premiere-rencontre.md:9: remarque : attribut HTML « style » retiré" in text


def test_a_changed_project_with_its_phase_and_escaped_title(review):
    review, content = review
    text = review.render(["./projects/alpha/index.md"], content.problems).replace("\xa0", " ")
    assert r"### Projet « Alpha \*\*gras\*\* \<b\>x\</b\> »" in text
    assert "- **Phase** : Investigation, depuis le 5 janvier 2026" in text
    assert "- **Thèmes** : Logement" in text
    assert '<h2 id="le-probleme">Le problème</h2>' in text and "headerlink" not in text


def test_drafts_future_entries_errors_deleted_and_other_files(review):
    review, content = review
    text = review.render(["projects/alpha/journal/2027-01-04-plus-tard.md",
                          "projects/alpha/journal/2026-11-21-brouillon.md",
                          "projects/alpha/journal/2026-11-22-casse.md",
                          "projects/alpha/journal/2026-01-01-effacee.md",
                          ".github/workflows/check.yml", ""], content.problems)
    text = text.replace("\xa0", " ")
    assert "> Datée dans le futur : paraîtra le 4 janvier 2027." in text
    assert "> Brouillon (draft: true) : ne sera pas publié." in text
    casse = text.split("2026\\-11\\-22\\-casse.md", 1)[1].split("###", 1)[0]
    assert "Fichier illisible pour le site" in casse
    assert "<pre>projects/alpha/journal/2026-11-22-casse.md:3: erreur : " in casse
    assert "Fichier supprimé." in text
    assert "### Autres fichiers modifiés\n\n- .github/workflows/check.yml" in text


def test_the_text_goes_through_the_site_sanitiser_whatever_it_holds(review):
    review, content = review
    entry = next(e for e in content.entries if e.source == ENTRY)
    hostile = dataclasses.replace(entry, title="<script>alert(1)</script>", body=(
        '<script>alert(1)</script>\n\n<img src="x" onerror="alert(1)">\n\n'
        "[lien](javascript:alert(1))\n\n<iframe src=\"https://evil.example\"></iframe>"))
    content.entries[content.entries.index(entry)] = hostile
    text = review.render([ENTRY], [])
    assert not re.search(r"(?<!\\)<(script|iframe)", text)  # no such tag, only escaped text
    assert 'src="x"' not in text
    assert "onerror" not in text.lower()
    assert "javascript:" not in text and "<iframe" not in text and "evil.example" not in text
    assert r"\<script\>alert\(1\)\</script\>" in text  # the title, as text


def test_no_content_change_says_so(review):
    review, content = review
    assert "ne modifie aucun fichier de projects/" in review.render(["README.md"], [])


def test_the_markdown_options_are_the_sites():
    options = site_markdown_options()
    assert {"toc", "tables", "fenced_code", "footnotes", "admonition", "bulle.pages.typography"} <= set(
        options.extensions)
    assert options.without_permalinks().configs["toc"]["permalink"] is False


def test_cli_review_is_a_real_command(make_tree):
    root = make_tree(FILES)
    # as the workflow calls it: NUL-separated names on standard input, odd ones included
    names = f"{ENTRY}\0projects/alpha/journal/2026-11-22-casse.md\0docs/a $(id) b.md\0"
    done = subprocess.run([sys.executable, str(REPO / "scripts/bulle.py"), "review", "--root",
                           str(root), "--stdin"], input=names,
                          capture_output=True, text=True, timeout=60,
                          env={"BULLE_TODAY": "2026-11-26", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr  # it informs; « check » fails the pull request
    assert "### Entrée « Première rencontre »" in done.stdout
    assert "casse.md:3: erreur" in done.stdout and done.stderr == ""
    assert r"- docs/a $\(id\) b.md" in done.stdout  # listed as text
