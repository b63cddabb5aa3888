"""Run an import: convert, add the missing vocabulary terms if asked, write, check, report.

Only folders of `projects/` are written (and `programme.yml`, with --add-terms only). A
folder that exists is left alone unless `force`; a project the checker refuses is
removed again, so that `check` passes after an import (the report says why).
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bulle.content.load import load_tree
from bulle.content.model import Problem, Programme
from bulle.programme.load import load_programme
from bulle.content.text import slugify
from bulle.content.validate import validate_tree
from bulle.fork.importers import betagouv
from bulle.fork.importers.betagouv import Converted, Notes, Refusal

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# Fields whose values are terms of a vocabulary, and that vocabulary.
TERM_FIELDS = {"themes": "themes", "audiences": "audiences", "incubator": "incubators"}


@dataclass
class Report:
    read: int = 0
    imported: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    notes: Notes = field(default_factory=Notes)
    added_terms: dict[str, int] = field(default_factory=dict)
    error: str | None = None  # nothing was imported, and why


@dataclass
class Options:
    only: tuple[str, ...] = ()
    incubator: str | None = None
    force: bool = False
    with_team: bool = False
    add_terms: bool = False
    keep_invalid: bool = False
    table: Path | None = None


def import_betagouv(source: Path, root: Path, options: Options,
                    programme_file: str = "programme.yml",
                    projects_dir: str = "projects") -> Report:
    """Import the startup files of a beta.gouv.fr checkout into `root`/projects."""
    report = Report()
    startups = source / "content" / "_startups"
    if not startups.is_dir():
        report.error = (f"dossier « {startups} » introuvable : indiquez le dossier d'une copie "
                        "du dépôt beta.gouv.fr (celui qui contient content/_startups/)")
        return report
    programme, problems = load_programme(root / programme_file, programme_file)
    if programme is None:
        report.error = "; ".join(str(problem) for problem in problems)
        return report
    try:
        table = betagouv.load_table(options.table)
    except (OSError, yaml.YAMLError) as error:
        report.error = f"table de correspondance illisible : {error}"
        return report
    catalogue = betagouv.read_catalogue(source, options.with_team)
    only = {slugify(name) for name in options.only}
    converted: dict[str, Converted] = {}
    for path in sorted(startups.glob("*.md")):
        if only and slugify(path.stem) not in only:
            continue
        rel = path.relative_to(source).as_posix()
        result = betagouv.convert(path, rel, catalogue, table, report.notes, options.with_team)
        if options.incubator and (isinstance(result, Refusal) or
                                  result.front.get("incubator") != slugify(options.incubator)):
            continue
        report.read += 1
        if isinstance(result, Refusal):
            report.refused.append(result)
        elif result.slug in converted:
            report.refused.append(Refusal(rel, None, f"même dossier « {result.slug} » que "
                                          f"{converted[result.slug].source}", "duplicate-slug"))
        else:
            converted[result.slug] = result
    _drop_taken_former_slugs(converted, root / projects_dir, report)
    programme = _resolve_terms(list(converted.values()), programme, options, report,
                               root / programme_file, programme_file)
    if programme is None:
        return report
    base = (root / projects_dir).resolve()
    created: dict[str, Converted] = {}
    for slug, project in converted.items():
        folder = (base / slug).resolve()
        if folder.parent != base:  # a slug is [a-z0-9-]: this never happens, and must not
            report.refused.append(Refusal(project.source, None, "dossier hors de projects/"))
            continue
        if folder.exists() and not options.force:
            report.existing.append(slug)
            continue
        new = not folder.exists()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.md").write_text(_document(project), encoding="utf-8", newline="\n")
        if new:
            created[slug] = project
        report.imported.append(slug)
    _check(root, programme, projects_dir, converted, created, options, report)
    return report


def _drop_taken_former_slugs(converted: dict[str, Converted], projects: Path,
                             report: Report) -> None:
    """A former address leads to one project only, and never hides a live one."""
    live = set(converted) | ({path.name for path in projects.iterdir() if path.is_dir()}
                             if projects.is_dir() else set())
    claimed: set[str] = set()
    for project in converted.values():
        kept = []
        for name in project.front.get("former_slugs", ()):
            if name in live or name in claimed:
                report.notes.unmapped[f"redirect_from : « {name} » déjà pris par un autre "
                                      "projet"] += 1
            else:
                claimed.add(name)
                kept.append(name)
        if kept:
            project.front["former_slugs"] = kept
        else:
            project.front.pop("former_slugs", None)


def _resolve_terms(projects: list[Converted], programme: Programme, options: Options,
                   report: Report, path: Path, rel: str) -> Programme | None:
    """Keep the terms the programme has; add the others to programme.yml, or drop them."""
    missing: dict[str, dict[str, str]] = {}
    for project in projects:
        for name, vocabulary in TERM_FIELDS.items():
            value = project.front.get(name)
            if value is None:
                continue
            values = value if isinstance(value, list) else [value]
            known = programme.vocabulary(vocabulary)
            kept = []
            for term in values:
                if known.get(term) or options.add_terms:
                    kept.append(term)
                    if not known.get(term):
                        label = project.terms.get(vocabulary, {}).get(term, term)
                        missing.setdefault(vocabulary, {}).setdefault(term, label)
                else:
                    report.notes.unmapped[f"{name} : « {term} » absent de {rel} "
                                          "(--add-terms pour l'ajouter)"] += 1
            if kept:
                project.front[name] = kept if isinstance(value, list) else kept[0]
            else:
                del project.front[name]
    if not missing:
        return programme
    original = path.read_text(encoding="utf-8")
    path.write_text(add_terms(original, missing, programme.identity.language),
                    encoding="utf-8", newline="\n")
    updated, problems = load_programme(path, rel)
    if updated is None:
        path.write_text(original, encoding="utf-8", newline="\n")
        report.error = (f"les termes manquants n'ont pas pu être ajoutés à {rel} (rien n'a "
                        "été modifié) : " + "; ".join(str(problem) for problem in problems))
        return None
    report.added_terms = {name: len(terms) for name, terms in missing.items()}
    return updated


def add_terms(text: str, missing: dict[str, dict[str, str]], language: str) -> str:
    """`text` of programme.yml with the terms appended to their lists (comments kept)."""
    lines = text.rstrip("\n").split("\n")
    for vocabulary, terms in missing.items():
        block = [line for term, label in terms.items()
                 for line in (f"  - id: {term}",
                              f"    label: {{{language}: {json.dumps(label, ensure_ascii=False)}}}")]
        start = next((i for i, line in enumerate(lines)
                      if re.match(rf"^{re.escape(vocabulary)}:\s*(#.*)?$", line)), None)
        if start is None:
            lines += ["", f"{vocabulary}:", *block]
            continue
        end = next((i for i in range(start + 1, len(lines))
                    if re.match(r"^[A-Za-z_#]", lines[i])), len(lines))
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1  # before the blank lines and the comments of the next section
        lines[end:end] = block
    return "\n".join(lines) + "\n"


def _document(project: Converted) -> str:
    front = yaml.dump(project.front, Dumper=_DUMPER, allow_unicode=True, sort_keys=False,
                      width=10_000, default_flow_style=False)
    return f"---\n{front}---\n\n{COMMENT.format(source=project.source)}{project.body}\n"


COMMENT = "<!-- Importé de beta.gouv.fr ({source}). -->\n\n"


def source_line(project: Converted, written: str, line: int | None) -> int | None:
    """The line of the startup file that a line of the written index.md comes from."""
    if line is None:
        return None
    first = written.index(COMMENT.format(source=project.source))
    body_first = written[:first].count("\n") + 1 + COMMENT.count("\n") + project.prefix_lines
    return project.body_line + line - body_first if line >= body_first else None


def _check(root: Path, programme: Programme, projects_dir: str,
           converted: dict[str, Converted], created: dict[str, Converted],
           options: Options, report: Report) -> None:
    """Check what was written; refuse (and remove) the new projects that have errors."""
    content = validate_tree(load_tree(root, projects_dir), programme)
    errors: dict[str, list[Problem]] = {}
    for problem in content.errors:
        parts = problem.path.split("/")
        if len(parts) > 1 and parts[0] == projects_dir and parts[1] in report.imported:
            errors.setdefault(parts[1], []).append(problem)
    for slug, problems in errors.items():
        project = converted[slug]
        written = (root / projects_dir / slug / "index.md").read_text(encoding="utf-8")
        for problem in problems:
            line = source_line(project, written, problem.line) \
                if problem.path.endswith("/index.md") else None
            where = "" if line else f" (dans {problem.path}" + (
                f", ligne {problem.line})" if problem.line else ")")
            report.refused.append(Refusal(project.source, line, problem.message + where,
                                          problem.code))
        if slug in created and not options.keep_invalid:
            shutil.rmtree(root / projects_dir / slug)
            report.imported.remove(slug)


def render_report(report: Report, source: Path) -> str:
    """The report, in French: what was imported, refused, and not mapped."""
    if report.error:
        return f"Import impossible : {report.error}\n"
    out = [f"Import de {source} : {report.read} fiche(s) lue(s).",
           f"  {len(report.imported)} projet(s) écrit(s) dans projects/."]
    if report.existing:
        out.append(f"  {len(report.existing)} dossier(s) déjà présent(s), laissé(s) tel(s) quel(s) "
                   "(--force pour les remplacer) : " + ", ".join(report.existing[:20])
                   + (" …" if len(report.existing) > 20 else ""))
    for name, count in sorted(report.added_terms.items()):
        out.append(f"  {count} terme(s) ajouté(s) à la liste « {name} » de programme.yml.")
    if report.refused:
        by_code = Counter(refusal.code for refusal in report.refused)
        files = len({refusal.source for refusal in report.refused})
        out.append(f"\n{files} fiche(s) refusée(s) ({len(report.refused)} raison(s) : "
                   + ", ".join(f"{code} {count}" for code, count in by_code.most_common())
                   + ") :")
        out.extend(f"  {refusal}" for refusal in report.refused)
    if report.notes.unmapped:
        out.append("\nChamps et valeurs non repris (nombre de fiches) :")
        out.extend(f"  {count:>4}  {name}" for name, count
                   in sorted(report.notes.unmapped.items(), key=lambda item: (-item[1], item[0])))
    if report.notes.converted:
        out.append("\nAdaptations :")
        out.extend(f"  {count:>4}  {name}" for name, count
                   in sorted(report.notes.converted.items(), key=lambda item: (-item[1], item[0])))
    out.append("\nEnsuite : « make check », puis « make build ».")
    return "\n".join(out) + "\n"
