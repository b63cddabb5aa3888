"""The projects as one table: a CSV file (UTF-8, comma, header row) and its Table Schema.

The columns are declared once below; the CSV header and rows, the Table
Schema (Frictionless Data, as schema.data.gouv.fr publishes them) and the
/donnees/ page all come from these declarations.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any, Callable

from bulle.content import schema as S
from bulle.pages import urls
from bulle.programme.i18n import Translator
from bulle.content.model import Project
from bulle.site import Site

CSV_PATH = "api/projets.csv"
TABLE_SCHEMA_PATH = "api/projets.tableschema.json"
TABLE_SCHEMA_PROFILE = "https://frictionlessdata.io/schemas/table-schema.json"
SEPARATOR = ";"  # between the items of a list in one cell
TITLE = "Projets, en tableau"
DESCRIPTION = ("Une ligne par projet public du programme, pour un tableur : fichier CSV en "
               "UTF-8, séparé par des virgules, avec une ligne d'en-tête. Un texte qui "
               "commence par =, +, -, @, une tabulation ou un retour chariot est précédé "
               "d'une apostrophe ('), pour qu'un tableur ne le prenne pas pour une formule.")
# Cells a spreadsheet would run as a formula (OWASP, "CSV injection"). The columns of
# type integer or date never start with one: counts are never negative, dates are ISO.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str
    title: str  # French
    description: str  # French
    type: str  # Table Schema type: string, integer, date
    value: Callable[[Site, Project], Any]  # None: empty cell
    format: str | None = None
    constraints: Callable[[Site], dict] = field(default=lambda site: {})


def _phase_ids(site: Site) -> dict:
    return {"required": True, "enum": list(site.programme.phases.ids)}


def _theme_list(site: Site) -> dict:
    ids = "|".join(site.programme.themes.ids)
    return {"pattern": f"({ids})({SEPARATOR}({ids}))*"}


def _required(site: Site) -> dict:
    return {"required": True}


def _count(site: Site) -> dict:
    return {"required": True, "minimum": 0}


def _accessibility(project: Project) -> str | None:
    transparency = project.transparency
    return transparency.accessibility.status if transparency and transparency.accessibility \
        else None


def _indicator_url(name: str) -> Callable[[Site, Project], str | None]:
    def value(site: Site, project: Project) -> str | None:
        indicator = getattr(project.transparency, name, None) if project.transparency else None
        return indicator.url if indicator else None
    return value


def _funding(project: Project) -> int | float | None:
    amounts = [award.amount for award in project.awards if award.amount is not None]
    return sum(amounts) if amounts else None


COLUMNS = (
    Column("slug", "Identifiant", "Nom du dossier du projet, qui fait son adresse.", "string",
           lambda site, p: p.slug,
           constraints=lambda site: {"required": True, "unique": True,
                                     "pattern": S.SLUG_PATTERN.pattern.strip("^$")}),
    Column("title", "Nom", "Nom du projet.", "string", lambda site, p: p.title,
           constraints=_required),
    Column("pitch", "Mission", "Sa mission en une phrase.", "string", lambda site, p: p.pitch,
           constraints=_required),
    Column("phase", "Phase en cours", "Identifiant de la phase en cours (voir projets.json).",
           "string", lambda site, p: p.current_phase.name, constraints=_phase_ids),
    Column("phase_label", "Nom de la phase en cours", "Nom de la phase en cours.", "string",
           lambda site, p: site.programme.phases[p.current_phase.name].label(
               site.programme.identity.language), constraints=_required),
    Column("phase_start", "Début de la phase en cours", "Date de début de la phase en cours.",
           "date", lambda site, p: p.current_phase.start, constraints=_required),
    Column("cohort", "Promotion", "Promotion du programme.", "string", lambda site, p: p.cohort),
    Column("themes", "Thèmes", f"Identifiants des thèmes, séparés par « {SEPARATOR} ».",
           "string", lambda site, p: SEPARATOR.join(p.themes), constraints=_theme_list),
    Column("sponsors", "Sponsors", f"Sponsors du projet, séparés par « {SEPARATOR} ».",
           "string", lambda site, p: SEPARATOR.join(p.sponsors)),
    Column("awards_count", "Distinctions", "Nombre de prix, financements, labels et articles.",
           "integer", lambda site, p: len(p.awards), constraints=_count),
    Column("entries_count", "Entrées", "Nombre d'entrées publiées dans son journal.", "integer",
           lambda site, p: len(site.entries_of(p.slug)), constraints=_count),
    Column("last_entry_date", "Dernière entrée", "Date de sa dernière entrée, si elle existe.",
           "date", lambda site, p: site.last_entry_date(p.slug)),
    Column("url", "Adresse", "Adresse de la page du projet.", "string",
           lambda site, p: urls.absolute(site.programme.identity.site_url, urls.project_url(p)),
           format="uri", constraints=_required),
    # Added with issue 11, after the first columns so that existing readers keep working.
    Column("incubator", "Incubateur", "Identifiant de l'incubateur qui accompagne le projet.",
           "string", lambda site, p: p.incubator),
    Column("organisation", "Administration", "Identifiant de l'administration qui porte le projet.",
           "string", lambda site, p: p.organisation),
    Column("audiences", "Publics", f"Identifiants des publics du service, séparés par « {SEPARATOR} ».",
           "string", lambda site, p: SEPARATOR.join(p.audiences)),
    Column("accessibility", "Accessibilité", "État de conformité au RGAA déclaré par le service.",
           "string", lambda site, p: _accessibility(p),
           constraints=lambda site: {"enum": list(S.ACCESSIBILITY_STATUSES)}),
    *(Column(f"{name}_url", title, description, "string", _indicator_url(name), format="uri")
      for name, title, description in (
          ("stats", "Statistiques", "Adresse de ses statistiques publiques."),
          ("budget", "Budget", "Adresse de son budget publié."),
          ("impact", "Mesure d'impact", "Adresse de sa mesure d'impact publiée."),
          ("source_code", "Code source", "Adresse de son code source."))),
    Column("funding", "Financements (€)",
           "Somme des montants en euros de ses distinctions, quand elles en ont un.", "number",
           lambda site, p: _funding(p)),
    Column("milestones_count", "Jalons", "Nombre de jalons datés (comités, lancement…).",
           "integer", lambda site, p: len(p.milestones), constraints=_count),
)


def render_csv(site: Site) -> str:
    """One row per public project, by title; dates in ISO 8601, empty cell when unknown,
    texts neutralised against formulas (`neutralise`)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)  # RFC 4180: comma, double quotes when needed, CRLF
    writer.writerow([column.name for column in COLUMNS])
    for project in site.projects:
        writer.writerow([_cell(column.value(site, project)) for column in COLUMNS])
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def neutralise(text: str) -> str:
    """Prefix with « ' » a text that a spreadsheet would read as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def table_schema(site: Site) -> dict:
    """The Table Schema of the CSV file, with its licence."""
    identity = site.programme.identity
    t = Translator(identity.language)
    fields = []
    for column in COLUMNS:
        item = {"name": column.name, "title": t.text(column.title),
                "description": t.text(column.description),
                "type": column.type}
        if column.format:
            item["format"] = column.format
        constraints = column.constraints(site)
        if constraints:
            item["constraints"] = constraints
        fields.append(item)
    result = {
        "$schema": TABLE_SCHEMA_PROFILE,
        "name": "projets",
        "title": f"{t.text(TITLE)} – {identity.name}",
        "description": t.text(DESCRIPTION),
        "path": urls.absolute(identity.site_url, TABLE_SCHEMA_PATH),
        "homepage": urls.absolute(identity.site_url, urls.DATA),
        "resources": [{"title": t.text(TITLE), "path": urls.absolute(identity.site_url, CSV_PATH)}],
        "licenses": [identity.licence.as_table_schema()],
        "fields": fields,
        "primaryKey": ["slug"],
        "missingValues": [""],
    }
    if site.updated is not None:
        result["lastModified"] = site.updated.isoformat()
    return result
