import re
import time

import pytest

from bulle.content.yamlsource import YamlError, escaped_chars, parse_yaml


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


# --- untrusted YAML: screened before anything is composed or constructed --------

BOMB = "\n".join(['lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
                 + [f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]"
                    for prev, name in zip("abcdefgh", "bcdefghi")]) + "\n"


def test_alias_bomb_is_refused_at_its_first_anchor_before_expansion():
    assert len(BOMB.encode()) < 400  # 9**9 strings once expanded
    start = time.perf_counter()
    with pytest.raises(YamlError) as caught:
        parse_yaml("title: x\n" + BOMB)
    elapsed = time.perf_counter() - start
    assert (caught.value.line, caught.value.code) == (2, "yaml-alias")
    assert "« &a »" in caught.value.message and "guillemets" in caught.value.message
    assert elapsed < 5  # measured: well under a millisecond (minutes and gigabytes before)


def test_aliases_may_be_allowed_within_a_node_budget():
    start = time.perf_counter()
    with pytest.raises(YamlError) as caught:
        parse_yaml(BOMB, aliases=True)
    assert time.perf_counter() - start < 5
    # lol, b, c, d add up to about 8,000 values; e's aliases pass 10,000.
    assert (caught.value.line, caught.value.code) == (5, "yaml-alias")
    assert "10 000 valeurs" in caught.value.message
    parsed = parse_yaml("a: &x {k: v, l: [1, 2]}\nb: *x\nc: [*x, *x]\n", aliases=True)
    assert parsed.data["c"] == [{"k": "v", "l": [1, 2]}] * 2
    assert parsed.line(("b",)) == 2 and parsed.line(("c",)) == 3
    assert parsed.line(("c", 1, "l")) == 1  # walked once, at the anchor: where it is written


def test_an_alias_inside_its_own_anchor_is_refused():
    with pytest.raises(YamlError) as caught:
        parse_yaml("a: 1\nb: &x [1, *x]\n", aliases=True)
    assert (caught.value.line, caught.value.code) == (2, "yaml-alias")


def test_deep_nesting_is_refused_before_recursion():
    with pytest.raises(YamlError) as caught:
        parse_yaml("a: 1\nb: " + "[" * 200 + "]" * 200 + "\n")
    assert caught.value.line == 2 and "niveaux" in caught.value.message
    assert parse_yaml("a: " + "[" * 20 + "]" * 20).data["a"] is not None


@pytest.mark.parametrize("number", ["1" * 5000, "0x" + "f" * 5000, "-" + "9" * 101])
def test_huge_integers_are_refused_instead_of_crashing_when_printed(number):
    with pytest.raises(YamlError) as caught:
        parse_yaml(f"a: 1\nb: {number}\n")
    assert (caught.value.line, caught.value.code) == (2, "yaml-number")
    assert parse_yaml("a: " + "9" * 100).data["a"] == int("9" * 100)


def test_merge_and_value_keys_are_plain_text():
    assert parse_yaml("<<: 1\nb: =\n").data == {"<<": 1, "b": "="}


@pytest.mark.parametrize("text, line, code", [
    ("a: 1\nb: c\x01d\n", 2, "control-character"),
    ("a: 1\nb: c\x85d\ne: f\n", 2, "control-character"),  # YAML's own line break, not ours
    ("a: 1\n\ufffe: x\n", 2, "control-character"),
    ("a: 1\nb: c\U0010ffff\n", 2, "control-character"),
    ("a: 1\nb: c\u2028d\ne: f\n", 2, "control-character"),  # would shift the lines after
    ("a: 1\n? [x]\n: y\n", 2, "yaml-syntax"),
    ('a: 1\nb: "\\ud800"\n', 2, "yaml-syntax"),
])
def test_refusals_are_french_and_located(text, line, code):
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert (caught.value.line, caught.value.code) == (line, code)
    assert not re.search(r"\b(found|expected|while|could not|unacceptable)\b",
                         caught.value.message)


def test_escaped_invalid_characters_are_found_in_keys_and_values():
    parsed = parse_yaml('a: "x\\x0by"\nb: [ok, "\\uFDD0"]\n"k\\x01": 1\n')
    assert list(escaped_chars(parsed.data)) == [(("a",), "\x0b"), (("b", 1), "\ufdd0"),
                                                (("k\x01",), "\x01")]
