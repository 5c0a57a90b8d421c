"""Which jobs this build must run again, from what the last build recorded (see state.py).

For every job the state holds the registry values it read (its dependencies, see tracking.py) and
the files it wrote; for every dependency a digest of its value; for every file its size and mtime.
A job runs again when any of its dependencies has a new digest, when one of its files is no longer
exactly as recorded, or when it is new. No state at all just means that every job runs.
"""

from __future__ import annotations

import operator
import os
from collections.abc import Iterable
from itertools import compress, count
from pathlib import Path

from sitegen.cache.state import BuildState, JobRecord
from sitegen.cache.tracking import WHOLE, Dep
from sitegen.fingerprint import combine, digest, value_digest

ABSENT = b"\0absent"


class DepDigests:
    """Digests of dependency values in this build's registry, each computed once.

    known: the dev server's (value, digest) of every item the last build digested: a value that is
    the very same object (a unit reused by unit_memo.UnitMemo) keeps its digest. `seen` is the next one.
    """

    def __init__(self, registry: object, external: dict[str, bytes],
                 known: dict[Dep, tuple[object, bytes]] | None = None) -> None:
        self.registry = registry
        self.external = external
        self.memo: dict[Dep, bytes] = {}
        self._items: dict[Dep, bytes] = {}
        self.known = known
        self.seen: dict[Dep, tuple[object, bytes]] = {}

    def __call__(self, dep: Dep) -> bytes:
        found = self.memo.get(dep)
        if found is None:
            found = self.memo[dep] = self._compute(dep)
        return found

    def _compute(self, dep: Dep) -> bytes:
        name, key = dep
        if name in self.external:
            return self.external[name]
        value = getattr(self.registry, name, None)
        if not isinstance(value, dict):
            return self._digest(dep, value) if key == WHOLE else ABSENT
        if key == WHOLE:
            return self._whole(dep, value)
        return self._item(name, key)

    def _whole(self, dep: Dep, mapping: dict) -> bytes:
        """A whole mapping's digest; the dev server keeps the last one, digesting again only the items that
        are not the very same object under the same keys."""
        name = dep[0]

        def part(key: object) -> bytes:
            return repr(key).encode() + b"\0" + self._item(name, key)  # keys are ids or years

        if self.known is None:
            return combine([part(k) for k in mapping])
        keys, values = list(mapping), list(mapping.values())
        old = self.known.get(dep)
        if old is None or old[0][0] != keys:
            parts = [part(k) for k in keys]
            found = combine(parts)
        else:
            parts, found = old[0][2], old[1]
            changed = list(compress(count(), map(operator.is_not, old[0][1], values)))
            if changed:
                parts = list(parts)
                for place in changed:
                    parts[place] = part(keys[place])
                found = combine(parts)
        self.seen[dep] = ((keys, values, parts), found)
        return found

    def _item(self, name: str, key: object) -> bytes:
        dep = (name, key)
        found = self._items.get(dep)
        if found is None:
            mapping = getattr(self.registry, name)
            found = self._items[dep] = self._digest(dep, mapping[key]) if key in mapping else ABSENT
        return found

    def take_known(self, deps: Iterable[Dep]) -> None:
        """Take the digest of every item among deps whose value is the very object the last build digested
        (the dev server: most units are reused, see unit_memo.UnitMemo), in one quick pass."""
        if not self.known:
            return
        known, memo, items, seen = self.known, self.memo, self._items, self.seen
        mappings: dict[str, object] = {}
        for dep in deps:
            old = known.get(dep)
            if old is None:
                continue
            name, key = dep
            mapping = mappings.get(name)
            if mapping is None:
                mapping = mappings[name] = getattr(self.registry, name, None)
            if isinstance(mapping, dict) and mapping.get(key, ABSENT) is old[0] and name not in self.external:
                memo[dep] = items[dep] = old[1]
                seen[dep] = old

    def _digest(self, dep: Dep, value: object) -> bytes:
        if self.known is None:
            return value_digest(value)
        old = self.known.get(dep)
        found = old[1] if old is not None and old[0] is value else value_digest(value)
        self.seen[dep] = (value, found)
        return found


def changed_deps(state: BuildState, digests: DepDigests) -> set[Dep]:
    """The dependencies of the last build whose values are not the same now."""
    digests.take_known(state.deps)
    return {dep for dep, old in state.deps.items() if digests(dep) != old}


def unchanged_files(out: Path, state: BuildState) -> set[str]:
    """Files of the last build still exactly as it left them (same size and mtime)."""
    good = set()
    base = os.fspath(out) + os.sep
    for rel, (_, size, mtime_ns) in state.files.items():
        try:
            info = os.stat(base + rel)
        except OSError:
            continue
        if info.st_size == size and info.st_mtime_ns == mtime_ns:
            good.add(rel)
    return good


def not_as_left(out: Path, state: BuildState) -> tuple[list[str], bool]:
    """The files of the last build no longer exactly as it left them, and whether every folder is
    (unchanged_files and folders_unchanged in one go, for a forked child: its answer is small)."""
    good = unchanged_files(out, state)
    return [rel for rel in state.files if rel not in good], folders_unchanged(out, state)


def folders_unchanged(out: Path, state: BuildState) -> bool:
    """No folder of the output gained or lost an entry since the last build (nobody added files by hand)."""
    base = os.fspath(out) + os.sep
    for rel, mtime_ns in state.dirs.items():
        try:
            if os.stat(base + rel).st_mtime_ns != mtime_ns:
                return False
        except OSError:
            return False
    return bool(state.dirs)


def files_as_left(out: Path, files: Iterable[tuple[str, list]]) -> bool:
    """Every one of these files of the last build still has the size and mtime it was left with."""
    base = os.fspath(out) + os.sep
    for rel, (_, size, mtime_ns) in files:
        try:
            info = os.stat(base + rel)
        except OSError:
            return False
        if info.st_size != size or info.st_mtime_ns != mtime_ns:
            return False
    return True


def output_as_left(out: Path, state: BuildState) -> bool:
    """Every file and folder of the output exactly as the last build left it, each one stat'ed."""
    return files_as_left(out, state.files.items()) and folders_unchanged(out, state)


def folder_times(out: Path, files: dict[str, list]) -> dict[str, int]:
    """mtime of every folder holding output files, and of the output folder itself."""
    folders = {""}
    for rel in files:
        parent = os.path.dirname(rel)
        while parent not in folders:
            folders.add(parent)
            parent = os.path.dirname(parent)
    base = os.fspath(out)
    return {rel: os.stat(os.path.join(base, rel)).st_mtime_ns for rel in sorted(folders)}


def next_deps(previous: BuildState, ran: list[JobRecord], digests: DepDigests, everything: bool) -> dict[Dep, bytes]:
    """Digests of the dependencies: the last build's, updated where they changed and for the jobs that ran.

    When every job ran, only their dependencies are kept, so the table does not grow without end.
    """
    deps = {} if everything else {dep: digests(dep) for dep in previous.deps}
    for dep in set().union(*(record.deps for record in ran)):
        deps[dep] = digests(dep)
    return deps


def next_folder_times(writer: object, previous: BuildState) -> dict[str, int]:
    """Folder mtimes after publishing: all of them after a tree swap, only the touched ones after a commit."""
    if not writer.changes_only or not previous.dirs:
        return folder_times(writer.out, writer.files)
    touched = set()
    for rel in [*writer.staged, *(set(previous.files) - set(writer.files))]:
        parent = os.path.dirname(rel)
        while parent not in touched:
            touched.add(parent)
            if not parent:
                break
            parent = os.path.dirname(parent)
    dirs = dict(previous.dirs)
    for rel in touched:
        try:
            dirs[rel] = os.stat(os.path.join(writer.out, rel)).st_mtime_ns
        except OSError:
            dirs.pop(rel, None)
    return dirs


def inputs_digest(parts: dict[str, bytes]) -> str:
    """One digest for everything a build reads: data, sources, templates, static files, code, options."""
    return digest(b"".join(name.encode() + b"\0" + value for name, value in sorted(parts.items()))).hex()


def plan(jobs: list, state: BuildState, changed: set[Dep], good_files: set[str] | None) -> tuple[list, list]:
    """Split jobs into those that must run (new, a dependency changed, a file not as left) and the rest.

    good_files None: every file of the last build is as it left it (the dev server's own output).
    """
    dirty, clean = [], []
    records = state.jobs
    for job in jobs:
        record = records.get(job.key)
        if record is None or not changed.isdisjoint(record.deps) or (
                good_files is not None and not good_files.issuperset(record.files)):
            dirty.append(job)
        else:
            clean.append(job)
    return dirty, clean
