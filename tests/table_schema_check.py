"""A small Table Schema (Frictionless Data v1) checker for CSV text, enough for Bulle's table.

It checks the header against the fields, then each cell: missing values, the
types string (formats default and uri), integer, number, date and boolean, and
the constraints required, unique, enum, pattern (whole value), minimum and
maximum. It reports every problem as "row N, column: message".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from urllib.parse import urlsplit

_CONSTRAINTS = {"required", "unique", "enum", "pattern", "minimum", "maximum"}
_TYPES = {"string", "integer", "number", "date", "boolean"}


def check_csv(text: str, schema: dict) -> list[str]:
    """Every way `text` (CSV, comma, header row) differs from the Table Schema `schema`."""
    problems: list[str] = []
    rows = list(csv.reader(io.StringIO(text, newline="")))
    fields = schema["fields"]
    names = [item["name"] for item in fields]
    if not rows or rows[0] != names:
        return [f"header {rows[0] if rows else []} differs from the fields {names}"]
    missing = set(schema.get("missingValues", [""]))
    seen: dict[str, set] = {name: set() for name in names}
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(names):
            problems.append(f"row {number}: {len(row)} cells for {len(names)} fields")
            continue
        for spec, cell in zip(fields, row):
            problems += [f"row {number}, {spec['name']}: {message}"
                         for message in _check_cell(spec, cell, missing, seen[spec["name"]])]
    for key in schema.get("primaryKey", []):
        if not spec_of(fields, key).get("constraints", {}).get("unique"):
            problems.append(f"primary key {key} is not declared unique")
    return problems


def spec_of(fields: list[dict], name: str) -> dict:
    return next(item for item in fields if item["name"] == name)


def _check_cell(spec: dict, cell: str, missing: set, seen: set) -> list[str]:
    constraints = spec.get("constraints", {})
    unknown = set(constraints) - _CONSTRAINTS
    if unknown or spec["type"] not in _TYPES:
        return [f"this checker does not know {sorted(unknown) or spec['type']}"]
    if cell in missing:
        return ["required value missing"] if constraints.get("required") else []
    try:
        value = _cast(spec, cell)
    except ValueError as error:
        return [f"« {cell} » is not a valid {spec['type']} ({error})"]
    problems = []
    if "enum" in constraints and cell not in constraints["enum"]:
        problems.append(f"« {cell} » not in {constraints['enum']}")
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], cell):
        problems.append(f"« {cell} » does not match {constraints['pattern']}")
    if "minimum" in constraints and value < constraints["minimum"]:
        problems.append(f"{value} is below {constraints['minimum']}")
    if "maximum" in constraints and value > constraints["maximum"]:
        problems.append(f"{value} is above {constraints['maximum']}")
    if constraints.get("unique"):
        if value in seen:
            problems.append(f"« {cell} » appears twice")
        seen.add(value)
    return problems


def _cast(spec: dict, cell: str):
    kind = spec["type"]
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", cell):
            raise ValueError("digits expected")
        return int(cell)
    if kind == "number":
        return float(cell)
    if kind == "date":
        return dt.date.fromisoformat(cell) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell) \
            else _fail("YYYY-MM-DD expected")
    if kind == "boolean":
        return {"true": True, "false": False}[cell] if cell in ("true", "false") \
            else _fail("true or false expected")
    if spec.get("format") == "uri":
        parts = urlsplit(cell)
        if not (parts.scheme and parts.netloc):
            raise ValueError("absolute URI expected")
    return cell


def _fail(message: str):
    raise ValueError(message)
