"""Loading a big registry in a forked child, so that the build process keeps only the compact model.

Reading YAML with line marks builds a node tree and a marked record per award; they are all gone
once the model is built, but the memory they took stays with the process (Python's allocator
cannot return fragmented arenas). A child that
loads and sends the registry back pickled takes that memory with it when it exits; for small
registries the pickling costs more than it saves, so they load in the build process.
"""

from __future__ import annotations

from pathlib import Path

from sitegen.cache import child
from sitegen.cache.datacache import RoundCache
from sitegen.cache.unit_memo import CachedRounds
from sitegen.errors import DataError
from sitegen.load.registry import load_registry

APART_FROM_BYTES = 8 * 1024 * 1024  # data/ at least this big loads in a child


def data_size(root: Path) -> int:
    """Bytes of YAML under data/."""
    return sum(_size(path) for path in (root / "data").rglob("*.y*ml"))


def _size(path: Path) -> int:
    """A file's size; 0 for a broken link or a loop (loading reports it, with its path)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def load(root: Path, rounds: RoundCache, apart: bool) -> tuple:
    """load_registry with the round cache, in a child process when `apart` (results and errors come back)."""
    if not apart:
        return load_registry(root, rounds.loading())
    before = rounds.hits

    def work() -> tuple:
        try:
            outcome = ("ok", load_registry(root, CachedRounds(rounds.read_rounds)))
        except DataError as err:
            outcome = ("data", err.problems)
        return (*outcome, rounds.used, rounds.hits - before)

    kind, value, used, hits = child.in_child(work, "loading the registry")()
    rounds.used |= used
    rounds.hits += hits
    if kind == "data":
        raise DataError(value)
    return value
