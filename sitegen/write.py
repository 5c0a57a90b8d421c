"""The writer owns public/: it stages a new site beside it and puts it in place only when all succeeded.

Two ways to publish, both all-or-nothing for a failed or killed build (public/ is never touched
before every file is staged):

- whole: the staging folder holds the complete new site (unchanged files hard-linked from the last
  build, so their mtimes stay put) and is swapped with public/ in one atomic rename (renameat2);
- changes only: when few files change, only those are staged, and a journal lists the renames and
  deletions that put them in place. Committing takes milliseconds; a build killed during it is
  completed from the journal by the next build.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import hashlib
import itertools
import json
import logging
import os
import re
import shutil
import subprocess
from collections.abc import Container, Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from sitegen.errors import RegistryError

JOURNAL_NAME = ".registri-journal.json"
MARKER_NAME = ".registri-site"  # in every built site's root: only a folder carrying it is ever replaced
MARKER_TEXT = b"Registri Zona Integritas: this folder is a built site; each build replaces it whole.\n"
STATE_SUFFIX = ".registri-state.json"  # an earlier build's state beside the output (sitegen.cache.state)
# The registry's own folders: an output inside one of them would replace sources, code or history.
OWN_FOLDERS = (".git", ".github", ".ci", ".venv", "data", "site_src", "templates", "sitegen", "tests", "docs",
               "bench", "scripts", "node_modules")
RENAME_EXCHANGE = 2
AT_FDCWD = -100
FileRecord = list  # [digest, size, mtime_ns]
PLAIN_PATH = re.compile(r"(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*")  # already normal and safe
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TRASH = itertools.count()  # old sites of one process each get a folder of their own
log = logging.getLogger("sitegen")


class WriteError(RegistryError):
    """Two sources claim one output path, or a path would leave public/."""


def check_output(out: Path, root: Path) -> None:
    """Refuse an output folder this generator does not own, before anything reads or touches it.

    A build replaces its output whole, so `--out .` would replace the checkout, `.git` included. The output
    may be a new or empty folder, or one an earlier build wrote (it carries MARKER_NAME, or the state file an
    earlier build left beside it); never the registry root or a folder holding it, one of the registry's
    own folders or anything inside them, or a file.
    """
    target, home = out.resolve(), root.resolve()
    shown = os.fspath(out)
    if target == home or target in home.parents:
        raise OutputRefused(shown, "it is the registry folder or holds it, and a build replaces its output whole")
    for name in OWN_FOLDERS:
        own = home / name
        if target == own or own in target.parents:
            raise OutputRefused(shown, f"it lies in the registry's own {name}/ folder")
    if target.exists() and not target.is_dir():
        raise OutputRefused(shown, "it is a file, not a folder")
    if target.is_dir() and not built_here(target):
        raise OutputRefused(shown, f"it is a folder no build of this registry wrote (no {MARKER_NAME} in it)")


def built_here(folder: Path) -> bool:
    """Whether a folder is empty or a site an earlier build wrote."""
    if (folder / MARKER_NAME).is_file() or folder.with_name(folder.name + STATE_SUFFIX).is_file():
        return True
    return next(folder.iterdir(), None) is None


class OutputRefused(WriteError):
    """The output folder named is not the generator's to replace."""

    def __init__(self, out: str, why: str) -> None:
        super().__init__(f"refusing to build into {out!r}: {why}; nothing was touched\n"
                         "    hint: build into a new or empty folder (the default is public/), or one an "
                         "earlier build wrote")


class SiteWriter:
    """Collects output files into a staging folder; `publish` puts them in place atomically."""

    def __init__(self, out: Path, previous: dict[str, FileRecord] | None = None, changes_only: bool = False,
                 background_cleanup: bool = False, verified: Container[str] | None = None) -> None:
        """verified: files of the last build found exactly as recorded while this build was planned."""
        self.out = out.resolve()
        self.verified = verified or set()
        self.background_cleanup = background_cleanup
        self.staging = self.out.with_name(f"{self.out.name}.staging-{os.getpid()}")
        self.previous = previous or {}
        self.changes_only = changes_only and self.out.is_dir()
        self.files: dict[str, FileRecord] = {}
        self.origins: dict[str, str] = {}
        self.staged: list[str] = []
        self.written = 0
        self.keep_records = True  # a render helper process leaves them to the build process
        tidy(self.out)
        shutil.rmtree(self.staging, ignore_errors=True)  # a failed earlier build of this process that was not discarded
        self.staging.mkdir(parents=True)
        self._base = os.fspath(self.staging) + os.sep
        self._dirs: set[str] = {""}

    def write(self, path: PurePosixPath | str, data: bytes, origin: str) -> FileRecord:
        """Stage one file unless the last build left exactly these bytes there; refuse unsafe or taken paths."""
        rel = self.claim(path, origin) if self.keep_records else safe_relative(str(path))
        digest = hashlib.blake2b(data, digest_size=16).digest()
        old = self.previous.get(rel)
        if old is not None and old[0] == digest and (
                (self.changes_only and rel in self.verified) or self._reuse(rel, old)):  # verified: stat'ed
            if self.keep_records:
                self.files[rel] = old
            return old
        self._mkdirs(os.path.dirname(rel))
        fd = os.open(self._base + rel, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            write_all(fd, data)
            mtime_ns = os.fstat(fd).st_mtime_ns
        finally:
            os.close(fd)
        record = [digest, len(data), mtime_ns]
        self.written += 1
        if self.keep_records:
            self.files[rel] = record
            self.staged.append(rel)
        return record

    def keep(self, rel: str, origin: str) -> bool:
        """Carry a file of the last build over unread (its job did not run); False if it is not as recorded."""
        self.claim(rel, origin)
        old = self.previous.get(rel)
        if old is not None and self.changes_only and rel in self.verified:  # stat'ed moments ago
            self.files[rel] = old
            return True
        if old is None or not self._reuse(rel, old):
            del self.origins[rel]
            return False
        self.files[rel] = old
        return True

    def keep_all(self, rels: tuple[str, ...], origin: str) -> bool:
        """keep() every file of a job that did not run; False when one is not as recorded.

        Publishing changes only, files stat'ed while planning are taken in one quick loop (their paths
        come from the state, checked when they were written, and they stay where they are)."""
        if self.changes_only:
            previous, verified, origins, files = self.previous, self.verified, self.origins, self.files
            for rel in rels:
                old = previous.get(rel)
                if old is None or rel not in verified or origins.setdefault(rel, origin) != origin:
                    break
                files[rel] = old
            else:
                return True
        return all(self.keep(rel, origin) for rel in rels)

    def carry_over(self, origins: dict[str, str], leaving: set[str]) -> None:
        """Keep every file of the last build, with the job that wrote it, but those in leaving (their jobs
        run again): the dev server's way to keep every file it trusts as it left them, in one copy."""
        self.files, self.origins = dict(self.previous), dict(origins)
        for rel in leaving:
            self.files.pop(rel, None)
            self.origins.pop(rel, None)

    def claim(self, path: PurePosixPath | str, origin: str) -> str:
        """Reserve an output path for one source; a second source for it is an error naming both."""
        rel = safe_relative(str(path))
        first = self.origins.setdefault(rel, origin)
        if first != origin:
            raise WriteError(f"two sources write {rel}: {first} and {origin}")
        return rel

    def adopt(self, rel: str, record: FileRecord, origin: str, staged: bool) -> None:
        """Take in a file another process (a render worker) staged or kept for this writer (path checked there)."""
        first = self.origins.setdefault(rel, origin)
        if first != origin:
            raise WriteError(f"two sources write {rel}: {first} and {origin}")
        self.files[rel] = record
        if staged:
            self.staged.append(rel)
            self.written += 1

    def _reuse(self, rel: str, old: FileRecord) -> bool:
        """Use the published file only if it is still exactly what the state says was written."""
        source = os.path.join(self.out, rel)
        try:
            info = os.stat(source)
            if info.st_size != old[1] or info.st_mtime_ns != old[2]:
                return False
            if not self.changes_only:
                self._mkdirs(os.path.dirname(rel))
                os.link(source, self._base + rel)
            return True
        except OSError:
            return False

    def _mkdirs(self, parent: str) -> None:
        if parent not in self._dirs:
            os.makedirs(self._base + parent, exist_ok=True)
            self._dirs.add(parent)

    def publish(self) -> None:
        """Put the staged site in place (the session then records its state)."""
        if self.changes_only:
            commit_changes(self.out, self.staging, sorted(self.staged), sorted(set(self.previous) - set(self.files)))
            if not (self.out / MARKER_NAME).is_file():  # a site an earlier version of the generator wrote
                replace_file(self.out / MARKER_NAME, MARKER_TEXT)
            return
        replace_file(self.staging / MARKER_NAME, MARKER_TEXT)
        if self.out.exists():
            exchange(self.staging, self.out)
            remove_tree(self.staging, self.background_cleanup)  # the old site: nothing reads it any more
        else:
            os.rename(self.staging, self.out)

    def discard(self) -> None:
        """Throw the staged files away (public/ was never touched), or finish a commit already begun."""
        if self.out.with_name(self.out.name + JOURNAL_NAME).exists():
            finish_interrupted_commit(self.out)
        shutil.rmtree(self.staging, ignore_errors=True)


def write_all(fd: int, data: bytes) -> None:
    """os.write until every byte is written: one call may write fewer (a signal, a pipe, some file systems)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.EIO, "the file system accepted no bytes")
        view = view[written:]


def remove_tree(folder: Path, background: bool = False) -> None:
    """Delete a folder with rm -rf (faster than shutil.rmtree), waiting for it unless told not to.

    The dev server does not wait: the old site is renamed out of the way first, and if the server
    stops before rm finishes, the next build removes the leftover.
    """
    if background:
        trash = folder.with_name(f"{folder.name.split('.staging-', 1)[0]}.trash-{next(_TRASH)}-{os.getpid()}")
        os.rename(folder, trash)
        folder = trash
    try:
        process = subprocess.Popen(["rm", "-rf", "--", os.fspath(folder)], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return
    if not background:
        process.wait()
    if folder.exists() and not background:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def atomic_file(path: Path | str) -> Iterator[BinaryIO]:
    """A file opened for writing that replaces path in one rename when the block ends, so a reader
    sees the old file or the new one, never half of one; nothing is replaced if the block fails."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as file:
            yield file
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def replace_file(path: Path | str, data: bytes | str) -> None:
    """Replace a file with these bytes (text as UTF-8) in one rename (atomic_file)."""
    with atomic_file(path) as file:
        file.write(data.encode() if isinstance(data, str) else data)


def write_journal(path: Path, journal: dict) -> None:
    """Write a journal of renames and deletions (see commit_changes)."""
    replace_file(path, json.dumps(journal, sort_keys=True, separators=(",", ":")))


def commit_changes(out: Path, staging: Path, moves: list[str], deletions: list[str]) -> None:
    """Move staged files into public/ and delete the ones no longer built, through a journal."""
    journal = out.with_name(out.name + JOURNAL_NAME)
    write_journal(journal, {"staging": os.fspath(staging), "moves": moves, "deletions": deletions})
    apply_journal(out, staging, moves, deletions)
    journal.unlink()


def apply_journal(out: Path, staging: Path, moves: list[str], deletions: list[str]) -> None:
    """Renames and deletions, each safe to repeat, then the staging folder and emptied folders go."""
    for rel in moves:
        source = staging / rel
        if source.exists():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, out / rel)
    for rel in deletions:
        (out / rel).unlink(missing_ok=True)
    for rel in deletions:
        remove_empty_parents(out, PurePosixPath(rel).parent)
    shutil.rmtree(staging, ignore_errors=True)


def remove_empty_parents(out: Path, folder: PurePosixPath) -> None:
    """Remove a folder left empty by deletions, and its parents up to (not including) public/."""
    while folder.parts:
        try:
            os.rmdir(out / folder)
        except OSError:
            return
        folder = folder.parent


def tidy(out: Path) -> None:
    """Finish a commit a killed build left half done, and remove the staging folders of dead builds."""
    finish_interrupted_commit(out)
    remove_stale_staging(out)


def finish_interrupted_commit(out: Path) -> None:
    """A build killed while committing left a journal: finish its renames and deletions.

    A journal is followed only when it names nothing but paths inside the output and this output's
    own staging folder; any other (planted, damaged, `{}`) is discarded with a warning, never obeyed.
    """
    journal = out.with_name(out.name + JOURNAL_NAME)
    try:
        text = journal.read_text(encoding="utf-8")
    except FileNotFoundError:
        return
    except (OSError, ValueError) as err:
        raise WriteError(f"cannot read {journal}: {err}; hint: remove it (the next build writes every file)") from None
    pending = journal_in_bounds(out, text)
    if pending is None:
        log.warning("warning: %s: not a journal of this output (it names paths outside it, or is damaged); "
                    "discarded, and the next build writes every changed file", journal)
        journal.unlink(missing_ok=True)
        forget_files(out)
        return
    apply_journal(out, *pending)
    journal.unlink(missing_ok=True)


def journal_in_bounds(out: Path, text: str) -> tuple[Path, list[str], list[str]] | None:
    """The staging folder, moves and deletions of a journal that stays inside the output, else None."""
    try:
        pending = json.loads(text)
        staging, moves, deletions = pending["staging"], pending["moves"], pending["deletions"]
        out = out.resolve()
        if not (isinstance(moves, list) and isinstance(deletions, list) and Path(staging).parent == out.parent
                and re.fullmatch(re.escape(f"{out.name}.staging-") + r"[0-9]+", Path(staging).name)):
            return None
        return Path(staging), [safe_relative(m) for m in moves], [safe_relative(d) for d in deletions]
    except (ValueError, KeyError, TypeError, WriteError):
        return None


def forget_files(out: Path) -> None:
    """Make the next build compare every file afresh: a discarded journal may have left some half moved."""
    (out.with_name(out.name + STATE_SUFFIX)).unlink(missing_ok=True)


def safe_relative(path: str) -> str:
    """A clean relative path inside the output folder, or a WriteError.

    Validation already limits ids to [a-z0-9-]; this is the second wall, whatever the input.
    """
    if PLAIN_PATH.fullmatch(path):
        return path
    pure = PurePosixPath(path)
    if not pure.parts or pure.is_absolute() or ".." in pure.parts or "\\" in path:
        raise WriteError(f"refusing to write outside the output folder: {path!r}")
    if CONTROL.search(path):
        raise WriteError(f"refusing to write a path with control characters: {path!r}")
    return pure.as_posix()


def remove_stale_staging(out: Path) -> None:
    """Remove staging folders left by builds that were killed, and old sites a dev server left to delete."""
    for stale in [*out.parent.glob(f"{out.name}.staging-*"), *out.parent.glob(f"{out.name}.trash-*")]:
        pid = stale.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    """Whether a process runs: this one does (its old sites may still be being removed in the background)."""
    if pid == os.getpid():
        return True
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
