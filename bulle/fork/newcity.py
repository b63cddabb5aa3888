"""Turn a fresh copy of the template into a new city's programme (`new city`).

It replaces the Pau sample: the identity in programme.yml (the vocabularies
stay), the home page and the programme page, the sample projects. It turns the
demonstration banner off and writes one example project, as a draft. It never
deletes a project of the city's: only the sample's, listed below.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from string import Template

from bulle.fork.answers import Answers
from bulle.programme.i18n import available_languages, load_starter
from bulle.content.model import Programme

SAMPLE_PROJECTS = ("au-compost-mitoyen", "histologe", "id-quart", "pau-partage", "simone-and-co")
STARTER_PAGES = ("docs/index.md", "docs/programme.md")  # rewritten for the new city
_TOP_LEVEL_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")


# --- checks before touching anything ------------------------------------------------------


def check_tree(root: Path, programme: Programme | None, projects_dir: str = "projects"
               ) -> list[str]:
    """Why running `new city` here could lose work (empty: it is safe), in French."""
    reasons = []
    if programme is not None and not programme.identity.demo:
        reasons.append("« new city » a déjà été lancé ici : programme.yml ne présente plus "
                       "l'exemple (demo: false). Le relancer réécrirait l'identité du "
                       "programme, la page d'accueil et docs/programme.md.")
    base = root / projects_dir
    known = {*SAMPLE_PROJECTS, *(load_starter(language)["project_slug"]
                                 for language in available_languages())}
    own = sorted(p.name for p in base.iterdir() if p.is_dir() and p.name not in known
                 and not p.name.startswith(".")) if base.is_dir() else []
    if own:
        reasons.append(f"{projects_dir}/ contient des projets qui ne sont pas ceux de l'exemple "
                       f"({', '.join(own)}) : ils seront gardés, mais la page d'accueil et "
                       "l'identité seront réécrites.")
    changed = git_changes(root)
    if changed:
        shown = ", ".join(changed[:5]) + (" …" if len(changed) > 5 else "")
        reasons.append(f"le dépôt a des modifications non enregistrées ({shown}) : "
                       "enregistrez-les d'abord (git add -A puis git commit), pour pouvoir "
                       "revenir en arrière.")
    return reasons


def git_changes(root: Path) -> list[str]:
    """Files changed and not committed, or [] outside a Git repository."""
    try:
        done = subprocess.run(["git", "-C", str(root), "status", "--porcelain"],
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return []
    if done.returncode != 0:
        return []
    return [line[3:] for line in done.stdout.splitlines() if line.strip()]


# --- writing the new programme ------------------------------------------------------------


@dataclass(frozen=True)
class Changes:
    """What `new city` did, to tell the person who ran it."""

    removed: tuple[str, ...]
    written: tuple[str, ...]
    example: str  # the draft example project's index.md


def create_city(root: Path, answers: Answers, programme: Programme, today: dt.date,
                projects_dir: str = "projects", programme_file: str = "programme.yml"
                ) -> Changes:
    """Replace the sample by the new city's starter files."""
    starter = load_starter(answers["language"])
    values = {key: html.escape(value, quote=False) for key, value in answers.values.items()}
    values.update(today=today.isoformat(), year=str(today.year),
                  phase=programme.phases.terms[0].id)
    removed = []
    for slug in SAMPLE_PROJECTS:
        folder = root / projects_dir / slug
        if folder.is_dir():
            shutil.rmtree(folder)
            removed.append(f"{projects_dir}/{slug}/")
    (root / projects_dir).mkdir(exist_ok=True)
    path = root / programme_file
    text = replace_identity(path.read_text(encoding="utf-8"), render_identity(answers))
    path.write_text(drop_sections(text, PAU_SECTIONS), encoding="utf-8")
    written = [programme_file]
    for rel, key in zip(STARTER_PAGES, ("home", "programme")):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(Template(starter[key]).safe_substitute(values), encoding="utf-8")
        written.append(rel)
    example = f"{projects_dir}/{starter['project_slug']}/index.md"
    if not (root / example).exists():
        (root / example).parent.mkdir(parents=True, exist_ok=True)
        (root / example).write_text(Template(starter["project"]).safe_substitute(values),
                                    encoding="utf-8")
        written.append(example)
    return Changes(tuple(removed), tuple(written), example)


def render_identity(answers: Answers) -> str:
    """The `identity` section of programme.yml, commented for the city's team."""
    def q(key: str) -> str:
        return json.dumps(answers[key], ensure_ascii=False) if answers[key] else ""

    publisher = f"{{name: {q('organisation')}, address: {q('address') or chr(34) * 2}}}"
    host = f"{{name: {q('host')}, address: {q('host_address') or chr(34) * 2}}}"
    return f"""identity:
  name: {q('name')}
  city: {q('city')}
  organisation: {q('organisation')}
  description: {q('description')}
  # The published site's address (GitHub Pages: https://<owner>.github.io/<repository>/).
  site_url: {q('site_url')}
  repository:{(' ' + q('repository')) if answers['repository'] else ''}
  branch: main
  # Address of the small sign-in service of the form (/admin/); see the guide,
  # « Contribuer > Avec le formulaire ». Leave empty without one.
  cms_auth_url:
  contact: {q('contact')}
  language: {q('language')}  # fr or en: every label of the site, the theme and the search
  demo: false  # true shows a banner saying that the content is an example

  # The look of the site. logo and favicon: files of the repository, e.g.
  # docs/images/logo.svg (empty: Bulle's bubble). Colours: "#rrggbb"; white text on
  # the primary colour must stay readable (the check says when it is not).
  logo:
  favicon:
  colours: {{primary: "#1d4f91", accent: "#b3261e"}}
  # Accounts of the programme, one per line: « Mastodon: https://… »
  social: {{}}
  # Licence of the texts and open data: etalab-2.0, CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0,
  # or {{title: …, url: https://…}} for another one.
  licence: etalab-2.0

  # What the legal pages state (Mentions légales, Accessibilité, Données
  # personnelles). Name institutions, services and roles, never a private person.
  publisher: {publisher}
  publication_director: {q('director')}
  host: {host}
  accessibility:
    # none (non conforme) until the site has been assessed; then partial or full,
    # with the audit, its date and what is not accessible.
    status: none
    contact: {q('contact')}
  personal_data_contact: {q('contact')}
"""


# Lists of programme.yml that name Pau's own institutions: a new city starts without them.
PAU_SECTIONS = ("incubators", "organisations")


def drop_sections(text: str, names: tuple[str, ...]) -> str:
    """`text` (a programme file) without the top-level sections `names` (and their comments)."""
    lines = text.splitlines(keepends=True)
    for name in names:
        start = next((i for i, line in enumerate(lines) if line.startswith(f"{name}:")), None)
        if start is None:
            continue
        end = next((i for i in range(start + 1, len(lines)) if _TOP_LEVEL_KEY.match(lines[i])),
                   len(lines))
        while end > start + 1 and lines[end - 1].lstrip().startswith("#"):
            end -= 1
        while start > 0 and lines[start - 1].startswith("#"):
            start -= 1  # its own comment
        lines[start:end] = []
    return "".join(lines).rstrip("\n") + "\n"


def replace_identity(text: str, identity: str) -> str:
    """`text` (a programme file) with its `identity` section replaced, the rest kept."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith("identity:")), None)
    if start is None:
        return identity + "\n" + text
    end = next((i for i in range(start + 1, len(lines)) if _TOP_LEVEL_KEY.match(lines[i])),
               len(lines))
    while end > start + 1 and lines[end - 1].lstrip().startswith("#"):
        end -= 1  # comments just above the next section belong to it
    return "".join(lines[:start]) + identity + "\n" + "".join(lines[end:]).lstrip("\n")
