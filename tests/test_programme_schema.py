"""The programme file's declaration: the loader, its JSON Schema and its reference agree."""

import json

import pytest
import yaml
from jsonschema import Draft202012Validator

from bulle.content.json_schema import front_matter_schema
from bulle.programme.load import load_programme
from bulle.programme.schema import PROGRAMME, VOCABULARIES
from conftest import SAMPLE, write_tree
from test_programme import GOOD


class _Plain(yaml.SafeLoader):
    """YAML as an editor's schema checker reads it: dates stay text (YAML 1.2)."""


_Plain.add_constructor("tag:yaml.org,2002:timestamp", _Plain.construct_scalar)


def canonical(text: str):
    """The file as its schema describes it: empty optional values are absent."""
    def prune(value):
        if isinstance(value, dict):
            return {k: prune(v) for k, v in value.items() if v not in (None, "")}
        return [prune(v) for v in value] if isinstance(value, list) else value
    return prune(yaml.load(text, Loader=_Plain))


@pytest.fixture(scope="module")
def validator():
    programme, _ = load_programme(SAMPLE / "programme.yml")
    schema = json.loads(json.dumps(front_matter_schema(PROGRAMME, programme, "x")))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_the_schema_accepts_the_sample_and_a_small_programme(validator):
    for text in ((SAMPLE / "programme.yml").read_text(encoding="utf-8"), GOOD):
        assert [e.message for e in validator.iter_errors(canonical(text))] == []


BROKEN = {  # a change to GOOD -> the code the loader reports
    "unknown top-level key": (GOOD + "couleurs: rouge\n", "unknown-field"),
    "unknown identity key": (GOOD.replace("  name:", "  nom: X\n  name:"), "unknown-field"),
    "missing name": (GOOD.replace("  name: Ma Ville Innove\n", ""), "missing-field"),
    "bad phase state": (GOOD.replace("state: active", "state: ouverte"), "bad-phase-state"),
    "state outside phases": (GOOD.replace("label: Tout}", "label: Tout, state: active}"),
                             "unknown-field"),
    "bad term id": (GOOD.replace("id: tout", "id: Tout Le Monde"), "bad-term-id"),
    "empty vocabulary": (GOOD.replace("themes: [{id: tout, label: Tout}]", "themes: []"),
                         "empty-vocabulary"),
    "silence too long": (GOOD + "silent_after_months: 500\n", "bad-silent-after-months"),
    "bad colour": (GOOD.replace("  name: Ma", "  colours: {primary: rouge}\n  name: Ma"),
                   "bad-colour"),
    "bad branch": (GOOD.replace("  name: Ma", "  branch: a b\n  name: Ma"), "bad-branch"),
    "bad contact": (GOOD.replace("contact: innovation@example.org", "contact: innovation"),
                    "bad-contact"),
    "bad status": (GOOD.replace("  name: Ma", "  accessibility: {status: totale}\n  name: Ma"),
                   "bad-accessibility-status"),
    "unknown language": (GOOD.replace("  name: Ma", "  language: xx\n  name: Ma"),
                         "unknown-language"),
    "bad logo": (GOOD.replace("  name: Ma", "  logo: /etc/logo.exe\n  name: Ma"), "bad-file"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_what_the_loader_refuses_the_schema_refuses(case, validator, tmp_path):
    text, code = BROKEN[case]
    write_tree(tmp_path, {"programme.yml": text})
    _, problems = load_programme(tmp_path / "programme.yml")
    assert code in [problem.code for problem in problems]
    assert list(validator.iter_errors(canonical(text))) != []


def test_the_loader_accepts_what_the_declaration_declares():
    """Each vocabulary's term fields, and nothing else, are accepted: from the declaration."""
    assert VOCABULARIES[:4] == ("phases", "award_kinds", "entry_kinds", "themes")
    assert PROGRAMME.get("phases").items.child("state").required
    assert PROGRAMME.get("themes").items.child("state") is None
    assert [f.name for f in PROGRAMME.fields if f.required] == ["identity", *VOCABULARIES[:4]]
