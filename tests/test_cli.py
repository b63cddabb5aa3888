"""The `check` command as contributors and CI run it."""

import io
import shutil
import subprocess
import sys

from bulle.cli import main
from conftest import REPO, SAMPLE, SITES, entry_text, project_text


def run(*args):
    out = io.StringIO()
    status = main(list(args), out=out)
    return status, out.getvalue()


def test_sample_content_is_valid():
    status, output = run("check", "--root", str(SAMPLE))
    assert status == 0
    assert output.startswith("Contenu valide : 5 projet(s)")


def test_the_repository_content_is_valid():
    """Whatever the repository holds: the Pau sample, or a city's programme after `make city`."""
    status, output = run("check", "--root", str(REPO))
    assert status == 0, output
    assert output.startswith("Contenu valide : ")


def test_broken_fixture_lists_every_error_with_path_and_line():
    status, output = run("check", "--root", str(SITES / "broken"))
    assert status == 1
    lines = output.strip().splitlines()
    expected = (SITES / "broken.expected").read_text(encoding="utf-8").strip().splitlines()
    assert lines == expected
    assert "Traceback" not in output


def test_github_format_prints_annotations(make_tree):
    root = make_tree({"projects/demo/index.md": project_text(pich="x")})
    status, output = run("check", "--root", str(root), "--format", "github")
    assert status == 1
    assert output.splitlines()[0] == (
        "::error file=projects/demo/index.md,line=7,title=Contenu Bulle::"
        "champ inconnu « pich » — vouliez-vous dire « pitch » ?")


def test_warnings_alone_do_not_fail(make_tree):
    root = make_tree({"projects/demo/index.md": project_text(
        phases="\n  - name: investigation\n    start: 2020-01-06\n    end: 2020-06-01"
               "\n  - name: construction\n    start: 2020-03-01")})
    status, output = run("check", "--root", str(root))
    assert status == 0
    assert "avertissement" in output


def test_future_entries_are_announced(make_tree, monkeypatch):
    monkeypatch.setenv("BULLE_TODAY", "2020-01-01")
    root = make_tree({"projects/demo/index.md": project_text(),
                      "projects/demo/journal/2030-01-01-plus-tard.md": entry_text()})
    status, output = run("check", "--root", str(root))
    assert status == 0
    assert "1 entrée(s) datée(s) dans le futur paraîtront à leur date" in output


def test_script_runs_as_a_real_process(tmp_path):
    shutil.copytree(SITES / "broken", tmp_path / "site")
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "bulle.py"), "check",
                           "--root", str(tmp_path / "site")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr == ""
    assert "projects/typos/index.md:3: erreur : champ inconnu « pich »" in done.stdout
