"""Turn what `bulle.content.load` read into models, reporting every problem on the way.

Each field is checked by the checker of its kind (see `bulle.content.schema`), so the
schema stays the one place that says what a field is. Nothing stops at the
first problem: a contributor sees every fix to make in one run.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from bulle.content import schema as S
from bulle.content.body import check_body
from bulle.content.load import ProjectSource, ReadCache, SourceFile, Tree
from bulle.content.model import (Award, Entry, Image, ImpactFigure, Indicator, Member, Milestone, Phase,
                                 Problem, Programme, Project, ServiceAccessibility, Transparency)
from bulle.content.text import (ascii_fold, describe_char, invalid_chars, plain_text, slugify,
                                strip_invalid_chars, summary_of)
from bulle.content.yamlsource import escaped_chars
from bulle.pages.urls import RESERVED_SLUGS

INVALID = object()  # a value that failed its check; the problem is already reported
_DATE = S.DATE_PATTERN
_FRENCH_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_EMAIL = S.EMAIL_PATTERN


@dataclass
class Content:
    """Every valid project and entry (drafts included), and every problem."""

    projects: list[Project] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    title_lines: dict[str, int] = field(default_factory=dict)  # source -> line of its title
    former_lines: dict[str, int] = field(default_factory=dict)  # source -> line of former_slugs

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.is_error]


@dataclass
class _Context:
    """Where a value comes from, for checkers that need more than the value."""

    source: SourceFile
    programme: Programme
    project_folder: Path
    problems: list[Problem]

    def report(self, path: tuple, code: str, message: str, severity: str = "error") -> None:
        line = self.source.meta.line(path) if self.source.meta else None
        self.problems.append(Problem(self.source.rel, line, code, message, severity))


def validate_tree(tree: Tree, programme: Programme, cache: ReadCache | None = None) -> Content:
    """Check every project and entry of `tree` against the schema and programme; with
    `cache` (the one `tree` was loaded with), only the folders whose files changed."""
    content = Content(problems=list(tree.problems))
    if cache is None:
        for source in tree.projects:
            _validate_project_folder(source, programme, content)
    else:
        _validate_changed_folders(tree, programme, content, cache)
    _check_duplicates(content)
    content.problems.sort(key=lambda p: (p.path, p.line or 0, p.code, p.message))
    return content


def _validate_changed_folders(tree: Tree, programme: Programme, content: Content,
                              cache: ReadCache) -> None:
    """What a folder's check finds depends on its files only (their text, and which exist
    for its images) and on the programme: a folder whose files kept their stamps is not
    checked again, its findings are the last ones."""
    if cache.programme != programme:
        cache.folders, cache.programme = {}, programme
    folders = {}
    for source in tree.projects:
        known = cache.folders.get(source.folder)
        if known is None or known[0] != source.stamp:
            known = (source.stamp, Content())
            _validate_project_folder(source, programme, known[1])
        folders[source.folder] = known
        found: Content = known[1]
        content.projects += found.projects
        content.entries += found.entries
        content.problems += found.problems
        content.title_lines.update(found.title_lines)
        content.former_lines.update(found.former_lines)
    cache.folders = folders


def _validate_project_folder(source: ProjectSource, programme: Programme, content: Content) -> None:
    if not S.SLUG_PATTERN.match(source.slug):
        content.problems.append(Problem(
            source.rel, None, "bad-slug",
            f"nom de dossier « {source.slug} » invalide : minuscules sans accents, chiffres "
            f"et tirets seulement (vouliez-vous dire « {_slug_suggestion(source.slug)} » ?)"))
    elif source.slug in RESERVED_SLUGS:
        content.problems.append(Problem(
            source.rel, None, "reserved-slug",
            f"le nom de dossier « {source.slug} » est réservé par le site (pages de filtres) : "
            f"choisissez-en un autre, par exemple « {source.slug}-projet »"))
    if source.index is None:
        content.problems.append(Problem(
            source.rel, None, "missing-index",
            "fichier index.md manquant : chaque dossier de projet a un index.md "
            "qui présente le projet"))
    else:
        project = validate_project(source.slug, source.index, programme, source.folder,
                                   content.problems)
        if project is not None:
            content.projects.append(project)
            content.title_lines[project.source] = source.index.meta.line(("title",))
            content.former_lines[project.source] = source.index.meta.line(("former_slugs",))
    for asset in source.assets:
        _check_asset(asset, source, content.problems)
    for entry_source in source.entries:
        entry = validate_entry(source.slug, entry_source, programme, source.folder,
                               content.problems)
        if entry is not None:
            content.entries.append(entry)


def validate_project(slug: str, source: SourceFile, programme: Programme, folder: Path,
                     problems: list[Problem]) -> Project | None:
    """Check a project's index.md; return the project when it has no error."""
    before = len(problems)
    ctx = _Context(source, programme, folder, problems)
    values = _check_record(S.PROJECT, ctx)
    _check_body(source, problems)
    _check_chars(source, problems)
    phases = _check_phases(values["phases"], ctx) if "phases" in values else ()
    if source.meta is None or _has_errors(problems, before):
        return None
    return Project(
        slug=slug, source=source.rel, body=source.body, body_line=source.body_line,
        title=values["title"], pitch=values["pitch"], phases=phases,
        cohort=values.get("cohort"),
        themes=tuple(values.get("themes", ())),
        sponsors=tuple(values.get("sponsors", ())),
        team=tuple(Member(**member) for member in values.get("team", ())),
        awards=tuple(sorted((Award(**award) for award in values.get("awards", ())),
                            key=lambda award: (award.date, award.name))),
        milestones=tuple(sorted((Milestone(**item) for item in values.get("milestones", ())),
                                key=lambda item: (item.date, item.name))),
        incubator=values.get("incubator"),
        organisation=values.get("organisation"),
        audiences=tuple(values.get("audiences", ())),
        transparency=_transparency(values.get("transparency")),
        impact=tuple(ImpactFigure(**item) for item in values.get("impact", ())),
        links=tuple(values.get("links", {}).items()),
        contact=values.get("contact"),
        image=_image(values),
        former_slugs=tuple(values.get("former_slugs", ())),
        draft=values.get("draft", False),
    )


def validate_entry(slug: str, source: SourceFile, programme: Programme, folder: Path,
                   problems: list[Problem]) -> Entry | None:
    """Check a journal entry; return it when it has no error."""
    before = len(problems)
    ctx = _Context(source, programme, folder, problems)
    name = source.path.name
    file_date = None
    match = S.ENTRY_FILE_PATTERN.match(name)
    if not match:
        problems.append(Problem(source.rel, None, "bad-entry-name",
                                f"nom de fichier « {name} » invalide : attendu "
                                "AAAA-MM-JJ-mots-du-titre.md, par exemple "
                                f"« {_entry_name_suggestion(name)} »"))
    else:
        file_date = _parse_date(match.group(1))
        if file_date is None:
            problems.append(Problem(source.rel, None, "bad-entry-name",
                                    f"la date « {match.group(1)} » du nom de fichier "
                                    "n'existe pas dans le calendrier"))
    values = _check_record(S.ENTRY, ctx)
    _check_body(source, problems)
    _check_chars(source, problems)
    date = values.get("date")
    if date is not None and file_date is not None and date != file_date:
        ctx.report(("date",), "date-mismatch",
                   f"la date « {date.isoformat()} » ne correspond pas à celle du nom de "
                   f"fichier ({file_date.isoformat()}) : corrigez l'une ou supprimez le "
                   "champ « date »")
    if source.meta is None or file_date is None or _has_errors(problems, before):
        return None
    summary = values.get("summary") or plain_text(summary_of(source.body))
    return Entry(
        project=slug, stem=name[:-3], date=date or file_date, title=values["title"],
        source=source.rel, summary=summary, body=source.body, body_line=source.body_line,
        authors=tuple(values.get("authors", ())), kind=values.get("kind"),
        tags=tuple(values.get("tags", ())), image=_image(values),
        draft=values.get("draft", False),
    )


# --- records and fields -------------------------------------------------------


def _check_record(record_schema: S.Schema, ctx: _Context) -> dict:
    """Check a whole front matter; return the values that passed their own checks."""
    meta = ctx.source.meta
    if meta is None:
        return {}  # unreadable front matter, already reported by the loader
    for key_path, line in meta.duplicates:
        ctx.problems.append(Problem(ctx.source.rel, line, "duplicate-field",
                                    f"champ « {_dotted(key_path)} » écrit deux fois : "
                                    "gardez-en un seul"))
    data = meta.data if meta.data is not None else {}
    if not isinstance(data, dict):
        ctx.report((), "not-mapping",
                   "l'en-tête doit être une liste de champs « nom: valeur », un par ligne")
        return {}
    wrapper = S.Field(record_schema.name, S.OBJECT, record_schema.title,
                      fields=record_schema.fields)
    return _check_object(wrapper, data, (), ctx, partial=True)


def _check_object(spec: S.Field, value: Any, path: tuple, ctx: _Context,
                  partial: bool = False) -> Any:
    """Check a mapping field by field; `partial` keeps the valid fields of an invalid one."""
    if not isinstance(value, dict):
        ctx.report(path, "wrong-type", f"« {_dotted(path)} » doit être un bloc de champs "
                                       "« nom: valeur »")
        return INVALID
    result: dict[str, Any] = {}
    ok = True
    for key, raw in value.items():
        child = spec.child(key) if isinstance(key, str) else None
        if child is None:
            ctx.report(path + (key,), "unknown-field", _unknown_field(spec, key, path))
            ok = False
            continue
        if raw is None or raw == "" or raw == [] or raw == {}:
            continue  # an empty optional field counts as absent; required ones below
        checked = _check_field(child, raw, path + (key,), ctx)
        if checked is INVALID:
            ok = False
        else:
            result[key] = checked
    for child in spec.fields:
        if child.name in result and not child.companion:
            continue  # present and valid: nothing more to say (the common case)
        where = _dotted(path + (child.name,))
        if child.required and child.name not in result and child.name in value:
            if value[child.name] in (None, "", [], {}):
                ctx.report(path + (child.name,), "empty-field",
                           f"champ obligatoire « {where} » vide : {child.help}")
                ok = False
        elif child.required and child.name not in value:
            ctx.report(path, "missing-field",
                       f"champ obligatoire « {where} » manquant : {child.help}")
            ok = False
        if child.companion and child.name in result and not value.get(child.companion):
            ctx.report(path + (child.name,), "missing-companion",
                       f"« {where} » demande aussi « {child.companion} » : "
                       + (spec.child(child.companion).help if spec.child(child.companion) else ""))
            ok = False
    return result if ok or partial else INVALID


def _check_field(spec: S.Field, value: Any, path: tuple, ctx: _Context) -> Any:
    return _CHECKERS[spec.kind](spec, value, path, ctx)


def _check_text(spec: S.Field, value: Any, path: tuple, ctx: _Context) -> Any:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        ctx.report(path, "wrong-type", f"« {_dotted(path)} » doit être un texte sur une ligne")
        return INVALID
    text = " ".join(str(value).split())
    if spec.max_length and len(text) > spec.max_length:
        ctx.report(path, "too-long",
                   f"« {_dotted(path)} » fait {len(text)} caractères, {spec.max_length} au "
                   "plus : raccourcissez-le")
        return INVALID
    return text


def _check_text_or_year(spec: S.Field, value: Any, path: tuple, ctx: _Context) -> Any:
    return _check_text(spec, value, path, ctx)


def _check_slug(spec: S.Field, value: Any, path: tuple, ctx: _Context) -> Any:
    if isinstance(value, str) and S.SLUG_PATTERN.match(value.strip()):
        return value.strip()
    ctx.report(path, "bad-slug",
               f"« {_dotted(path)} » : « {value} » n'est pas un nom de dossier valide "
               f"(minuscules sans accents, chiffres et tirets : « {slugify(str(value))} » ?)")
    return INVALID


def _check_former_slug(spec: S.Field, value: Any, path: tuple, ctx: _Context) -> Any:
    if isinstance(value, str) and S.FORMER_SLUG_PATTERN.match(value.strip()):
        return value.strip()
    return _check_slug(spec, value, path, ctx)


def _check_number(spec: S.Field, value: Any, path: tuple, ctx: _Context) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:
        if spec.minimum is not None and value < spec.minimum:
            ctx.report(path, "bad-number",
                       f"« {_dotted(path)} » vaut {value}, au moins {spec.minimum:g} attendu")
            return INVALID
        return value
    message = f"« {_dotted(path)} » : « {value} » n'est pas un nombre"
    guess = re.sub(r"[\s\u00a0\u202f€]", "", str(value)).replace(",", ".")
    if re.fullmatch(r"-?\d+(\.\d+)?", guess):
        message += f" (écrivez-le sans espace ni symbole : « {guess} »)"
    ctx.report(path, "bad-number", message)
    return INVALID


def _check_choice(spec: S.Field, value: Any, path: tuple, ctx: _Context) -> Any:
    text = " ".join(str(value).split()) if isinstance(value, str) else None
    if text in spec.choices:
        return text
    message = (f"« {_dotted(path)} » : « {value} » n'est pas une valeur possible ("
               + ", ".join(spec.choices) + ")")
    folded = {ascii_fold(choice).casefold(): choice for choice in spec.choices}
    guess = difflib.get_close_matches(ascii_fold(str(value)).casefold().replace("-", " "),
                                      list(folded), n=1, cutoff=0.6)
    if guess:
        message += f" — vouliez-vous dire « {folded[guess[0]]} » ?"
    ctx.report(path, "unknown-choice", message)
    return INVALID


def _check_date(spec: S.Field, value: Any, path: tuple, ctx: _Context) -> Any:
    text = str(value).strip() if isinstance(value, str) else None
    parsed = _parse_date(text) if text is not None else None
    if parsed is not None:
        return parsed
    message = f"« {_dotted(path)} » : date « {value} » invalide, attendu AAAA-MM-JJ"
    if text and _DATE.match(text):
        message = f"« {_dotted(path)} » : la date « {text} » n'existe pas dans le calendrier"
    elif text and (french := _FRENCH_DATE.match(text)):
        day, month, year = (int(part) for part in french.groups())
        guess = _parse_date(f"{year:04d}-{month:02d}-{day:02d}")
        if guess:
            message += f" (vouliez-vous dire « {guess.isoformat()} » ?)"
    ctx.report(path, "bad-date", message)
    return INVALID


def _check_bool(spec: S.Field, value: Any, path: tuple, ctx: _Context) -> Any:
    if isinstance(value, bool):
        return value
    ctx.report(path, "wrong-type",
               f"« {_dotted(path)} » vaut true (oui) ou false (non), pas « {value} »")
    return INVALID


def _check_email(spec: S.Field, value: Any, path: tuple, ctx: _Context) -> Any:
    if isinstance(value, str) and _EMAIL.match(value.strip()):
        return value.strip()
    ctx.report(path, "bad-email",
               f"« {_dotted(path)} » : « {value} » n'est pas une adresse électronique "
               "(attendu nom@domaine.fr)")
    return INVALID


def _check_url(spec: S.Field, value: Any, path: tuple, ctx: _Context) -> Any:
    problem = web_url_problem(value)
    if problem:
        ctx.report(path, "bad-url", f"« {_dotted(path)} » : {problem}")
        return INVALID
    return value.strip()


def web_url_problem(value: Any) -> str | None:
    """Say why `value` is not an absolute http(s) address, or None."""
    if not isinstance(value, str) or not value.strip():
        return "une adresse web est attendue"
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"\s", text):
        return (f"« {text[:80]} » n'est pas une adresse web complète : elle doit commencer "
                "par https:// (ou http://)")
    return None


def _check_term(spec: S.Field, value: Any, path: tuple, ctx: _Context) -> Any:
    vocabulary = ctx.programme.vocabulary(spec.vocabulary)
    if isinstance(value, str) and vocabulary.get(value.strip()):
        return value.strip()
    language = ctx.programme.identity.language
    if not vocabulary.terms:
        ctx.report(path, "unknown-term",
                   f"« {_dotted(path)} » : le programme ne définit pas encore la liste "
                   f"« {spec.vocabulary} » ; ajoutez-la à programme.yml avec « {value} »")
        return INVALID
    allowed = ", ".join(vocabulary.ids)
    message = f"« {_dotted(path)} » : « {value} » n'est pas dans la liste ({allowed})"
    guess = _suggest_term(str(value), vocabulary, language)
    if guess:
        message += f" — vouliez-vous dire « {guess} » ?"
    ctx.report(path, "unknown-term", message)
    return INVALID


def _check_image(spec: S.Field, value: Any, path: tuple, ctx: _Context) -> Any:
    where = _dotted(path)
    if not isinstance(value, str) or not value.strip():
        ctx.report(path, "wrong-type", f"« {where} » doit être le chemin d'une image")
        return INVALID
    text = value.strip()
    if urlsplit(text).scheme or text.startswith(("/", "\\")):
        ctx.report(path, "bad-image",
                   f"« {where} » : « {text} » doit être un chemin relatif vers une image du "
                   "dossier du projet (ex. photo.jpg), pas une adresse")
        return INVALID
    folder = ctx.project_folder
    base = ctx.source.path.parent.relative_to(folder).as_posix()
    inside = posixpath.normpath(posixpath.join(base, text))
    if inside == ".." or inside.startswith("../"):
        ctx.report(path, "bad-image",
                   f"« {where} » : « {text} » sort du dossier du projet ; placez l'image "
                   "dans le dossier du projet")
        return INVALID
    if not inside.lower().endswith(S.IMAGE_EXTENSIONS):
        ctx.report(path, "bad-image",
                   f"« {where} » : « {text} » n'est pas une image acceptée ("
                   + ", ".join(S.IMAGE_EXTENSIONS) + ")")
        return INVALID
    target = folder / inside
    # The site is served from a case-sensitive disk: photo.JPG is not photo.jpg.
    exists = target.is_file() and target.name in os.listdir(target.parent)
    if not exists or not target.resolve().is_relative_to(folder.resolve()):
        ctx.report(path, "missing-image",
                   f"« {where} » : image « {text} » introuvable dans le dossier du projet "
                   "(vérifiez le nom, les majuscules et l'extension)")
        return INVALID
    return inside


def _check_list(spec: S.Field, value: Any, path: tuple, ctx: _Context) -> Any:
    assert spec.items is not None
    if not isinstance(value, list):
        if spec.items.kind in (S.OBJECT,) or isinstance(value, dict):
            ctx.report(path, "wrong-type",
                       f"« {_dotted(path)} » doit être une liste : un élément par ligne, "
                       "chacun commençant par « - »")
            return INVALID
        value = [value]  # a single item written without "- " is unambiguous
    result = []
    ok = True
    for index, item in enumerate(value):
        checked = _check_field(spec.items, item, path + (index,), ctx)
        if checked is INVALID:
            ok = False
        elif checked in result and spec.items.kind != S.OBJECT:
            ctx.report(path + (index,), "duplicate-item",
                       f"« {_dotted(path)} » : « {checked} » apparaît deux fois")
            ok = False
        else:
            result.append(checked)
    if ok and len(result) < spec.min_items:
        ctx.report(path, "empty-field",
                   f"« {_dotted(path)} » doit avoir au moins {spec.min_items} élément(s)")
        ok = False
    return result if ok else INVALID


def _check_link_map(spec: S.Field, value: Any, path: tuple, ctx: _Context) -> Any:
    if not isinstance(value, dict):
        ctx.report(path, "wrong-type",
                   f"« {_dotted(path)} » : un lien par ligne, sous la forme "
                   "« Libellé: https://adresse »")
        return INVALID
    result: dict[str, str] = {}
    ok = True
    for label, url in value.items():
        problem = web_url_problem(url)
        if problem:
            ctx.report(path + (label,), "bad-url", f"lien « {label} » : {problem}")
            ok = False
        else:
            result[" ".join(str(label).split())] = url.strip()
    return result if ok else INVALID


_CHECKERS: dict[str, Callable[..., Any]] = {
    S.TEXT: _check_text,
    S.TEXT_OR_YEAR: _check_text_or_year,
    S.DATE: _check_date,
    S.BOOL: _check_bool,
    S.EMAIL: _check_email,
    S.URL: _check_url,
    S.TERM: _check_term,
    S.IMAGE: _check_image,
    S.LIST: _check_list,
    S.OBJECT: _check_object,
    S.LINK_MAP: _check_link_map,
    S.SLUG: _check_slug,
    S.FORMER_SLUG: _check_former_slug,
    S.NUMBER: _check_number,
    S.CHOICE: _check_choice,
}


# --- rules across fields and records -------------------------------------------


def _check_phases(raw: list[dict], ctx: _Context) -> tuple[Phase, ...]:
    phases = [Phase(**item) for item in raw]
    for index, phase in enumerate(phases):
        if phase.end is not None and phase.end < phase.start:
            ctx.report(("phases", index, "end"), "end-before-start",
                       f"phase « {phase.name} » : la fin ({phase.end.isoformat()}) précède "
                       f"le début ({phase.start.isoformat()})")
    vocabulary = ctx.programme.phases
    starts: dict[dt.date, Phase] = {}
    for index, phase in enumerate(phases):
        if phase.start in starts:
            first, second = sorted((starts[phase.start], phase),
                                   key=lambda item: vocabulary[item.name].order)
            ctx.report(("phases", index, "start"), "same-start",
                       f"deux phases commencent le {phase.start.isoformat()} : « {second.name} » "
                       f"est tenue pour la suivante de « {first.name} » (ordre de la liste "
                       "des phases)", "warning")
        starts[phase.start] = phase
    ordered = sorted(phases, key=lambda phase: (phase.start, vocabulary[phase.name].order))
    for before, after in zip(ordered, ordered[1:]):
        if before.end is not None and before.end > after.start:
            ctx.report(("phases", phases.index(before), "end"), "overlap",
                       f"la phase « {before.name} » finit le {before.end.isoformat()}, après "
                       f"le début de « {after.name} » ({after.start.isoformat()})", "warning")
    return tuple(ordered)


def _check_asset(path: Path, source: ProjectSource, problems: list[Problem]) -> None:
    rel = f"{source.rel}/{path.relative_to(source.folder).as_posix()}"
    if path.suffix.lower() not in S.ASSET_EXTENSIONS:
        problems.append(Problem(rel, None, "unsupported-file",
                                f"fichier « {path.name} » non publié : le dossier d'un projet ne "
                                "contient que des textes .md, des images ("
                                + ", ".join(S.IMAGE_EXTENSIONS) + ") et des PDF ; "
                                "retirez-le ou convertissez-le"))
    elif path.stat().st_size > S.ASSET_MAX_BYTES:
        size = f"{path.stat().st_size / 1024 / 1024:.1f}".replace(".", ",")  # French decimal comma
        problems.append(Problem(rel, None, "file-too-large",
                                f"fichier de {size} Mo, {S.ASSET_MAX_BYTES // 1024 // 1024} Mo "
                                "au plus : réduisez l'image (1600 pixels de large suffisent) ou "
                                "compressez le PDF"))


def _check_body(source: SourceFile, problems: list[Problem]) -> None:
    for line, code, message, severity in check_body(source.body, source.body_line):
        problems.append(Problem(source.rel, line, code, message, severity))


def _check_chars(source: SourceFile, problems: list[Problem]) -> None:
    """Refuse invisible control characters and non-characters: pasted from a word
    processor (U+000B is Word's line break), they break the feeds' XML."""
    if source.meta is not None:
        for path, char in escaped_chars(source.meta.data):
            problems.append(Problem(source.rel, source.meta.line(path), "control-character",
                                    f"{describe_char(char)} dans « {_dotted(path)} » : "
                                    "supprimez-le"))
    for line, column, char in invalid_chars(source.body, source.body_line):
        problems.append(Problem(source.rel, line, "control-character",
                                f"{describe_char(char)} (colonne {column}) : supprimez-le"))


def _check_duplicates(content: Content) -> None:
    titles: dict[str, Project] = {}
    for project in content.projects:
        key = ascii_fold(project.title).casefold()
        if key in titles:
            content.problems.append(Problem(
                project.source, content.title_lines.get(project.source), "duplicate-project",
                f"un autre projet porte déjà le titre « {project.title} » "
                f"({titles[key].source}) : donnez-leur des titres distincts"))
        else:
            titles[key] = project
    _check_former_slugs(content)
    seen: dict[tuple, Entry] = {}
    for entry in content.entries:
        key = (entry.project, entry.date, ascii_fold(entry.title).casefold())
        if key in seen:
            content.problems.append(Problem(
                entry.source, None, "duplicate-entry",
                f"même titre et même date que {seen[key].source} : s'agit-il d'une copie ? "
                "Supprimez-la ou changez son titre"))
        else:
            seen[key] = entry


def _check_former_slugs(content: Content) -> None:
    """A former address must lead to one project only, and never hide a live one."""
    live = {project.slug for project in content.projects}
    claimed: dict[str, Project] = {}
    for project in content.projects:
        for slug in project.former_slugs:
            if slug in live:
                message = (f"l'ancien nom « {slug} » est le dossier d'un projet existant : "
                           "sa page resterait inaccessible ; retirez-le de « former_slugs »")
                if slug == project.slug:
                    message = f"l'ancien nom « {slug} » est le nom actuel du dossier : retirez-le"
            elif slug in RESERVED_SLUGS:
                message = f"l'ancien nom « {slug} » est réservé par le site : retirez-le"
            elif slug in claimed:
                message = (f"l'ancien nom « {slug} » est déjà revendiqué par "
                           f"{claimed[slug].source} : une adresse ne peut mener qu'à un projet")
            else:
                claimed[slug] = project
                continue
            content.problems.append(Problem(project.source,
                                            content.former_lines.get(project.source),
                                            "former-slug-collision", message))


# --- helpers --------------------------------------------------------------------


def _parse_date(text: str | None) -> dt.date | None:
    if not text or not _DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _has_errors(problems: list[Problem], since: int) -> bool:
    return any(problem.is_error for problem in problems[since:])


def _transparency(raw: dict | None) -> Transparency | None:
    if not raw:
        return None
    values = {name: Indicator(**item) for name, item in raw.items() if name != "accessibility"}
    if raw.get("accessibility"):
        values["accessibility"] = ServiceAccessibility(**raw["accessibility"])
    return Transparency(**values)


def _image(values: dict) -> Image | None:
    if "image" not in values:
        return None
    return Image(values["image"], values.get("image_alt", ""))


def _dotted(path: tuple) -> str:
    """A key path as contributors write it, without the invisible characters a key may hold."""
    parts: list[str] = []
    for part in path:
        if isinstance(part, int):
            parts[-1 if parts else 0:] = [f"{parts[-1] if parts else ''}[{part + 1}]"]
        else:
            parts.append(strip_invalid_chars(str(part)))
    return ".".join(parts)


def _unknown_field(spec: S.Field, key: Any, path: tuple) -> str:
    name = _dotted(path + (key,))
    message = f"champ inconnu « {name} »"
    guess = _suggest_field(spec, str(key))
    if guess:
        return f"{message} — vouliez-vous dire « {_dotted(path + (guess,))} » ?"
    return f"{message} (champs possibles : {', '.join(f.name for f in spec.fields)})"


def _suggest_field(spec: S.Field, key: str) -> str | None:
    folded = ascii_fold(key).casefold().strip().replace(" ", "_")
    for item in spec.fields:
        if folded == item.name or folded in item.aliases:
            return item.name
    names = [item.name for item in spec.fields]
    close = difflib.get_close_matches(folded, names, n=1, cutoff=0.6)
    if close:
        return close[0]
    aliases = {alias: item.name for item in spec.fields for alias in item.aliases}
    close = difflib.get_close_matches(folded, list(aliases), n=1, cutoff=0.75)
    return aliases[close[0]] if close else None


def _suggest_term(value: str, vocabulary, language: str) -> str | None:
    folded = ascii_fold(value).casefold().strip()
    for term in vocabulary.terms:
        if folded in (term.id, ascii_fold(term.label(language)).casefold()):
            return term.id
    close = difflib.get_close_matches(folded, list(vocabulary.ids), n=1, cutoff=0.6)
    return close[0] if close else None


def _slug_suggestion(name: str) -> str:
    return slugify(name) or "mon-projet"


def _entry_name_suggestion(name: str) -> str:
    stem = name[:-3] if name.endswith(".md") else name
    dates = re.findall(r"(\d{4})-(\d{1,2})-(\d{1,2})", stem)
    date = "-".join(f"{int(p):02d}" if i else p for i, p in enumerate(dates[0])) if dates \
        else "AAAA-MM-JJ"
    words = slugify(re.sub(r"\d{4}-\d{1,2}-\d{1,2}", " ", stem)) or "titre-de-l-entree"
    return f"{date}-{words}.md"
