"""MkDocs adapter for the Bulle core: a few lines per event, no content logic here.

The core (`bulle`) reads, checks and renders; these hooks hand its pages to
MkDocs and its problems to MkDocs' logger, so `--strict` counts them. State
for one build lives in `config.extra["bulle"]`, never in this module, because
`mkdocs serve` keeps hook modules loaded across rebuilds; the one exception is
`_SERVE`, the last build of `mkdocs serve --dirty`, which the next rebuild
compares itself with (see bulle.incremental).
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from bulle import incremental
from bulle.pages.chrome import (COLOURS_CSS, DEFAULT_LOGO, build_nav, city_file, theme_labels,
                                toggle_names)
from bulle.contrib.cms import render_admin
from bulle.programme.colours import render_colours_css
from bulle.outputs.feeds import render_feeds
from bulle.content.files import folder_problems
from bulle.content.load import ReadCache
from bulle.contrib.guide import (GUIDE_LANGUAGE, GUIDE_PAGES, PAGES, expand_markers,
                                 render_guide_pages)
from bulle.programme.i18n import Translator
from bulle.pages.markdown_html import MarkdownOptions
from bulle.outputs.render import render_files
from bulle.fork.ownership import upstream_edit_url
from bulle.pages.page_meta import city_page_meta, site_head
from bulle.pages.render import TEMPLATES, TITLE_ID, CompiledTemplates, Renderer
from bulle.programme.load import load_programme
from bulle.pages.sanitize import Place, Sanitizer
from bulle.outputs.search import BUNDLE, SearchError, SearchIndex, stop_all
from bulle.site import Settings, load_site
from bulle.pages.slots import between, fill, neutralise
from bulle.pages.static_files import STATIC_FILES

log = logging.getLogger("mkdocs.plugins.bulle")
_SERVE: dict = {}  # in `mkdocs serve --dirty` only: {"last": the last build that succeeded,
# "files": the files read and checked, bulle.content.load.ReadCache}


def on_startup(command: str, dirty: bool) -> None:
    """`make serve` runs `mkdocs serve --dirty`: Bulle then decides which pages are dirty."""
    _SERVE.clear()
    if command == "serve" and dirty:
        _SERVE["on"] = True
        logging.getLogger("mkdocs.commands.build").addFilter(_no_dirty_warning)


def _no_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build may leave links wrong; Bulle's pages are compared, not dated."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def _settings(config: MkDocsConfig) -> Settings:
    markdown = MarkdownOptions(tuple(config.markdown_extensions), dict(config.mdx_configs))
    root = Path(config.config_file_path).parent
    docs = Path(config.docs_dir).relative_to(root).as_posix()
    return Settings(root=root, docs_dir=docs, markdown=markdown)


def _fail(problems, strict: bool) -> None:
    """Log every problem, then stop the build once if any is an error (or warning, if strict).

    MkDocs stops a strict build on the warnings its logger lets through, none
    under `-q`: `on_config` lowers that level, and Bulle's own warnings stop
    the build here whatever the level.
    """
    problems = list(problems)
    for problem in problems:
        if problem.is_notice:  # what the sanitiser drops: no reason to stop a strict build
            log.info(str(problem))
        else:
            (log.error if problem.is_error else log.warning)(str(problem))
    errors = sum(problem.is_error for problem in problems)
    if errors:
        raise Abort(f"Bulle : {errors} erreur(s) dans le contenu, listées ci-dessus. "
                    "Corrigez-les puis relancez (« make check » les liste aussi).")
    warnings = [problem for problem in problems if not problem.is_notice]
    if strict and warnings:
        raise Abort(f"Bulle : {len(warnings)} avertissement(s), listé(s) ci-dessus, dans une "
                    "construction stricte (--strict). Corrigez-les puis relancez.")


@event_priority(100)  # before the theme and search read the language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    settings = _settings(config)
    mkdocs_log = logging.getLogger("mkdocs")
    if config.strict and not mkdocs_log.isEnabledFor(logging.WARNING):
        mkdocs_log.setLevel(logging.WARNING)  # with -q, --strict would not count any warning
    programme, problems = load_programme(settings.root / settings.programme_file,
                                         settings.programme_file)
    # MkDocs walks docs/ following links, then copies what it found: refuse them first.
    _fail(problems + folder_problems(settings.root, settings.docs_dir), config.strict)
    identity = programme.identity
    if not config.use_directory_urls:
        raise Abort("Bulle : « use_directory_urls » doit rester à true dans mkdocs.yml")
    # Material prints both as they are, in <title>, the header and attributes: escaped
    # once here, as Markup so that templates which escape them (`| e`) do not do it twice.
    config.site_name = escape(identity.name)
    config.site_description = escape(identity.description)
    if not config.site_url:  # `mkdocs serve` sets its own local address first
        config.site_url = identity.site_url
    if identity.repository:
        config.repo_url = identity.repository
        config.repo_name = urlsplit(identity.repository).path.strip("/") or identity.repository
        config.edit_uri = f"edit/{identity.branch}/"
    config.theme["language"] = identity.language  # Material's own labels, and the search's
    config.extra_css = [*STATIC_FILES.css, COLOURS_CSS, *config.extra_css]
    config.extra_javascript = [*STATIC_FILES.js, *config.extra_javascript]
    config.theme.static_templates.discard("sitemap.xml")  # Bulle's own, dated by content
    t = Translator(identity.language)
    _apply_labels(config, t)
    logo, favicon = (city_file(identity.logo, settings.docs_dir, DEFAULT_LOGO),
                     city_file(identity.favicon, settings.docs_dir, DEFAULT_LOGO))
    config.theme["logo"], config.theme["favicon"] = logo.site_path, favicon.site_path
    banner = t("demo.banner") if identity.demo else ""
    config.extra["bulle"] = {"programme": programme, "banner": banner, "t": t,
                             **theme_labels(identity, t), "head": site_head(programme),
                             "city_files": [f for f in (logo, favicon) if f.source],
                             "guide": {page.src_uri: page.repo_path for page in GUIDE_PAGES}}
    return config


def _apply_labels(config: MkDocsConfig, t: Translator) -> None:
    """Put the site's language into the settings that hold words: theme switch, permalinks."""
    names = toggle_names(t)
    palettes = config.theme.get("palette") or []
    for option in palettes if isinstance(palettes, list) else [palettes]:
        if option.get("toggle"):
            option["toggle"]["name"] = names.get(option.get("scheme"), names["default"])
    if "toc" in config.mdx_configs or "toc" in config.markdown_extensions:
        config.mdx_configs.setdefault("toc", {})["permalink_title"] = t("toc.permalink")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    settings = _settings(config)
    site, problems = load_site(settings, config.extra["bulle"]["programme"],
                               _SERVE.setdefault("files", ReadCache()) if _SERVE else None)
    _fail(problems, config.strict)
    renderer = Renderer(site)
    state = config.extra["bulle"]
    key = _context_key(config, site) if _SERVE else ""
    plan = incremental.plan(_SERVE.get("last"), site, key)
    state.update(site=site, home=renderer.home_highlights(), generated={}, built={},
                 sanitizer=Sanitizer(), key=key, plan=plan, fingerprints={},
                 search=None if plan.previous else SearchIndex(Path(config.site_dir) / BUNDLE))
    docs = settings.docs_dir
    for file in files:
        # MkDocs and Material print edit links as they are: quote the file's path
        file.edit_uri = quote(f"{docs}/{file.src_uri}") if file.is_documentation_page() else None
    city_pages = [file.src_uri for file in files.documentation_pages()]
    if _SERVE:  # the city's pages are in the menu, titled by their text: a page not read
        for file in files.documentation_pages():  # would be « None » there; they are few
            file.is_modified = lambda: True  # type: ignore[method-assign]
    titled = config.nav is None  # Bulle's menu names the guide's pages: they need no reading
    if config.nav is None:  # a city that writes its own nav keeps it
        config.nav = build_nav(state["t"], city_pages)
    state["guide_texts"] = plan.guide or render_guide_pages(site.programme)
    for src_uri, text in state["guide_texts"].items():
        if files.get_file_from_path(src_uri) is not None:
            raise Abort(f"Bulle : « {docs}/{src_uri} » prend la place d'une page du guide "
                        f"({state['guide'][src_uri]}) : renommez-la.")
        file = File.generated(config, src_uri, content=text)
        files.append(_mark(state, file, incremental.fingerprint(text)) if titled else file)
    pages = renderer.pages(plan.kept, plan.cards)
    for page in pages:
        file = File.generated(config, page.src_uri, content=page.content,
                              inclusion=InclusionLevel.NOT_IN_NAV)
        file.edit_uri = quote(page.source) if page.source else None
        files.append(_mark(state, file, plan.fingerprint(page)))
        state["generated"][page.src_uri] = page
    sources = [file.src_uri for file in files.documentation_pages()]
    for dest, content in render_files(site, pages, sources).items():
        if (theirs := files.get_file_from_path(dest)) is not None:
            files.remove(theirs)  # MkDocs' own sitemap.xml: Bulle's is dated by content
        files.append(File.generated(config, dest, content=content))
    for dest, source in site.asset_files().items():
        files.append(File.generated(config, dest, abs_src_path=str(source)))
    for dest, source in STATIC_FILES.files.items():
        files.append(File.generated(config, dest, abs_src_path=str(source)))
    for dest, text in render_admin(site.programme, site.projects).items():
        files.append(File.generated(config, dest, content=text))
    files.append(File.generated(config, COLOURS_CSS,
                                content=render_colours_css(site.programme.identity.colours)))
    for city in state["city_files"]:
        files.append(File.generated(config, city.site_path,
                                    abs_src_path=str(site.settings.root / city.source)))
    return files


def _context_key(config: MkDocsConfig, site) -> str:
    """What, besides the projects, every page depends on (see bulle.incremental)."""
    root = site.settings.root
    paths = [root / site.settings.programme_file, Path(config.config_file_path),
             Path(config.docs_dir), Path(__file__).parent, PAGES, TEMPLATES]
    return incremental.context_key([p for p in paths if p.exists()], site.settings.today,
                                   config.site_dir)


def _mark(state: dict, file: File, fingerprint: str) -> File:
    """Tell MkDocs' dirty build (`make serve`) not to build a generated page again when what
    it shows is what the last build showed."""
    state["fingerprints"][file.src_uri] = fingerprint
    if state["plan"].unchanged(file.src_uri, fingerprint):
        file.is_modified = lambda: False  # type: ignore[method-assign]
    return file


_THEME_COMPILED = CompiledTemplates()  # Material's templates, compiled once per process


def on_env(env, config: MkDocsConfig, files: Files):
    """Every page is converted (and its text indexed): Pagefind writes the index on the
    other core while MkDocs lays out the pages."""
    env.bytecode_cache = _THEME_COMPILED  # `serve` makes a new environment at each rebuild
    # Material's own partials as "material/…", for the theme's menus, rendered once
    # for many pages (hooks/theme/partials/nav.html).
    custom = Path(config.theme.custom_dir or "")
    theme = next(Path(d) for d in config.theme.dirs
                 if Path(d) != custom and (Path(d) / "partials" / "nav.html").is_file())
    env.loader = ChoiceLoader([env.loader, PrefixLoader({"material": FileSystemLoader(theme)})])
    env.globals["bulle_menus"] = {}
    if _SERVE:
        _SERVE["writing"] = True  # from now on, a failed build leaves the site half written
    if config.extra["bulle"]["search"] is not None:
        _search(config.extra["bulle"]["search"].write)
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    state = config.extra["bulle"]
    generated = state["generated"].get(page.file.src_uri)
    if generated is not None:
        page.meta.update(generated.meta)
        return markdown
    guide = state["guide"].get(page.file.src_uri)
    if guide:  # template-owned: improvements are proposed to the template itself
        page.edit_url = upstream_edit_url(guide)
    if page.is_homepage:
        return f"{neutralise(markdown).rstrip()}\n\n{state['home'][0]}"
    if page.file.generated_by is None:  # a city page may use the guide's markers too
        return expand_markers(neutralise(markdown), state["programme"])
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Make a generated page's <h1> the first TOC entry, as a Markdown title would be.

    Material's skip link leads to the first TOC entry; the title of a generated
    page is HTML, which the TOC does not see, so the link would skip past it.
    """
    state = config.extra["bulle"]
    generated = state["generated"].get(page.file.src_uri)
    sanitizer = state["sanitizer"]
    if generated is not None:
        html = sanitizer.clean_page(html, generated.place)
        if generated.is_entry:  # its own text lies between the head and the tail
            state["built"][generated.src_uri] = between(html, 0, 1)
        html = fill(html, generated.fragments)
        searchable = generated.searchable
    elif page.file.src_uri in state["guide"]:
        searchable = True  # the template's own guide: not contributors' text
    else:  # the city's pages in docs/: their images are any file of the site
        html = sanitizer.clean_page(html, Place(page.url))
        named = "title" in page.meta or not page.is_homepage  # the home shows the site's name
        page.meta.update(city_page_meta(page.title if named else None,
                                        page.meta.get("description")))
        html = fill(html, state["home"][1]) if page.is_homepage else html
        searchable = True
    if searchable and state["search"] is not None:  # indexed on the other core meanwhile
        _search(state["search"].add, page.file.dest_uri, html,
                state["programme"].identity.language)
    if f'<h1 id="{TITLE_ID}"' in html and not any(item.level == 1 for item in page.toc):
        title = AnchorLink(page.title or "", TITLE_ID, 1)
        title.children = list(page.toc)
        page.toc = TableOfContents([title])
    language = config.theme["language"]
    if page.file.src_uri in config.extra["bulle"]["guide"] and language != GUIDE_LANGUAGE:
        return f'<div lang="{GUIDE_LANGUAGE}">\n{html}\n</div>'  # the guide is in French
    return html


def on_post_build(config: MkDocsConfig) -> None:
    """Write the feeds, made from the entries' HTML that the pages already hold; wait for
    the search index; in serve, remove the pages of deleted entries and keep this build."""
    state = config.extra["bulle"]
    plan, site_dir, generated = state["plan"], Path(config.site_dir), state["generated"]
    built = plan.entries_html(state["built"], generated)
    incremental.remove_pages(site_dir, plan.removed(generated))  # in serve: deleted since
    for path, content in render_feeds(state["site"], built, plan.changed).items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    if state["search"] is not None:
        _search(state["search"].finish)
    else:
        log.info("Bulle : la recherche garde l'index du lancement de « make serve ».")
    if _SERVE:
        _SERVE["last"] = incremental.Build(state["key"], state["site"], generated,
                                           state["fingerprints"], built, state["guide_texts"],
                                           plan.cards.made)
        _SERVE["writing"] = False


def on_build_error(error: Exception) -> None:
    stop_all()  # no indexer outlives a failed build
    if _SERVE.get("writing"):  # pages half written: the next build rebuilds everything
        _SERVE.pop("last", None)  # (a content error stops the build before any writing)
        _SERVE["writing"] = False


def _search(action, *args) -> None:
    try:
        action(*args)
    except SearchError as error:
        raise Abort(f"Bulle : l'index de la recherche n'a pas pu être fait : {error}") from None


def on_serve(server, config: MkDocsConfig, builder):
    """Rebuild when contributors' content, the programme file or the hooks change."""
    settings = _settings(config)
    for path in (settings.root / settings.projects_dir, settings.root / settings.programme_file,
                 Path(__file__).parent, PAGES):
        if path.exists():
            server.watch(str(path))
    return server
