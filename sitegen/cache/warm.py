"""A command-line build that starts where the last one left off: the loaded registry kept beside the output.

The dev server keeps, between edits, the round files' records, the units made from them, the last
registry and the digest of every value the plan compared (unit_memo.UnitMemo, plan.DepDigests.known),
so an edit makes again only what it touched. A command-line build is a new process: without this it
makes all of them again from the round cache (about 1 s at 10k units). Here a build keeps them in one
sealed pickle, `warm.pickle` in the memo folder (memo-<code digest>, so a code change starts cold), and
the next build loads it (about 0.25 s at 10k units) and goes on exactly as the dev server would.

Everything in it is only ever reused by object identity within the pickle: a record the round cache
hands over as the very object it kept, a unit made from those very records, a digest of the very
value it was made from. So a start older than the last build only costs work, never a wrong answer.
It is written again only when a build drifted from it (the quick path of unit_memo did not apply:
units regrouped or linked afresh), not after every edit: an edit of one award loads it and does not
write it. Above memo.MAX_UNITS units there is none (the peak-memory target), nor when the registry
loads in a child (forkload: big data).
"""

from __future__ import annotations

import contextlib
import pickle
from dataclasses import dataclass
from pathlib import Path

from sitegen.cache import memo
from sitegen.cache.datacache import Entry, RoundCache
from sitegen.cache.memo import collector_off
from sitegen.cache.seal import sealed_file, unseal
from sitegen.cache.tracking import Dep
from sitegen.cache.unit_memo import UnitMemo

NAME = "warm.pickle"


@dataclass
class Warm:
    """What a build leaves for the next process: round results, the units' memo, the values' digests."""

    entries: dict[str, Entry]  # RoundCache.memory
    units: UnitMemo
    digests: dict[Dep, tuple[object, bytes]]  # plan.DepDigests.seen


def path_in(memos: Path) -> Path:
    """The warm start's file in a memo folder (state.code_folder)."""
    return memos / NAME


def read(memos: Path) -> Warm | None:
    """The warm start kept in this folder, or None (none, damaged, not sealed here, an older code's)."""
    path = path_in(memos)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    body = unseal(path, data)  # a pickle this machine's builds did not write is never loaded
    if body is None:
        return None
    try:
        with collector_off():
            warm = pickle.loads(body)
    except Exception:  # sealed here, so only a bug or an older generator's classes: a cold start
        return None
    return warm if isinstance(warm, Warm) else None


def resume(rounds: RoundCache, memos: Path, units: int) -> dict[Dep, tuple[object, bytes]] | None:
    """Make the round cache keep what it reads in memory, from the warm start when there is one; the
    digests the plan may take over (empty when cold, so that this build's are collected). None, and no
    warm start kept, for a registry of more than memo.MAX_UNITS units (units: the last build's count)."""
    if units > memo.MAX_UNITS:
        forget(memos)
        return None
    found = read(memos)
    if found is None:
        rounds.keep()
        return {}
    rounds.keep(found.entries, found.units)
    return found.digests


def drifted(rounds: RoundCache) -> bool:
    """Whether the last load went beyond what the warm start it began from already holds."""
    return rounds.unit_memo is None or not rounds.unit_memo.quick


def write(memos: Path, rounds: RoundCache, digests: dict[Dep, tuple[object, bytes]]) -> None:
    """Keep this build's round results, units and digests for the next process (a full disk: none)."""
    units = rounds.unit_memo
    if units is None or units.registry is None or len(units.registry.units) > memo.MAX_UNITS:
        forget(memos)
        return
    path = path_in(memos)
    try:
        with collector_off(), sealed_file(path) as file:
            pickle.dump(Warm(rounds.memory, units, digests), file, pickle.HIGHEST_PROTOCOL)
    except OSError:  # a full disk: nothing kept, and the next build starts cold
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def forget(memos: Path) -> None:
    """Remove the warm start (the registry is above the memo limit now)."""
    with contextlib.suppress(OSError):
        path_in(memos).unlink(missing_ok=True)
