"""The writer owns public/: it stages a whole new site beside it and swaps it in only when all succeeded.

Unchanged files are hard-linked from the previous build instead of written, so their mtimes stay put
and rsync or a CDN upload sees only what really changed. A failed or killed build leaves the old
public/ untouched: the staging folder is simply left behind and removed by the next build.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import os
import shutil
from pathlib import Path, PurePosixPath

from sitegen.errors import RegistryError

STATE_NAME = ".registri-state.json"  # beside public/, safe to delete: it only saves work
RENAME_EXCHANGE = 2
AT_FDCWD = -100


class WriteError(RegistryError):
    """Two sources claim one output path, or a path would leave public/."""


class SiteWriter:
    """Collects output files into a staging folder; `publish` swaps it in atomically."""

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.staging = self.out.with_name(f"{self.out.name}.staging-{os.getpid()}")
        self.state_path = self.out.with_name(f"{self.out.name}{STATE_NAME}")
        self.previous: dict[str, list] = load_state(self.state_path) if self.out.is_dir() else {}
        self.hashes: dict[str, list] = {}
        self.origins: dict[str, str] = {}
        self.written = 0
        remove_stale_staging(self.out)
        self.staging.mkdir(parents=True)
        self._dirs: set[str] = set()

    def write(self, path: PurePosixPath | str, data: bytes, origin: str) -> None:
        """Stage one file; refuse a path claimed twice or one that escapes the output folder."""
        rel = safe_relative(str(path))
        if rel in self.origins:
            raise WriteError(f"two sources write {rel}: {self.origins[rel]} and {origin}")
        self.origins[rel] = origin
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        target = self.staging / rel
        parent = os.path.dirname(rel)
        if parent not in self._dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(parent)
        old = self.previous.get(rel)
        if old and old[0] == digest and self._link_previous(rel, target, len(data), old[1]):
            self.hashes[rel] = old
            return
        target.write_bytes(data)
        self.hashes[rel] = [digest, target.stat().st_mtime_ns]
        self.written += 1

    def _link_previous(self, rel: str, target: Path, size: int, mtime_ns: int) -> bool:
        """Reuse the old file only if it is still exactly what the state says was written."""
        source = self.out / rel
        try:
            info = source.stat()
            if info.st_size != size or info.st_mtime_ns != mtime_ns:
                return False
            os.link(source, target)
            return True
        except OSError:
            return False

    def publish(self) -> None:
        """Swap the staged site in for public/ and record the new state."""
        if self.out.exists():
            exchange(self.staging, self.out)
            shutil.rmtree(self.staging)
        else:
            os.rename(self.staging, self.out)
        tmp_state = self.state_path.with_suffix(".tmp")
        tmp_state.write_text(json.dumps(self.hashes, sort_keys=True, separators=(",", ":")))
        os.replace(tmp_state, self.state_path)

    def discard(self) -> None:
        """Throw the staged site away; public/ was never touched."""
        shutil.rmtree(self.staging, ignore_errors=True)


def safe_relative(path: str) -> str:
    """A clean relative path inside the output folder, or a WriteError.

    Validation already limits ids to [a-z0-9-]; this is the second wall, whatever the input.
    """
    pure = PurePosixPath(path)
    if not pure.parts or pure.is_absolute() or ".." in pure.parts or "\\" in path:
        raise WriteError(f"refusing to write outside the output folder: {path!r}")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in path):
        raise WriteError(f"refusing to write a path with control characters: {path!r}")
    return pure.as_posix()


def load_state(path: Path) -> dict[str, list]:
    """The previous build's file hashes; anything unreadable just means 'write everything'."""
    try:
        data = json.loads(path.read_text())
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def remove_stale_staging(out: Path) -> None:
    """Remove staging folders left by builds that were killed."""
    for stale in out.parent.glob(f"{out.name}.staging-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def exchange(a: Path, b: Path) -> None:
    """Swap two folders in one atomic step (Linux renameat2), or in two renames elsewhere."""
    libc_name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(libc_name, use_errno=True) if libc_name else None
    if libc is not None and hasattr(libc, "renameat2"):
        result = libc.renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
        if result == 0:
            return
    old = b.with_name(b.name + ".old")
    os.rename(b, old)
    os.rename(a, b)
    os.rename(old, a)
