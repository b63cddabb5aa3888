"""/statistiques/: figures checked against a hand-counted programme, one computation for the
page, its CSV files and /api/statistiques.json, charts that need no script."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest

from bulle.pages.charts import render_chart
from bulle.statistics import Figures, format_number, render_statistics_files
from conftest import entry_text, load_test_site, make_site_copy, project_text, run_build


def phases(*steps: tuple) -> str:
    text = ""
    for name, start, *end in steps:
        text += f"\n  - name: {name}\n    start: {start}"
        if end:
            text += f"\n    end: {end[0]}"
    return text


# Built on 2026-11-26. Hand counts are in the tests below.
CONTENT = {
    "alpha/index.md": project_text(
        title="Alpha", cohort='"2020"',
        phases=phases(("investigation", "2020-01-06"), ("construction", "2020-07-06"),
                      ("perennise", "2022-01-03")),
        awards="\n  - {name: Prix A, date: 2021-05-01, kind: prix}"
               "\n  - {name: Fonds B, date: 2021-06-01, kind: financement}",
        impact="\n  - {label: usagers accompagnés, value: 120, date: 2021-01-10, source: Rapport}"
               "\n  - {label: déchets évités, value: 2.5, unit: t, date: 2022-03-01, source: Pesée}"),
    "beta/index.md": project_text(
        title="Beta", cohort='"2020"',
        phases=phases(("investigation", "2020-03-02"), ("arrete", "2020-09-01"))),
    "gamma/index.md": project_text(
        title="Gamma", cohort='"2021"',
        phases=phases(("investigation", "2021-01-04", "2021-04-05"),
                      ("construction", "2021-04-05")),
        awards="\n  - {name: Prix C, date: 2022-02-01, kind: prix}",
        impact="\n  - {label: usagers  accompagnés, value: 30, date: 2023-06-01, source: Bilan}"
               "\n  - {label: déchets évités, value: 1.5, unit: kg, date: 2023-06-01, source: B}"),
    "delta/index.md": project_text(title="Delta", phases=phases(("investigation", "2022-05-02"))),
    "alpha/journal/2020-01-15-a.md": entry_text(title="A"),
    "alpha/journal/2020-01-20-b.md": entry_text(title="B"),
    "alpha/journal/2020-03-10-c.md": entry_text(title="C"),
    "gamma/journal/2021-04-10-d.md": entry_text(title="D"),
}


@pytest.fixture
def tables(make_tree):
    site = load_test_site(make_tree({f"projects/{p}": t for p, t in CONTENT.items()}))
    return site, {table.id: table for table in Figures(site).tables()}


def rows(table):
    return [(row.key, row.values) for row in table.rows]


def test_projects_by_phase_and_year_by_year(tables):
    _site, t = tables
    assert rows(t["phases"]) == [("investigation", (1,)), ("construction", (1,)),
                                 ("perennise", (1,)), ("arrete", (1,))]
    evolution = t["phases-par-annee"]
    assert evolution.column_keys == ("investigation", "construction", "perennise", "arrete")
    assert evolution.stacked
    assert rows(evolution) == [("2020", (0, 1, 0, 1)), ("2021", (0, 2, 0, 1))] + [
        (str(year), (1, 1, 1, 1)) for year in range(2022, 2027)]


def test_projects_started_per_year_and_per_cohort(tables):
    _site, t = tables
    assert rows(t["debuts-par-annee"]) == [("2020", (2,)), ("2021", (1,)), ("2022", (1,))] + [
        (str(year), (0,)) for year in range(2023, 2027)]
    assert rows(t["promotions"]) == [("2020", (2,)), ("2021", (1,))]


def test_outcomes_and_median_time_in_each_phase(tables):
    _site, t = tables
    assert [(row.label, row.values) for row in t["issues"].rows] == [
        ("Pérennisé après la phase Construction", (1,)),
        ("Arrêté après la phase Investigation", (1,)),
        ("Toujours en cours", (2,))]
    # investigation: 182, 183 and 91 days (median 182 = 6.0 months); construction: 546 days
    assert rows(t["duree-des-phases"]) == [("investigation", (6.0, 3)),
                                           ("construction", (17.9, 1))]
    assert not t["duree-des-phases"].stacked


def test_entries_per_month_and_awards_per_year_and_kind(tables):
    _site, t = tables
    months = t["journal-par-mois"]
    assert months.rows[0].key == "2020-01" and months.rows[-1].key == "2026-11"
    assert len(months.rows) == 83  # every month of the programme's life, empty ones too
    assert {row.key: row.values[0] for row in months.rows if row.values[0]} == {
        "2020-01": 2, "2020-03": 1, "2021-04": 1}
    assert months.rows[0].label == "janvier 2020"
    awards = t["distinctions-par-annee"]
    assert awards.column_keys == ("prix", "financement")
    assert rows(awards)[:2] == [("2021", (1, 1)), ("2022", (1, 0))]
    assert awards.total == 3


def test_impact_figures_add_up_by_label_and_unit_with_their_dates(tables):
    _site, t = tables
    impact = t["impact"]
    assert [(row.label, row.values, row.text) for row in impact.rows] == [
        ("déchets évités (kg)", (1.5, 1), "au 1er juin 2023"),
        ("déchets évités (t)", (2.5, 1), "au 1er mars 2022"),  # another unit: not added
        ("usagers accompagnés", (150, 2), "du 10 janvier 2021 au 1er juin 2023")]
    assert impact.chart == ""  # different units share no scale: a table alone


def test_api_and_csv_hold_the_same_figures(tables):
    site, t = tables
    files = render_statistics_files(site)
    document = json.loads(files["api/statistiques.json"])
    assert document["license"]["id"] == "etalab-2.0"
    by_id = {table["id"]: table for table in document["tables"]}
    assert list(by_id) == list(t)
    for table_id, table in t.items():
        published = by_id[table_id]
        assert [row["id"] for row in published["rows"]] == [row.key for row in table.rows]
        assert [tuple(row["values"].values()) for row in published["rows"]] == [
            row.values for row in table.rows]
        assert published["csv"] == f"https://bulle.example.org/api/statistiques/{table_id}.csv"
        lines = list(csv.reader(io.StringIO(files[table.csv_path])))
        extra = [table.text_column] if table.text_column else []
        assert lines[0] == ["id", table.row_header, *table.columns, *extra]
        assert [line[0] for line in lines[1:]] == [row.key for row in table.rows]
    impact = list(csv.reader(io.StringIO(files["api/statistiques/impact.csv"])))
    assert impact[-1] == ["usagers-accompagnes", "usagers accompagnés", "150", "2",
                          "du 10 janvier 2021 au 1er juin 2023"]
    assert by_id["impact"]["rows"][-1]["text"] == "du 10 janvier 2021 au 1er juin 2023"
    evolution = list(csv.reader(io.StringIO(files["api/statistiques/phases-par-annee.csv"])))
    assert evolution[1] == ["2020", "2020", "0", "1", "0", "1"]


def test_a_chart_is_inert_labelled_svg_and_hatched_when_stacked(tables):
    _site, t = tables
    svg = render_chart(t["phases-par-annee"], "Graphique : phases", format_number)
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Graphique : phases"
    assert "<title" not in svg  # a page's title parser would take it for the page's
    assert "script" not in svg and "href" not in svg and " on" not in svg
    patterns = re.findall(r'<pattern id="([^"]+)"', svg)
    assert patterns == ["chart-phases-par-annee-p1", "chart-phases-par-annee-p2",
                        "chart-phases-par-annee-p3"]  # series 0 is plain, the others hatched
    legend = [el.text for el in root.iter("{http://www.w3.org/2000/svg}text")
              if el.get("class") == "bulle-chart__legend"]
    assert legend == ["Investigation", "Construction", "Pérennisé", "Arrêté"]
    plain = render_chart(t["duree-des-phases"], "x", format_number)
    assert "<pattern" not in plain and "6" in plain and "17,9" in plain


def test_numbers_are_written_as_the_language_does():
    assert format_number(17.9) == "17,9" and format_number(6.0) == "6"
    assert format_number(150000).replace("\u202f", " ") == "150 000"
    assert format_number(17.9, "en") == "17.9" and format_number(3) == "3"
    assert format_number(None) == "–"


def test_the_page_shows_each_chart_then_its_table_and_csv(tmp_path):
    (tmp_path / "src").mkdir()
    root = make_site_copy(tmp_path / "src", dict(CONTENT))
    done = run_build(root, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site/statistiques/index.html").read_text(encoding="utf-8")
    page = page.replace("\xa0", " ")
    sections = re.findall(r'<section class="bulle-stat" aria-labelledby="([^"]+)">', page)
    assert sections == ["phases", "phases-par-annee", "debuts-par-annee", "promotions",
                        "issues", "duree-des-phases", "journal-par-mois",
                        "distinctions-par-annee", "impact"]
    for table_id in sections[:-1]:
        section = page.split(f'aria-labelledby="{table_id}">', 1)[1].split("</section>", 1)[0]
        assert section.index("<svg") < section.index("<table") < section.index(".csv")
    impact = page.split('aria-labelledby="impact">', 1)[1].split("</section>", 1)[0]
    assert "<svg" not in impact
    assert ('<th scope="row">usagers accompagnés</th><td>150</td><td>2</td>'
            '<td class="bulle-stat__text">du 10 janvier 2021 au 1er juin 2023</td>') in impact
    assert "<td>1,5</td>" in impact
    for table_id in sections:
        assert (tmp_path / "site/api/statistiques" / f"{table_id}.csv").is_file()
    issues = page.split('aria-labelledby="issues">', 1)[1].split("</section>", 1)[0]
    assert '<th scope="row">Toujours en cours</th><td>2</td>' in issues
    assert "<details" in page.split('aria-labelledby="journal-par-mois">', 1)[1]  # 83 rows
    assert "<script" not in page.split('<article', 1)[1].split("</article>", 1)[0]
    data = json.loads((tmp_path / "site/api/statistiques.json").read_text(encoding="utf-8"))
    assert data["tables"][0]["rows"][0] == {"id": "investigation", "label": "Investigation",
                                            "values": {"projects": 1}}
