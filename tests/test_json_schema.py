"""The front-matter JSON Schemas agree with the validator, field by field."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml
from jsonschema import Draft202012Validator

from bulle.content import schema as S
from bulle.content import validate
from bulle.content.json_schema import _KINDS, PROGRAMME_KINDS, front_matter_schema
from bulle.content.load import load_tree
from conftest import SAMPLE, entry_text, project_text

SCHEMAS = {"projet": S.PROJECT, "entree": S.ENTRY}


def schema_of(name: str, programme) -> dict:
    result = front_matter_schema(SCHEMAS[name], programme, f"https://x/{name}.schema.json")
    Draft202012Validator.check_schema(result)
    return result


def front_matter(text: str) -> dict:
    """The front matter as a YAML editor sees it: dates are text."""
    data = yaml.safe_load(text.split("---\n")[1])

    def plain(value):
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [plain(item) for item in value]
        return value
    return plain(data)


def schema_errors(schema: dict, data: dict) -> list[str]:
    checker = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [error.message for error in checker.iter_errors(data)]


def test_every_field_kind_has_a_json_schema():
    """The content's kinds have a checker each; the programme file's are checked by its loader."""
    assert set(_KINDS) == set(validate._CHECKERS) | set(PROGRAMME_KINDS)
    used = {field.kind for record in S.SCHEMAS for _, field in walk(record.fields)}
    assert used <= set(validate._CHECKERS)


def walk(fields, prefix=""):
    for field in fields:
        yield f"{prefix}{field.name}", field
        yield from walk((field.items,) if field.items else (), f"{prefix}{field.name}[].")
        yield from walk(field.fields, f"{prefix}{field.name}.")


def test_the_schemas_describe_every_field_with_its_help(programme):
    for name, record in SCHEMAS.items():
        schema = schema_of(name, programme)
        assert list(schema["properties"]) == list(record.names)
        assert schema["required"] == [f.name for f in record.fields if f.required]
        assert schema["additionalProperties"] is False
        for field in record.fields:
            assert schema["properties"][field.name]["description"].startswith(field.help)


def test_vocabularies_come_from_the_programme(programme):
    schema = schema_of("projet", programme)
    phase = schema["properties"]["phases"]["items"]["properties"]["name"]
    assert phase["enum"] == list(programme.phases.ids)
    assert schema["properties"]["themes"]["items"]["enum"] == list(programme.themes.ids)
    kinds = schema["properties"]["awards"]["items"]["properties"]["kind"]["enum"]
    assert kinds == list(programme.award_kinds.ids)
    assert schema_of("entree", programme)["properties"]["kind"]["enum"] == \
        list(programme.entry_kinds.ids)
    assert schema["dependentRequired"] == {"image": ["image_alt"]}


def test_every_sample_file_passes_its_schema(programme):
    projects = sorted((SAMPLE / "projects").glob("*/index.md"))
    entries = sorted((SAMPLE / "projects").glob("*/journal/*.md"))
    assert len(projects) >= 5 and len(entries) >= 15
    for name, paths in (("projet", projects), ("entree", entries)):
        schema = schema_of(name, programme)
        for path in paths:
            assert schema_errors(schema, front_matter(path.read_text(encoding="utf-8"))) == [], path


@pytest.mark.parametrize("name, fields", [
    ("projet", {"pich": "x"}),
    ("projet", {"phases": "\n  - name: incubation\n    start: 2020-01-06"}),
    ("projet", {"phases": "\n  - name: investigation\n    start: 06/01/2020"}),
    ("projet", {"phases": "[]"}),
    ("projet", {"title": "''"}),
    ("projet", {"pitch": "'" + "x" * 201 + "'"}),
    ("projet", {"themes": "[logement, logement]"}),
    ("projet", {"contact": "pas-une-adresse"}),
    ("projet", {"links": "\n  Site: exemple.fr"}),
    ("projet", {"awards": "\n  - name: Prix\n    date: 2020-01-01\n    kind: medaille"}),
    ("projet", {"image": "https://exemple.fr/photo.jpg", "image_alt": "Photo"}),
    ("projet", {"image": "photo.jpg"}),
    ("projet", {"image": "notes.pdf", "image_alt": "Notes"}),
    ("projet", {"draft": "oui"}),
    ("entree", {"kind": "annonce"}),
    ("entree", {"title": None}),
    ("entree", {"tags": "\n  - [a, b]"}),
])
def test_what_the_validator_refuses_the_schema_refuses(make_tree, programme, name, fields):
    text = project_text(**fields) if name == "projet" else entry_text(**fields)
    path = "projects/demo/index.md" if name == "projet" else \
        "projects/demo/journal/2020-02-03-x.md"
    files = {path: text, "projects/demo/photo.jpg": b"\xff\xd8\xff"}
    if name == "entree":
        files["projects/demo/index.md"] = project_text()
    root = make_tree(files)
    content = validate.validate_tree(load_tree(root, "projects"), programme)
    assert [p for p in content.problems if p.is_error], fields
    assert schema_errors(schema_of(name, programme), front_matter(text)) != [], fields


def test_published_schema_names_its_address(programme):
    schema = front_matter_schema(S.PROJECT, programme, "https://a.b/schema/projet.schema.json")
    assert schema["$id"] == "https://a.b/schema/projet.schema.json"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    json.dumps(schema)  # plain JSON data only
