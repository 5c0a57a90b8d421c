"""Every kind of bad input gets its exact message, exit code 1, and a row in docs/bad-input.md.

The fixtures live in tests/invalid/ (see tests/bad_input.py for how they are run and documented).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bad_input import (
    BASE,
    DOC,
    FIXTURES,
    REPO,
    changed_files,
    expected,
    is_template_fixture,
    kinds,
    problem_lines,
    render_doc,
    run_fixture,
)

# The kinds the trust issue lists, each of which must keep a fixture.
REQUIRED = {
    "yaml-syntax", "yaml-tab-indent", "empty-file", "not-utf8", "duplicate-key", "missing-field", "wrong-type",
    "unknown-predicate", "impossible-date", "unknown-institution", "duplicate-institution", "round-year-mismatch",
    "unit-twice-in-round", "slug-collision-units", "hostile-institution-id", "hostile-unit-id", "alias-bomb",
    "yaml11-yes", "news-front-matter-broken", "news-front-matter-missing-field", "news-broken-link",
    "template-syntax", "template-undefined", "several-defects",
}
# Problems with a whole file (its name, or its absence) have no line to point at.
FILE_LEVEL = {"missing-file", "round-file-name", "news-file-name", "slug-collision-page", "link-out-of-registry",
              "link-broken", "link-loop"}
PROBLEM_RE = re.compile(r"^(?P<file>[^:]+):(?P<line>[1-9][0-9]*):(?:(?P<col>[1-9][0-9]*):)? \S")
FILE_PROBLEM_RE = re.compile(r"^(?P<file>[^:]+): \S")


@pytest.mark.parametrize("kind", kinds())
def test_bad_input_gives_its_exact_message_and_exits_1(kind: str) -> None:
    code, stderr = run_fixture(kind)
    assert code == 1, stderr
    assert stderr.splitlines() == expected(kind).splitlines()


def test_every_kind_the_issue_lists_has_a_fixture() -> None:
    assert set(kinds()) >= REQUIRED, REQUIRED - set(kinds())


def test_the_base_of_every_fixture_is_valid() -> None:
    from build import main

    assert main(["check", "--root", str(BASE)]) == 0


@pytest.mark.parametrize("kind", [k for k in kinds() if not is_template_fixture(k) and k != "several-defects"])
def test_each_fixture_differs_from_the_base_in_one_file(kind: str) -> None:
    changes = changed_files(kind)
    renamed = len(changes) == 2 and ["(file deleted)"] in changes.values()  # news-file-name renames its file
    assert len(changes) == 1 or renamed, changes


@pytest.mark.parametrize("kind", kinds())
def test_every_problem_has_file_line_column_and_a_hint(kind: str) -> None:
    lines = problem_lines(kind)
    problems, hints = lines[0::2], lines[1::2]
    assert problems and len(problems) == len(hints)
    assert all(h.startswith("    hint: ") and len(h) > len("    hint: ") + 10 for h in hints), hints
    for problem in problems:
        if kind in FILE_LEVEL:
            assert FILE_PROBLEM_RE.match(problem), problem
        elif is_template_fixture(kind):  # Jinja gives the line, not the column
            assert (m := PROBLEM_RE.match(problem)) and m["col"] is None and m["file"] == "templates/year.html"
        else:
            assert (m := PROBLEM_RE.match(problem)) and m["col"] is not None, problem


def test_several_defects_in_several_files_are_all_reported_in_one_run() -> None:
    problems = problem_lines("several-defects")[0::2]
    assert {p.split(":", 1)[0] for p in problems} == set(changed_files("several-defects"))
    assert len(problems) == 9
    assert expected("several-defects").splitlines()[-1] == "build failed: 9 problems; public/ was left as it was"
    in_one_record = [p for p in problems if p.startswith(tuple(f"data/awards/2020.yaml:{n}:" for n in range(12, 16)))]
    assert [p.split(": ", 1)[1].split(" ")[0:2] for p in in_one_record] == [
        ["unknown", "set_by"], ["predicate", "'WBX'"], ["year_basis", "'kira-kira'"], ["unknown", "province"]
    ], "a record's unknown setter, bad predicate, year basis and province are all reported"
    assert any(p.startswith("site.yaml:") for p in problems), "a bad site.yaml does not hide the data's problems"


@pytest.mark.parametrize(("header", "its_problem"), [
    ("year: 2021", "year 2021 does not match the file name 2020.yaml"),
    ("year: 2020\ncerermony: {}", "round file has an unknown field 'cerermony'"),
])
def test_the_awards_of_a_round_file_whose_header_is_wrong_are_still_checked(tmp_path: Path, header: str,
                                                                             its_problem: str) -> None:
    root = shutil.copytree(FIXTURES / "_base", tmp_path / "root")
    path = root / "data" / "awards" / "2020.yaml"
    path.write_text(path.read_text().replace("year: 2020", header)
                    .replace("institution: alfa", "institution: gamma").replace("predicate: WBBM", "predicate: WBX"))
    result = subprocess.run([sys.executable, "build.py", "check", "--root", str(root)], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    problems = [line.split(": ", 1)[1] for line in result.stderr.splitlines() if line.startswith("data/")]
    assert result.returncode == 1
    assert problems == [its_problem, "unknown institution id 'gamma'", "predicate 'WBX' is not one of WBK, WBBM"]


def test_the_command_line_exits_1_with_the_same_message_in_its_own_process() -> None:
    result = subprocess.run([sys.executable, "build.py", "check", "--root", str(FIXTURES / "several-defects")],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.splitlines() == expected("several-defects").splitlines()
    assert result.stdout == ""


def test_the_bad_input_doc_is_generated_from_the_fixtures() -> None:
    assert DOC.read_text(encoding="utf-8") == render_doc(), \
        "docs/bad-input.md is stale: run .venv/bin/python -m tests.bad_input"


def test_the_doc_shows_every_kind_with_its_exact_first_message() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for kind in kinds():
        assert f"| **{kind}**" in doc
        assert problem_lines(kind)[0].replace("|", "\\|") in doc, kind


def test_every_section_the_site_writes_is_reserved_for_prose_pages(mini_site) -> None:
    from sitegen.load.prose import builtin_sections

    prose = {p.stem for p in (REPO / "tests" / "fixtures" / "mini" / "site_src" / "pages").glob("*.md")}
    sections = {p.name for p in mini_site.iterdir() if p.is_dir()} - prose
    assert sections <= set(builtin_sections()), sections - set(builtin_sections())
