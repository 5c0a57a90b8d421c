"""Seals on what builds keep beside the output, so that a file planted there is never loaded.

The round cache and the memos are pickles, and loading a pickle can run any code. Every such file
ends in a keyed BLAKE2b tag of its bytes, made with this machine's key, which lives outside the
output and its cache (`$XDG_CACHE_HOME/registri/key`, else `~/.cache/registri/key`, mode 0600). A
file without the right tag (planted, copied from another machine, damaged, or of an older format)
is never unpickled: it is ignored with a warning and the build makes what it held again. The state's
tables are checked the same way (state.py), although marshal runs no code, since a crafted one can
still crash the interpreter.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from sitegen.write import atomic_file

TAG_SIZE = 32
KEY_SIZE = 32
_KEYS: dict[str, bytes] = {}  # the key file's path -> its key, read once per process
_WARNED: set[str] = set()
log = logging.getLogger("sitegen")


def key_path() -> Path:
    """Where this user's key lives: the XDG cache folder, never beside the output."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "registri" / "key"


def machine_key() -> bytes:
    """This user's key, made on first use; a key that cannot be kept is made for this process only."""
    path = key_path()
    found = _KEYS.get(str(path))
    if found is None:
        try:
            found = _read_or_make_key(path)
        except OSError as err:
            log.warning("warning: %s: cannot keep the cache key (%s); the cache beside the output is not "
                        "reused by later builds", path, err.strerror or err)
            found = secrets.token_bytes(KEY_SIZE)
        _KEYS[str(path)] = found
    return found


def _read_or_make_key(path: Path) -> bytes:
    """The key in this file, made (0600, in a 0700 folder) when there is none."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as file:
            key = file.read(KEY_SIZE + 1)
        if len(key) != KEY_SIZE:
            raise OSError(f"{path} is not a key of {KEY_SIZE} bytes") from None
        return key
    key = secrets.token_bytes(KEY_SIZE)
    with os.fdopen(fd, "wb") as file:
        file.write(key)
    return key


def keyed_hasher() -> hashlib.blake2b:
    """A hasher whose digest only a holder of this machine's key can make."""
    return hashlib.blake2b(key=machine_key(), digest_size=TAG_SIZE)


class _Sealing:
    """A file being written whose bytes are hashed as they go (pickle.dump writes to it)."""

    def __init__(self, file: BinaryIO) -> None:
        self.file = file
        self.hasher = keyed_hasher()

    def write(self, data: bytes) -> int:
        """Write and hash; a short write is an error (file.write of a buffered file writes all or raises)."""
        self.hasher.update(data)
        return self.file.write(data)


@contextmanager
def sealed_file(path: Path | str) -> Iterator[_Sealing]:
    """A file that replaces path atomically when the block ends, its tag appended."""
    with atomic_file(path) as file:
        sealing = _Sealing(file)
        yield sealing
        file.write(sealing.hasher.digest())


def unseal(path: Path | str, data: bytes) -> memoryview | None:
    """The file's bytes without their tag when the tag is this machine's, else None (with a warning)."""
    if len(data) >= TAG_SIZE:
        body = memoryview(data)[:-TAG_SIZE]
        expected = hashlib.blake2b(body, key=machine_key(), digest_size=TAG_SIZE).digest()
        if hmac.compare_digest(expected, data[-TAG_SIZE:]):
            return body
    warn_ignored(path)
    return None


def warn_ignored(path: Path | str) -> None:
    """Say once per file that a cache file failed its check and is being rebuilt."""
    where = os.fspath(path)
    if where not in _WARNED:
        _WARNED.add(where)
        log.warning("warning: %s: cache file failed its check (not written by a build on this machine, or "
                    "damaged); ignored, and what it held is made again", where)
