"""Where a build's memory peaks: one clean build under a sampler, stage by stage.

    .venv/bin/python bench/peaks.py --root /tmp/sample-100000 --out /tmp/peaks-out/public

Runs `build.py -v build` once (the output folder must be new, or one a build wrote: it is removed
first) and reads, every 50 ms, the summed PSS of the build and every process it forked (the same
reading as bench/run.py's tree PSS column) and each process's RSS. It prints the build's stage lines
with the time they came, one line per second of the memory figures, then the build's peak RSS (wait4,
what /usr/bin/time shows) and the tree's peak PSS with the time it was reached. docs/performance.md,
"Where the 100k peak sat", was measured with it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.run import MIB, PY, clean_output, proc_bytes, pss, tree  # noqa: E402


def rss(pid: int) -> int:
    """Resident set size of one process in bytes (0 once it is gone)."""
    return proc_bytes(pid, "status", "VmRSS")


class Sampler(threading.Thread):
    """Every 50 ms: the tree's PSS (its peak kept), and once a second a line of the figures."""

    def __init__(self, pid: int, started: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.started, self.done = pid, started, threading.Event()
        self.peak, self.peak_at, self.lines = 0, 0.0, []

    def run(self) -> None:
        last = -1.0
        while not self.done.wait(0.05):
            pids = tree(self.pid)
            total, now = sum(pss(p) for p in pids), time.perf_counter() - self.started
            if total > self.peak:
                self.peak, self.peak_at = total, now
            if now - last >= 1:
                last = now
                others = max((rss(p) for p in pids[1:]), default=0)
                self.lines.append(f"{now:7.1f} s  tree PSS {total / MIB:6.0f} MiB  build RSS "
                                  f"{rss(self.pid) / MIB:6.0f} MiB  processes {len(pids)}  largest child RSS "
                                  f"{others / MIB:6.0f} MiB")


def main(argv: list[str] | None = None) -> int:
    """Build once under the sampler and print what it saw."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, required=True, help="a registry (e.g. from bench/sample.py)")
    parser.add_argument("--out", type=Path, required=True, help="output folder (removed first)")
    args = parser.parse_args(argv)
    clean_output(args.out)
    os.sync()
    started = time.perf_counter()
    process = subprocess.Popen([PY, "build.py", "-v", "build", "--root", str(args.root), "--out", str(args.out)],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = Sampler(process.pid, started)
    sampler.start()
    for line in process.stdout:
        print(f"[{time.perf_counter() - started:7.1f} s] {line}", end="", flush=True)
    _, status, usage = os.wait4(process.pid, 0)
    sampler.done.set()
    print("\n".join(sampler.lines))
    print(f"wall {time.perf_counter() - started:.1f} s, build peak RSS {usage.ru_maxrss / 1024:,.0f} MiB, "
          f"tree peak PSS {sampler.peak / MIB:,.0f} MiB at {sampler.peak_at:.1f} s, "
          f"load {os.getloadavg()[0]:.1f}")
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
