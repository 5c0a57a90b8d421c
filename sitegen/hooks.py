"""The one door: what the core (model/, load/, render/) asks of the speed machinery, as small interfaces.

The core runs on plain defaults and never imports the speed machinery; a build that wants to be
quick (cache/) passes its own implementations in. Anything passed in only saves work: the
output is the same as with the defaults (tests/test_speed_off.py). The doors:

- a Memo and a DigestOf for the site-wide files (export.data_files, search_rows.search_files);
- registry.PlainLoading for reading files and making units (load_registry's `loading`);
- a flags function for checks.collect_warnings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from sitegen.fingerprint import value_digest

WHOLE = "*"
Dep = tuple[str, object]  # a part of the model a file is made from: ("units", "polri/x"), ("config", "*")
DigestOf = Callable[[Dep], bytes]  # a part's digest, so a piece made from an unchanged part can be reused


def memo_key(*parts: object) -> bytes:
    """The key of a piece: a digest of a tuple of plain values (text, numbers, None, tuples of them)."""
    return value_digest(parts)


class Memo(Protocol):
    """Pieces of the site-wide files remembered by key; a hit is never wrong, a miss only costs work."""

    @property
    def lasting(self) -> bool:
        """Whether what is put here outlives this build."""

    def get(self, name: bytes) -> object:
        """The piece remembered under this key, or None."""

    def put(self, name: bytes, value: object, write: bool = True) -> object:
        """Remember a piece (never None) and return it; write=False: not worth keeping on disk."""

    def keep_all(self) -> None:
        """Keep every entry, used by this build or not."""


class OneBuildMemo:
    """Remembers pieces for one build only (a piece asked for twice is made once)."""

    lasting = False

    def __init__(self) -> None:
        self.entries: dict[bytes, object] = {}

    def get(self, name: bytes) -> object:
        return self.entries.get(name)

    def put(self, name: bytes, value: object, write: bool = True) -> object:
        self.entries[name] = value
        return value

    def keep_all(self) -> None:
        pass

    def save(self) -> None:
        """Nothing outlives the build."""


class NoMemo(OneBuildMemo):
    """Remembers nothing: every piece is made and let go."""

    def put(self, name: bytes, value: object, write: bool = True) -> object:
        return value


def no_digest(dep: Dep) -> bytes:
    """The digest of every part when nothing tells an unchanged one: pieces made with it are never kept."""
    return b""
