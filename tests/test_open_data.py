"""Open data files: validated against their published schemas, and against each other."""

from __future__ import annotations

import csv
import io
import json

import pytest
from jsonschema import Draft202012Validator

from bulle.content import schema as S
from bulle.outputs.catalogue import describe_open_data
from bulle.outputs.open_data import render_open_data
from bulle.pages.render import Renderer
from bulle.outputs.project_table import COLUMNS, render_csv, table_schema
from conftest import SAMPLE, entry_text, load_test_site, project_text
from table_schema_check import check_csv

SITE = "https://bulle.example.org/"
FILES = ["api/journal.json", "api/journal.schema.json", "api/palmares.json",
         "api/palmares.schema.json", "api/projets.csv", "api/projets.json",
         "api/projets.schema.json", "api/projets.tableschema.json",
         "schema/entree.schema.json", "schema/projet.schema.json", "schema/programme.schema.json"]


@pytest.fixture(scope="module")
def sample():
    return load_test_site(SAMPLE)


@pytest.fixture(scope="module")
def files(sample):
    return render_open_data(sample)


def validator(schema: dict) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors(schema: dict, data) -> list[str]:
    return [f"{list(error.absolute_path)}: {error.message}"
            for error in validator(schema).iter_errors(data)]


def test_every_file_is_published(files, sample):
    per_project = [f"api/projets/{p.slug}.json" for p in sample.projects]
    assert sorted(files) == sorted(FILES + per_project + ["api/projet.schema.json"])


def test_each_project_has_its_file_with_the_same_record(files, sample):
    listed = {record["slug"]: record for record in json.loads(files["api/projets.json"])["projects"]}
    schema = json.loads(files["api/projet.schema.json"])
    for project in sample.projects:
        own = json.loads(files[f"api/projets/{project.slug}.json"])
        assert own["project"] == listed[project.slug]
        assert own["schema"] == SITE + "api/projet.schema.json"
        assert errors(schema, own) == []
    histologe = listed["histologe"]
    assert [item["name"] for item in histologe["transparency_status"]] == [
        "stats", "budget", "impact", "source_code", "accessibility", "security"]
    assert {item["name"]: item["published"] for item in histologe["transparency_status"]} == {
        "stats": True, "budget": False, "impact": False, "source_code": True,
        "accessibility": True, "security": False}
    assert histologe["transparency_status"][4]["status"] == "non conforme"
    assert isinstance(histologe["silent"], bool)


@pytest.mark.parametrize("name", ["projets", "journal", "palmares"])
def test_json_files_validate_against_their_published_schemas(files, name):
    document = json.loads(files[f"api/{name}.json"])
    schema = json.loads(files[f"api/{name}.schema.json"])
    assert errors(schema, document) == []
    assert document["schema"] == f"{SITE}api/{name}.schema.json" == schema["$id"]


def test_the_schemas_reject_what_they_should(files):
    projects = json.loads(files["api/projets.json"])
    schema = json.loads(files["api/projets.schema.json"])
    broken = json.loads(files["api/projets.json"])
    broken["projects"][0]["current_phase"]["start"] = "01/02/2020"
    broken["projects"][1]["themes"] = ["inconnu"]
    del broken["projects"][2]["url"]
    broken["projects"][3]["surprise"] = 1
    found = errors(schema, broken)
    assert len(found) == 4, found
    assert errors(schema, projects) == []


def test_records_hold_their_front_matter_as_the_published_schema_says(files):
    """Front-matter fields are copied as written: each record's share passes projet/entree."""
    project_schema = json.loads(files["schema/projet.schema.json"])
    for record in json.loads(files["api/projets.json"])["projects"]:
        front = {key: value for key, value in record.items() if key in S.PROJECT.names}
        assert set(front) >= {"title", "pitch", "phases"}
        assert errors(project_schema, front) == [], record["slug"]
    entry_schema = json.loads(files["schema/entree.schema.json"])
    for record in json.loads(files["api/journal.json"])["entries"]:
        # The published summary may come from the text, longer than the field allows.
        front = {key: value for key, value in record.items()
                 if key in S.ENTRY.names and key != "summary"}
        assert errors(entry_schema, front) == [], record["url"]


def test_every_project_named_elsewhere_exists(files):
    projects = json.loads(files["api/projets.json"])["projects"]
    slugs = {project["slug"] for project in projects}
    entries = json.loads(files["api/journal.json"])["entries"]
    awards = json.loads(files["api/palmares.json"])["awards"]
    assert entries and awards
    assert {entry["project"] for entry in entries} <= slugs
    assert {award["project"] for award in awards} <= slugs
    titles = {project["slug"]: project["title"] for project in projects}
    assert all(item["project_title"] == titles[item["project"]] for item in entries + awards)
    assert sum(project["entries_count"] for project in projects) == len(entries)
    assert sum(len(project["awards"]) for project in projects) == len(awards)
    csv_slugs = [row["slug"] for row in csv.DictReader(io.StringIO(files["api/projets.csv"]))]
    assert csv_slugs == [project["slug"] for project in projects]


def test_addresses_are_absolute_and_lead_to_published_pages(sample, files):
    pages = {SITE + page.url for page in Renderer(sample).pages()}
    published = {SITE + path for path in files} | {SITE + "feed.xml"} | {
        SITE + f"projets/{project.slug}/feed.xml" for project in sample.projects} | {
        SITE + path for path in sample.asset_files()}  # images of the projects
    found = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for name, item in value.items():
                walk(item, name)
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif key.endswith("url") or key in ("documentation", "schema", "$id"):
            found.append(value)

    for path in ("api/projets.json", "api/journal.json", "api/palmares.json"):
        walk(json.loads(files[path]))
    internal = [url for url in found if url.startswith(SITE)]
    assert len(internal) > 40
    assert all(url.startswith("https://") for url in found)
    assert [url for url in internal if url not in pages | published | {SITE}] == []


def test_current_phase_and_whole_history(files):
    histologe = next(p for p in json.loads(files["api/projets.json"])["projects"]
                     if p["slug"] == "histologe")
    assert [phase["name"] for phase in histologe["phases"]] == \
        ["investigation", "construction", "acceleration"]
    assert histologe["current_phase"] == {"name": "acceleration", "label": "Accélération",
                                          "start": "2020-07-01"}
    assert histologe["updated"] == histologe["last_entry_date"] == "2026-04-02"
    assert histologe["entries_count"] == 6


def test_licence_and_metadata_in_every_file(files):
    for path in ("api/projets.json", "api/journal.json", "api/palmares.json"):
        document = json.loads(files[path])
        assert document["licence"]["id"] == "etalab-2.0"
        assert document["licence"]["title"] == "Licence Ouverte / Open Licence version 2.0"
        assert document["documentation"] == f"{SITE}donnees/"
        assert document["updated"] == "2026-04-02"  # latest news, not the build date
    table = json.loads(files["api/projets.tableschema.json"])
    assert table["licenses"][0]["name"] == "etalab-2.0"


def test_csv_follows_its_table_schema(files):
    text = files["api/projets.csv"]
    table = json.loads(files["api/projets.tableschema.json"])
    assert check_csv(text, table) == []
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["slug", "title", "pitch", "phase", "phase_label", "phase_start", "cohort",
                       "themes", "sponsors", "awards_count", "entries_count",
                       "last_entry_date", "url", "incubator", "organisation", "audiences",
                       "accessibility", "stats_url", "budget_url", "impact_url",
                       "source_code_url", "funding", "milestones_count"]
    assert len(rows) == 6
    assert text.endswith("\r\n") and "\r\n" in text  # RFC 4180 line ends
    histologe = dict(zip(rows[0], rows[2]))  # rows by title: Au Compost Mitoyen ! first
    assert histologe == {
        "slug": "histologe", "title": "Histologe", "pitch": histologe["pitch"],
        "phase": "acceleration", "phase_label": "Accélération", "phase_start": "2020-07-01",
        "cohort": "2019 – 2e promotion", "themes": "logement;sante;solidarite",
        "sponsors": "Direction générale de l'aménagement, du logement et de la nature (DGALN);"
                    "Direction de l'habitat, de l'urbanisme et des paysages (DHUP)",
        "awards_count": "2", "entries_count": "6", "last_entry_date": "2026-04-02",
        "url": f"{SITE}projets/histologe/", "incubator": "", "organisation": "",
        "audiences": "particulier;collectivite-territoriale", "accessibility": "non conforme",
        "stats_url": "https://signal-logement.beta.gouv.fr/stats", "budget_url": "",
        "impact_url": "", "source_code_url": "https://github.com/MTES-MCT/histologe",
        "funding": "150000", "milestones_count": "0"}


def test_the_table_checker_finds_broken_rows(files):
    table = json.loads(files["api/projets.tableschema.json"])
    rows = list(csv.reader(io.StringIO(files["api/projets.csv"], newline="")))
    rows[1][5] = "01/07/2020"  # phase_start
    rows[2][3] = "inconnue"  # phase
    rows[3][0] = rows[4][0]  # slug twice
    rows[4][10] = "-1"  # entries_count
    rows[5][7] = "logement;nulle-part"  # themes
    rows[5][1] = ""  # title
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    problems = check_csv(buffer.getvalue(), table)
    assert len(problems) == 6, problems
    assert check_csv("slug,title\r\n", table)[0].startswith("header")


def test_values_full_of_markup_and_quotes_survive_json_and_csv(make_tree):
    nasty = 'Tom & "Jerry", <b>gras</b> l\'été'
    root = make_tree({
        "projects/alpha/index.md": project_text(
            title="'" + nasty.replace("'", "''") + "'", sponsors='["<i>Élu</i>, \\"adjoint\\""]'),
        "projects/alpha/journal/2020-02-03-a.md": entry_text(
            title="'" + nasty.replace("'", "''") + "'", summary='"<script>&</script>"'),
    })
    site = load_test_site(root)
    files = render_open_data(site)
    project = json.loads(files["api/projets.json"])["projects"][0]
    assert project["title"] == nasty
    assert project["sponsors"] == ['<i>Élu</i>, "adjoint"']
    entry = json.loads(files["api/journal.json"])["entries"][0]
    assert (entry["title"], entry["summary"]) == (nasty, "<script>&</script>")
    row = next(csv.DictReader(io.StringIO(files["api/projets.csv"], newline="")))
    assert row["title"] == nasty and row["sponsors"] == '<i>Élu</i>, "adjoint"'
    assert check_csv(files["api/projets.csv"], json.loads(files["api/projets.tableschema.json"])) == []


def test_the_data_page_lists_each_field_from_the_published_schemas(sample, files):
    catalogue = describe_open_data(sample)
    by_path = {item.path: item for item in catalogue.data}
    projects = json.loads(files["api/projets.schema.json"])["properties"]["projects"]["items"]
    listed = [field.name for field in by_path["api/projets.json"].fields]
    assert [name for name in listed if "." not in name] == list(projects["properties"])
    assert "phases[].start" in listed and "current_phase.label" in listed
    assert [f.name for f in by_path["api/projets.csv"].fields] == [c.name for c in COLUMNS]
    front = {item.path: [f.name for f in item.fields] for item in catalogue.front_matter}
    assert [n for n in front["schema/projet.schema.json"] if "." not in n] == list(S.PROJECT.names)
    assert catalogue.feeds[0] == ("feed.xml", "Bulle des Innovateurs – journal de bord")
    assert len(catalogue.feeds) == 1 + len(sample.projects)


def test_an_empty_programme_still_publishes_valid_files(make_tree):
    site = load_test_site(make_tree({"projects/.gitkeep": ""}))
    files = render_open_data(site)
    for name in ("projets", "journal", "palmares"):
        document = json.loads(files[f"api/{name}.json"])
        assert "updated" not in document
        assert errors(json.loads(files[f"api/{name}.schema.json"]), document) == []
    assert render_csv(site).strip() == ",".join(c.name for c in COLUMNS)
    assert check_csv(files["api/projets.csv"], table_schema(site)) == []
