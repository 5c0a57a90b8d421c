"""Pieces of the site-wide files (CSV rows, JSON lines, search terms) remembered between builds.

A site-wide job (exports, search index) walks every unit, but after a small edit almost every
piece it computes is the one it computed last time. A `Memo` maps a digest of exactly what a piece
is computed from to the piece, so a hit can never be wrong: at worst a piece is computed again.

A build keeps each memo beside the output, in
`public.registri-cache/memo-<code digest>/<name>.pickle` (state.code_folder), so that a command-line rebuild starts
warm. The folder is named by the generator code's digest (a code change starts afresh); each file is
sealed with this machine's key (seal.py), and a file that cannot be read or fails its seal is ignored.
Saving keeps only the entries this build used.

The dev server (a resident session) keeps its memos in memory and does not write them while it
rebuilds: `flush` writes them afterwards, with the build's state, once the server is idle. A render
helper it forks is a process of its own, so what a helper changes is written at once, and the dev
server takes it from the file.
"""

from __future__ import annotations

import contextlib
import copyreg
import gc
import os
import pickle
from collections.abc import Iterator
from pathlib import Path

from sitegen.cache.seal import sealed_file, unseal
from sitegen.fingerprint import value_digest

# The memos resident sessions keep: file -> (its stat when this process last read or wrote it, entries).
# A process build keeps none: the rest of the build would carry them in memory for nothing.
_MEMORY: dict[str, tuple[tuple[int, int, int] | None, dict]] = {}
_UNSAVED: set[str] = set()  # files whose entries in _MEMORY are newer than the file
MAX_UNITS = 30_000  # above this, memos would take more memory than the peak-memory target leaves room for


def memo_key(*parts: object) -> bytes:
    """The key of a piece: a digest of a tuple of plain values (text, numbers, None, tuples of them)."""
    return value_digest(parts)


class NoMemo:
    """Remembers nothing: every piece is made and let go (a registry too big for memos, see open_memo)."""

    lasting = False

    def get(self, name: bytes) -> object:
        return None

    def put(self, name: bytes, value: object, write: bool = True) -> object:
        return value

    def keep_all(self) -> None:
        pass

    def save(self) -> None:
        pass


class Memo:
    """Remembered pieces by key; `get` marks an entry used, `put` adds one; `save` keeps the used ones."""

    def __init__(self, entries: dict | None = None, path: Path | None = None,
                 signature: tuple[int, int, int] | None = None, resident: bool = False) -> None:
        """signature: the file's stat when opened; resident: kept in this process's memory (the dev server's)."""
        self.old = entries or {}
        self.new: dict = {}
        self.path = path
        self.signature = signature
        self.resident = resident
        self.added = 0
        self.refreshed = False  # an entry was replaced by one not worth writing (see put)

    @property
    def lasting(self) -> bool:
        """Whether what is put here outlives this build (kept in a file or the dev server's memory)."""
        return self.path is not None

    def get(self, name: bytes) -> object:
        """The piece remembered under this key, or None."""
        found = self.new.get(name)
        if found is None:
            found = self.old.get(name)
            if found is not None:
                self.new[name] = found
        return found

    def put(self, name: bytes, value: object, write: bool = True) -> object:
        """Remember a piece (never None); returns it.

        write=False: not worth writing the memo for (a later build makes it again cheaply from the
        entry written before); the dev server keeps it in memory all the same.
        """
        self.new[name] = value
        if write:
            self.added += 1
        else:
            self.refreshed = True
        return value

    def keep_all(self) -> None:
        """Keep every remembered entry, used by this build or not (when it found nothing changed)."""
        self.new = {**self.old, **self.new}

    def save(self) -> None:
        """Keep the entries used by this build (nothing to do if none changed): in this process until
        `flush` for the dev server, else on disk now."""
        changed = self.added or len(self.new) != len(self.old)
        if self.path is None or not (changed or self.refreshed):
            return
        where = os.fspath(self.path)
        if self.resident:
            _MEMORY[where] = (self.signature, self.new)
            if changed:
                _UNSAVED.add(where)
        elif changed:
            _write(where, self.new)


def open_memo(folder: Path | None, name: str, units: int = 0, owner: int | None = None) -> Memo:
    """The memo `name` kept in this folder, taken from memory unless the file changed since it was read or
    written. owner: the id of the process that keeps memos in memory (the dev server's); a render helper
    forked from it sees its memory but is not it.

    A registry of more than MAX_UNITS units gets none: its pieces would cost more memory than the
    budget has room for (the peak-memory target), so the memory goal wins over fast edits there.
    """
    if folder is None:
        return Memo()
    path = folder / f"{name}.pickle"
    if units > MAX_UNITS:
        path.unlink(missing_ok=True)
        _MEMORY.pop(os.fspath(path), None)
        _UNSAVED.discard(os.fspath(path))
        return NoMemo()
    where = os.fspath(path)
    signature = _signature(where)
    resident = owner == os.getpid()
    kept = _MEMORY.get(where)
    if kept is not None and (signature is None or kept[0] == signature):
        return Memo(kept[1], path, signature, resident)
    entries = _read(where) if signature is not None else None
    if entries is not None and resident:
        _MEMORY[where] = (signature, entries)
        _UNSAVED.discard(where)  # the file is newer: a render helper wrote what it made from these entries
    if entries is None and kept is not None:
        entries = kept[1]
    return Memo(entries, path, signature, resident)


def _read(where: str) -> dict | None:
    """The entries pickled in this file, or None when it cannot be read or is not sealed by this machine
    (seal.py: a planted pickle is never loaded; a damaged file is only a cold cache)."""
    try:
        with open(where, "rb") as file:
            data = file.read()
    except OSError:
        return None
    body = unseal(where, data)
    if body is None:
        return None
    try:
        entries = pickle.loads(body)
    except Exception:  # sealed by this machine, so only a bug or an older generator's classes
        return None
    return entries if isinstance(entries, dict) else None


def unsaved() -> bool:
    """Whether this process keeps memos that `flush` would write."""
    return bool(_UNSAVED)


def flush() -> None:
    """Write the memos the dev server changed and kept in memory (once a build is done).

    A file changed since this process last read or wrote it holds newer entries (a render helper's):
    it is left as it is.
    """
    for where in sorted(_UNSAVED):
        signature, entries = _MEMORY[where]  # every file in _UNSAVED is in _MEMORY
        current = _signature(where)
        if current is None or current == signature:
            _MEMORY[where] = (_write(where, entries), entries)
    _UNSAVED.clear()


def _write(where: str, entries: dict) -> tuple[int, int, int] | None:
    """Pickle the entries to the file, atomically; its new signature, or None when it cannot be written."""
    try:
        with sealed_file(where) as file:
            pickle.dump(entries, file, pickle.HIGHEST_PROTOCOL)
    except OSError:
        return None
    return _signature(where)
    return None


def _signature(where: str) -> tuple[int, int, int] | None:
    try:
        info = os.stat(where)
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


MemoLike = Memo | NoMemo


def pickled_as_tuple(kind: type) -> None:
    """Pickle a named tuple of pieces as a plain tuple made again by tuple's own constructor: the named tuple's
    own, written in Python, would double a memo's load time."""
    copyreg.pickle(kind, _as_tuple)


def _as_tuple(value: tuple) -> tuple:
    return (tuple.__new__, (type(value), tuple(value)))


@contextlib.contextmanager
def collector_off() -> Iterator[None]:
    """No cyclic collection while millions of objects that all stay alive are made or walked: it would
    walk them for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
