"""What surrounds every page, in the site's language and the city's look.

The navigation, the names of the theme's buttons, the logo and favicon, the
colours' stylesheet and the footer's social links and licence: plain data
derived from the programme file, which the MkDocs hooks hand to the theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from bulle.pages import urls
from bulle.contrib.guide import GUIDE_PAGES
from bulle.programme.i18n import Translator
from bulle.pages.legal import footer_links
from bulle.content.model import Identity, Programme
from bulle.pages.page_meta import site_head
from bulle.pages.static_files import STATIC_FILES

ASSETS = "assets/bulle/"
COLOURS_CSS = f"{ASSETS}colours.css"
CITY_FILES = f"{ASSETS}ville/"  # the city's logo and favicon, when they live outside docs/
DEFAULT_LOGO = f"{ASSETS}bulle-logo.svg"  # bulle/pages/static/bulle-logo.svg
# Icons of Material (.icons/...) for the social networks a programme is likely to use.
SOCIAL_ICONS = (
    ("mastodon", "fontawesome/brands/mastodon"), ("bluesky", "fontawesome/brands/bluesky"),
    ("bsky", "fontawesome/brands/bluesky"), ("linkedin", "fontawesome/brands/linkedin"),
    ("youtube", "fontawesome/brands/youtube"), ("facebook", "fontawesome/brands/facebook"),
    ("instagram", "fontawesome/brands/instagram"), ("threads", "fontawesome/brands/threads"),
    ("github", "fontawesome/brands/github"), ("gitlab", "fontawesome/brands/gitlab"),
    ("twitter", "fontawesome/brands/x-twitter"), ("x.com", "fontawesome/brands/x-twitter"),
)
WEB_ICON = "material/web"


@dataclass(frozen=True)
class CityFile:
    """The logo or favicon: its path on the site, and its file when the build must copy it."""

    site_path: str
    source: str | None  # path from the repository root; None when docs/ already publishes it


def build_nav(t: Translator, city_pages: list[str]) -> list:
    """The site's navigation, in MkDocs' `nav` shape, its labels in the site's language.

    The city's own pages (Markdown files of docs/ besides the home page) come
    after the generated lists, by file name, each under its own title.
    """
    def page(key: str, url: str) -> dict:
        return {t(key): urls.source_uri(url)}
    guide = [{t(item.nav): item.src_uri} for item in GUIDE_PAGES]
    return [page("nav.home", ""), page("nav.projects", urls.PROJECTS),
            page("nav.journal", urls.JOURNAL), page("nav.awards", urls.AWARDS),
            page("nav.statistics", urls.STATISTICS),
            *sorted(path for path in city_pages if path != "index.md"),
            page("nav.data", urls.DATA), page("nav.search", urls.SEARCH),
            {t("nav.contribute"): guide}]


def toggle_names(t: Translator) -> dict[str, str]:
    """The names of the light/dark switch, by the colour scheme each option turns on."""
    return {"default": t("theme.to_dark"), "slate": t("theme.to_light")}


def city_file(path: str | None, docs_dir: str, default: str) -> CityFile:
    """Where the logo or favicon at `path` (from the repository root) is published."""
    if not path:
        return CityFile(default, None)
    inside = PurePosixPath(path).relative_to(docs_dir) if path.startswith(f"{docs_dir}/") \
        else None
    if inside is not None:
        return CityFile(inside.as_posix(), None)
    return CityFile(f"{CITY_FILES}{PurePosixPath(path).name}", path)


def theme_labels(identity: Identity, t: Translator) -> dict:
    """What the theme overrides print around every page: footer and the 404 page's links."""
    return {
        "footer": {"label": t("footer.label"), "links": footer_links(identity, t),
                   "owner": identity.publisher_name, "social": social_links(identity),
                   "social_label": t("footer.social"), "licence": identity.licence,
                   "licence_text": t("footer.licence")},
        # where the 404 page sends visitors
        "not_found": [(t("nav.home"), ""), (t("projects.title"), urls.PROJECTS),
                      (t("journal.title"), urls.JOURNAL)],
    }


def social_links(identity: Identity) -> list[tuple[str, str, str]]:
    """(label, address, icon) of the programme's accounts, icons guessed from both."""
    links = []
    for label, url in identity.social:
        words = f"{label} {urlsplit(url).hostname or ''}".lower()
        icon = next((icon for word, icon in SOCIAL_ICONS if word in words), WEB_ICON)
        links.append((label, url, icon))
    return links


def city_files(identity: Identity, docs_dir: str) -> tuple[CityFile, CityFile]:
    """The site's logo and favicon (Bulle's logo when the programme names none)."""
    return (city_file(identity.logo, docs_dir, DEFAULT_LOGO),
            city_file(identity.favicon, docs_dir, DEFAULT_LOGO))


@dataclass(frozen=True)
class Chrome:
    """What an engine's settings and the theme show around every page, from the programme:
    one source for the MkDocs hooks and for the export's engine config."""

    t: Translator
    site_name: Markup  # escaped once: themes print it in <title>, the header and attributes
    site_description: Markup
    site_url: str
    repo_url: str | None
    repo_name: str | None
    edit_uri: str | None
    language: str
    logo: CityFile
    favicon: CityFile
    extra_css: tuple[str, ...]
    extra_javascript: tuple[str, ...]
    banner: str  # the demonstration site's warning, or ""
    head: dict  # what every page's head says about the site (bulle.pages.page_meta)
    footer: dict
    not_found: list  # where the 404 page sends visitors

    def nav(self, city_pages: list[str]) -> list:
        return build_nav(self.t, city_pages)

    def engine_config(self, site_url: str | None = None) -> dict:
        """The settings of the engine's config (mkdocs.yml's names) that the programme
        gives; `site_url` is the engine's own when it has one (`serve` sets its address)."""
        values = {"site_name": self.site_name, "site_description": self.site_description,
                  "site_url": site_url or self.site_url}
        if self.repo_url:
            values.update(repo_url=self.repo_url, repo_name=self.repo_name,
                          edit_uri=self.edit_uri)
        return values

    def theme_config(self, palette: list | dict | None) -> dict:
        """The theme's settings the programme gives: language, logo, favicon, and the names
        of the light/dark switch of each `palette` option."""
        names = toggle_names(self.t)
        options = palette if isinstance(palette, list) else [palette] if palette else []
        for option in options:
            if option.get("toggle"):
                option["toggle"]["name"] = names.get(option.get("scheme"), names["default"])
        return {"language": self.language, "logo": self.logo.site_path,
                "favicon": self.favicon.site_path, **({"palette": palette} if palette else {})}

    @property
    def permalink_title(self) -> str:
        return self.t("toc.permalink")


def chrome(programme: Programme, docs_dir: str) -> Chrome:
    identity = programme.identity
    t = Translator(identity.language)
    repo_name = None
    if identity.repository:
        repo_name = urlsplit(identity.repository).path.strip("/") or identity.repository
    labels = theme_labels(identity, t)
    return Chrome(
        t=t, site_name=escape(identity.name), site_description=escape(identity.description),
        site_url=identity.site_url, repo_url=identity.repository or None, repo_name=repo_name,
        edit_uri=f"edit/{identity.branch}/" if identity.repository else None,
        language=identity.language, logo=city_files(identity, docs_dir)[0],
        favicon=city_files(identity, docs_dir)[1],
        extra_css=(*STATIC_FILES.css, COLOURS_CSS), extra_javascript=STATIC_FILES.js,
        banner=t("demo.banner") if identity.demo else "", head=site_head(programme),
        footer=labels["footer"], not_found=labels["not_found"])
