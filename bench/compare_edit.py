"""One-award edits as whole processes, two generator checkouts interleaved on the same registry and edits.

    .venv/bin/python bench/compare_edit.py --base /tmp/old-checkout --root /work/sample-10k [--runs 9]
        [--edit source|predicate]

`--base` is another checkout of this repository (for example `git archive <commit> | tar -x -C DIR`);
both run with this checkout's Python. Each side builds into its own output folder beside the registry
(`<root>.out-base`, `<root>.out-new`); after one settling build each, every round makes one edit (a new
source for the first award of the newest round, as `bench/run.py` does, or that award's predicate
flipped) and builds both sides, in an order that alternates, so that a machine shared with other work
slows both alike. Prints each side's median wall and CPU seconds (CPU of the build and its children),
every wall time, the last summary line and the load average.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.run import PY, edit_one_award  # noqa: E402


def flip_predicate(root: Path, number: int) -> None:
    """Flip the predicate (WBK <-> WBBM) of the first award of the newest round."""
    path = max((root / "data" / "awards").glob("[0-9]*.yaml"))
    text = path.read_text(encoding="utf-8")
    start = text.index("predicate: ", text.index("awards:"))
    end = text.index("\n", start)
    new = "predicate: WBBM" if "WBK" in text[start:end] else "predicate: WBK"
    path.write_text(text[:start] + new + text[end:], encoding="utf-8")


def build(code: Path, root: Path, out: Path) -> tuple[float, float, str]:
    """One `build.py build` of this checkout: wall seconds, CPU seconds (its process tree), summary line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([PY, str(code / "build.py"), "build", "--root", str(root), "--out", str(out)],
                          capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, done.stdout.strip().splitlines()[-1]


def main(argv: list[str] | None = None) -> int:
    """Interleave the two sides' builds after each edit and print their medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="the other checkout (old code)")
    parser.add_argument("--root", type=Path, required=True, help="a generated registry (bench/sample.py)")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--edit", choices=["source", "predicate"], default="source")
    args = parser.parse_args(argv)
    sides = {"base": args.base.resolve(), "new": REPO}
    outs = {side: args.root.with_name(f"{args.root.name}.out-{side}") / "public" for side in sides}
    for side, code in sides.items():
        build(code, args.root, outs[side])  # settle: state, caches
    edit = flip_predicate if args.edit == "predicate" else edit_one_award
    runs: dict[str, list[tuple[float, float, str]]] = {side: [] for side in sides}
    for number in range(args.runs):
        edit(args.root, time.time_ns() + number)
        for side in (list(sides) if number % 2 == 0 else list(sides)[::-1]):
            runs[side].append(build(sides[side], args.root, outs[side]))
    for side, done in runs.items():
        print(f"{side}: {args.edit} edit, median wall {statistics.median(w for w, _, _ in done):.2f} s, "
              f"median CPU {statistics.median(c for _, c, _ in done):.2f} s; walls "
              f"{', '.join(f'{w:.2f}' for w, _, _ in done)} | {done[-1][2]}")
    print("load average: " + ", ".join(f"{load:.2f}" for load in os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
