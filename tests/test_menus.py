"""The theme's menus are rendered once for many pages (hooks/theme/partials): each page
must still get links that lead somewhere from where it is, and no other page's state."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

PAGES = ["projets/", "projets/histologe/", "projets/phase/arrete/",
         "projets/histologe/journal/", "projets/histologe/journal/2019-09-02-un-guichet-unique-logement/",
         "journal/", "journal/page/2/", "palmares/", "recherche/", "contribuer/champs/", ""]


def menus(page: str) -> tuple[str, str]:
    """The tabs, and the primary menu (up to the page's own table of contents)."""
    tabs = page.split('<nav class="md-tabs"', 1)[1].split("</nav>", 1)[0]
    primary = page.split('<nav class="md-nav md-nav--primary', 1)[1].split(
        'class="md-sidebar md-sidebar--secondary"', 1)[0]
    return tabs, primary


def test_menu_links_lead_to_pages_from_every_page(sample_site: Path):
    for url in PAGES:
        page = (sample_site / url / "index.html").read_text(encoding="utf-8")
        for menu in menus(page):
            links = re.findall(r'href="([^"#]*)"', menu)
            assert len(links) >= 8, url
            for link in links:
                if link.startswith("http"):
                    continue  # the repository
                target = posixpath.normpath(posixpath.join(url, link)).lstrip("./")
                path = sample_site / target
                assert (path / "index.html").is_file() or path.is_file(), (url, link)


def test_only_the_current_section_is_active(sample_site: Path):
    guide = (sample_site / "contribuer/champs/index.html").read_text(encoding="utf-8")
    assert "md-tabs__item--active" in menus(guide)[0]  # « Contribuer », rendered as Material does
    for url in ["projets/histologe/", "projets/phase/arrete/", "journal/page/2/"]:
        page = (sample_site / url / "index.html").read_text(encoding="utf-8")
        tabs, primary = menus(page)
        assert "--active" not in tabs and "md-nav__link--active" not in primary, url
