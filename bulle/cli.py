"""Command line: `bulle check` validates the content and says what to fix, in French."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence, TextIO

from .load import load_tree
from .model import Problem
from .programme import load_programme
from .site import Settings
from .validate import validate_tree


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; return the exit status (0: fine, 1: errors, 2: usage)."""
    out = out or sys.stdout
    parser = argparse.ArgumentParser(prog="bulle", description="Outils du site Bulle.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="vérifier le contenu de projects/",
                                description="Vérifie les projets et le journal, et dit "
                                            "quoi corriger.")
    check.add_argument("--root", type=Path, default=Path("."),
                       help="dossier du site (celui qui contient projects/ et programme.yml)")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="« github » : annotations pour GitHub Actions")
    args = parser.parse_args(argv)
    return run_check(Settings(root=args.root), args.format, out)


def run_check(settings: Settings, style: str, out: TextIO) -> int:
    """Print every problem of the content; return 1 if any is an error."""
    programme, problems = load_programme(settings.root / settings.programme_file,
                                         settings.programme_file)
    counts = ""
    if programme is not None:
        content = validate_tree(load_tree(settings.root, settings.projects_dir), programme)
        problems += content.problems
        future = sum(1 for entry in content.entries if entry.date > settings.today)
        counts = (f"{len(content.projects)} projet(s) et {len(content.entries)} entrée(s) "
                  "de journal lus")
        if future:
            counts += f" ; {future} entrée(s) datée(s) dans le futur paraîtront à leur date"
    for problem in problems:
        print(format_problem(problem, style), file=out)
    errors = sum(problem.is_error for problem in problems)
    warnings = len(problems) - errors
    if errors:
        print(f"\n{errors} erreur(s), {warnings} avertissement(s). Corrigez les erreurs "
              "ci-dessus : chaque ligne donne le fichier, la ligne et quoi faire.", file=out)
        return 1
    summary = f"Contenu valide : {counts}." if counts else "Contenu valide."
    if warnings:
        summary += f" {warnings} avertissement(s) à regarder."
    print(summary, file=out)
    return 0


def format_problem(problem: Problem, style: str = "text") -> str:
    """One line per problem: `path:line: …`, or a GitHub workflow annotation."""
    if style != "github":
        return str(problem)
    level = "error" if problem.is_error else "warning"
    props = f"file={_escape_property(problem.path)}"
    if problem.line:
        props += f",line={problem.line}"
    props += ",title=" + _escape_property("Contenu Bulle")
    return f"::{level} {props}::{_escape_data(problem.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
