"""The stylesheet and script that the generated pages rely on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

_FOLDER = Path(__file__).parent / "static"
_PREFIX = "assets/bulle/"


@dataclass(frozen=True)
class StaticFiles:
    css: tuple[str, ...]
    js: tuple[str, ...]
    files: dict[str, Path]  # path on the site -> file in the package


STATIC_FILES = StaticFiles(
    css=(f"{_PREFIX}bulle.css",),
    js=(f"{_PREFIX}bulle.js",),
    files={f"{_PREFIX}{path.name}": path for path in sorted(_FOLDER.iterdir()) if path.is_file()},
)
