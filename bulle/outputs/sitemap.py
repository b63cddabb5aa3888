"""sitemap.xml (and its gzip copy) and robots.txt.

A page's lastmod is the date of the content it shows (an entry's date, a
project's latest news, the latest news of a list), never the build date: a
rebuild that changes nothing tells search engines nothing new. Pages with no
dated content (hand-written pages) have no lastmod.
"""

from __future__ import annotations

import datetime as dt
import gzip
import xml.etree.ElementTree as ET
from typing import Iterable

from bulle.pages import urls
from bulle.site import Site
from bulle.outputs.xml_file import xml_bytes

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def render_sitemap(site: Site, pages: Iterable[tuple[str, dt.date | None]]) -> dict[str, bytes]:
    """sitemap.xml, sitemap.xml.gz and robots.txt for `pages` (URL, lastmod)."""
    site_url = site.programme.identity.site_url
    dates = dict(pages)
    if "" in dates and dates[""] is None:
        dates[""] = site.updated  # the home page shows the latest news
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for url in sorted(dates):
        item = ET.SubElement(urlset, "url")
        ET.SubElement(item, "loc").text = urls.absolute(site_url, url)
        if dates[url] is not None:
            ET.SubElement(item, "lastmod").text = dates[url].isoformat()
    xml = xml_bytes(urlset)
    return {urls.SITEMAP: xml,
            f"{urls.SITEMAP}.gz": gzip.compress(xml, mtime=0),  # mtime 0: same bytes every build
            "robots.txt": render_robots(site_url).encode("utf-8")}


def render_robots(site_url: str) -> str:
    lines = ["# Tout le site peut être indexé ; le plan du site liste ses pages.",
             "# (robots.txt ne compte qu'à la racine du domaine.)",
             "User-agent: *",
             "Allow: /",
             "",
             f"Sitemap: {urls.absolute(site_url, urls.SITEMAP)}"]
    return "\n".join(lines) + "\n"
