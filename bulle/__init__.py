"""Bulle: the content core of a public intrapreneurship programme's site.

The core reads `projects/` and the programme file, validates them, groups the
content and says what the site publishes. It never imports MkDocs: the MkDocs
hooks in `hooks/` and the export (`bulle export`) only adapt it. By stage:
`content/` (contributors' files), `programme/` (the city's file), `site.py` and
`aggregate.py` (the public content), `pages/`, `outputs/`, `publication.py` (the
manifest), `contrib/` (what helps contributors) and `fork/` (what a new city needs).

Its public face, imported on first use (the command line stays quick to start):

    site, problems = load_site(Settings(root=Path(".")))
    publication = build_site(site, city_pages=["index.md"])
"""

from __future__ import annotations

from importlib import import_module

_PUBLIC = {
    "Settings": "bulle.site", "Site": "bulle.site", "load_site": "bulle.site",
    "load_programme": "bulle.programme.load", "Problem": "bulle.content.model",
    "Publication": "bulle.publication", "build_site": "bulle.publication",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'bulle' has no attribute {name!r}")
