"""The same site on other engines than MkDocs: ProperDocs (MkDocs 1.6's fork, with the
hooks) and Zensical (Material's successor, without hooks, from `bulle export`).

`make test` installs both (requirements-properdocs.txt, requirements-zensical.txt).
Without them these tests are skipped; with BULLE_REQUIRE_ENGINES=1 (.ci/run) they fail.
"""

from __future__ import annotations

import html
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bulle.cli import main
from bulle.outputs.export import CONFIG, DOCS, STAMP
from conftest import REPO, SAMPLE_DAY, make_site_copy, project_text, run_build, snapshot
from hostile_markdown import write_corpus
from inert import inline_script_shapes, scan_html, scan_site

REQUIRED = os.environ.get("BULLE_REQUIRE_ENGINES") == "1"
ZENSICAL = Path(os.environ.get("BULLE_ZENSICAL") or REPO / ".venv-zensical" / "bin" / "zensical")
GENERATOR = re.compile(rb'\n\s*<meta name="generator" content="[^"]*">')
ENTRY = "projets/pau-partage/journal/2019-03-18-les-isoles-ne-viennent-pas/"
BODY = re.compile(r'<div class="bulle-export"(?: lang="[a-z]+")?>\n(.*)\n</div>\n\Z', re.S)
# What Material or Zensical add of their own, and what only the MkDocs hooks make.
THEIRS = re.compile(r"^(?:assets/(?:javascripts|stylesheets|images)/|pagefind/|search/|"
                    r"404\.html$|search\.json$)")


def unavailable(reason: str) -> None:
    """Skip on a contributor's machine; fail where the engines are mandatory."""
    if REQUIRED:
        pytest.fail(f"{reason} (BULLE_REQUIRE_ENGINES=1 : ces tests sont obligatoires ici)",
                    pytrace=False)
    pytest.skip(reason)


def export(root: Path, folder: Path, today: str = SAMPLE_DAY) -> tuple[int, str]:
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BULLE_TODAY", today)
        status = main(["export", str(folder), "--root", str(root)], out=out)
    return status, out.getvalue()


def zensical_build(folder: Path) -> Path:
    if not ZENSICAL.exists():
        unavailable(f"Zensical introuvable ({ZENSICAL}) : « make test » l'installe "
                    "(requirements-zensical.txt).")
    done = subprocess.run([str(ZENSICAL), "build", "-f", str(folder / CONFIG)],
                          capture_output=True, text=True, cwd=folder, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return folder / "site"


def exported_body(text: str) -> str:
    match = BODY.search(text)
    assert match, text[:200]
    return match.group(1)


def index_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))


@pytest.fixture(scope="module")
def sample_root(tmp_path_factory) -> Path:
    """A copy of the tests' own sample, as `sample_site` is built from."""
    return make_site_copy(tmp_path_factory.mktemp("engines-sample"))


@pytest.fixture(scope="module")
def exported(tmp_path_factory, sample_root) -> Path:
    folder = tmp_path_factory.mktemp("export") / "sample"
    status, output = export(sample_root, folder)
    assert status == 0, output
    return folder


@pytest.fixture(scope="module")
def zensical_site(exported) -> Path:
    return zensical_build(exported)


# --- ProperDocs: the same build, hooks included --------------------------------------------

def test_properdocs_builds_the_sample_as_mkdocs_does(sample_site, sample_root, tmp_path):
    if importlib.util.find_spec("properdocs") is None:
        unavailable("ProperDocs introuvable dans .venv : « make test » l'installe "
                    "(requirements-properdocs.txt).")
    site = tmp_path / "site"
    done = run_build(sample_root, site, engine="properdocs")
    assert done.returncode == 0, done.stderr
    ours, theirs = snapshot(sample_site), snapshot(site)
    assert ours.keys() == theirs.keys()
    differ = sorted(path for path in ours if ours[path] != theirs[path])
    # Only the theme's <meta name="generator"> tells them apart: "mkdocs-1.6.1" or
    # "mkdocs-ProperDocs 1.6.7", on every page that the theme lays out.
    laid_out = sorted(path for path in ours if path.endswith(".html")
                      and GENERATOR.search((sample_site / path).read_bytes()))
    assert len(laid_out) > 100 and differ == laid_out
    for path in differ:
        mine, other = (sample_site / path).read_bytes(), (site / path).read_bytes()
        assert b"ProperDocs" in GENERATOR.search(other).group(0)
        assert GENERATOR.sub(b"", mine) == GENERATOR.sub(b"", other), path


# --- the export: what an engine without hooks receives ------------------------------------

def test_every_exported_page_holds_the_html_of_the_mkdocs_page(exported, sample_site):
    """Converted, sanitised, completed and linked as the hooks do: the body of each page
    is found as it is in the page MkDocs built."""
    checked = 0
    for page in sorted((exported / DOCS).rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        if '<div class="bulle-export">' not in text:
            assert "contribuer/" in page.as_posix()  # the guide stays Markdown
            continue
        folder = page.parent.relative_to(exported / DOCS)
        assert page.name == "index.md"  # at its URL: see bulle.outputs.export._folder_page
        built = (sample_site / folder / "index.html").read_text(encoding="utf-8")
        assert exported_body(text) in built, folder
        checked += 1
    assert checked > 90


def test_the_export_publishes_the_files_of_the_mkdocs_build_byte_for_byte(exported,
                                                                          sample_site):
    """Feeds (made from the exported entries' HTML), open data, attachments, assets."""
    built = snapshot(sample_site)
    folder = snapshot(exported / DOCS)
    files = [path for path in built if not path.endswith("index.html") and not
             THEIRS.match(path) and path != "sitemap.xml"]  # see the Zensical test
    assert len(files) > 40 and "feed.xml" in files and "projets/pau-partage/feed.xml" in files
    assert [path for path in files if folder.get(path) != built[path]] == []


def test_the_export_indexes_the_texts_that_the_mkdocs_build_indexes(exported, sample_site):
    """Pagefind's bundle is written with the export: the search page works on any engine.
    Each page's indexed text (a fragment, named by its hash) is the MkDocs build's."""
    def bundle(folder: Path) -> tuple[dict[str, str], dict]:
        entry = json.loads((folder / "pagefind/pagefind-entry.json").read_text("utf-8"))
        return snapshot(folder / "pagefind" / "fragment"), {
            language: values["page_count"] for language, values in entry["languages"].items()}
    fragments, counts = bundle(exported / DOCS)
    assert len(fragments) > 30 and counts == {"fr": len(fragments)}
    assert (fragments, counts) == bundle(sample_site)


def test_the_exported_config_needs_no_hook_and_only_the_exports_theme(exported):
    config = yaml.safe_load((exported / CONFIG).read_text(encoding="utf-8"))
    assert "hooks" not in config and "INHERIT" not in config
    assert config["theme"]["custom_dir"] == "theme" and config["theme"]["language"] == "fr"
    assert sorted(p.name for p in (exported / "theme").iterdir()) == [
        "404.html", "main.html", "partials", "sitemap.xml"]
    assert config["nav"][0] == {"Accueil": "index.md"}
    assert "mentions-legales/" in config["copyright"]


@pytest.fixture(scope="module")
def exported_corpus(tmp_path_factory) -> Path:
    """The hostile corpus (every case the check accepts, hostile front matter), exported."""
    root = tmp_path_factory.mktemp("corpus")
    write_corpus(root)
    status, output = export(root, root / "export")
    assert status == 0, output
    return root / "export"


def test_the_exported_pages_of_the_hostile_corpus_are_inert(exported_corpus):
    pages = sorted((exported_corpus / DOCS / "projets").rglob("*.md"))
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert scan_html(exported_body(text), page.name, "bulle.example.org",
                         fragment=True) == [], page
        meta = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
        # Themes print title and description as they are: escaped once; `head` is plain
        # text, which the export's theme escapes (the built site is scanned below).
        assert "<" not in meta["title"] + meta["description"], page


def test_the_export_keeps_the_menu_and_styles_of_the_citys_mkdocs_yml(tmp_path):
    (tmp_path / "city").mkdir()
    root = make_site_copy(tmp_path / "city")
    (root / "docs" / "ville.css").write_text(".md-header { color: red }\n", encoding="utf-8")
    (root / CONFIG).write_text(
        "INHERIT: hooks/mkdocs.base.yml\n"
        "site_url: !ENV [SITE_URL, 'https://ailleurs.example/']\n"
        "extra_css: [ville.css]\n"
        "nav:\n  - Accueil: index.md\n  - Notre programme: programme.md\n"
        "  - Les projets: projets/index.md\n  - Guide: [contribuer/index.md]\n",
        encoding="utf-8")
    status, output = export(root, tmp_path / "out")
    assert status == 0, output
    config = yaml.safe_load((tmp_path / "out" / CONFIG).read_text(encoding="utf-8"))
    assert config["nav"] == [{"Accueil": "index.md"}, {"Notre programme": "programme/index.md"},
                             {"Les projets": "projets/index.md"},
                             {"Guide": ["contribuer/index.md"]}]
    assert config["extra_css"][-1] == "ville.css"
    assert (tmp_path / "out" / DOCS / "ville.css").is_file()
    site = zensical_build(tmp_path / "out")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Notre programme" in home and re.search(r'href="(?:\./)?ville\.css"', home)


def test_on_a_site_in_english_the_guide_is_exported_in_french_said_so(tmp_path):
    (tmp_path / "city").mkdir()
    root = make_site_copy(tmp_path / "city")
    programme = root / "programme.yml"
    text = programme.read_text(encoding="utf-8")
    assert "  language: fr\n" in text
    programme.write_text(text.replace("  language: fr\n", "  language: en\n"), "utf-8")
    status, output = export(root, tmp_path / "out")
    assert status == 0, output
    config = yaml.safe_load((tmp_path / "out" / CONFIG).read_text(encoding="utf-8"))
    assert config["theme"]["language"] == "en"
    guide = next(item for item in config["nav"] if "Contributing to the site" in str(item))
    assert "contribuer/champs/index.md" in str(guide)
    page = (tmp_path / "out" / DOCS / "contribuer/champs/index.md").read_text("utf-8")
    assert '<div class="bulle-export" lang="fr">' in page and "Référence des champs" in page
    built = zensical_build(tmp_path / "out")
    assert '<div class="bulle-export" lang="fr">' in (
        built / "contribuer/champs/index.html").read_text(encoding="utf-8")


# --- the command ----------------------------------------------------------------------------

def test_export_refuses_the_contributors_folders_and_a_folder_of_something_else(sample_root,
                                                                             tmp_path):
    for target in (sample_root / "docs", sample_root / "projects" / "x", sample_root):
        status, output = export(sample_root, target)
        assert status == 1 and "erreur : l'export ne s'écrit ni dans" in output, target
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("à garder", encoding="utf-8")
    status, output = export(sample_root, other)
    assert status == 1 and "n'est pas vide et ne vient pas d'un export" in output
    assert (other / "notes.txt").read_text(encoding="utf-8") == "à garder"
    assert "Traceback" not in output


def test_export_replaces_its_previous_export(sample_root, tmp_path):
    folder = tmp_path / "out"
    assert export(sample_root, folder)[0] == 0
    stale = folder / DOCS / "projets" / "ancien" / "index.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("vieux", encoding="utf-8")
    status, output = export(sample_root, folder)
    assert status == 0 and output.startswith(f"Export écrit dans {folder} : ")
    assert not stale.exists() and (folder / STAMP).is_file()


def test_export_refuses_a_link_in_docs_and_copies_nothing_through_it(tmp_path):
    (tmp_path / "city").mkdir()
    root = make_site_copy(tmp_path / "city")
    secret = tmp_path / "secret.txt"
    secret.write_text("mot de passe", encoding="utf-8")
    (root / "docs" / "notes.txt").symlink_to(secret)
    status, output = export(root, tmp_path / "out")
    assert status == 1 and "docs/notes.txt: erreur : " in output
    assert not (tmp_path / "out").exists()


def test_make_export_writes_into_the_folder_named_as_it_is(tmp_path):
    (tmp_path / "city").mkdir()
    root = make_site_copy(tmp_path / "city")
    shutil.copy(REPO / "Makefile", root / "Makefile")
    shutil.copytree(REPO / "scripts", root / "scripts")
    (root / "bulle").symlink_to(REPO / "bulle")
    make = ["make", "-s", "export", f"BIN={Path(sys.executable).parent}", "READY="]
    env = {**os.environ, "BULLE_TODAY": SAMPLE_DAY}
    done = subprocess.run([*make, "DIR=build/l'export $HOME"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (root / "build" / "l'export $HOME" / CONFIG).is_file()
    done = subprocess.run(make, cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "Indiquez le dossier : make export DIR=" in done.stdout


def test_export_of_content_with_an_error_writes_nothing(make_tree, tmp_path):
    root = make_tree({"projects/demo/index.md": project_text(pich="x")})
    status, output = export(root, tmp_path / "out")
    assert status == 1 and "champ inconnu « pich »" in output
    assert "L'export a besoin d'un contenu sans erreur" in output
    assert not (tmp_path / "out").exists()


# --- Zensical: the export built without Bulle ------------------------------------------------

def test_zensical_builds_every_page_of_the_mkdocs_build(zensical_site, exported, sample_site):
    assert index_pages(zensical_site) == index_pages(sample_site)
    pages = 0
    for page in sorted((exported / DOCS).rglob("index.md")):
        text = page.read_text(encoding="utf-8")
        if '<div class="bulle-export">' in text:
            folder = page.parent.relative_to(exported / DOCS)
            built = (zensical_site / folder / "index.html").read_text(encoding="utf-8")
            assert exported_body(text) in built, folder  # as it is, links included
            pages += 1
    assert pages > 90
    entry = (zensical_site / ENTRY / "index.html").read_text(encoding="utf-8")
    assert "<title>Les personnes isolées ne viennent pas à nous - Bulle des Innovateurs" in entry
    assert "md-search" not in entry  # Zensical's search is off: Pagefind's serves /recherche/
    built = snapshot(sample_site)
    theirs = snapshot(zensical_site)
    files = [path for path in built if not THEIRS.match(path)]
    assert [path for path in files if path not in theirs] == []
    for name in ("sitemap.xml", "sitemap.xml.gz", "feed.xml", "robots.txt"):
        assert theirs[name] == built[name], name  # Bulle's, not Zensical's
    assert snapshot(zensical_site / "pagefind") == snapshot(exported / DOCS / "pagefind")


HEAD_TAG = re.compile(r'<(?:link rel="alternate"|meta (?:property|name)="(?:og|twitter|article|'
                      r'bulle):)[^>]*>')


def head_tags(page: Path) -> list[str]:
    """The tags Bulle adds to a page's head, their values read as a browser reads them."""
    return [html.unescape(tag) for tag in HEAD_TAG.findall(page.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("url", ["", "projets/", "projets/pau-partage/", ENTRY, "programme/",
                                 "contribuer/champs/"])
def test_zensical_pages_have_the_head_tags_and_banner_of_the_mkdocs_pages(url, zensical_site,
                                                                          sample_site):
    """Feeds, Open Graph and Twitter cards, from the export's own theme override."""
    ours, theirs = sample_site / url / "index.html", zensical_site / url / "index.html"
    assert len(head_tags(ours)) > 10
    canonical = lambda tags: [tag.replace("./feed.xml", "feed.xml") for tag in tags]
    assert canonical(head_tags(theirs)) == canonical(head_tags(ours))
    assert '<p class="bulle-banner">Site de démonstration' in theirs.read_text(encoding="utf-8")


def test_zensicals_404_page_sends_visitors_where_the_mkdocs_one_does(zensical_site,
                                                                    sample_site):
    def content(site: Path) -> list[tuple[str, str]]:
        text = (site / "404.html").read_text(encoding="utf-8")
        article = text.split("<article", 1)[1].split("</article>", 1)[0]
        return [(href.rstrip("."), label) for href, label in
                re.findall(r'<a href="([^"]*)">([^<]*)</a>', article)]
    assert len(content(sample_site)) == 3 and content(zensical_site) == content(sample_site)
    assert "<h1>Page introuvable</h1>" in (zensical_site / "404.html").read_text("utf-8")


def test_the_hostile_corpus_built_by_zensical_is_inert(exported_corpus, zensical_site):
    site = zensical_build(exported_corpus)
    assert len(index_pages(site)) > 20
    assert scan_site(site, "https://bulle.example.org/", inline_script_shapes(zensical_site)) \
        == []
