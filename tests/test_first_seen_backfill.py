"""The one-off that dates records older than first_seen by the commit that first added them."""

from __future__ import annotations

import importlib.util
import os
import subprocess
from pathlib import Path

from tests.conftest import REPO

ROUND = """year: 2020
awards:
  - unit: Kantor Alfa Surabaya
    institution: alfa
    predicate: WBK
    source_url: "https://contoh.invalid/a"
    # a comment that belongs to the next record
"""
MORE = """  - unit: Kantor Alfa Malang
    institution: alfa
    predicate: WBK
    source_url: "https://contoh.invalid/b"
"""


def commit(repo: Path, day: str) -> None:
    """Commit everything, dated that day."""
    env = {**os.environ, "GIT_COMMITTER_DATE": f"{day}T12:00:00Z", "GIT_AUTHOR_DATE": f"{day}T12:00:00Z"}
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", day], cwd=repo, env=env,
                   check=True)


def test_each_record_gets_the_day_of_the_commit_that_first_held_it(tmp_path: Path, monkeypatch) -> None:
    repo = tmp_path / "repo"
    (repo / "data" / "awards").mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    path = repo / "data" / "awards" / "2020.yaml"
    path.write_text(ROUND, encoding="utf-8")
    commit(repo, "2026-11-28")
    path.write_text(ROUND.replace("Kantor Alfa Surabaya", "Kantor  alfa surabaya") + MORE, encoding="utf-8")
    commit(repo, "2026-12-03")
    spec = importlib.util.spec_from_file_location("backfill", REPO / "scripts" / "first_seen_from_git.py")
    backfill = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(backfill)
    monkeypatch.setattr(backfill, "REPO", repo)
    assert backfill.main(["first_seen_from_git.py"]) == 0
    assert path.read_text(encoding="utf-8") == (
        ROUND.replace("Kantor Alfa Surabaya", "Kantor  alfa surabaya").replace(
            '"https://contoh.invalid/a"\n', '"https://contoh.invalid/a"\n    first_seen: 2026-11-28\n')
        + MORE + "    first_seen: 2026-12-03\n")
