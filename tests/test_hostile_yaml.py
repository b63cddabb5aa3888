"""Hostile front matter and programme files: every outcome is a located, French Problem.

A table of explicit cases (one row each, exact code and line), a property test
over random front matter built from hostile fragments, and the real CLI and
build on such content. No exception, no traceback, no English.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from bulle.content.load import load_tree
from bulle.programme.load import load_programme
from bulle.content.validate import validate_tree
from conftest import REPO, SAMPLE, make_site_copy, run_build, write_tree

PROGRAMME, _ = load_programme(SAMPLE / "programme.yml")
HEAD = "---\ntitle: Projet\npitch: Une mission.\nphases:\n  - name: investigation\n" \
       "    start: 2020-01-06\n"  # the lines of a hostile case start at line 7
BOMB = "\n".join(['lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
                 + [f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]"
                    for prev, name in zip("abcdefgh", "bcdefghi")]) + "\n"
# What PyYAML or Python say in English; none of it may reach a contributor.
ENGLISH = re.compile(r"\b(found|expected|while|could not|unacceptable|constructor|Exceeds|"
                     r"scanning|Traceback|Error)\b")


def check(files: dict[str, str | bytes]) -> list:
    with tempfile.TemporaryDirectory() as folder:
        root = write_tree(Path(folder), files)
        return validate_tree(load_tree(root), PROGRAMME).problems


def errors_of(files) -> list[tuple[str, int | None, str]]:
    problems = [p for p in check(files) if p.is_error]
    for problem in problems:
        assert not ENGLISH.search(problem.message), problem
    return [(p.path, p.line, p.code) for p in problems]


INDEX = "projects/demo/index.md"
ENTRY = "projects/demo/journal/2020-02-03-entree.md"

# (name, lines added to a valid project's front matter, or None, body, expected (line, code))
CASES = [
    ("alias bomb", BOMB, "", [(7, "yaml-alias")]),
    ("anchor on a scalar", "cohort: &a 2020\n", "", [(7, "yaml-alias")]),
    ("undefined alias", "cohort: *ref\n", "", [(7, "yaml-alias")]),
    ("markdown emphasis read as an alias", "sponsors: *Ville* de Pau\n", "",
     [(7, "yaml-syntax")]),
    ("int tag without value", "cohort: !!int\n", "", [(7, "yaml-tag")]),
    ("bool tag", "draft: !!bool peut-etre\n", "", [(7, "yaml-tag")]),
    ("python object tag", "cohort: !!python/object/apply:os.system [ls]\n", "",
     [(7, "yaml-tag")]),
    ("binary junk", 'cohort: !!binary "@@@ pas du base64"\n', "", [(7, "yaml-tag")]),
    ("local tag", "cohort: !local x\n", "", [(7, "yaml-tag")]),
    ("tag on a block", "sponsors: !!seq\n  - Ville\n", "", [(7, "yaml-tag")]),
    ("decimal of 5,000 digits", "cohort: " + "1" * 5000 + "\n", "", [(7, "yaml-number")]),
    ("hexadecimal of 5,000 digits", "cohort: 0x" + "f" * 5000 + "\n", "",
     [(7, "yaml-number")]),
    ("unhashable block key", "? [a, b]\n: c\n", "", [(7, "yaml-syntax")]),
    ("unhashable flow key", "{a: 1}: c\n", "", [(7, "yaml-syntax")]),
    ("nesting 100 deep", "sponsors: " + "[" * 100 + "]" * 100 + "\n", "",
     [(7, "yaml-syntax")]),
    ("surrogate escape", 'cohort: "\\ud800"\n', "", [(7, "yaml-syntax")]),
    ("raw C0 control", "cohort: 20\x0126\n", "", [(7, "control-character")]),
    ("raw C1 control (YAML line break)", "cohort: 20\x8526\nthemes: [sante]\n", "",
     [(7, "control-character")]),
    ("raw non-character", "cohort: 2026\ufffe\n", "", [(7, "control-character")]),
    ("escaped vertical tab in a value", 'sponsors:\n  - "Ville\\vde Pau"\n', "",
     [(8, "control-character")]),
    ("escaped non-character in a key", '"cohort\\uFDD0": 2026\n', "",
     [(7, "control-character"), (7, "unknown-field")]),
    ("escaped plane-16 non-character", 'cohort: "\\U0010FFFF"\n', "",
     [(7, "control-character")]),
    ("form feed in the body", "", "Ligne un.\n\nLigne\x0cdeux.\n", [(10, "control-character")]),
    ("non-character in the body", "", "\ufdd0\n", [(8, "control-character")]),
    ("merge key is plain text", "<<: {cohort: x}\n", "", [(7, "unknown-field")]),
]


@pytest.mark.parametrize("name, lines, body, expected", CASES, ids=[case[0] for case in CASES])
def test_hostile_front_matter_gets_its_code_at_its_line(name, lines, body, expected):
    start = time.perf_counter()
    found = errors_of({INDEX: HEAD + lines + "---\n" + body})
    assert time.perf_counter() - start < 5
    assert found == [(INDEX, line, code) for line, code in expected]


@pytest.mark.parametrize("line, code", [
    ("date: !!timestamp demain", "yaml-tag"),
    ("draft: !!bool peut-etre", "yaml-tag"),
    ("title: &t Titre", "yaml-alias"),
    ('title: "Titre\\x01"', "control-character"),
])
def test_hostile_entry_fields(line, code):
    found = errors_of({INDEX: HEAD + "---\n", ENTRY: f"---\n{line}\n---\nRécit.\n"})
    assert found == [(ENTRY, 2, code)]


@pytest.mark.parametrize("text, line, code", [
    (BOMB, 5, "yaml-alias"),  # anchors are allowed here, but not past 10,000 values
    ("identity: !!python/object:os.system x\n", 1, "yaml-tag"),
    ("identity:\n  name: !!binary ZZZ\n", 2, "yaml-tag"),
    ("phases: [" * 40 + "]" * 40 + "\n", 1, "yaml-syntax"),
    ("identity:\n  name: Ville\x0b de Pau\n", 2, "control-character"),
    ('identity:\n  name: "Ville\\x0b de Pau"\n', 2, "control-character"),
    ("identity:\n  founded: " + "7" * 5000 + "\n", 2, "yaml-number"),
])
def test_hostile_programme_file(tmp_path, text, line, code):
    path = tmp_path / "programme.yml"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    programme, problems = load_programme(path)
    assert time.perf_counter() - start < 5
    assert programme is None
    assert (problems[0].line, problems[0].code) == (line, code)
    assert not any(ENGLISH.search(problem.message) for problem in problems)


def test_programme_file_may_share_a_label_through_an_anchor(tmp_path):
    text = (SAMPLE / "programme.yml").read_text(encoding="utf-8")
    written = "  - id: solidarite\n    label: {fr: Solidarités, en: Solidarity}\n"
    assert written in text
    text = text.replace(written, written.replace("label: ", "label: &solidarite ")
                        + "  - id: entraide\n    label: *solidarite\n")
    (tmp_path / "programme.yml").write_text(text, encoding="utf-8")
    programme, problems = load_programme(tmp_path / "programme.yml")
    assert problems == []
    assert programme.vocabulary("themes").get("entraide").label("en") == "Solidarity"


# --- property: random front matter from hostile fragments -----------------------

KEYS = ["title", "pitch", "cohort", "draft", "date", "themes", "sponsors", "phases", "kind",
        "<<", "? ", "[a]", "{b: 1}", "&k title", "*k", "!!str title", "\"ti\\x01tle\"",
        "'quoted'", "clé", "x" * 300]
VALUES = ["", "Texte", "!!int", "!!timestamp demain", "!!bool peut-etre",
          "!!python/object/apply:os.system [ls]", "!!binary '@@'", "!x", "! y",
          "&a", "&a [1, 2]", "*a", "[*a, *a]", "&b {c: *a}", "1" * 5000, "0x" + "f" * 5000,
          "0o" + "7" * 200, "1e999", ".nan", "-.inf", "2020-02-30", "~", "null",
          '"\\x01"', '"\\ud800"', '"\\uFFFE"', '"\\U0010FFFF"', '"\\e"', "\u2028", "'ouvert",
          '"ouvert', "é — «»", "日本語", "{a: 1", "[", "]", "{}", "[]", ": ", "- ", "-", "#",
          "|", ">", "---", "...", "%YAML 1.1", "\t", "   ", "\r", "\\", "<script>", "@x", "`x`",
          "=cmd", "?", ",", "&", "*", "!", "%"]
CONTROL = ["\x00", "\x01", "\x0b", "\x1f", "\x7f", "\x85", "\x9f", "\ufffe", "\ufdd0",
           "\U0010ffff"]
INDENTS = ["", "", "", " ", "  ", "    ", "\t", "- ", "  - "]

# Raw control characters stop the YAML at once: rarer, so that the other paths run too.
fragment = st.one_of(st.sampled_from(VALUES * 6 + CONTROL),
                     st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn")), max_size=12))
line = st.builds(lambda indent, key, parts: indent + key + ":" + " " + "".join(parts),
                 st.sampled_from(INDENTS), st.sampled_from(KEYS), st.lists(fragment, max_size=3))
front = st.lists(st.one_of(line, fragment), max_size=8)
body = st.lists(st.sampled_from(["Récit.", "", "---", "é"] * 8 + CONTROL), max_size=4)


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(front, body)
def test_random_hostile_front_matter_yields_only_located_french_problems(lines, body_lines):
    yaml_text = "\n".join(lines)
    text = "---\n" + yaml_text + "\n---\n" + "\n".join(body_lines) + "\n"
    problems = check({INDEX: text, ENTRY: text})
    total = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for problem in problems:
        assert problem.path in (INDEX, ENTRY), problem
        assert problem.line is not None and 1 <= problem.line <= total, problem
        assert not ENGLISH.search(problem.message), problem


# --- the real command line and build ------------------------------------------------


def test_cli_check_prints_french_located_errors_and_exits_1(tmp_path):
    write_tree(tmp_path, {
        "projects/bombe/index.md": HEAD + BOMB + "---\n",
        "projects/etiquette/index.md": HEAD + "cohort: !!int\n---\n",
        "projects/nombre/index.md": HEAD + "cohort: 0x" + "f" * 5000 + "\n---\n",
        "projects/invisible/index.md": HEAD + "---\nRécit\x0b collé.\n",
    })
    (tmp_path / "programme.yml").write_bytes((SAMPLE / "programme.yml").read_bytes())
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "bulle.py"), "check",
                           "--root", str(tmp_path)], capture_output=True, text=True, timeout=60)
    elapsed = time.perf_counter() - start
    assert done.returncode == 1 and done.stderr == ""
    assert elapsed < 30  # a process start; the screening itself takes microseconds
    lines = done.stdout.strip().splitlines()
    assert lines[:4] == [
        "projects/bombe/index.md:7: erreur : « &a » : les ancres (&) et alias (*) YAML ne "
        "sont pas permis ici ; si c'est du texte, mettez toute la valeur entre guillemets",
        "projects/etiquette/index.md:7: erreur : étiquette YAML « !!int » refusée : écrivez "
        "la valeur seule ; si c'est du texte qui commence par « ! », mettez toute la valeur "
        "entre guillemets",
        "projects/invisible/index.md:8: erreur : caractère de contrôle U+000B invisible "
        "(colonne 6) : supprimez-le",
        "projects/nombre/index.md:7: erreur : nombre de 5002 chiffres, 100 au plus : si c'est "
        "un texte, mettez-le entre guillemets",
    ]
    assert lines[-1].startswith("4 erreur(s)")


def test_build_refuses_an_alias_bomb_in_french(tmp_path):
    root = make_site_copy(tmp_path, {"bombe/index.md": HEAD + BOMB + "---\nRécit.\n"})
    done = run_build(root, tmp_path / "site")
    assert done.returncode == 1
    assert "projects/bombe/index.md:7: erreur : « &a » : les ancres" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


LOCATED = {"yaml-syntax", "yaml-alias", "yaml-tag", "yaml-number", "control-character"}


@settings(max_examples=100, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(front, st.integers(min_value=0, max_value=120))
def test_random_hostile_lines_in_the_programme_file_yield_only_french_problems(lines, at):
    text = (SAMPLE / "programme.yml").read_text(encoding="utf-8").split("\n")
    text[at:at] = lines
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "programme.yml"
        path.write_text("\n".join(text), encoding="utf-8")
        programme, problems = load_programme(path)
    assert programme is not None or any(problem.is_error for problem in problems)
    for problem in problems:
        assert not ENGLISH.search(problem.message), problem
        if problem.code in LOCATED:
            assert problem.line is not None and problem.line >= 1, problem


def test_build_and_check_refuse_an_alias_bomb_in_the_programme_file(tmp_path):
    root = make_site_copy(tmp_path, {"demo/index.md": HEAD + "---\nRécit.\n"})
    programme = root / "programme.yml"
    programme.write_text(programme.read_text(encoding="utf-8") + "extra:\n"
                         + "".join(f"  {line}\n" for line in BOMB.splitlines()),
                         encoding="utf-8")
    done = run_build(root, tmp_path / "site")
    assert done.returncode == 1
    assert "programme.yml:" in done.stderr and "10 000 valeurs" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    checked = subprocess.run([sys.executable, str(REPO / "scripts" / "bulle.py"), "check",
                              "--root", str(root)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 1 and "Traceback" not in checked.stdout + checked.stderr
    assert re.search(r"^programme\.yml:\d+: erreur : le fichier dépasse 10 000 valeurs",
                     checked.stdout, re.M)
