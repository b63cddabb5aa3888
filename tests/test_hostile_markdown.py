"""The adversarial corpus of contributors' Markdown, through the check, the sanitiser and a
real build: what the check accepts is published inert, what it refuses is named at its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from bulle.content import body as body_check
from bulle.content.body import _plain_links_only, check_body
from bulle.pages.markdown_html import render_html
from bulle.pages.sanitize import Place, sanitize

from conftest import (entry_text, make_site_copy, mkdocs_markdown_options, project_text,
                      run_build)
from hostile_markdown import ACCEPTED, CASES, PNG, build_corpus
from inert import inline_script_shapes, scan_html, scan_site

SITE = "https://bulle.example.org/"
HOST = "bulle.example.org"
ENTRY_PLACE = Place("projets/corpus/journal/x/",
                    frozenset({"projets/corpus/photo.png", "projets/corpus/photo été.png"}),
                    "projets/corpus/journal/")
_OPTIONS = mkdocs_markdown_options()


def errors(body: str, first_line: int = 1) -> list[tuple[int, str]]:
    return [(line, code) for line, code, _m, severity in check_body(body, first_line)
            if severity == "error"]


def published(body: str) -> str:
    """What the build publishes of an entry's body, without MkDocs."""
    return sanitize(render_html(body, _OPTIONS), ENTRY_PLACE)


@pytest.mark.parametrize("name, body, expected", CASES, ids=[case[0] for case in CASES])
def test_the_check_refuses_what_it_must_and_accepts_the_rest(name, body, expected):
    found = errors(body, 5)
    if expected is None:
        assert found == []
    else:
        assert expected in [code for _line, code in found]
        lines = body.split("\n")
        assert all(5 <= line < 5 + len(lines) for line, _code in found)


@pytest.mark.parametrize("name, body, expected", CASES, ids=[case[0] for case in CASES])
def test_whatever_the_check_says_the_published_html_is_inert(name, body, expected):
    assert scan_html(published(body), name, HOST, fragment=True) == []


def test_each_family_is_counted():
    """The note reports the corpus by family: keep the families honest."""
    refused = sum(1 for _n, _b, expected in CASES if expected)
    assert refused >= 45 and len(ACCEPTED) >= 20


def test_lines_point_at_the_offending_line():
    body = "Intro.\n\nDu texte.\n\n[clic](\njavascript:alert(1))\n\n<b onclick=x>g</b>"
    assert errors(body, 10) == [(15, "unsafe-link"), (17, "unsafe-html")]


def test_safe_raw_html_keeps_its_meaning():
    html = published('<a href="https://exemple.fr">site</a> <contact@exemple.fr> '
                     '<img src="../photo.png" alt="Local" width="300"> <h2>Titre</h2>')
    assert '<a href="https://exemple.fr" rel="noopener">site</a>' in html
    assert 'href="mailto:contact@exemple.fr"' in html
    assert '<img src="../../photo.png" alt="Local" width="300">' in html  # made page-relative
    assert "<h2>Titre</h2>" in html


def test_table_alignment_survives_the_sanitiser():
    html = published("| a | b |\n|:-:|--:|\n| 1 | 2 |")
    assert '<td align="center">1</td>' in html and '<td align="right">2</td>' in html


def test_images_outside_the_project_are_dropped():
    html = published('![x](../../../../.git/config) <img src="../../autre/photo.png">'
                     ' <img src="/etc/passwd">')
    assert "src=" not in html


def test_theme_classes_and_ids_are_not_for_contributors():
    html = published('<h2 id="__drawer">a</h2><div id="bulle-titre" class="md-banner '
                     'admonition">b</div><h3 id="notre-demarche">c</h3>')
    assert "__drawer" not in html and "bulle-titre" not in html and "md-banner" not in html
    assert 'class="admonition"' in html and 'id="notre-demarche"' in html
    assert 'id="bulle-des-innovateurs"' in published('<h2 id="bulle-des-innovateurs">B</h2>')


# --- what would take the converter down: refused before it tries --------------------------

BOMBS = [
    ("brackets", "[" * 20000 + "x" + "]" * 20000, "body-too-complex"),  # a minute to convert
    ("nested-emphasis", "**" * 1000 + "x" + "**" * 1000, "body-too-complex"),  # stack overflow
    ("underscores", "_" * 50000, "body-too-complex"),
    ("huge", "Du texte. " * 25000, "body-too-large"),
    ("quotes", "> " * 1000 + "x", None),  # deep, but converted in milliseconds
    ("lists", "".join("  " * i + "- x\n" for i in range(300)), None),
    ("angles", "<" * 100000, None),
]


@pytest.mark.parametrize("name, body, expected", BOMBS, ids=[bomb[0] for bomb in BOMBS])
def test_what_would_take_the_converter_down_is_refused_first(name, body, expected):
    found = [(code, severity) for _l, code, _m, severity in check_body(body, 1)]
    if expected:
        assert found == [(expected, "error")]
    else:
        assert ("error" in [severity for _c, severity in found]) is False
        assert scan_html(published(body), name, HOST, fragment=True) == []


def full_check(body: str):
    """The check without its shortcut for bodies whose links are all plainly safe."""
    shortcut = body_check._plain_links_only
    body_check._plain_links_only = lambda _body: False
    try:
        return check_body(body, 1)
    finally:
        body_check._plain_links_only = shortcut


LINK_FRAGMENTS = ["[a](", "](", "]: ", "![i](", "https://exemple.fr/p", "photo.png", "mailto:x@y.fr",
                  "javascript:", "java\nscript:", "\\", "ttps://x", "//x.fr/p.gif", ")", "\n",
                  " ", "#s", "?q=1", "../a.md", "data:x", "[r][r]\n\n[r]:", "Texte "]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(LINK_FRAGMENTS), min_size=1, max_size=10))
def test_property_the_links_shortcut_never_hides_an_error(fragments):
    body = "".join(fragments)
    if _plain_links_only(body):
        assert [code for _l, code, _m, severity in full_check(body) if severity == "error"] == []


# --- property: random bodies made of hostile fragments ---------------------------------

FRAGMENTS = [case[1] for case in CASES] + [
    "<", ">", "`", "``", "```", "~~~", "\n", "\n\n", "    ", "> ", "- ", "1. ", "[", "]", "(",
    ")", "![", "](", "]: ", "<!--", "-->", "<![CDATA[", "]]>", "&#", "&#x6A;", "&lt;", "\"",
    "'", "javascript:", "onerror=", "<img src=x ", "<a href=", "<svg", "<script>", "</",
    "*", "_", "|", "---", "[^1]", "\\", "<!--bulle:0-->", "\t", "é", "\u2028",
    "\x0b", "\ud800", "\ufffe",
]


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12))
def test_property_whatever_the_check_accepts_is_published_inert(fragments):
    body = "".join(fragments)
    found = check_body(body, 1)  # never raises
    if _plain_links_only(body):  # the check's shortcut says what the full reading says
        assert not [1 for _l, _c, _m, severity in full_check(body) if severity == "error"]
    assert all(severity in ("error", "notice") for _l, _c, _m, severity in found)
    assert scan_html(published(body), "random", HOST, fragment=True) == []


# --- the real build ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory):
    return build_corpus(tmp_path_factory.mktemp("corpus"))


def test_the_built_corpus_is_inert(corpus_site, sample_site):
    assert scan_site(corpus_site, SITE, inline_script_shapes(sample_site)) == []


def test_the_scanner_sees_a_breach(tmp_path, sample_site):
    """The inert scan is not blind: one handler slipped into a copy of a page is caught."""
    page = tmp_path / "index.html"
    text = (sample_site / "index.html").read_text(encoding="utf-8")
    page.write_text(text.replace("</article>", '<!--> <img src=x onerror="alert(1)"> -->'
                                 '</article>', 1),
                    encoding="utf-8")
    (tmp_path / "feed.xml").write_text("<feed>\x01</feed>", encoding="utf-8")
    breaches = scan_site(tmp_path, SITE, inline_script_shapes(sample_site))
    assert any("onerror" in b for b in breaches) and any("feed.xml" in b for b in breaches)


def entry_page(site: Path, name: str) -> str:
    [page] = site.glob(f"projets/corpus/journal/2020-*-{name}/index.html")
    return page.read_text(encoding="utf-8")


def test_real_content_is_published_as_written(corpus_site):
    assert 'href="mailto:contact@exemple.fr"' in entry_page(corpus_site, "email-autolink")
    assert '<img src="../../photo.png" alt="Photo du local" width="300">' in entry_page(
        corpus_site, "raw-image")
    assert re.search(r'<img alt="Le local" src="../../photo%20%C3%A9t%C3%A9.png"',
                     entry_page(corpus_site, "angle-destination"))
    assert "<h2>Notre démarche</h2>" in entry_page(corpus_site, "raw-heading")
    assert "<summary>En savoir plus</summary>" in entry_page(corpus_site, "details")
    project = (corpus_site / "projets/corpus/index.html").read_text(encoding="utf-8")
    assert '<img src="photo.png" alt="La photo">' in project
    assert (corpus_site / "projets/corpus/photo.png").exists()


def test_a_spoofed_marker_brings_back_no_block_of_the_page(corpus_site):
    page = entry_page(corpus_site, "marker-spoof")
    assert page.count('id="bulle-titre"') == 1 and "Texte" in page


def test_hostile_fields_are_text_everywhere(corpus_site):
    page = entry_page(corpus_site, "champs") if list(
        corpus_site.glob("projets/corpus/journal/*-champs/index.html")) else None
    assert page is not None
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    feed = (corpus_site / "projets/corpus/feed.xml").read_text(encoding="utf-8")
    assert "<script>" not in feed


CITY_PAGES = {
    "x.md": "# &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; x & y\n\nTexte.\n",
    "y.md": '---\ntitle: "</title><script>alert(2)</script> & co"\n'
            'description: "\\" onfocus=alert(3) x=\\""\n---\nTexte <img src=x onerror=alert(4)>.\n',
    "index.md": '---\ntitle: "<svg onload=alert(5)>"\ndescription: "</title><b>"\n---\n'
                "Accueil [x](javascript:alert(6)).\n",
}


def test_the_citys_own_pages_are_inert(tmp_path, sample_site):
    """Pages of docs/ are written by the city's team, by pull request too: their titles
    (front matter or first heading) and text are published inert."""
    root = make_site_copy(tmp_path)
    for name, text in CITY_PAGES.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    done = run_build(root, root / "site")
    assert done.returncode == 0, done.stderr
    assert scan_site(root / "site", SITE, inline_script_shapes(sample_site)) == []
    page = (root / "site/x/index.html").read_text(encoding="utf-8")
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; x &amp; y - " in page


def test_make_check_accepts_real_markdown_and_names_the_rest(make_tree):
    """The real command on real constructs: an e-mail autolink and safe raw HTML pass
    (exit 0); a script gets its French message at its line (exit 1)."""
    import subprocess
    import sys
    from conftest import REPO
    files = {"projects/demo/index.md": project_text(
        "Écrivez-nous : <contact@exemple.fr>.\n\n<details><summary>Plus</summary>\n\n"
        '<a href="https://exemple.fr">Le site</a>, <img src="photo.png" alt="Photo">\n'
        "</details>\n\n![Le local](<photo été.png>)\n"),
        "projects/demo/photo.png": PNG, "projects/demo/photo été.png": PNG}
    root = make_tree(files)
    command = [sys.executable, str(REPO / "scripts/bulle.py"), "check", "--root", str(root)]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
    (root / "projects/demo/journal").mkdir()
    (root / "projects/demo/journal/2020-01-06-x.md").write_text(
        entry_text("Bonjour.\n\n<script>alert(1)</script>"), encoding="utf-8")
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    assert ("projects/demo/journal/2020-01-06-x.md:6: erreur : balise HTML <script> refusée"
            in done.stdout)
