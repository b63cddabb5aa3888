"""Every file the site publishes besides its pages: open data, schemas, sitemap, redirects.

The feeds come after the pages (`bulle.outputs.feeds.render_feeds`): they reuse the pages' HTML.
"""

from __future__ import annotations

from typing import Iterable

from bulle.pages import urls
from bulle.outputs.open_data import render_open_data
from bulle.pages.render import GeneratedPage
from bulle.outputs.redirects import render_redirects
from bulle.site import Site
from bulle.outputs.sitemap import render_sitemap
from bulle.statistics import render_statistics_files


def render_files(site: Site, generated: Iterable[GeneratedPage],
                 sources: Iterable[str]) -> dict[str, str | bytes]:
    """{path on the site: content}; `sources` are the Markdown paths of every page of the site."""
    lastmods = {page.url: page.lastmod for page in generated}
    pages = [(url, lastmods.get(url)) for url in map(urls.page_url, sources)]
    files: dict[str, str | bytes] = {}
    for part in (render_open_data(site), render_statistics_files(site),
                 render_sitemap(site, pages), render_redirects(site)):
        clash = files.keys() & part.keys()
        assert not clash, f"two outputs want the same path: {sorted(clash)}"
        files.update(part)
    return files
