"""Pieces of the site-wide files (CSV rows, JSON lines, search terms) remembered between builds.

A site-wide job (exports, search index) walks every unit, but after a small edit almost every
piece it computes is the one it computed last time. A `Memo` maps a digest of exactly what a piece
is computed from to the piece, so a hit can never be wrong: at worst a piece is computed again.

The dev server keeps each memo in memory; a build also keeps it beside the output, in
`public.registri-cache/memo-<code digest>/<name>.pickle` (state.code_folder), so that a command-line rebuild starts
warm. The folder is named by the generator code's digest (a code change starts afresh), safe to
delete, and a file that cannot be read is ignored. Saving keeps only the entries this build used.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from pathlib import Path

from sitegen.fingerprint import DIGEST_SIZE

_MEMORY: dict[str, tuple[tuple[int, int, int] | None, dict]] = {}  # file -> (its stat when read or written, entries)
_RESIDENT: list[bool] = [False]
MAX_UNITS = 30_000  # pieces of the exports and search index of 10,000 units: ~16 MB on disk, ~40 MB in memory


def keep_in_process() -> None:
    """Memos stay in this process between builds from now on (the dev server). By default a process
    lets a job's pieces go when the job is done: at 100,000 units they are ~150 MB that the rest of
    the build would carry."""
    _RESIDENT[0] = True


def _remember(where: str, signature: tuple[int, int, int] | None, entries: dict) -> None:
    if _RESIDENT[0]:
        _MEMORY[where] = (signature, entries)


def key(*parts: object) -> bytes:
    """The digest of a tuple of plain values (text, numbers, None, tuples of them) by its repr."""
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=DIGEST_SIZE).digest()


class Memo:
    """Remembered pieces by key; `get` marks an entry used, `put` adds one; `save` keeps the used ones."""

    def __init__(self, entries: dict | None = None, path: Path | None = None) -> None:
        self.old = entries or {}
        self.new: dict = {}
        self.path = path
        self.added = 0

    def get(self, name: bytes) -> object:
        """The piece remembered under this key, or None."""
        found = self.new.get(name)
        if found is None:
            found = self.old.get(name)
            if found is not None:
                self.new[name] = found
        return found

    def put(self, name: bytes, value: object) -> object:
        """Remember a piece (never None); returns it."""
        self.new[name] = value
        self.added += 1
        return value

    def keep_all(self) -> None:
        """Keep every remembered entry, used by this build or not (when it found nothing changed)."""
        self.new = {**self.old, **self.new}

    def save(self) -> None:
        """Keep the entries used by this build, on disk and in this process (nothing to do if none changed)."""
        if self.path is None or (not self.added and len(self.new) == len(self.old)):
            return
        where = os.fspath(self.path)
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = f"{where}.tmp-{os.getpid()}"
            with open(tmp, "wb") as file:
                pickle.dump(self.new, file, pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, where)
            _remember(where, _signature(where), self.new)
            return
        _remember(where, None, self.new)


class NoMemo(Memo):
    """Remembers nothing: every piece is computed and let go."""

    def get(self, name: bytes) -> object:
        return None

    def put(self, name: bytes, value: object) -> object:
        return value

    def keep_all(self) -> None:
        pass

    def save(self) -> None:
        pass


def open_memo(folder: Path | None, name: str, units: int = 0) -> Memo:
    """The memo `name` kept in this folder (from memory when the file is the one this process left).

    A registry of more than MAX_UNITS units gets none: its pieces would cost more memory than the
    budget has room for (the 1 GiB peak at 100,000 units), so the memory goal wins over fast edits there.
    """
    if folder is None:
        return Memo()
    path = folder / f"{name}.pickle"
    if units > MAX_UNITS:
        path.unlink(missing_ok=True)
        _MEMORY.pop(os.fspath(path), None)
        return NoMemo()
    where = os.fspath(path)
    signature = _signature(where)
    kept = _MEMORY.get(where)
    if kept is not None and (signature is None or kept[0] == signature):
        return Memo(kept[1], path)
    if signature is not None:
        try:
            with open(where, "rb") as file:
                entries = pickle.load(file)
            if isinstance(entries, dict):
                _remember(where, signature, entries)
                return Memo(entries, path)
        except Exception:  # a damaged or foreign file is only a cold cache
            pass
    return Memo(kept[1] if kept is not None else None, path)


def _signature(where: str) -> tuple[int, int, int] | None:
    try:
        info = os.stat(where)
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)
