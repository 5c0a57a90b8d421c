"""Loading a big registry in a forked child, so that the build process keeps only the compact model.

Reading YAML with line marks builds a node tree and a marked record per award; they are all gone
once the model is built, but the memory they took stays with the process (Python's allocator
cannot return fragmented arenas). At 100,000 units that is ~350 MB of a ~550 MB heap. A child that
loads and sends the registry back pickled takes that memory with it when it exits; for small
registries the pickling costs more than it saves, so they load in the build process.
"""

from __future__ import annotations

import os
import pickle
import traceback
from collections.abc import Callable
from pathlib import Path

from sitegen.datacache import RoundCache
from sitegen.errors import DataError
from sitegen.registry import load_registry

APART_FROM_BYTES = 8 * 1024 * 1024  # data/ at least this big (about 25,000 units) loads in a child


def data_size(root: Path) -> int:
    """Bytes of YAML under data/."""
    return sum(path.stat().st_size for path in (root / "data").rglob("*.y*ml"))


def load(root: Path, rounds: RoundCache, apart: bool) -> tuple:
    """load_registry with the round cache, in a child process when `apart` (results and errors come back)."""
    if not apart:
        return load_registry(root, rounds.read_rounds, rounds.unit_memo)
    read, write = os.pipe()
    before = rounds.hits
    pid = os.fork()
    if pid == 0:
        os.close(read)
        _child(write, lambda: load_registry(root, rounds.read_rounds), rounds, before)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        payload = pipe.read()
    os.waitpid(pid, 0)
    if not payload:
        raise RuntimeError("the process loading the registry died")
    kind, value, used, hits = pickle.loads(payload)
    rounds.used |= used
    rounds.hits += hits
    if kind == "data":
        raise DataError(value)
    if kind == "bug":
        raise RuntimeError(f"loading the registry failed:\n{value}")
    return value


def _child(fd: int, work: Callable[[], tuple], rounds: RoundCache, before: int) -> None:
    """Run the load, send (kind, result or problems or traceback, round files used, cache hits), exit."""
    try:
        message = ("ok", work())
    except DataError as err:
        message = ("data", err.problems)
    except BaseException:
        message = ("bug", traceback.format_exc())
    try:
        payload = pickle.dumps((*message, rounds.used, rounds.hits - before), pickle.HIGHEST_PROTOCOL)
    except Exception:
        payload = pickle.dumps(("bug", traceback.format_exc(), set(), 0))
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(payload)
    os._exit(0)
