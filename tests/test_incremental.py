"""`make serve` rebuilds only what a change touches, and the result is what a full build makes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bulle import incremental
from conftest import REPO, SAMPLE, entry_text, load_test_site, make_site_copy, snapshot

sys.path.insert(0, str(REPO / "scripts"))
import bench  # noqa: E402

# Builds `root` as `mkdocs serve --dirty` does, edits it step by step, rebuilds after each
# step; after each, a full build of the same sources into another folder, for comparison.
REBUILDS = r"""
import json, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
root, steps = Path(sys.argv[1]), json.loads(sys.argv[2])
URL = "http://127.0.0.1:8000/"
def run(site, dirty):
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    config.site_url = URL
    config.plugins.on_startup(command="serve" if dirty else "build", dirty=dirty)
    build(config, serve_url=URL, dirty=dirty)
def run(site, startup=None):
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    config.site_url = URL
    if startup:  # `serve --dirty` calls it once, before its first build; `build` too
        config.plugins.on_startup(command=startup, dirty=startup == "serve")
    build(config, serve_url=URL, dirty=startup != "build")
served = root / "served"
run(served, "serve")
for number, step in enumerate(steps):
    for path, text in step.items():
        (root / path).unlink() if text is None else (root / path).write_text(text, "utf-8")
    before = {p: p.stat().st_mtime_ns for p in served.rglob("*.html")}
    try:
        run(served)
    except Abort:  # a content error, as a contributor saves one: nothing is written
        print(json.dumps(None))
        continue
    rewritten = sorted(str(p.relative_to(served)) for p in served.rglob("*.html")
                       if before.get(p) != p.stat().st_mtime_ns)
    print(json.dumps(rewritten))
    session = sys.modules["hooks/bulle_hooks.py"].SERVE
    serving = dict(vars(session))  # the last build of `serve`
    run(root / f"full-{number}", "build")
    vars(session).update(serving)  # rebuilds go on from there
"""


def outputs(site: Path) -> dict[str, str]:
    return {path: digest for path, digest in snapshot(site).items()
            if not path.startswith("pagefind/")}  # serve keeps the first build's index


def test_rebuilds_make_what_a_full_build_makes(tmp_path):
    root = make_site_copy(tmp_path)
    journal = "projects/histologe/journal"
    newest = f"{journal}/2026-04-02-une-reconnaissance-impact-national.md"
    text = (root / newest).read_text(encoding="utf-8")
    steps = [
        {newest: text.replace("title: ", "title: Titre changé, ", 1) + "\nUn mot-témoin.\n"},
        {"projects/id-quart/journal/2020-07-01-idquart-s-arrete.md": None},
        {"projects/pau-partage/index.md": (root / "projects/pau-partage/index.md").read_text(
            encoding="utf-8").replace("pitch: ", "pitch: Promesse changée, ", 1)},
        {f"{journal}/2026-05-01-une-nouvelle-entree.md": entry_text(title="Une nouvelle entrée",
                                                                     kind="inconnue")},
        {f"{journal}/2026-05-01-une-nouvelle-entree.md": entry_text(title="Une nouvelle entrée")},
    ]
    done = subprocess.run([sys.executable, "-c", REBUILDS, str(root), json.dumps(steps)],
                          capture_output=True, text=True, cwd=root, timeout=600,
                          env={"NO_MKDOCS_2_WARNING": "1", "BULLE_TODAY": "2026-11-26",
                               "SOURCE_DATE_EPOCH": "1764115200", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-3000:]
    rewritten = [json.loads(line) for line in done.stdout.splitlines()]
    # Each step: the served site is the full build of the same sources, and few pages moved.
    served_now = outputs(root / "served")
    assert served_now == outputs(root / f"full-{len(steps) - 1}")
    total = len(list((root / "full-0").rglob("*.html")))
    entry_page = "projets/histologe/journal/2026-04-02-une-reconnaissance-impact-national/index.html"
    assert entry_page in rewritten[0] and "projets/histologe/index.html" in rewritten[0]
    assert "projets/pau-partage/index.html" not in rewritten[0]
    assert rewritten[3] is None  # the error stopped that build; the next one goes on from
    assert all(len(pages) < total / 2 for pages in rewritten if pages), (total, rewritten)
    assert len(rewritten[4]) < total / 2  # the last good build, not from scratch
    assert not (root / "served/projets/id-quart/journal/2020-07-01-idquart-s-arrete").exists()
    assert "Promesse changée" in (root / "served/projets/index.html").read_text(encoding="utf-8")


def test_full_builds_match_the_incremental_ones_at_every_step(tmp_path):
    """Same as above, step by step: a difference would hide in the last step otherwise."""
    root = make_site_copy(tmp_path)
    entry = "projects/histologe/journal/2026-04-02-une-reconnaissance-impact-national.md"
    text = (root / entry).read_text(encoding="utf-8")
    steps = [{entry: text.replace("title: ", "title: Autre, ", 1)}, {entry: text}]
    for number in range(len(steps)):
        done = subprocess.run(
            [sys.executable, "-c", REBUILDS.replace("for number, step in enumerate(steps):",
                                                    "for number, step in enumerate(steps[:N]):"
                                                    .replace("N", str(number + 1))),
             str(root), json.dumps(steps)],
            capture_output=True, text=True, cwd=root, timeout=600,
            env={"NO_MKDOCS_2_WARNING": "1", "BULLE_TODAY": "2026-11-26",
                 "SOURCE_DATE_EPOCH": "1764115200", "PATH": "/usr/bin:/bin"})
        assert done.returncode == 0, done.stderr[-3000:]
        assert outputs(root / "served") == outputs(root / f"full-{number}")
        (root / entry).write_text(text, encoding="utf-8")


def test_plan_keeps_the_pages_of_unchanged_projects_only(tmp_path):
    site = load_test_site(SAMPLE)
    from bulle.pages.render import Renderer
    pages = {page.src_uri: page for page in Renderer(site).pages()}
    build = incremental.Build("k", site, pages, {})
    root = make_site_copy(tmp_path)
    path = root / "projects/histologe/journal/2025-10-01-laureat-du-fonds-fast.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: Neuf ", 1),
                    encoding="utf-8")
    edited = load_test_site(root)
    assert incremental.changed_projects(site, edited) == {"histologe"}
    plan = incremental.plan(build, edited, "k")
    assert plan.changed == {"histologe"}
    assert "projets/pau-partage/index.md" in plan.kept
    assert any(uri.startswith("projets/pau-partage/journal/2") for uri in plan.kept)
    assert not any(uri.startswith("projets/histologe/") for uri in plan.kept)
    assert not any(uri.startswith(("projets/phase/", "journal/")) for uri in plan.kept)
    assert incremental.plan(build, edited, "another key").previous is None  # everything again


def test_serve_shows_an_edit_and_the_bench_times_it(tmp_path):
    """A real `mkdocs serve --dirty`: the bench's own measure, on the sample."""
    root = make_site_copy(tmp_path)
    entry_seconds, project_seconds = bench.serve_latency(root)
    assert 0 < entry_seconds < 60 and 0 < project_seconds < 60
