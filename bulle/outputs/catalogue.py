"""What the /donnees/ page says about each published file, derived from the files' schemas.

Field lists come from the same JSON Schemas and Table Schema that are
published next to the files, so the page can never disagree with them.
"""

from __future__ import annotations

from dataclasses import dataclass

from bulle.content import schema as S
from bulle.pages import urls
from bulle.outputs.feeds import PROGRAMME_FEED_SIZE
from bulle.programme.i18n import Translator
from bulle.content.json_schema import front_matter_schema
from bulle.outputs.open_data import FRONT_MATTER_SCHEMAS, JSON_FILES, json_file_schema
from bulle.outputs.project_table import (CSV_PATH, DESCRIPTION, TABLE_SCHEMA_PATH, TITLE,
                                         table_schema)
from bulle.site import Site


@dataclass(frozen=True)
class FieldDoc:
    name: str  # dotted for nested fields: "phases[].start"
    type: str  # in the site's language
    required: bool
    description: str


@dataclass(frozen=True)
class FileDoc:
    path: str
    title: str
    description: str
    format: str
    schema_path: str | None
    fields: tuple[FieldDoc, ...]


@dataclass(frozen=True)
class Catalogue:
    data: tuple[FileDoc, ...]  # JSON and CSV files
    front_matter: tuple[FileDoc, ...]  # the front-matter JSON Schemas
    feeds: tuple[tuple[str, str], ...]  # (path, title): the programme's, then each project's
    feed_size: int


def describe_open_data(site: Site) -> Catalogue:
    t = Translator(site.programme.identity.language)
    data = []
    for spec in JSON_FILES:
        schema = json_file_schema(site, spec)
        records = schema["properties"][spec.key]["items"]
        data.append(FileDoc(spec.path, t.text(spec.title), t.text(spec.description), "JSON",
                            spec.schema_path, tuple(json_fields(records, t))))
    table = table_schema(site)
    data.append(FileDoc(CSV_PATH, t.text(TITLE), t.text(DESCRIPTION), "CSV", TABLE_SCHEMA_PATH,
                        tuple(table_fields(table, t))))
    front_matter = []
    for record in S.SCHEMAS:
        path = FRONT_MATTER_SCHEMAS[record.name]
        schema = front_matter_schema(record, site.programme, path)
        front_matter.append(FileDoc(path, t.text(record.title), t.text(record.description),
                                    "JSON Schema",
                                    None, tuple(json_fields(schema, t))))
    name = site.programme.identity.name
    feeds = [(urls.FEED, t("feed.programme_title", name=name))]
    feeds += [(urls.project_feed_url(project), t("feed.project_title", title=project.title,
                                                  name=name))
              for project in site.projects]
    return Catalogue(tuple(data), tuple(front_matter), tuple(feeds), PROGRAMME_FEED_SIZE)


def json_fields(schema: dict, t: Translator, prefix: str = "") -> list[FieldDoc]:
    """One row per property of an object schema, nested objects and lists of them flattened."""
    rows = []
    required = set(schema.get("required", ()))
    for name, spec in schema.get("properties", {}).items():
        rows.append(FieldDoc(prefix + name, type_label(spec, t), name in required,
                             spec.get("description", "")))
        inner = spec.get("items", {}) if spec.get("type") == "array" else spec
        if inner.get("type") == "object" and "properties" in inner:
            suffix = "[]." if spec.get("type") == "array" else "."
            rows.extend(json_fields(inner, t, f"{prefix}{name}{suffix}"))
    return rows


def type_label(spec: dict, t: Translator) -> str:
    """A French name for the type of a JSON Schema value."""
    kind = spec.get("type")
    if kind == "array":
        return t("data.type.list", item=type_label(spec.get("items", {}), t))
    if isinstance(kind, list):
        kind = kind[0]
    if "enum" in spec:
        return t("data.type.term")
    if kind == "object" and "properties" not in spec:
        return t("data.type.map")
    return t(f"data.type.{spec.get('format') or kind or 'string'}")


def table_fields(table: dict, t: Translator) -> list[FieldDoc]:
    rows = []
    for item in table["fields"]:
        constraints = item.get("constraints", {})
        kind = "term" if "enum" in constraints else item.get("format") or item["type"]
        rows.append(FieldDoc(item["name"], t(f"data.type.{kind}"),
                             bool(constraints.get("required")), item["description"]))
    return rows
