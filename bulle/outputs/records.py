"""Projects, entries and awards as plain JSON records, and the JSON Schema of each.

A record holds the front-matter fields as the validator kept them (copied
fields, described by `bulle.content.schema`) and computed ones (addresses, current
phase, counts), declared below with their help text. The records, their JSON
Schemas and the field lists of the /donnees/ page all come from these
declarations. Absent optional values are left out; lists are always there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable

from bulle.content import schema as S
from bulle.pages import urls
from bulle.programme.i18n import Translator
from bulle.content.json_schema import field_schema
from bulle.content.model import Award, Entry, Project
from bulle.freshness import freshness
from bulle.site import Site
from bulle.pages.transparency import ITEMS as TRANSPARENCY_ITEMS, transparency_status

_URL = {"type": "string", "format": "uri"}
_DATE = {"type": "string", "format": "date"}
_COUNT = {"type": "integer", "minimum": 0}


@dataclass(frozen=True)
class Computed:
    """A field of a published record that the site computes."""

    name: str
    help: str  # French, shown on /donnees/
    schema: dict
    value: Callable[[Site, Any], Any]  # None: the field is left out
    always: bool = True  # present in every record
    lead: bool = False  # shown before the copied fields


@dataclass(frozen=True)
class RecordType:
    """What one record of a published file holds."""

    name: str
    copied: tuple[S.Field, ...]  # front-matter fields, copied as validated
    computed: tuple[Computed, ...]
    holder: Callable[[Any], Any] = lambda item: item  # the model that has the copied fields

    def record(self, site: Site, item: Any) -> dict:
        """The record of `item`: leading computed fields, copied fields, other computed ones."""
        result: dict[str, Any] = {}
        for spec in self.computed:
            if spec.lead:
                result[spec.name] = spec.value(site, item)
        for spec in self.copied:
            result[spec.name] = _front_matter_value(self.holder(item), spec.name)
        for spec in self.computed:
            if not spec.lead:
                result[spec.name] = spec.value(site, item)
        return {name: plain(value) for name, value in result.items() if value is not None}

    def json_schema(self, site: Site) -> dict:
        """The JSON Schema of one record."""
        programme = site.programme
        t = Translator(programme.identity.language)
        properties = {spec.name: translated({"description": spec.help, **spec.schema}, t)
                      for spec in self.computed if spec.lead}
        properties.update({spec.name: field_schema(spec, programme) for spec in self.copied})
        properties.update({spec.name: translated({"description": spec.help, **spec.schema}, t)
                           for spec in self.computed if not spec.lead})
        required = [spec.name for spec in self.computed if spec.always]
        required += [spec.name for spec in self.copied
                     if spec.required or spec.kind in (S.LIST, S.LINK_MAP)]
        return {"type": "object", "properties": properties, "required": required,
                "additionalProperties": False}


def translated(schema: Any, t: Translator) -> Any:
    """A copy of a JSON Schema with its descriptions in the site's language."""
    if isinstance(schema, dict):
        return {key: t.text(value) if key == "description" and isinstance(value, str)
                else translated(value, t) for key, value in schema.items()}
    if isinstance(schema, list):
        return [translated(item, t) for item in schema]
    return schema


def plain(value: Any) -> Any:
    """A model value as JSON data: dates in ISO 8601, dataclasses as objects without None."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value):  # nested ones too (transparency), without their None
        return {spec.name: plain(getattr(value, spec.name))
                for spec in dataclasses.fields(value) if getattr(value, spec.name) is not None}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def _front_matter_value(item: Project | Entry | Award, name: str) -> Any:
    """The model's value of a front-matter field, in the front matter's shape."""
    if name in ("image", "image_alt"):
        image = getattr(item, "image", None)
        return None if image is None else (image.path if name == "image" else image.alt)
    if name == "links":
        return dict(item.links)
    return getattr(item, name)


def _absolute(site: Site, path: str) -> str:
    return urls.absolute(site.programme.identity.site_url, path)


def _image_url(site: Site, item: Project | Entry) -> str | None:
    slug = item.slug if isinstance(item, Project) else item.project
    return _absolute(site, urls.project_url(slug) + item.image.path) if item.image else None


def _current_phase(site: Site, project: Project) -> dict:
    phase = project.current_phase
    term = site.programme.phases[phase.name]
    result = {"name": phase.name, "label": term.label(site.programme.identity.language),
              "start": phase.start}
    if phase.end is not None:
        result["end"] = phase.end
    return result


_PHASE_SCHEMA = {
    "type": "object", "required": ["name", "label", "start"], "additionalProperties": False,
    "properties": {"name": {"type": "string", "description": "Identifiant de la phase."},
                   "label": {"type": "string", "description": "Nom de la phase."},
                   "start": {**_DATE, "description": "Début de la phase."},
                   "end": {**_DATE, "description": "Fin prévue ou constatée, si connue."}},
}
_PROJECT_FIELD = {"type": "string", "description": "Identifiant (slug) du projet."}

PROJECT_RECORD = RecordType(
    "projet",
    copied=tuple(spec for spec in S.PROJECT.fields if spec.name != "draft"),
    computed=(
        Computed("slug", "Identifiant du projet : le nom de son dossier, qui fait son adresse.",
                 {"type": "string", "pattern": S.SLUG_PATTERN.pattern},
                 lambda site, p: p.slug, lead=True),
        Computed("url", "Adresse de la page du projet.", _URL,
                 lambda site, p: _absolute(site, urls.project_url(p)), lead=True),
        Computed("current_phase", "Phase en cours : celle qui a commencé le plus tard.",
                 _PHASE_SCHEMA, _current_phase),
        Computed("entries_count", "Nombre d'entrées publiées dans son journal.", _COUNT,
                 lambda site, p: len(site.entries_of(p.slug))),
        Computed("last_entry_date", "Date de sa dernière entrée publiée, si elle existe.",
                 _DATE, lambda site, p: site.last_entry_date(p.slug), always=False),
        Computed("updated", "Date de sa dernière nouvelle : entrée, phase ou distinction.",
                 _DATE, lambda site, p: site.project_updated(p.slug), always=False),
        Computed("journal_url", "Adresse de son journal de bord.", _URL,
                 lambda site, p: _absolute(site, urls.project_journal_url(p))),
        Computed("feed_url", "Adresse du flux Atom de son journal.", _URL,
                 lambda site, p: _absolute(site, urls.project_feed_url(p))),
        Computed("image_url", "Adresse de son image, s'il en a une.", _URL, _image_url,
                 always=False),
        Computed("transparency_status",
                 "Les six éléments de transparence (statistiques, budget, impact, code source, "
                 "accessibilité, sécurité), dans cet ordre, publiés ou non : un élément non "
                 "publié y figure aussi, avec « published » à false.",
                 {"type": "array", "items": {
                     "type": "object", "required": ["name", "published"],
                     "additionalProperties": False,
                     "properties": {"name": {"enum": list(TRANSPARENCY_ITEMS)},
                                    "published": {"type": "boolean"}, "url": _URL,
                                    "date": _DATE, "note": {"type": "string"},
                                    "status": {"type": "string"}}}},
                 lambda site, p: [item.as_json() for item in transparency_status(p)]),
        Computed("silent", "Vrai quand le projet, dans une phase active, n'a donné aucune "
                 "nouvelle depuis plus longtemps que le seuil du programme.",
                 {"type": "boolean"}, lambda site, p: freshness(site, p).silent),
    ),
)

ENTRY_RECORD = RecordType(
    "entree",
    copied=tuple(spec for spec in S.ENTRY.fields if spec.name not in ("date", "summary", "draft")),
    computed=(
        Computed("project", "Identifiant du projet (voir projets.json).", _PROJECT_FIELD,
                 lambda site, e: e.project, lead=True),
        Computed("project_title", "Nom du projet.", {"type": "string"},
                 lambda site, e: site.project(e.project).title, lead=True),
        Computed("url", "Adresse de la page de l'entrée.", _URL,
                 lambda site, e: _absolute(site, urls.entry_url(e)), lead=True),
        Computed("date", "Date de l'entrée (celle du nom de son fichier).", _DATE,
                 lambda site, e: e.date, lead=True),
        Computed("summary", "Résumé : le champ « summary », sinon le début du texte.",
                 {"type": "string"}, lambda site, e: e.summary),
        Computed("image_url", "Adresse de son image, si elle en a une.", _URL, _image_url,
                 always=False),
    ),
)

AWARD_RECORD = RecordType(
    "distinction",
    copied=S.PROJECT.get("awards").items.fields,
    holder=lambda pair: pair[0],  # (award, project)
    computed=(
        Computed("project", "Identifiant du projet distingué (voir projets.json).",
                 _PROJECT_FIELD, lambda site, pair: pair[1].slug, lead=True),
        Computed("project_title", "Nom du projet distingué.", {"type": "string"},
                 lambda site, pair: pair[1].title, lead=True),
        Computed("project_url", "Adresse de la page du projet.", _URL,
                 lambda site, pair: _absolute(site, urls.project_url(pair[1]))),
    ),
)
