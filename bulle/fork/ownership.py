"""Which files belong to the template and which to the city that runs it.

A city edits only its own files; every other file comes from the template and
is updated by merging the template's new versions (`git pull upstream main`).
Since the two sets never overlap, those merges never conflict. The fork guide
prints the table below, and the tests check it against the repository.
"""

from __future__ import annotations

from dataclasses import dataclass

UPSTREAM = "https://github.com/exemple/bulle"  # the template's own repository
UPSTREAM_BRANCH = "main"
TEMPLATE_PAGES = "bulle/docs/"  # template-owned pages of the site: the guide


@dataclass(frozen=True)
class Owned:
    path: str  # a file, or a folder when it ends with "/"
    city: bool  # True: the city's; False: the template's
    what: str  # French, for the fork guide


OWNERSHIP = (
    Owned("programme.yml", True, "l'identité du programme (nom, ville, adresses, langue, "
                                 "logo, couleurs, pages légales) et ses vocabulaires"),
    Owned("mkdocs.yml", True, "quelques lignes : il hérite de `hooks/mkdocs.base.yml` "
                              "(`INHERIT`) ; on peut y ajouter ses propres réglages MkDocs"),
    Owned("docs/", True, "les pages écrites à la main : l'accueil (`index.md`), « Le "
                         "programme », les autres pages de la ville, le logo et le favicon"),
    Owned("projects/", True, "les projets et leurs journaux de bord"),
    Owned("bulle/", False, "le cœur : vérification, pages générées, libellés (`locales/`), "
                           "styles, et les pages du guide (`docs/`)"),
    Owned("hooks/", False, "l'adaptateur MkDocs, la configuration de base "
                           "(`mkdocs.base.yml`) et les retouches du thème"),
    Owned("scripts/", False, "la ligne de commande (`bulle.py`) et le banc d'essai"),
    Owned("tests/", False, "les tests, et leur copie de l'exemple de Pau (`tests/sites/pau/`)"),
    Owned(".github/", False, "les workflows (vérification, publication) et le modèle de "
                             "pull request"),
    Owned(".ci/", False, "l'intégration continue du modèle"),
    Owned("Makefile", False, "les commandes `make`"),
    Owned("README.md", False, "la présentation de Bulle"),
    Owned("requirements.txt", False, "les versions exactes des dépendances Python"),
    Owned("requirements-properdocs.txt", False, "la version exacte de ProperDocs, l'autre "
                                                "moteur que les tests essaient"),
    Owned("requirements-zensical.txt", False, "les versions exactes de Zensical, qui "
                                              "construit le site exporté (`make export`)"),
    Owned("pyproject.toml", False, "la description du paquet Python"),
    Owned("package.json", False, "les outils de test venus de npm"),
    Owned("package-lock.json", False, "leurs versions exactes"),
    Owned(".gitignore", False, "les fichiers que Git ignore"),
)


def is_city_owned(path: str) -> bool:
    """Whether `path` (from the repository root, with "/") belongs to the city."""
    return any(path == item.path or (item.path.endswith("/") and path.startswith(item.path))
               for item in OWNERSHIP if item.city)


def upstream_edit_url(path: str) -> str:
    """GitHub's editor for a template-owned file, in the template's repository."""
    return f"{UPSTREAM}/edit/{UPSTREAM_BRANCH}/{path}"


def render_ownership() -> str:
    """The table of the fork guide: each file or folder, whose it is, what it holds."""
    rows = ["| Fichier ou dossier | À qui | Ce qu'il contient |", "|---|---|---|"]
    for item in sorted(OWNERSHIP, key=lambda item: not item.city):
        owner = "**la ville** : à vous de l'écrire" if item.city else \
            "le modèle : ne pas modifier"
        rows.append(f"| `{item.path}` | {owner} | {item.what} |")
    return "\n".join(rows) + "\n"
