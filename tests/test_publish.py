"""Publishing is atomic: a failed build, or one killed with SIGKILL while rendering, leaves public/ byte-identical."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitegen import write
from sitegen.errors import DataError
from sitegen.pipeline import BuildOptions, build
from tests.conftest import MINI, REPO, build_into, copy_registry

BIG_UNITS = 3000  # enough pages that rendering takes seconds, so the kill lands in the middle of it
KILL_AFTER_FILES = 200


def snapshot(out: Path) -> dict[str, str]:
    """Every path under out (folders too) with its content hash, plus the writer's state file beside it."""
    tree = {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(out.rglob("*"))}
    state = out.with_name(out.name + ".registri-state.json")
    tree["<state>"] = hashlib.sha256(state.read_bytes()).hexdigest()
    return tree


def staging_folders(out: Path) -> list[Path]:
    """Staging folders of builds that have not published (yet, or ever)."""
    return sorted(out.parent.glob(f"{out.name}.staging-*"))


def test_a_build_failing_on_data_leaves_public_byte_identical(tmp_path: Path) -> None:
    out = build_into(MINI, tmp_path / "public")
    before = snapshot(out)
    bad = copy_registry(MINI, tmp_path / "bad")
    awards = bad / "data" / "awards" / "2020.yaml"
    awards.write_text(awards.read_text().replace("predicate: WBBM", "predicate: WBX", 1))
    with pytest.raises(DataError):
        build_into(bad, out)
    assert snapshot(out) == before
    assert staging_folders(out) == []


def test_a_build_failing_while_rendering_leaves_public_byte_identical(tmp_path: Path) -> None:
    out = build_into(MINI, tmp_path / "public")
    before = snapshot(out)
    templates = shutil.copytree(REPO / "templates", tmp_path / "templates")
    unit = templates / "unit.html"  # unit pages come last, so many files are staged before it fails
    unit.write_text(unit.read_text().replace("{% block content %}", "{% block content %}{{ no_such_value }}", 1))
    with pytest.raises(DataError, match=r"templates/unit.html:\d+: template error: 'no_such_value' is undefined"):
        build(BuildOptions(root=MINI, out=out, templates=templates))
    assert snapshot(out) == before
    assert staging_folders(out) == []


def test_a_build_killed_while_rendering_leaves_public_byte_identical_and_the_next_build_cleans_up(
        tmp_path: Path) -> None:
    out = build_into(MINI, tmp_path / "public")  # an incremental build: state file written, files to hard-link
    before = snapshot(out)
    big = tmp_path / "big"
    subprocess.run([sys.executable, "bench/sample.py", "--units", str(BIG_UNITS), "--out", str(big)],
                   cwd=REPO, check=True, capture_output=True, timeout=300)

    build_process = subprocess.Popen([sys.executable, "build.py", "build", "--root", str(big), "--out", str(out)],
                                     cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    staging = out.with_name(f"{out.name}.staging-{build_process.pid}")
    staged = wait_for_files(staging, KILL_AFTER_FILES, build_process)
    build_process.send_signal(signal.SIGKILL)
    build_process.wait(timeout=60)

    assert build_process.returncode == -signal.SIGKILL
    assert staged >= KILL_AFTER_FILES and staging.is_dir()  # it really was killed halfway through rendering
    assert snapshot(out) == before  # ... and public/ and its state file are exactly as they were

    build_into(MINI, out)  # the next build removes the dead build's staging folder and publishes normally
    assert staging_folders(out) == []
    assert snapshot(out) == before


# A build that kills itself with SIGKILL right after it stages its first file: deterministic, no timing.
DIE_AFTER_FIRST_WRITE = """
import os, signal, sys
sys.path.insert(0, {repo!r})
import sitegen.write as write
original = write.SiteWriter.write
def write_then_die(self, path, data, origin):
    record = original(self, path, data, origin)
    with open({marker!r}, "w") as handle:
        handle.write(f"{{self.changes_only}} {{len(self.staged)}}")
    os.kill(os.getpid(), signal.SIGKILL)
    return record
write.SiteWriter.write = write_then_die
import build
sys.exit(build.main(sys.argv[1:]))
"""


def test_an_incremental_build_killed_while_rendering_leaves_public_byte_identical(tmp_path: Path) -> None:
    registry = tmp_path / "registry"
    subprocess.run([sys.executable, "bench/sample.py", "--units", "300", "--out", str(registry)],
                   cwd=REPO, check=True, capture_output=True, timeout=300)
    out = build_into(registry, tmp_path / "public")
    before = snapshot(out)
    about = registry / "site_src" / "pages" / "tentang.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nParagraf baru.\n", encoding="utf-8")  # one page changes

    marker = tmp_path / "died-after"
    child = DIE_AFTER_FIRST_WRITE.format(repo=str(REPO), marker=str(marker))
    result = subprocess.run([sys.executable, "-c", child, "build", "--root", str(registry), "--out", str(out)],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert marker.read_text() == "True 1"  # killed in the changes-only (journal) mode, after one staged file
    assert snapshot(out) == before

    build_into(registry, out)  # finishes cleanly, and gives what a clean build of the edited registry gives
    fresh = build_into(registry, tmp_path / "fresh")
    assert tree_digest(out) == tree_digest(fresh)
    assert staging_folders(out) == []


def tree_digest(out: Path) -> dict[str, str]:
    """Every file's content hash."""
    return {k: v for k, v in snapshot(out).items() if k != "<state>" and v != "dir"}


def wait_for_files(folder: Path, count: int, process: subprocess.Popen, limit: float = 240.0) -> int:
    """Poll until `folder` holds `count` files; fail if the build ends (or never gets there) first."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the build ended (exit {process.returncode}) before it could be killed: "
                        f"{process.stderr.read().decode()[-2000:] if process.stderr else ''}")
        staged = sum(len(files) for _, _, files in os.walk(folder)) if folder.is_dir() else 0
        if staged >= count:
            return staged
        time.sleep(0.02)
    process.kill()
    pytest.fail(f"no {count} files staged in {folder} within {limit:.0f} s")


def test_tidying_leaves_the_old_sites_this_process_is_removing_and_removes_a_dead_builds(tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()
    ours = tmp_path / f"public.trash-0-{os.getpid()}"
    (ours / "unit").mkdir(parents=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    theirs = tmp_path / f"public.staging-{dead.pid}"
    theirs.mkdir()
    write.tidy(out)
    assert ours.is_dir() and not theirs.exists()


def test_a_dev_server_swapping_sites_twice_gives_each_old_site_a_trash_folder_of_its_own(tmp_path: Path) -> None:
    out = tmp_path / "public"
    for number in range(3):
        writer = write.SiteWriter(out, background_cleanup=True)
        writer.write("index.html", f"<p>{number}</p>".encode(), "home")
        writer.publish()
    assert (out / "index.html").read_text() == "<p>2</p>"
