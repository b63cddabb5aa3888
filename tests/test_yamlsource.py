import pytest

from bulle.yamlsource import YamlError, parse_yaml


def test_lines_of_every_key_path():
    parsed = parse_yaml("title: A\nphases:\n  - name: x\n    start: 2020-01-01\n")
    assert parsed.line(("title",)) == 1
    assert parsed.line(("phases", 0, "start")) == 4
    assert parsed.line(("phases", 0, "missing")) == 3  # nearest known ancestor


def test_dates_and_yaml_1_1_booleans_stay_text():
    parsed = parse_yaml("a: 2020-02-30\nb: yes\nc: non\nd: true\ne: False\n")
    assert parsed.data == {"a": "2020-02-30", "b": "yes", "c": "non", "d": True, "e": False}


def test_duplicate_keys_are_recorded():
    parsed = parse_yaml("a: 1\nb: 2\na: 3\n")
    assert parsed.duplicates == ((("a",), 3),)


@pytest.mark.parametrize("text, line, hint", [
    ("a: b: c\n", 1, "entre guillemets"),
    ('a: "ouvert\nb: c\n', 1, "guillemet"),
    ("a:\n\t- b\n", 2, "espaces"),
    ("a: 1\n  b: 2\n", 2, "syntaxe YAML invalide"),
])
def test_syntax_errors_are_located_and_explained(text, line, hint):
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert caught.value.line == line
    assert hint in caught.value.message


def test_explicit_tags_are_refused_before_construction():
    with pytest.raises(YamlError) as caught:
        parse_yaml("a: 1\nb: !!int x\n")
    assert (caught.value.line, caught.value.code) == (2, "yaml-tag")
    assert "« !!int »" in caught.value.message
