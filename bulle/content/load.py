"""Read `projects/` from disk: files, front matter and the lines they sit on.

Nothing here judges the content beyond what reading needs; `bulle.content.validate`
does the judging. Walking order is sorted, so every run sees the same order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter

from bulle.content.files import FILE, MISSING, path_kind, scan
from bulle.content.model import Problem
from bulle.content.yamlsource import Parsed, YamlError, parse_yaml

_FENCE = frontmatter.YAMLHandler.FM_BOUNDARY


@dataclass(frozen=True)
class SourceFile:
    """A Markdown file split into front matter (with lines) and body."""

    rel: str  # path shown to people: relative to the repository, POSIX style
    path: Path
    meta: Parsed | None  # None when the file has no readable front matter
    body: str
    body_line: int  # line of the file where the body starts


@dataclass(frozen=True)
class ProjectSource:
    """Everything found in one folder of `projects/`."""

    slug: str
    folder: Path
    rel: str
    index: SourceFile | None
    entries: tuple[SourceFile, ...]
    assets: tuple[Path, ...]  # every other file, mirrored as is on the site
    stamp: tuple = ()  # (path, files.stamp) of every file of the folder: whether it changed


@dataclass
class Tree:
    projects: list[ProjectSource] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ReadCache:
    """What the last load read and checked, kept across the rebuilds of `make serve`.

    A file whose stamp (times of change, size, inode: `files.stamp`) is the one
    it had is neither read nor parsed again, and its problems are reported again
    as they were; a folder whose files all kept their stamps is not checked again
    (`bulle.content.validate`). Files no longer found are forgotten.
    """

    files: dict[Path, tuple[tuple, SourceFile, tuple[Problem, ...]]] = field(default_factory=dict)
    folders: dict[Path, tuple] = field(default_factory=dict)  # folder -> (stamp, its Content)
    programme: object = None  # the programme the folders were checked against
    read: int = 0  # Markdown files read by the last load (the others were kept)


def load_tree(root: Path, projects_dir: str = "projects", cache: ReadCache | None = None) -> Tree:
    """Read every project folder below `root / projects_dir`, never through a link;
    with `cache`, only the files changed since the load that filled it."""
    tree = Tree()
    if path_kind(root, projects_dir) in (MISSING, FILE):
        tree.problems.append(Problem(projects_dir, None, "missing-projects-dir",
                                     f"dossier « {projects_dir}/ » introuvable"))
        return tree
    found = scan(root, projects_dir)
    tree.problems.extend(found.problems)
    base = root / projects_dir
    files: dict[str, list[Path]] = {}
    for path in found.files:
        files.setdefault(path.relative_to(base).parts[0], []).append(path)
    kept: dict[Path, tuple] = {}
    if cache is not None:
        cache.read = 0

    def read(path: Path, problems: list[Problem]) -> SourceFile:
        stamp = found.stamps[path]
        known = cache.files.get(path) if cache is not None else None
        if known is None or known[0] != stamp:
            before = len(problems)
            known = (stamp, load_source(root, path, problems), tuple(problems[before:]))
            if cache is not None:
                cache.read += 1
        else:
            problems.extend(known[2])
        kept[path] = known
        return known[1]

    for folder in found.folders:
        if folder.parent == base and not folder.name.startswith("."):
            folder_files = files.get(folder.name, [])
            stamp = tuple((path, found.stamps[path]) for path in folder_files)
            tree.projects.append(_load_project(root, folder, folder_files, tree.problems,
                                               read, stamp))
    if cache is not None:
        cache.files = kept
    return tree


def _load_project(root: Path, folder: Path, files: list[Path], problems: list[Problem],
                  read: Callable[[Path, list[Problem]], SourceFile],
                  stamp: tuple) -> ProjectSource:
    """Sort the regular files of one project folder (`files`, from `scan`) by their role;
    `read(path, problems)` reads a Markdown file."""
    rel = _rel(root, folder)
    index_path = folder / "index.md"
    index = read(index_path, problems) if index_path in files else None
    entries: list[SourceFile] = []
    assets: list[Path] = []
    for path in sorted(files):
        parts = path.relative_to(folder).parts
        if any(part.startswith(".") for part in parts) or path == index_path:
            continue
        if path.suffix.lower() == ".md" and len(parts) == 2 and parts[0] == "journal":
            entries.append(read(path, problems))
        elif path.suffix.lower() in (".md", ".markdown"):
            problems.append(Problem(
                _rel(root, path), None, "stray-markdown",
                "fichier Markdown inattendu : la présentation du projet va dans index.md "
                "et les entrées du journal dans journal/AAAA-MM-JJ-mots.md"))
        else:
            assets.append(path)
    return ProjectSource(folder.name, folder, rel, index, tuple(entries), tuple(assets),
                         stamp)


def load_source(root: Path, path: Path, problems: list[Problem]) -> SourceFile:
    """Read one Markdown file; report unreadable text or YAML as problems."""
    rel = _rel(root, path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        problems.append(Problem(rel, line, "encoding",
                                "le fichier n'est pas en UTF-8 : enregistrez-le en UTF-8"))
        return SourceFile(rel, path, None, "", 1)
    return split_source(rel, path, text, problems)


def split_source(rel: str, path: Path, text: str, problems: list[Problem]) -> SourceFile:
    """Split `text` at its front-matter fences, keeping line numbers."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        problems.append(Problem(rel, 1, "no-front-matter",
                                "en-tête manquant : le fichier doit commencer par une ligne "
                                "« --- », les champs, puis une autre ligne « --- »"))
        return SourceFile(rel, path, None, text, 1)
    for number, line in enumerate(lines[1:], start=1):
        if _FENCE.match(line):
            closing = number
            break
    else:
        problems.append(Problem(rel, 1, "unclosed-front-matter",
                                "en-tête non fermé : ajoutez une ligne « --- » après le "
                                "dernier champ"))
        return SourceFile(rel, path, None, "", 1)
    yaml_text = "\n".join(lines[1:closing])
    body = "\n".join(lines[closing + 1:])
    body_line = closing + 2
    try:
        parsed = parse_yaml(yaml_text)
    except YamlError as error:
        problems.append(Problem(rel, error.line + 1, error.code, error.message))
        return SourceFile(rel, path, None, body, body_line)
    # Shift lines from the YAML text to the file (the opening fence is line 1).
    shifted = {key: line + 1 for key, line in parsed.lines.items()}
    duplicates = tuple((key, line + 1) for key, line in parsed.duplicates)
    return SourceFile(rel, path, Parsed(parsed.data, shifted, duplicates), body, body_line)


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
