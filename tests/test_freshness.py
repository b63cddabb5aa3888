"""Freshness: the last update of a project, the « Pas de nouvelles » banner and the report."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest

from bulle.cli import main
from bulle.freshness import freshness, months_before, render_report, silent_projects
from bulle.programme.load import load_programme
from conftest import (REPO, SAMPLE, entry_text, load_test_site, make_site_copy, project_text,
                      run_build, write_tree)

TODAY = "2026-11-26"  # six months earlier: 2026-05-26


def phases(*pairs: tuple[str, str]) -> str:
    return "".join(f"\n  - name: {name}\n    start: {start}" for name, start in pairs)


# Hand-counted: who is silent on 2026-11-26 with the default 6 months, and since when.
CONTENT = {
    # active, last news 2025-03-10 (an entry): silent
    "alpha/index.md": project_text(title="Alpha", sponsors="[Direction des Solidarités]",
                                   phases=phases(("investigation", "2023-06-01"),
                                                 ("construction", "2024-01-01"))),
    "alpha/journal/2025-03-10-premiers-essais.md": entry_text(title="Premiers essais"),
    # active, no entry, started 2023-02-01: silent for longer than Alpha
    "delta/index.md": project_text(title="Delta", phases=phases(("investigation", "2023-02-01"))),
    # active, an entry on 2026-10-01: fresh
    "beta/index.md": project_text(title="Beta", phases=phases(("investigation", "2026-01-05"))),
    "beta/journal/2026-10-01-une-nouvelle.md": entry_text(title="Une nouvelle"),
    # active, last news exactly six months ago: not yet silent
    "edge/index.md": project_text(title="Edge", phases=phases(("acceleration", "2026-05-26"))),
    # active, last news 2026-02-01 (an award): silent after 6 months, not after 12
    "epsilon/index.md": project_text(
        title="Epsilon", phases=phases(("construction", "2025-06-01")),
        awards="\n  - name: Prix de l'innovation\n    date: 2026-02-01\n    kind: prix"),
    # stopped years ago, and sustained years ago: never silent
    "gamma/index.md": project_text(title="Gamma", phases=phases(("investigation", "2019-01-07"),
                                                                ("arrete", "2021-06-01"))),
    "omega/index.md": project_text(title="Omega", phases=phases(("construction", "2019-01-07"),
                                                                ("perennise", "2020-06-01"))),
}


@pytest.fixture
def site(make_tree):
    root = make_tree({f"projects/{path}": text for path, text in CONTENT.items()})
    return load_test_site(root, TODAY)


def test_months_before_counts_calendar_months():
    assert months_before(dt.date(2026, 11, 26), 6) == dt.date(2026, 5, 26)
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2024, 3, 31), 1) == dt.date(2024, 2, 29)
    assert months_before(dt.date(2026, 1, 15), 13) == dt.date(2024, 12, 15)


def test_the_banner_rule_active_silent_active_fresh_and_closed(site):
    state = {p.slug: freshness(site, p) for p in site.projects}
    assert {slug for slug, s in state.items() if s.silent} == {"alpha", "delta", "epsilon"}
    assert state["alpha"].updated == dt.date(2025, 3, 10)
    assert state["alpha"].latest.kind == "entry"
    assert state["delta"].updated == dt.date(2023, 2, 1)
    assert state["beta"].updated == dt.date(2026, 10, 1) and not state["beta"].silent
    assert state["edge"].updated == dt.date(2026, 5, 26) and not state["edge"].silent
    assert state["epsilon"].latest.kind == "award"
    assert state["gamma"].updated == dt.date(2021, 6, 1) and not state["gamma"].silent
    assert not state["omega"].silent


def test_silent_projects_come_oldest_silence_first(site):
    assert [s.project.slug for s in silent_projects(site)] == ["delta", "alpha", "epsilon"]


def test_the_programme_sets_the_threshold(make_tree, tmp_path):
    root = make_tree({f"projects/{path}": text for path, text in CONTENT.items()})
    text = (root / "programme.yml").read_text(encoding="utf-8")
    (root / "programme.yml").write_text(text + "\nsilent_after_months: 12\n", encoding="utf-8")
    site = load_test_site(root, TODAY)
    assert site.programme.silent_after_months == 12
    assert [s.project.slug for s in silent_projects(site)] == ["delta", "alpha"]


@pytest.mark.parametrize("value", ["0", "six", "true", "1.5", "121"])
def test_a_bad_threshold_is_refused_in_french_at_its_line(tmp_path, value):
    text = (SAMPLE / "programme.yml").read_text(encoding="utf-8")
    write_tree(tmp_path, {"programme.yml": text + f"\nsilent_after_months: {value}\n"})
    programme, problems = load_programme(tmp_path / "programme.yml")
    assert programme is None
    line = len(text.splitlines()) + 2
    assert [(p.line, p.code) for p in problems] == [(line, "bad-silent-after-months")]
    assert "nombre entier de mois" in problems[0].message


def test_the_default_threshold_is_six_months(programme):
    assert programme.silent_after_months == 6


def test_the_report_in_text_and_markdown(site):
    text = render_report(site)
    lines = text.replace("\xa0", " ").splitlines()  # French spacing before « : »
    assert lines[0] == "Projets sans nouvelles"
    assert "plus de 6 mois au 26 novembre 2026" in lines[1]
    titles = [line[2:] for line in lines if line.startswith("- ")]
    assert titles == ["Delta (Investigation)", "Alpha (Construction)", "Epsilon (Construction)"]
    assert "  Sponsors : Direction des Solidarités" in lines
    assert "  Dernière nouvelle : 10 mars 2025, entrée « Premiers essais »" in lines
    assert "  Dernière nouvelle : 1er février 2023, Début de la phase Investigation" in lines
    assert "  Dernière nouvelle : 1er février 2026, distinction « Prix de l'innovation »" in lines
    assert lines[-1] == "3 projet(s) sans nouvelles."
    markdown = render_report(site, "markdown")
    rows = [line for line in markdown.splitlines() if line.startswith("| ") and "---" not in line]
    assert [row.split(" | ")[0] for row in rows] == ["| Projet", "| Delta", "| Alpha", "| Epsilon"]
    assert markdown.startswith("## Projets sans nouvelles\n")


def test_the_report_escapes_what_markdown_would_read(make_tree):
    root = make_tree({
        "projects/alpha/index.md": project_text(
            title='"A | B <img src=x> [lien](https://x.example)"',
            phases=phases(("construction", "2020-01-06"))),
    })
    markdown = render_report(load_test_site(root, TODAY), "markdown")
    row = [line for line in markdown.splitlines() if line.startswith("| A")][0]
    assert row.startswith(r"| A \| B \<img src=x\> \[lien\]\(https://x.example\) | Construction |")
    assert row.count(" | ") == 3  # four cells, whatever the title holds


def test_the_report_when_nobody_is_silent(make_tree):
    root = make_tree({"projects/beta/index.md": CONTENT["beta/index.md"],
                      "projects/beta/journal/2026-10-01-une-nouvelle.md":
                          CONTENT["beta/journal/2026-10-01-une-nouvelle.md"]})
    assert "Aucun projet en phase active" in render_report(load_test_site(root, TODAY))


def test_cli_report_is_a_real_command(make_tree, capsys, monkeypatch):
    root = make_tree({f"projects/{path}": text for path, text in CONTENT.items()})
    monkeypatch.setenv("BULLE_TODAY", TODAY)
    done = subprocess.run([sys.executable, str(REPO / "scripts/bulle.py"), "report",
                           "--root", str(root), "--format", "markdown"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.index("| Delta") < done.stdout.index("| Alpha") < done.stdout.index("| Epsilon")
    assert done.stderr == ""


def test_cli_report_on_broken_content_says_why_in_french(make_tree, monkeypatch):
    from io import StringIO
    root = make_tree({"projects/alpha/index.md": "---\ntitle: Alpha\n---\n"})
    out = StringIO()
    assert main(["report", "--root", str(root)], out) == 1
    assert "projects/alpha/index.md" in out.getvalue()
    assert "erreur" in out.getvalue() and "Traceback" not in out.getvalue()


def test_project_pages_show_their_update_and_the_banner(tmp_path):
    (tmp_path / "src").mkdir()
    root = make_site_copy(tmp_path / "src", dict(CONTENT))
    done = run_build(root, tmp_path / "site", today=TODAY)
    assert done.returncode == 0, done.stderr

    def head(slug):
        page = (tmp_path / "site/projets" / slug / "index.html").read_text(encoding="utf-8")
        return page.split('<aside class="bulle-facts"', 1)[0]

    alpha = head("alpha")
    assert re.search(r'Mis à jour le <time datetime="2025-03-10">10 mars 2025</time>', alpha)
    assert '<div class="bulle-silent" role="note">' in alpha
    assert "Pas de nouvelles depuis le 10 mars 2025" in alpha
    assert "plus de 6 mois" in alpha and 'href="mailto:innovation@example.org"' in alpha
    beta = head("beta")
    assert '<time datetime="2026-10-01">' in beta and "bulle-silent" not in beta
    gamma = head("gamma")
    assert '<time datetime="2021-06-01">' in gamma and "bulle-silent" not in gamma
