"""The site's search: a Pagefind index, cut into small pieces a browser fetches on demand.

Material's own search sends the whole index to the first visitor who types a
letter (83 MB for 700 projects); Pagefind's index is split by word, so a query
downloads a few small chunks. It indexes the built HTML, after the build.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BUNDLE = "pagefind/"  # where the index and its script go on the site
INDEXED = "data-pagefind-body"  # pages holding it are the only ones indexed
# Parts of a page that are not its text: links around it, facts repeated elsewhere.
NOT_TEXT = (".headerlink", ".bulle-kicker", ".bulle-badges", ".bulle-facts", ".bulle-timeline",
            ".bulle-pager", ".bulle-more", ".bulle-feed", ".bulle-contribute", ".bulle-tags",
            ".bulle-meta")


def build_search_index(site_dir: Path) -> None:
    """Index every page of `site_dir` that marks its text with `data-pagefind-body`."""
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir),
                    "--output-subdir", BUNDLE.rstrip("/"), "--silent",
                    "--exclude-selectors", ", ".join(NOT_TEXT)],
                   check=True, stdin=subprocess.DEVNULL)


def mark_indexed(html: str) -> str:
    """Wrap a page's text so that the search indexes it."""
    return f"<div {INDEXED}>\n{html}\n</div>"
