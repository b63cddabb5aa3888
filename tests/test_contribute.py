"""The GitHub web path and the form: prefilled links, the generated CMS configuration."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import os
import re
import subprocess
import tarfile
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from bulle.content import schema as S
from bulle.contrib.cms import (DECAP_INTEGRITY, DECAP_SCRIPT, DECAP_VERSION, LINKS_WIDGET, cms_config,
                               render_admin, render_cms_config)
from bulle.contrib.contribute import WEB_ENTRY_NOTES, github_repository, new_entry_url
from bulle.content.load import load_tree
from bulle.contrib.scaffold import render_entry
from bulle.site import Settings, load_site
from bulle.content.validate import validate_tree
from conftest import SAMPLE, project_text

DAY = dt.date(2026, 11, 26)


@pytest.fixture
def site():
    loaded, problems = load_site(Settings(root=SAMPLE, today=DAY))
    assert loaded is not None, problems
    return loaded


def with_identity(programme, **changes):
    return dataclasses.replace(programme,
                               identity=dataclasses.replace(programme.identity, **changes))


# --- the "Ajouter une entrée au journal" link ----------------------------------------


def test_new_entry_link_opens_the_project_journal_with_a_dated_name_and_template(programme):
    link = new_entry_url(programme, "pau-partage", DAY)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc) == ("https", "github.com")
    assert unquote(parts.path) == "/exemple/bulle/new/main/projects/pau-partage/journal"
    query = parse_qs(parts.query, strict_parsing=True)
    assert query["filename"] == ["2026-11-26-titre-de-l-entree.md"]
    assert S.ENTRY_FILE_PATTERN.match(query["filename"][0])
    assert query["value"] == [render_entry(programme, "", WEB_ENTRY_NOTES)]
    assert len(link) < 8000  # GitHub answers 414 to very long addresses


def test_the_web_template_passes_the_check_once_titled(make_tree, programme):
    link = new_entry_url(programme, "demo", DAY)
    query = parse_qs(urlsplit(link).query)
    text = query["value"][0]
    root = make_tree({"projects/demo/index.md": project_text(),
                      f"projects/demo/journal/{query['filename'][0]}": text})
    problems = validate_tree(load_tree(root), programme).problems
    assert [(p.code, p.message[:30]) for p in problems] == [
        ("empty-field", "champ obligatoire « title » vi")]
    (root / "projects/demo/journal" / query["filename"][0]).write_text(
        text.replace('title: ""', 'title: "Notre première semaine"'), encoding="utf-8")
    assert validate_tree(load_tree(root), programme).problems == []


@pytest.mark.parametrize("repository, expected", [
    ("https://github.com/exemple/bulle", "https://github.com/exemple/bulle"),
    ("https://github.com/exemple/bulle.git/", "https://github.com/exemple/bulle"),
    ("https://gitlab.com/exemple/bulle", None),
    ("https://github.com/exemple", None),
    (None, None),
])
def test_links_only_for_github_repositories(programme, repository, expected):
    changed = with_identity(programme, repository=repository)
    assert github_repository(changed.identity) == expected
    assert (new_entry_url(changed, "demo", DAY) is None) == (expected is None)


def test_branch_and_folder_are_encoded(programme):
    changed = with_identity(programme, branch="ma branche")
    path = urlsplit(new_entry_url(changed, "demo", DAY)).path
    assert path == "/exemple/bulle/new/ma%20branche/projects/demo/journal"


# --- the form's configuration ----------------------------------------------------------


def walk(fields, prefix=""):
    for field in fields:
        yield prefix + field.name, field
        if field.kind == S.LIST and field.items.kind == S.OBJECT:
            yield from walk(field.items.fields, f"{prefix}{field.name}.")
        elif field.kind == S.OBJECT:
            yield from walk(field.fields, f"{prefix}{field.name}.")


def cms_walk(fields, prefix=""):
    for field in fields:
        yield prefix + field["name"], field
        if field["widget"] in ("list", "object") and "fields" in field:
            yield from cms_walk(field["fields"], f"{prefix}{field['name']}.")


EXPECTED_WIDGETS = {S.TEXT: {"string", "text"}, S.TEXT_OR_YEAR: {"string"}, S.DATE: {"datetime"},
                    S.BOOL: {"boolean"}, S.EMAIL: {"string"}, S.URL: {"string"},
                    S.TERM: {"select"}, S.IMAGE: {"image"}, S.LINK_MAP: {LINKS_WIDGET},
                    S.LIST: {"list", "select"}, S.OBJECT: {"object"}, S.NUMBER: {"number"},
                    S.CHOICE: {"select"}, S.FORMER_SLUG: {"string"}}


@pytest.mark.parametrize("record, collection", [(S.PROJECT, "projets"),
                                                (S.ENTRY, "journal-pau-partage")])
def test_every_schema_field_is_in_the_form_with_its_widget_flag_and_options(site, record,
                                                                             collection):
    config = cms_config(site.programme, site.projects)
    fields = next(c for c in config["collections"] if c["name"] == collection)["fields"]
    assert fields[-1]["name"] == "body" and fields[-1]["widget"] == "markdown"
    generated = dict(cms_walk(fields[:-1]))
    expected = dict(walk(record.fields))
    assert list(generated) == list(expected)
    for path, field in expected.items():
        item = generated[path]
        assert item["widget"] in EXPECTED_WIDGETS[field.kind], path
        assert item["required"] is field.required, path
        assert item["label"] == field.label and item["hint"] == field.help, path
        term = field if field.kind == S.TERM else field.items if field.kind == S.LIST else None
        if term is not None and term.kind == S.TERM:
            vocabulary = site.programme.vocabulary(term.vocabulary)
            assert item["widget"] == "select"
            assert item.get("multiple", False) is (field.kind == S.LIST)
            assert item["options"] == [{"label": t.label("fr"), "value": t.id}
                                       for t in vocabulary.terms], path
        if field.max_length:
            assert item["pattern"][0] == f"^[\\s\\S]{{0,{field.max_length}}}$", path
        if field.kind == S.LIST and field.items.kind not in (S.OBJECT, S.TERM):
            assert item["field"]["widget"] == "string"
    if record is S.PROJECT:
        assert generated["phases"]["min"] == 1
        assert generated["links"]["widget"] == LINKS_WIDGET


def test_one_journal_per_public_project_in_its_own_folder(site):
    config = cms_config(site.programme, site.projects)
    journals = [c for c in config["collections"] if c["name"].startswith("journal-")]
    assert [c["name"] for c in journals] == [f"journal-{p.slug}" for p in site.projects]
    for collection, project in zip(journals, site.projects):
        assert collection["folder"] == f"projects/{project.slug}/journal"
        assert collection["slug"] == "{{year}}-{{month}}-{{day}}-{{slug}}"
        assert collection["label"] == f"Journal : {project.title}"
        assert collection["create"] is True and collection["media_folder"] == ""
    projects = config["collections"][0]
    assert (projects["folder"], projects["path"]) == ("projects", "{{slug}}/index")


def test_backend_editorial_workflow_and_sign_in_address(site):
    config = cms_config(site.programme, site.projects)
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["name"] == "github"
    assert config["backend"]["repo"] == "exemple/bulle"
    assert config["backend"]["branch"] == "main"
    assert "base_url" not in config["backend"]
    assert config["local_backend"] is True
    changed = with_identity(site.programme, cms_auth_url="https://connexion.exemple.fr")
    assert cms_config(changed, site.projects)["backend"]["base_url"] == \
        "https://connexion.exemple.fr"
    assert cms_config(with_identity(site.programme, repository=None), site.projects) is None
    assert render_admin(with_identity(site.programme, repository=None), site.projects) == {}


def test_the_yaml_says_the_same_as_the_data(site):
    config = cms_config(site.programme, site.projects)
    text = render_cms_config(config)
    assert text.startswith("# Généré par Bulle")
    assert yaml.safe_load(text) == config
    assert "&id" not in text and "*id" not in text  # no YAML aliases: readable by people


def test_admin_page_loads_only_the_pinned_and_checked_decap_script(site):
    files = render_admin(site.programme, site.projects)
    assert sorted(files) == ["admin/bulle-cms.js", "admin/config.yml", "admin/index.html"]
    page = files["admin/index.html"]
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts == [
        f'<script src="{DECAP_SCRIPT}" integrity="{DECAP_INTEGRITY}" crossorigin="anonymous">',
        '<script src="bulle-cms.js">']
    assert f"decap-cms@{DECAP_VERSION}/" in DECAP_SCRIPT
    assert re.fullmatch(r"\d+\.\d+\.\d+", DECAP_VERSION)  # an exact version, never a range
    assert re.fullmatch(r"sha384-[A-Za-z0-9+/]{64}", DECAP_INTEGRITY)
    assert '<link href="config.yml" type="text/yaml" rel="cms-config-url">' in page
    assert f'registerWidget("{LINKS_WIDGET}"' in files["admin/bulle-cms.js"]


def test_title_of_admin_page_is_escaped(site):
    changed = with_identity(site.programme, name="<Bulle> & co")
    page = render_admin(changed, site.projects)["admin/index.html"]
    assert "<title>Contribuer – &lt;Bulle&gt; &amp; co</title>" in page


def test_sign_in_address_must_be_https(tmp_path):
    from bulle.programme.load import load_programme
    text = (SAMPLE / "programme.yml").read_text(encoding="utf-8")
    path = tmp_path / "programme.yml"
    path.write_text(text.replace("  cms_auth_url:\n", "  cms_auth_url: http://connexion\n"),
                    encoding="utf-8")
    programme, problems = load_programme(path)
    assert programme is None
    assert [(p.code, p.message) for p in problems] == [
        ("bad-url", "« identity.cms_auth_url » : « http://connexion » n'est pas une adresse "
                    "https:// complète, par exemple « https://connexion.example.org » (sans "
                    "espace, guillemet, « < », « > », « ? » ni « # »)")]
    path.write_text(text.replace("  cms_auth_url:\n",
                                 "  cms_auth_url: https://connexion.exemple.fr/\n"),
                    encoding="utf-8")
    programme, problems = load_programme(path)
    assert problems == [] and programme.identity.cms_auth_url == "https://connexion.exemple.fr"


@pytest.mark.skipif(not os.environ.get("BULLE_NETWORK_TESTS"),
                    reason="needs the npm registry: set BULLE_NETWORK_TESTS=1")
def test_integrity_hash_matches_the_npm_tarball(tmp_path):
    """Recompute the pinned hash from the exact package published on npm."""
    done = subprocess.run(["npm", "pack", f"decap-cms@{DECAP_VERSION}", "--silent"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with tarfile.open(tmp_path / done.stdout.strip().splitlines()[-1]) as archive:
        script = archive.extractfile("package/dist/decap-cms.js").read()
    digest = base64.b64encode(hashlib.sha384(script).digest()).decode()
    assert DECAP_INTEGRITY == f"sha384-{digest}"


def test_a_list_the_programme_does_not_define_gives_a_text_box(programme):
    import dataclasses
    from bulle.contrib.cms import cms_field
    from bulle.content.model import Vocabulary
    bare = dataclasses.replace(programme, incubators=Vocabulary("incubators", ()),
                               audiences=Vocabulary("audiences", ()))
    assert cms_field(S.PROJECT.get("incubator"), bare)["widget"] == "string"
    audiences = cms_field(S.PROJECT.get("audiences"), bare)
    assert (audiences["widget"], audiences["field"]["widget"]) == ("list", "string")
    assert cms_field(S.PROJECT.get("incubator"), programme)["options"][0]["value"] == "bulle"
