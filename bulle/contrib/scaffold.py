"""New files for contributors: a journal entry or a project, with commented hints.

The front matter is written from `bulle.content.schema` and the programme's
vocabularies, so a new field or theme shows up in the hints by itself. Every
optional field is left empty (the validator reads an empty field as absent):
contributors fill in what they know and leave the rest.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import dataclass
from pathlib import Path

from bulle.content import schema as S
from bulle.programme.i18n import load_starter
from bulle.content.model import Problem, Programme
from bulle.content.text import slugify
from bulle.pages.urls import RESERVED_SLUGS

FILE_WORDS_MAX = 60  # characters of the title kept in a file name
ENTRY_FALLBACK_WORDS = "entree"
WEB_ENTRY_WORDS = "titre-de-l-entree"  # placeholder file name words for the web editor

ENTRY_BODY = """\
<!-- Écrivez votre texte ci-dessous, en Markdown : ce que l'équipe a essayé, appris
     ou réussi. Le premier paragraphe sert de résumé dans les listes. Ce commentaire
     n'apparaît pas sur le site : vous pouvez le laisser ou l'effacer. -->
"""



@dataclass(frozen=True)
class Created:
    """A file the scaffold wrote, and what the checker says about it."""

    path: Path
    rel: str  # path shown to people, relative to the site root


def entry_file_name(title: str, day: dt.date) -> str:
    """`2026-11-26-premiere-reunion-a-l-hotel-de-ville.md` from a title and a date."""
    return f"{day.isoformat()}-{file_words(title)}.md"


def file_words(title: str, limit: int = FILE_WORDS_MAX) -> str:
    """The title's words as a clean ASCII slug, cut at a word boundary."""
    words = slugify(title).split("-") if slugify(title) else []
    kept: list[str] = []
    for word in words:
        if kept and len("-".join(kept + [word])) > limit:
            break
        kept.append(word[:limit])
    return "-".join(kept) or ENTRY_FALLBACK_WORDS


def render_entry(programme: Programme, title: str = "", notes: tuple[str, ...] = ()) -> str:
    """A journal entry's text: front matter with hints, then a commented body."""
    values = {"title": _quoted(title), "draft": "false"}
    return _document(S.ENTRY, programme, values, notes) + "\n" + ENTRY_BODY


def render_project(programme: Programme, slug: str, start: dt.date) -> str:
    """A project's index.md: what can be guessed is filled in, the pitch is left to write."""
    first_phase = programme.phases.terms[0].id
    values = {
        "title": _quoted(slug.replace("-", " ").capitalize()),
        "pitch": '""',
        "phases": f"\n  - name: {first_phase}\n    start: {start.isoformat()}",
        "draft": "false",
    }
    notes = ("Complétez le titre (avec ses accents) et la mission (« pitch »), puis lancez",
             "la vérification : elle dit ce qui manque encore.")
    body = load_starter(programme.identity.language)["project_body"]  # its headings show
    return _document(S.PROJECT, programme, values, notes) + "\n" + body


def create_entry(root: Path, project: str, title: str, day: dt.date,
                 programme: Programme, projects_dir: str = "projects"
                 ) -> tuple[Created | None, list[Problem]]:
    """Write a new journal entry of `project`; refuse to overwrite anything."""
    title = " ".join(title.split())
    known = known_projects(root, projects_dir)
    slug = project if project in known else slugify(project)
    if slug not in known:
        return None, [_unknown_project(project, known, projects_dir)]
    if not title:
        return None, [Problem(projects_dir, None, "empty-title",
                              "titre vide : donnez un titre à l'entrée, par exemple "
                              "« Première rencontre avec les usagers »")]
    rel = f"{projects_dir}/{slug}/journal/{entry_file_name(title, day)}"
    return _write(root, rel, render_entry(programme, title))


def create_project(root: Path, slug: str, day: dt.date, programme: Programme,
                   projects_dir: str = "projects") -> tuple[Created | None, list[Problem]]:
    """Write `projects/<slug>/index.md`; refuse a bad name or an existing folder."""
    rel_folder = f"{projects_dir}/{slug}"
    if not S.SLUG_PATTERN.match(slug):
        guess = slugify(slug) or "mon-projet"
        return None, [Problem(rel_folder, None, "bad-slug",
                              f"nom « {slug} » invalide : minuscules sans accents, chiffres et "
                              f"tirets seulement (vouliez-vous dire « {guess} » ?)")]
    if slug in RESERVED_SLUGS:
        return None, [Problem(rel_folder, None, "reserved-slug",
                              f"le nom « {slug} » est réservé par le site : choisissez-en un "
                              f"autre, par exemple « {slug}-projet »")]
    if (root / rel_folder).exists():
        return None, [Problem(rel_folder, None, "file-exists",
                              f"le dossier « {rel_folder} » existe déjà : rien n'a été modifié. "
                              "Choisissez un autre nom, ou complétez son index.md")]
    return _write(root, f"{rel_folder}/index.md", render_project(programme, slug, day))


def known_projects(root: Path, projects_dir: str = "projects") -> list[str]:
    """The project folders, by name."""
    base = root / projects_dir
    if not base.is_dir():
        return []
    return sorted(path.name for path in base.iterdir()
                  if path.is_dir() and not path.name.startswith("."))


# --- writing the front matter ------------------------------------------------------


def _document(record: S.Schema, programme: Programme, values: dict[str, str],
              notes: tuple[str, ...]) -> str:
    lines = ["---", *(f"# {note}" for note in notes)]
    for field in record.fields:
        lines.extend(f"# {hint}" for hint in field_hints(field, programme))
        value = values.get(field.name, "")
        lines.append(f"{field.name}:{value}" if value.startswith("\n") or not value
                     else f"{field.name}: {value}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def field_hints(field: S.Field, programme: Programme) -> list[str]:
    """Comment lines that say what to write in `field`, from the schema and vocabularies."""
    hint = field.help
    if field.required:
        hint += " Obligatoire."
    if field.max_length and "caractères au plus" not in field.help:
        hint += f" {field.max_length} caractères au plus."
    hints = [hint]
    term_field = field if field.kind == S.TERM else field.items if field.kind == S.LIST else None
    if term_field is not None and term_field.kind == S.TERM:
        choices = vocabulary_choices(term_field, programme)
        hints.append(f"Au choix : {choices}." if choices else
                     f"Liste « {term_field.vocabulary} » à définir d'abord dans programme.yml.")
    if field.kind == S.LIST and field.items is not None and field.items.kind == S.OBJECT:
        for child in field.items.fields:
            if child.kind == S.TERM:
                hints.append(f"« {child.name} » au choix : "
                             + vocabulary_choices(child, programme) + ".")
    example = _example_lines(field, programme)
    if len(example) == 1 and field.kind != S.LINK_MAP:
        hints.append(f"Exemple : {example[0]}")
    elif example:  # a block: show it whole, under the field's name
        hints.append("Exemple :")
        hints.append(f"  {field.name}:")
        hints.extend(f"    {line}" for line in example)
    return hints


def vocabulary_choices(field: S.Field, programme: Programme) -> str:
    """« etape (Étape), decouverte (Découverte) » for a TERM field."""
    language = programme.identity.language
    terms = programme.vocabulary(field.vocabulary).terms
    return ", ".join(f"{term.id} ({term.label(language)})" for term in terms)


def _example_lines(field: S.Field, programme: Programme) -> list[str]:
    """An example value as YAML lines (empty when the help text says enough)."""
    if field.kind == S.LIST and field.items is not None:
        item = field.items
        if item.kind == S.OBJECT:
            lines: list[str] = []
            for index, child in enumerate(item.fields):
                if not child.required and child.example is None:
                    continue
                prefix = "- " if index == 0 else "  "
                lines.append(f"{prefix}{child.name}: {_example_value(child, programme)}")
            return lines
        if item.kind == S.TERM:
            ids = programme.vocabulary(item.vocabulary).ids[:2]
            if not ids:
                return []
            return [f"[{', '.join(ids)}]"]
        if item.example is not None:
            return [f"[{item.example}]"]
        return []
    if field.kind == S.LINK_MAP and isinstance(field.example, dict):
        return [f"{label}: {url}" for label, url in field.example.items()]
    if field.kind in (S.TEXT_OR_YEAR, S.EMAIL, S.DATE) and field.example is not None:
        return [_example_value(field, programme)]
    return []


def _example_value(field: S.Field, programme: Programme) -> str:
    if field.example is not None:
        return _quoted(str(field.example)) if field.kind == S.TEXT_OR_YEAR else str(field.example)
    if field.kind == S.TERM:
        ids = programme.vocabulary(field.vocabulary).ids
        return ids[0] if ids else "…"
    return "…"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _unknown_project(name: str, known: list[str], projects_dir: str) -> Problem:
    message = f"projet « {name} » introuvable dans {projects_dir}/"
    close = difflib.get_close_matches(slugify(name) or name, known, n=1, cutoff=0.6)
    if close:
        message += f" — vouliez-vous dire « {close[0]} » ?"
    if known:
        message += " Projets existants : " + ", ".join(known) + "."
    else:
        message += " Aucun projet n'existe encore."
    if not close:
        message += f" Pour créer le projet : make project SLUG={slugify(name) or 'mon-projet'}"
    return Problem(projects_dir, None, "unknown-project", message)


def _write(root: Path, rel: str, text: str) -> tuple[Created | None, list[Problem]]:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError:
        return None, [Problem(rel, None, "file-exists",
                              f"le fichier « {rel} » existe déjà : rien n'a été modifié. "
                              "Choisissez un autre titre, ou ouvrez ce fichier pour le "
                              "compléter")]
    return Created(path, rel), []
