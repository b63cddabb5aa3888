"""The identity of a new city's programme: asked, or read from the command's options.

Each question has a flag (`--name`...) and a default drawn from the answers
before it, the repository's `origin` remote or GitHub Pages, so that a city
types as little as possible. Questions and messages are in French, like the
other commands.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Callable
from urllib.parse import urlsplit

from bulle.content.schema import EMAIL_PATTERN
from bulle.programme.addresses import is_address
from bulle.programme.i18n import available_languages, load_starter

GITHUB_HOST = ("GitHub, Inc.", "88 Colin P. Kelly Jr. Street, San Francisco, CA 94107")


@dataclass(frozen=True)
class Question:
    key: str
    prompt: str  # French: the tool speaks to the city's team
    required: bool = True
    check: Callable[[str], str | None] = lambda value: None  # the problem, or None


def _url(value: str) -> str | None:
    """The site's address: what `identity.site_url` accepts (bulle.programme.addresses)."""
    return None if is_address(value, ("https", "http"), tail=False) else \
        "une adresse complète, qui commence par https://, sans espace, guillemet, « ? » ni « # »"


def _repository(value: str) -> str | None:
    return None if is_address(value, tail=False) else \
        "une adresse complète, qui commence par https://, sans espace, guillemet, « ? » ni « # »"


def _contact(value: str) -> str | None:
    return None if EMAIL_PATTERN.match(value) or is_address(value) else \
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
             required=False, check=_repository),
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
