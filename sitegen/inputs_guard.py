"""What the generator reads as input: regular files inside the registry, never through a link out of it.

A registry is a folder others write to (a clone, a CI checkout). A symbolic link in it may point at
the checkout's .git (whose config can hold a token), at a file of the machine, at itself (a loop) or
at nothing; a FIFO or a device would make a read block forever. None of these is ever read, and
every one is reported with its path.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from sitegen.errors import RegistryError

KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
         (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))
HINT = ("replace it with a regular file inside the registry: the generator never reads or publishes through a "
        "link out of the registry, nor from a pipe or a device")


class InputError(RegistryError):
    """An input path that is not a regular file inside the registry."""


def why_unreadable(path: Path, root: Path | None) -> str | None:
    """Why this path may not be read as input (a loop, a broken link, a pipe, a device, a link out of the
    registry root), or None; a path that does not exist is left to the reader to report."""
    try:
        info = os.stat(path)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "is a symbolic link loop"
        if os.path.islink(path):
            return f"is a broken symbolic link (to {os.readlink(path)})"
        return None
    for test, what in KINDS:
        if test(info.st_mode):
            return f"is {what}, not a file"
    if root is not None and not inside(path, root):
        target = os.readlink(path) if os.path.islink(path) else os.path.realpath(path)  # as written, when it can
        return f"is a symbolic link to {target}, outside the registry"
    return None


def inside(path: Path, root: Path) -> bool:
    """Whether the path, every link in it followed, lies within root (every link in it followed)."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def read_input(path: Path, root: Path | None) -> bytes:
    """The bytes of an input file; InputError (with the path) when it is not one, OSError as open gives it."""
    why = why_unreadable(path, root)
    if why is not None:
        raise InputError(f"{path}: {why}\n    hint: {HINT}")
    return path.read_bytes()
