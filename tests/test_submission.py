"""import-submission: a submission is one import row, through the same import, with hints in plain Indonesian.

Each fixture in tests/fixtures/submissions/ has its exact dry-run report beside it (<name>.expected);
regenerate them with UPDATE_SUBMISSIONS=1 and read the diff.
"""

from __future__ import annotations

import csv
import filecmp
import os
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from build import main
from sitegen.importer.submission import fields_of_body, import_submission
from sitegen.model.channel import EMAIL, SUBMISSION_FIELDS, Channel
from tests.conftest import MINI, copy_registry

SUBMISSIONS = Path(__file__).parent / "fixtures" / "submissions"
KINDS = ("good", "no-source", "future-year", "unknown-institution", "likely-duplicate", "hostile")


def registry_with(tmp_path: Path, name: str) -> tuple[Path, Path]:
    """A copy of the mini registry with the submission file in it (so the report names it by its file name)."""
    root = copy_registry(MINI, tmp_path / "reg")
    target = root / Path(name).name
    shutil.copyfile(SUBMISSIONS / name, target)
    return root, target


@pytest.mark.parametrize("kind", KINDS)
def test_each_submission_gives_its_expected_dry_run_report(tmp_path: Path, kind: str) -> None:
    root, path = registry_with(tmp_path, f"{kind}.md")
    report = import_submission(path, root, dry_run=True)
    expected = SUBMISSIONS / f"{kind}.expected"
    if os.environ.get("UPDATE_SUBMISSIONS"):
        expected.write_text(report.text + "\n", encoding="utf-8")
    assert report.text + "\n" == expected.read_text(encoding="utf-8")
    assert report.ok == (kind == "good")
    assert filecmp.dircmp(root / "data", MINI / "data").diff_files == []


@pytest.mark.parametrize(("kind", "words"), [
    ("no-source", "Tanpa sumber, usulan tidak dapat dimuat"),
    ("future-year", "Tahun 2099 belum terjadi"),
    ("unknown-institution", "Nama yang paling mirip: Kementerian Alfa"),
    ("likely-duplicate", '"Lapas Beta Kudus" (/unit/beta/lapas-beta-kudus/)'),
    ("hostile", 'Tautan sumber "javascript:alert(1)" bukan alamat web'),
])
def test_each_problem_gets_a_plain_indonesian_hint(tmp_path: Path, kind: str, words: str) -> None:
    root, path = registry_with(tmp_path, f"{kind}.md")
    text = import_submission(path, root, dry_run=True).text
    assert "Petunjuk untuk pengirim:" in text and words in text


def test_the_good_submission_changes_data_exactly_as_importing_the_same_row(tmp_path: Path) -> None:
    by_form, path = registry_with(tmp_path / "a", "good.md")
    assert main(["import-submission", str(path), "--root", str(by_form)]) == 0
    by_list = copy_registry(MINI, tmp_path / "b" / "reg")
    row = fields_of_body((SUBMISSIONS / "good.md").read_text(encoding="utf-8"))
    with (by_list / "daftar.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=[field.id for field in SUBMISSION_FIELDS])
        writer.writeheader()
        writer.writerow(row)
    assert main(["import", str(by_list / "daftar.csv"), "--root", str(by_list)]) == 0
    changed = [p.relative_to(by_form) for p in (by_form / "data").rglob("*.yaml")
               if p.read_bytes() != (MINI / p.relative_to(by_form)).read_bytes()]
    assert changed == [Path("data/awards/2021.yaml")]
    for path in (by_form / "data").rglob("*.yaml"):
        assert path.read_bytes() == (by_list / path.relative_to(by_form)).read_bytes(), path


def test_the_issue_event_json_reads_as_the_body_it_carries(tmp_path: Path) -> None:
    root, event = registry_with(tmp_path, "event-opened.json")
    shutil.copyfile(SUBMISSIONS / "good.md", root / "good.md")
    from_event = import_submission(event, root, dry_run=True)
    from_body = import_submission(root / "good.md", root, dry_run=True)
    assert from_event.ok and from_event.text == from_body.text.replace("good.md", "event-opened.json")


def test_the_mailto_body_is_a_submission_the_command_reads() -> None:
    link = Channel(EMAIL, "koreksi@contoh.id").new_record_link()
    body = parse_qs(urlsplit(link).query)["body"][0]
    assert set(fields_of_body(body)) == {f.id for f in SUBMISSION_FIELDS}


def test_hostile_text_is_reported_as_text_and_nothing_is_written(tmp_path: Path, capsys) -> None:
    root, path = registry_with(tmp_path, "hostile.md")
    assert main(["import-submission", str(path), "--root", str(root)]) == 1
    out = capsys.readouterr().out
    assert "'2020; rm -rf /'" in out and "'$(reboot)'" in out and "\x1b" not in out
    assert filecmp.dircmp(root / "data", MINI / "data").diff_files == []


def test_a_file_that_is_no_submission_is_a_problem_not_a_traceback(tmp_path: Path, capsys) -> None:
    root = copy_registry(MINI, tmp_path / "reg")
    (root / "x.md").write_text("Halo, tolong catat unit kami.\n", encoding="utf-8")
    (root / "x.json").write_text('{"issue": {"body": null}}', encoding="utf-8")
    assert main(["import-submission", str(root / "x.md"), "--root", str(root), "--dry-run"]) == 1
    assert main(["import-submission", str(root / "x.json"), "--root", str(root), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "x.md:1:1: no field of the new-record form found" in out
    assert "x.json:1:1: the JSON holds no issue body" in out
