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
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Callable
from urllib.parse import urlsplit

from .i18n import available_languages, load_starter
from .model import Programme

SAMPLE_PROJECTS = ("histologe", "id-quart", "pau-partage", "poubelles-battle", "simone-and-co")
STARTER_PAGES = ("docs/index.md", "docs/programme.md")  # rewritten for the new city
GITHUB_HOST = ("GitHub, Inc.", "88 Colin P. Kelly Jr. Street, San Francisco, CA 94107")
_TOP_LEVEL_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")


@dataclass(frozen=True)
class Question:
    key: str
    prompt: str  # French: the tool speaks to the city's team
    required: bool = True
    check: Callable[[str], str | None] = lambda value: None  # the problem, or None


def _url(value: str) -> str | None:
    return None if value.startswith(("https://", "http://")) else \
        "une adresse complète, qui commence par https://"


def _contact(value: str) -> str | None:
    return None if _EMAIL.match(value) or value.startswith("https://") else \
        "une adresse électronique (ou l'adresse https:// d'un formulaire)"


def _language(value: str) -> str | None:
    return None if value in available_languages() else \
        "une langue parmi : " + ", ".join(available_languages())


QUESTIONS = (
    Question("name", "Nom du programme (ex. « Fabrique des agents »)"),
    Question("city", "Ville"),
    Question("language", "Langue du site (fr ou en)", check=_language),
    Question("organisation", "Collectivité qui porte le programme et édite le site"),
    Question("description", "Le programme en une phrase"),
    Question("repository", "Adresse du dépôt GitHub (https://github.com/…), vide sinon",
             required=False, check=_url),
    Question("site_url", "Adresse du site publié", check=_url),
    Question("contact", "Adresse électronique de l'équipe du programme", check=_contact),
    Question("address", "Adresse postale de la collectivité (mentions légales)",
             required=False),
    Question("director", "Directeur de la publication (une fonction, jamais un nom)"),
    Question("host", "Hébergeur du site"),
    Question("host_address", "Adresse de l'hébergeur", required=False),
)


@dataclass
class Answers:
    """The identity of the new programme, as given or asked."""

    values: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")


def defaults(key: str, values: dict[str, str], root: Path) -> str:
    """What `key` is when left empty, from the answers before it (or the repository)."""
    starter = load_starter(values.get("language") or "fr")
    fill = Template.safe_substitute
    if key == "language":
        return "fr"
    if key in ("organisation", "description"):
        return fill(Template(starter[key]), values).strip()
    if key == "director":
        return fill(Template(starter["publication_director"]), values)
    if key == "repository":
        return git_origin(root) or ""
    if key == "site_url":
        return pages_url(values.get("repository", "")) or ""
    if key == "host":
        return GITHUB_HOST[0]
    if key == "host_address":
        return f"{GITHUB_HOST[1]}, {starter['host_country']}" \
            if values.get("host") == GITHUB_HOST[0] else ""
    return ""


def gather(given: dict[str, str | None], root: Path,
           ask: Callable[[str], str | None]) -> tuple[Answers, list[str]]:
    """Take each value from `given` (flags), else ask for it; return the answers and the errors.

    `ask(prompt)` returns the answer, or None when nobody answers (end of input):
    then the default is kept. Enter keeps the default, shown in brackets.
    """
    values: dict[str, str] = {}
    errors: list[str] = []
    for question in QUESTIONS:
        default = defaults(question.key, values, root)
        value, problem = _answer(question, given.get(question.key), default, ask)
        if problem:
            errors.append(problem)
        values[question.key] = value
    return Answers(values), errors


def _answer(question: Question, given: str | None, default: str,
            ask: Callable[[str], str | None]) -> tuple[str, str | None]:
    if given is not None:  # given as a flag: never asked
        value = given.strip() or default
        return value, _problem(question, value)
    prompt = question.prompt + (f" [{default}]" if default else "") + " : "
    value, problem = default, None
    for _attempt in range(3):
        answer = ask(prompt if problem is None else f"{problem}\n{prompt}")
        value = (answer or "").strip() or default
        problem = _problem(question, value)
        if problem is None or answer is None:
            break
    return value, problem


def _problem(question: Question, value: str) -> str | None:
    flag = "--" + question.key.replace("_", "-")
    if not value:
        return f"{question.prompt} : réponse obligatoire ({flag})" if question.required \
            else None
    issue = question.check(value)
    return f"{question.prompt} : « {value} » ne convient pas, il faut {issue} ({flag})" \
        if issue else None


def git_origin(root: Path) -> str | None:
    """The GitHub address of the repository's `origin` remote, if it has one."""
    try:
        done = subprocess.run(["git", "-C", str(root), "remote", "get-url", "origin"],
                              capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.match(r"^(?:https://github\.com/|git@github\.com:)([\w.-]+)/([\w.-]+?)(?:\.git)?/?$",
                     done.stdout.strip()) if done.returncode == 0 else None
    return f"https://github.com/{found.group(1)}/{found.group(2)}" if found else None


def pages_url(repository: str) -> str | None:
    """Where GitHub Pages publishes a repository: https://owner.github.io/repo/."""
    parts = urlsplit(repository)
    path = parts.path.strip("/").removesuffix(".git").split("/")
    if parts.netloc.lower() not in ("github.com", "www.github.com") or len(path) != 2:
        return None
    owner, name = path
    if name.lower() == f"{owner.lower()}.github.io":
        return f"https://{owner.lower()}.github.io/"
    return f"https://{owner.lower()}.github.io/{name}/"


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
    path.write_text(replace_identity(path.read_text(encoding="utf-8"),
                                     render_identity(answers)), encoding="utf-8")
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
  site_url: {q('site_url')}  # the published site (GitHub Pages: https://<owner>.github.io/<repository>/)
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
