"""Pages left at a renamed project's former addresses, pointing to the new ones.

Links already printed by the press keep working: every former page of the
project (itself, its journal, each entry) sends the visitor to its new place.
"""

from __future__ import annotations

from html import escape

from bulle.pages import urls
from bulle.programme.i18n import Translator
from bulle.site import Site


def render_redirects(site: Site) -> dict[str, str]:
    """{path on the site: HTML} for every former address of every public project."""
    t = Translator(site.programme.identity.language)
    pages: dict[str, str] = {}
    for project in site.projects:
        addresses = [urls.project_url(project), urls.project_journal_url(project),
                     *(urls.entry_url(entry) for entry in site.entries_of(project.slug))]
        for former in project.former_slugs:
            old_prefix, new_prefix = urls.project_url(former), urls.project_url(project)
            for new_url in addresses:
                old_url = old_prefix + new_url[len(new_prefix):]
                pages[f"{old_url}index.html"] = redirect_page(
                    old_url, new_url, site.programme.identity.site_url, t)
    return dict(sorted(pages.items()))


def redirect_page(old_url: str, new_url: str, site_url: str, t: Translator) -> str:
    """A small HTML page that moves the visitor on, with and without JavaScript."""
    target = escape(urls.relative(old_url, new_url))
    canonical = escape(site_url + new_url)
    return (
        f'<!doctype html>\n<html lang="{escape(t.language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(t('redirect.title'))}</title>\n"
        f'<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{canonical}">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n</head>\n<body>\n'
        f'<p>{escape(t("redirect.text"))} <a href="{target}">{canonical}</a></p>\n'
        "</body>\n</html>\n")
