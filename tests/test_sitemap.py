"""sitemap.xml dates pages by their content; robots.txt points to it."""

from __future__ import annotations

import datetime as dt
import gzip
import xml.etree.ElementTree as ET

from bulle.aggregate import last_change
from bulle.content.model import Award, Phase
from bulle.outputs.render import render_files
from bulle.pages.render import Renderer
from bulle.outputs.sitemap import render_sitemap
from conftest import entry_text, load_test_site, project_text
from test_aggregate import make_entry, make_project

SITE = "https://bulle.example.org/"
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
D = dt.date


def lastmods(xml: bytes) -> dict[str, str | None]:
    root = ET.fromstring(xml)
    return {item.find(f"{NS}loc").text: getattr(item.find(f"{NS}lastmod"), "text", None)
            for item in root.findall(f"{NS}url")}


def test_last_change_takes_the_latest_content_date_up_to_today():
    project = make_project(
        phases=(Phase("investigation", D(2020, 1, 6), D(2020, 6, 1)),
                Phase("construction", D(2020, 6, 1), D(2031, 1, 1))),
        awards=(Award("Prix", D(2021, 3, 4), "prix"),))
    today = D(2026, 1, 1)
    assert last_change(project, [], today) == D(2021, 3, 4)
    assert last_change(project, [make_entry(date=D(2022, 5, 6))], today) == D(2022, 5, 6)
    assert last_change(project, [], D(2031, 1, 1)) == D(2031, 1, 1)  # the planned end came
    assert last_change(make_project(phases=(Phase("investigation", D(2030, 1, 1)),)), [],
                       today) is None


def test_pages_are_dated_by_their_content_not_the_build(make_tree):
    root = make_tree({
        "projects/alpha/index.md": project_text(
            title="Alpha", awards="\n  - name: Prix\n    date: 2021-03-04\n    kind: prix"),
        "projects/alpha/journal/2020-02-03-a.md": entry_text(title="A"),
        "projects/beta/index.md": project_text(title="Beta"),
        "projects/beta/journal/2020-05-06-b.md": entry_text(title="B"),
    })
    site = load_test_site(root, today="2026-11-26")
    pages = Renderer(site).pages()
    sources = ["index.md", "programme.md"] + [page.src_uri for page in pages]
    files = render_files(site, pages, sources)
    dates = lastmods(files["sitemap.xml"])
    assert dates[SITE] == "2021-03-04"  # the home page shows the latest news
    assert dates[f"{SITE}programme/"] is None  # hand-written: no date to tell
    assert dates[f"{SITE}projets/alpha/"] == "2021-03-04"  # its award
    assert dates[f"{SITE}projets/beta/"] == "2020-05-06"  # its entry
    assert dates[f"{SITE}projets/alpha/journal/2020-02-03-a/"] == "2020-02-03"
    assert dates[f"{SITE}journal/"] == "2020-05-06"
    assert dates[f"{SITE}palmares/"] == "2021-03-04"
    assert dates[f"{SITE}projets/"] == "2021-03-04"
    assert dates[f"{SITE}donnees/"] == "2021-03-04"
    assert "2026-11-26" not in dates.values()
    assert len(dates) == len(sources)
    assert gzip.decompress(files["sitemap.xml.gz"]) == files["sitemap.xml"]


def test_robots_points_to_the_sitemap(make_tree):
    site = load_test_site(make_tree({"projects/alpha/index.md": project_text()}))
    robots = render_sitemap(site, [("", None)])["robots.txt"].decode("utf-8")
    assert "User-agent: *\nAllow: /\n" in robots
    assert robots.rstrip().endswith(f"Sitemap: {SITE}sitemap.xml")
