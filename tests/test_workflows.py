"""GitHub files: valid workflows, read-only pull-request checks, pinned actions."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def load(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(data):
    return [step for job in data["jobs"].values() for step in job["steps"]]


def test_there_are_a_check_a_deploy_and_a_report_workflow():
    assert [path.name for path in WORKFLOWS] == ["check.yml", "deploy.yml", "report.yml"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_are_valid_and_pin_every_action(path):
    data = load(path)
    assert data["name"] and data["on"] and data["jobs"]
    assert "pull_request_target" not in path.read_text(encoding="utf-8")
    assert "pull_request_target" not in data["on"]
    assert data["permissions"] == {"contents": "read"}
    for step in steps(data):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
    runs = " ".join(step.get("run", "") for step in steps(data))
    assert "make install" in runs  # the pinned requirements, through the repository's Makefile
    if path.name != "report.yml":  # the report builds nothing
        assert "make build" in runs


def test_pull_requests_are_checked_with_read_only_permissions():
    data = load(REPO / ".github/workflows/check.yml")
    assert "pull_request" in data["on"]
    for job in data["jobs"].values():
        assert job.get("permissions", {"contents": "read"}) == {"contents": "read"}
    runs = [step.get("run", "") for step in steps(data)]
    assert ".venv/bin/python scripts/bulle.py check --format github" in runs
    assert "make build" in runs  # `mkdocs build --strict`
    assert "--strict" in (REPO / "Makefile").read_text().split("build: $(READY)")[1].split("\n")[1]


def test_deploy_publishes_on_main_and_every_day():
    data = load(REPO / ".github/workflows/deploy.yml")
    assert data["on"]["push"] == {"branches": ["main"]}
    assert "pull_request" not in data["on"]
    assert [entry["cron"].split()[2:] for entry in data["on"]["schedule"]] == [["*", "*", "*"]]
    uses = [step.get("uses", "").split("@")[0] for step in steps(data)]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert "permissions" not in build  # the build only reads
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert build["env"]["TZ"] == "Europe/Paris"  # "today" is the programme's day


def test_pull_request_template_is_french_with_a_checklist():
    text = (REPO / ".github/pull_request_template.md").read_text(encoding="utf-8")
    assert text.count("- [ ]") >= 4
    assert "Vérifications" in text and "image_alt" in text


def test_the_report_runs_every_monday_into_the_job_summary():
    data = load(REPO / ".github/workflows/report.yml")
    assert [entry["cron"].split()[-1] for entry in data["on"]["schedule"]] == ["1"]  # Monday
    assert "pull_request" not in data["on"] and "push" not in data["on"]
    for job in data["jobs"].values():
        assert "permissions" not in job  # the workflow's read-only permissions apply
    runs = [step.get("run", "") for step in steps(data)]
    assert ('.venv/bin/python scripts/bulle.py report --format markdown >> "$GITHUB_STEP_SUMMARY"'
            in runs)


def test_pull_requests_show_what_they_publish_in_the_job_summary():
    data = load(REPO / ".github/workflows/check.yml")
    checkout = next(s for s in steps(data) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 2  # the merge commit and its base
    review = next(s for s in steps(data) if "bulle.py review" in s.get("run", ""))
    assert review["if"] == "github.event_name == 'pull_request'"
    # File names are the contributor's: NUL-separated data on standard input, never code.
    assert review["run"] == ('git diff --name-only -z HEAD^1 HEAD | .venv/bin/python '
                             'scripts/bulle.py review --stdin >> "$GITHUB_STEP_SUMMARY"')
    names = [s.get("name") for s in steps(data)]
    assert names.index(review["name"]) < names.index("Vérifier le contenu")  # shown even if it fails
