"""Read the programme file: identity and vocabularies, as data a fork edits."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from bulle.content.files import LINK, MISSING, SPECIAL, kind_of, refused
from bulle.programme.identity import load_identity
from bulle.content.model import Problem, Programme, Term, Vocabulary
from bulle.content.schema import SLUG_PATTERN
from bulle.content.text import describe_char, strip_invalid_chars
from bulle.content.yamlsource import YamlError, escaped_chars, parse_yaml
from bulle.programme.schema import (DEFAULT_SILENT_AFTER_MONTHS, PHASE_STATES, PROGRAMME,
                                    REQUIRED_VOCABULARIES, SETTINGS, VOCABULARIES, names)

# What the file holds is declared in bulle.programme.schema; the optional vocabularies are
# needed only by the fields that use them (milestones, audiences, incubator, organisation).
SILENT_AFTER = PROGRAMME.get("silent_after_months")
MAX_SILENT_MONTHS = int(SILENT_AFTER.maximum)


def load_programme(path: Path, rel: str = "programme.yml") -> tuple[Programme | None, list[Problem]]:
    """Read the programme file; return None and the problems when it is unusable."""
    problems: list[Problem] = []

    def report(line: int | None, code: str, message: str, severity: str = "error") -> None:
        problems.append(Problem(rel, line, code, message, severity))

    kind = kind_of(os.lstat(path).st_mode) if os.path.lexists(path) else MISSING
    if kind in (LINK, SPECIAL):  # a link could read the build machine's files into messages
        return None, [refused(rel, kind)]
    try:
        parsed = parse_yaml(path.read_text(encoding="utf-8"), aliases=True)
    except FileNotFoundError:
        report(None, "missing-programme", "fichier du programme introuvable")
        return None, problems
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        report(line, "encoding", "le fichier n'est pas en UTF-8 : enregistrez-le en UTF-8")
        return None, problems
    except YamlError as error:
        report(error.line, error.code, error.message)
        return None, problems
    data = parsed.data
    for key_path, char in escaped_chars(data):
        where = strip_invalid_chars(".".join(map(str, key_path)))
        report(parsed.line(key_path), "control-character",
               f"{describe_char(char)} dans « {where} » : supprimez-le")
    if not isinstance(data, dict):
        report(1, "programme-not-mapping", "le fichier doit contenir des champs « nom: valeur »")
        return None, problems
    for key in data:
        if key not in PROGRAMME.names:
            report(parsed.line((key,)), "unknown-field",
                   f"rubrique inconnue « {key} » (attendu : " + ", ".join(PROGRAMME.names) + ")")

    identity = load_identity(data.get("identity"), parsed, report, path.parent)
    vocabularies = {name: _load_vocabulary(name, data.get(name), parsed, identity.language,
                                           report)
                    for name in VOCABULARIES
                    if name in REQUIRED_VOCABULARIES or data.get(name) is not None}
    silent_after = _silent_after_months(data.get("silent_after_months"), parsed, report)
    if any(problem.is_error for problem in problems):
        return None, problems
    return Programme(identity=identity, **vocabularies,
                     silent_after_months=silent_after), problems


def _silent_after_months(value: Any, parsed, report) -> int:
    """After how many months without news an active project is said to be silent."""
    if value is None:
        return DEFAULT_SILENT_AFTER_MONTHS
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_SILENT_MONTHS:
        report(parsed.line(("silent_after_months",)), "bad-silent-after-months",
               f"« silent_after_months » doit être un nombre entier de mois, de 1 à "
               f"{MAX_SILENT_MONTHS} (par exemple 6)")
        return DEFAULT_SILENT_AFTER_MONTHS
    return value


def _load_vocabulary(name: str, raw: Any, parsed, language: str, report) -> Vocabulary:
    if not isinstance(raw, list) or not raw:
        report(parsed.line((name,)), "empty-vocabulary",
               f"« {name} » doit être une liste d'au moins un terme (id, label)")
        return Vocabulary(name, ())
    terms: list[Term] = []
    keys = names(PROGRAMME.get(name).items)  # type: ignore[union-attr]
    for index, item in enumerate(raw):
        where = parsed.line((name, index))
        if not isinstance(item, dict):
            report(where, "wrong-type", f"{name} : chaque terme doit avoir « id » et « label »")
            continue
        term_id = item.get("id")
        if not isinstance(term_id, str) or not SLUG_PATTERN.match(term_id):
            report(where, "bad-term-id",
                   f"{name} : l'id « {term_id} » doit être en minuscules ASCII, "
                   "chiffres et tirets (ex. « acceleration »)")
            continue
        if term_id in (term.id for term in terms):
            report(where, "duplicate-term", f"{name} : l'id « {term_id} » apparaît deux fois")
            continue
        labels = _labels(item.get("label"), language)
        if language not in labels:
            report(where, "missing-label",
                   f"{name} : le terme « {term_id} » n'a pas de libellé en « {language} »")
            continue
        state = item.get("state")
        if name == "phases" and state not in PHASE_STATES:
            report(where, "bad-phase-state",
                   f"phases : « state » du terme « {term_id} » doit valoir active ou closed")
            continue
        for key in item:
            if key not in keys:
                report(parsed.line((name, index, key)), "unknown-field",
                       f"{name} : champ inconnu « {key} » dans le terme « {term_id} »")
        terms.append(Term(term_id, labels, len(terms), state,
                          _labels(item.get("description"), language)))
    return Vocabulary(name, tuple(terms))


def _labels(value: Any, language: str) -> dict[str, str]:
    """Read a label: plain text (in the programme's language) or one per language."""
    if isinstance(value, str) and value.strip():
        return {language: value.strip()}
    if isinstance(value, dict):
        return {str(k): v.strip() for k, v in value.items() if isinstance(v, str) and v.strip()}
    return {}

