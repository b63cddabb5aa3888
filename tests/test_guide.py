"""The contributors' guide: generated parts that cannot drift, and the built pages."""

from __future__ import annotations

import ast
import html
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

import bulle
from bulle.content import schema as S
from bulle.cli import main
from bulle.contrib.cms import cms_config, render_cms_config
from bulle.contrib.gallery import check_mistake, load_gallery
from bulle.contrib.guide import expand_markers, render_field_reference
from bulle.site import Settings, load_site
from conftest import REPO, SAMPLE, project_text

CORE = Path(bulle.__file__).parent
MISTAKES = [mistake for section in load_gallery() for mistake in section.mistakes]
NOT_ILLUSTRATED = {
    "missing-projects-dir",  # no projects/ folder at all: a setup error
    "file-too-large",  # showing it would write a 5 MB file at every build
    "yaml-number",  # a number of more than 100 digits: only an adversary writes one
    "body-too-large",  # a text of more than 200,000 characters: too large to show
    "body-too-complex",  # thousands of « [ » or a run of 100 « * »: only an adversary
}


def all_fields(fields, prefix=""):
    for field in fields:
        yield prefix + field.name
        if field.kind == S.LIST and field.items.kind == S.OBJECT:
            yield from all_fields(field.items.fields, f"{prefix}{field.name}[].")
        elif field.kind == S.OBJECT:
            yield from all_fields(field.fields, f"{prefix}{field.name}.")


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: f"{m.code}:{m.title}")
def test_each_example_gets_its_message_and_its_fix_passes(mistake, programme):
    wrong, fixed = check_mistake(mistake, programme)
    assert mistake.code in [problem.code for problem in wrong]
    assert [str(problem) for problem in fixed] == []


def checker_codes() -> set[str]:
    """Every problem code the checker can report, read from its source."""
    codes: set[str] = set()
    for name in ("validate.py", "load.py", "body.py", "yamlsource.py"):
        tree = ast.parse((CORE / "content" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            candidates = []
            if isinstance(node, ast.Call):
                callee = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                index = {"Problem": 2, "report": 1, "YamlError": 2}.get(callee)
                if index is not None and len(node.args) > index:
                    candidates.append(node.args[index])
            elif isinstance(node, ast.Tuple) and len(node.elts) == 5:  # body.py's findings
                candidates.append(node.elts[2])  # (needle, tag, code, message, severity)
            codes |= {c.value for c in candidates
                      if isinstance(c, ast.Constant) and isinstance(c.value, str)
                      and re.fullmatch(r"[a-z]+(-[a-z]+)*", c.value)}
    return codes


def test_every_message_of_the_checker_is_in_the_gallery():
    codes = checker_codes()
    assert {"unknown-field", "unsafe-html", "encoding", "overlap"} <= codes  # still reads them
    illustrated = {mistake.code for mistake in MISTAKES}
    assert sorted(codes - illustrated - NOT_ILLUSTRATED) == []


def test_markers_are_replaced_and_unknown_ones_left(programme):
    text = "Avant\n\n<!-- bulle:champs -->\n\n<!-- bulle:inconnu -->\n"
    result = expand_markers(text, programme)
    assert "<!-- bulle:champs -->" not in result and "| `phases[].start` (Début) | oui |" in result
    assert "<!-- bulle:inconnu -->" in result
    assert expand_markers("Rien", programme) == "Rien"


def test_field_reference_lists_every_field_and_vocabulary_term(programme):
    text = render_field_reference(programme)
    for record in S.SCHEMAS:
        for path in all_fields(record.fields):
            assert f"| `{path}` " in text, path
    assert "`investigation`" in text and "`logement`" in text


def test_the_command_line_guide_quotes_the_real_output(make_tree, monkeypatch):
    guide = (REPO / "bulle/docs/contribuer/ligne-de-commande.md").read_text(encoding="utf-8")
    monkeypatch.setenv("BULLE_TODAY", "2026-11-26")
    root = make_tree({f"projects/{slug}/index.md": project_text(title=slug)
                      for slug in ("jardins-partages", "notre-projet")})

    def run(*args):
        out = io.StringIO()
        main([*args, "--root", str(root)], out=out)
        return out.getvalue()

    created = run("new", "entry", "notre-projet", "Première réunion à l'Hôtel de Ville")
    rel = created.splitlines()[0].split(" : ", 1)[1]
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8").replace("\nkind:\n", "\nkind: découverte\n"),
                    encoding="utf-8")
    checked = run("check")
    unknown = run("new", "entry", "notre-projt", "x")
    project = run("new", "project", "mon-projet")
    for output in (created, checked.splitlines()[0], project, unknown):
        for line in output.strip().splitlines():
            assert line.strip() in guide, line


# --- the built site -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(sample_site):
    return sample_site


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_guide_is_published_with_every_field(built):
    text = html.unescape(page(built, "contribuer/champs/"))
    for record in S.SCHEMAS:
        for path in all_fields(record.fields):
            assert f"<code>{path}</code>" in text, path
    assert "<!-- bulle:" not in text
    assert "projects/&lt;projet&gt;/index.md" in page(built, "contribuer/champs/")
    for url in ("contribuer/", "contribuer/ligne-de-commande/", "contribuer/github/",
                "contribuer/formulaire/", "contribuer/messages/"):
        assert 'href="' in page(built, url) and "<!-- bulle:" not in page(built, url), url
    nav = page(built, "contribuer/")
    assert "Messages de la vérification" in nav and "Référence des champs" in nav


def test_gallery_shows_the_checker_own_words(built, programme):
    text = html.unescape(page(built, "contribuer/messages/")).replace("’", "'")
    for mistake in MISTAKES:
        wrong, _ = check_mistake(mistake, programme)
        for problem in wrong:
            assert str(problem) in text, str(problem)
        assert mistake.title in text


def test_every_project_page_has_its_add_entry_link(built, programme):
    settings = Settings(root=SAMPLE)
    site, _ = load_site(settings)
    for project in site.projects:
        for url in (f"projets/{project.slug}/", f"projets/{project.slug}/journal/"):
            links = re.findall(r'<a class="md-button" href="([^"]+)" rel="nofollow">'
                               r"Ajouter une entrée au journal</a>", page(built, url))
            assert len(links) == 1, url
            parts = urlsplit(html.unescape(links[0]))
            assert unquote(parts.path) == \
                f"/exemple/bulle/new/main/projects/{project.slug}/journal"
            query = parse_qs(parts.query)
            assert query["filename"] == ["2026-11-26-titre-de-l-entree.md"]
            assert query["value"][0].startswith("---\n# Nom du fichier")


def test_edit_links_open_real_source_files(built):
    edits: dict[str, str] = {}
    for path in built.rglob("*.html"):
        found = re.findall(r'href="https://github\.com/exemple/bulle/edit/main/([^"]+)"',
                           path.read_text(encoding="utf-8"))
        assert len(set(found)) <= 1, path
        if found:
            edits[path.relative_to(built).as_posix()] = unquote(found[0])
    for source in edits.values():  # the city's files, or the template's (its guide)
        assert (REPO if source.startswith("bulle/") else SAMPLE).joinpath(source).is_file(), \
            source
    for source in [*SAMPLE.glob("projects/*/index.md"), *SAMPLE.glob("projects/*/journal/*.md")]:
        assert source.relative_to(SAMPLE).as_posix() in edits.values(), source
    for doc in (SAMPLE / "docs").rglob("*.md"):
        assert doc.relative_to(SAMPLE).as_posix() in edits.values(), doc
    # Generated lists have no file of their own: no edit link.
    for url in ("projets/index.html", "journal/index.html", "palmares/index.html",
                "projets/phase/construction/index.html", "projets/histologe/journal/index.html"):
        assert url not in edits, url


def test_admin_is_published_and_only_it_loads_a_third_party_script(built):
    assert (built / "admin/index.html").is_file() and (built / "admin/bulle-cms.js").is_file()
    site, _ = load_site(Settings(root=SAMPLE))
    published = yaml.safe_load((built / "admin/config.yml").read_text(encoding="utf-8"))
    assert published == cms_config(site.programme, site.projects)
    assert (built / "admin/config.yml").read_text(encoding="utf-8") == \
        render_cms_config(published)
    for path in built.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        external = [tag for tag in re.findall(r"<script\b[^>]*>", text)
                    if re.search(r'src="(?:https?:)?//', tag)]
        if path.relative_to(built).as_posix() == "admin/index.html":
            assert len(external) == 1 and "integrity=" in external[0]
        else:
            assert external == [], path


def test_the_html_policy_of_the_guide_is_the_sanitisers(programme):
    from bulle.contrib.guide import render_html_policy
    from bulle.pages.sanitize import ALLOWED_TAGS
    text = render_html_policy(programme)
    assert all(f"`<{tag}>`" in text for tag in ALLOWED_TAGS)
    assert "`<script>`" in text.split("Refusées", 1)[1] and "`<script>`" not in text.split(
        "Refusées", 1)[0]
