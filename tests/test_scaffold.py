"""`new entry` and `new project`: clean file names, files that pass the check, no overwrite."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bulle.content import schema as S
from bulle.cli import main
from bulle.content.load import load_tree
from bulle.contrib.scaffold import (FILE_WORDS_MAX, create_entry, entry_file_name, file_words,
                                    render_entry, render_project)
from bulle.content.text import slugify
from bulle.content.validate import validate_tree
from conftest import REPO, SAMPLE, project_text

DAY = dt.date(2026, 11, 26)

TRICKY_TITLES = [
    ("Première réunion à l'Hôtel de Ville", "premiere-reunion-a-l-hotel-de-ville"),
    ("L’été à Pau — épisode 2", "l-ete-a-pau-episode-2"),
    ("« Stop » ou « go » ?", "stop-ou-go"),
    ("Ça marche ! 100 % des binômes", "ca-marche-100-des-binomes"),
    ("Cœur de ville : l’œil des habitants", "coeur-de-ville-l-oeil-des-habitants"),
    ("Ærø, Straße & Œuvre", "aero-strasse-oeuvre"),
    ("Déjà-vu : C'EST L'ÉTÉ", "deja-vu-c-est-l-ete"),
    ("J'ai 2 × plus d'idées", "j-ai-2-plus-d-idees"),
    ("Bilan\u00a0: 23\u202fbinômes", "bilan-23-binomes"),
    ("  Espaces   multiples\tet tabulation ", "espaces-multiples-et-tabulation"),
    ('Le "bon" moment \\ pour demander', "le-bon-moment-pour-demander"),
    ("2020", "2020"),
    ("???", "entree"),
    ("日本語のタイトル", "entree"),
]


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(args), out=out), out.getvalue()


def problems_of(root: Path, rel: str, programme) -> list:
    content = validate_tree(load_tree(root), programme)
    return [problem for problem in content.problems if problem.path == rel]


@pytest.mark.parametrize("title, words", TRICKY_TITLES)
def test_french_titles_make_clean_ascii_file_names(title, words):
    name = entry_file_name(title, DAY)
    assert name == f"2026-11-26-{words}.md"
    assert S.ENTRY_FILE_PATTERN.match(name)


def test_long_titles_are_cut_at_a_word_boundary():
    title = "Une très longue histoire de binômes, de visites et de cafés partagés " * 3
    words = file_words(title)
    assert len(words) <= FILE_WORDS_MAX
    assert words.startswith("une-tres-longue-histoire") and not words.endswith("-")
    assert slugify(title).startswith(words + "-")


@pytest.mark.parametrize("title, words", TRICKY_TITLES)
def test_a_new_entry_passes_the_check_and_keeps_its_title(make_tree, programme, title, words):
    root = make_tree({"projects/demo/index.md": project_text()})
    created, problems = create_entry(root, "demo", title, DAY, programme)
    assert problems == []
    assert created.rel == f"projects/demo/journal/2026-11-26-{words}.md"
    content = validate_tree(load_tree(root), programme)
    assert content.problems == []
    assert [entry.title for entry in content.entries] == [" ".join(title.split())]


def test_entry_template_hints_come_from_the_schema_and_programme(programme):
    text = render_entry(programme, "Titre")
    keys = [line.split(":", 1)[0] for line in text.split("---")[1].splitlines()
            if line and not line.startswith("#")]
    assert keys == list(S.ENTRY.names)
    for term in programme.entry_kinds.terms:
        assert f"{term.id} ({term.label('fr')})" in text
    assert S.ENTRY.get("summary").help in text


def test_project_template_names_every_field_and_vocabulary(programme):
    text = render_project(programme, "mon-projet", DAY)
    keys = [line.split(":", 1)[0] for line in text.split("---")[1].splitlines()
            if line and not line[0] in "# "]
    assert keys == list(S.PROJECT.names)
    for vocabulary in ("themes", "phases", "award_kinds"):
        for term_id in programme.vocabulary(vocabulary).ids[:2]:
            assert term_id in text


def test_new_project_as_generated_asks_only_for_its_pitch(make_tree, programme):
    root = make_tree({})
    (root / "projects").mkdir()
    status, output = run("new", "project", "mon-projet", "--root", str(root))
    assert status == 0
    rel = "projects/mon-projet/index.md"
    assert output.startswith(f"Nouveau projet : {rel}\n")
    found = problems_of(root, rel, programme)
    assert [(p.code, p.line) for p in found] == [("empty-field", 7)]
    assert found[0].message.startswith("champ obligatoire « pitch » vide")
    assert "projects/mon-projet/index.md:7: erreur : champ obligatoire « pitch » vide" in output
    # Filling in the placeholder is all it takes.
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8").replace(
        'pitch: ""', 'pitch: "Rendre le tri des déchets facile."'), encoding="utf-8")
    assert problems_of(root, rel, programme) == []
    assert run("check", "--root", str(root))[0] == 0


def test_new_entry_from_the_command_line(make_tree, monkeypatch):
    monkeypatch.setenv("BULLE_TODAY", "2026-11-26")
    root = make_tree({"projects/pau-partage/index.md": project_text()})
    status, output = run("new", "entry", "pau-partage", "Première réunion à l'Hôtel de Ville",
                         "--root", str(root))
    rel = "projects/pau-partage/journal/2026-11-26-premiere-reunion-a-l-hotel-de-ville.md"
    assert status == 0
    assert output.splitlines()[0] == f"Nouvelle entrée : {rel}"
    assert "aucun problème" in output
    assert (root / rel).read_text(encoding="utf-8").startswith(
        "---\n# Titre de l'entrée. Obligatoire. 120 caractères au plus.\n"
        "title: \"Première réunion à l'Hôtel de Ville\"\n")


def test_the_title_is_asked_for_when_missing(make_tree, monkeypatch):
    monkeypatch.setenv("BULLE_TODAY", "2026-11-26")
    monkeypatch.setattr("sys.stdin", io.StringIO("Un titre tapé au clavier\n"))
    root = make_tree({"projects/demo/index.md": project_text()})
    status, output = run("new", "entry", "demo", "--date", "2027-01-04", "--root", str(root))
    assert status == 0
    assert (root / "projects/demo/journal/2027-01-04-un-titre-tape-au-clavier.md").is_file()


def test_an_empty_title_is_refused(make_tree, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    root = make_tree({"projects/demo/index.md": project_text()})
    status, output = run("new", "entry", "demo", "--root", str(root))
    assert status == 1
    assert "titre vide" in output
    assert not (root / "projects/demo/journal").exists()


def test_an_unknown_project_gets_the_list_and_a_suggestion(make_tree):
    root = make_tree({"projects/pau-partage/index.md": project_text(),
                      "projects/histologe/index.md": project_text(title="Autre")})
    status, output = run("new", "entry", "pau-partag", "Titre", "--root", str(root))
    assert status == 1
    assert output.strip() == (
        "projects: erreur : projet « pau-partag » introuvable dans projects/ — vouliez-vous "
        "dire « pau-partage » ? Projets existants : histologe, pau-partage.")
    status, output = run("new", "entry", "zzz", "Titre", "--root", str(root))
    assert "Pour créer le projet : make project SLUG=zzz" in output
    # A project's title names it too.
    assert run("new", "entry", "Pau Partage", "Titre", "--root", str(root))[0] == 0


def test_nothing_is_ever_overwritten(make_tree, monkeypatch):
    monkeypatch.setenv("BULLE_TODAY", "2026-11-26")
    root = make_tree({"projects/demo/index.md": project_text(),
                      "projects/demo/journal/2026-11-26-deja-la.md": "mon texte\n"})
    status, output = run("new", "entry", "demo", "Déjà là", "--root", str(root))
    assert status == 1
    assert "« projects/demo/journal/2026-11-26-deja-la.md » existe déjà" in output
    assert (root / "projects/demo/journal/2026-11-26-deja-la.md").read_text() == "mon texte\n"
    index = (root / "projects/demo/index.md").read_text()
    status, output = run("new", "project", "demo", "--root", str(root))
    assert status == 1 and "existe déjà" in output
    assert (root / "projects/demo/index.md").read_text() == index


@pytest.mark.parametrize("slug, expected", [
    ("Mon Projet", "vouliez-vous dire « mon-projet » ?"),
    ("phase", "réservé par le site"),
    ("déchets", "vouliez-vous dire « dechets » ?"),
])
def test_bad_project_names_are_refused(make_tree, slug, expected):
    root = make_tree({"projects/demo/index.md": project_text()})
    status, output = run("new", "project", slug, "--root", str(root))
    assert status == 1
    assert expected in output
    assert sorted(p.name for p in (root / "projects").iterdir()) == ["demo"]


def test_make_targets_pass_titles_through_untouched(tmp_path):
    shutil.copy(SAMPLE / "programme.yml", tmp_path / "programme.yml")
    shutil.copy(REPO / "Makefile", tmp_path / "Makefile")
    shutil.copytree(REPO / "scripts", tmp_path / "scripts")
    (tmp_path / "bulle").symlink_to(REPO / "bulle")
    (tmp_path / "projects/demo").mkdir(parents=True)
    (tmp_path / "projects/demo/index.md").write_text(project_text(), encoding="utf-8")
    python = Path(os.sys.executable)
    env = {**os.environ, "BULLE_TODAY": "2026-11-26"}
    title = "L'été : \"chaud\" $HOME `ls` $(pwd)"
    done = subprocess.run(["make", "-s", "entry", f"BIN={python.parent}", "READY=",
                           "PROJECT=demo", f"TITLE={title}"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    path = tmp_path / "projects/demo/journal/2026-11-26-l-ete-chaud-home-ls-pwd.md"
    assert f"Nouvelle entrée : {path.relative_to(tmp_path).as_posix()}" in done.stdout
    assert '"L\'été : \\"chaud\\" $HOME `ls` $(pwd)"' in path.read_text(encoding="utf-8")
    done = subprocess.run(["make", "-s", "project", f"BIN={python.parent}", "READY=",
                           "SLUG=nouveau"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "projects/nouveau/index.md").is_file()
    done = subprocess.run(["make", "-s", "entry", f"BIN={python.parent}", "READY="],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "Indiquez le projet" in done.stdout
