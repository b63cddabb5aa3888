"""What visitors do, click by click, on a desktop screen and on a phone.

Each test's visitor also checks, when the test ends, that the browser asked
nothing of any other host and that no script failed (see conftest.py).
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .harness import PROFILES, SiteServer, Visitor

PROJECT = "histologe"
STORY_WORD = "moisissure"  # the story says « moisissures »: French stemming finds it


def arrive(visitor, path: str, title: str | None = None) -> None:
    """Check that the visitor is on `path`, titled `title`, and that it fits the screen."""
    expect(visitor.page).to_have_url(visitor.url(path))
    visitor.page.wait_for_load_state("load")
    if title is not None:  # a Markdown title ends with its permalink, « ¶ »
        expect(visitor.page.locator("h1")).to_have_text(re.compile(f"^{re.escape(title)}¶?$"))
    assert visitor.horizontal_overflow() <= 0, f"{path}: the page scrolls sideways"
    assert visitor.images_without_alt() == []


def shown_titles(page) -> list[str]:
    return page.locator(".bulle-card:visible .bulle-card__title").all_inner_texts()


def titles_where(content, keep) -> list[str]:
    """Titles of the sample's projects that `keep` accepts, in the order of the pages."""
    by_phase = [term.id for term in content.programme.phases.terms]
    chosen = [p for p in content.projects if keep(p)]
    return [p.title for p in sorted(chosen, key=lambda p: by_phase.index(p.current_phase.name))]


def test_from_home_to_an_entry_and_back_to_its_project(visitor, sample_content):
    page = visitor.page
    project = sample_content.project(PROJECT)
    entries = list(reversed(sample_content.entries_of(PROJECT)))  # oldest first, as the timeline
    visitor.open("")
    arrive(visitor, "", "Bulle des Innovateurs")
    page.locator(".bulle-more a", has_text="Tous les projets").click()
    arrive(visitor, "projets/", "Les projets")
    page.locator(".bulle-card__title a", has_text=project.title).click()
    arrive(visitor, f"projets/{PROJECT}/", project.title)
    timeline = page.locator(".bulle-timeline a")
    expect(timeline).to_have_text([entry.title for entry in entries])
    timeline.first.click()
    arrive(visitor, f"projets/{PROJECT}/journal/{entries[0].stem}/", entries[0].title)
    page.locator("a[rel=next]", has_text="Entrée suivante").click()
    arrive(visitor, f"projets/{PROJECT}/journal/{entries[1].stem}/", entries[1].title)
    page.locator(".bulle-more a:not(.bulle-subscribe)", has_text=project.title).click()
    arrive(visitor, f"projets/{PROJECT}/", project.title)


def test_main_sections_from_the_header(desktop):
    desktop.open("")
    tabs = desktop.page.locator(".md-tabs__link")
    expect(tabs).to_have_text(["Accueil", "Projets", "Journal", "Palmarès", "En chiffres",
                              "Le programme", "Données ouvertes", "Rechercher", "Contribuer"])
    for label, path, title in [("Projets", "projets/", "Les projets"),
                               ("Journal", "journal/", "Journal de bord"),
                               ("Palmarès", "palmares/", "Palmarès"),
                               ("En chiffres", "statistiques/", "Le programme en chiffres")]:
        desktop.page.locator(".md-tabs__link", has_text=label).click()
        arrive(desktop, path, title)


def test_filters_combine_in_place_with_javascript(visitor, sample_content):
    page = visitor.page
    visitor.open("projets/")
    page.evaluate("window.stillHere = true")  # gone if the page reloads
    filters = page.get_by_role("navigation", name="Filtrer les projets")

    filters.locator('[data-facet="phase"][data-value="arrete"]').click()
    arrive(visitor, "projets/?phase=arrete")
    stopped = titles_where(sample_content,
                                   lambda p: p.current_phase.name == "arrete")
    assert shown_titles(page) == stopped and len(stopped) >= 2

    filters.locator('[data-facet="theme"][data-value="dechets"]').click()
    arrive(visitor, "projets/?phase=arrete&theme=dechets")
    both = titles_where(sample_content, lambda p: p.current_phase.name == "arrete"
                        and "dechets" in p.themes)
    assert shown_titles(page) == both and 0 < len(both) < len(stopped)
    expect(filters.locator("[aria-current]")).to_have_text(  # cohort: still « Tous »
        [re.compile("^Arrêté"), re.compile("^Déchets"), "Tous"])
    expect(page.get_by_role("status")).to_have_text(f"{len(both)} projet affiché")

    filters.locator('[data-facet="phase"][data-value=""]').click()
    arrive(visitor, "projets/?theme=dechets")
    assert shown_titles(page) == titles_where(sample_content, lambda p: "dechets" in p.themes)
    assert page.evaluate("window.stillHere") is True


def test_filters_are_pages_without_javascript(nojs, sample_content):
    page = nojs.page
    nojs.open("projets/")
    assert page.get_by_role("status").count() == 0  # the script did not run
    page.locator('.bulle-chip[data-facet="phase"][data-value="arrete"]').click()
    arrive(nojs, "projets/phase/arrete/", "Projets en phase Arrêté")
    assert shown_titles(page) == titles_where(
        sample_content, lambda p: p.current_phase.name == "arrete")
    page.locator('.bulle-chip[data-facet="theme"][data-value="logement"]').click()
    arrive(nojs, "projets/theme/logement/", "Projets du thème Logement")
    assert shown_titles(page) == titles_where(sample_content, lambda p: "logement" in p.themes)
    page.locator('.bulle-chip[data-facet="theme"]', has_text="Tous").click()
    arrive(nojs, "projets/", "Les projets")
    assert len(shown_titles(page)) == len(sample_content.projects)


def test_journal_pages_follow_each_other(visitor, sample_content):
    page = visitor.page
    titles = [entry.title for entry in sample_content.entries]  # newest first
    per_page = sample_content.settings.per_page
    assert len(titles) > per_page, "the sample no longer fills two journal pages"
    items = page.locator(".bulle-entry-item__title")
    visitor.open("journal/")
    arrive(visitor, "journal/", "Journal de bord")
    expect(items).to_have_text(titles[:per_page])
    page.locator("a[rel=next]", has_text="Plus anciennes").click()
    arrive(visitor, "journal/page/2/", "Journal de bord – page 2 sur 2")
    expect(items).to_have_text(titles[per_page:2 * per_page])
    expect(page.locator(".bulle-pagination [aria-current=page]")).to_have_text("Page 2")
    page.locator("a[rel=prev]", has_text="Plus récentes").click()
    arrive(visitor, "journal/", "Journal de bord")


def test_search_finds_a_project_by_a_word_of_its_story(visitor, sample_content):
    assert STORY_WORD + "s" in sample_content.project(PROJECT).body
    page = visitor.page
    visitor.open("")
    if visitor.page.viewport_size["width"] < 600:  # on a phone, the menu holds the sections
        page.get_by_role("button", name="Menu du site").click()
        page.locator(".md-nav--primary .md-nav__link", has_text="Rechercher").first.click()
    else:
        page.locator(".md-tabs__link", has_text="Rechercher").click()
    arrive(visitor, "recherche/", "Rechercher")
    page.get_by_role("searchbox", name="Mots à rechercher").press_sequentially(STORY_WORD)
    result = page.locator(f'.bulle-search__results a[href$="/projets/{PROJECT}/"]')
    expect(result).to_be_visible()
    expect(result).to_have_text(sample_content.project(PROJECT).title)
    expect(page.locator("[data-bulle-search-status]")).to_contain_text(f"« {STORY_WORD} »")
    # Only pieces of the index came down, never a whole-site index.
    fetched = [url for url in visitor.requests if "/pagefind/" in url]
    assert any(url.endswith(".pf_index") for url in fetched)
    assert not any(url.endswith("search_index.json") for url in visitor.requests)
    result.click()
    arrive(visitor, f"projets/{PROJECT}/", sample_content.project(PROJECT).title)


def test_a_search_address_can_be_shared(visitor, sample_content):
    visitor.open(f"recherche/?q={STORY_WORD}")
    expect(visitor.page.locator(f'.bulle-search__results a[href$="/projets/{PROJECT}/"]')).to_be_visible()


def test_a_search_across_several_indexes_finds_what_one_index_finds(desktop, browser,
                                                                     sliced_sample_site):
    """A large site's search is cut into indexes merged in the browser: every result one
    index finds is found. A word found in only some indexes may bring more: Pagefind
    searches, in an index without it, the longest prefix of it that it holds
    (pagefind/pagefind#315, no option turns it off), e.g. « mai » for « mairie »."""
    def found(visitor: Visitor, word: str) -> tuple[int, set[str]]:
        """How many results the page says, and every result (the page shows the first 20),
        asked of the search the page set up."""
        visitor.open(f"recherche/?q={word}")
        status = visitor.page.locator("[data-bulle-search-status]")
        expect(status).to_contain_text(f"« {word} »", timeout=30_000)
        urls = visitor.page.evaluate("""async (word) => {
            const bundle = document.querySelector("[data-bulle-search]").dataset.bulleSearch;
            const pagefind = await import(new URL(bundle + "pagefind.js", location.href).href);
            const search = await pagefind.search(word);
            return Promise.all(search.results.map(async (result) => (await result.data()).url));
        }""", word)
        assert re.search(rf"\b{len(urls)}\b|^Un ", status.text_content()), status.text_content()
        return len(urls), set(urls)

    with SiteServer(sliced_sample_site) as server:
        context = browser.new_context(**PROFILES["desktop"])
        sliced = Visitor(context, server.origin)
        try:
            assert "data-bulle-search-more" in sliced.open("recherche/").text()
            for word in (STORY_WORD, "habitants", "contribuer"):
                single = found(desktop, word)
                assert single[1], word  # the word is on some pages
                merged = found(sliced, word)
                assert merged[1] >= single[1], word
            assert found(sliced, "habitants") == found(desktop, "habitants")  # in every index
            merged = [url for url in sliced.requests if "/pagefind/" in url]
            assert any("/pagefind/1/" in url and url.endswith(".pf_index") for url in merged)
            assert not any("/pagefind/1/" in url and url.endswith((".js", ".pagefind"))
                           for url in merged)  # one script, one WebAssembly for them all
            assert sliced.errors == []
        finally:
            context.close()


def test_an_unknown_address_shows_the_404_page(visitor):
    response = visitor.open("projets/nulle-part/")
    assert response.status == 404
    expect(visitor.page.locator("h1")).to_have_text("Page introuvable")
    assert visitor.horizontal_overflow() <= 0
    visitor.page.locator("article a", has_text="Les projets").click()
    arrive(visitor, "projets/", "Les projets")
