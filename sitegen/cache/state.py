"""What a build leaves beside the output for the next one, and reading it back.

Two files; deleting them costs one full build (the next build runs every job and writes every file):

- `public.registri-state.json`: small, readable: the digest of every input, the summary line's
  numbers, and the digest of the tables file it belongs with;
- `public.registri-cache/state.marshal`: the tables: every job's dependencies and files, every
  dependency's digest, every file's digest, size and mtime, every folder's mtime.

The tables are written first and the JSON last, each by an atomic rename; tables that do not match
the JSON's digest (a build killed in between, a hand edit) are ignored. That digest is keyed with this
machine's key (seal.py), so tables planted with a matching JSON are never unmarshalled either.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import marshal
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sitegen.cache.seal import keyed_hasher, warn_ignored
from sitegen.cache.tracking import Dep
from sitegen.write import atomic_file, replace_file

FORMAT = 4
STATE_NAME = ".registri-state.json"
CACHE_NAME = ".registri-cache"
TABLES = "state.marshal"
log = logging.getLogger("sitegen")


@dataclass(slots=True)
class JobRecord:
    """One job of the last build: its dependencies, its files, and for a page (route, template, unit id)."""

    deps: tuple[Dep, ...]
    files: tuple[str, ...]
    page: tuple[str, str, str | None] | None = None


class BuildState:
    """Everything the next build needs to know about this one.

    The jobs and their dependencies are read on first use: a build that finds nothing changed needs
    only the inputs' digest and the files and folders to check.
    """

    def __init__(self, inputs: str = "", deps: dict[Dep, bytes] | None = None, jobs: dict[str, JobRecord] | None = None,
                 files: dict[str, list] | None = None, dirs: dict[str, int] | None = None,
                 summary: dict | None = None, later: memoryview | None = None) -> None:
        self.inputs = inputs
        self.files = files if files is not None else {}  # path -> [digest, size, mtime_ns]
        self.dirs = dirs if dirs is not None else {}  # folder -> mtime_ns, to notice files added by hand
        self.summary = summary if summary is not None else {}
        self._deps, self._jobs, self._later = deps, jobs, later

    @property
    def deps(self) -> dict[Dep, bytes]:
        self._read_later()
        return self._deps

    @property
    def jobs(self) -> dict[str, JobRecord]:
        self._read_later()
        return self._jobs

    def _read_later(self) -> None:
        if self._later is not None:
            deps, jobs = marshal.loads(self._later)
            self._deps, self._jobs, self._later = deps, {key: JobRecord(*job) for key, job in jobs.items()}, None
        if self._deps is None:
            self._deps, self._jobs = {}, {}


def cache_folder(out: Path) -> Path:
    """The folder beside an output folder where builds keep what saves work (deleting it costs one full build)."""
    out = out.resolve()
    return out.with_name(out.name + CACHE_NAME)


def code_folder(parent: Path, prefix: str, code: bytes) -> Path:
    """`parent/<prefix>-<code digest>`, made if missing: what this generator code made, kept apart from
    what other code made, which is removed when this folder is first made."""
    folder = parent / f"{prefix}-{code.hex()[:16]}"
    if not folder.is_dir():
        for old in parent.glob(f"{prefix}-*"):
            shutil.rmtree(old, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def state_paths(out: Path) -> tuple[Path, Path]:
    """The JSON file and the tables file of an output folder."""
    return out.with_name(out.name + STATE_NAME), out.with_name(out.name + CACHE_NAME) / TABLES


def forget_state(out: Path) -> None:
    """Remove the state of an output folder a build without it replaced (the next build then starts afresh)."""
    for path in state_paths(out.resolve()):
        path.unlink(missing_ok=True)


def table_parts(state: BuildState) -> Iterator[bytes]:
    """The tables in marshal's format (the fastest Python reads and writes; an object written twice is a
    reference): the length of the first part, the files and folders, then the jobs. Made one at a time
    and never joined: at 100k units each is about a hundred megabytes."""
    first = marshal.dumps((FORMAT, state.files, state.dirs))
    yield len(first).to_bytes(8, "little")
    yield first
    del first
    yield marshal.dumps((state.deps, {key: (rec.deps, rec.files, rec.page) for key, rec in state.jobs.items()}))


def save_state(out: Path, state: BuildState) -> None:
    """Write the tables, then the JSON naming their digest; when that fails (a full disk), the site is
    published all the same: the state is removed, with a warning, and the next build runs in full."""
    try:
        _write_state(out, state)
    except OSError as err:
        log.warning("warning: cannot save the build's state beside %s (%s): the site is published, and the "
                    "next build makes every file again", out, err.strerror or err)
        with contextlib.suppress(OSError):
            forget_state(out)


def _write_state(out: Path, state: BuildState) -> None:
    """Write the tables, then the JSON naming their digest."""
    summary_path, tables_path = state_paths(out)
    tables_path.parent.mkdir(parents=True, exist_ok=True)
    hasher = keyed_hasher()
    with atomic_file(tables_path) as file:
        for part in table_parts(state):
            file.write(part)
            hasher.update(part)
            del part  # not kept alive while the next part is made
    text = json.dumps({"format": FORMAT, "inputs": state.inputs, "tables": hasher.hexdigest(),
                       "summary": state.summary}, sort_keys=True, indent=1)
    replace_file(summary_path, text.encode())


def tables_tag(tables: bytes) -> str:
    """The keyed digest the JSON names for these tables (seal.py: only this machine's builds can make it)."""
    hasher = keyed_hasher()
    hasher.update(tables)
    return hasher.hexdigest()


def clear_wrong_kinds(out: Path) -> None:
    """The cache folder and state file beside an output are the builds' own: when one is of the wrong kind
    (a file where the folder goes, a folder or a link where the file goes) it is removed, with a warning,
    so that every later build does not fail on it."""
    summary_path = state_paths(out)[0]
    for path, right in ((cache_folder(out), "folder"), (summary_path, "file")):
        kind = "link" if path.is_symlink() else "folder" if path.is_dir() else "file" if path.exists() else None
        if kind is not None and kind != right:
            log.warning("warning: %s should be a %s the builds keep, but is a %s: removed, and the next "
                        "build makes every file again", path, right, kind)
            with contextlib.suppress(OSError):
                shutil.rmtree(path) if kind == "folder" else path.unlink()


def load_state(out: Path) -> BuildState:
    """The last build's state, or an empty one when there is none, or it is damaged or out of step."""
    clear_wrong_kinds(out)
    summary_path, tables_path = state_paths(out)
    try:
        head = json.loads(summary_path.read_text(encoding="utf-8"))
        tables = tables_path.read_bytes()
        if not isinstance(head, dict) or head.get("format") != FORMAT:
            return BuildState()
        if not hmac.compare_digest(str(head.get("tables")), tables_tag(tables)):
            warn_ignored(tables_path)  # planted, or written by another machine: never unmarshalled
            return BuildState()
        split = 8 + int.from_bytes(tables[:8], "little")
        view = memoryview(tables)
        _, files, dirs = marshal.loads(view[8:split])
        return BuildState(head["inputs"], files=files, dirs=dirs, summary=head["summary"], later=view[split:])
    except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError):
        return BuildState()
