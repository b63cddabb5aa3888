"""Shared factories: small content trees written into tmp_path, and real builds."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
# The tests' own copy of the Pau sample (programme.yml, mkdocs.yml, docs/, projects/):
# a city replaces the repository's sample (`make city`), the template's tests keep theirs.
SAMPLE = SITES / "pau"
SAMPLE_DAY = "2026-11-26"  # the day the sample is built for, unless a test says otherwise


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (path -> text, dedented; or bytes) below `root`."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


def project_text(body: str = "Histoire du projet.", **fields: str) -> str:
    """A valid project index.md; keyword arguments replace or add YAML lines."""
    base = {
        "title": "Projet exemple",
        "pitch": "Une mission en une phrase.",
        "phases": "\n  - name: investigation\n    start: 2020-01-06",
    }
    base.update(fields)
    lines = [f"{key}: {value}" if not value.startswith("\n") else f"{key}:{value}"
             for key, value in base.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


def entry_text(body: str = "Premier paragraphe.\n\nSuite.", **fields: str) -> str:
    base = {"title": "Une entrée"}
    base.update(fields)
    lines = [f"{key}: {value}" for key, value in base.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


@pytest.fixture
def make_tree(tmp_path):
    """Write a content tree with the sample's programme file into tmp_path."""
    def make(files: dict[str, str | bytes], programme: bool = True) -> Path:
        if programme:
            shutil.copy(SAMPLE / "programme.yml", tmp_path / "programme.yml")
        return write_tree(tmp_path, files)
    return make


@pytest.fixture
def programme():
    from bulle.programme.load import load_programme
    loaded, problems = load_programme(SAMPLE / "programme.yml")
    assert problems == []
    return loaded


def make_site_copy(destination: Path, projects: Path | dict | None = None) -> Path:
    """A buildable site in `destination`: the sample's config and docs, the template's
    hooks, and some projects (the sample's by default)."""
    for name in ("mkdocs.yml", "programme.yml"):
        shutil.copy(SAMPLE / name, destination / name)
    shutil.copytree(SAMPLE / "docs", destination / "docs")
    shutil.copytree(REPO / "hooks", destination / "hooks",
                    ignore=shutil.ignore_patterns("__pycache__"))
    if isinstance(projects, dict):
        write_tree(destination / "projects", projects)
    else:
        shutil.copytree(projects or SAMPLE / "projects", destination / "projects")
    return destination


def run_build(root: Path, site_dir: Path, *extra: str, today: str = SAMPLE_DAY,
              engine: str = "mkdocs", env: dict[str, str] | None = None):
    """Run a real `mkdocs build --strict` of `root` into `site_dir` (or ProperDocs' build,
    with engine="properdocs"), with `env` added to the environment."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BULLE_TODAY": today,
           "SOURCE_DATE_EPOCH": "1764115200", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", engine, "build", "--strict", "-q", "-f",
         str(root / "mkdocs.yml"), "-d", str(site_dir), *extra],
        capture_output=True, text=True, env=env, cwd=root, timeout=300)


def mkdocs_markdown_options():
    """The Markdown extensions of the repository's MkDocs configuration, as the hook passes them."""
    from bulle.pages.markdown_html import site_markdown_options
    return site_markdown_options()


def load_test_site(root: Path, today: str = "2026-11-26"):
    """Load and check the content of `root` as a build would; fail on any error."""
    import datetime as dt
    from bulle.site import Settings, load_site
    site, problems = load_site(Settings(root=root, today=dt.date.fromisoformat(today),
                                        markdown=mkdocs_markdown_options()))
    assert site is not None, [str(problem) for problem in problems]
    return site


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` with the hash of its content."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


SLICED = "20"  # pages of one search index in `sliced_sample_site` (the sample has more)


@pytest.fixture(scope="session")
def sliced_sample_site(tmp_path_factory) -> Path:
    """The sample built as a large site is: its search cut into several indexes."""
    root = make_site_copy(tmp_path_factory.mktemp("sliced-root"))
    site = tmp_path_factory.mktemp("sliced") / "site"
    done = run_build(root, site, env={"BULLE_SEARCH_SLICE_PAGES": SLICED})
    assert done.returncode == 0, done.stderr
    return site


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample programme built once per test session (from a copy of the tests' own)."""
    root = make_site_copy(tmp_path_factory.mktemp("sample-root"))
    before = snapshot(root / "docs"), snapshot(root / "projects")
    site = tmp_path_factory.mktemp("sample") / "site"
    done = run_build(root, site)
    assert done.returncode == 0, done.stderr
    assert (snapshot(root / "docs"), snapshot(root / "projects")) == before
    return site
