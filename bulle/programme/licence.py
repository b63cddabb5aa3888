"""The licence of the programme's content: its texts and its open data.

A city names it in `identity.licence` of the programme file: the SPDX
identifier of a licence below, or the title and address of another one. It
is stated in the footer, on the legal notice, on /donnees/, in every open
data file and in the feeds.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    id: str  # SPDX identifier, or "" for a licence the city describes itself
    title: str
    url: str

    @property
    def terms_key(self) -> str:
        """The label that says, in the site's language, what the licence allows."""
        return f"licence.terms.{self.id}" if self.id in KNOWN else "licence.terms.other"

    def as_json(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "url": self.url} if self.id else \
            {"title": self.title, "url": self.url}

    def as_table_schema(self) -> dict[str, str]:
        """The licence as Frictionless Data descriptors write it (name, title, path)."""
        return {"name": self.id, "title": self.title, "path": self.url} if self.id else \
            {"title": self.title, "path": self.url}


ETALAB_2 = Licence(
    id="etalab-2.0",
    title="Licence Ouverte / Open Licence version 2.0",
    url="https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
)

KNOWN = {licence.id: licence for licence in (
    ETALAB_2,
    Licence("CC-BY-4.0", "Creative Commons Attribution 4.0 International",
            "https://creativecommons.org/licenses/by/4.0/"),
    Licence("CC-BY-SA-4.0", "Creative Commons Attribution-ShareAlike 4.0 International",
            "https://creativecommons.org/licenses/by-sa/4.0/"),
    Licence("CC0-1.0", "Creative Commons Zero v1.0 Universal",
            "https://creativecommons.org/publicdomain/zero/1.0/"),
)}
DEFAULT = ETALAB_2  # what French public bodies publish their data under


def find_licence(identifier: str) -> Licence | None:
    """A known licence by its SPDX identifier, whatever its case."""
    for key, licence in KNOWN.items():
        if key.lower() == identifier.strip().lower():
            return licence
    return None
