"""Which files of a project folder the site publishes: those its public pages name.

An image or PDF used only by a draft or a future-dated entry must not wait at
an address anyone can guess (`/projets/x/resultats.pdf`) before its day. A file
is published when it is the `image` of the project or of a public entry, or when
a public text of the project names it: its index.md (front matter and body) or
a public entry's body.

"Names it" is a cheap scan, not a Markdown parse: the file's path from the
project folder, or from the folder of the text (`journal/` for entries), occurs
in the text as written, URL-encoded (`photo%20été.png`) or with HTML entities,
and is not part of a longer name (`photo.png` is not named by `myphoto.png`).
It errs on the side of publishing a file of the same name in another sub-folder
of the same project, never a file that no public text names.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import unquote

from bulle.content.model import Entry, Project

JOURNAL = "journal"
_BEFORE = r"(?<![\w.%~-])"  # a name starts after /, (, <, a quote, a space...
_AFTER = r"(?![\w/%~-]|\.\w)"  # ...and ends before ), >, a quote, #, ?, a space...


def published_assets(folder: Path, assets: Iterable[Path], project: Project,
                     front_matter: Any, entries: Iterable[Entry]) -> tuple[Path, ...]:
    """The files of `assets` that `project` (public) and its public `entries` use."""
    images = {project.image.path} if project.image else set()
    texts = {"": [project.body, *_strings(front_matter)]}
    for entry in entries:
        texts.setdefault(JOURNAL, []).append(entry.body)
        if entry.image:
            images.add(entry.image.path)
    readable = {where: _variants("\n".join(parts)) for where, parts in texts.items()}
    kept = []
    for path in assets:
        rel = path.relative_to(folder).as_posix()
        if rel in images or any(_names(text, rel, where) for where, text in readable.items()):
            kept.append(path)
    return tuple(kept)


def _names(text: str, rel: str, where: str) -> bool:
    candidates = {rel, posixpath.relpath(rel, where) if where else rel}
    return any(name in text and re.search(_BEFORE + re.escape(name) + _AFTER, text)
               for name in candidates)  # `in` first: most files are named nowhere


def _variants(text: str) -> str:
    """The text as written, URL-decoded and with HTML entities decoded, in one string."""
    variants = [text]
    if "&" in text:
        variants.append(html.unescape(text))
    if "%" in text:
        variants += [unquote(variant) for variant in variants]
    return "\n".join(dict.fromkeys(variants))


def _strings(value: Any) -> list[str]:
    """Every text of a front matter, at any depth."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _strings(item)]
    return []
