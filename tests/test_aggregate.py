import datetime as dt

from bulle import aggregate as A
from bulle.content.model import Award, Entry, Phase, Project

D = dt.date


def make_project(slug="demo", **overrides) -> Project:
    values = dict(slug=slug, title=slug.title(), pitch="Mission.", source=f"projects/{slug}/index.md",
                  phases=(Phase("investigation", D(2020, 1, 6)),))
    values.update(overrides)
    return Project(**values)


def make_entry(project="demo", date=D(2020, 2, 3), stem=None, **overrides) -> Entry:
    stem = stem or f"{date.isoformat()}-entree"
    values = dict(project=project, stem=stem, date=date, title=stem, summary="",
                  source=f"projects/{project}/journal/{stem}.md")
    values.update(overrides)
    return Entry(**values)


def test_select_public_drops_drafts_future_entries_and_entries_of_drafts():
    projects = [make_project("b"), make_project("a"), make_project("c", draft=True)]
    entries = [make_entry("a", D(2020, 1, 1)), make_entry("a", D(2030, 1, 1)),
               make_entry("b", D(2020, 1, 2), draft=True), make_entry("c", D(2020, 1, 3))]
    public, shown = A.select_public(projects, entries, today=D(2026, 1, 1))
    assert [p.slug for p in public] == ["a", "b"]
    assert [(e.project, e.date) for e in shown] == [("a", D(2020, 1, 1))]


def test_entry_dated_today_is_published():
    _public, shown = A.select_public([make_project()], [make_entry(date=D(2026, 1, 1))],
                                     today=D(2026, 1, 1))
    assert len(shown) == 1


def test_entries_sorted_newest_first_with_stable_ties():
    entries = [make_entry("b", D(2020, 1, 1), "x"), make_entry("a", D(2020, 1, 1), "y"),
               make_entry("a", D(2021, 1, 1), "z")]
    assert [e.stem for e in A.sort_entries(entries)] == ["z", "y", "x"]


def test_group_by_phase_follows_vocabulary_order(programme):
    projects = [
        make_project("a", phases=(Phase("acceleration", D(2020, 1, 1)),)),
        make_project("b", phases=(Phase("investigation", D(2020, 1, 1)),)),
        make_project("c", phases=(Phase("investigation", D(2019, 1, 1)),
                                  Phase("arrete", D(2020, 1, 1)))),
    ]
    groups = A.group_by_phase(projects, programme)
    assert [(term.id, [p.slug for p in members]) for term, members in groups] == [
        ("investigation", ["b"]), ("acceleration", ["a"]), ("arrete", ["c"])]


def test_timeline_merges_phases_awards_and_entries_in_date_order():
    project = make_project(
        phases=(Phase("investigation", D(2020, 1, 6), D(2020, 3, 1)),
                Phase("construction", D(2020, 3, 1), D(2020, 9, 30))),
        awards=(Award("Prix", D(2020, 3, 1), "prix"),))
    entries = [make_entry(date=D(2020, 5, 4)), make_entry(date=D(2020, 3, 1), stem="s")]
    events = A.timeline(project, A.sort_entries(entries))
    assert [(e.date, e.kind) for e in events] == [
        (D(2020, 1, 6), "phase-start"),
        (D(2020, 3, 1), "phase-start"),  # the end of investigation is the start of construction
        (D(2020, 3, 1), "award"),
        (D(2020, 3, 1), "entry"),
        (D(2020, 5, 4), "entry"),
        (D(2020, 9, 30), "phase-end"),
    ]


def test_neighbours_are_older_and_newer_of_the_same_project():
    entries = A.sort_entries([make_entry(date=D(2020, 1, d)) for d in (1, 2, 3)])
    older, newer = A.neighbours(entries[1], entries)
    assert (older.date.day, newer.date.day) == (1, 3)
    assert A.neighbours(entries[0], entries)[1] is None
    assert A.neighbours(entries[-1], entries)[0] is None


def test_awards_by_year_newest_first():
    a = make_project("a", awards=(Award("Vieux", D(2019, 5, 1), "prix"),
                                  Award("Neuf", D(2021, 2, 1), "label")))
    b = make_project("b", awards=(Award("Milieu", D(2021, 6, 1), "presse"),))
    years = A.awards_by_year([a, b])
    assert [(year, [award.name for award, _p in pairs]) for year, pairs in years] == [
        (2021, ["Milieu", "Neuf"]), (2019, ["Vieux"])]


def test_paginate():
    assert A.paginate(list(range(5)), 2) == [[0, 1], [2, 3], [4]]
    assert A.paginate([], 2) == [[]]
