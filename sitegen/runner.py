"""Run the jobs that must run: in this process, or on every core in forked workers that stage files themselves.

Workers are forked after the registry is loaded, so they share it without copying; each returns,
per job, the dependencies it read and the files it staged, and the parent checks that no two jobs
claimed one path. A worker dies with its parent (PR_SET_PDEATHSIG), so a killed build leaves no
process writing into its staging folder.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass

from sitegen.errors import Problem
from sitegen.jobs import Job, JobContext, run_job
from sitegen.tracking import DepLog, TrackedRegistry
from sitegen.write import SiteWriter

PARALLEL_MIN_JOBS = 1500  # below this, forking costs more than it saves (measured: docs/performance.md)
CHUNK = 250
HEAVY = ("search", "data")  # single jobs that take a tenth of a 10k build each: start them first
PR_SET_PDEATHSIG = 1


@dataclass
class Done:
    """A job that ran: its dependencies, its files as (path, record, staged now), and its page facts."""

    index: int
    deps: frozenset
    files: list[tuple[str, list, bool]]
    page: tuple | None


@dataclass
class Batch:
    """What one worker sends back for a chunk of jobs."""

    done: list[Done]
    problems: list[Problem]
    broken: set[str]


def workers_for(jobs: list[Job]) -> int:
    """How many processes to run these jobs in: every core for many jobs or heavy ones, one otherwise."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    heavy = sum(1 for job in jobs if job.kind in HEAVY)
    return min(cores, 8) if len(jobs) >= PARALLEL_MIN_JOBS or (heavy and len(jobs) > heavy) else 1


def run_jobs(jobs: list[Job], registry: object, ctx: JobContext, writer: SiteWriter,
             progress: Callable[[int], None]) -> list[Done]:
    """Run every job, staging its files through the writer; problems end up in ctx.problems."""
    workers = workers_for(jobs)
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
        deps = frozenset(log.take()).union(job.deps)
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


_SHARED: tuple = ()  # (jobs, registry, ctx, writer), set before forking so workers inherit it


def run_parallel(jobs: list[Job], registry: object, ctx: JobContext, writer: SiteWriter,
                 progress: Callable[[int], None], workers: int) -> list[Done]:
    """Fork workers over chunks of jobs, heavy single jobs first; merge what they staged."""
    global _SHARED
    _SHARED = (jobs, registry, ctx, writer)
    gc.collect()
    gc.freeze()  # objects from before the fork are never collected, so their pages stay shared
    done: list[Done] = []
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_die_with_parent) as pool:
            for batch in pool.imap_unordered(_worker_chunk, chunks(jobs, workers)):
                merge(batch, jobs, ctx, writer, done)
                progress(len(batch.done))
    finally:
        _SHARED = ()
        gc.unfreeze()
    done.sort(key=lambda d: d.index)
    return done


def chunks(jobs: list[Job], workers: int) -> list[list[int]]:
    """Job indices in chunks: the heavy single jobs alone and first, then the rest in even shares of at most CHUNK."""
    heavy = [i for i, job in enumerate(jobs) if job.kind in HEAVY]
    rest = [i for i, job in enumerate(jobs) if job.kind not in HEAVY]
    size = max(1, min(CHUNK, -(-len(rest) // workers)))
    return [[i] for i in heavy] + [rest[at:at + size] for at in range(0, len(rest), size)]


def merge(batch: Batch, jobs: list[Job], ctx: JobContext, writer: SiteWriter, done: list[Done]) -> None:
    """Take a worker's results in: its files (checking no path is claimed twice) and its problems."""
    for item in batch.done:
        for path, record, staged in item.files:
            writer.adopt(path, record, jobs[item.index].key, staged)
        done.append(item)
    for problem in batch.problems:
        ctx.problems.add(problem.file, problem.line, problem.col, problem.message, problem.hint)
    ctx.broken |= batch.broken


def _worker_chunk(indices: list[int]) -> Batch:
    jobs, registry, ctx, writer = _SHARED
    ctx.problems.items.clear()
    return run_chunk(jobs, indices, registry, ctx, writer)


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the build process dies, even by SIGKILL."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    name = ctypes.util.find_library("c")
    if name:
        ctypes.CDLL(name).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
