"""One build after another: what the last build left (state, round cache), and running only what changed.

A command-line build reads the state and the round cache from beside the output; the dev server
keeps one Session for its whole life, so both also stay in memory between rebuilds.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from sitegen.cache import child, forkload, memo, parread, warm
from sitegen.cache.datacache import RoundCache
from sitegen.cache.inputs import Inputs, LastBuild, last_summary, read_inputs, same_inputs, unchanged
from sitegen.cache.jobs import Job, JobContext, list_jobs
from sitegen.cache.plan import (
    DepDigests,
    changed_deps,
    folders_unchanged,
    next_deps,
    next_folder_times,
    not_as_left,
    plan,
    unchanged_files,
)
from sitegen.cache.runner import Done, run_chunk, run_jobs
from sitegen.cache.seal import key_path
from sitegen.cache.state import BuildState, JobRecord, cache_folder, code_folder, load_state, save_state
from sitegen.cache.unit_memo import CachedRounds, SameUnit
from sitegen.errors import RegistryError
from sitegen.fingerprint import SITEGEN, code_digest, value_digest
from sitegen.load.checks import collect_warnings, unit_flags, warnings_of
from sitegen.load.config import BuildOptions, Config
from sitegen.load.registry import load_registry
from sitegen.model.records import Registry
from sitegen.progress import Progress, Stopwatch
from sitegen.render.jinja import make_environment
from sitegen.render.outputs import SITEMAP, Rendered, Rendering
from sitegen.write import SiteWriter, tidy

log = logging.getLogger("registri")
SAVE_AFTER_IDLE_S = 1.0  # the dev server writes its state once no build has started for this long
CHANGES_ONLY_SHARE = 0.2  # publish by journal when at most this share of jobs ran; else swap a whole new tree
CHECK_APART_FROM = 5_000  # a command-line build stats this many output files or more in a child while it loads


@dataclass
class Staged(Rendered):
    """A build rendered and staged, not yet published, with what record() keeps of it once it is."""

    inputs: Inputs
    state: BuildState  # the last build's
    digests: DepDigests | None  # None once recorded (a command-line build drops it before writing the state)
    ran: list[JobRecord]
    records: dict[str, JobRecord]


class Session:
    """The state and round cache of the output folders built in this process."""

    def __init__(self, resident: bool = False) -> None:
        """resident: the dev server's session, alive across builds (state and rounds kept in memory)."""
        self._states: dict[Path, BuildState] = {}
        self._rounds: dict[Path, RoundCache] = {}
        self._digested: dict[Path, dict] = {}  # dev server: the last build's digested values (DepDigests.known)
        self._looked: dict[Path, LastBuild] = {}  # what build.py's first look found, for the build that follows
        self._inputs: dict[Path, Inputs] = {}  # this build's inputs, by output folder
        self._flags: dict[Path, SameUnit] = {}  # dev server: what each unit was warned of (checks.unit_flags)
        self._origins: dict[Path, dict[str, str]] = {}  # dev server: which job wrote each file of the last build
        self._environment: tuple[tuple, jinja2.Environment] | None = None  # dev server: the last one, by its inputs
        self._code: bytes | None = None
        # The dev server's output folders that only its own builds changed since it last checked every
        # file: it trusts them, sparing a stat of every file per edit (a hand edit of public/
        # while it runs is not noticed; the next command-line build checks every file again).
        self._trusted: set[Path] = set()
        self.resident = resident
        self._saving: threading.Timer | None = None
        self._unsaved: dict[Path, BuildState] = {}  # dev server: states published but not yet on disk
        self._warm: dict[Path, dict] = {}  # command line: the digests a warm start (warm.py) gave, by output folder
        self._checks: dict[Path, Callable[[], object]] = {}  # command line: the output's files being stat'ed apart

    def code(self) -> bytes:
        """The digest of the generator code this process runs (computed once)."""
        if self._code is None:
            self._code = code_digest()
        return self._code

    def read_inputs(self, options: BuildOptions, config: Config) -> Inputs:
        """Digest every input file's content (never trusting mtimes), the options and the code."""
        return read_inputs(options, config, self.code())

    def take(self, out: Path, last: LastBuild) -> None:
        """Use what a first look (inputs.first_look) already read: this folder's state, its inputs and the
        code's digest."""
        self._states[out.resolve()] = last.state
        self._looked[out.resolve()] = last
        self._code = self._code or last.inputs.code

    def state(self, out: Path) -> BuildState:
        """The last build's state of this output folder."""
        out = out.resolve()
        if out not in self._states:
            self._states[out] = load_state(out) if out.is_dir() else BuildState()
        return self._states[out]

    def rounds(self, out: Path) -> RoundCache:
        """The round cache kept beside this output folder."""
        out = out.resolve()
        if out not in self._rounds:
            self._rounds[out] = RoundCache(cache_folder(out) / "rounds", self.code(),
                                           keep_in_memory=self.resident)
        return self._rounds[out]

    def environment(self, options: BuildOptions, config: Config) -> jinja2.Environment:
        """The environment: the dev server keeps its last one while the templates and config are the same."""
        if not self.resident:
            return self.compiled_environment(options, config)
        inputs = self._inputs[options.out.resolve()]
        key = (options.templates, options.out, inputs.templates, inputs.config, inputs.code)
        if self._environment is None or self._environment[0] != key:
            self._environment = (key, self.compiled_environment(options, config))
        return self._environment[1]

    def compiled_environment(self, options: BuildOptions, config: Config) -> jinja2.Environment:
        """The Jinja environment with every template compiled before render helpers fork (so each is compiled
        once). Compiled templates are kept like compiled Python, in sitegen/__pycache__/jinja-<code digest>/
        (Jinja checks each against its template's source; the folder is named by the generator's code since
        Jinja does not key on it), or in this user's cache folder (seal.py) when that folder cannot be
        written: never beside the output, where a planted file would be code that runs."""
        env = make_environment(options.templates, config)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(os.fspath(self.template_cache(options.out)))
        for name in env.list_templates():
            with contextlib.suppress(jinja2.TemplateError):  # reported with its line when a page uses it
                env.get_template(name)
        return env

    def template_cache(self, out: Path) -> Path:
        """The folder of compiled templates for this generator code, old ones removed."""
        for parent in (SITEGEN / "__pycache__", key_path().parent):
            with contextlib.suppress(OSError):
                folder = code_folder(parent, "jinja", self.code())
                if os.access(folder, os.W_OK):
                    return folder
        raise RegistryError(f"cannot write compiled templates to {SITEGEN / '__pycache__'} nor {key_path().parent}")

    def nothing_changed(self, options: BuildOptions, config: Config) -> bool:
        """No input changed and every output file and folder is exactly as the last build left it.

        The dev server's first build in a session goes on even so (it writes nothing then): it loads
        the registry and digests what the plan compares, so the first edit is as quick as the next ones.
        """
        out = options.out.resolve()
        looked = self._looked.pop(out, None)
        if looked is not None:  # build.py's first look answered already
            self._inputs[out] = looked.inputs
            return looked.unchanged
        inputs = self._inputs[out] = self.read_inputs(options, config)
        tidy(out)
        state = self.state(out)
        if self.resident and out not in self._digested:
            return False
        if out in self._trusted:  # the dev server's own output: no file is stat'ed
            return same_inputs(out, state, inputs)
        return unchanged(out, state, inputs)

    def last_summary(self, out: Path) -> dict:
        """The facts the last build reported."""
        return last_summary(self.state(out))

    def load(self, options: BuildOptions) -> tuple[Registry, list]:
        """load_registry through the round cache, in a child process when the data is big (forkload); a
        command-line build that loads here has the output's files stat'ed on the other core meanwhile (check_apart)."""
        rounds, out = self.rounds(options.out), options.out.resolve()
        apart = not self.resident and forkload.data_size(options.root) >= forkload.APART_FROM_BYTES
        if not self.resident and not apart:  # loaded here: from where the last build left off, and kept
            self.check_apart(out)  # (a big registry's loading child has the other core, and its memory counts)
            units = self.state(out).summary.get("units", 0)
            digests = warm.resume(rounds, self.memo_folder(out), units if isinstance(units, int) else 0)
            if digests is not None:
                self._warm[out] = digests
        try:
            return forkload.load(options.root, rounds, apart)
        except BaseException:
            check = self._checks.pop(out, None)
            if check is not None:
                check()  # the child is waited for, not left behind
            raise

    def check_apart(self, out: Path) -> None:
        """Start stat'ing every file and folder of the last build in a forked child, while this process
        loads the registry (render takes the answer): on two cores the check costs no wall time."""
        state = self.state(out)
        if len(state.files) >= CHECK_APART_FROM and out not in self._trusted:
            self._checks[out] = child.in_child(lambda: not_as_left(out, state), "checking the output's files")

    def output_as_left(self, out: Path, state: BuildState) -> tuple[set[str] | None, bool | None]:
        """The last build's files still as it left them (None: all, the dev server's own output) and
        whether its folders are (None: not looked at yet): from the check started while loading, else
        stat'ed now."""
        if out in self._trusted:
            return None, True
        check = self._checks.pop(out, None)
        if check is None:
            return unchanged_files(out, state), None
        bad, folders = check()
        return set(state.files).difference(bad), folders

    def memo_folder(self, out: Path) -> Path:
        """Where this generator code's memos and warm start are kept beside an output folder."""
        return code_folder(cache_folder(out), "memo", self.code())

    def load_to_check(self, options: BuildOptions) -> tuple[Registry, list]:
        """load_registry, round files read on both cores (a check only reads: it leaves no round cache)."""
        return load_registry(options.root, CachedRounds(parread.read_rounds))

    def render(self, registry: Registry, rendering: Rendering, options: BuildOptions) -> Staged:
        """Run the jobs whose dependencies changed and stage their files; carry the other files over."""
        out, clock = options.out.resolve(), Stopwatch()
        state, inputs = self.state(out), self._inputs[out]
        jobs = list_jobs(registry)
        external = {"code": inputs.code, "config": inputs.config, "templates": inputs.templates,
                    "static": inputs.static}
        digests = DepDigests(registry, external, self._digested.get(out, {}) if self.resident else self._warm.get(out))
        trusted = out in self._trusted
        good, folders = self.output_as_left(out, state)
        self._trusted.discard(out)  # until this build has published
        dirty, clean = plan(jobs, state, changed_deps(state, digests), good)
        few = len(dirty) <= CHANGES_ONLY_SHARE * len(jobs) and (
            folders if folders is not None else folders_unchanged(out, state))
        clock.lap("planned: %d of %d jobs to run, publishing %s", len(dirty), len(jobs),
                  "changes only" if few else "a whole new tree")
        writer = SiteWriter(out, state.files, changes_only=few, background_cleanup=self.resident,
                            verified=state.files if trusted else good)
        ctx = JobContext(rendering.env, rendering.config, rendering.template_dir, rendering.static_dir,
                         rendering.problems)
        ctx.digests = digests  # the site-wide jobs key their pieces by unit digests the plan already made
        ctx.memos = self.memo_folder(out)
        ctx.memo_owner = os.getpid() if self.resident else None  # memos stay in this process (memo.flush)
        origins = self._origins.pop(out, None) if trusted and few else None
        try:
            records = run_all(writer, ctx, registry, state, dirty, clean, options.progress, origins)
            pages = sorted(rec.page for rec in records.values() if rec.page)
            records[SITEMAP.key] = run_sitemap(writer, ctx, registry, state, digests, pages)
        except BaseException:
            writer.discard()
            raise
        clock.lap("rendered %d jobs, %d files staged", len(dirty), writer.written)
        return Staged(writer, pages, writer.previous.keys(), len(jobs) + 1, len(dirty), inputs, state, digests,
                      [records[job.key] for job in dirty] + [records[SITEMAP.key]], records)

    def warnings(self, registry: Registry, config: Config, out: Path) -> list[str]:
        """checks.collect_warnings; the dev server works a unit's flags out again only for a changed unit."""
        if not self.resident:
            return collect_warnings(registry, config)
        flags = self._flags.setdefault(out.resolve(), SameUnit(unit_flags))
        flags.next_build()
        return warnings_of(registry, config, {uid: flags(unit) for uid, unit in registry.units.items()})

    def record(self, staged: Staged, facts: dict) -> None:
        """Remember the published build: its state beside the output, and in memory for the dev server."""
        clock, writer, state = Stopwatch(), staged.writer, staged.state
        deps = next_deps(state, staged.ran, staged.digests, everything=len(staged.ran) >= staged.outputs)
        if self.resident:
            self._digested[writer.out] = staged.digests.seen
            self._trusted.add(writer.out)
            self._origins[writer.out] = writer.origins
        resumed = self._warm.pop(writer.out, None) is not None  # a command-line build that loaded here
        seen = staged.digests.seen if resumed else {}  # only its warm start below keeps them
        if not self.resident:  # what only this build needed goes before the tables are written (a big build's peak)
            staged.digests, writer.origins = None, {}
        self.save(writer, state, BuildState(staged.inputs.digest, deps, staged.records, summary=facts))
        rounds = self.rounds(writer.out)
        rounds.prune()
        if resumed:  # its round results to disk, and, when it went beyond its warm start, a new one
            rounds.flush()
            if warm.drifted(rounds):
                warm.write(self.memo_folder(writer.out), rounds, seen)
        clock.lap("saved the state%s", " (to be written once idle)" if self.resident else "")

    def save(self, writer: SiteWriter, previous: BuildState, state: BuildState) -> None:
        """Record the published site and its memos beside it (in the background for the dev server: it keeps both)."""
        state.files = writer.files
        state.dirs = next_folder_times(writer, previous)
        self._states[writer.out] = state
        if self.resident:
            self._unsaved[writer.out] = state  # written by save_later once the build is over
        else:
            save_state(writer.out, state)

    def save_later(self) -> None:
        """The dev server writes its state, new round cache entries and memos to disk once it has been idle
        for a moment, not while an edit waits for its page: it keeps them in memory, and a state or memo on
        disk that is behind public/ only costs a later command-line build work (files not as recorded are
        made again, pieces not remembered are made again)."""
        self.hold_saves()
        if self._unsaved or any(rounds.unwritten for rounds in self._rounds.values()) or memo.unsaved():
            self._saving = threading.Timer(SAVE_AFTER_IDLE_S, self._save_unsaved)
            self._saving.start()  # not a daemon: leaving the process waits for it

    def _save_unsaved(self) -> None:
        while self._unsaved:
            out, state = self._unsaved.popitem()
            save_state(out, state)
        for rounds in list(self._rounds.values()):
            rounds.flush()
        memo.flush()

    def hold_saves(self) -> None:
        """No save runs from here on until save_later: a waiting one is called off, a running one finishes."""
        if self._saving is not None:
            self._saving.cancel()
            self._saving.join()
            self._saving = None

    def wait_for_save(self) -> None:
        """Write every state, round cache entry and memo not yet on disk now."""
        self.hold_saves()
        self._save_unsaved()


def run_all(writer: SiteWriter, ctx: JobContext, registry: Registry, state: BuildState, dirty: list[Job],
            clean: list[Job], show_progress: bool, origins: dict[str, str] | None = None) -> dict[str, JobRecord]:
    """Carry clean jobs' files over, run the dirty ones, and return every job's record.

    origins: which job wrote each file of the last build, when the dev server trusts its output as it
    left it; then, unless some job of the last build is gone, every file is carried over in one copy.
    """
    if origins is not None and len(clean) + sum(job.key in state.jobs for job in dirty) + 1 == len(state.jobs):
        writer.carry_over(origins, {path for job in dirty for path in (state.jobs[job.key].files
                                                                       if job.key in state.jobs else ())})
        records = {job.key: state.jobs[job.key] for job in clean}
    else:
        records = {}
        for job in clean:
            record = state.jobs[job.key]
            if writer.keep_all(record.files, job.key):
                records[job.key] = record
            else:
                dirty.append(job)  # a file vanished since planning: run the job after all
    with Progress(len(dirty), show_progress) as progress:
        done = run_jobs(dirty, registry, ctx, writer, progress.advance)
    ctx.problems.raise_if_any()
    for item in done:
        records[dirty[item.index].key] = record_of(item)
    return records


def record_of(item: Done) -> JobRecord:
    """What the state keeps of a job that ran."""
    return JobRecord(tuple(item.deps), tuple(path for path, _, _ in item.files), item.page)


def run_sitemap(writer: SiteWriter, ctx: JobContext, registry: Registry, state: BuildState, digests: DepDigests,
                pages: list[tuple]) -> JobRecord:
    """The sitemap depends on the list of pages too (sorted), known only once every page job has run."""
    digests.external["routes"] = value_digest(pages)
    digests.memo.pop(("routes", "*"), None)
    old = state.jobs.get(SITEMAP.key)
    if old is not None and all(digests(dep) == state.deps.get(dep) for dep in old.deps) and \
            all(writer.keep(path, SITEMAP.key) for path in old.files):
        return old
    ctx.pages = pages
    batch = run_chunk([SITEMAP], range(1), registry, ctx, writer)
    return record_of(batch.done[0])
