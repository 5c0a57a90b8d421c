"""Builds repeat exactly: across processes, hash seeds, time zones, locales, folders and file mtimes.

The clock is never read; SOURCE_DATE_EPOCH, when set, is the "data last changed" date.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI, REPO, copy_registry, read_page

MACHINE_A = {"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
MACHINE_B = {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati", "LC_ALL": "C", "LANG": "id_ID.UTF-8"}
OLD_MTIME = 946_684_800  # 2000-01-01: source files on "machine B" look as if checked out long ago


def tree_digest(public: Path) -> dict[str, str]:
    """Every file's content hash."""
    return {p.relative_to(public).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(public.rglob("*")) if p.is_file()}


def build_elsewhere(root: Path, out: Path, env: dict[str, str]) -> Path:
    """Run `build.py build` in a fresh process with the given environment."""
    clean = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PYTHONHASHSEED", "TZ")}
    result = subprocess.run([sys.executable, "build.py", "build", "--root", str(root), "--out", str(out)],
                            cwd=REPO, env={**clean, **env}, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return out


def two_copies(source: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The same registry at two different absolute paths, the second with old mtimes."""
    first = copy_registry(source, tmp_path / "a" / "registry")
    second = copy_registry(source, tmp_path / "somewhere" / "else" / "registri")
    for path in second.rglob("*"):
        os.utime(path, (OLD_MTIME, OLD_MTIME))
    return first, second


@pytest.mark.parametrize("registry", ["mini", "sample"])
def test_two_builds_on_two_machines_are_byte_identical(registry: str, tmp_path: Path) -> None:
    source = MINI
    if registry == "sample":
        source = tmp_path / "sample"
        subprocess.run([sys.executable, "bench/sample.py", "--units", "300", "--out", str(source)],
                       cwd=REPO, check=True, capture_output=True, timeout=300)
    first, second = two_copies(source, tmp_path)
    a = build_elsewhere(first, tmp_path / "a" / "public", MACHINE_A)
    b = build_elsewhere(second, tmp_path / "b" / "out" / "site", MACHINE_B)
    digest_a, digest_b = tree_digest(a), tree_digest(b)
    assert len(digest_a) > 20
    differing = sorted(k for k in digest_a.keys() | digest_b.keys() if digest_a.get(k) != digest_b.get(k))
    assert differing == []


def test_source_date_epoch_sets_the_data_last_changed_date(tmp_path: Path) -> None:
    unit = "unit/alfa/kantor-alfa-surabaya/index.json"
    plain = build_elsewhere(MINI, tmp_path / "plain", MACHINE_A)
    pinned = build_elsewhere(MINI, tmp_path / "pinned", {**MACHINE_A, "SOURCE_DATE_EPOCH": "1700000000"})
    assert json.loads((plain / unit).read_text())["data_last_changed"] == "2021-12-20"  # the data's latest date
    assert json.loads((pinned / unit).read_text())["data_last_changed"] == "2023-11-14"  # 1700000000 in UTC
    assert "data diperbarui 20 Desember 2021" in read_page(plain, "data/")
    assert "data diperbarui 14 November 2023" in read_page(pinned, "data/")
    again = build_elsewhere(MINI, tmp_path / "again", {**MACHINE_B, "SOURCE_DATE_EPOCH": "1700000000"})
    assert tree_digest(again) == tree_digest(pinned)


def test_a_malformed_source_date_epoch_is_an_error_not_ignored(monkeypatch, capsys) -> None:
    from build import main

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "kemarin")
    assert main(["check"]) == 1
    assert "SOURCE_DATE_EPOCH is 'kemarin', not a whole number of seconds" in capsys.readouterr().err
