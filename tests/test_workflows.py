"""The submission workflows: checked for structure and script injection (actionlint's PyPI wrapper downloads its
binary when installed, which this project does not allow, so the rules that matter here are checked in Python),
the issue forms held to sitegen/model/channel.py, and each workflow's script run offline on saved event payloads."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sitegen.model.channel import (
    ACCEPTED_LABEL,
    CORRECTION_FIELDS,
    CORRECTION_FORM,
    NEW_RECORD_FORM,
    SUBMISSION_FIELDS,
    SUBMISSION_LABEL,
)
from tests.conftest import MINI, REPO, copy_registry

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
FORMS = REPO / ".github" / "ISSUE_TEMPLATE"
PAYLOADS = REPO / "tests" / "fixtures" / "submissions"
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}")
# Contexts a person outside the project can write into: never expanded inside a shell script.
UNTRUSTED = re.compile(r"github\.event\.(issue|comment|pull_request|review|discussion|head_commit|pages|commits)"
                       r"|github\.head_ref")


def load(path: Path) -> dict:
    """A workflow as YAML reads it (the key `on` read as a string, not as true)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_workflow_has_jobs_with_steps_and_pinned_actions(path: Path) -> None:
    flow = load(path)
    assert flow.get("name") and flow.get("on") and flow.get("permissions"), path
    for name, job in flow["jobs"].items():
        assert job.get("runs-on") and job.get("steps"), name
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), step["uses"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_script_expands_text_from_outside(path: Path) -> None:
    for job in load(path)["jobs"].values():
        for step in job["steps"]:
            for expression in EXPRESSION.findall(step.get("run", "")):
                assert not UNTRUSTED.search(expression), (path.name, expression)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_script_a_workflow_runs_exists(path: Path) -> None:
    for job in load(path)["jobs"].values():
        for step in job["steps"]:
            for script in re.findall(r"scripts/[\w.-]+", step.get("run", "")):
                assert (REPO / script).is_file(), script


def test_the_workflows_answer_to_the_forms_labels() -> None:
    check = (REPO / ".github" / "workflows" / "submission-check.yml").read_text(encoding="utf-8")
    accept = (REPO / ".github" / "workflows" / "submission-accept.yml").read_text(encoding="utf-8")
    assert f"'{SUBMISSION_LABEL}'" in check and f"'{SUBMISSION_LABEL}'" in accept
    assert f"github.event.label.name == '{ACCEPTED_LABEL}'" in accept


@pytest.mark.parametrize(("form", "fields", "label"), [(NEW_RECORD_FORM, SUBMISSION_FIELDS, SUBMISSION_LABEL),
                                                       (CORRECTION_FORM, CORRECTION_FIELDS, "koreksi")])
def test_the_issue_forms_ask_for_the_fields_the_site_and_the_reader_use(form: str, fields, label: str) -> None:
    spec = yaml.safe_load((FORMS / form).read_text(encoding="utf-8"))
    asked = [item for item in spec["body"] if item["type"] != "markdown"]
    assert [(i["id"], i["attributes"]["label"], i["attributes"]["description"], i["validations"]["required"])
            for i in asked] == [(f.id, f.label, f.help, f.required) for f in fields]
    assert spec["labels"] == [label]


def run_script(name: str, *args: str) -> subprocess.CompletedProcess:
    """One of the workflows' scripts, as the workflow runs it (no network is used or needed)."""
    return subprocess.run([sys.executable, str(REPO / "scripts" / name), *args], capture_output=True, text=True,
                          timeout=120, cwd=REPO)


def test_the_check_script_writes_the_dry_run_as_a_comment(tmp_path: Path) -> None:
    root = copy_registry(MINI, tmp_path / "reg")
    done = run_script("submission_check.py", str(PAYLOADS / "event-opened.json"), str(tmp_path / "c.md"), str(root))
    assert done.returncode == 0, done.stderr
    comment = (tmp_path / "c.md").read_text(encoding="utf-8")
    assert "dapat dimuat" in comment and "```text\nimport " in comment and "awards added:          1" in comment
    round_file = Path("data", "awards", "2021.yaml")
    assert (root / round_file).read_bytes() == (MINI / round_file).read_bytes()  # a dry run writes nothing


def test_the_check_script_fences_hostile_text_so_nothing_renders(tmp_path: Path) -> None:
    root = copy_registry(MINI, tmp_path / "reg")
    done = run_script("submission_check.py", str(PAYLOADS / "event-edited-hostile.json"), str(tmp_path / "c.md"),
                      str(root))
    assert done.returncode == 0, done.stderr
    comment = (tmp_path / "c.md").read_text(encoding="utf-8")
    body = comment.split("\n\n", 1)[1]
    fence = re.match(r"`{3,}", body).group(0)
    assert len(fence) == 5  # the institution's name holds a run of four
    inner = body[len(fence):body.rindex(fence)]
    assert "belum dapat dimuat" in comment and fence not in inner and "Petunjuk untuk pengirim" in inner


def test_the_check_script_leaves_other_issues_alone(tmp_path: Path) -> None:
    done = run_script("submission_check.py", str(PAYLOADS / "event-other-issue.json"), str(tmp_path / "c.md"))
    assert done.returncode == 0 and not (tmp_path / "c.md").exists()


def test_the_accept_script_imports_and_writes_the_pull_request(tmp_path: Path) -> None:
    root = copy_registry(MINI, tmp_path / "reg")
    done = run_script("submission_accept.py", str(PAYLOADS / "event-labeled.json"), str(tmp_path / "out"), str(root))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "branch").read_text() == "usulan/isu-7\n"
    assert "Closes #7" in (tmp_path / "out" / "body.md").read_text(encoding="utf-8")
    assert "Kantor Alfa Sidoarjo" in (root / "data" / "awards" / "2021.yaml").read_text(encoding="utf-8")


def test_the_accept_script_reports_a_submission_that_cannot_be_imported(tmp_path: Path) -> None:
    root = copy_registry(MINI, tmp_path / "reg")
    done = run_script("submission_accept.py", str(PAYLOADS / "event-labeled-hostile.json"), str(tmp_path / "out"),
                      str(root))
    assert done.returncode == 1
    assert "belum dapat dimuat" in (tmp_path / "out" / "comment.md").read_text(encoding="utf-8")
    assert not (tmp_path / "out" / "branch").exists()
    shutil.rmtree(tmp_path / "out")
    opened = run_script("submission_accept.py", str(PAYLOADS / "event-opened.json"), str(tmp_path / "out"))
    assert opened.returncode == 0
    assert not (tmp_path / "out").exists()  # an opened event is no acceptance: nothing done
