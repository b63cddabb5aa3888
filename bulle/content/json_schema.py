"""JSON Schemas (draft 2020-12) derived from the field declarations of `bulle.content.schema`.

A schema describes the canonical form of each field, with the programme's
vocabularies as enums. The validator also accepts a few shorthands that
contributors write by hand (one item instead of a list, a number where text is
expected, an empty optional field) and says more than a schema can (dates that
exist, images that exist, phases in order).
"""

from __future__ import annotations

from typing import Callable

from bulle.content import schema as S
from bulle.programme.i18n import Translator
from bulle.content.model import Programme
from bulle.programme.addresses import BRANCH_PATTERN
from bulle.programme.colours import HEX

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def front_matter_schema(record: S.Schema, programme: Programme, schema_id: str) -> dict:
    """The JSON Schema of a whole front matter (projet or entrée)."""
    t = Translator(programme.identity.language)
    return {"$schema": DRAFT, "$id": schema_id, "title": t.text(record.title),
            "description": t.text(record.description),
            **object_schema(record.fields, programme)}


def object_schema(fields: tuple[S.Field, ...], programme: Programme) -> dict:
    """An object with exactly these fields."""
    result: dict = {
        "type": "object",
        "properties": {spec.name: field_schema(spec, programme) for spec in fields},
        "additionalProperties": False,
    }
    required = [spec.name for spec in fields if spec.required]
    if required:
        result["required"] = required
    companions = {spec.name: [spec.companion] for spec in fields if spec.companion}
    if companions:
        result["dependentRequired"] = companions
    return result


def field_schema(spec: S.Field, programme: Programme) -> dict:
    """The JSON Schema of one field, its help text as description."""
    t = Translator(programme.identity.language)
    result = {"description": t.text(spec.help), **_KINDS[spec.kind](spec, programme)}
    if spec.kind == S.TERM:
        vocabulary = programme.vocabulary(spec.vocabulary)
        result["description"] += " " + t("data.values", values=", ".join(
            f"{term.id} ({term.label(t.language)})" for term in vocabulary.terms))
    if spec.example is not None:
        result["examples"] = [spec.example]
    return result


def _text(spec: S.Field, programme: Programme) -> dict:
    return {"type": "string", "minLength": 1, **_max_length(spec)}


def _text_or_year(spec: S.Field, programme: Programme) -> dict:
    return {"type": ["string", "integer"], "minLength": 1, **_max_length(spec)}


def _max_length(spec: S.Field) -> dict:
    return {"maxLength": spec.max_length} if spec.max_length else {}


def _date(spec: S.Field, programme: Programme) -> dict:
    return {"type": "string", "format": "date", "pattern": S.DATE_PATTERN.pattern}


def _bool(spec: S.Field, programme: Programme) -> dict:
    return {"type": "boolean"}


def _email(spec: S.Field, programme: Programme) -> dict:
    return {"type": "string", "format": "email", "pattern": S.EMAIL_PATTERN.pattern}


def _url(spec: S.Field, programme: Programme) -> dict:
    return {"type": "string", "format": "uri", "pattern": S.URL_PATTERN.pattern}


def _term(spec: S.Field, programme: Programme) -> dict:
    return {"type": "string", "enum": list(programme.vocabulary(spec.vocabulary).ids)}


def _image(spec: S.Field, programme: Programme) -> dict:
    return {"type": "string",
            "pattern": rf"^(?![a-zA-Z][a-zA-Z0-9+.-]*:|[/\\]).+\.({_suffixes(S.IMAGE_EXTENSIONS)})$"}


def _suffixes(suffixes: tuple[str, ...]) -> str:
    """ECMA-262 patterns have no inline (?i): each letter is spelt in both cases."""
    return "|".join("".join(f"[{c.lower()}{c.upper()}]" for c in suffix[1:])
                    for suffix in suffixes)


def _repo_file(spec: S.Field, programme: Programme) -> dict:
    return {"type": "string",
            "pattern": rf"^(?![/\\])(?!.*\.\.).+\.({_suffixes(spec.suffixes)})$"}


def _contact(spec: S.Field, programme: Programme) -> dict:
    return {"type": "string", "anyOf": [{"pattern": S.EMAIL_PATTERN.pattern},
                                        {"pattern": S.URL_PATTERN.pattern}]}


def _colour(spec: S.Field, programme: Programme) -> dict:
    return {"type": "string", "pattern": HEX.pattern}


def _branch(spec: S.Field, programme: Programme) -> dict:
    return {"type": "string", "pattern": BRANCH_PATTERN.pattern}


def _label(spec: S.Field, programme: Programme) -> dict:
    text = {"type": "string", "minLength": 1}
    return {"anyOf": [text, {"type": "object", "minProperties": 1,
                             "additionalProperties": text}]}


def _integer(spec: S.Field, programme: Programme) -> dict:
    return {**_number(spec, programme), "type": "integer"}


def _slug(spec: S.Field, programme: Programme) -> dict:
    return {"type": "string", "pattern": S.SLUG_PATTERN.pattern}


def _former_slug(spec: S.Field, programme: Programme) -> dict:
    return {"type": "string", "pattern": S.FORMER_SLUG_PATTERN.pattern}


def _number(spec: S.Field, programme: Programme) -> dict:
    return {"type": "number", **({"minimum": spec.minimum} if spec.minimum is not None else {}),
            **({"maximum": spec.maximum} if spec.maximum is not None else {})}


def _choice(spec: S.Field, programme: Programme) -> dict:
    return {"type": "string", "enum": list(spec.choices)}


def _list(spec: S.Field, programme: Programme) -> dict:
    assert spec.items is not None
    result: dict = {"type": "array", "items": field_schema(spec.items, programme)}
    if spec.min_items:
        result["minItems"] = spec.min_items
    if spec.items.kind != S.OBJECT:
        result["uniqueItems"] = True
    return result


def _object(spec: S.Field, programme: Programme) -> dict:
    if spec.shorthand:  # a plain text stands for one of its fields
        return {"anyOf": [{"type": "string", "minLength": 1},
                          object_schema(spec.fields, programme)]}
    return object_schema(spec.fields, programme)


def _link_map(spec: S.Field, programme: Programme) -> dict:
    return {"type": "object", "propertyNames": {"minLength": 1},
            "additionalProperties": _url(spec, programme)}


_KINDS: dict[str, Callable[[S.Field, Programme], dict]] = {
    S.TEXT: _text,
    S.TEXT_OR_YEAR: _text_or_year,
    S.DATE: _date,
    S.BOOL: _bool,
    S.EMAIL: _email,
    S.URL: _url,
    S.TERM: _term,
    S.IMAGE: _image,
    S.LIST: _list,
    S.OBJECT: _object,
    S.LINK_MAP: _link_map,
    S.SLUG: _slug,
    S.FORMER_SLUG: _former_slug,
    S.NUMBER: _number,
    S.CHOICE: _choice,
    # the programme file's own kinds (bulle.programme.schema)
    S.CONTACT: _contact,
    S.COLOUR: _colour,
    S.BRANCH: _branch,
    S.REPO_FILE: _repo_file,
    S.LABEL: _label,
    S.INTEGER: _integer,
}
PROGRAMME_KINDS = (S.CONTACT, S.COLOUR, S.BRANCH, S.REPO_FILE, S.LABEL, S.INTEGER)
