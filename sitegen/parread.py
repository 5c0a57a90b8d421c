"""Reading many round files on both cores: a forked child parses about half the bytes.

Parsing YAML with line marks and checking every record is most of loading a big registry, and it
is one file at a time, so it splits cleanly: the child reads its files with problems of its own and
sends back (result, problems) per file pickled; the parent reads the rest meanwhile. Results and
problems come back in the order of the files, so the outcome is the same as reading them in turn.
"""

from __future__ import annotations

import os
import pickle
import traceback
from collections.abc import Callable
from pathlib import Path

from sitegen.errors import Problem, Problems

PARALLEL_MIN_BYTES = 512 * 1024  # below this a fork and the pickling cost more than half the parsing saves

ReadOne = Callable[[Path, Problems], tuple]
Outcome = tuple[tuple, list[Problem]]


def read_each(paths: list[Path], root: Path | None, read_one: ReadOne,
              alongside: Callable[[], None] | None = None) -> list[Outcome]:
    """read_one for every path, each with a problem list of its own, on both cores when it pays.

    `alongside` is other work of this process (taking cached files from disk) done while the child reads.
    """
    sizes = [_size(path) for path in paths]
    if (len(paths) < 2 and not (paths and alongside)) or sum(sizes) < PARALLEL_MIN_BYTES or _cores() < 2:
        outcomes = [_read(path, root, read_one) for path in paths]
        if alongside is not None:
            alongside()
        return outcomes
    theirs, ours = split_by_size(sizes) if len(paths) > 1 else ([0], [])
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read its share, send it, leave without running the parent's cleanup
        os.close(read_fd)
        _send(write_fd, lambda: [_read(paths[i], root, read_one) for i in theirs])
    os.close(write_fd)
    outcomes: dict[int, Outcome] = {i: _read(paths[i], root, read_one) for i in ours}
    if alongside is not None:
        alongside()
    with os.fdopen(read_fd, "rb") as pipe:
        payload = pipe.read()
    os.waitpid(pid, 0)
    kind, value = pickle.loads(payload) if payload else ("bug", "the process reading round files died")
    if kind != "ok":
        raise RuntimeError(f"reading round files failed:\n{value}")
    outcomes.update(zip(theirs, value, strict=True))
    return [outcomes[i] for i in range(len(paths))]


def split_by_size(sizes: list[int]) -> tuple[list[int], list[int]]:
    """Two lists of indexes with about the same bytes each (largest first, each to the lighter side)."""
    sides: tuple[list[int], list[int]] = ([], [])
    load = [0, 0]
    for i in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        side = 0 if load[0] <= load[1] else 1
        sides[side].append(i)
        load[side] += sizes[i]
    return sorted(sides[0]), sorted(sides[1])


def _read(path: Path, root: Path | None, read_one: ReadOne) -> Outcome:
    problems = Problems(root)
    result = read_one(path, problems)
    return result, problems.items


def _send(fd: int, work: Callable[[], list[Outcome]]) -> None:
    try:
        payload = pickle.dumps(("ok", work()), pickle.HIGHEST_PROTOCOL)
    except BaseException:
        payload = pickle.dumps(("bug", traceback.format_exc()))
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(payload)
    os._exit(0)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
