"""Run the jobs that must run: in this process, or on every core with forked helpers that stage files themselves.

Helpers are forked after the registry is loaded, so they share it without copying, and this
process works through the same queue of chunks beside them (a shared counter hands out the next
chunk). Each helper writes, per job, the dependencies it read and the files it staged to a
temporary file; this process reads them and checks that no two jobs claimed one path. A helper
dies with the build (PR_SET_PDEATHSIG), so a killed build leaves no process writing into its
staging folder.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from sitegen.cache import child, memo
from sitegen.cache.jobs import Job, JobContext, deps_of, run_job
from sitegen.cache.plan import DepDigests
from sitegen.cache.tracking import DepLog, TrackedRegistry
from sitegen.errors import Problem
from sitegen.write import SiteWriter

PARALLEL_MIN_JOBS = 1500  # below this, forking costs more than it saves (docs/performance.md)
CHUNK = 200
HEAVY = ("search", "data")  # single jobs that take a tenth of a 10k build's CPU each, and much memory: started first
_INTERNED: dict = {}  # one tuple object per dependency: results and the state file then share them
INTERNED_KEPT = 1 << 19  # more than a 100k build's dependencies; past it the table starts again (dev server)


@dataclass(slots=True)
class Done:
    """A job that ran: its dependencies, its files as (path, record, staged now), and its page facts."""

    index: int
    deps: tuple
    files: list[tuple[str, list, bool]]
    page: tuple | None


@dataclass
class Batch:
    """What one process did: its finished jobs and the template problems it met."""

    done: list[Done]
    problems: list[Problem]
    broken: set[str]


def workers_for(jobs: list[Job], remembered: bool = False) -> int:
    """How many processes to run these jobs in: every core for many jobs or heavy ones, one otherwise.

    remembered: the heavy jobs find their pieces in this process's memory (the dev server's memos,
    memo.py), so after an edit they are light, and a fork would cost more than it saves: both
    processes then copy every page they write to. A process build reads and writes its memos, and
    there the two jobs still gain from running side by side.
    """
    cores = child.cores()
    heavy = 0 if remembered else sum(1 for job in jobs if job.kind in HEAVY)
    return min(cores, 8) if len(jobs) >= PARALLEL_MIN_JOBS or (heavy and len(jobs) > heavy) else 1


def run_jobs(jobs: list[Job], registry: object, ctx: JobContext, writer: SiteWriter,
             progress: Callable[[int], None]) -> list[Done]:
    """Run every job, staging its files through the writer; problems end up in ctx.problems."""
    workers = workers_for(jobs, ctx.memo_owner is not None and len(registry.units) <= memo.MAX_UNITS)
    if ctx.digests is None:  # the session may pass the planner's, which already hold every unit's
        ctx.digests = DepDigests(registry, {})
    if workers == 1:
        batch = run_chunk(jobs, range(len(jobs)), registry, ctx, writer, progress)
        return batch.done
    return run_parallel(jobs, registry, ctx, writer, progress, workers)


def run_chunk(jobs: list[Job], indices: range | list[int], registry: object, ctx: JobContext, writer: SiteWriter,
              progress: Callable[[int], None] | None = None) -> Batch:
    """Run some jobs in this process through a tracking view of the registry."""
    log = DepLog()
    tracked = TrackedRegistry(registry, log)
    done = []
    for count, i in enumerate(indices, start=1):
        job = jobs[i]
        log.take()
        output = run_job(job, tracked, ctx)
        if len(_INTERNED) > INTERNED_KEPT:
            _INTERNED.clear()
        deps = tuple(_INTERNED.setdefault(dep, dep) for dep in log.take().union(deps_of(job)))
        files = []
        if output is not None:
            for path, data in output.files.items():
                before = writer.written
                record = writer.write(path, data, job.key)
                files.append((path, record, writer.written != before))
        done.append(Done(i, deps, files, output.page if output else None))
        if progress is not None and count % 100 == 0:
            progress(100)
    if progress is not None:
        progress(len(indices) % 100)
    return Batch(done, list(ctx.problems.items), set(ctx.broken))


def run_parallel(jobs: list[Job], registry: object, ctx: JobContext, writer: SiteWriter,
                 progress: Callable[[int], None], workers: int) -> list[Done]:
    """Fork helpers; all processes take chunks from one queue; merge what the helpers staged."""
    order = chunks(jobs, workers)
    counter = multiprocessing.get_context("fork").Value("i", 0)
    gc.freeze()  # objects from before the fork are not walked by collections, so their pages stay shared
    helpers = [fork_helper(order, counter, jobs, registry, ctx, writer) for _ in range(workers - 1)]
    try:
        done = list(take_chunks(order, counter, jobs, registry, ctx, writer, progress).done)
        while helpers:
            pid, results = helpers[0]
            for batch in receive(pid, results):
                merge(batch, jobs, ctx, writer, done)
                progress(len(batch.done))
            helpers.pop(0)
    finally:
        for pid, results in helpers:  # this process failed first: stop the others before raising
            stop_helper(pid, results)
    done.sort(key=lambda d: d.index)
    return done


def chunks(jobs: list[Job], workers: int) -> list[list[int]]:
    """Job indices in chunks: the heavy jobs first, then the rest in even shares of at most CHUNK.

    In a big build the heavy jobs share one chunk, so one process runs them one after the other and
    their big temporary structures never add up; after a small edit they are most of the work, so
    each gets a chunk of its own and they run side by side.
    """
    heavy = [i for i, job in enumerate(jobs) if job.kind in HEAVY]
    rest = [i for i, job in enumerate(jobs) if job.kind not in HEAVY]
    size = max(1, min(CHUNK, -(-len(rest) // workers)))
    first = [heavy] if len(jobs) >= PARALLEL_MIN_JOBS else [[i] for i in heavy]
    return [chunk for chunk in first if chunk] + [rest[at:at + size] for at in range(0, len(rest), size)]


def take_chunks(order: list[list[int]], counter: object, jobs: list[Job], registry: object, ctx: JobContext,
                writer: SiteWriter, progress: Callable[[int], None] | None, one: bool = False) -> Batch:
    """Run chunk after chunk from the shared queue until it is empty (or just one chunk)."""
    done: list[Done] = []
    while True:
        with counter.get_lock():
            number = counter.value
            counter.value += 1
        if number < len(order):
            done += run_chunk(jobs, order[number], registry, ctx, writer, progress).done
        if number >= len(order) or one:
            return Batch(done, list(ctx.problems.items), set(ctx.broken))


def fork_helper(order: list[list[int]], counter: object, jobs: list[Job], registry: object, ctx: JobContext,
                writer: SiteWriter) -> tuple[int, BinaryIO]:
    """Fork a process that takes chunks like this one and appends each chunk's results to a temporary file.

    Writing each chunk's results as it finishes keeps the helper small: it holds one chunk, not
    all its jobs' results, and the build process reads them once it has done its own share.
    """
    results = tempfile.TemporaryFile()  # noqa: SIM115 - closed by receive or stop_helper
    parent = os.getpid()
    pid = os.fork()
    if pid:
        return pid, results
    child.die_with_parent(parent)
    writer.keep_records = False  # the build process keeps them, from the results file
    try:
        while (batch := take_chunks(order, counter, jobs, registry, ctx, writer, None, one=True)).done:
            pickle.dump(batch, results, -1)
            ctx.problems.items.clear()
        pickle.dump(END, results, -1)
    except BaseException as err:  # sent to the build process, which raises it there
        pickle.dump(("error", err if _picklable(err) else RuntimeError(repr(err))), results, -1)
    results.flush()
    os._exit(0)


END = ("end", None)


def receive(pid: int, results: BinaryIO) -> Iterator[Batch]:
    """A helper's results, chunk by chunk, or its error raised here."""
    _, status = os.waitpid(pid, 0)
    results.seek(0)
    with results:
        while True:
            try:
                item = pickle.load(results)
            except EOFError:
                raise RuntimeError(f"a render helper process died (wait status {status})") from None
            if isinstance(item, Batch):
                yield item
            elif item == END:
                return
            else:
                raise item[1]


def stop_helper(pid: int, results: BinaryIO) -> None:
    """Kill a helper whose results are no longer wanted, and reap it."""
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass
    results.close()


def merge(batch: Batch, jobs: list[Job], ctx: JobContext, writer: SiteWriter, done: list[Done]) -> None:
    """Take a helper's results in: its files (checking no path is claimed twice) and its problems."""
    for item in batch.done:
        item.deps = tuple(_INTERNED.setdefault(dep, dep) for dep in item.deps)  # one object per dependency, as here
        for path, record, staged in item.files:
            writer.adopt(path, record, jobs[item.index].key, staged)
        done.append(item)
    for problem in batch.problems:
        ctx.problems.add(problem.file, problem.line, problem.col, problem.message, problem.hint)
    ctx.broken |= batch.broken


def _picklable(err: BaseException) -> bool:
    try:
        pickle.loads(pickle.dumps(err))
        return True
    except Exception:  # any failure means: send a plain description instead
        return False
