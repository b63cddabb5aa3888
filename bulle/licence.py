"""The licence of the programme's open data, stated in every file and on /donnees/."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    id: str  # SPDX identifier
    title: str
    url: str

    def as_json(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "url": self.url}

    def as_table_schema(self) -> dict[str, str]:
        """The licence as Frictionless Data descriptors write it (name, title, path)."""
        return {"name": self.id, "title": self.title, "path": self.url}


ETALAB_2 = Licence(
    id="etalab-2.0",
    title="Licence Ouverte / Open Licence version 2.0",
    url="https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
)
