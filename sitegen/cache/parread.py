"""Reading many round files on both cores: a forked child parses about half the bytes.

Parsing YAML with line marks and checking every record is most of loading a big registry, and it
is one file at a time, so it splits cleanly: the child reads its files with problems of its own and
sends back (result, problems) per file pickled; the parent reads the rest meanwhile. Results and
problems come back in the order of the files, so the outcome is the same as reading them in turn.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from sitegen.cache import child
from sitegen.errors import Problem, Problems
from sitegen.load.validate import read_round

PARALLEL_MIN_BYTES = 512 * 1024  # below this a fork and the pickling cost more than half the parsing saves

ReadOne = Callable[[Path, Problems], tuple]
Outcome = tuple[tuple, list[Problem]]


def read_each(paths: list[Path], root: Path | None, read_one: ReadOne,
              alongside: Callable[[], None] | None = None) -> list[Outcome]:
    """read_one for every path, each with a problem list of its own, on both cores when it pays.

    `alongside` is other work of this process (taking cached files from disk) done while the child reads.
    """
    sizes = [_size(path) for path in paths]
    if (len(paths) < 2 and not (paths and alongside)) or sum(sizes) < PARALLEL_MIN_BYTES or child.cores() < 2:
        outcomes = [_read(path, root, read_one) for path in paths]
        if alongside is not None:
            alongside()
        return outcomes
    theirs, ours = split_by_size(sizes) if len(paths) > 1 else ([0], [])
    collect = child.in_child(lambda: [_read(paths[i], root, read_one) for i in theirs], "reading round files")
    try:
        outcomes: dict[int, Outcome] = {i: _read(paths[i], root, read_one) for i in ours}
        if alongside is not None:
            alongside()
    except BaseException:
        with contextlib.suppress(Exception):  # reap the child (it ends once it has read its share) before raising
            collect()
        raise
    outcomes.update(zip(theirs, collect(), strict=True))
    return [outcomes[i] for i in range(len(paths))]


def read_rounds(paths: list[Path], problems: Problems) -> list[tuple]:
    """validate.read_round of every file, in order, on both cores when the files are big."""
    results = []
    for result, found in read_each(paths, problems.root, read_round):
        problems.extend(found)
        results.append(result)
    return results


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


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0

