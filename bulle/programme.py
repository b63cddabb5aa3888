"""Read the programme file: identity and vocabularies, as data a fork edits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .model import Identity, Problem, Programme, Term, Vocabulary
from .schema import SLUG_PATTERN
from .yamlsource import YamlError, parse_yaml

VOCABULARIES = ("phases", "award_kinds", "entry_kinds", "themes")
PHASE_STATES = ("active", "closed")
_IDENTITY_REQUIRED = ("name", "site_url")
_IDENTITY_TEXT = ("name", "city", "organisation", "description", "site_url",
                  "repository", "branch", "contact", "language", "cms_auth_url")


def load_programme(path: Path, rel: str = "programme.yml") -> tuple[Programme | None, list[Problem]]:
    """Read the programme file; return None and the problems when it is unusable."""
    problems: list[Problem] = []

    def report(line: int | None, code: str, message: str) -> None:
        problems.append(Problem(rel, line, code, message))

    try:
        parsed = parse_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        report(None, "missing-programme", "fichier du programme introuvable")
        return None, problems
    except YamlError as error:
        report(error.line, "yaml-syntax", error.message)
        return None, problems
    data = parsed.data
    if not isinstance(data, dict):
        report(1, "programme-not-mapping", "le fichier doit contenir des champs « nom: valeur »")
        return None, problems
    for key in data:
        if key not in ("identity",) + VOCABULARIES:
            report(parsed.line((key,)), "unknown-field",
                   f"rubrique inconnue « {key} » (attendu : identity, "
                   + ", ".join(VOCABULARIES) + ")")

    raw_identity = data.get("identity")
    if not isinstance(raw_identity, dict):
        report(parsed.line(("identity",)), "missing-field",
               "rubrique « identity » manquante ou mal formée")
        raw_identity = {}
    for key in _IDENTITY_REQUIRED:
        if not _text(raw_identity.get(key)):
            report(parsed.line(("identity",)), "missing-field",
                   f"champ obligatoire « identity.{key} » manquant")
    for key, value in raw_identity.items():
        if key in _IDENTITY_TEXT and value is not None and not isinstance(value, str):
            report(parsed.line(("identity", key)), "wrong-type",
                   f"« identity.{key} » doit être un texte")
        elif key not in _IDENTITY_TEXT and key != "demo":
            report(parsed.line(("identity", key)), "unknown-field",
                   f"champ inconnu « identity.{key} »")
    language = _text(raw_identity.get("language")) or "fr"
    site_url = _text(raw_identity.get("site_url"))
    if site_url and not site_url.startswith(("http://", "https://")):
        report(parsed.line(("identity", "site_url")), "bad-url",
               "« identity.site_url » doit commencer par https:// (ou http://)")
    cms_auth_url = _text(raw_identity.get("cms_auth_url"))
    if cms_auth_url and not cms_auth_url.startswith("https://"):
        report(parsed.line(("identity", "cms_auth_url")), "bad-url",
               "« identity.cms_auth_url » doit commencer par https://")
    identity = Identity(
        name=_text(raw_identity.get("name")),
        city=_text(raw_identity.get("city")),
        organisation=_text(raw_identity.get("organisation")),
        description=_text(raw_identity.get("description")),
        site_url=site_url.rstrip("/") + "/" if site_url else "",
        repository=_text(raw_identity.get("repository")).rstrip("/") or None,
        branch=_text(raw_identity.get("branch")) or "main",
        contact=_text(raw_identity.get("contact")) or None,
        language=language,
        demo=raw_identity.get("demo") is True,
        cms_auth_url=cms_auth_url.rstrip("/") or None,
    )
    vocabularies = {name: _load_vocabulary(name, data.get(name), parsed, language, report)
                    for name in VOCABULARIES}
    if any(problem.is_error for problem in problems):
        return None, problems
    return Programme(identity=identity, **vocabularies), problems


def _load_vocabulary(name: str, raw: Any, parsed, language: str, report) -> Vocabulary:
    if not isinstance(raw, list) or not raw:
        report(parsed.line((name,)), "empty-vocabulary",
               f"« {name} » doit être une liste d'au moins un terme (id, label)")
        return Vocabulary(name, ())
    terms: list[Term] = []
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
            if key not in ("id", "label", "state", "description"):
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


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
