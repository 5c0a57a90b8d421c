"""Memos: a process build writes them at once; the dev server keeps them in memory until `flush`."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from sitegen.cache import memo, seal


@pytest.fixture(autouse=True)
def fresh_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no memo kept in memory."""
    monkeypatch.setattr(memo, "_MEMORY", {})
    monkeypatch.setattr(memo, "_UNSAVED", set())


def saved(folder: Path, entries: dict, owner: int | None = None) -> memo.Memo:
    """Open the memo 'm', put these entries and save it."""
    found = memo.open_memo(folder, "m", 1, owner)
    for name, value in entries.items():
        found.put(name, value)
    found.save()
    return found


def on_disk(folder: Path) -> dict:
    with open(folder / "m.pickle", "rb") as file:
        return pickle.load(file)


def test_a_process_build_writes_its_memo_at_once_and_keeps_nothing_in_memory(tmp_path: Path) -> None:
    saved(tmp_path, {b"a": 1})
    assert on_disk(tmp_path) == {b"a": 1}
    assert memo._MEMORY == {}


def test_the_dev_server_writes_its_memo_only_when_flushed_and_reads_it_from_memory(tmp_path: Path) -> None:
    saved(tmp_path, {b"a": 1}, owner=os.getpid())
    assert not (tmp_path / "m.pickle").exists()
    assert memo.open_memo(tmp_path, "m", 1, os.getpid()).get(b"a") == 1
    memo.flush()
    assert on_disk(tmp_path) == {b"a": 1}
    memo._MEMORY.clear()  # a later process finds what the dev server left
    assert memo.open_memo(tmp_path, "m", 1).get(b"a") == 1


def test_a_render_helper_of_the_dev_server_writes_at_once(tmp_path: Path) -> None:
    saved(tmp_path, {b"a": 1}, owner=os.getpid() + 1)  # this process is not the one that keeps memos
    assert on_disk(tmp_path) == {b"a": 1}


def test_a_file_a_helper_wrote_since_wins_over_memory_and_is_not_overwritten(tmp_path: Path) -> None:
    me = os.getpid()
    saved(tmp_path, {b"a": 1}, owner=me)
    memo.flush()
    saved(tmp_path, {b"a": 2}, owner=me)  # kept in memory, not written yet
    with seal.sealed_file(tmp_path / "m.pickle") as file:  # a helper's newer entries
        pickle.dump({b"a": 3}, file)
    os.utime(tmp_path / "m.pickle", ns=(1, 1))
    memo.flush()
    assert on_disk(tmp_path) == {b"a": 3}
    assert memo.open_memo(tmp_path, "m", 1, me).get(b"a") == 3


def test_a_damaged_file_is_a_cold_memo_and_the_dev_server_puts_it_right(tmp_path: Path) -> None:
    (tmp_path / "m.pickle").write_bytes(b"not a pickle")
    assert memo.open_memo(tmp_path, "m", 1).get(b"a") is None
    saved(tmp_path, {b"a": 1}, owner=os.getpid())
    memo.flush()
    assert on_disk(tmp_path) == {b"a": 1}


def test_too_many_units_keep_no_memo_in_memory_or_on_disk(tmp_path: Path) -> None:
    saved(tmp_path, {b"a": 1}, owner=os.getpid())
    found = memo.open_memo(tmp_path, "m", memo.MAX_UNITS + 1, os.getpid())
    assert found.get(b"a") is None and memo._MEMORY == {}
    memo.flush()
    assert not (tmp_path / "m.pickle").exists()


def test_an_entry_not_worth_writing_stays_in_memory_but_is_not_written(tmp_path: Path) -> None:
    saved(tmp_path, {b"a": 1})
    found = memo.open_memo(tmp_path, "m", 1)
    found.get(b"a")
    found.put(b"a", 2, write=False)
    found.save()
    assert on_disk(tmp_path) == {b"a": 1}
    me = os.getpid()
    found = memo.open_memo(tmp_path, "m", 1, me)
    found.put(b"a", 3, write=False)
    found.save()
    assert memo.open_memo(tmp_path, "m", 1, me).get(b"a") == 3
    memo.flush()
    assert on_disk(tmp_path) == {b"a": 1}
