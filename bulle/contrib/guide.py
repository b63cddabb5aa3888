"""The guide's pages, template-owned, and their generated parts.

The guide (for contributors, and for a city that starts its own programme)
lives in `bulle/docs/`, not in the city's `docs/`: the template updates it
without ever touching a city's files. Its pages are published at the same
addresses as if they were in `docs/` (`contribuer/...`). They hold markers
such as `<!-- bulle:champs -->`; at build time each marker is replaced by
Markdown generated from the schema, the programme, the checker, the form's
settings or the table of file ownership. Nothing is written to disk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from bulle.content import schema as S
from bulle.contrib.cms import DECAP_INTEGRITY, DECAP_SCRIPT, DECAP_VERSION
from bulle.contrib.gallery import render_gallery
from bulle.content.model import Programme
from bulle.fork.ownership import TEMPLATE_PAGES, render_ownership
from bulle.programme.schema import PROGRAMME, VOCABULARIES
from bulle.content.body import REFUSED_TAGS
from bulle.pages.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES

PAGES = Path(__file__).parents[1] / "docs"
GUIDE_LANGUAGE = "fr"  # the language the guide is written in


@dataclass(frozen=True)
class GuidePage:
    src_uri: str  # its path as if it were in docs/, which makes its address
    nav: str  # label key of its entry in the navigation

    @property
    def repo_path(self) -> str:
        """Where the page's file is in the repository."""
        return f"{TEMPLATE_PAGES}{self.src_uri}"


GUIDE_PAGES = (
    GuidePage("contribuer/index.md", "nav.guide.index"),
    GuidePage("contribuer/ligne-de-commande.md", "nav.guide.cli"),
    GuidePage("contribuer/github.md", "nav.guide.github"),
    GuidePage("contribuer/formulaire.md", "nav.guide.form"),
    GuidePage("contribuer/champs.md", "nav.guide.fields"),
    GuidePage("contribuer/messages.md", "nav.guide.messages"),
    GuidePage("contribuer/nouvelle-ville.md", "nav.guide.fork"),
    GuidePage("contribuer/apres-material.md", "nav.guide.engines"),
)
GUIDE_REPO_PATHS = {page.src_uri: page.repo_path for page in GUIDE_PAGES}  # in the template

def render_guide_pages(programme: Programme) -> dict[str, str]:
    """{path as in docs/: Markdown with its markers replaced} for every guide page."""
    return {page.src_uri: expand_markers((PAGES / page.src_uri).read_text(encoding="utf-8"),
                                         programme)
            for page in GUIDE_PAGES}


MARKER = re.compile(r"^<!-- bulle:([a-z-]+) -->$", re.MULTILINE)
VOCABULARY_TITLES = {"phases": "Phases", "award_kinds": "Sortes de distinctions",
                     "entry_kinds": "Sortes d'entrées", "themes": "Thèmes",
                     "milestone_kinds": "Sortes de jalons", "audiences": "Publics",
                     "incubators": "Incubateurs", "organisations": "Administrations"}


def expand_markers(markdown: str, programme: Programme) -> str:
    """Replace every known `<!-- bulle:name -->` line by its generated Markdown."""
    if "<!-- bulle:" not in markdown:
        return markdown

    def replace(match: re.Match) -> str:
        render = RENDERERS.get(match.group(1))
        return render(programme).rstrip("\n") if render else match.group(0)

    return MARKER.sub(replace, markdown)


def render_field_reference(programme: Programme,
                           schemas: tuple[S.Schema, ...] = S.SCHEMAS, level: int = 2) -> str:
    """One table per kind of file, one row per field (nested fields included)."""
    parts = []
    for record in schemas:
        parts.append(f"{'#' * level} {record.title}\n\n{_cell(record.description)}\n")
        parts.append("| Champ | Obligatoire | Ce qu'il contient | À quoi il sert |")
        parts.append("|---|---|---|---|")
        shapes: dict[tuple, str] = {}  # lists of blocks already shown, by their fields
        for path, field in _walk(record.fields, shown=shapes):
            name = f"`{path}` ({field.label})" if field.label else f"`{path}`"
            content = _content(field, programme)
            same = shapes.get(_shape(field.items)) if field.items else None
            if same and same != path:  # vocabularies: one shape, shown once
                content += f" ; chacun avec les champs de `{same}[]`"
            parts.append(f"| {name} | {'oui' if field.required else 'non'} | "
                         f"{_cell(content)} | {_cell(field.help)} |")
        parts.append("")
    return "\n".join(parts)


def render_vocabularies(programme: Programme) -> str:
    """The identifiers a contributor may write in each vocabulary field."""
    language = programme.identity.language
    parts = []
    for name in VOCABULARIES:
        if not programme.vocabulary(name).terms:
            continue  # an optional list the programme does not use
        parts.append(f"### {VOCABULARY_TITLES.get(name, name)}\n")
        parts.append("| Identifiant | Libellé sur le site |")
        parts.append("|---|---|")
        for term in programme.vocabulary(name).terms:
            label = term.label(language)
            if term.description(language):
                label += f" : {term.description(language)}"
            parts.append(f"| `{term.id}` | {_cell(label)} |")
        parts.append("")
    return "\n".join(parts)


def render_decap(programme: Programme) -> str:
    """The pinned version of Decap CMS and the integrity hash the form checks."""
    return (f"| Réglage | Valeur |\n|---|---|\n| Version | Decap CMS {DECAP_VERSION} |\n"
            f"| Adresse du script | `{DECAP_SCRIPT}` |\n"
            f"| Empreinte (SRI) | `{DECAP_INTEGRITY}` |\n")


def render_html_policy(programme: Programme) -> str:
    """What the site keeps of the HTML written in a text, from the sanitiser's own policy."""
    tags = ", ".join(f"`<{tag}>`" for tag in sorted(ALLOWED_TAGS))
    refused = ", ".join(f"`<{tag}>`" for tag in sorted(REFUSED_TAGS))
    attributes = "; ".join(
        f"{'tous' if tag == '*' else f'`<{tag}>`'} : "
        + ", ".join(f"`{name}`" for name in sorted(names))
        for tag, names in sorted(ALLOWED_ATTRIBUTES.items()))
    schemes = ", ".join(f"`{scheme}:`" for scheme in sorted(URL_SCHEMES))
    return "\n".join([
        f"- **Balises gardées** : {tags}.",
        f"- **Attributs gardés** : {attributes} (les classes et identifiants seulement quand "
        "ils ne sont pas ceux du site lui-même).",
        f"- **Liens** : adresses {schemes} et chemins relatifs ; un lien qui sort du site "
        "reçoit `rel=\"noopener\"`.",
        "- **Images** : seulement les fichiers du dossier du projet, jamais une image d'un "
        "autre site.",
        f"- **Refusées par la vérification** (la page ne les publierait pas) : {refused}, "
        "tout attribut `on…` et toute adresse `javascript:`, `data:` ou `vbscript:`.",
        "- **Le reste** est retiré à la publication, son texte gardé : la vérification le "
        "signale par une « remarque ».",
    ]) + "\n"


RENDERERS: dict[str, Callable[[Programme], str]] = {
    "champs": render_field_reference,
    "programme": lambda programme: render_field_reference(programme, (PROGRAMME,), level=3),
    "vocabulaires": render_vocabularies,
    "messages": render_gallery,
    "decap": render_decap,
    "fichiers": lambda programme: render_ownership(),
    "html": render_html_policy,
}


def _shape(field: S.Field) -> tuple:
    """What a block holds, examples aside: its fields' names, kinds and whether required."""
    return tuple((child.name, child.kind, child.required) for child in field.fields)


def _walk(fields: tuple[S.Field, ...], prefix: str = "",
          shown: dict[tuple, str] | None = None) -> Iterator[tuple[str, S.Field]]:
    """Every field and its path; with `shown`, a list of blocks whose fields were already
    walked under another list is not walked again (`shown`: fields -> first list's path)."""
    for field in fields:
        path = f"{prefix}{field.name}"
        if field.kind == S.LIST and field.items is not None and field.items.kind == S.OBJECT:
            first = shown is None or shown.setdefault(_shape(field.items), path) == path
            yield path, field
            if first:
                yield from _walk(field.items.fields, f"{path}[].", shown)
        else:
            yield path, field
            if field.kind == S.OBJECT:
                yield from _walk(field.fields, f"{path}.", shown)


def _content(field: S.Field, programme: Programme) -> str:
    kind = field.kind
    item = field.items if kind == S.LIST else None
    if item is not None and item.kind == S.OBJECT:
        text = "liste de blocs (un par élément, chacun commençant par « - »)"
    elif item is not None:
        text = f"liste de : {_content(item, programme)}"
    else:
        text = S.KIND_LABELS[kind]
    if kind == S.TERM:
        ids = programme.vocabulary(field.vocabulary).ids
        text = f"un identifiant parmi : {', '.join(f'`{i}`' for i in ids)}"
    if kind == S.CHOICE:
        text = f"une valeur parmi : {', '.join(f'`{c}`' for c in field.choices)}"
    if kind == S.REPO_FILE:
        text += f" ({', '.join(field.suffixes)})"
    if kind == S.OBJECT and field.shorthand:
        text += f", ou le seul `{field.shorthand}` en texte"
    if field.minimum is not None and field.maximum is not None:
        text += f", de {field.minimum:g} à {field.maximum:g}"
    if field.max_length:
        text += f", {field.max_length} caractères au plus"
    if field.min_items:
        text += f", au moins {field.min_items}"
    if field.companion:
        text += f" ; demande aussi `{field.companion}`"
    if field.example is not None and kind not in (S.TERM, S.LIST, S.LINK_MAP):
        text += f" (ex. `{field.example}`)"
    return text


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")
