"""What Material for MkDocs needs besides the publication: theme glue, no content here.

Apart from bulle_hooks.py (the loop over the core's publication) because it
belongs to this theme, which reaches its end of life in 2027: another engine
or theme replaces this file, not the loop.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.toc import AnchorLink, TableOfContents

from bulle.pages.render import TITLE_ID, CompiledTemplates

_COMPILED = CompiledTemplates()  # Material's templates, compiled once per process


def on_env(env, config: MkDocsConfig, files: Files):
    """Templates compiled once (`serve` makes a new environment at each rebuild), and
    Material's own partials as "material/…", for menus rendered once for many pages
    (hooks/theme/partials/nav.html)."""
    env.bytecode_cache = _COMPILED
    theme = next(Path(d) for d in config.theme.dirs
                 if Path(d) != Path(config.theme.custom_dir or "")
                 and (Path(d) / "partials" / "nav.html").is_file())
    env.loader = ChoiceLoader([env.loader, PrefixLoader({"material": FileSystemLoader(theme)})])
    env.globals["bulle_menus"] = {}
    return env


def on_page_content(html: str, page, config: MkDocsConfig, files: Files) -> str:
    """Make a generated page's <h1> the first TOC entry, as a Markdown title would be:
    Material's skip link leads to the first TOC entry, and the title is HTML, unseen by
    the TOC, so the link would skip past it."""
    if f'<h1 id="{TITLE_ID}"' in html and not any(item.level == 1 for item in page.toc):
        title = AnchorLink(page.title or "", TITLE_ID, 1)
        title.children = list(page.toc)
        page.toc = TableOfContents([title])
    return html
