"""MkDocs adapter: a loop over the core's publication (bulle.publication), nothing decided here.

The core reads, checks and lists what the site publishes; these hooks hand its
pages and files to MkDocs and its problems to MkDocs' logger, so `--strict`
counts them; the theme's own glue is in material_theme.py. One build's state
is `config.extra["bulle"]` (bulle.engine.BuildState); `SERVE` alone outlives a
build, for `mkdocs serve --dirty` (bulle.incremental).
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from bulle.contrib.guide import GUIDE_LANGUAGE
from bulle.engine import BuildState, ServeSession, start_build, stop_message, watched
from bulle.fork.ownership import upstream_edit_url
from bulle.outputs.search import SearchError, stop_all
from bulle.pages.markdown_html import MarkdownOptions
from bulle.publication import PublicationError
from bulle.site import Settings, load_site

log = logging.getLogger("mkdocs.plugins.bulle")
SERVE = ServeSession()


def on_startup(command: str, dirty: bool) -> None:
    """`make serve` runs `mkdocs serve --dirty`: Bulle then decides which pages are dirty."""
    SERVE.start(command == "serve" and dirty)
    if SERVE.on:  # MkDocs warns that a dirty build may leave links wrong: Bulle compares pages
        logging.getLogger("mkdocs.commands.build").addFilter(
            lambda record: not record.getMessage().startswith("A 'dirty' build"))


def _settings(config: MkDocsConfig) -> Settings:
    root = Path(config.config_file_path).parent
    return Settings(root=root, docs_dir=Path(config.docs_dir).relative_to(root).as_posix(),
                    markdown=MarkdownOptions(tuple(config.markdown_extensions),
                                             dict(config.mdx_configs)))


def _stop(problems, strict: bool) -> None:
    """Log every problem; stop the build if the core says so (whatever MkDocs' log level)."""
    for problem in problems:
        level = "info" if problem.is_notice else "error" if problem.is_error else "warning"
        getattr(log, level)(str(problem))
    if (message := stop_message(problems, strict)) is not None:
        raise Abort(message)


@event_priority(100)  # before the theme and search read the language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if config.strict and not logging.getLogger("mkdocs").isEnabledFor(logging.WARNING):
        logging.getLogger("mkdocs").setLevel(logging.WARNING)  # -q would hide every warning
    state, problems = start_build(_settings(config))
    _stop(problems, config.strict)
    if not config.use_directory_urls:
        raise Abort("Bulle : « use_directory_urls » doit rester à true dans mkdocs.yml")
    look = state.chrome
    for name, value in look.engine_config(config.site_url).items():  # serve: its own site_url
        config[name] = value
    for name, value in look.theme_config(config.theme.get("palette")).items():
        config.theme[name] = value  # the language: Material's own labels and the search's
    config.extra_css = [*look.extra_css, *config.extra_css]
    config.extra_javascript = [*look.extra_javascript, *config.extra_javascript]
    config.theme.static_templates.discard("sitemap.xml")  # Bulle's own, dated by content
    if "toc" in config.mdx_configs or "toc" in config.markdown_extensions:
        config.mdx_configs.setdefault("toc", {})["permalink_title"] = look.permalink_title
    config.extra["bulle"] = state
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    state: BuildState = config.extra["bulle"]
    site, problems = load_site(state.settings, state.programme, SERVE.files)
    _stop(problems, config.strict)
    city_pages = [file.src_uri for file in files.documentation_pages()]
    for file in files:  # MkDocs prints edit links as they are: quoted
        page = file.is_documentation_page()
        file.edit_uri = quote(f"{state.settings.docs_dir}/{file.src_uri}") if page else None
        if page and SERVE.on:  # titled by their text in the menu: unread, they would be « None »
            file.is_modified = lambda: True  # type: ignore[method-assign]
    inputs = [Path(config.config_file_path), Path(config.docs_dir), Path(__file__).parent]
    try:
        publication = state.publish(site, city_pages, SERVE, inputs, config.site_dir)
    except PublicationError as error:
        raise Abort(str(error)) from None
    titled = config.nav is None  # Bulle's menu names the guide's pages: they need no reading
    if titled:  # a city that writes its own nav keeps it
        config.nav = state.chrome.nav(city_pages)
    for src_uri, text in publication.guide.items():
        _add(state, files, File.generated(config, src_uri, content=text), titled)
    for page in publication.pages:
        file = File.generated(config, page.src_uri, content=page.content,
                              inclusion=InclusionLevel.NOT_IN_NAV)
        file.edit_uri = quote(page.source) if page.source else None
        _add(state, files, file)
    for dest, content in publication.files.items():
        if (theirs := files.get_file_from_path(dest)) is not None:
            files.remove(theirs)  # MkDocs' own sitemap.xml: Bulle's is dated by content
        files.append(File.generated(config, dest, content=content))
    for dest, source in publication.copies.items():
        files.append(File.generated(config, dest, abs_src_path=str(source)))
    return files


def _add(state: BuildState, files: Files, file: File, skippable: bool = True) -> None:
    """Append `file`; in serve, MkDocs skips it when it shows what the last build showed."""
    if skippable and state.unchanged(file.src_uri):
        file.is_modified = lambda: False  # type: ignore[method-assign]
    files.append(file)


def on_env(env, config: MkDocsConfig, files: Files):
    """Pagefind writes the index on the other core while MkDocs lays out the pages."""
    SERVE.writing = SERVE.on  # from now on, a failed build leaves the site half written
    _set_aside(config.extra["bulle"])
    _search(config.extra["bulle"].search, "write")
    return env


def _set_aside(state: BuildState) -> None:
    """MkDocs converts every page before it lays any out: the HTML of the page converted
    last (final once every hook module saw it) waits compressed until its layout."""
    page, state.converted = state.converted, None
    if page is not None:
        state.waiting[page.file.src_uri] = page.content
        page.content = page.markdown = ""  # "", not None: MkDocs titles pages by them


def on_page_context(context, page, config: MkDocsConfig, nav):
    state: BuildState = config.extra["bulle"]
    if page.file.src_uri in state.waiting:
        page.content = state.waiting.pop(page.file.src_uri)
    return context


def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    page.content = ""  # written: MkDocs would keep every page's HTML to the end
    return output


def on_page_markdown(markdown: str, page, config: MkDocsConfig, files: Files) -> str:
    _set_aside(config.extra["bulle"])
    publication = config.extra["bulle"].publication
    src_uri = page.file.src_uri
    page.meta.update(publication.meta(src_uri))
    if src_uri in publication.guide:  # improved in the template itself
        page.edit_url = upstream_edit_url(publication.edit_path(src_uri))
    return publication.markdown(src_uri, markdown, is_home=page.is_homepage)


def on_page_content(html: str, page, config: MkDocsConfig, files: Files) -> str:
    state: BuildState = config.extra["bulle"]
    src_uri = page.file.src_uri
    done = state.publication.finish(src_uri, page.url, html, is_home=page.is_homepage,
                                    title=page.title, meta=page.meta)
    page.meta.update(done.meta)
    if done.entry_html is not None:
        state.entries_html[src_uri] = done.entry_html
    if done.searchable:  # indexed on the other core meanwhile
        _search(state.search, "add", page.file.dest_uri, done.html, state.chrome.language)
    state.converted = page
    if not SERVE.on and state.publication.page(src_uri) is not None:  # serve keeps them
        state.publication.release(src_uri)
        page.file.content_string = ""  # the same Markdown
    if src_uri in state.publication.guide and state.chrome.language != GUIDE_LANGUAGE:
        return f'<div lang="{GUIDE_LANGUAGE}">\n{done.html}\n</div>'  # the guide is French
    return done.html


def on_post_build(config: MkDocsConfig) -> None:
    state: BuildState = config.extra["bulle"]
    state.write_after_pages(Path(config.site_dir))
    if state.search is None:
        log.info("Bulle : la recherche garde l'index du lancement de « make serve ».")
    _search(state.search, "finish")
    SERVE.done(state)


def on_build_error(error: Exception) -> None:
    stop_all()  # no indexer outlives a failed build
    SERVE.failed()


def _search(index, action: str, *args) -> None:
    try:
        if index is not None:
            getattr(index, action)(*args)
    except SearchError as error:
        raise Abort(f"Bulle : l'index de la recherche n'a pas pu être fait : {error}") from None


def on_serve(server, config: MkDocsConfig, builder):
    """Rebuild when contributors' content, the programme file or the hooks change."""
    for path in [*watched(_settings(config)), Path(__file__).parent]:
        server.watch(str(path))
    return server
