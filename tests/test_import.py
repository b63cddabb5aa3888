"""The beta.gouv.fr importer: real CLI runs on small invented startup files (tests/fixtures)."""

from __future__ import annotations

import datetime as dt
import io
import shutil

import pytest

from bulle.cli import main
from bulle.fork.importers.betagouv import Notes, _cut
from bulle.fork.importers.run import add_terms
from bulle.content.load import load_tree
from bulle.programme.load import load_programme
from bulle.content.validate import validate_tree
from conftest import REPO, snapshot

SOURCE = REPO / "tests/fixtures/betagouv"


def run(*args):
    out = io.StringIO()
    status = main(list(args), out=out)
    return status, out.getvalue()


def import_into(root, *options):
    return run("import", "betagouv", str(SOURCE), "--root", str(root), *options)


def projects_of(root):
    programme, problems = load_programme(root / "programme.yml")
    assert problems == []
    content = validate_tree(load_tree(root), programme)
    return {project.slug: project for project in content.projects}, content


@pytest.fixture
def root(make_tree):
    return make_tree({"projects/.keep": ""})


def test_a_full_startup_file_becomes_a_project_with_every_fact(root):
    before = snapshot(root)
    status, output = import_into(root, "--add-terms", "--with-team")
    assert status == 0, output
    projects, content = projects_of(root)
    assert content.errors == []
    assert sorted(projects) == ["aide-velo", "jardin-partage"]
    jardin = projects["jardin-partage"]
    assert jardin.title == "Jardin Partagé"
    # The mission is longer than 200 characters: the pitch ends at a sentence, the story
    # starts with the whole mission.
    assert jardin.pitch.endswith("partageant les outils.") and len(jardin.pitch) <= 200
    assert jardin.body.split("\n\n")[1].startswith("Permettre aux habitants")
    assert "associations qui animent les jardins." in jardin.body
    # Phases through the table; the investigation's end, after the construction's start,
    # is dropped; « transfere » becomes « perennise » and says what it was.
    assert [(p.name, p.start, p.end) for p in jardin.phases] == [
        ("investigation", dt.date(2021, 1, 4), None),
        ("construction", dt.date(2021, 5, 3), None),
        ("perennise", dt.date(2023, 9, 1), None)]
    assert jardin.phases[2].note == "Sur beta.gouv.fr : Transféré. Repris par la commune."
    # Events: distinctions (FAST with its amount) and milestones.
    assert [(a.kind, a.date, a.amount) for a in jardin.awards] == [
        ("financement", dt.date(2022, 3, 15), 80000), ("label", dt.date(2023, 1, 10), None)]
    assert jardin.awards[0].note == "Promotion 9 du fonds"
    assert [(m.kind, m.date) for m in jardin.milestones] == [
        ("comite", dt.date(2021, 4, 20)), ("lancement", dt.date(2021, 10, 1)),
        ("fin", dt.date(2023, 9, 1))]
    assert jardin.milestones[1].note == "Ouverture dans deux quartiers."
    assert jardin.sponsors == ("Ville d'Exemple (VDE)",)
    assert jardin.incubator == "exemple" and jardin.audiences == ("particulier", "association")
    assert jardin.themes == ("ecologie",)
    t = jardin.transparency
    assert (t.stats.url, t.budget.url, t.impact.url, t.source_code.url) == (
        "https://jardin.exemple.fr/stats", "https://jardin.exemple.fr/budget",
        "https://jardin.exemple.fr/impact", "https://forge.exemple.fr/jardin")
    assert t.security.note == "Analyse de risques réalisée."
    assert t.accessibility.status == "partiellement"
    assert dict(jardin.links) == {
        "Site du service": "https://jardin.exemple.fr/",
        "Tableau de bord DashLord": "https://dashlord.exemple.fr/jardin/",
        "Fiche sur beta.gouv.fr": "https://beta.gouv.fr/startups/jardin-partage.html"}
    assert jardin.contact == "contact@jardin.exemple.fr"
    assert jardin.former_slugs == ("ancien-jardin",)
    assert [(m.name, m.role, m.former) for m in jardin.team] == [
        ("Sam Martin", "Développeur", False), ("Camille Dupont", "Intrapreneuse", True)]
    # A page calls no other site: remote and site-absolute images become links.
    assert "[Une parcelle au printemps (image)](https://images.exemple.fr/parcelle.jpg)" \
        in jardin.body
    assert "[Le plan (image)](https://beta.gouv.fr/img/startups/jardin-plan.png)" in jardin.body
    assert "[la fiche de l'incubateur](https://beta.gouv.fr/incubateurs/exemple)" in jardin.body
    assert "[Le tableau des créneaux (image)](https://images.exemple.fr/creneaux.png)" \
        in jardin.body
    assert "[Vidéo : une journée au jardin](https://video.exemple.fr/embed/2)" in jardin.body
    assert "<img" not in jardin.body and "<iframe" not in jardin.body
    # An id that is not a slug: a slug folder, the old id as a former address; a person's
    # address is never the contact.
    velo = projects["aide-velo"]
    assert "[le Jardin Partagé](https://beta.gouv.fr/startups/jardin-partage.html)" in velo.body
    assert velo.former_slugs == ("aide.velo",)
    assert velo.contact is None
    assert [p.name for p in velo.phases] == ["investigation", "arrete"]
    # Only projects/ and the terms added to programme.yml changed.
    after = snapshot(root)
    changed = {path for path in set(before) | set(after) if before.get(path) != after.get(path)}
    assert {path.split("/")[0] for path in changed} == {"projects", "programme.yml"}
    programme = (root / "programme.yml").read_text(encoding="utf-8")
    assert "  - id: exemple\n    label: {fr: \"L'Incubateur d'Exemple\"}" in programme
    assert "# Who coaches a project" in programme  # comments kept
    status, output = run("check", "--root", str(root))
    assert status == 0, output


def test_the_report_counts_refusals_with_their_line_and_every_unmapped_field(root):
    status, output = import_into(root, "--add-terms")
    assert status == 0
    assert output.startswith(f"Import de {SOURCE} : 5 fiche(s) lue(s).\n"
                             "  2 projet(s) écrit(s) dans projects/.\n")
    assert "3 fiche(s) refusée(s) (3 raison(s) : " in output
    assert "content/_startups/casse.md:7: refusé : en-tête YAML illisible" in output
    assert ("content/_startups/sans-phase.md:5: refusé : aucune phase utilisable" in output)
    # Refused by the checker, at the line of the startup file; its folder is removed again.
    assert "content/_startups/html-brut.md:11: refusé : balise HTML <script> refusée" in output
    assert not (root / "projects/html-brut").exists()
    for unmapped in ("1  techno", "1  phases : « inconnue »",
                     "1  sponsors : organisation inconnue « inconnue »",
                     "1  usertypes : « Étudiants »",
                     "1  contact (adresse d'une personne, non reprise)"):
        assert unmapped in output, unmapped
    assert "2  image d'un autre site remplacée par un lien" in output
    assert "1  balise <img> d'un autre site remplacée par un lien" in output
    assert "1  mission de plus de 200 caractères : coupé" in output
    assert "1  fin d'une phase après le début de la suivante : fin retirée" in output


def test_an_existing_folder_is_kept_unless_forced(root):
    folder = root / "projects/jardin-partage"
    (folder / "journal").mkdir(parents=True)
    (folder / "index.md").write_text("écrit à la main\n", encoding="utf-8")
    (folder / "journal/2021-01-04-debut.md").write_text("---\ntitle: Début\n---\nTexte.\n",
                                                      encoding="utf-8")
    status, output = run("import", "betagouv", str(SOURCE), "--root", str(root),
                         "--only", "jardin-partage", "--add-terms")
    assert "1 dossier(s) déjà présent(s), laissé(s) tel(s) quel(s)" in output
    assert (folder / "index.md").read_text(encoding="utf-8") == "écrit à la main\n"
    status, output = run("import", "betagouv", str(SOURCE), "--root", str(root),
                         "--only", "jardin-partage", "--add-terms", "--force")
    assert status == 0 and "1 projet(s) écrit(s)" in output
    assert (folder / "index.md").read_text(encoding="utf-8").startswith("---\ntitle: Jardin")
    assert (folder / "journal/2021-01-04-debut.md").is_file()  # the journal is kept


def test_without_add_terms_programme_file_is_untouched_and_values_are_counted(root):
    programme = (root / "programme.yml").read_text(encoding="utf-8")
    status, output = import_into(root, "--only", "jardin-partage,aide.velo")
    assert status == 0
    assert (root / "programme.yml").read_text(encoding="utf-8") == programme
    assert "1  themes : « ecologie » absent de programme.yml (--add-terms pour l'ajouter)" \
        in output
    assert "2  incubator : « exemple » absent de programme.yml" in output
    projects, content = projects_of(root)
    assert content.errors == [] and projects["jardin-partage"].themes == ()
    assert projects["jardin-partage"].audiences == ("particulier", "association")  # known


def test_incubator_filter_and_team_only_when_asked(root):
    status, output = import_into(root, "--incubator", "exemple", "--add-terms")
    assert "2 fiche(s) lue(s)" in output
    projects, _ = projects_of(root)
    assert sorted(projects) == ["aide-velo", "jardin-partage"]
    assert projects["jardin-partage"].team == ()


def test_a_missing_checkout_is_said_in_french(root, tmp_path):
    status, output = run("import", "betagouv", str(tmp_path / "nulle-part"), "--root", str(root))
    assert status == 1
    assert output.startswith("Import impossible : dossier « ")
    assert "content/_startups/" in output


def test_pitch_is_cut_at_a_sentence_else_a_word():
    notes = Notes()
    assert _cut("Court.", 200, notes, "mission") == "Court."
    long_sentence = "Une première phrase assez longue pour compter. " + "mot " * 60
    assert _cut(long_sentence, 100, notes, "mission") == \
        "Une première phrase assez longue pour compter."
    words = "mot " * 60
    cut = _cut(words, 50, notes, "mission")
    assert cut.endswith("mot…") and len(cut) <= 50
    assert notes.converted["mission de plus de 200 caractères : coupé"] == 0
    assert notes.converted["mission de plus de 100 caractères : coupé"] == 1


def test_a_person_s_address_is_told_from_a_service_s():
    from bulle.fork.importers.betagouv import Catalogue, _personal
    catalogue = Catalogue(authors={"anne.martin"})
    for address in ("anne.martin@exemple.gouv.fr", "paul.lapierre@exemple.gouv.fr",
                    "quelquun@gmail.com"):
        assert _personal(address, catalogue), address
    for address in ("contact@exemple.fr", "atelier.numerique@exemple.gouv.fr",
                    "data.gouv@exemple.fr", "cartographie.sonum@exemple.gouv.fr"):
        assert not _personal(address, catalogue), address


def test_terms_go_at_the_end_of_their_list_and_new_lists_at_the_end():
    text = ("# head\nthemes:\n  - id: a\n    label: A\n\n# next list\naudiences:\n"
            "  - id: x\n    label: X\n")
    result = add_terms(text, {"themes": {"b": "B « bis »"}, "incubators": {"i": "I"}}, "fr")
    assert result == ("# head\nthemes:\n  - id: a\n    label: A\n  - id: b\n"
                      "    label: {fr: \"B « bis »\"}\n\n# next list\naudiences:\n"
                      "  - id: x\n    label: X\n\nincubators:\n  - id: i\n"
                      "    label: {fr: \"I\"}\n")
