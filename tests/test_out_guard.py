"""The output is the generator's and nothing else: `--out` never replaces what a build did not write.

Each case runs the real command line on a copy of the mini registry and checks that the folder or
file named is byte for byte as it was, and that the build exits 1 with a message naming why.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.write import MARKER_NAME, OutputRefused, check_output
from tests.conftest import MINI, REPO, build_into, copy_registry


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under a folder (or the file itself) with a digest of its bytes."""
    if folder.is_file():
        return {folder.name: hashlib.sha256(folder.read_bytes()).hexdigest()}
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_build(root: Path, out: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """build.py build --root ROOT --out OUT, run from cwd, as an editor types it."""
    return subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--root", str(root), "--out", out],
                          cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """A writable registry with a git folder, a README and a templates folder of its own."""
    root = copy_registry(MINI, tmp_path / "registry")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (root / "README.md").write_text("# readme\n", encoding="utf-8")
    return root


@pytest.mark.parametrize(("out", "why"), [
    (".", "is the registry folder or holds it"),
    ("..", "is the registry folder or holds it"),
    ("data", "lies in the registry's own data/ folder"),
    ("data/awards", "lies in the registry's own data/ folder"),
    ("site_src", "lies in the registry's own site_src/ folder"),
    (".git", "lies in the registry's own .git/ folder"),
    ("README.md", "is a file, not a folder"),
])
def test_an_output_the_generator_does_not_own_is_refused_and_left_untouched(
        registry: Path, out: str, why: str) -> None:
    before = snapshot(registry.parent)
    result = run_build(registry, out, cwd=registry)
    assert result.returncode == 1, result.stderr
    assert f"refusing to build into '{out}': it {why}" in result.stderr
    assert "nothing was touched" in result.stderr
    assert "hint: build into a new or empty folder" in result.stderr
    assert snapshot(registry.parent) == before


def test_a_foreign_non_empty_folder_is_refused_and_kept(registry: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"\xff\xd8 not ours")
    result = run_build(registry, str(foreign), cwd=registry)
    assert result.returncode == 1
    assert "it is a folder no build of this registry wrote (no .registri-site in it)" in result.stderr
    assert snapshot(foreign) == {"holiday.jpg": hashlib.sha256(b"\xff\xd8 not ours").hexdigest()}


def test_a_link_to_the_registry_is_the_registry(registry: Path, tmp_path: Path) -> None:
    link = tmp_path / "looks-harmless"
    link.symlink_to(registry)
    with pytest.raises(OutputRefused, match="is the registry folder or holds it"):
        check_output(link, registry)


def test_make_site_goes_through_the_same_check(registry: Path) -> None:
    before = snapshot(registry.parent)
    result = subprocess.run(["make", "-s", "site", f"ROOT={registry}", f"OUT={registry}"], cwd=REPO,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode != 0
    assert "is the registry folder or holds it" in result.stderr
    assert snapshot(registry.parent) == before


def test_a_new_an_empty_and_an_earlier_build_folder_are_the_generators(registry: Path, tmp_path: Path) -> None:
    new, empty = tmp_path / "new" / "public", tmp_path / "empty"
    empty.mkdir()
    for out in (new, empty):
        assert run_build(registry, str(out), cwd=registry).returncode == 0
        assert (out / MARKER_NAME).is_file() and (out / "index.html").is_file()
    (new / "stale.html").write_text("left by hand", encoding="utf-8")
    assert run_build(registry, str(new), cwd=registry).returncode == 0  # a site this registry built is replaced
    assert not (new / "stale.html").exists()


def test_a_site_built_before_the_marker_existed_is_recognised_by_its_state_file(tmp_path: Path) -> None:
    out = build_into(MINI, tmp_path / "public")
    (out / MARKER_NAME).unlink()
    assert out.with_name(out.name + ".registri-state.json").is_file()
    check_output(out, MINI)  # no exception: the state beside it says a build wrote it
    os.remove(out.with_name(out.name + ".registri-state.json"))
    with pytest.raises(OutputRefused, match=r"no \.registri-site in it"):
        check_output(out, MINI)
