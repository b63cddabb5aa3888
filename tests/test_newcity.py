"""`new city`: a copy of the template becomes a new city's programme, and never by accident."""

from __future__ import annotations

import html
import io
import subprocess

import pytest
import yaml

from bulle.cli import main
from bulle.programme.i18n import STARTER, available_languages
from bulle.fork.answers import QUESTIONS, gather, pages_url
from bulle.fork.newcity import SAMPLE_PROJECTS, replace_identity
from bulle.programme.load import load_programme
from conftest import REPO, SAMPLE, load_test_site, make_site_copy, run_build

FLAGS = ["--name", "Fabrique des agents", "--city", "Lyon",
         "--contact", "innovation@lyon.example.org",
         "--site-url", "https://fabrique.lyon.example.org/"]


def run(root, *args, stdin: str = "", monkeypatch=None) -> tuple[int, str]:
    if monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    status = main(["new", "city", "--root", str(root), *args], out=out)
    return status, out.getvalue()


@pytest.fixture
def sample(tmp_path):
    """A copy of the template as a city gets it: the Pau sample, not yet a Git repository."""
    return make_site_copy(tmp_path)


def test_the_sample_becomes_a_new_city_that_builds_and_passes_the_check(sample, monkeypatch):
    before = (sample / "programme.yml").read_text(encoding="utf-8")
    status, out = run(sample, *FLAGS, monkeypatch=monkeypatch)
    assert status == 0, out
    assert "Contenu valide : 1 projet(s) et 0 entrée(s)" in out
    assert sorted(p.name for p in (sample / "projects").iterdir()) == ["exemple-de-projet"]
    programme, problems = load_programme(sample / "programme.yml")
    assert problems == []
    identity = programme.identity
    assert (identity.name, identity.city, identity.demo) == ("Fabrique des agents", "Lyon", False)
    assert identity.organisation == "Ville de Lyon"  # the defaults follow the answers
    assert identity.publication_director == "Le maire de Lyon"
    assert identity.host.name == "GitHub, Inc."
    assert identity.accessibility.status == "none"  # nothing is assessed yet
    # The vocabularies are kept as they were, comments included, but the lists that
    # name Pau's own institutions.
    after = (sample / "programme.yml").read_text(encoding="utf-8")
    kept = before[before.index("\nphases:"):before.index("\n# Who coaches a project")]
    assert after[after.index("\nphases:"):] == kept
    assert programme.incubators.terms == () and programme.organisations.terms == ()
    assert programme.audiences.ids[0] == "particulier"
    home = (sample / "docs/index.md").read_text(encoding="utf-8")
    assert home.startswith("# Fabrique des agents\n") and "Pau" not in home
    assert "Pau" not in (sample / "docs/programme.md").read_text(encoding="utf-8")
    example = (sample / "projects/exemple-de-projet/index.md").read_text(encoding="utf-8")
    assert "\ndraft: true\n" in example

    site = sample.parent / "site"
    done = run_build(sample, site)
    assert done.returncode == 0, done.stderr
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "Fabrique des agents" in page and "bulle-banner" not in page
    assert not (site / "projets/exemple-de-projet").exists()  # a draft stays off the site
    projects = html.unescape((site / "projets/index.html").read_text(encoding="utf-8"))
    assert "Aucun projet n'est encore publié." in projects and "bulle-card" not in projects
    legal = (site / "mentions-legales/index.html").read_text(encoding="utf-8")
    assert "Ville de Lyon" in legal
    assert "hébergé par GitHub, Inc.</p>" in legal  # one full stop after « Inc. »



HELPS = (["--help"], ["check", "--help"], ["report", "--help"], ["review", "--help"],
         ["new", "--help"], ["new", "entry", "--help"], ["new", "project", "--help"],
         ["new", "city", "--help"], ["import", "--help"], ["import", "betagouv", "--help"])


def sample_project_names() -> set[str]:
    """How a page could name a project of the Pau sample: folder, former folder, title."""
    names = set()
    for project in load_test_site(SAMPLE).projects:
        names |= {project.slug, project.title, *project.former_slugs}
    return names


def test_after_new_city_no_page_help_nor_scaffold_names_a_project_of_the_sample(
        sample, monkeypatch, capsys):
    names = sample_project_names()
    assert {"pau-partage", "Simone & Co", "poubelles-battle", "IDQuart"} <= names
    status, out = run(sample, *FLAGS, monkeypatch=monkeypatch)
    assert status == 0, out
    site = sample.parent / "site"
    done = run_build(sample, site)
    assert done.returncode == 0, done.stderr
    texts = {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
             for path in site.rglob("*")
             if path.suffix in (".html", ".xml", ".json", ".csv", ".yml", ".txt", ".js")}
    assert len(texts) > 40 and "contribuer/ligne-de-commande/index.html" in texts
    texts["Makefile"] = (REPO / "Makefile").read_text(encoding="utf-8")
    for args in HELPS:
        with pytest.raises(SystemExit):
            main(args)
        texts[" ".join(args)] = capsys.readouterr().out
    texts["new project"] = run_command(sample, "new", "project", "premiers-pas")
    texts["new entry"] = run_command(sample, "new", "entry", "premiers-pas", "Premier jour")
    for path in (sample / "projects/premiers-pas").rglob("*.md"):
        texts[path.relative_to(sample).as_posix()] = path.read_text(encoding="utf-8")
    found = sorted((where, name) for where, text in texts.items() for name in names
                   if name.lower() in html.unescape(text).lower())
    assert found == []


def run_command(root, *args: str) -> str:
    out = io.StringIO()
    assert main([*args, "--root", str(root)], out=out) == 0, out.getvalue()
    return out.getvalue()

def test_english_city_gets_english_starter_texts(sample, monkeypatch):
    status, out = run(sample, *FLAGS, "--language", "en", monkeypatch=monkeypatch)
    assert status == 0, out
    identity = load_programme(sample / "programme.yml")[0].identity
    assert (identity.language, identity.organisation) == ("en", "City of Lyon")
    assert (sample / "projects/example-project/index.md").is_file()
    assert "Browse [the projects]" in (sample / "docs/index.md").read_text(encoding="utf-8")
    # A project started afterwards gets its visible headings in English too.
    assert main(["new", "project", "first-steps", "--root", str(sample)], out=io.StringIO()) == 0
    body = (sample / "projects/first-steps/index.md").read_text(encoding="utf-8")
    assert "\n## The problem\n" in body and "Le problème" not in body


def test_questions_are_asked_for_what_no_flag_gives(sample, monkeypatch):
    answers = "Nantes Innove\nNantes\n\n\n\n\n\npas-une-adresse\nequipe@nantes.example.org\n"
    status, out = run(sample, "--site-url", "https://nantes.example.org/", stdin=answers,
                      monkeypatch=monkeypatch)
    assert status == 0, out
    identity = load_programme(sample / "programme.yml")[0].identity
    assert (identity.name, identity.language) == ("Nantes Innove", "fr")  # Enter: the default
    assert identity.contact == "equipe@nantes.example.org"  # asked again after a wrong answer


def test_nothing_changes_when_an_answer_is_missing_or_wrong(sample, monkeypatch):
    status, out = run(sample, "--city", "Lyon", "--site-url", "lyon.fr",
                      monkeypatch=monkeypatch)
    assert status == 1
    assert "Nom du programme (ex. « Fabrique des agents ») : réponse obligatoire (--name)" in out
    assert "« lyon.fr » ne convient pas, il faut une adresse complète" in out
    assert sorted(p.name for p in (sample / "projects").iterdir()) == sorted(SAMPLE_PROJECTS)


def test_it_refuses_to_run_twice_without_force(sample, monkeypatch):
    assert run(sample, *FLAGS, monkeypatch=monkeypatch)[0] == 0
    (sample / "projects/mon-projet").mkdir()
    (sample / "projects/mon-projet/index.md").write_text("x", encoding="utf-8")
    home = (sample / "docs/index.md").read_text(encoding="utf-8")
    status, out = run(sample, *FLAGS, monkeypatch=monkeypatch)
    assert status == 1
    assert "« new city » a déjà été lancé ici" in out and "(mon-projet)" in out
    assert "relancez avec --force" in out
    assert (sample / "docs/index.md").read_text(encoding="utf-8") == home
    # --force goes on, and still never deletes a project of the city's.
    status, out = run(sample, *FLAGS, "--name", "Autre nom", "--force",
                      monkeypatch=monkeypatch)
    assert (sample / "projects/mon-projet/index.md").read_text(encoding="utf-8") == "x"


def test_it_refuses_uncommitted_changes(sample, monkeypatch):
    git = ["git", "-C", str(sample), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "modèle"], check=True)
    (sample / "docs/index.md").write_text("# Déjà commencé\n", encoding="utf-8")
    status, out = run(sample, *FLAGS, monkeypatch=monkeypatch)
    assert status == 1 and "modifications non enregistrées (docs/index.md)" in out
    assert (sample / "docs/index.md").read_text(encoding="utf-8") == "# Déjà commencé\n"


@pytest.mark.parametrize("repository, expected", [
    ("https://github.com/Ville-de-Lyon/bulle", "https://ville-de-lyon.github.io/bulle/"),
    ("https://github.com/lyon/lyon.github.io", "https://lyon.github.io/"),
    ("https://gitlab.com/lyon/bulle", None),
])
def test_github_pages_address(repository, expected):
    assert pages_url(repository) == expected


def test_the_origin_remote_gives_the_default_repository_and_site_address(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin",
                    "git@github.com:ville-de-lyon/bulle-lyon.git"], check=True)
    answers, errors = gather({"name": "F", "city": "Lyon", "contact": "a@lyon.example.org"},
                             tmp_path, lambda prompt: None)
    assert errors == []
    assert answers["repository"] == "https://github.com/ville-de-lyon/bulle-lyon"
    assert answers["site_url"] == "https://ville-de-lyon.github.io/bulle-lyon/"


def test_replacing_the_identity_keeps_everything_else():
    text = "# en-tête\nidentity:\n  name: A\n\n# phases du programme\nphases: []\n"
    assert replace_identity(text, "identity:\n  name: B\n") == \
        "# en-tête\nidentity:\n  name: B\n\n# phases du programme\nphases: []\n"


def test_every_language_has_its_starter_texts_with_the_same_keys():
    keys = [set(yaml.safe_load((STARTER / f"{language}.yml").read_text(encoding="utf-8")))
            for language in available_languages()]
    assert all(k == keys[0] for k in keys) and {"home", "programme", "project"} <= keys[0]


def test_every_question_has_its_flag_in_the_guide():
    guide = (REPO / "bulle/docs/contribuer/nouvelle-ville.md").read_text(encoding="utf-8")
    for question in QUESTIONS:
        assert "--" + question.key.replace("_", "-") in guide, question.key


def test_every_field_of_the_programme_file_is_documented_in_the_fork_guide(programme):
    """The reference is made from the declaration: every field the loader accepts is in it."""
    from bulle.contrib.guide import render_guide_pages
    from bulle.programme.identity import FIELDS
    from bulle.programme.schema import PROGRAMME
    guide = render_guide_pages(programme)["contribuer/nouvelle-ville.md"]
    assert [name for name in FIELDS if f"`identity.{name}`" not in guide] == []
    assert [name for name in PROGRAMME.names if f"`{name}`" not in guide] == []
    assert "`phases[].state`" in guide and "<!-- bulle:" not in guide
