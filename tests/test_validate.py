"""The validator: one test per kind of mistake, with its line and message."""

import datetime as dt

import pytest

from bulle.content.load import load_tree
from bulle.content.validate import validate_tree
from conftest import entry_text, project_text

P = "projects/demo/index.md"


def check(make_tree, files):
    root = make_tree(files)
    programme_problems = []
    from bulle.programme.load import load_programme
    programme, programme_problems = load_programme(root / "programme.yml")
    assert programme_problems == []
    return validate_tree(load_tree(root), programme)


def located(content):
    return [(p.path, p.line, p.code) for p in content.problems]


def test_valid_project_and_entry_become_models(make_tree):
    content = check(make_tree, {
        P: project_text(
            themes="[solidarite, seniors]", cohort="2019",
            phases="\n  - name: construction\n    start: 2020-03-01"
                   "\n  - name: investigation\n    start: 2020-01-06\n    end: 2020-02-28",
            links='\n  "Code source": https://example.org/code'),
        "projects/demo/journal/2020-02-03-premier-pas.md": entry_text(
            authors="[Marie, Karim]", kind="etape", tags="[terrain]"),
    })
    assert content.problems == []
    [project] = content.projects
    assert project.slug == "demo"
    assert [p.name for p in project.phases] == ["investigation", "construction"]
    assert project.current_phase.name == "construction"
    assert project.cohort == "2019"
    assert project.links == (("Code source", "https://example.org/code"),)
    [entry] = content.entries
    assert entry.date == dt.date(2020, 2, 3)
    assert entry.stem == "2020-02-03-premier-pas"
    assert entry.authors == ("Marie", "Karim")
    assert entry.summary == "Premier paragraphe."


def test_cohort_may_be_a_year_number(make_tree):
    content = check(make_tree, {P: project_text(cohort="2019")})
    assert content.projects[0].cohort == "2019"


def test_unknown_field_suggests_the_close_one(make_tree):
    content = check(make_tree, {P: project_text(pich="Mission")})
    [problem] = content.problems
    assert (problem.line, problem.code) == (7, "unknown-field")
    assert problem.message == "champ inconnu « pich » — vouliez-vous dire « pitch » ?"


@pytest.mark.parametrize("written, meant", [
    ("titre", "title"), ("equipe", "team"), ("Équipe", "team"), ("promotion", "cohort"),
    ("liens", "links"), ("brouillon", "draft"), ("Title", "title")])
def test_french_or_misspelt_field_names_get_the_right_suggestion(make_tree, written, meant):
    content = check(make_tree, {P: project_text(**{written: "x"})})
    assert any(f"vouliez-vous dire « {meant} » ?" in p.message for p in content.problems)


def test_missing_required_field_is_reported_with_its_help(make_tree):
    content = check(make_tree, {P: project_text(pitch=None)})
    [problem] = content.problems
    assert problem.code == "missing-field"
    assert problem.line == 2
    assert "champ obligatoire « pitch » manquant" in problem.message


def test_empty_required_field(make_tree):
    content = check(make_tree, {P: project_text(pitch='""')})
    assert located(content) == [(P, 3, "empty-field")]


def test_pitch_over_200_characters(make_tree):
    content = check(make_tree, {P: project_text(pitch="a" * 201)})
    [problem] = content.problems
    assert (problem.line, problem.code) == (3, "too-long")
    assert "201 caractères, 200 au plus" in problem.message


def test_wrong_type_for_text(make_tree):
    content = check(make_tree, {P: project_text(title="[a, b]")})
    assert located(content) == [(P, 2, "wrong-type")]


@pytest.mark.parametrize("written, code, hint", [
    ("2020-02-30", "bad-date", "n'existe pas dans le calendrier"),
    ("06/01/2020", "bad-date", "vouliez-vous dire « 2020-01-06 » ?"),
    ("janvier 2020", "bad-date", "attendu AAAA-MM-JJ"),
])
def test_bad_dates(make_tree, written, code, hint):
    content = check(make_tree, {P: project_text(
        phases=f"\n  - name: investigation\n    start: {written}")})
    [problem] = content.problems
    assert (problem.line, problem.code) == (6, code)
    assert hint in problem.message
    assert "phases[1].start" in problem.message


def test_unknown_vocabulary_term_lists_allowed_and_suggests(make_tree):
    content = check(make_tree, {P: project_text(
        phases="\n  - name: Accélération\n    start: 2020-01-06")})
    [problem] = content.problems
    assert (problem.line, problem.code) == (5, "unknown-term")
    assert "(investigation, construction, acceleration, perennise, arrete)" in problem.message
    assert problem.message.endswith("vouliez-vous dire « acceleration » ?")


def test_phase_end_before_start(make_tree):
    content = check(make_tree, {P: project_text(
        phases="\n  - name: investigation\n    start: 2020-01-06\n    end: 2019-12-31")})
    assert located(content) == [(P, 7, "end-before-start")]


def test_two_phases_starting_the_same_day_are_ordered_by_the_vocabulary(make_tree):
    content = check(make_tree, {P: project_text(
        phases="\n  - name: construction\n    start: 2020-01-06"
               "\n  - name: investigation\n    start: 2020-01-06")})
    assert located(content) == [(P, 8, "same-start")]
    [problem] = content.problems
    assert problem.severity == "warning"
    [project] = content.projects
    assert project.current_phase.name == "construction"  # after investigation in the list


def test_overlapping_phases_are_a_warning_only(make_tree):
    content = check(make_tree, {P: project_text(
        phases="\n  - name: investigation\n    start: 2020-01-06\n    end: 2020-06-01"
               "\n  - name: construction\n    start: 2020-03-01")})
    [problem] = content.problems
    assert (problem.line, problem.code, problem.severity) == (7, "overlap", "warning")
    assert len(content.projects) == 1


def test_phases_required_and_not_empty(make_tree):
    content = check(make_tree, {P: project_text(phases="[]")})
    assert located(content) == [(P, 4, "empty-field")]


def test_links_must_be_web_addresses(make_tree):
    content = check(make_tree, {P: project_text(
        links="\n  Site: www.exemple.fr\n  Script: javascript:alert(1)\n  Bon: https://ok.fr")})
    assert located(content) == [(P, 8, "bad-url"), (P, 9, "bad-url")]
    assert "doit commencer par https://" in content.problems[0].message


def test_contact_must_be_an_email(make_tree):
    content = check(make_tree, {P: project_text(contact="bonjour")})
    assert located(content) == [(P, 7, "bad-email")]


def test_draft_must_be_true_or_false(make_tree):
    content = check(make_tree, {P: project_text(draft="oui")})
    [problem] = content.problems
    assert problem.code == "wrong-type" and "true (oui) ou false (non)" in problem.message


def test_draft_project_is_valid_but_marked(make_tree):
    content = check(make_tree, {P: project_text(draft="true")})
    assert content.problems == [] and content.projects[0].draft


def test_field_written_twice(make_tree):
    text = project_text().replace("pitch:", "title: Autre\npitch:")
    content = check(make_tree, {P: text})
    assert located(content) == [(P, 3, "duplicate-field")]


def test_repeated_theme(make_tree):
    content = check(make_tree, {P: project_text(themes="[solidarite, solidarite]")})
    assert located(content) == [(P, 7, "duplicate-item")]


def test_single_theme_without_list_is_accepted(make_tree):
    content = check(make_tree, {P: project_text(themes="logement")})
    assert content.problems == [] and content.projects[0].themes == ("logement",)


def test_image_must_exist_stay_inside_and_have_alt(make_tree):
    content = check(make_tree, {
        P: project_text(image="photo.jpg"),
        "projects/demo/photo.jpg": b"\xff\xd8",
        "projects/autre/index.md": project_text(title="Autre", image="../demo/photo.jpg",
                                                image_alt="x"),
        "projects/trois/index.md": project_text(title="Trois", image="absente.png",
                                                image_alt="x"),
        "projects/quatre/index.md": project_text(title="Quatre", image="https://x.fr/a.png",
                                                 image_alt="x"),
        "projects/cinq/index.md": project_text(title="Cinq", image="notes.pdf",
                                               image_alt="x"),
        "projects/cinq/notes.pdf": b"%PDF",
    })
    assert sorted(located(content)) == [
        ("projects/autre/index.md", 7, "bad-image"),
        ("projects/cinq/index.md", 7, "bad-image"),
        (P, 7, "missing-companion"),
        ("projects/quatre/index.md", 7, "bad-image"),
        ("projects/trois/index.md", 7, "missing-image"),
    ]
    messages = {p.path: p.message for p in content.problems}
    assert "sort du dossier du projet" in messages["projects/autre/index.md"]
    assert "demande aussi « image_alt »" in messages[P]


def test_entry_image_is_relative_to_the_entry(make_tree):
    content = check(make_tree, {
        P: project_text(),
        "projects/demo/photo.png": b"\x89PNG",
        "projects/demo/journal/2020-02-03-photo.md": entry_text(
            image="../photo.png", image_alt="Une photo"),
    })
    assert content.problems == []
    assert content.entries[0].image.path == "photo.png"


def test_entry_file_name_and_date(make_tree):
    content = check(make_tree, {
        P: project_text(),
        "projects/demo/journal/premiere-entree.md": entry_text(),
        "projects/demo/journal/2020-02-30-impossible.md": entry_text(),
        "projects/demo/journal/2020-03-01-desaccord.md": entry_text(date="2020-03-02"),
        "projects/demo/journal/2020-03-05-accord.md": entry_text(date="2020-03-05"),
    })
    assert located(content) == [
        ("projects/demo/journal/2020-02-30-impossible.md", None, "bad-entry-name"),
        ("projects/demo/journal/2020-03-01-desaccord.md", 3, "date-mismatch"),
        ("projects/demo/journal/premiere-entree.md", None, "bad-entry-name"),
    ]
    assert "-premiere-entree.md" in content.problems[2].message
    assert [e.stem for e in content.entries] == ["2020-03-05-accord"]


def test_bad_folder_name_and_missing_index(make_tree):
    content = check(make_tree, {
        "projects/Mon_Projet/index.md": project_text(),
        "projects/vide/photo.jpg": b"x",
    })
    assert located(content) == [("projects/Mon_Projet", None, "bad-slug"),
                                ("projects/vide", None, "missing-index")]
    assert "vouliez-vous dire « mon-projet » ?" in content.problems[0].message


def test_reserved_folder_names(make_tree):
    content = check(make_tree, {"projects/phase/index.md": project_text()})
    assert located(content) == [("projects/phase", None, "reserved-slug")]


def test_stray_markdown_file(make_tree):
    content = check(make_tree, {P: project_text(), "projects/demo/notes.md": "# Notes"})
    assert located(content) == [("projects/demo/notes.md", None, "stray-markdown")]


def test_yaml_syntax_error_has_its_line_and_a_french_hint(make_tree):
    text = '---\ntitle: Projet\npitch: "jamais fermé\nphases:\n  - name: investigation\n---\n'
    content = check(make_tree, {P: text})
    [problem] = content.problems
    assert (problem.line, problem.code) == (3, "yaml-syntax")
    assert "guillemet ouvert mais jamais fermé" in problem.message


def test_colon_in_value_hint(make_tree):
    content = check(make_tree, {P: project_text(pitch="Mission : aider tout le monde: vite")})
    [problem] = content.problems
    assert (problem.line, problem.code) == (3, "yaml-syntax")
    assert "entre guillemets" in problem.message


def test_missing_or_unclosed_front_matter(make_tree):
    content = check(make_tree, {
        P: "Pas d'en-tête.\n",
        "projects/deux/index.md": "---\ntitle: x\n",
    })
    assert located(content) == [(P, 1, "no-front-matter"),
                                ("projects/deux/index.md", 1, "unclosed-front-matter")]


def test_front_matter_that_is_not_a_mapping(make_tree):
    content = check(make_tree, {P: "---\n- un\n- deux\n---\n"})
    assert located(content) == [(P, 2, "not-mapping")]


def test_non_utf8_file(make_tree):
    content = check(make_tree, {P: "---\ntitle: Caf\xe9\n---\n".encode("latin-1")})
    assert located(content) == [(P, 2, "encoding")]


def test_windows_line_endings_and_bom_are_fine(make_tree):
    text = "\ufeff" + project_text().replace("\n", "\r\n")
    content = check(make_tree, {P: text})
    assert content.problems == []


def test_unsafe_html_and_links_in_body(make_tree):
    body = "Bonjour.\n\n<script>alert(1)</script>\n\n[clic](javascript:alert(1))\n"
    content = check(make_tree, {P: project_text(body=body)})
    assert located(content) == [(P, 10, "unsafe-html"), (P, 12, "unsafe-link")]


def test_duplicate_project_titles_and_entries(make_tree):
    content = check(make_tree, {
        P: project_text(title="Même nom"),
        "projects/autre/index.md": project_text(title="Meme NOM"),
        "projects/demo/journal/2020-02-03-a.md": entry_text(title="Pareil"),
        "projects/demo/journal/2020-02-03-b.md": entry_text(title="pareil"),
    })
    assert located(content) == [
        ("projects/demo/index.md", 2, "duplicate-project"),
        ("projects/demo/journal/2020-02-03-b.md", None, "duplicate-entry"),
    ]


def test_every_problem_is_reported_in_one_run(make_tree):
    content = check(make_tree, {P: project_text(
        pich="x", contact="non", draft="peut-être",
        phases="\n  - name: inconnue\n    start: hier")})
    codes = sorted(p.code for p in content.problems)
    assert codes == ["bad-date", "bad-email", "unknown-field", "unknown-term", "wrong-type"]


def test_only_images_and_pdf_are_published(make_tree):
    content = check(make_tree, {
        P: project_text(),
        "projects/demo/photo.JPG": b"x",
        "projects/demo/compte-rendu.pdf": b"%PDF",
        "projects/demo/page.html": "<script>alert(1)</script>",
        "projects/demo/journal/dessin.svg": "<svg onload='alert(1)'/>",
    })
    assert located(content) == [
        ("projects/demo/journal/dessin.svg", None, "unsupported-file"),
        ("projects/demo/page.html", None, "unsupported-file"),
    ]
    assert "retirez-le" in content.problems[0].message


def test_heavy_files_are_refused(make_tree):
    content = check(make_tree, {P: project_text(),
                                "projects/demo/enorme.png": b"\0" * (5 * 1024 * 1024 + 1)})
    assert located(content) == [("projects/demo/enorme.png", None, "file-too-large")]
    assert "5,0 Mo, 5 Mo au plus" in content.problems[0].message


def test_former_slugs_are_checked(make_tree):
    content = check(make_tree, {
        P: project_text(former_slugs="[ancien-nom, autre, demo, phase, Mauvais Nom]"),
        "projects/autre/index.md": project_text(title="Autre"),
        "projects/trois/index.md": project_text(title="Trois", former_slugs="[ancien-nom]"),
    })
    assert located(content) == [(P, 7, "bad-slug")]
    assert "« mauvais-nom » ?" in content.problems[0].message
    content = check(make_tree, {
        P: project_text(former_slugs="[ancien-nom, autre, demo, phase]"),
        "projects/autre/index.md": project_text(title="Autre"),
        "projects/trois/index.md": project_text(title="Trois", former_slugs="[ancien-nom]"),
    })
    messages = sorted(p.message for p in content.problems)
    assert len(messages) == 4
    assert any("projet existant" in m for m in messages)
    assert any("nom actuel" in m for m in messages)
    assert any("réservé" in m for m in messages)
    assert any("déjà revendiqué par projects/demo/index.md" in m for m in messages)


# --- fields that real programmes need (issue 11) ------------------------------------


def test_programme_facts_become_typed_models(make_tree):
    content = check(make_tree, {P: project_text(
        title="T" * 120,
        awards="\n  - name: Fonds\n    date: 2025-10-01\n    kind: financement\n    amount: 150000",
        milestones="\n  - name: Comité\n    date: 2019-06-30\n    kind: comite",
        incubator="bulle", organisation="ville-de-pau",
        audiences="[particulier, etat]",
        transparency="\n  stats:\n    url: https://example.org/stats\n    date: 2024-01-02"
                     "\n  accessibility:\n    status: non conforme",
        impact="\n  - label: Binômes formés\n    value: 23\n    date: 2021-05-05"
               "\n    source: Entretien publié",
        former_slugs="[ancien-nom, 1000.jours]",
        team="\n  - name: Camille\n  - name: Karim\n    former: true")})
    assert content.problems == []
    [project] = content.projects
    assert project.awards[0].amount == 150000
    assert [(m.kind, m.date) for m in project.milestones] == [("comite", dt.date(2019, 6, 30))]
    assert (project.incubator, project.organisation) == ("bulle", "ville-de-pau")
    assert project.audiences == ("particulier", "etat")
    assert project.transparency.stats.url == "https://example.org/stats"
    assert project.transparency.stats.date == dt.date(2024, 1, 2)
    assert project.transparency.budget is None
    assert project.transparency.accessibility.status == "non conforme"
    assert [name for name, _ in project.transparency.published] == ["stats"]
    [figure] = project.impact
    assert (figure.value, figure.source) == (23, "Entretien publié")
    assert project.former_slugs == ("ancien-nom", "1000.jours")
    assert [member.former for member in project.team] == [False, True]


def test_an_amount_with_spaces_and_a_symbol_is_refused_with_the_number_to_write(make_tree):
    content = check(make_tree, {P: project_text(
        awards="\n  - name: Fonds\n    date: 2025-10-01\n    kind: financement"
               "\n    amount: 150 000 €")})
    [problem] = content.problems
    assert (problem.line, problem.code) == (11, "bad-number")
    assert problem.message.endswith("(écrivez-le sans espace ni symbole : « 150000 »)")


def test_accessibility_status_comes_from_the_rgaa_list(make_tree):
    content = check(make_tree, {P: project_text(
        transparency="\n  accessibility:\n    status: partiellement conforme")})
    [problem] = content.problems
    assert (problem.line, problem.code) == (9, "unknown-choice")
    assert problem.message.endswith("vouliez-vous dire « partiellement » ?")


def test_a_term_of_a_list_the_programme_does_not_define_says_where_to_add_it(make_tree):
    root = make_tree({P: project_text(incubator="anct")})
    text = (root / "programme.yml").read_text(encoding="utf-8")
    (root / "programme.yml").write_text(text[:text.index("\nincubators:")] + "\n",
                                        encoding="utf-8")
    from bulle.programme.load import load_programme
    programme, problems = load_programme(root / "programme.yml")
    assert problems == [] and programme.incubators.terms == ()
    content = validate_tree(load_tree(root), programme)
    [problem] = content.problems
    assert problem.code == "unknown-term"
    assert "ajoutez-la à programme.yml avec « anct »" in problem.message


def test_a_title_longer_than_120_characters_is_refused(make_tree):
    content = check(make_tree, {P: project_text(title="T" * 121)})
    assert [p.code for p in content.problems] == ["too-long"]


def test_a_read_cache_checks_again_only_what_changed(make_tree, programme):
    """`make serve` keeps a ReadCache across rebuilds: what it keeps must be what a fresh
    load finds, for a file edited, an image added, a file deleted, the programme changed."""
    from dataclasses import replace

    from bulle.content.load import ReadCache
    root = make_tree({P: project_text(image="photo.jpg", image_alt="x"),
                      "projects/autre/index.md": project_text(title="Autre"),
                      "projects/autre/journal/2024-01-02-un.md": entry_text(kind="inconnue")})
    cache = ReadCache()

    def both():
        kept = validate_tree(load_tree(root, cache=cache), programme, cache)
        fresh = validate_tree(load_tree(root), programme)
        assert (kept.problems, kept.projects, kept.entries) == (
            fresh.problems, fresh.projects, fresh.entries)
        return sorted(located(kept)), cache.read

    first = [("projects/autre/journal/2024-01-02-un.md", 3, "unknown-term"), (P, 7, "missing-image")]
    assert both() == (first, 3)
    assert both() == (first, 0)  # nothing read again, the same problems
    (root / "projects/demo/photo.jpg").write_bytes(b"\xff\xd8")  # no file read, but checked
    assert both() == ([first[0]], 0)
    (root / "projects/autre/journal/2024-01-02-un.md").write_text(entry_text(), "utf-8")
    assert both() == ([], 1)
    (root / "projects/autre/journal/2024-01-02-un.md").unlink()
    assert both() == ([], 0) and len(cache.files) == 2
    programme = replace(programme, silent_after_months=3)  # all checked again, none read
    assert both() == ([], 0) and cache.programme == programme
