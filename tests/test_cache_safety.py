"""What builds keep beside the output cannot run code: a planted pickle is never loaded.

The round cache and the memos are sealed with this machine's key (sitegen/cache/seal.py), kept
outside the output. A file planted there, which would run a command when unpickled, is ignored with
a warning, and the build gives the same site as a clean one.
"""

from __future__ import annotations

import logging
import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.cache import seal, state
from sitegen.cache.session import Session
from sitegen.pipeline import BuildOptions, build
from tests.conftest import MINI, REPO, copy_registry
from tests.test_incremental import add_award, tree


class Payload:
    """Unpickling this runs a shell command that leaves a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return (os.system, (f"touch {self.marker}",))


def build_mini(root: Path, out: Path) -> None:
    """An incremental build of a registry, in this process."""
    build(BuildOptions(root=root, out=out), Session())


def build_command(root: Path, out: Path) -> subprocess.CompletedProcess:
    """`build.py build` of a registry, as a user runs it."""
    return subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--root", str(root), "--out", str(out)],
                          capture_output=True, text=True, timeout=300)


@pytest.fixture()
def built(tmp_path: Path) -> dict[str, Path]:
    """A built copy of the mini registry, with its cache beside the output."""
    root = copy_registry(MINI, tmp_path / "root")
    out = tmp_path / "out" / "public"
    build_mini(root, out)
    return {"root": root, "out": out, "cache": state.cache_folder(out), "marker": tmp_path / "ran",
            "tmp": tmp_path}


def plant_in_memos(site: dict[str, Path]) -> list[Path]:
    """Every memo replaced by a pickle that runs a command."""
    memos = sorted(site["cache"].glob("memo-*/*.pickle"))
    for path in memos:
        path.write_bytes(pickle.dumps(Payload(site["marker"])))
    return memos


def plant_in_rounds(site: dict[str, Path]) -> list[Path]:
    """Every round entry keeps its key (so it would be read) but its body runs a command; the warm start
    goes, since it would hand the rounds over without reading their entries."""
    for warm_start in site["cache"].glob("memo-*/warm.pickle"):
        warm_start.unlink()
    entries = sorted(site["cache"].glob("rounds/*.pickle"))
    for path in entries:
        head = path.read_bytes()[:32]
        path.write_bytes(head + pickle.dumps((Payload(site["marker"]), None)) + bytes(seal.TAG_SIZE))
    return entries


@pytest.mark.parametrize("plant", [plant_in_memos, plant_in_rounds])
def test_a_planted_pickle_never_runs_and_the_build_warns_and_rebuilds(built: dict[str, Path], plant) -> None:
    planted = plant(built)
    assert planted
    add_award(built)  # an input changed: the cache is consulted
    done = build_command(built["root"], built["out"])
    assert done.returncode == 0, done.stderr
    assert not built["marker"].exists()
    warned = {line.split(": ")[1] for line in done.stderr.splitlines() if "cache file failed its check" in line}
    assert {str(p) for p in planted} <= warned
    clean = built["tmp"] / "clean" / "public"
    build_mini(built["root"], clean)
    assert tree(built["out"]) == tree(clean)


def test_state_tables_with_an_unkeyed_digest_are_not_read(built: dict[str, Path],
                                                          caplog: pytest.LogCaptureFixture) -> None:
    import hashlib
    import json

    summary_path, tables_path = state.state_paths(built["out"])
    tables = tables_path.read_bytes()
    head = json.loads(summary_path.read_text("utf-8"))
    head["tables"] = hashlib.blake2b(tables, digest_size=16).hexdigest()  # what anyone can compute
    summary_path.write_text(json.dumps(head), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="sitegen"):
        found = state.load_state(built["out"])
    assert not found.summary and not found.files
    assert any(str(tables_path) in r.getMessage() for r in caplog.records)


def test_the_key_lives_outside_the_output_readable_by_its_owner_only(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(seal, "_KEYS", {})
    key = seal.machine_key()
    path = tmp_path / "xdg" / "registri" / "key"
    assert path.read_bytes() == key and len(key) == seal.KEY_SIZE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    monkeypatch.setattr(seal, "_KEYS", {})
    assert seal.machine_key() == key  # kept: a later build trusts what this one sealed


def test_a_sealed_file_reads_back_and_any_changed_byte_fails(tmp_path: Path) -> None:
    path = tmp_path / "entry.pickle"
    with seal.sealed_file(path) as file:
        pickle.dump({"a": 1}, file)
    data = path.read_bytes()
    assert pickle.loads(seal.unseal(path, data)) == {"a": 1}
    for at in (0, len(data) // 2, len(data) - 1):
        changed = bytearray(data)
        changed[at] ^= 1
        assert seal.unseal(path, bytes(changed)) is None


def outside_journals(tmp: Path, out: Path) -> dict[str, object]:
    """Journals that would delete or move what is not the output's, and journals that are no journal."""
    victim, folder = tmp / "victim.txt", tmp / "victim-folder"
    return {
        "deletion above": {"staging": str(out.with_name(out.name + ".staging-1")), "moves": [],
                           "deletions": ["../victim.txt"]},
        "absolute deletion": {"staging": str(out.with_name(out.name + ".staging-1")), "moves": [],
                              "deletions": [str(victim)]},
        "foreign staging": {"staging": str(folder), "moves": [], "deletions": []},
        "staging of another output": {"staging": str(out.with_name("lain.staging-1")), "moves": [], "deletions": []},
        "empty object": {},
        "a list": [],
        "moves as text": {"staging": str(out.with_name(out.name + ".staging-1")), "moves": "../x", "deletions": []},
    }


@pytest.mark.parametrize("kind", list(outside_journals(Path("/t"), Path("/t/public"))))
def test_a_journal_naming_anything_outside_the_output_is_discarded_not_obeyed(built: dict[str, Path],
                                                                            kind: str) -> None:
    import json

    victim, folder = built["tmp"] / "out" / "victim.txt", built["tmp"] / "out" / "victim-folder"
    victim.write_text("kept")
    folder.mkdir()
    (folder / "inside.txt").write_text("kept")
    journal = built["out"].with_name(built["out"].name + ".registri-journal.json")
    journal.write_text(json.dumps(outside_journals(built["tmp"] / "out", built["out"])[kind]), encoding="utf-8")
    add_award(built)
    done = build_command(built["root"], built["out"])
    assert done.returncode == 0, done.stderr
    assert f"warning: {journal}: not a journal of this output" in done.stderr
    assert victim.read_text() == "kept" and (folder / "inside.txt").read_text() == "kept"
    assert not journal.exists()
    clean = built["tmp"] / "clean" / "public"
    build_mini(built["root"], clean)
    assert tree(built["out"]) == tree(clean)
