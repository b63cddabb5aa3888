"""Read what makes the site look like the city's: logo, favicon, colours, social links, licence.

Each reader takes the identity mapping and the identity reader (`identity._Reader`),
reports every problem at its line, and returns the value or its default.
"""

from __future__ import annotations

import difflib
from pathlib import Path, PurePosixPath
from bulle.programme.addresses import is_address
from bulle.programme.colours import (DEFAULT_ACCENT, DEFAULT_PRIMARY, HEX, Colours, check_colours,
                                     normalise)
from bulle.content.files import FILE, LINK, LINK_MESSAGE, SPECIAL, SPECIAL_MESSAGE, path_kind
from bulle.programme.i18n import DEFAULT_LANGUAGE, available_languages, missing_labels
from bulle.programme.licence import DEFAULT, KNOWN, Licence, find_licence
from bulle.programme.schema import IDENTITY, names

COLOUR_FIELDS = names(IDENTITY.child("colours"))
LICENCE_FIELDS = names(IDENTITY.child("licence"))


def read_file(identity: dict, key: str, suffixes: tuple[str, ...], reader,
              root: Path | None) -> str | None:
    """A file of the repository named by its path from the root (`docs/images/logo.svg`)."""
    path = ("identity", key)
    value = reader.text(identity, path)
    if not value:
        return None
    rel = PurePosixPath(value.replace("\\", "/"))
    if rel.is_absolute() or ".." in rel.parts:
        reader.report(reader.where(path), "bad-file",
                      f"« identity.{key} » : « {value} » doit être un chemin depuis la racine "
                      "du dépôt, par exemple « docs/images/logo.svg »")
        return None
    if rel.suffix.lower() not in suffixes:
        reader.report(reader.where(path), "bad-file",
                      f"« identity.{key} » : « {value} » n'est pas d'un type accepté "
                      f"({', '.join(suffixes)})")
        return None
    kind = path_kind(root, rel.as_posix()) if root is not None else FILE
    if kind in (LINK, SPECIAL):  # never publish what a link points to (the build machine's)
        reader.report(reader.where(path), "bad-file",
                      f"« identity.{key} » : « {rel} » : "
                      + (LINK_MESSAGE if kind == LINK else SPECIAL_MESSAGE))
        return None
    if kind != FILE:
        reader.report(reader.where(path), "missing-file",
                      f"« identity.{key} » : fichier « {rel} » introuvable dans le dépôt")
        return None
    return rel.as_posix()


def read_colours(identity: dict, reader) -> Colours:
    raw, path = identity.get("colours"), ("identity", "colours")
    if raw is None:
        return Colours()
    if not isinstance(raw, dict):
        reader.report(reader.where(path), "wrong-type",
                      "« identity.colours » doit contenir « primary » et « accent », par "
                      "exemple « primary: \"#1d4f91\" »")
        return Colours()
    reader.check_keys(raw, path, COLOUR_FIELDS)
    values = {}
    for name, default in (("primary", DEFAULT_PRIMARY), ("accent", DEFAULT_ACCENT)):
        value = reader.text(raw, path + (name,))
        if value and not HEX.match(value):
            reader.report(reader.where(path + (name,)), "bad-colour",
                          f"« identity.colours.{name} » : « {value} » n'est pas une couleur "
                          "« #rrvvbb » (par exemple « #1d4f91 », entre guillemets)")
            value = ""
        values[name] = normalise(value) if value else default
    colours = Colours(**values)
    for name, message in check_colours(colours):
        reader.report(reader.where(path + (name,)) or reader.where(path), "low-contrast",
                      message, severity="warning")
    return colours


def read_social(identity: dict, reader) -> tuple[tuple[str, str], ...]:
    """`Mastodon: https://…` lines: a label and the address of the programme's account."""
    raw, path = identity.get("social"), ("identity", "social")
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        reader.report(reader.where(path), "wrong-type",
                      "« identity.social » doit lister des lignes « Libellé: https://adresse »")
        return ()
    links = []
    for label, url in raw.items():
        if not isinstance(url, str) or not is_address(url.strip()):
            reader.report(reader.where(path + (label,)), "bad-url",
                          f"« identity.social.{label} » doit être une adresse https:// "
                          "complète, sans espace, guillemet, « < » ni « > »")
            continue
        links.append((str(label).strip(), url.strip()))
    return tuple(links)


def read_licence(identity: dict, reader) -> Licence:
    """A known licence by its identifier, or the title and address of another one."""
    raw, path = identity.get("licence"), ("identity", "licence")
    if raw is None or raw == "":
        return DEFAULT
    if isinstance(raw, str):
        licence = find_licence(raw)
        if licence is None:
            close = difflib.get_close_matches(raw, list(KNOWN), n=1, cutoff=0.5)
            hint = f" — vouliez-vous dire « {close[0]} » ?" if close else ""
            reader.report(reader.where(path), "unknown-licence",
                          f"« identity.licence » : licence « {raw} » inconnue ; connues : "
                          f"{', '.join(KNOWN)}, ou bien « title » et « url » d'une autre{hint}")
            return DEFAULT
        return licence
    if not isinstance(raw, dict):
        reader.report(reader.where(path), "wrong-type",
                      "« identity.licence » : un identifiant (« etalab-2.0 ») ou bien "
                      "« title » et « url »")
        return DEFAULT
    reader.check_keys(raw, path, LICENCE_FIELDS)
    title, url = reader.text(raw, path + ("title",)), reader.text(raw, path + ("url",))
    if not title or not is_address(url, ("https", "http")):
        reader.report(reader.where(path), "missing-field",
                      "« identity.licence » demande « title » et une « url » en https://")
        return DEFAULT
    return Licence(reader.text(raw, path + ("id",)), title, url)


def check_language(identity: dict, reader) -> str:
    """The site's language: one that Bulle has labels for (bulle/programme/locales/<language>.yml)."""
    path = ("identity", "language")
    value = reader.text(identity, path) or DEFAULT_LANGUAGE
    if value not in available_languages():
        reader.report(reader.where(path), "unknown-language",
                      f"« identity.language » : pas de libellés pour la langue « {value} » ; "
                      f"langues disponibles : {', '.join(available_languages())}")
        return DEFAULT_LANGUAGE
    missing = missing_labels(value)
    if missing:
        reader.report(reader.where(path), "missing-labels",
                      f"la langue « {value} » n'a pas encore de libellé pour "
                      f"{', '.join(missing)} : ces libellés restent en français",
                      severity="warning")
    return value
