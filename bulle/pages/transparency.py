"""The transparency block: what a project's service publishes about itself, and what it does not.

Six items, always all six, so that a missing one is visible (« non publié »),
as beta.gouv.fr does. The project page and the open data (`/api/projets.json`,
`/api/projets/<slug>.json`) both read them from `transparency_status`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bulle.content.model import Project

ITEMS = ("stats", "budget", "impact", "source_code", "accessibility", "security")


@dataclass(frozen=True)
class Item:
    name: str  # one of ITEMS
    published: bool
    url: str | None = None
    date: dt.date | None = None
    note: str | None = None
    status: str | None = None  # accessibility: « totalement », « partiellement »…

    def as_json(self) -> dict:
        values = {"name": self.name, "published": self.published, "url": self.url,
                  "date": self.date.isoformat() if self.date else None, "note": self.note,
                  "status": self.status}
        return {key: value for key, value in values.items() if value is not None}


def transparency_status(project: Project) -> list[Item]:
    """The six items in a fixed order; an accessibility status counts as published."""
    transparency = project.transparency
    result = []
    for name in ITEMS:
        value = getattr(transparency, name, None) if transparency else None
        if value is None:
            result.append(Item(name, False))
        elif name == "accessibility":
            result.append(Item(name, True, value.url, value.date, status=value.status))
        else:
            result.append(Item(name, True, value.url, value.date, value.note))
    return result
