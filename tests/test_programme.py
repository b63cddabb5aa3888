from bulle.programme import load_programme
from conftest import write_tree

GOOD = """
identity:
  name: Ma Ville Innove
  site_url: https://innovation.example.org
phases:
  - {id: idee, label: Idée, state: active}
  - {id: fin, label: {fr: Terminé, en: Done}, state: closed}
award_kinds: [{id: prix, label: Prix}]
entry_kinds: [{id: note, label: Note}]
themes: [{id: tout, label: Tout}]
"""


def test_the_repository_programme_is_valid():
    from conftest import REPO
    programme, problems = load_programme(REPO / "programme.yml")
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


def test_missing_programme_file(tmp_path):
    programme, problems = load_programme(tmp_path / "programme.yml")
    assert programme is None and problems[0].code == "missing-programme"
