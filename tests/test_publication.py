"""The publication manifest: what the core says the site publishes is what a build publishes."""

from pathlib import Path

import pytest

from bulle.contrib.guide import GUIDE_PAGES
from bulle.outputs.search import BUNDLE
from bulle.pages import urls
from bulle.publication import PublicationError, build_site
from conftest import SAMPLE, SAMPLE_DAY, load_test_site

CITY_PAGES = sorted(p.relative_to(SAMPLE / "docs").as_posix()
                    for p in (SAMPLE / "docs").rglob("*.md"))


@pytest.fixture(scope="module")
def publication():
    return build_site(load_test_site(SAMPLE, today=SAMPLE_DAY), CITY_PAGES)


def test_every_file_the_build_writes_is_in_the_manifest(publication, sample_site):
    """Besides the theme's own assets and the search bundle, nothing is published that
    the manifest does not list, and everything it lists is published."""
    sources = [*CITY_PAGES, *publication.guide, *(page.src_uri for page in publication.pages)]
    listed = {f"{urls.page_url(src)}index.html" for src in sources}
    listed |= set(publication.files) | set(publication.copies)
    listed |= {path for path, _feed in publication.feeds({})}
    built = {p.relative_to(sample_site).as_posix() for p in sample_site.rglob("*")
             if p.is_file()}
    theirs = {path for path in built
              if path.startswith((BUNDLE.rstrip("/") + "/", "assets/javascripts/", "assets/stylesheets/",
                                  "assets/images/")) or path == "404.html"}
    assert sorted(listed - built) == []
    assert sorted(built - listed - theirs) == []
    assert {"sitemap.xml", "robots.txt", "admin/config.yml", "assets/bulle/colours.css",
            "api/projets.csv", "sitemap.xml.gz"} <= set(publication.files)
    assert {"assets/bulle/bulle.css", "assets/bulle/bulle.js"} <= set(publication.copies)


def test_the_manifest_lists_each_page_once_and_each_path_once(publication):
    sources = [page.src_uri for page in publication.pages]
    assert len(sources) == len(set(sources))
    assert not set(sources) & set(publication.guide)
    assert not set(publication.files) & set(publication.copies)
    assert set(publication.guide) == {page.src_uri for page in GUIDE_PAGES}
    assert all(Path(source).is_file() for source in publication.copies.values())


def test_finish_sanitises_a_city_page_and_completes_the_home(publication):
    done = publication.finish("a-propos.md", "a-propos/",
                              '<p>Texte</p><script>alert(1)</script><img src="x" onerror="y">',
                              title="À <b>propos</b>", meta={})
    assert "<script" not in done.html and "onerror" not in done.html and "Texte" in done.html
    assert done.meta == {"title": "À propos"} and done.searchable
    home = publication.finish("index.md", "", "<p>Accueil</p>\n<!--bulle:0-->", is_home=True,
                              title="Accueil", meta={})
    assert publication.home.fragments[0] in home.html and "<!--bulle:0-->" not in home.html
    assert "title" not in home.meta  # the home shows the site's name


def test_finish_gives_an_entry_its_own_text_for_the_feeds(publication):
    entry = next(page for page in publication.pages if page.is_entry)
    converted = "<div>tête</div>\n<!--bulle:0-->\n<p>Le texte <em>propre</em></p>" \
                '<p onclick="x()">clic</p>\n<!--bulle:1-->\n<div>pied</div>'
    done = publication.finish(entry.src_uri, entry.url, converted)
    assert done.entry_html == "<p>Le texte <em>propre</em></p><p>clic</p>"
    assert entry.fragments[0] in done.html and "onclick" not in done.html
    assert done.searchable is entry.searchable


def test_a_city_page_in_the_guides_place_is_refused_in_french():
    site = load_test_site(SAMPLE, today=SAMPLE_DAY)
    with pytest.raises(PublicationError, match=r"« docs/contribuer/index\.md » prend la place"):
        build_site(site, [*CITY_PAGES, "contribuer/index.md"])


def test_the_guide_and_kept_pages_are_taken_as_they_are(publication):
    slug = publication.site.projects[0].slug
    kept = {page.src_uri: page for page in publication.pages
            if page.src_uri.startswith(f"{urls.PROJECTS}{slug}/")}
    again = build_site(publication.site, CITY_PAGES, kept, publication.guide)
    assert len(kept) > 2  # its page, its journal, its entries
    assert again.guide == publication.guide
    assert all(again.page(uri) is page for uri, page in kept.items())


def test_the_public_face_is_imported_on_first_use():
    import subprocess
    import sys
    code = ("import sys, bulle; before = 'bulle.publication' in sys.modules; "
            "from bulle import build_site; import bulle.publication as p; "
            "print(before, build_site is p.build_site)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["False", "True"]


def test_a_released_page_keeps_what_the_build_still_reads():
    """A build (not serve) drops a generated page's Markdown and HTML blocks once finished:
    its address, source and metadata stay, and so do the other pages'."""
    from conftest import load_test_site
    publication = build_site(load_test_site(SAMPLE), [])
    entry = next(page for page in publication.pages if page.is_entry)
    other = next(page for page in publication.pages if page.fragments and page is not entry)
    assert isinstance(other.fragments, tuple) and all("<" in block for block in other.fragments)
    before = other.content, other.fragments
    finished = publication.finish(entry.src_uri, entry.url, "<p>texte</p>")
    publication.release(entry.src_uri)
    assert publication.page(entry.src_uri) is entry
    assert (entry.content, entry.fragments) == ("", ()) and entry.source and entry.meta
    assert (other.content, other.fragments) == before and finished.entry_html is not None
    publication.release("index.md")  # a city page: nothing to drop


def test_the_search_page_merges_as_many_indexes_as_the_search_is_cut_into():
    """`serve` passes the first build's count: its search index is the first build's."""
    from bulle.outputs.search import SLICE_PAGES, index_folders
    site = load_test_site(SAMPLE)
    small = build_site(site, [])
    assert "data-bulle-search-more" not in small.page(urls.source_uri(urls.SEARCH)).fragments[0]
    large = build_site(site, [], search_pages=3 * SLICE_PAGES + 1)
    search = "".join(large.page(urls.source_uri(urls.SEARCH)).fragments)
    assert large.search_pages == 3 * SLICE_PAGES + 1
    assert f'data-bulle-search-more="{" ".join(index_folders(4))}"' in search
    assert index_folders(4) == ["1/", "2/", "3/"]
