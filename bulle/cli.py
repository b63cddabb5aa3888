"""Command line, in French: `check` says what to fix, `new` starts an entry, a project or a city."""

from __future__ import annotations

import argparse
import html
import datetime as dt
import sys
from pathlib import Path
from typing import Sequence, TextIO

from bulle.content.files import folder_problems
from bulle.fork.importers.run import Options, import_betagouv, render_report
from bulle.content.load import load_tree
from bulle.content.model import Problem, Programme
from bulle.fork.answers import QUESTIONS, gather
from bulle.fork.newcity import check_tree, create_city
from bulle.programme.load import load_programme
from bulle.contrib.scaffold import create_entry, create_project
from bulle.freshness import render_report as render_silent_report
from bulle.contrib.review import Review
from bulle.outputs.export import CONFIG, STAMP, render_export, write_export
from bulle.outputs.search import SearchError
from bulle.pages.markdown_html import site_markdown_options
from bulle.site import Settings, load_site
from bulle.content.text import show_invalid_chars
from bulle.content.validate import validate_tree


def _root_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="dossier du site (celui qui contient projects/ et programme.yml)")


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; return the exit status (0: fine, 1: errors, 2: usage)."""
    out = out or sys.stdout
    parser = argparse.ArgumentParser(prog="bulle", description="Outils du site Bulle.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="vérifier le contenu de projects/",
                                description="Vérifie les projets et le journal, et dit "
                                            "quoi corriger.")
    _root_argument(check)
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="« github » : annotations pour GitHub Actions")
    report = commands.add_parser(
        "report", help="les projets sans nouvelles, pour l'équipe du programme",
        description="Liste les projets en phase active sans nouvelle depuis plus de "
                    "« silent_after_months » mois (programme.yml), du plus ancien silence au "
                    "plus récent, avec leurs sponsors et leur dernière nouvelle.")
    _root_argument(report)
    report.add_argument("--format", choices=("text", "markdown"), default="text",
                        help="« markdown » : résumé de tâche pour GitHub Actions")
    review = commands.add_parser(
        "review", help="ce qu'une pull request publiera, pour la relecture",
        description="Écrit en Markdown (résumé de tâche GitHub) chaque projet ou entrée "
                    "parmi les fichiers donnés, tel qu'il sera publié, avec les messages de "
                    "la vérification.")
    review.add_argument("paths", nargs="*", help="fichiers modifiés, chemins depuis --root")
    review.add_argument("--stdin", action="store_true",
                        help="lire aussi les chemins sur l'entrée standard, séparés par des "
                             "caractères NUL (git diff --name-only -z)")
    _root_argument(review)
    export = commands.add_parser(
        "export", help="le site en dossier simple, pour un moteur sans extensions (Zensical)",
        description="Écrit dans DOSSIER les pages du site, déjà converties et filtrées, "
                    "ses fichiers de données, ses images et un mkdocs.yml : un moteur sans "
                    "extensions (Zensical, ProperDocs, MkDocs) le construit tel quel.")
    export.add_argument("folder", type=Path, metavar="DOSSIER",
                        help="dossier à écrire (vide, absent, ou un export précédent)")
    _root_argument(export)
    new = commands.add_parser("new", help="créer une entrée de journal, un projet ou une ville",
                              description="Crée un fichier prêt à remplir, sans jamais "
                                          "écraser un fichier existant.")
    kinds = new.add_subparsers(dest="kind", required=True)
    entry = kinds.add_parser("entry", help="nouvelle entrée du journal d'un projet",
                             description="Crée projects/<projet>/journal/"
                                         "AAAA-MM-JJ-mots-du-titre.md et affiche son chemin.")
    entry.add_argument("project", help="nom du dossier du projet (ex. notre-projet)")
    entry.add_argument("title", nargs="?", help="titre de l'entrée (demandé s'il manque)")
    entry.add_argument("--date", type=_date, help="date de l'entrée, AAAA-MM-JJ "
                                                  "(par défaut : aujourd'hui)")
    project = kinds.add_parser("project", help="nouveau projet",
                               description="Crée projects/<nom>/index.md, commenté.")
    project.add_argument("slug", help="nom du dossier : minuscules, chiffres et tirets "
                                      "(ex. mon-projet)")
    city = kinds.add_parser(
        "city", help="remplacer l'exemple de Pau par votre programme",
        description="Demande (ou lit dans les options) l'identité de votre programme, "
                    "l'écrit dans programme.yml, retire les projets et les textes de "
                    "l'exemple de Pau et le bandeau de démonstration, puis écrit une page "
                    "d'accueil et un projet d'exemple en brouillon. Entrée garde la valeur "
                    "proposée entre crochets.")
    for question in QUESTIONS:
        city.add_argument("--" + question.key.replace("_", "-"), metavar="TEXTE",
                          help=question.prompt)
    city.add_argument("--force", action="store_true",
                      help="le faire même si le dépôt a déjà été modifié")
    imports = commands.add_parser(
        "import", help="importer les projets d'un autre catalogue",
        description="Écrit projects/<projet>/index.md pour chaque fiche, sans jamais "
                    "remplacer un dossier existant (sauf --force), puis dit ce qui a été "
                    "importé, refusé, et ce qui n'a pas pu être repris.")
    origins = imports.add_subparsers(dest="origin", required=True)
    betagouv = origins.add_parser(
        "betagouv", help="fiches produit de beta.gouv.fr (content/_startups/*.md)",
        description="Importe les fiches d'une copie du dépôt github.com/betagouv/beta.gouv.fr.")
    betagouv.add_argument("source", type=Path, help="dossier de la copie du dépôt beta.gouv.fr")
    betagouv.add_argument("--only", default="", metavar="FICHE,FICHE",
                          help="seulement ces fiches (noms de fichiers sans .md)")
    betagouv.add_argument("--incubator", metavar="ID",
                          help="seulement les fiches de cet incubateur (ex. anct)")
    betagouv.add_argument("--force", action="store_true",
                          help="remplacer l'index.md des dossiers qui existent déjà")
    betagouv.add_argument("--with-team", action="store_true",
                          help="reprendre l'équipe (membres actuels et anciens) des fiches "
                               "des personnes (content/_authors)")
    betagouv.add_argument("--add-terms", action="store_true",
                          help="ajouter à programme.yml les thèmes, publics et incubateurs "
                               "qui y manquent (sinon ces valeurs ne sont pas reprises)")
    betagouv.add_argument("--keep-invalid", action="store_true",
                          help="garder les projets que la vérification refuse, pour les "
                               "corriger à la main")
    betagouv.add_argument("--table", type=Path, metavar="FICHIER",
                          help="table de correspondance des identifiants (par défaut "
                               "bulle/importers/betagouv.yml)")
    for sub in (entry, project, city, betagouv):
        sub.add_argument("--root", type=Path, default=Path("."),
                         help="dossier du site (celui qui contient projects/)")
    args = parser.parse_args(argv)
    if args.command == "import":
        return run_import(args, Settings(root=args.root), out)
    if args.command == "new" and args.kind == "city":
        return run_new_city(args, Settings(root=args.root), out)
    if args.command == "new":
        return run_new(args, Settings(root=args.root), out)
    if args.command == "review":
        paths = list(args.paths)
        if args.stdin:
            paths += [path for path in sys.stdin.read().split("\0") if path]
        return run_review(Settings(root=args.root), paths, out)
    if args.command == "export":
        return run_export(Settings(root=args.root, markdown=site_markdown_options()),
                          args.folder, out)
    if args.command == "report":
        return run_report(Settings(root=args.root), args.format, out)
    return run_check(Settings(root=args.root), args.format, out)


def _programme_or_report(settings: Settings, out: TextIO) -> Programme | None:
    """The programme file, or None after printing why it cannot be used."""
    programme, problems = load_programme(settings.root / settings.programme_file,
                                         settings.programme_file)
    if programme is None:
        for problem in problems:
            print(problem, file=out)
    return programme


def run_new(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Create the file asked for, print its path and what the checker says of it."""
    programme = _programme_or_report(settings, out)
    if programme is None:
        return 1
    if args.kind == "entry":
        title = args.title if args.title is not None else _ask("Titre de l'entrée : ", out)
        created, problems = create_entry(settings.root, args.project, title,
                                         args.date or settings.today, programme,
                                         settings.projects_dir)
        what = "Nouvelle entrée"
    else:
        created, problems = create_project(settings.root, args.slug, settings.today,
                                           programme, settings.projects_dir)
        what = "Nouveau projet"
    if created is None:
        for problem in problems:
            print(problem, file=out)
        return 1
    print(f"{what} : {created.rel}", file=out)
    content = validate_tree(load_tree(settings.root, settings.projects_dir), programme)
    remaining = [problem for problem in content.problems if problem.path == created.rel]
    if remaining:
        print("\nÀ compléter avant publication (la vérification dit) :", file=out)
        for problem in remaining:
            print(f"  {problem}", file=out)
    else:
        print("La vérification ne signale aucun problème dans ce fichier.", file=out)
    print("\nOuvrez le fichier, suivez les commentaires « # », puis lancez « make check ».",
          file=out)
    return 0


def run_new_city(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Ask for the identity, replace the sample, then check the result."""
    programme = _programme_or_report(settings, out)
    if programme is None:
        return 1
    reasons = check_tree(settings.root, programme, settings.projects_dir)
    if reasons and not args.force:
        print("« new city » n'a rien modifié :", file=out)
        for reason in reasons:
            print(f"  - {reason}", file=out)
        print("Si c'est bien ce que vous voulez, relancez avec --force "
              "(make city FORCE=1).", file=out)
        return 1
    given = {question.key: getattr(args, question.key) for question in QUESTIONS}
    answers, errors = gather(given, settings.root, lambda prompt: _ask_or_none(prompt, out))
    if errors:
        print("« new city » n'a rien modifié :", file=out)
        for error in errors:
            print(f"  - {error}", file=out)
        return 1
    changes = create_city(settings.root, answers, programme, settings.today,
                          settings.projects_dir, settings.programme_file)
    print(f"\nNouveau programme : {answers['name']} ({answers['city']})", file=out)
    if changes.removed:
        print(f"  retiré (l'exemple de Pau) : {', '.join(changes.removed)}", file=out)
    print(f"  écrit : {', '.join(changes.written)}", file=out)
    print(f"  {changes.example} est un brouillon (draft: true) : il n'est pas publié.",
          file=out)
    print("", file=out)
    status = run_check(settings, "text", out)
    print("\nEnsuite : regardez le site (make serve), racontez le programme dans "
          "docs/index.md et docs/programme.md,\nprésentez un premier projet (make project "
          "SLUG=nom-du-projet), puis enregistrez : git add -A && git commit.\n"
          "Le guide « Reprendre Bulle dans votre ville » dit comment publier le site.",
          file=out)
    return status


def run_import(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Import another catalogue's files; 1 when nothing could be imported."""
    options = Options(only=tuple(name.strip() for name in args.only.split(",") if name.strip()),
                      incubator=args.incubator, force=args.force, with_team=args.with_team,
                      add_terms=args.add_terms, keep_invalid=args.keep_invalid,
                      table=args.table)
    report = import_betagouv(args.source, settings.root, options, settings.programme_file,
                             settings.projects_dir)
    print(render_report(report, args.source), end="", file=out)
    return 1 if report.error or (report.refused and not report.imported) else 0


def _ask_or_none(prompt: str, out: TextIO) -> str | None:
    """One answer from standard input; None when it is closed (nobody to ask)."""
    if sys.stdin.isatty():
        print(prompt, end="", file=out, flush=True)
    line = sys.stdin.readline()
    return line.strip() if line else None


def _ask(prompt: str, out: TextIO) -> str:
    """Read one line from standard input, showing `prompt` to people at a terminal."""
    if sys.stdin.isatty():
        print(prompt, end="", file=out, flush=True)
    line = sys.stdin.readline()
    return line.strip()


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date « {text} » invalide, attendu AAAA-MM-JJ")


def run_check(settings: Settings, style: str, out: TextIO) -> int:
    """Print every problem of the content; return 1 if any is an error."""
    programme, problems = load_programme(settings.root / settings.programme_file,
                                         settings.programme_file)
    counts = ""
    problems += folder_problems(settings.root, settings.docs_dir)
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
    notices = sum(problem.is_notice for problem in problems)
    warnings = len(problems) - errors - notices
    if errors:
        print(f"\n{errors} erreur(s), {warnings} avertissement(s). Corrigez les erreurs "
              "ci-dessus : chaque ligne donne le fichier, la ligne et quoi faire.", file=out)
        return 1
    summary = f"Contenu valide : {counts}." if counts else "Contenu valide."
    if warnings:
        summary += f" {warnings} avertissement(s) à regarder."
    if notices:
        summary += f" {notices} remarque(s) : ce qui sera retiré à la publication."
    print(summary, file=out)
    return 0


def run_review(settings: Settings, paths: Sequence[str], out: TextIO) -> int:
    """Print the review of `paths`. It only informs: `check` is what fails a pull request."""
    programme, problems = load_programme(settings.root / settings.programme_file,
                                         settings.programme_file)
    if programme is None:
        print(f"## Relecture\n\n<pre>{html.escape(chr(10).join(map(str, problems)))}</pre>",
              file=out)
        return 1
    content = validate_tree(load_tree(settings.root, settings.projects_dir), programme)
    problems = problems + content.problems
    review = Review(programme, content, settings.root, settings.today, settings.projects_dir)
    print(review.render(paths, problems), file=out)
    return 0


def run_report(settings: Settings, style: str, out: TextIO) -> int:
    """Print the silent projects; when the content cannot be read, say why (status 1)."""
    site, problems = load_site(settings)
    if site is None:
        return _needs_valid_content(problems, "Le rapport", out)
    print(render_silent_report(site, style), file=out, end="")
    return 0


def _needs_valid_content(problems: list[Problem], what: str, out: TextIO) -> int:
    """Print the errors that stop `what` (« Le rapport »…), and say so: status 1."""
    for problem in problems:
        if problem.is_error:
            print(format_problem(problem), file=out)
    print(f"\n{what} a besoin d'un contenu sans erreur : corrigez les erreurs "
          "ci-dessus (« make check » les liste aussi).", file=out)
    return 1


def run_export(settings: Settings, folder: Path, out: TextIO) -> int:
    """Write the export of the site into `folder`; 1 when the content or the folder forbids it."""
    refusal = _export_refusal(settings, folder)
    if refusal:
        print(f"{folder}: erreur : {refusal}", file=out)
        return 1
    site, problems = load_site(settings)
    problems += folder_problems(settings.root, settings.docs_dir)  # links, special files
    if site is None or any(problem.is_error for problem in problems):
        return _needs_valid_content(problems, "L'export", out)
    export = render_export(site)
    try:
        write_export(export, folder)
    except SearchError as error:
        print(f"{folder}: erreur : l'index de la recherche n'a pas pu être fait : {error}",
              file=out)
        return 1
    print(f"Export écrit dans {folder} : {len(export.pages)} pages, "
          f"{len(export.files) + len(export.copies) - len(export.pages)} autres fichiers.\n"
          f"Pour le construire avec Zensical : make export DIR={folder} ENGINE=zensical "
          f"(ou, Zensical installé : zensical build -f {folder / CONFIG})", file=out)
    return 0


def _export_refusal(settings: Settings, folder: Path) -> str | None:
    """Why the export may not be written into `folder` (None when it may)."""
    target = folder.resolve()
    for kept in (settings.projects_dir, settings.docs_dir):
        inside = (settings.root / kept).resolve()
        if target == inside or inside in target.parents or target in inside.parents:
            return (f"l'export ne s'écrit ni dans « {kept}/ » ni autour : choisissez un "
                    "dossier à part (par exemple build/export)")
    if target.exists() and not target.is_dir():
        return "ce chemin est un fichier : donnez un dossier"
    if target.is_dir() and any(target.iterdir()) and not (target / STAMP).is_file():
        return ("le dossier n'est pas vide et ne vient pas d'un export : choisissez un "
                "dossier vide ou absent")
    return None


def format_problem(problem: Problem, style: str = "text") -> str:
    """One line per problem: `path:line: …`, or a GitHub workflow annotation."""
    if style != "github":
        return str(problem)
    level = {"error": "error", "notice": "notice"}.get(problem.severity, "warning")
    props = f"file={_escape_property(problem.path)}"
    if problem.line:
        props += f",line={problem.line}"
    props += ",title=" + _escape_property("Contenu Bulle")
    return f"::{level} {props}::{_escape_data(show_invalid_chars(problem.message))}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
