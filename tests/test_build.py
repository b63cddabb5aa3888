"""Real `mkdocs build --strict` runs: the pages a visitor gets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import REPO, SAMPLE, entry_text, make_site_copy, project_text, run_build, snapshot

SLUGS = ["au-compost-mitoyen", "histologe", "id-quart", "pau-partage", "simone-and-co"]


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8") if not url.endswith(".html") \
        else (site / url).read_text(encoding="utf-8")


def main_content(page: str) -> str:
    """The article part of a Material page (without header, nav and footer)."""
    return page.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]


@pytest.fixture
def sample(sample_site) -> Path:
    """The sample programme, built once per session from the tests' own copy."""
    return sample_site


def test_every_page_exists(sample):
    for url in ["", "projets/", "journal/", "palmares/", "programme/",
                "projets/phase/arrete/", "projets/theme/logement/",
                "projets/promotion/2019-1re-promotion/"]:
        assert (sample / url / "index.html").is_file(), url
    for slug in SLUGS:
        assert (sample / "projets" / slug / "index.html").is_file()
        assert (sample / "projets" / slug / "journal" / "index.html").is_file()
    sources = sorted((SAMPLE / "projects").glob("*/journal/*.md"))
    assert len(sources) >= 15
    for source in sources:
        url = f"projets/{source.parent.parent.name}/journal/{source.stem}/"
        assert (sample / url / "index.html").is_file(), url
    assert (sample / "assets/bulle/bulle.css").is_file()
    assert (sample / "404.html").is_file()


def test_projects_list_groups_by_phase_in_vocabulary_order(sample):
    page = main_content(read(sample, "projets/"))
    headings = re.findall(r'<h2 id="phase-([a-z]+)">', page)
    assert headings == ["acceleration", "arrete"]  # four of five stopped (FACTS.md)
    cards = re.findall(r'<li class="bulle-card" data-phase="([a-z]+)"', page)
    assert len(cards) == 5
    for slug in SLUGS:
        assert f'href="{slug}/"' in page
    assert 'href="phase/arrete/"' in page and 'href="theme/logement/"' in page


def test_filter_pages_work_without_javascript(sample):
    page = main_content(read(sample, "projets/theme/logement/"))
    assert re.findall(r'<h3 class="bulle-card__title"><a href="([^"]+)"', page) == \
        ["../../histologe/"]
    assert 'aria-current="page"' in page
    assert "data-bulle-filters" not in page  # the script only filters the full list


def test_project_page(sample):
    page = read(sample, "projets/histologe/")
    content = main_content(page)
    assert '<h1 id="bulle-titre">Histologe</h1>' in content
    assert "bulle-phase--acceleration" in content
    assert content.count('class="bulle-badge bulle-award') >= 2
    assert 'id="bulle-facts-title">En bref' in content
    assert 'href="https://signal-logement.beta.gouv.fr/"' in content
    dates = re.findall(r'bulle-timeline__event[^"]*">\s*<p class="bulle-meta"><time datetime="([\d-]+)"',
                       content)
    assert dates == sorted(dates) and len(dates) >= 8
    assert "edit/main/projects/histologe/index.md" in page
    assert '<link rel="canonical" href="https://bulle.example.org/projets/histologe/">' in page


def test_entry_page_links_back_and_to_neighbours(sample):
    entries = sorted(p.stem for p in (SAMPLE / "projects/histologe/journal").glob("*.md"))
    middle = entries[1]
    page = read(sample, f"projets/histologe/journal/{middle}/")
    content = main_content(page)
    assert '<a href="../../">Histologe</a>' in content
    assert f'href="../{entries[0]}/" rel="prev"' in content
    assert f'href="../{entries[2]}/" rel="next"' in content
    assert f"edit/main/projects/histologe/journal/{middle}.md" in page


def test_journal_is_newest_first_and_paginated(sample):
    first = main_content(read(sample, "journal/"))
    dates = re.findall(r'<li class="bulle-entry-item">\s*<p class="bulle-meta"><time datetime="([\d-]+)"',
                       first)
    assert len(dates) == 20
    assert dates == sorted(dates, reverse=True)
    assert 'href="page/2/" rel="next"' in first
    second = main_content(read(sample, "journal/page/2/"))
    assert 'href="../../" rel="prev"' in second
    more = re.findall(r'<time datetime="([\d-]+)"', second)
    assert more and max(more) <= min(dates)


def test_awards_page_by_year(sample):
    content = main_content(read(sample, "palmares/"))
    years = re.findall(r'<h2 id="(\d{4})"', content)
    assert years == sorted(years, reverse=True) and years[0] == "2026"
    assert 'href="../projets/histologe/"' in content


def test_home_has_programme_text_and_highlights(sample):
    content = main_content(read(sample, ""))
    assert "Bulle des Innovateurs" in content
    for heading in ("Les projets par phase", "Dernières nouvelles du journal",
                    "Dernières distinctions"):
        assert heading in content
    assert 'href="projets/histologe/"' in content


def test_navigation_stays_small(sample):
    page = read(sample, "projets/histologe/")
    nav = page.split('<nav class="md-nav md-nav--primary', 1)[1].split("</nav>", 1)[0]
    assert len(re.findall(r'class="md-nav__link', nav)) <= 20
    assert "journal/20" not in nav


def test_french_interface_demo_banner_and_no_third_party_requests(sample):
    for url in ["", "projets/", "projets/histologe/"]:
        page = read(sample, url)
        assert '<html lang="fr"' in page
        assert "Site de démonstration" in page
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", page):
            assert not re.search(r'(?:src|href)="(?:https?:)?//', tag) or 'rel="canonical"' in tag, tag
        assert "fonts.googleapis" not in page and "fonts.gstatic" not in page
        assert 'data-md-component="source"' not in page  # no GitHub API call
    entry = json.loads((sample / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["fr"]  # French stemming
    assert not (sample / "search").exists()  # no whole-site index sent to the first visitor


def test_a_large_site_gets_several_search_indexes_and_nothing_else_changes(
        sample, sliced_sample_site):
    from conftest import SLICED

    def pages(folder: Path) -> int:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        return entry["languages"]["fr"]["page_count"]

    total = pages(sample / "pagefind")
    more = [f"{number}/" for number in range(1, -(-total // int(SLICED)))]
    assert len(more) >= 2
    search = read(sliced_sample_site, "recherche/")
    assert f'data-bulle-search-more="{" ".join(more)}"' in search
    assert "data-bulle-search-more" not in read(sample, "recherche/")  # one index: as before
    bundle = sliced_sample_site / "pagefind"
    counts = [pages(bundle / folder) for folder in ["", *more]]
    assert sum(counts) == total and max(counts) <= int(SLICED) and min(counts) > 0
    assert not (bundle / f"{len(more) + 1}").exists()
    same = {path: digest for path, digest in snapshot(sample).items()
            if not path.startswith("pagefind/") and path != "recherche/index.html"}
    sliced = snapshot(sliced_sample_site)
    assert {path: sliced.get(path) for path in same} == same


def test_every_page_set_aside_while_the_others_convert_is_laid_out_whole(sample):
    """The hooks hold each converted page's HTML compressed until MkDocs lays it out."""
    from bulle.compressed import CompressedTexts
    from bulle.engine import BuildState
    assert isinstance(BuildState.__dataclass_fields__["waiting"].default_factory(),
                      CompressedTexts)
    laid_out = [text for path in sample.rglob("index.html")
                if 'class="md-content"' in (text := path.read_text(encoding="utf-8"))]
    assert len(laid_out) > 50
    for text in laid_out:
        article = re.search(r'<article class="md-content__inner[^>]*>(.*?)</article>', text, re.S)
        assert article and "<h1" in article.group(1), text[:300]
    story = read(sample, "projets/histologe/")
    assert "moisissures" in story  # a contributor's text, converted then set aside


def test_search_indexes_texts_not_lists():
    from bulle.pages.render import Renderer
    from conftest import load_test_site
    pages = {page.url: page for page in Renderer(load_test_site(SAMPLE)).pages()}
    for url in ["projets/histologe/", "mentions-legales/", "donnees/",
                "projets/histologe/journal/2020-04-20-construire-sans-se-voir/"]:
        assert pages[url].searchable, url
    for url in ["projets/", "projets/phase/arrete/", "journal/", "journal/page/2/",
                "palmares/", "recherche/", "projets/histologe/journal/"]:
        assert not pages[url].searchable, url


def test_search_documents_hold_the_text_alone():
    from bulle.outputs.search import search_text
    document = search_text("<h1>Titre &amp; co</h1><p>Texte</p>", "fr")
    assert '<html lang="fr">' in document
    assert "<main data-pagefind-body>\n<h1>Titre &amp; co</h1><p>Texte</p>\n</main>" in document


def test_same_sources_same_output(sample, tmp_path):
    again = tmp_path / "again"
    (tmp_path / "root").mkdir()
    done = run_build(make_site_copy(tmp_path / "root"), again)
    assert done.returncode == 0, done.stderr
    assert snapshot(again) == snapshot(sample)


def test_the_repository_content_builds_strictly_and_is_left_untouched(tmp_path):
    """Whatever the repository holds: the Pau sample, or a city's programme after `make city`."""
    before = snapshot(REPO / "docs"), snapshot(REPO / "projects")
    done = run_build(REPO, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site/index.html").is_file()
    assert (tmp_path / "site/contribuer/index.html").is_file()
    assert (snapshot(REPO / "docs"), snapshot(REPO / "projects")) == before


def test_front_matter_values_are_escaped(tmp_path):
    nasty = "Tom & \\\"Jerry\\\" <b>gras</b> l'été"
    root = make_site_copy(tmp_path, {
        "nasty/index.md": project_text(
            title=f'"{nasty}"', pitch='"<script>alert(1)</script> & co"',
            sponsors='["<i>Élu</i> & adjoint"]',
            phases='\n  - name: investigation\n    start: 2020-01-06\n    note: "<img src=x>"'),
        "nasty/journal/2020-02-03-entree.md": entry_text(
            title='"<em>Titre</em> & \\"guillemets\\""', authors='["<u>A</u>"]',
            tags='["<tag>"]', summary='"<b>résumé</b>"'),
    })
    done = run_build(root, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    project = read(tmp_path / "site", "projets/nasty/")
    assert "<b>gras</b>" not in project and "<script>alert" not in project
    assert "<i>Élu</i>" not in project and "<img src=x>" not in project
    assert "&lt;b&gt;gras&lt;/b&gt;" in project
    assert "<title>Tom &amp; &quot;Jerry&quot; &lt;b&gt;gras&lt;/b&gt; l&#x27;été - " in project
    entry = read(tmp_path / "site", "projets/nasty/journal/2020-02-03-entree/")
    assert "<em>Titre</em>" not in entry and "<u>A</u>" not in entry and "<tag>" not in entry
    assert "&lt;em&gt;Titre&lt;/em&gt; &amp; &#34;guillemets&#34;" in entry
    journal = read(tmp_path / "site", "journal/")
    assert "<b>résumé</b>" not in journal and "&lt;b&gt;résumé&lt;/b&gt;" in journal


def test_drafts_and_future_entries_stay_out(tmp_path):
    root = make_site_copy(tmp_path, {
        "visible/index.md": project_text(title="Visible"),
        "visible/journal/2020-02-03-passe.md": entry_text(title="Passé"),
        "visible/journal/2030-01-01-futur.md": entry_text(title="Futur"),
        "visible/journal/2020-02-04-brouillon.md": entry_text(title="Pas-encore-relu", draft="true"),
        "cache/index.md": project_text(title="Caché", draft="true"),
        "cache/journal/2020-02-03-secret.md": entry_text(title="Secret"),
    })
    site = tmp_path / "site"
    assert run_build(root, site).returncode == 0
    assert (site / "projets/visible/journal/2020-02-03-passe/index.html").is_file()
    assert not (site / "projets/visible/journal/2030-01-01-futur").exists()
    assert not (site / "projets/visible/journal/2020-02-04-brouillon").exists()
    assert not (site / "projets/cache").exists()
    everything = "".join(p.read_text(encoding="utf-8", errors="ignore")
                         for p in site.rglob("*") if p.suffix in (".html", ".json", ".xml", ".csv"))
    assert "Passé" in (site / "feed.xml").read_text(encoding="utf-8")
    for hidden in ("Futur", "Caché", "Secret", "Pas-encore-relu", "brouillon/", "2030-01-01"):
        assert hidden not in everything, hidden
    later = tmp_path / "later"
    assert run_build(root, later, today="2030-01-01").returncode == 0
    assert (later / "projets/visible/journal/2030-01-01-futur/index.html").is_file()


def test_images_are_published_next_to_their_page(tmp_path):
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")
    root = make_site_copy(tmp_path, {
        "illustre/index.md": project_text(title="Illustré", image="photo.png",
                                          image_alt="Une équipe au travail",
                                          body="![Le local](photo.png)"),
        "illustre/photo.png": png,
    })
    site = tmp_path / "site"
    done = run_build(root, site)
    assert done.returncode == 0, done.stderr
    assert (site / "projets/illustre/photo.png").read_bytes() == png
    page = read(site, "projets/illustre/")
    assert '<img src="photo.png" alt="Une équipe au travail">' in page
    cards = read(site, "projets/")
    assert 'src="illustre/photo.png" alt="Une équipe au travail"' in cards


def test_bad_content_fails_the_build_with_the_checker_messages(tmp_path):
    root = make_site_copy(tmp_path, {"demo/index.md": project_text(pich="x", contact="non")})
    done = run_build(root, tmp_path / "site")
    assert done.returncode == 1
    assert "projects/demo/index.md:7: erreur : champ inconnu « pich »" in done.stderr
    assert "projects/demo/index.md:8: erreur : « contact »" in done.stderr
    assert "Bulle : 2 erreur(s) dans le contenu" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_one_setting_removes_the_demo_banner(tmp_path):
    root = make_site_copy(tmp_path, {"demo/index.md": project_text()})
    programme = root / "programme.yml"
    programme.write_text(programme.read_text(encoding="utf-8").replace("demo: true", "demo: false"),
                         encoding="utf-8")
    done = run_build(root, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    for page in (tmp_path / "site").rglob("*.html"):
        assert 'class="bulle-banner"' not in page.read_text(encoding="utf-8"), page


def test_former_addresses_redirect_to_the_new_ones(tmp_path):
    from urllib.parse import urljoin
    root = make_site_copy(tmp_path, {
        "nouveau-nom/index.md": project_text(former_slugs="[ancien-nom]"),
        "nouveau-nom/journal/2020-02-03-entree.md": entry_text(),
    })
    site = tmp_path / "site"
    done = run_build(root, site)
    assert done.returncode == 0, done.stderr
    for old, new in [("projets/ancien-nom/", "projets/nouveau-nom/"),
                     ("projets/ancien-nom/journal/", "projets/nouveau-nom/journal/"),
                     ("projets/ancien-nom/journal/2020-02-03-entree/",
                      "projets/nouveau-nom/journal/2020-02-03-entree/")]:
        page = (site / old / "index.html").read_text(encoding="utf-8")
        target = re.search(r'content="0; url=([^"]+)"', page).group(1)
        assert urljoin("https://bulle.example.org/" + old, target) == \
            "https://bulle.example.org/" + new
        assert (site / new / "index.html").is_file()
        assert f'<link rel="canonical" href="https://bulle.example.org/{new}">' in page
        assert '<meta name="robots" content="noindex">' in page


NBSP = "\u00a0"


def test_legal_pages_are_filled_from_the_programme(sample):
    notice = main_content(read(sample, "mentions-legales/"))
    assert "Ce site est édité par Ville de Pau." in notice
    assert "<p>Le maire de Pau</p>" in notice
    assert "Ce site est hébergé par Ville de Pau, direction des systèmes d&#39;information." in notice
    statement = main_content(read(sample, "accessibilite/"))
    assert "<strong>partiellement conforme</strong>" in statement
    assert "Défenseur des droits" in statement and "Libre réponse 71120" in statement
    assert 'href="mailto:accessibilite@example.org"' in statement
    assert "établie le 26 novembre 2026" in statement
    privacy = main_content(read(sample, "donnees-personnelles/"))
    assert 'href="mailto:donnees-personnelles@example.org"' in privacy
    assert "noms des auteurs des entrées du journal" in privacy
    for url in ["", "projets/histologe/", "journal/page/2/", "palmares/", "404.html"]:
        footer = read(sample, url).split('<footer class="md-footer bulle-footer">', 1)[1]
        assert f">Accessibilité{NBSP}: partiellement conforme</a>" in footer, url
        links = re.findall(r'<a href="([^"]+)">', footer.split("</footer>", 1)[0])
        assert [link.rstrip("/").rsplit("/", 1)[-1] for link in links] == [
            "mentions-legales", "accessibilite", "donnees-personnelles"], url


def test_a_fork_with_no_assessment_declares_itself_not_compliant(tmp_path):
    root = make_site_copy(tmp_path, {"demo/index.md": project_text()})
    programme = (root / "programme.yml").read_text(encoding="utf-8")
    programme = re.sub(r"  accessibility:\n(    .*\n|      .*\n)*", "", programme)
    programme = programme.replace("name: Ville de Pau\n", "name: Ville <b>&</b> Cie\n", 1)
    programme = programme.replace("personal_data_contact: donnees-personnelles@example.org",
                                  "personal_data_contact: https://ville.example.org/rgpd")
    (root / "programme.yml").write_text(programme, encoding="utf-8")
    done = run_build(root, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    statement = main_content(read(tmp_path / "site", "accessibilite/"))
    assert "<strong>non conforme</strong>" in statement
    assert "Aucun contenu non accessible n&#39;est connu" in statement
    assert 'href="mailto:innovation@example.org"' in statement  # the programme's contact
    assert "Ville &lt;b&gt;&amp;&lt;/b&gt; Cie s&#39;engage" in statement
    home = read(tmp_path / "site", "")
    assert f">Accessibilité{NBSP}: non conforme</a>" in home
    assert '<p class="bulle-footer__owner">Ville &lt;b&gt;&amp;&lt;/b&gt; Cie</p>' in home
    privacy = main_content(read(tmp_path / "site", "donnees-personnelles/"))
    assert 'href="https://ville.example.org/rgpd"' in privacy


def test_the_skip_link_of_generated_pages_leads_to_their_title(sample):
    for url in ["projets/", "projets/histologe/", "accessibilite/"]:
        page = read(sample, url)
        assert '<a href="#bulle-titre" class="md-skip">' in page, url
        assert page.count('id="bulle-titre"') == 1, url
    assert '<a href="#bulle-des-innovateurs" class="md-skip">' in read(sample, "")
    toc = read(sample, "projets/histologe/").split('aria-label="Table des matières"', 1)[1]
    assert 'href="#le-probleme"' in toc and 'href="#bulle-titre"' not in toc


def test_project_page_shows_transparency_impact_and_funding(sample):
    histologe = main_content(read(sample, "projets/histologe/"))
    plain = histologe.replace("\u00a0", " ")
    # All six transparency items, a missing one said so (issue 12)
    assert 'Statistiques : <a href="https://signal-logement.beta.gouv.fr/stats" rel="noopener">' \
        'publié</a>' in plain
    assert 'Code source : <a href="https://github.com/MTES-MCT/histologe" rel="noopener">' \
        'publié</a>' in plain
    assert "Accessibilité : non conforme" in plain
    for missing in ("Budget", "Mesure d&#39;impact", "Sécurité et risques"):
        assert f"{missing} : <em>non publié</em>" in plain, missing
    assert "(150\u202f000 €)" in histologe  # the FAST award's amount, in the timeline
    pau = main_content(read(sample, "projets/pau-partage/"))
    assert "<strong>23</strong> binômes formés en 2019" in pau
    assert "au 5 mai 2021" in pau
    assert pau.replace("\u00a0", " ").count("<em>non publié</em>") == 6  # nothing published
    assert "Agglomération" not in pau and "Communauté d&#39;agglomération" in pau


def test_a_renamed_project_keeps_its_former_address(sample):
    old = read(sample, "projets/poubelles-battle/")
    assert 'http-equiv="refresh"' in old and "../au-compost-mitoyen/" in old
    assert not (sample / "projets/phase/construction").exists()  # no project is in construction


def test_milestones_and_former_members_appear_on_the_project_page(make_tree):
    from bulle.pages.render import Renderer
    from conftest import load_test_site
    root = make_tree({"projects/demo/index.md": project_text(
        milestones="\n  - name: Premier comité\n    date: 2020-02-03\n    kind: comite"
                   "\n    note: Feu vert",
        team="\n  - name: Camille\n    role: Intrapreneuse\n  - name: Karim\n    former: true",
        incubator="bulle")})
    pages = {page.url: page for page in Renderer(load_test_site(root)).pages()}
    page = pages["projets/demo/"].content + "".join(pages["projets/demo/"].fragments)
    assert "Comité d&#39;investissement</span> Premier comité. Feu vert" in page
    # Names a team gives link to the person's page (bulle.pages.browse)
    assert re.search(r'Équipe</dt><dd><ul><li><a href="../../personnes/camille/">Camille</a>, '
                     r"Intrapreneuse</li></ul>", page)
    assert re.search(r'Ancienne équipe</dt><dd><ul><li><a href="../../personnes/karim/">Karim'
                     r"</a></li></ul>", page)
    assert "<dt>Incubateur</dt><dd>Bulle des Innovateurs</dd>" in page
