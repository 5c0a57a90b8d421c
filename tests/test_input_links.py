"""Nothing outside the registry is read or published: no symbolic link is followed out of the registry
root at any level (data/, news and pages, static files), and a pipe, a device, a link loop or a broken
link is an error naming its path, never a hang or a traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

BASE = REPO / "tests" / "invalid" / "_base"


def registry(tmp_path: Path) -> Path:
    """A copy of the smallest valid registry, with a secret beside it that must never be read."""
    root = shutil.copytree(BASE, tmp_path / "registry")
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "config").write_text("[remote]\n  token = rahasia-jangan-terbit\n", encoding="utf-8")
    shutil.copy(root / "data" / "awards" / "2020.yaml", secret / "2021.yaml")
    return root


def run(command: str, root: Path, out: Path | None = None) -> subprocess.CompletedProcess:
    """build.py check or build of a registry, as a user runs it (bounded: a hang fails the test)."""
    args = [sys.executable, str(REPO / "build.py"), command, "--root", str(root)]
    if out is not None:
        args += ["--out", str(out)]
    return subprocess.run(args, capture_output=True, text=True, timeout=120)


def published(out: Path) -> str:
    """Every byte of a built site, as text."""
    return "".join(p.read_text("utf-8", errors="replace") for p in out.rglob("*") if p.is_file()) if out.exists() \
        else ""


def test_a_static_folder_that_is_a_link_publishes_nothing_of_its_target(tmp_path: Path) -> None:
    root = registry(tmp_path)
    static = root / "site_src" / "static"
    shutil.rmtree(static, ignore_errors=True)
    os.symlink("../../outside", static)  # as a link to ../.git would be
    done = run("build", root, tmp_path / "public")
    assert done.returncode == 1
    assert f"{static}: is a symbolic link (to ../../outside); static files are published only from a real folder" \
        in done.stderr
    assert "Traceback" not in done.stderr
    assert "jangan-terbit" not in published(tmp_path / "public")


@pytest.mark.parametrize("where", ["round file", "data folder", "awards folder", "news file"])
def test_a_link_out_of_the_registry_at_any_level_is_refused(tmp_path: Path, where: str) -> None:
    root = registry(tmp_path)
    outside = tmp_path / "outside"
    if where == "round file":
        target = root / "data" / "awards" / "2021.yaml"
        os.symlink(outside / "2021.yaml", target)
    elif where == "data folder":
        moved = shutil.move(root / "data", tmp_path / "data-elsewhere")
        os.symlink(moved, root / "data")
        target = root / "data" / "institutions.yaml"
    elif where == "awards folder":
        moved = shutil.move(root / "data" / "awards", outside / "awards")
        os.symlink(moved, root / "data" / "awards")
        target = root / "data" / "awards" / "2020.yaml"
    else:
        target = root / "site_src" / "news" / "2020-12-22-rahasia.md"
        os.symlink(outside / "config", target)
    done = run("check", root)
    assert done.returncode == 1, done.stderr
    shown = os.readlink(target) if target.is_symlink() else os.path.realpath(target)
    assert f"the file is a symbolic link to {shown}, outside the registry" in done.stderr
    assert "Traceback" not in done.stderr and "jangan-terbit" not in done.stderr


@pytest.mark.parametrize("kind", ["fifo", "loop", "dangling"])
def test_a_pipe_a_loop_or_a_broken_link_is_an_error_naming_its_path_never_a_hang(tmp_path: Path, kind: str) -> None:
    root = registry(tmp_path)
    path = root / "data" / "awards" / "2021.yaml"
    if kind == "fifo":
        os.mkfifo(path)
        what = "is a FIFO (named pipe), not a file"
    elif kind == "loop":
        os.symlink("2021.yaml", path)
        what = "is a symbolic link loop"
    else:
        os.symlink("2019.yaml", path)
        what = "is a broken symbolic link (to 2019.yaml)"
    for command in ("check", "build"):
        done = run(command, root, tmp_path / "public" if command == "build" else None)
        assert done.returncode == 1, done.stderr
        assert f"data/awards/2021.yaml: the file {what}" in done.stderr
        assert "Traceback" not in done.stderr


def test_a_pipe_among_the_static_files_is_an_error_naming_it(tmp_path: Path) -> None:
    root = registry(tmp_path)
    (root / "site_src" / "static").mkdir(exist_ok=True)
    os.mkfifo(root / "site_src" / "static" / "logo.svg")
    done = run("build", root, tmp_path / "public")
    assert done.returncode == 1
    assert f"{root / 'site_src' / 'static' / 'logo.svg'}: is a FIFO (named pipe), not a file" in done.stderr
    assert "Traceback" not in done.stderr
