"""A simulated fork: a city starts its programme, then merges the template's improvements.

The template's repository is copied into a temporary "upstream" Git repository;
a city clones it, runs `new city`, adds its logo and a project, builds. The
template then changes some of its own files; the city pulls them: the merge
must not conflict nor touch any file of the city's.
"""

from __future__ import annotations

import ast
import html
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bulle.fork.ownership import OWNERSHIP, UPSTREAM, is_city_owned
from conftest import REPO, SAMPLE, SAMPLE_DAY, snapshot

PYTHON = sys.executable


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          check=check, env=GIT_ENV)


GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


def template_files() -> list[str]:
    """The template's files: what a clone of its repository holds (tracked or about to be)."""
    done = subprocess.run(["git", "-C", str(REPO), "ls-files", "--cached", "--others",
                           "--exclude-standard"], capture_output=True, text=True, check=True)
    return sorted(path for path in done.stdout.splitlines() if (REPO / path).is_file())


def copy_template(destination: Path) -> None:
    """The template as it is published: its own files, and the Pau sample as the city's files
    (the tests' copy of it, since a fork has replaced the repository's own)."""
    for path in template_files():
        if not is_city_owned(path):
            (destination / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / path, destination / path)
    for path in sorted(SAMPLE.rglob("*")):
        if path.is_file():
            rel = path.relative_to(SAMPLE).as_posix()
            assert is_city_owned(rel), rel
            (destination / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination / rel)


def city_files(root: Path) -> dict[str, str]:
    return {path: digest for path, digest in snapshot(root).items()
            if not path.startswith(".git/") and is_city_owned(path)}


def build(root: Path, site: Path) -> subprocess.CompletedProcess:
    """A strict build of `root` with its own copy of Bulle (not the one under test)."""
    env = {**os.environ, "PYTHONPATH": str(root), "NO_MKDOCS_2_WARNING": "1",
           "BULLE_TODAY": SAMPLE_DAY, "SOURCE_DATE_EPOCH": "1764115200"}
    return subprocess.run([PYTHON, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                          cwd=root, capture_output=True, text=True, env=env, timeout=300)


def bulle(root: Path, *args: str) -> subprocess.CompletedProcess:
    """The fork's own command line (scripts/bulle.py imports the fork's bulle/)."""
    return subprocess.run([PYTHON, "scripts/bulle.py", *args], cwd=root, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=120,
                          env={**os.environ, "BULLE_TODAY": SAMPLE_DAY})


@pytest.fixture(scope="module")
def fork(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("fork")
    upstream, city = base / "upstream", base / "lyon"
    copy_template(upstream)
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", "Bulle")
    git(base, "clone", "-q", "-o", "upstream", str(upstream), str(city))
    return {"base": base, "upstream": upstream, "city": city}


def test_a_city_starts_its_programme_then_merges_the_template_improvements(fork):
    upstream, city, base = fork["upstream"], fork["city"], fork["base"]

    # 1. The city replaces the sample by its own programme, in one command.
    done = bulle(city, "new", "city", "--name", "Fabrique des agents", "--city", "Lyon",
                 "--contact", "innovation@lyon.example.org",
                 "--repository", "https://github.com/ville-de-lyon/fabrique",
                 "--address", "1 place de la Comédie, 69001 Lyon")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contenu valide" in done.stdout

    # 2. Its logo and colours, then a first project, written with the command line.
    (city / "docs/images").mkdir(parents=True)
    (city / "docs/images/lion.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle cx="4" cy="4" '
        'r="4" fill="#fff"/></svg>', encoding="utf-8")
    programme = city / "programme.yml"
    programme.write_text(programme.read_text(encoding="utf-8")
                         .replace("\n  logo:\n", "\n  logo: docs/images/lion.svg\n")
                         .replace('primary: "#1d4f91"', 'primary: "#8a1538"'),
                         encoding="utf-8")
    assert bulle(city, "new", "project", "premiers-pas").returncode == 0
    index = city / "projects/premiers-pas/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        'pitch: ""', "pitch: Accueillir les nouveaux agents dès leur premier jour."),
        encoding="utf-8")
    check = bulle(city, "check")
    assert check.returncode == 0 and "avertissement" not in check.stdout, check.stdout
    git(city, "add", "-A")
    git(city, "commit", "-q", "-m", "Notre programme")

    site = base / "site-1"
    done = build(city, site)
    assert done.returncode == 0, done.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Fabrique des agents" in home and 'src="images/lion.svg"' in home
    assert "--md-primary-fg-color: #8a1538;" in (site / "assets/bulle/colours.css").read_text()
    assert (site / "projets/premiers-pas/index.html").is_file()
    assert not (site / "projets/pau-partage").exists()

    # 3. Meanwhile the template improves: a label, its MkDocs base, its guide, its code.
    def edit(rel: str, old: str, new: str) -> None:
        path = upstream / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit("bulle/programme/locales/fr.yml", "nav.awards: Palmarès\n", "nav.awards: Les distinctions\n")
    edit("hooks/mkdocs.base.yml", "    - navigation.top\n",
         "    - navigation.top\n    - navigation.footer\n")
    edit("bulle/docs/contribuer/index.md", "# Contribuer au site\n",
         "# Contribuer au site\n\nNouveau : le guide s'est enrichi.\n")
    edit("bulle/pages/static/bulle.css", "/* Bulle: styles", "/* Bulle (amélioré): styles")
    edit("README.md", "# Bulle\n", "# Bulle\n\nVersion améliorée.\n")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", "Améliorations du modèle")
    changed = git(upstream, "diff", "--name-only", "HEAD~1", "HEAD").stdout.split()
    assert changed and not any(is_city_owned(path) for path in changed)

    # 4. The city pulls them: no conflict, and not one of its files touched.
    before = city_files(city)
    pulled = git(city, "pull", "--no-rebase", "--no-edit", "upstream", "main", check=False)
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    assert git(city, "status", "--porcelain").stdout == ""  # nothing left to resolve
    merged = git(city, "diff", "--name-only", "HEAD^1", "HEAD").stdout.split()
    assert sorted(merged) == sorted(changed)
    assert city_files(city) == before

    site = base / "site-2"
    done = build(city, site)
    assert done.returncode == 0, done.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Les distinctions" in home and "Fabrique des agents" in home
    assert "navigation.footer" in home  # the base configuration's new feature
    guide = html.unescape((site / "contribuer/index.html").read_text(encoding="utf-8"))
    assert "le guide s’est enrichi" in guide
    # The city's pages are edited in its repository, the template's guide in the template's.
    assert 'href="https://github.com/ville-de-lyon/fabrique/edit/main/docs/index.md"' in home
    assert f'href="{UPSTREAM}/edit/main/bulle/docs/contribuer/index.md"' in guide


def test_every_file_of_the_template_has_an_owner_in_the_guide_table():
    listed = {item.path for item in OWNERSHIP}
    for path in template_files():
        top = path.split("/")[0] + ("/" if "/" in path else "")
        assert top in listed, path
    city = {path for path in template_files() if is_city_owned(path)}
    assert {"programme.yml", "mkdocs.yml", "docs/index.md"} <= city
    assert not any(path.startswith(("bulle/", "hooks/", "tests/")) for path in city)


def test_the_tests_sample_is_the_repository_sample_until_a_city_replaces_it():
    """The template ships the Pau sample twice: in the repository, for visitors and as the
    starting point of a city, and in tests/sites/pau/, for the tests (`make city` replaces
    the first one only). Until then, the two are the same files."""
    from bulle.programme.load import load_programme
    programme, _ = load_programme(REPO / "programme.yml")
    if programme is None or not programme.identity.demo:
        pytest.skip("a city's repository (`make city` has run): its content is its own")
    differ = [name for name in ("docs", "projects")
              if snapshot(REPO / name) != snapshot(SAMPLE / name)]
    differ += [name for name in ("programme.yml", "mkdocs.yml")
               if (REPO / name).read_bytes() != (SAMPLE / name).read_bytes()]
    assert differ == [], f"change the sample in tests/sites/pau/ too: {differ}"
    assert sorted(p.name for p in SAMPLE.iterdir()) == ["docs", "mkdocs.yml", "programme.yml",
                                                        "projects"]


# The template's own tests pass in a fork: they read the Pau sample from tests/sites/pau/,
# and only the few tests below read the repository's content, whatever a city put there.
REPOSITORY_TESTS = {
    ("conftest.py", "<module>"),  # where REPO is defined
    ("test_build.py", "test_the_repository_content_builds_strictly_and_is_left_untouched"),
    ("test_cli.py", "test_the_repository_content_is_valid"),
    ("test_programme.py", "test_the_repository_programme_is_valid"),
    ("test_guide.py", "test_edit_links_open_real_source_files"),  # the guide's, in bulle/
    ("test_fork.py", "template_files"), ("test_fork.py", "copy_template"),
    ("test_fork.py", "test_the_tests_sample_is_the_repository_sample_until_a_city_replaces_it"),
}
# Modules run in a fork by the test below: the ones that lean most on the sample, quick ones.
IN_A_FORK = ("test_guide.py", "test_build_outputs.py", "test_programme.py", "test_validate.py",
             "test_json_schema.py", "test_contribute.py", "test_open_data.py")


def repository_reads() -> set[tuple[str, str]]:
    """(module, function) of each use of REPO other than `REPO / "<a template's file>"`."""
    found = set()
    for path in sorted((REPO / "tests").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Name) and node.id == "REPO"):
                continue
            parent = parents[node]
            right = getattr(parent, "right", None)
            if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Div) \
                    and isinstance(right, ast.Constant) and isinstance(right.value, str) \
                    and not is_city_owned(right.value) \
                    and not is_city_owned(right.value.rstrip("/") + "/"):
                continue  # a file of the template: bulle/, scripts/, Makefile...
            function = parent
            while function in parents and not isinstance(function, ast.FunctionDef):
                function = parents[function]
            found.add((path.relative_to(REPO / "tests").as_posix(),
                       function.name if isinstance(function, ast.FunctionDef) else "<module>"))
    return found


def test_only_the_repository_tests_read_the_repository_content():
    found = repository_reads()
    assert ("test_cli.py", "test_the_repository_content_is_valid") in found  # the scan sees
    assert found <= REPOSITORY_TESTS, sorted(found - REPOSITORY_TESTS)


def test_the_template_tests_pass_in_a_fork_after_new_city(tmp_path):
    city = tmp_path / "city"
    copy_template(city)
    done = bulle(city, "new", "city", "--name", "Fabrique des agents", "--city", "Lyon",
                 "--contact", "innovation@lyon.example.org",
                 "--repository", "https://github.com/ville-de-lyon/fabrique")
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (city / "projects/pau-partage").exists() and (city / "tests/sites/pau").is_dir()
    built = build(city, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    env = {**os.environ, "PYTHONPATH": str(city), "NO_MKDOCS_2_WARNING": "1"}
    tests = subprocess.run([PYTHON, "-m", "pytest", "-x", "-q", "-m", "not browser",
                            "-p", "no:cacheprovider", *(f"tests/{name}" for name in IN_A_FORK)],
                           cwd=city, capture_output=True, text=True, env=env, timeout=600)
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-3000:]
    assert " passed" in tests.stdout and "failed" not in tests.stdout
