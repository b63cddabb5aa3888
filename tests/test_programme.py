from bulle.programme.load import load_programme
from conftest import write_tree

GOOD = """
identity:
  name: Ma Ville Innove
  site_url: https://innovation.example.org
  organisation: Ville de Ma Ville
  contact: innovation@example.org
  publication_director: Le maire
  host: {name: Ville de Ma Ville, address: 1 place de la Mairie}
phases:
  - {id: idee, label: Idée, state: active}
  - {id: fin, label: {fr: Terminé, en: Done}, state: closed}
award_kinds: [{id: prix, label: Prix}]
entry_kinds: [{id: note, label: Note}]
themes: [{id: tout, label: Tout}]
"""


def test_the_repository_programme_is_valid():
    """Whatever the repository holds: the Pau sample's, or a city's after `make city`."""
    from conftest import REPO
    programme, problems = load_programme(REPO / "programme.yml")
    assert problems == [] and programme is not None


def test_the_sample_programme_is_valid():
    from conftest import SAMPLE
    programme, problems = load_programme(SAMPLE / "programme.yml")
    assert problems == []
    assert programme.phases.ids == ("investigation", "construction", "acceleration",
                                    "perennise", "arrete")
    assert programme.phases["acceleration"].label("fr") == "Accélération"
    assert programme.phases["arrete"].state == "closed"
    assert programme.award_kinds.ids == ("prix", "financement", "label", "presse")
    assert programme.entry_kinds.ids == ("etape", "decouverte", "difficulte", "reussite")


def test_a_fork_defines_its_own_vocabularies(tmp_path):
    write_tree(tmp_path, {"programme.yml": GOOD})
    programme, problems = load_programme(tmp_path / "programme.yml")
    assert problems == []
    assert programme.identity.site_url == "https://innovation.example.org/"
    assert programme.identity.language == "fr"
    assert programme.phases["idee"].label("fr") == "Idée"
    assert [t.order for t in programme.phases.terms] == [0, 1]


def test_programme_problems_are_all_reported(tmp_path):
    bad = GOOD.replace("id: idee", "id: Idée").replace("state: closed", "state: fini") \
        .replace("  name: Ma Ville Innove\n", "  nom: x\n")
    write_tree(tmp_path, {"programme.yml": bad})
    programme, problems = load_programme(tmp_path / "programme.yml")
    assert programme is None
    assert sorted(p.code for p in problems) == ["bad-phase-state", "bad-term-id",
                                                "missing-field", "unknown-field"]
    assert all(p.line for p in problems)


def test_legal_identity_of_the_sample():
    from conftest import SAMPLE
    identity = load_programme(SAMPLE / "programme.yml")[0].identity
    assert identity.publisher.name == "Ville de Pau" and identity.publisher.address
    assert identity.publication_director == "Le maire de Pau"
    assert identity.host.name and identity.host.address
    assert identity.accessibility.status == "partial"
    assert identity.accessibility.date.isoformat() == "2026-11-26"
    assert len(identity.accessibility.not_accessible) >= 1
    assert identity.accessibility.contact == "accessibilite@example.org"
    assert identity.personal_data_contact == "donnees-personnelles@example.org"


def test_legal_defaults_come_from_the_organisation_and_its_contact(tmp_path):
    write_tree(tmp_path, {"programme.yml": GOOD})
    identity = load_programme(tmp_path / "programme.yml")[0].identity
    assert identity.publisher.name == "Ville de Ma Ville" and identity.publisher.address == ""
    assert identity.host.address == "1 place de la Mairie"
    # No assessment declared: the only honest status is "not compliant".
    assert identity.accessibility.status == "none"
    assert identity.accessibility.contact == "innovation@example.org"
    assert identity.personal_data_contact == "innovation@example.org"


def test_missing_legal_information_is_a_warning(tmp_path):
    bare = GOOD.replace("  organisation: Ville de Ma Ville\n", "") \
        .replace("  contact: innovation@example.org\n", "") \
        .replace("  publication_director: Le maire\n", "") \
        .replace("  host: {name: Ville de Ma Ville, address: 1 place de la Mairie}\n", "")
    write_tree(tmp_path, {"programme.yml": bare})
    programme, problems = load_programme(tmp_path / "programme.yml")
    assert programme is not None
    assert {(p.code, p.severity) for p in problems} == {("missing-legal", "warning")}
    assert sorted(p.message.split(" »")[0] for p in problems) == [
        "ni « identity.personal_data_contact", "« identity.host",
        "« identity.publication_director", "« identity.publisher"]


def test_bad_legal_values_are_errors_at_their_line(tmp_path):
    bad = GOOD.replace("  contact: innovation@example.org\n", """  contact: le service innovation
  accessibility:
    status: partiel
    date: 26/11/2026
    not_accessible: La recherche
    contat: x@example.org
""")
    write_tree(tmp_path, {"programme.yml": bad})
    programme, problems = load_programme(tmp_path / "programme.yml")
    assert programme is None
    found = sorted((p.line, p.code) for p in problems if p.is_error)
    assert found == [(5, "bad-contact"), (7, "bad-accessibility-status"), (8, "bad-date"),
                     (9, "wrong-type"), (10, "unknown-field")]
    typo = next(p for p in problems if p.code == "unknown-field")
    assert "vouliez-vous dire « contact » ?" in typo.message


def test_missing_programme_file(tmp_path):
    programme, problems = load_programme(tmp_path / "programme.yml")
    assert programme is None and problems[0].code == "missing-programme"
