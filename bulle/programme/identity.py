"""Read `identity` in the programme file: who runs the programme and answers for its site.

Besides the name and the addresses of the site, it holds what the legal pages
state (publisher, publication director, host, accessibility status and the
contacts for accessibility and personal data) and what makes the site look
like the city's (logo, favicon, colours, social links, licence: `branding`).
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any, Callable

from bulle.programme.addresses import is_address, is_branch
from bulle.content.schema import BRANCH, CONTACT, EMAIL_PATTERN, TEXT, URL
from bulle.programme.branding import (check_language, read_colours, read_file, read_licence,
                                      read_social)
from bulle.programme.schema import FAVICON_SUFFIXES, IDENTITY, LOGO_SUFFIXES, names
from bulle.content.model import ACCESSIBILITY_STATUSES, Accessibility, Identity, Organisation

Report = Callable[..., None]  # report(line, code, message, severity="error")

# Which fields exist and which are required: declared in bulle.programme.schema.
FIELDS = names(IDENTITY)
TEXT_FIELDS = tuple(f.name for f in IDENTITY.fields if f.kind in (TEXT, URL, BRANCH, CONTACT))
REQUIRED = tuple(f.name for f in IDENTITY.fields if f.required)
ORGANISATION_FIELDS = names(IDENTITY.child("publisher"))
ACCESSIBILITY_FIELDS = names(IDENTITY.child("accessibility"))
_STATUS_HELP = ("full (totalement conforme), partial (partiellement conforme) "
                "ou none (non conforme, aussi tant qu'aucun audit n'a été fait)")


def load_identity(raw: Any, parsed, report: Report, root: Path | None = None) -> Identity:
    """Check `identity` and build it; every problem goes to `report`.

    `root` is the folder of the programme file, where the logo and favicon are looked for.
    """
    reader = _Reader(parsed, report)
    if not isinstance(raw, dict):
        report(parsed.line(("identity",)), "missing-field",
               "rubrique « identity » manquante ou mal formée")
        raw = {}
    reader.check_keys(raw, ("identity",), FIELDS)
    for key in REQUIRED:
        if not _text(raw.get(key)):
            report(parsed.line(("identity",)), "missing-field",
                   f"champ obligatoire « identity.{key} » manquant")
    for key in TEXT_FIELDS:
        reader.text(raw, ("identity", key))
    site_url = reader.address(raw, ("identity", "site_url"), "https://bulle.example.org/",
                              ("https", "http"))
    repository = reader.address(raw, ("identity", "repository"),
                                "https://github.com/ville/bulle")
    cms_auth_url = reader.address(raw, ("identity", "cms_auth_url"),
                                  "https://connexion.example.org")
    branch = reader.text(raw, ("identity", "branch"))
    if branch and not is_branch(branch):
        report(parsed.line(("identity", "branch")), "bad-branch",
               f"« identity.branch » : « {branch[:80]} » n'est pas un nom de branche Git "
               "(lettres sans accents, chiffres, « . », « _ », « - » et « / », "
               "par exemple « main »)")
        branch = ""
    contact = reader.contact(raw, ("identity", "contact"))
    organisation = _text(raw.get("organisation"))
    publisher = reader.organisation(raw, "publisher") or (
        Organisation(organisation) if organisation else None)
    host = reader.organisation(raw, "host")
    director = _text(raw.get("publication_director"))
    missing = [("publisher", publisher), ("publication_director", director), ("host", host)]
    for key, value in missing:
        if not value:
            report(parsed.line(("identity",)), "missing-legal",
                   f"« identity.{key} » manquant : la page « Mentions légales » le demande",
                   severity="warning")
    personal_data_contact = reader.contact(raw, ("identity", "personal_data_contact")) or contact
    if not personal_data_contact:
        report(parsed.line(("identity",)), "missing-legal",
               "ni « identity.personal_data_contact » ni « identity.contact » : la page "
               "« Données personnelles » doit dire à qui écrire", severity="warning")
    return Identity(
        name=_text(raw.get("name")),
        city=_text(raw.get("city")),
        organisation=organisation,
        description=_text(raw.get("description")),
        site_url=site_url.rstrip("/") + "/" if site_url else "",
        repository=repository.rstrip("/") or None,
        branch=branch or "main",
        contact=contact,
        language=check_language(raw, reader),
        demo=raw.get("demo") is True,
        publisher=publisher,
        publication_director=director,
        host=host,
        accessibility=reader.accessibility(raw.get("accessibility"), contact),
        personal_data_contact=personal_data_contact,
        cms_auth_url=cms_auth_url.rstrip("/") or None,
        logo=read_file(raw, "logo", LOGO_SUFFIXES, reader, root),
        favicon=read_file(raw, "favicon", FAVICON_SUFFIXES, reader, root),
        colours=read_colours(raw, reader),
        social=read_social(raw, reader),
        licence=read_licence(raw, reader),
    )


class _Reader:
    """Checks of the identity values, each reported at its line."""

    def __init__(self, parsed, report: Report) -> None:
        self.parsed = parsed
        self.report = report

    def where(self, path: tuple) -> int | None:
        return self.parsed.line(path)

    def check_keys(self, mapping: dict, path: tuple, known: tuple[str, ...]) -> None:
        for key in mapping:
            if key not in known:
                close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
                hint = f" — vouliez-vous dire « {close[0]} » ?" if close else ""
                self.report(self.where(path + (key,)), "unknown-field",
                            f"champ inconnu « {_dotted(path + (key,))} »{hint}")

    def text(self, mapping: dict, path: tuple) -> str:
        value = mapping.get(path[-1])
        if value is not None and not isinstance(value, str):
            self.report(self.where(path), "wrong-type", f"« {_dotted(path)} » doit être un texte")
            return ""
        return _text(value)

    def address(self, mapping: dict, path: tuple, example: str,
                schemes: tuple[str, ...] = ("https",)) -> str:
        """A site's or a repository's address (a plain path, no query); "" when invalid."""
        value = self.text(mapping, path)
        if value and not is_address(value, schemes, tail=False):
            self.report(self.where(path), "bad-url",
                        f"« {_dotted(path)} » : « {value[:80]} » n'est pas une adresse "
                        f"{schemes[0]}:// complète, par exemple « {example} » (sans espace, "
                        "guillemet, « < », « > », « ? » ni « # »)")
            return ""
        return value

    def contact(self, mapping: dict, path: tuple) -> str | None:
        value = self.text(mapping, path)
        if value and not (EMAIL_PATTERN.match(value) or is_address(value, ("https", "http"))):
            self.report(self.where(path), "bad-contact",
                        f"« {_dotted(path)} » : « {value} » n'est ni une adresse électronique "
                        "ni une adresse de formulaire en https://")
            return None
        return value or None

    def organisation(self, identity: dict, key: str) -> Organisation | None:
        raw, path = identity.get(key), ("identity", key)
        if raw is None:
            return None
        if isinstance(raw, str):  # a name alone
            return Organisation(raw.strip()) if raw.strip() else None
        if not isinstance(raw, dict):
            self.report(self.where(path), "wrong-type",
                        f"« {_dotted(path)} » doit contenir « name » et « address »")
            return None
        self.check_keys(raw, path, ORGANISATION_FIELDS)
        name = self.text(raw, path + ("name",))
        if not name:
            self.report(self.where(path), "missing-field",
                        f"« {_dotted(path)}.name » manquant")
            return None
        return Organisation(name, self.text(raw, path + ("address",)))

    def accessibility(self, raw: Any, contact: str | None) -> Accessibility:
        path = ("identity", "accessibility")
        if raw is None:
            return Accessibility(contact=contact)
        if not isinstance(raw, dict):
            self.report(self.where(path), "wrong-type",
                        "« identity.accessibility » doit contenir « status », « contact »…")
            return Accessibility(contact=contact)
        self.check_keys(raw, path, ACCESSIBILITY_FIELDS)
        status = self.text(raw, path + ("status",)) or "none"
        if status not in ACCESSIBILITY_STATUSES:
            self.report(self.where(path + ("status",)), "bad-accessibility-status",
                        f"« identity.accessibility.status » vaut « {status} » ; attendu : "
                        + _STATUS_HELP)
            status = "none"
        return Accessibility(
            status=status,
            audit=self.text(raw, path + ("audit",)),
            date=self.date(raw, path + ("date",)),
            not_accessible=self.texts(raw, path + ("not_accessible",)),
            contact=self.contact(raw, path + ("contact",)) or contact,
        )

    def date(self, mapping: dict, path: tuple) -> dt.date | None:
        value = self.text(mapping, path)
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.report(self.where(path), "bad-date",
                        f"« {_dotted(path)} » : date « {value} » invalide, attendu AAAA-MM-JJ")
            return None

    def texts(self, mapping: dict, path: tuple) -> tuple[str, ...]:
        value = mapping.get(path[-1])
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip()
                                                   for v in value):
            self.report(self.where(path), "wrong-type",
                        f"« {_dotted(path)} » doit être une liste de textes")
            return ()
        return tuple(v.strip() for v in value)


def _dotted(path: tuple) -> str:
    return ".".join(str(part) for part in path)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
