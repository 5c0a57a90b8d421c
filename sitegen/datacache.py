"""Round files already read and checked, kept by content: an unchanged file is not parsed again.

The cache lives beside the output (`public.registri-cache/`) and only saves work: an entry is used
when the file's bytes, its path, the registry root and the generator's code are all the same as when
it was made, and a file that had any problem is never cached. Deleting the folder is always safe.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from sitegen.errors import Problems
from sitegen.fingerprint import DIGEST_SIZE, digest
from sitegen.identity import UnitMemo
from sitegen.parread import read_each
from sitegen.validate import read_round

FORMAT = b"rounds-1"
KEY_SIZE = DIGEST_SIZE  # an entry is the key (a digest) and then the pickled result


class RoundCache:
    """read_round with a memory of earlier results, in memory (dev server) or in a folder (build)."""

    def __init__(self, folder: Path | None, code: bytes, keep_in_memory: bool = True) -> None:
        self.folder = folder
        self.code = code
        self.keep_in_memory = keep_in_memory or folder is None
        self.memory: dict[str, tuple[bytes, tuple]] = {}  # file name -> (key, result)
        self.used: set[str] = set()
        self.pruned_for: set[str] | None = None  # the round files the folder was last pruned for
        self.hits = 0
        self.unit_memo = UnitMemo() if keep_in_memory else None  # the dev server also keeps its units

    def read_rounds(self, paths: list[Path], problems: Problems) -> list[tuple]:
        """What validate.read_round gives for each file: from the cache when nothing it depends on
        changed, else read (on both cores when there is much to read) and kept if it had no problem.
        Cached files are taken from disk while a forked child reads changed ones."""
        results: dict[int, tuple] = {}
        missing: list[tuple[int, Path, bytes | None]] = []
        stored: list[tuple[int, Path, bytes]] = []
        for i, path in enumerate(paths):
            key = self._key(path, problems.root)
            if key is not None and self._in_memory(path.name, key):
                results[i] = self.memory[path.name][1]
                self.hits += 1
            elif key is not None and self._stored_key(path.name) == key:
                stored.append((i, path, key))
            else:
                missing.append((i, path, key))

        def take_stored() -> None:
            for i, path, key in stored:
                cached = self._from_folder(path.name, key)
                if cached is None:
                    missing.append((i, path, key))
                else:
                    results[i] = cached

        first = [path for _, path, _ in missing]  # files that are known to need reading: read them meanwhile
        outcomes = read_each(first, problems.root, read_round, alongside=take_stored if stored else None)
        outcomes += read_each([path for _, path, _ in missing[len(first):]], problems.root, read_round)
        for (i, path, key), (result, found) in zip(missing, outcomes, strict=True):
            problems.extend(found)
            if key is not None and not found:
                result = self._keep_unchanged_records(path.name, result)
                self._put(path.name, key, result)
            results[i] = result
        return [results[i] for i in range(len(paths))]

    def _keep_unchanged_records(self, name: str, result: tuple) -> tuple:
        """A file read again after an edit: each record exactly as before (values and Marks) is handed
        over as the old object, so the dev server's units made from it are reused (identity.UnitMemo)."""
        old = self.memory.get(name)
        if old is None:
            return result
        header, records = result
        before = {}
        for record in old[1][1]:
            before.setdefault(record["_line"], record)
        kept = []
        for record in records:
            same = before.get(record["_line"])
            kept.append(same if same is not None and same == record else record)  # marks are values too
        return header, kept

    def _key(self, path: Path, root: Path | None) -> bytes | None:
        """What the cached result of this file must have been made from; None when it cannot be read."""
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        self.used.add(path.name)
        return digest(FORMAT + self.code + os.fsencode(path) + b"\0" + os.fsencode(str(root)) + digest(raw))

    def _in_memory(self, name: str, key: bytes) -> bool:
        """Whether memory holds this file's result for this key (the object itself: nothing downstream
        of read_round changes a record)."""
        entry = self.memory.get(name)
        return entry is not None and entry[0] == key

    def _stored_key(self, name: str) -> bytes | None:
        """The key the folder's entry for this file was made with (its first bytes), or None."""
        if self.folder is None:
            return None
        try:
            with open(self.folder / f"{name}.pickle", "rb") as entry:
                return entry.read(KEY_SIZE)
        except OSError:
            return None

    def _from_folder(self, name: str, key: bytes) -> tuple | None:
        """The result stored in the folder for this key, or None."""
        stored = _read_entry(self.folder / f"{name}.pickle")
        if stored is None or stored[0] != key:
            return None
        try:
            result = pickle.loads(stored[1])
        except Exception:  # a damaged entry only means reading the file again
            return None
        if self.keep_in_memory:
            self.memory[name] = (key, result)
        self.hits += 1
        return result

    def _put(self, name: str, key: bytes, result: tuple) -> None:
        if self.keep_in_memory:
            self.memory[name] = (key, result)
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f"{name}.pickle.tmp-{os.getpid()}"
            tmp.write_bytes(key + pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, self.folder / f"{name}.pickle")

    def prune(self) -> None:
        """Forget files that are no longer round files (the folder is looked through only when the set
        of round files changed: entries are written under round files' names only)."""
        for name in set(self.memory) - self.used:
            del self.memory[name]
        if self.used != self.pruned_for and self.folder is not None and self.folder.is_dir():
            self.pruned_for = self.used
            for entry in self.folder.iterdir():
                if entry.name.removesuffix(".pickle") not in self.used:
                    entry.unlink(missing_ok=True)
        self.used = set()


def _read_entry(path: Path) -> tuple[bytes, bytes] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return (data[:KEY_SIZE], data[KEY_SIZE:]) if len(data) > KEY_SIZE else None
