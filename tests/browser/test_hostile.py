"""Every hostile sample in a real Chromium: no dialog, no script, no request to another host.

The corpus of `tests/hostile_markdown.py` is built with MkDocs (the cases the check
accepts) and, for the cases it refuses, sanitised by the core into one more page,
so that the sanitiser is tried in the browser even where the check would stop the
merge. Each page is loaded, every element hovered, focused and its handlers'
events fired, every `<details>` opened.
"""

from __future__ import annotations

import pytest

from bulle.pages.markdown_html import render_html
from bulle.pages.sanitize import Place, sanitize

from conftest import mkdocs_markdown_options
from hostile_markdown import ACCEPTED, CASES, build_corpus

from .harness import SiteServer, Visitor

# Fire what a handler could wait for, on every element of the content.
PROVOKE = """() => {
  const events = ['mouseover', 'mouseenter', 'mousemove', 'focus', 'focusin', 'click',
                  'animationstart', 'transitionend', 'toggle', 'pointerover', 'error', 'load'];
  const article = document.querySelector('article') || document.body;
  for (const el of article.querySelectorAll('*')) {
    if (el.tagName === 'A') continue;  // following a link leaves the page: judged below
    for (const name of events) el.dispatchEvent(new Event(name, {bubbles: true}));
    if (el.tagName === 'DETAILS') el.open = true;
  }
  return [...document.links].filter(a => !['http:', 'https:', 'mailto:'].includes(a.protocol))
    .map(a => a.href);
}"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    site = build_corpus(tmp_path_factory.mktemp("corpus-browser"))
    options = mkdocs_markdown_options()
    place = Place("tous/", frozenset({"projets/corpus/photo.png"}), "tous/")
    bodies = "\n".join(f"<section><h2>{name}</h2>{sanitize(render_html(body, options), place)}"
                       "</section>" for name, body, _expected in CASES)
    (site / "tous").mkdir()
    (site / "tous/index.html").write_text(
        f"<!doctype html><html lang=fr><title>Tous</title><article>{bodies}</article></html>",
        encoding="utf-8")
    (site / "preuve").mkdir()  # one sample left raw: the dialog catcher must catch it
    (site / "preuve/index.html").write_text(
        "<!doctype html><html lang=fr><title>Preuve</title><article>"
        "<b onmouseover=alert(1)>survol</b></article></html>", encoding="utf-8")
    with SiteServer(site) as server:
        yield server


@pytest.fixture
def hostile_visitor(browser, corpus):
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(10_000)
    visitor = Visitor(context, corpus.origin)
    dialogs: list[str] = []
    visitor.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    visitor.dialogs = dialogs
    yield visitor
    context.close()


def pages() -> list[str]:
    names = [f"projets/corpus/journal/2020-01-{n:02d}-{name}/" for n, (name, _b)
             in enumerate(ACCEPTED, start=1)]
    return ["tous/", "projets/corpus/", "projets/corpus/journal/2020-02-01-champs/",
            "journal/", *names]


def test_no_hostile_sample_runs_or_calls_another_host(hostile_visitor):
    visitor = hostile_visitor
    for path in pages():
        response = visitor.open(path)
        assert response is not None and response.ok, path
        odd_links = visitor.page.evaluate(PROVOKE)
        visitor.page.mouse.move(5, 5)
        visitor.page.keyboard.press("Tab")
        assert odd_links == [], path
    assert visitor.dialogs == []
    assert visitor.errors == []
    assert visitor.foreign_requests() == []
    # The pages were really there: the accepted images of the project were loaded.
    assert any(url.endswith("/projets/corpus/photo.png") for url in visitor.requests)


def test_the_dialog_catcher_is_not_blind(hostile_visitor):
    hostile_visitor.open("preuve/")
    hostile_visitor.page.evaluate(PROVOKE)
    assert hostile_visitor.dialogs == ["1"]
