"""Short content digests: of bytes, of model values, of a folder of files, of the generator's own code."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
from importlib import metadata
from pathlib import Path

from sitegen import PACKAGE, REPO

SITEGEN = PACKAGE
DIGEST_SIZE = 16
RUNTIME_REQUIREMENTS = REPO / "requirements.txt"


def digest(data: bytes) -> bytes:
    """A 128-bit BLAKE2b digest."""
    return hashlib.blake2b(data, digest_size=DIGEST_SIZE).digest()


def value_digest(value: object) -> bytes:
    """A digest of a model value by its repr: frozen dataclasses, tuples, dicts, dates and text repr by value."""
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=DIGEST_SIZE).digest()


def combine(parts: list[bytes]) -> bytes:
    """One digest for an ordered list of digests."""
    return digest(b"".join(parts))


def folder_files(folder: Path, skip: frozenset[str] = frozenset()) -> list[Path]:
    """Every file below a folder, in a stable order, not looking into folders named in skip; none when it
    does not exist."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(name for name in dirnames if name not in skip)
        found.extend(Path(dirpath, name) for name in sorted(filenames))
    return found


def file_digests(folder: Path, base: Path, skip: frozenset[str] = frozenset()) -> dict[str, bytes]:
    """Relative path (to base) -> content digest, for every file below folder (but not in skipped folders)."""
    return {path.relative_to(base).as_posix(): _file_digest(path) for path in folder_files(folder, skip)}


def _file_digest(path: Path) -> bytes:
    """A file's content digest; a pipe, device, loop or broken link is never opened (the build reports it)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        return digest(f"unreadable {err.errno}".encode())
    return digest(path.read_bytes()) if stat.S_ISREG(mode) else digest(f"not a file {mode}".encode())


def tree_digest(digests: dict[str, bytes]) -> bytes:
    """One digest for a set of files: their names and contents."""
    return digest(b"".join(name.encode() + b"\0" + value for name, value in sorted(digests.items())))


def code_digest() -> bytes:
    """The generator's own code and the versions of every library that shapes its output."""
    parts = [sys.version, *(f"{name}=={version}" for name, version in library_versions())]
    files = file_digests(SITEGEN, SITEGEN, skip=frozenset({"__pycache__"}))  # compiled code and templates
    return digest("\0".join(parts).encode() + tree_digest(files))


def library_versions() -> list[tuple[str, str]]:
    """(name, version) of each runtime requirement and everything it requires in turn, sorted.

    requirements.txt is the one list of what the generator runs on, so a library added there, or one
    pulled in underneath (markupsafe under jinja2), is part of the digest without being named here.
    """
    found: dict[str, str] = {}
    waiting = [_requirement_name(line) for line in RUNTIME_REQUIREMENTS.read_text(encoding="utf-8").splitlines()]
    while waiting:
        name = waiting.pop()
        if not name or name in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # not installed here: it cannot shape this output
        found[name] = dist.version
        waiting += [_requirement_name(req) for req in dist.requires or () if "extra ==" not in req]
    return sorted(found.items())


def _requirement_name(line: str) -> str:
    """The normalised distribution name of a requirement line ('' for a comment or an option)."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", line.split("#", 1)[0])
    return re.sub(r"[-_.]+", "-", match.group(1)).lower() if match and not line.lstrip().startswith("-") else ""
