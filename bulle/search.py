"""The site's search: a Pagefind index, cut into small pieces a browser fetches on demand.

Material's own search sends the whole index to the first visitor who types a
letter (83 MB for 700 projects); Pagefind's index is split by word, so a query
downloads a few small chunks. It indexes the built HTML, after the build.
"""

from __future__ import annotations

import subprocess
from html import escape
import sys
from pathlib import Path

BUNDLE = "pagefind/"  # where the index and its script go on the site
INDEXED = "data-pagefind-body"  # pages holding it are the only ones indexed
# Parts of a page that are not its text: links around it, facts repeated elsewhere.
NOT_TEXT = (".headerlink", ".bulle-kicker", ".bulle-badges", ".bulle-facts", ".bulle-timeline",
            ".bulle-pager", ".bulle-more", ".bulle-feed", ".bulle-contribute", ".bulle-tags",
            ".bulle-meta")


def build_search_index(texts_dir: Path, site_dir: Path) -> None:
    """Index the pages' texts written into `texts_dir`; put the index into `site_dir`.

    Pagefind holds what it reads in memory (about four times the HTML): given the
    pages' text alone rather than the whole pages, with their header and menus, it
    needs a fraction of the memory and the time.
    """
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(texts_dir),
                    "--output-path", str(site_dir / BUNDLE), "--silent",
                    "--exclude-selectors", ", ".join(NOT_TEXT)],
                   check=True, stdin=subprocess.DEVNULL)


def search_text(html: str, language: str) -> str:
    """A page's text (its article's HTML) as the small document the index is made from."""
    return (f'<!doctype html>\n<html lang="{escape(language)}">\n<body>\n<main {INDEXED}>\n'
            f"{html}\n</main>\n</body>\n</html>\n")


def write_search_text(texts_dir: Path, dest_uri: str, html: str, language: str) -> None:
    """Write the text of the page published at `dest_uri` where the index will read it."""
    target = texts_dir / dest_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(search_text(html, language), encoding="utf-8")
