"""The gallery of the checker's messages: small mistakes, what the checker says, the fix.

The examples live in `gallery.yml`. Each one is written into a temporary
folder and checked by the real checker, so the messages in the guide are the
ones contributors get, today.
"""

from __future__ import annotations

import html
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bulle.content.load import load_tree
from bulle.content.model import Problem, Programme
from bulle.content.text import show_invalid_chars
from bulle.content.validate import validate_tree

EXAMPLES = Path(__file__).with_name("gallery.yml")
BASE_PROJECT = ("projects/mon-projet/index.md",
                "---\ntitle: Mon projet\npitch: Rendre le tri des déchets facile pour tous.\n"
                "phases:\n  - name: investigation\n    start: 2026-09-01\n---\n")
# A 1×1 transparent PNG, for examples that need an image on disk.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


@dataclass(frozen=True)
class Mistake:
    """One example: the files as written, why it is wrong, and the same files fixed."""

    code: str
    title: str
    explain: str
    files: dict[str, str]  # what the contributor wrote (shown)
    fixed: dict[str, str]  # the same tree once corrected (changed files are shown)
    encoding: str = "utf-8"
    images: tuple[str, ...] = ()
    context: dict[str, str] = field(default_factory=dict)  # files present but not shown


@dataclass(frozen=True)
class Section:
    title: str
    mistakes: tuple[Mistake, ...]


def load_gallery(path: Path = EXAMPLES) -> list[Section]:
    """Read the examples and apply each fix to get the corrected files."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Section(section["section"], tuple(_mistake(item) for item in section["items"]))
            for section in data]


def _mistake(item: dict) -> Mistake:
    files = dict(item["files"])
    context = {} if item.get("without_project") or BASE_PROJECT[0] in files \
        else dict([BASE_PROJECT])
    fixed = dict(files)
    fix = item["fix"]
    for rel, old, new in fix.get("replace", ()):
        assert old in fixed[rel], (item["title"], old)
        fixed[rel] = fixed[rel].replace(old, new, 1)
    for old, new in fix.get("rename", ()):
        fixed[new] = fixed.pop(old)
    for rel in fix.get("remove", ()):
        del fixed[rel]
    fixed.update(fix.get("add", {}))
    # `utf8: [path]` changes no text: the fixed files are always saved in UTF-8.
    return Mistake(item["code"], item["title"], item["explain"], files, fixed,
                   item.get("encoding", "utf-8"), tuple(item.get("images", ())), context)

def check_files(files: dict[str, str], programme: Programme, encoding: str = "utf-8",
                images: tuple[str, ...] = (), context: dict[str, str] | None = None
                ) -> list[Problem]:
    """Write `files` (in `encoding`) and `context` (in UTF-8) in a temporary site folder,
    then run the real checker on it."""
    with tempfile.TemporaryDirectory(prefix="bulle-gallery-") as folder:
        root = Path(folder)
        written = [(rel, PNG) for rel in images]
        written += [(rel, text.encode("utf-8")) for rel, text in (context or {}).items()]
        written += [(rel, text.encode(encoding)) for rel, text in files.items()]
        for rel, data in written:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data)
        return validate_tree(load_tree(root), programme).problems


def check_mistake(mistake: Mistake, programme: Programme) -> tuple[list[Problem], list[Problem]]:
    """The problems of the files as written, and of the fixed files."""
    wrong = check_files(mistake.files, programme, mistake.encoding, mistake.images,
                        mistake.context)
    fixed = check_files(mistake.fixed, programme, "utf-8", mistake.images, mistake.context)
    return wrong, fixed


def render_gallery(programme: Programme, sections: list[Section] | None = None) -> str:
    """The gallery as Markdown: each mistake, the checker's real words, the fix."""
    parts: list[str] = []
    for section in sections or load_gallery():
        parts.append(f"## {section.title}\n")
        for mistake in section.mistakes:
            wrong, _fixed = check_mistake(mistake, programme)
            parts.append(_render_mistake(mistake, wrong))
    return "\n".join(parts)


def _render_mistake(mistake: Mistake, problems: list[Problem]) -> str:
    lines = [f"### {mistake.title}\n"]
    for rel, text in mistake.files.items():
        note = " (enregistré en Windows-1252)" if mistake.encoding != "utf-8" else ""
        lines.append(f"`{rel}`{note} :\n")
        lines.append(_fence(text, "markdown"))
    lines.append("La vérification dit :\n")
    lines.append('<div class="bulle-messages">'
                 + "".join(f"<p>{html.escape(str(problem))}</p>" for problem in problems)
                 + "</div>\n")
    lines.append(f"**Comment corriger.** {mistake.explain}\n")
    changed = {rel: text for rel, text in mistake.fixed.items()
               if mistake.files.get(rel) != text or mistake.encoding != "utf-8"}
    for rel, text in changed.items():
        if rel.endswith(".md"):
            lines.append(f"`{rel}`, corrigé :\n")
            lines.append(_fence(text, "markdown"))
    return "\n".join(lines)


def _fence(text: str, language: str) -> str:
    text = show_invalid_chars(text)  # shown
    fence = "~~~~" if "```" in text or "~~~" in text else "```"
    return f"{fence}{language}\n{text.rstrip()}\n{fence}\n"
