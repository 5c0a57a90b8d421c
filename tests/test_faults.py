"""Faults of the machine end in one clear line and exit 1, the published site stays whole, and nothing
sticks: the next build recovers on its own.

A full disk and a read-only output are real here: a small tmpfs is mounted for them (the tests run as
root in CI's container; where mounting is not allowed they are skipped, and the simulated write error
below still runs).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen import write
from sitegen.cache import state
from tests.conftest import REPO
from tests.test_incremental import tree

BASE = REPO / "tests" / "invalid" / "_base"
EXTRA = ("  - unit: Kantor Alfa Sidoarjo\n    institution: alfa\n    predicate: WBK\n    province: Jawa Timur\n"
         "    source_url: \"https://contoh.invalid/alfa-sidoarjo\"\n    set_by: kemenpanrb\n    source_kind: resmi\n")


def build_command(root: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """`build.py build`, as a user runs it."""
    return subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--root", str(root), "--out", str(out),
                           *extra], capture_output=True, text=True, timeout=300)


def add_award(root: Path) -> None:
    """A new unit in the round: every listing page changes."""
    path = root / "data" / "awards" / "2020.yaml"
    path.write_text(path.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")


def one_clear_line(done: subprocess.CompletedProcess, words: str) -> None:
    """Exit 1, an error line naming the fault, and no traceback."""
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("error: ") and words in done.stderr.splitlines()[0], done.stderr


@pytest.fixture()
def disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs: room for one build of the small registry and its state, not much more."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path, leave: int) -> Path:
    """A file taking all but `leave` bytes of the folder's file system."""
    filler = folder / "filler"
    with open(filler, "wb") as file:
        free = shutil.disk_usage(folder).free
        file.write(b"\0" * max(free - leave, 0))
    return filler


def test_a_full_disk_stops_the_build_leaves_the_site_whole_and_the_next_build_recovers(disk: Path,
                                                                                     tmp_path: Path) -> None:
    root = shutil.copytree(BASE, tmp_path / "registry")
    out = disk / "public"
    assert build_command(root, out).returncode == 0
    before = tree(out)
    add_award(root)
    filler = fill(disk, 20_000)
    one_clear_line(build_command(root, out, "--no-incremental"), "No space left on device")
    assert tree(out) == before
    assert not list(disk.glob("public.staging-*"))
    one_clear_line(build_command(root, out), "No space left on device")
    assert tree(out) == before
    filler.unlink()
    done = build_command(root, out)
    assert done.returncode == 0, done.stderr
    clean = tmp_path / "clean" / "public"
    assert build_command(root, clean).returncode == 0
    assert tree(out) == tree(clean)


def test_a_read_only_output_stops_the_build_and_the_next_one_recovers(disk: Path, tmp_path: Path) -> None:
    root = shutil.copytree(BASE, tmp_path / "registry")
    out = disk / "public"
    assert build_command(root, out).returncode == 0
    add_award(root)
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    try:
        one_clear_line(build_command(root, out), "Read-only file system")
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
    assert build_command(root, out).returncode == 0
    clean = tmp_path / "clean" / "public"
    assert build_command(root, clean).returncode == 0
    assert tree(out) == tree(clean)


def test_a_failing_state_save_after_publishing_is_a_warning_and_exit_0(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    from build import main

    root = shutil.copytree(BASE, tmp_path / "registry")
    out = tmp_path / "out" / "public"

    def disk_full(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(state, "_write_state", disk_full)
    assert main(["build", "--root", str(root), "--out", str(out)]) == 0  # public/ was published, whole
    assert "cannot save the build's state beside" in caplog.text
    assert not state.state_paths(out)[0].exists()  # nothing stale is left to mislead the next build
    monkeypatch.undo()
    add_award(root)
    assert main(["build", "--root", str(root), "--out", str(out)]) == 0
    clean = tmp_path / "clean" / "public"
    assert main(["build", "--root", str(root), "--out", str(clean)]) == 0
    assert tree(out) == tree(clean)


def test_a_simulated_write_error_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture) -> None:
    from build import main

    root = shutil.copytree(BASE, tmp_path / "registry")
    out = tmp_path / "out" / "public"

    def disk_full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(write.os, "write", disk_full)
    assert main(["build", "--root", str(root), "--out", str(out), "--no-incremental"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: No space left on device\n") and "Traceback" not in err
    assert not out.exists() and not list(out.parent.glob("public.staging-*"))


def test_short_writes_are_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from build import main

    root = shutil.copytree(BASE, tmp_path / "registry")
    real_write = os.write
    monkeypatch.setattr(write.os, "write", lambda fd, data: real_write(fd, bytes(data[:7])))  # at most 7 bytes
    out = tmp_path / "short" / "public"
    assert main(["build", "--root", str(root), "--out", str(out), "--no-incremental"]) == 0
    monkeypatch.undo()
    clean = tmp_path / "clean" / "public"
    assert main(["build", "--root", str(root), "--out", str(clean), "--no-incremental"]) == 0
    assert tree(out) == tree(clean)


@pytest.mark.parametrize("wrong", ["cache folder is a file", "state file is a folder"])
def test_a_cache_or_state_path_of_the_wrong_kind_never_sticks(tmp_path: Path, wrong: str) -> None:
    root = shutil.copytree(BASE, tmp_path / "registry")
    out = tmp_path / "out" / "public"
    assert build_command(root, out).returncode == 0
    summary_path = state.state_paths(out)[0]
    if wrong == "cache folder is a file":
        shutil.rmtree(state.cache_folder(out))
        state.cache_folder(out).write_text("bukan folder")
    else:
        summary_path.unlink()
        summary_path.mkdir()
    add_award(root)
    done = build_command(root, out)
    assert done.returncode == 0, done.stderr
    assert "should be a" in done.stderr and "Traceback" not in done.stderr
    again = build_command(root, out)
    assert again.returncode == 0 and "should be a" not in again.stderr
    assert state.cache_folder(out).is_dir() and summary_path.is_file()
