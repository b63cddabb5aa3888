"""The files of the repository that the site may publish: regular files, never through a link.

A symbolic link in a project folder (to /proc/self/environ, to ../../.git/config)
would publish the build machine's own files. So nothing here follows a link:
folders are walked with `os.scandir` and `lstat`, and every entry that is
neither a real folder nor a regular file (link, device, FIFO, socket) is a
problem, wherever it is, hidden names included. A FIFO is never opened: reading
it would block the check forever.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from bulle.content.model import Problem

FILE, FOLDER, LINK, SPECIAL, MISSING = "file", "folder", "link", "special", "missing"
_UNSAFE_NAME = re.compile(r'[<>"&\x00-\x1f\x7f]')  # markup in a name, or a control character

LINK_MESSAGE = ("lien symbolique refusé : le site ne publie que des fichiers du dépôt ; "
                "remplacez le lien par le fichier lui-même")
SPECIAL_MESSAGE = ("fichier spécial refusé (périphérique, tube ou socket) : le site ne "
                   "publie que des fichiers ordinaires ; retirez-le")


@dataclass
class Scan:
    """What a folder holds, below it: regular files and folders (sorted), and what is refused."""

    files: list[Path] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    stamps: dict[Path, tuple[int, ...]] = field(default_factory=dict)  # file -> stamp()


def stamp(status: os.stat_result) -> tuple[int, ...]:
    """What tells that a file changed without reading it: times of change, size, inode."""
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino)


def kind_of(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return LINK
    if stat.S_ISDIR(mode):
        return FOLDER
    return FILE if stat.S_ISREG(mode) else SPECIAL


def path_kind(root: Path, rel: str) -> str:
    """What `rel` (a path from `root`) is, LINK as soon as any of its parts is a link."""
    current = root
    kind = FOLDER
    for part in PurePosixPath(rel).parts:
        if kind != FOLDER:
            return MISSING
        current = current / part
        try:
            kind = kind_of(os.lstat(current).st_mode)
        except OSError:
            return MISSING
        if kind == LINK:
            return LINK
    return kind


def refused(rel: str, kind: str) -> Problem:
    """The problem of a path that is a link or a special file."""
    if kind == LINK:
        return Problem(rel, None, "symlink", LINK_MESSAGE)
    return Problem(rel, None, "special-file", SPECIAL_MESSAGE)


def scan(root: Path, rel: str) -> Scan:
    """Walk `root / rel` without following links; `rel` itself must be a real folder."""
    result = Scan()
    kind = path_kind(root, rel)
    if kind in (LINK, SPECIAL):
        result.problems.append(refused(rel, kind))
    elif kind == FOLDER:
        _walk(root / rel, rel, result)
    return result


def _walk(folder: Path, rel: str, result: Scan) -> None:
    with os.scandir(folder) as entries:
        children = sorted(entries, key=lambda entry: entry.name)
    for entry in children:
        path, child = folder / entry.name, f"{rel}/{entry.name}"
        try:
            status = entry.stat(follow_symlinks=False)
        except OSError:
            continue  # vanished while walking
        kind = kind_of(status.st_mode)
        if kind == FOLDER:
            result.folders.append(path)
            _walk(path, child, result)
        elif kind == FILE:
            result.files.append(path)
            result.stamps[path] = stamp(status)
        else:
            result.problems.append(refused(child, kind))


def folder_problems(root: Path, rel: str) -> list[Problem]:
    """Every link, special file or unsafe name below `root / rel` (the city's docs/).

    MkDocs would follow the links; and it makes a page's file name its title in
    the menu of every page, printed as HTML: `<img onerror=…>.md` would run there.
    """
    found = scan(root, rel)
    problems = list(found.problems)
    for path in found.folders + found.files:
        unsafe = sorted(set(_UNSAFE_NAME.findall(path.name)))
        if unsafe:
            shown = ", ".join(f"« {char} »" if char.isprintable() else f"U+{ord(char):04X}"
                              for char in unsafe)
            problems.append(Problem(path.relative_to(root).as_posix(), None, "unsafe-name",
                                    f"nom refusé : il contient {shown}, et le nom d'un "
                                    "fichier de docs/ devient le titre de sa page dans le menu "
                                    "; renommez-le (lettres, chiffres, tirets)"))
    return sorted(problems, key=lambda problem: problem.path)
