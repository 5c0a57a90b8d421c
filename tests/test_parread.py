"""Reading round files on both cores gives exactly what reading them one by one gives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.cache import child, parread
from sitegen.cache.datacache import RoundCache
from sitegen.cache.unit_memo import CachedRounds
from sitegen.errors import DataError, Problems
from sitegen.load.registry import load_registry
from sitegen.load.validate import round_files
from tests.bad_input import FIXTURES, kinds
from tests.conftest import MINI, copy_registry


@given(st.lists(st.integers(min_value=0, max_value=10**7), max_size=40))
def test_split_by_size_gives_every_file_to_exactly_one_side(sizes: list[int]) -> None:
    theirs, ours = parread.split_by_size(sizes)
    assert sorted(theirs + ours) == list(range(len(sizes)))
    if sizes:  # greedy largest-first: the sides differ by at most the largest file
        assert abs(sum(sizes[i] for i in theirs) - sum(sizes[i] for i in ours)) <= max(sizes)


def outcome(root, threshold: int, monkeypatch: pytest.MonkeyPatch, cache: RoundCache | None = None) -> tuple[str, int]:
    """The registry or every problem, as text, reading in parallel from `threshold` bytes; and the forks made."""
    forks = []
    real_fork = child.os.fork
    monkeypatch.setattr(parread, "PARALLEL_MIN_BYTES", threshold)
    monkeypatch.setattr(child, "cores", lambda: 2)
    monkeypatch.setattr(child.os, "fork", lambda: forks.append(1) or real_fork())
    try:
        text = repr(load_registry(root, CachedRounds(cache.read_rounds if cache else parread.read_rounds)))
    except DataError as err:
        text = "problems:\n" + str(err)
    monkeypatch.setattr(child.os, "fork", real_fork)
    return text, len(forks)


ROOTS = [MINI, *(FIXTURES / kind for kind in kinds() if (FIXTURES / kind / "data" / "awards").is_dir())]


@pytest.mark.parametrize("root", ROOTS, ids=lambda p: p.name)
def test_parallel_reading_matches_serial_reading(root, monkeypatch: pytest.MonkeyPatch) -> None:
    serial, serial_forks = outcome(root, 1 << 62, monkeypatch)
    parallel, parallel_forks = outcome(root, 0, monkeypatch)
    assert parallel == serial
    several = len(round_files(root / "data" / "awards", Problems())) >= 2
    assert (serial_forks, parallel_forks) == (0, 1 if several else 0)


def test_problems_from_files_read_by_either_process_are_all_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    text, forks = outcome(FIXTURES / "several-defects", 0, monkeypatch)
    rounds_with_problems = {line.split(":")[0] for line in text.splitlines() if line.startswith("data/awards/")}
    assert forks == 1 and len(rounds_with_problems) >= 2, text


def test_a_changed_file_is_read_by_the_child_while_cached_ones_come_from_disk(
        tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_registry(MINI, tmp_path / "root")
    cache = RoundCache(tmp_path / "rounds", b"code", keep_in_memory=False)
    first, _ = outcome(root, 0, monkeypatch, cache)
    round_file = root / "data" / "awards" / "2021.yaml"
    # A changed header: the file is read whole (an edited award alone is read again in part, test_reread.py).
    round_file.write_text(round_file.read_text().replace('place: "Jakarta"', 'place: "Jakarta Pusat"', 1))
    cached, forks = outcome(root, 0, monkeypatch, RoundCache(tmp_path / "rounds", b"code", keep_in_memory=False))
    fresh, _ = outcome(root, 1 << 62, monkeypatch)
    assert cached == fresh != first
    assert forks == 1  # one changed file: read in the child, the other rounds unpickled meanwhile
