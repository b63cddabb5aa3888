"""Atom feeds, read back with a feed parser element by element."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser
import pytest

from bulle.outputs.feeds import PROGRAMME_FEED_SIZE, render_feeds
from bulle.pages.markdown_html import MarkdownOptions, absolute_link, render_html
from conftest import entry_text, load_test_site, project_text

SITE = "https://bulle.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")

BODY = """Premier paragraphe avec [l'entrée d'avant](2020-02-03-debut.md), [le projet](../index.md),
[une ancre](#suite), [le service](https://exemple.fr/service) et [un mail](mailto:a@b.fr).

![Le local](../local.png)

## Suite

Un tableau :

| a | b |
|---|---|
| 1 | 2 |

Une note[^1].

[^1]: La note.
"""


@pytest.fixture
def tree(make_tree):
    return make_tree({
        "projects/alpha/index.md": project_text(title="Alpha", image="local.png",
                                                image_alt="Le local de l'équipe"),
        "projects/alpha/local.png": PNG,
        "projects/alpha/journal/2020-02-03-debut.md": entry_text(
            title="Début", authors="[Ana, Bob]", kind="etape", tags="[terrain]"),
        "projects/alpha/journal/2020-03-02-liens.md": entry_text(body=BODY, title="Liens"),
        "projects/alpha/journal/2020-03-09-brouillon.md": entry_text(title="Brouillon",
                                                                     draft="true"),
        "projects/alpha/journal/2030-01-01-futur.md": entry_text(title="Futur"),
        "projects/beta/index.md": project_text(title="Beta"),
        "projects/beta/journal/2020-03-01-beta.md": entry_text(title="Chez Beta"),
        "projects/cache/index.md": project_text(title="Caché", draft="true"),
        "projects/cache/journal/2020-03-01-secret.md": entry_text(title="Secret"),
    })


def parse(feeds: dict[str, bytes], path: str):
    parsed = feedparser.parse(feeds[path])
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_programme_feed_has_every_public_entry_newest_first(tree):
    feeds = render_feeds(load_test_site(tree))
    assert {"feed.xml", "projets/alpha/feed.xml", "projets/beta/feed.xml"} <= set(feeds)
    assert {path for path in feeds if not path.startswith("journal/")} == {
        "feed.xml", "projets/alpha/feed.xml", "projets/beta/feed.xml"}  # and listings' feeds
    feed = parse(feeds, "feed.xml")
    assert feed.feed.id == f"{SITE}feed.xml"
    assert feed.feed.title == "Bulle des Innovateurs – journal de bord"
    assert feed.feed.language == "fr"
    assert feed.feed.updated == "2020-03-02T00:00:00Z"
    links = {link.rel: (link.href, link.type) for link in feed.feed.links}
    assert links == {"self": (f"{SITE}feed.xml", "application/atom+xml"),
                     "alternate": (f"{SITE}journal/", "text/html")}
    assert feed.feed.author_detail.name.startswith("Ville de Pau")
    assert [entry.title for entry in feed.entries] == ["Liens", "Chez Beta", "Début"]


def test_no_draft_future_entry_or_draft_project_in_any_feed(tree):
    feeds = render_feeds(load_test_site(tree))
    everything = b"".join(feeds.values()).decode("utf-8")
    for hidden in ("Brouillon", "Futur", "Secret", "Caché", "2030-01-01", "cache/"):
        assert hidden not in everything
    later = render_feeds(load_test_site(tree, today="2030-01-01"))
    assert "Futur" in parse(later, "projets/alpha/feed.xml").entries[0].title


def test_entry_elements(tree):
    feed = parse(render_feeds(load_test_site(tree)), "projets/alpha/feed.xml")
    assert feed.feed.id == f"{SITE}projets/alpha/feed.xml"
    assert feed.feed.subtitle == "Une mission en une phrase."
    assert feed.feed.link == f"{SITE}projets/alpha/"
    first = feed.entries[-1]
    assert first.id == "tag:bulle.example.org,2020-02-03:alpha/2020-02-03-debut"
    assert first.link == f"{SITE}projets/alpha/journal/2020-02-03-debut/"
    assert first.published == first.updated == "2020-02-03T00:00:00Z"
    assert [author.name for author in first.authors] == ["Ana", "Bob"]
    assert [(tag.term, tag.label) for tag in first.tags] == [
        ("alpha", "Alpha"), ("etape", "Étape"), ("terrain", None)]
    assert first.summary == "Premier paragraphe."
    assert first.content[0].type == "text/html"
    assert "<p>Premier paragraphe.</p>" in first.content[0].value


def test_ids_stay_the_same_when_a_title_changes(tree):
    before = parse(render_feeds(load_test_site(tree)), "feed.xml")
    path = tree / "projects/alpha/journal/2020-02-03-debut.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Début",
                                                             "title: Tout autre chose"))
    after = parse(render_feeds(load_test_site(tree)), "feed.xml")
    assert [e.title for e in after.entries] != [e.title for e in before.entries]
    assert [e.id for e in after.entries] == [e.id for e in before.entries]
    assert [e.link for e in after.entries] == [e.link for e in before.entries]
    assert after.feed.id == before.feed.id


def test_content_links_and_images_are_absolute(tree):
    feed = parse(render_feeds(load_test_site(tree)), "projets/alpha/feed.xml")
    html = feed.entries[0].content[0].value
    page = f"{SITE}projets/alpha/journal/2020-03-02-liens/"
    for href in (f"{SITE}projets/alpha/journal/2020-02-03-debut/", f"{SITE}projets/alpha/",
                 f"{page}#suite", "https://exemple.fr/service", "mailto:a@b.fr"):
        assert f'href="{href}"' in html, href
    assert f'src="{SITE}projets/alpha/local.png"' in html
    assert "<table>" in html and 'class="footnote"' in html  # the site's extensions
    assert "¶" not in html and "headerlink" not in html  # no heading anchors in a feed
    for attribute in ('href="', 'src="'):
        for value in html.split(attribute)[1:]:
            assert value.startswith(("https://", "mailto:")), value[:60]


def test_entry_image_leads_its_content(make_tree):
    root = make_tree({
        "projects/alpha/index.md": project_text(title="Alpha"),
        "projects/alpha/photo.png": PNG,
        "projects/alpha/journal/2020-02-03-photo.md": entry_text(
            title="Photo", image="../photo.png", image_alt='Le "grand" <jour> & après'),
    })
    raw = render_feeds(load_test_site(root))["feed.xml"]
    html = ET.fromstring(raw).find(f"{ATOM}entry/{ATOM}content").text
    assert html.startswith(f'<p><img src="{SITE}projets/alpha/photo.png" '
                           'alt="Le &quot;grand&quot; &lt;jour&gt; &amp; après" /></p>')


def test_programme_feed_keeps_the_latest_entries_only(make_tree):
    files = {"projects/alpha/index.md": project_text(title="Alpha")}
    for day in range(1, PROGRAMME_FEED_SIZE + 6):
        date = f"2020-{1 + day // 28:02d}-{1 + day % 28:02d}"
        files[f"projects/alpha/journal/{date}-entree-{day}.md"] = entry_text(title=f"N{day}")
    site = load_test_site(make_tree(files))
    feeds = render_feeds(site)
    programme = parse(feeds, "feed.xml")
    assert len(programme.entries) == PROGRAMME_FEED_SIZE
    assert [e.link for e in programme.entries] == [
        f"{SITE}projets/alpha/journal/{e.stem}/" for e in site.entries[:PROGRAMME_FEED_SIZE]]
    assert len(parse(feeds, "projets/alpha/feed.xml").entries) == PROGRAMME_FEED_SIZE + 5


def test_markup_in_front_matter_is_escaped_by_the_serialiser(make_tree):
    nasty = 'Tom & "Jerry" <b>gras</b> l\'été ]]>'
    root = make_tree({
        "projects/alpha/index.md": project_text(title="Alpha", pitch="'<script>x</script> &'"),
        "projects/alpha/journal/2020-02-03-a.md": entry_text(
            title="'" + nasty.replace("'", "''") + "'", authors='["<u>A</u> & B"]',
            summary='"<i>résumé</i> & co"', tags='["<tag>"]'),
    })
    raw = render_feeds(load_test_site(root))["projets/alpha/feed.xml"]
    root_element = ET.fromstring(raw)  # well-formed XML
    entry = root_element.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == nasty
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "<u>A</u> & B"
    assert entry.find(f"{ATOM}summary").text == "<i>résumé</i> & co"
    assert root_element.find(f"{ATOM}subtitle").text == "<script>x</script> &"
    assert b"<b>" not in raw and b"<script>" not in raw and b"<tag>" not in raw
    parsed = parse({"f": raw}, "f")
    assert parsed.entries[0].title == nasty


@pytest.mark.parametrize("target, expected", [
    ("photo.jpg", "projets/a/journal/photo.jpg"),
    ("../photo.jpg", "projets/a/photo.jpg"),
    ("../index.md", "projets/a/"),
    ("2020-01-01-autre.md#plus", "projets/a/journal/2020-01-01-autre/#plus"),
    ("../../b/index.md", "projets/b/"),
    ("#section", "projets/a/journal/2020-02-03-x/#section"),
    ("../", "projets/a/journal/"),  # not a file: the browser resolves it from the page
    ("/ailleurs/", "https://bulle.example.org/ailleurs/"),
    ("photo%20d%27ete.jpg", "projets/a/journal/photo%20d%27ete.jpg"),
    ("https://exemple.fr/x", "https://exemple.fr/x"),
    ("mailto:a@b.fr", "mailto:a@b.fr"),
])
def test_absolute_link(target, expected):
    full = expected if ":" in expected else SITE + expected
    assert absolute_link(target, "projets/a/journal/2020-02-03-x.md", SITE) == full


def test_absolute_link_under_a_project_site():
    site = "https://exemple.github.io/bulle/"
    assert absolute_link("../photo.jpg", "projets/a/journal/x.md", site) == \
        "https://exemple.github.io/bulle/projets/a/photo.jpg"


def test_render_html_without_resolver_keeps_links():
    html = render_html("[x](y.md)", MarkdownOptions())
    assert html == '<p><a href="y.md">x</a></p>'
