"""The programme's open data files, their schemas, and what /donnees/ says about them.

`render_open_data(site)` returns {site path: text}; every file is written by
`json` or `csv`, never by hand. Each JSON file carries its metadata (title,
publisher, licence, schema, date of the latest change) next to its records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bulle.content import schema as S
from bulle.pages import urls
from bulle.aggregate import awards_by_year
from bulle.programme.i18n import Translator
from bulle.content.json_schema import DRAFT, front_matter_schema
from bulle.outputs.project_table import CSV_PATH, TABLE_SCHEMA_PATH, render_csv, table_schema
from bulle.outputs.records import AWARD_RECORD, ENTRY_RECORD, PROJECT_RECORD, RecordType
from bulle.programme.schema import PROGRAMME
from bulle.site import Site

API = "api/"
SCHEMAS = "schema/"
FRONT_MATTER_SCHEMAS = {S.PROJECT.name: f"{SCHEMAS}projet.schema.json",
                        S.ENTRY.name: f"{SCHEMAS}entree.schema.json"}
# For the city's team, in the guide's language (French): programme.yml in an editor.
PROGRAMME_SCHEMA = f"{SCHEMAS}programme.schema.json"


@dataclass(frozen=True)
class JsonFile:
    """One published JSON file: a list of records under `key`, with their vocabularies."""

    path: str
    key: str
    title: str
    description: str
    record: RecordType
    vocabularies: tuple[str, ...]

    @property
    def schema_path(self) -> str:
        return self.path.removesuffix(".json") + ".schema.json"


JSON_FILES = (
    JsonFile(f"{API}projets.json", "projects", "Projets",
             "Chaque projet public : sa mission, sa phase en cours et tout l'historique de "
             "ses phases, son équipe, ses distinctions et son activité.",
             PROJECT_RECORD, ("phases", "themes", "award_kinds")),
    JsonFile(f"{API}journal.json", "entries", "Journal de bord",
             "Chaque entrée publiée des journaux de bord, des plus récentes aux plus anciennes.",
             ENTRY_RECORD, ("entry_kinds",)),
    JsonFile(f"{API}palmares.json", "awards", "Palmarès",
             "Chaque prix, financement, label ou article de presse reçu par un projet, "
             "du plus récent au plus ancien.",
             AWARD_RECORD, ("award_kinds",)),
)


def render_open_data(site: Site) -> dict[str, str]:
    """Every open data file and schema, by its path on the site."""
    files: dict[str, str] = {}
    for spec in JSON_FILES:
        files[spec.path] = dump_json(json_document(site, spec))
        files[spec.schema_path] = dump_json(json_file_schema(site, spec))
    files.update(project_files(site))
    files[CSV_PATH] = render_csv(site)
    files[TABLE_SCHEMA_PATH] = dump_json(table_schema(site))
    for record_schema in S.SCHEMAS:
        path = FRONT_MATTER_SCHEMAS[record_schema.name]
        files[path] = dump_json(front_matter_schema(record_schema, site.programme,
                                                    _absolute(site, path)))
    files[PROGRAMME_SCHEMA] = dump_json(front_matter_schema(
        PROGRAMME, site.programme, _absolute(site, PROGRAMME_SCHEMA)))
    return files


PROJECT_FILE_SCHEMA = f"{API}projet.schema.json"
PROJECT_FILE_TITLE = "Un projet"
PROJECT_FILE_DESCRIPTION = "Un projet public, tel que le décrit projets.json."


def project_file_path(slug: str) -> str:
    return f"{API}projets/{slug}.json"


def project_files(site: Site) -> dict[str, str]:
    """/api/projets/<slug>.json: one project's record, the same as in projets.json."""
    t = Translator(site.programme.identity.language)
    spec = JSON_FILES[0]
    files = {}
    for project in site.projects:
        files[project_file_path(project.slug)] = dump_json({
            **metadata(site, project.title, project.pitch, PROJECT_FILE_SCHEMA),
            "vocabularies": {name: vocabulary(site, name) for name in spec.vocabularies},
            "project": spec.record.record(site, project)})
    schema = json_file_schema(site, spec)
    schema["$id"] = _absolute(site, PROJECT_FILE_SCHEMA)
    schema["title"] = f"{t.text(PROJECT_FILE_TITLE)} – {site.programme.identity.name}"
    schema["description"] = t.text(PROJECT_FILE_DESCRIPTION)
    records = schema["properties"].pop(spec.key)
    schema["properties"]["project"] = records["items"]
    schema["required"] = [name if name != spec.key else "project" for name in schema["required"]]
    files[PROJECT_FILE_SCHEMA] = dump_json(schema)
    return files


def dump_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def items(site: Site, spec: JsonFile) -> list:
    """What the file lists, in its order."""
    if spec.key == "projects":
        return list(site.projects)
    if spec.key == "entries":
        return list(site.entries)
    return [pair for _year, pairs in awards_by_year(site.projects) for pair in pairs]


def json_document(site: Site, spec: JsonFile) -> dict:
    """The whole file: metadata, vocabularies, then the records."""
    t = Translator(site.programme.identity.language)
    return {**metadata(site, t.text(spec.title), t.text(spec.description), spec.schema_path),
            "vocabularies": {name: vocabulary(site, name) for name in spec.vocabularies},
            spec.key: [spec.record.record(site, item) for item in items(site, spec)]}


def metadata(site: Site, title: str, description: str, schema_path: str) -> dict:
    """What every published file says about itself."""
    identity = site.programme.identity
    result = {
        "title": f"{title} – {identity.name}",
        "description": description,
        "publisher": {"name": identity.organisation or identity.name,
                      "url": identity.site_url},
        "licence": identity.licence.as_json(),
        "documentation": _absolute(site, urls.DATA),
        "schema": _absolute(site, schema_path),
    }
    if site.updated is not None:
        result["updated"] = site.updated.isoformat()
    return result


def vocabulary(site: Site, name: str) -> list[dict]:
    language = site.programme.identity.language
    terms = []
    for term in site.programme.vocabulary(name).terms:
        item = {"id": term.id, "label": term.label(language)}
        if term.description(language):
            item["description"] = term.description(language)
        if term.state:
            item["state"] = term.state
        terms.append(item)
    return terms


_TERM_SCHEMA = {
    "type": "object", "required": ["id", "label"], "additionalProperties": False,
    "properties": {"id": {"type": "string"}, "label": {"type": "string"},
                   "description": {"type": "string"},
                   "state": {"enum": ["active", "closed"]}},
}


def json_file_schema(site: Site, spec: JsonFile) -> dict:
    """The JSON Schema of a whole published file."""
    t = Translator(site.programme.identity.language)
    text = {"type": "string"}
    url = {"type": "string", "format": "uri"}
    properties = {
        "title": text, "description": text,
        "publisher": {"type": "object", "required": ["name", "url"],
                      "properties": {"name": text, "url": url}},
        "licence": _licence_schema(site),
        "documentation": url, "schema": url,
        "updated": {"type": "string", "format": "date",
                    "description": t.text("Date de la dernière nouvelle publiée.")},
        "vocabularies": {"type": "object", "required": list(spec.vocabularies),
                         "properties": {name: {"type": "array", "items": _TERM_SCHEMA}
                                        for name in spec.vocabularies}},
        spec.key: {"type": "array", "items": spec.record.json_schema(site)},
    }
    return {"$schema": DRAFT, "$id": _absolute(site, spec.schema_path),
            "title": f"{t.text(spec.title)} – {site.programme.identity.name}",
            "description": t.text(spec.description), "type": "object",
            "required": [name for name in properties if name != "updated"],
            "properties": properties, "additionalProperties": False}


def _licence_schema(site: Site) -> dict:
    licence = site.programme.identity.licence
    schema = {"type": "object", "required": list(licence.as_json()),
              "properties": {"title": {"const": licence.title},
                             "url": {"const": licence.url}}}
    if licence.id:
        schema["properties"]["id"] = {"const": licence.id}
    return schema


def _absolute(site: Site, path: str) -> str:
    return urls.absolute(site.programme.identity.site_url, path)
