"""Round files already read and checked, kept by content: an unchanged file is not parsed again, and
an edited one is read again in part when it can be (only its changed awards: sitegen/cache/reread.py).

The cache lives beside the output (`public.registri-cache/`) and only saves work: an entry is used
when the file's bytes, its path, the registry root and the generator's code are all the same as when
it was made, and a file that had any problem is never cached. An edited file is read in part from the
entry of the same name made with the same path, root and code. Every entry is sealed with this
machine's key (seal.py): one that fails its seal is never unpickled, and the file is read again.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from sitegen.cache.parread import read_each
from sitegen.cache.reread import Chunks, read_round_whole, reread_round
from sitegen.cache.seal import sealed_file, unseal
from sitegen.cache.unit_memo import CachedRounds, UnitMemo
from sitegen.errors import Problems
from sitegen.fingerprint import DIGEST_SIZE, digest
from sitegen.inputs_guard import InputError, read_input
from sitegen.load.registry import PlainLoading

FORMAT = b"rounds-2"
HEAD_SIZE = 2 * DIGEST_SIZE  # a stored entry: its key, its context, then (result, chunks) pickled


class Entry(NamedTuple):
    """What the cache keeps of one round file."""

    key: bytes  # everything the result is made from: the file's bytes and its context
    context: bytes  # what besides the bytes it is made from: the code, the file's path, the registry root
    result: tuple  # what validate.read_round gave
    chunks: Chunks | None  # how to read the file again in part (reread.py), when it can be


class RoundFile(NamedTuple):
    """One round file to read, with its bytes as its key was made from them."""

    index: int
    path: Path
    raw: bytes | None  # None when it cannot be read
    key: bytes
    context: bytes


class RoundCache:
    """read_round with a memory of earlier results, in memory (dev server) or in a folder (build)."""

    def __init__(self, folder: Path | None, code: bytes, keep_in_memory: bool = True) -> None:
        self.folder = folder
        self.code = code
        self.keep_in_memory = keep_in_memory or folder is None
        self.memory: dict[str, Entry] = {}  # file name -> its entry
        self.used: set[str] = set()
        self.pruned_for: set[str] | None = None  # the round files the folder was last pruned for
        self.hits = 0
        self.rereads = 0  # files read again in part (reread.py)
        self.unwritten: dict[str, Entry] = {}  # kept in memory, not yet in the folder (see flush)
        self.unit_memo = UnitMemo(self.read_rounds) if self.keep_in_memory else None  # kept results: units too

    def keep(self, memory: dict[str, Entry] | None = None, unit_memo: UnitMemo | None = None) -> None:
        """Keep what is read in memory from now on (the folder gets it from flush), starting from this memory
        and these units (a warm start, warm.py): a command-line build then loads as the dev server does."""
        self.keep_in_memory = True
        self.memory = memory if memory is not None else {}
        self.unit_memo = unit_memo if unit_memo is not None else UnitMemo(self.read_rounds)
        self.unit_memo.read_rounds = self.read_rounds

    def loading(self) -> PlainLoading:
        """How load_registry reads with this cache (registry.PlainLoading's door)."""
        return self.unit_memo or CachedRounds(self.read_rounds)

    def read_rounds(self, paths: list[Path], problems: Problems) -> list[tuple]:
        """What validate.read_round gives for each file: from the cache when nothing it depends on
        changed, read again in part when only some of its awards did, else read whole (on both cores when
        there is much to read) and kept if it had no problem. Cached files are taken from disk while a
        forked child reads changed ones."""
        results: dict[int, tuple] = {}
        stored: list[RoundFile] = []
        missing: list[RoundFile] = []
        for file in (self._file(i, path, problems.root) for i, path in enumerate(paths)):
            if self._in_memory(file):
                results[file.index] = self.memory[file.path.name].result
                self.hits += 1
            elif file.path.name in self.memory and self._reread(file, problems.root, results):
                pass  # read again in part from the records in memory, which keeps them the same objects (a
                # warm start older than the folder's entry: that entry's records would all be new ones)
            elif file.raw is not None and self._stored_key(file.path.name) == file.key:
                stored.append(file)
            elif not self._reread(file, problems.root, results):
                missing.append(file)

        def take_stored() -> None:
            for file in stored:
                cached = self._from_folder(file)
                if cached is None:
                    missing.append(file)
                else:
                    results[file.index] = cached

        first = [file.path for file in missing]  # files that are known to need reading: read them meanwhile
        outcomes = read_each(first, problems.root, read_round_whole, alongside=take_stored if stored else None)
        outcomes += read_each([file.path for file in missing[len(first):]], problems.root, read_round_whole)
        for file, ((result, chunks), found) in zip(missing, outcomes, strict=True):
            problems.extend(found)
            if file.raw is not None and not found:
                result = self._keep_unchanged_records(file.path.name, result)
                self._put(file.path.name, Entry(file.key, file.context, result, chunks))
            results[file.index] = result
        return [results[i] for i in range(len(paths))]

    def _reread(self, file: RoundFile, root: Path | None, results: dict[int, tuple]) -> bool:
        """Read a file again in part from its last entry, when it has one and only some awards changed."""
        before = self._earlier(file) if file.raw is not None else None
        if before is None or before.chunks is None:
            return False
        again = reread_round(file.path, file.raw, root, before.result, before.chunks)
        if again is None:
            return False
        result = self._keep_unchanged_records(file.path.name, again[0])
        self._put(file.path.name, Entry(file.key, file.context, result, again[1]))
        results[file.index] = result
        self.rereads += 1
        return True

    def _keep_unchanged_records(self, name: str, result: tuple) -> tuple:
        """A file read again after an edit: each record exactly as before (values and Marks) is handed
        over as the old object, so the dev server's units made from it are reused (unit_memo.UnitMemo)."""
        old = self.memory.get(name)
        if old is None:
            return result
        header, records = result
        before = {}
        for record in old.result[1]:
            before.setdefault(record["_line"], record)
        kept = []
        for record in records:
            same = before.get(record["_line"])
            kept.append(same if same is not None and (same is record or same == record) else record)
        return header, kept  # marks are values too: a moved record is a new one

    def _file(self, index: int, path: Path, root: Path | None) -> RoundFile:
        """A round file with its bytes, and the digests its cached result must have been made from."""
        context = digest(FORMAT + self.code + os.fsencode(path) + b"\0" + os.fsencode(str(root)))
        try:
            raw = read_input(path, root)
        except (OSError, InputError):  # validation reports it, with its path
            return RoundFile(index, path, None, b"", context)
        self.used.add(path.name)
        return RoundFile(index, path, raw, digest(context + digest(raw)), context)

    def _in_memory(self, file: RoundFile) -> bool:
        """Whether memory holds this file's result for its key (the object itself: nothing downstream
        of read_round changes a record)."""
        entry = self.memory.get(file.path.name)
        return file.raw is not None and entry is not None and entry.key == file.key

    def _stored_key(self, name: str) -> bytes | None:
        """The key the folder's entry for this file was made with (its first bytes), or None."""
        if self.folder is None:
            return None
        try:
            with open(self.folder / f"{name}.pickle", "rb") as entry:
                return entry.read(DIGEST_SIZE)
        except OSError:
            return None

    def _from_folder(self, file: RoundFile) -> tuple | None:
        """The result stored in the folder for this file's key, or None."""
        entry = self._load(file.path.name, lambda head: head[:DIGEST_SIZE] == file.key)
        if entry is None:
            return None
        if self.keep_in_memory:
            self.memory[file.path.name] = entry
        self.hits += 1
        return entry.result

    def _earlier(self, file: RoundFile) -> Entry | None:
        """The last entry of a file of this name read in the same context, from memory or the folder."""
        entry = self.memory.get(file.path.name)
        if entry is None:
            entry = self._load(file.path.name, lambda head: head[DIGEST_SIZE:] == file.context)
        return entry if entry is not None and entry.context == file.context else None

    def _load(self, name: str, wanted: Callable[[bytes], bool]) -> Entry | None:
        """The folder's entry for a file when its key and context (its first bytes) are wanted, or None."""
        if self.folder is None:
            return None
        path = self.folder / f"{name}.pickle"
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if len(data) <= HEAD_SIZE or not wanted(data[:HEAD_SIZE]):
            return None
        body = unseal(path, data)  # a pickle this machine's builds did not write is never loaded
        if body is None:
            return None
        try:
            return Entry(data[:DIGEST_SIZE], data[DIGEST_SIZE:HEAD_SIZE], *pickle.loads(body[HEAD_SIZE:]))
        except Exception:  # sealed here, so only an older generator's classes: the file is read again
            return None

    def _put(self, name: str, entry: Entry) -> None:
        if self.keep_in_memory:
            self.memory[name] = entry
            if self.folder is not None:  # the dev server: written by flush once it is idle
                self.unwritten[name] = entry
        elif self.folder is not None:
            self._write(name, entry)

    def _write(self, name: str, entry: Entry) -> None:
        with contextlib.suppress(OSError):  # a cache not written (a full disk) only means reading the file again
            self._write_entry(name, entry)

    def _write_entry(self, name: str, entry: Entry) -> None:
        with sealed_file(self.folder / f"{name}.pickle") as file:
            file.write(entry.key + entry.context)
            pickle.dump((entry.result, entry.chunks), file, pickle.HIGHEST_PROTOCOL)

    def flush(self) -> None:
        """Write the entries kept in memory only so far to the folder (for a later process build)."""
        while self.unwritten:
            self._write(*self.unwritten.popitem())

    def prune(self) -> None:
        """Forget files that are no longer round files (the folder is looked through only when the set
        of round files changed: entries are written under round files' names only)."""
        for name in set(self.memory) - self.used:
            del self.memory[name]
            self.unwritten.pop(name, None)
        if self.used != self.pruned_for and self.folder is not None and self.folder.is_dir():
            self.pruned_for = self.used
            for entry in self.folder.iterdir():
                if entry.name.removesuffix(".pickle") not in self.used:
                    entry.unlink(missing_ok=True)
        self.used = set()

