"""Build benchmark: generated registries of 1k, 10k and 100k units, our build against the plain floor.

    .venv/bin/python bench/run.py [--sizes 1000 10000 100000] [--runs 3] [--work DIR]

For each size: write a sample registry with `bench/sample.py` (in a temporary folder, never data/),
then run `build.py build` (a clean build: output, state and cache deleted first),
`bench/floor.py` (like for like: the same four files per unit) and `bench/floor.py --plain` (one page
per unit, the earlier yardstick) as separate processes, in interleaved rounds whose order alternates, so
that a noisy machine slows every side alike. Prints pages written, median wall seconds, the median of
the per-round ratios build/floor and build/plain floor, pages per second and peak memory: the largest process's
peak RSS (what /usr/bin/time shows) and the whole process tree's peak PSS (render workers
included, shared pages counted once). Then incremental figures at 10k: a rebuild with no change and
a one-award edit as whole processes, the same edit rebuilt in one process (what the dev server
does), and the search index's share of a full build.

The 10k size is also run with both outputs in RAM (/dev/shm, rows marked "RAM"): on this kind of
machine the disk's time to create files swings several-fold between identical runs, and the RAM
rows show the ratio the code alone gives.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

PY = sys.executable
SUMMARY_RE = re.compile(r"([\d,]+) files \(([\d,]+) written\)")
MIB = 1024 * 1024


@dataclass
class Run:
    """One process: wall and CPU seconds, largest process's peak RSS, whole tree's peak PSS (bytes), output."""

    wall: float
    cpu: float
    rss: int
    pss: int
    stdout: str


@dataclass
class SizeResult:
    """Every pair of runs at one size."""

    size: int
    root: Path
    builds: list[Run] = field(default_factory=list)
    floors: list[Run] = field(default_factory=list)
    plain_floors: list[Run] = field(default_factory=list)
    pages: int = 0
    floor_pages: int = 0
    files: int = 0
    load: list[float] = field(default_factory=list)
    in_ram: bool = False


class PssSampler(threading.Thread):
    """Samples the summed PSS of a process and its descendants every 50 ms; keeps the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            self.peak = max(self.peak, sum(pss(p) for p in tree(self.pid)))


def tree(pid: int) -> list[int]:
    """A process and all its descendants, from /proc."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            todo += [int(c) for c in Path(f"/proc/{current}/task/{current}/children").read_text().split()]
        except OSError:
            continue
    return found


def proc_bytes(pid: int, file: str, field: str) -> int:
    """A size in bytes from /proc/<pid>/<file>'s "<field>: N kB" line (0 once the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def pss(pid: int) -> int:
    """Proportional set size of one process in bytes (0 once it is gone)."""
    return proc_bytes(pid, "smaps_rollup", "Pss")


def run_process(args: list[str]) -> Run:
    """Run a command to its end; wait4 gives this child's own CPU time and peak RSS.

    The disk is synced first, so that the files the previous run left to write back (and the
    folders it deleted) are not written during this one.
    """
    os.sync()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(args, cwd=REPO, stdout=out, stderr=err)
        sampler = PssSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        sampler.done.set()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed ({process.returncode}):\n{err.read().decode()[-3000:]}")
        return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, sampler.peak, out.read().decode())


def clean_output(out: Path) -> None:
    """Delete an output folder and everything the build keeps beside it."""
    for path in [out, *out.parent.glob(out.name + ".*")]:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def sample(size: int, work: Path) -> Path:
    """A generated registry of `size` units, written once by `bench/sample.py`."""
    root = work / f"sample-{size}"
    if not root.is_dir():
        subprocess.run([PY, "bench/sample.py", "--units", str(size), "--out", str(root)], cwd=REPO, check=True,
                       capture_output=True)
    return root


def build_args(root: Path, out: Path) -> list[str]:
    """`build.py build` of a sample registry."""
    return [PY, "build.py", "build", "--root", str(root), "--out", str(out)]


def measure_size(size: int, runs: int, work: Path, outputs: Path | None = None) -> SizeResult:
    """Sample registry, one warm-up of each side, then `runs` interleaved pairs of clean builds
    (written under `outputs` when given, else in the work folder)."""
    base = outputs or work
    root, out, floor_out = sample(size, work), base / f"out-{size}" / "public", base / f"floor-{size}"
    result = SizeResult(size, root, load=[os.getloadavg()[0]], in_ram=outputs is not None)
    commands = {"build": build_args(root, out), "floor": [PY, "bench/floor.py", str(root), str(floor_out)],
                "plain": [PY, "bench/floor.py", "--plain", str(root), str(floor_out)]}
    kept = {"build": result.builds, "floor": result.floors, "plain": result.plain_floors}
    for number in range(runs + 1):
        sides = ["build", "floor", "plain"]
        for side in sides if number % 2 else reversed(sides):
            clean_output(out if side == "build" else floor_out)
            run = run_process(commands[side])
            if number:  # the first round warms the page cache and is not counted
                kept[side].append(run)
            if side == "floor" and number == runs:
                result.floor_pages = sum(1 for _ in floor_out.rglob("*.html"))  # the like-for-like floor's pages
    result.load.append(os.getloadavg()[0])
    result.pages = sum(1 for _ in out.rglob("*.html"))
    result.files = int(SUMMARY_RE.search(result.builds[-1].stdout).group(1).replace(",", ""))
    return result


HEADER = ("       units |  pages (floor) |  files | median wall s build / floor / plain | build/floor (each round) | "
          "build/plain | pages/s build / floor | peak RSS build / floor | build tree PSS | load")


def table(results: list[SizeResult]) -> str:
    """The benchmark table: one row per size."""
    return "\n".join([HEADER, "-" * len(HEADER), *(row(r) for r in results)])


def row(r: SizeResult) -> str:
    """One size: medians, the median of the per-pair ratios (each pair shown), throughput and memory."""
    build, floor = median([x.wall for x in r.builds]), median([x.wall for x in r.floors])
    pairs = [b.wall / f.wall for b, f in zip(r.builds, r.floors, strict=True)]
    plain = median([b.wall / f.wall for b, f in zip(r.builds, r.plain_floors, strict=True)])
    rss_build, rss_floor = max(x.rss for x in r.builds) / MIB, max(x.rss for x in r.floors) / MIB
    label = f"{r.size:,}" + (" RAM" if r.in_ram else "")
    return (f"{label:>12} | {r.pages:>6,} ({r.floor_pages:>6,}) | {r.files:>6,} | {build:12.2f} / {floor:6.2f} / "
            f"{median([x.wall for x in r.plain_floors]):5.2f} | {median(pairs):5.2f}x "
            f"({', '.join(f'{p:.2f}' for p in pairs)}) | {plain:5.2f}x | {r.pages / build:8,.0f} / "
            f"{r.floor_pages / floor:6,.0f} | {rss_build:7.0f} / {rss_floor:4.0f} MiB | "
            f"{max(x.pss for x in r.builds) / MIB:9.0f} MiB | {r.load[0]:.1f}-{r.load[1]:.1f}")


def median(values: list[float]) -> float:
    """The median."""
    return statistics.median(values)


def incremental_figures(size: int, runs: int, work: Path) -> list[str]:
    """No-change rebuild, one-award edit (whole processes), the same edit in one process, search share."""
    root, out = sample(size, work), work / f"out-{size}" / "public"
    clean_output(out)
    run_process(build_args(root, out))
    lines = [f"incremental at {size:,} units (median of {runs}, load {os.getloadavg()[0]:.1f}):"]
    nochange = [run_process(build_args(root, out)) for _ in range(runs)]
    lines.append(f"  no-change rebuild, whole process: {median([r.wall for r in nochange]):.2f} s, "
                 f"{written(nochange[-1])} files written")
    edits = []
    for number in range(runs):
        edit_one_award(root, number)
        edits.append(run_process(build_args(root, out)))
    lines.append(f"  one-award edit, whole process:    {median([r.wall for r in edits]):.2f} s, "
                 f"{written(edits[-1])} files written ({edits[-1].stdout.strip()})")
    lines += in_process_figures(root, out, runs)
    return lines


def written(run: Run) -> int:
    """Files written, from the build's summary line."""
    return int(SUMMARY_RE.search(run.stdout).group(2).replace(",", ""))


def edit_one_award(root: Path, number: int) -> None:
    """Change the source of the first award of the newest round (a different text every time)."""
    path = max((root / "data" / "awards").glob("[0-9]*.yaml"))
    text = path.read_text(encoding="utf-8")
    start = text.index("source_url:", text.index("awards:"))
    end = text.index("\n", start)
    path.write_text(text[:start] + f'source_url: "https://contoh.invalid/bench-edit-{number}-{time.time_ns()}"'
                    + text[end:], encoding="utf-8")


def in_process_figures(root: Path, out: Path, runs: int) -> list[str]:
    """The dev server's rebuild (one Session, same process) for one edit, and the search index's share."""
    from sitegen.cache.session import Session
    from sitegen.load.registry import load_registry
    from sitegen.pipeline import BuildOptions, build
    from sitegen.render.search import build_search_files
    from sitegen.render.search_rows import search_rows

    session, options = Session(resident=True), BuildOptions(root=root, out=out)  # the dev server's session
    build(options, session)
    timings, summary = [], None
    for number in range(runs):
        edit_one_award(root, 100 + number)
        started = time.perf_counter()
        summary = build(options, session)
        timings.append(time.perf_counter() - started)
    registry, _ = load_registry(root)
    started = time.perf_counter()
    build_search_files(search_rows(registry))
    search = time.perf_counter() - started
    return [f"  one-award edit, dev server (in process): {median(timings):.2f} s, {summary.written} files written, "
            f"{summary.rendered} of {summary.jobs} jobs run",
            f"  search index build alone: {search:.2f} s"]


def search_share(results: list[SizeResult]) -> list[str]:
    """The search index build's share of each full build's CPU time."""
    from sitegen.load.registry import load_registry
    from sitegen.render.search import build_search_files
    from sitegen.render.search_rows import search_rows

    lines = ["search index share of a full build (index build CPU / the build's CPU, and / its median wall):"]
    for r in results:
        registry, _ = load_registry(r.root)
        started = time.process_time()
        build_search_files(search_rows(registry))
        spent = time.process_time() - started
        cpu, wall = median([b.cpu for b in r.builds]), median([b.wall for b in r.builds])
        lines.append(f"  {r.size:>8,} units: {spent:.2f} s of {cpu:.2f} s CPU = {100 * spent / cpu:.1f}%, "
                     f"of {wall:.2f} s wall = {100 * spent / wall:.1f}%")
    return lines


def ram_folder() -> Path | None:
    """A fresh folder in /dev/shm (memory), or None where there is none to write to."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        return None
    return Path(tempfile.mkdtemp(prefix="registri-bench-", dir=shm))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table and the incremental figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000],
                        help="sizes of the clean-build table (none: only the incremental figures)")
    parser.add_argument("--runs", type=int, default=3, help="timed pairs per size (after one warm-up pair)")
    parser.add_argument("--ram-sizes", type=int, nargs="*", default=[10000],
                        help="sizes also built with both outputs in /dev/shm")
    parser.add_argument("--incremental-size", type=int, default=10000)
    parser.add_argument("--work", type=Path, default=None, help="keep samples and outputs here (default: a temp dir)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="registri-bench-"))
    # as `make site` does: with PYTHONDONTWRITEBYTECODE set, each build would compile every module again
    compileall.compile_dir(REPO / "sitegen", quiet=1)
    print(f"bench: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}, work folder {work}", flush=True)
    results = []
    for size in args.sizes:
        results.append(measure_size(size, args.runs, work))
        print(table(results[-1:]).splitlines()[-1], flush=True)
    ram = ram_folder() if args.ram_sizes else None
    try:
        for size in args.ram_sizes if ram is not None else []:
            results.append(measure_size(size, args.runs, work, ram))
            print(table(results[-1:]).splitlines()[-1], flush=True)
    finally:  # /dev/shm is memory: never leave builds there, even after a failure
        if ram is not None:
            shutil.rmtree(ram, ignore_errors=True)
    if results:
        print("\n" + table(results))
        print("\n".join(search_share([r for r in results if not r.in_ram])))
    if args.incremental_size:
        print("\n".join(incremental_figures(args.incremental_size, args.runs, work)))
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
