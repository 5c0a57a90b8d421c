"""Import speed: a generated award list of a decree's size and beyond, imported into a registry with no awards.

    .venv/bin/python bench/import_bench.py --units 10000            # about 13,000 rows
    .venv/bin/python bench/import_bench.py --units 75000 --runs 1   # about 100,000 rows

The list is every award of a generated registry (bench/sample.py) written as the importer's CSV; the registry
it goes into holds the same institutions and no award, so every row is new, as a first import of a decree
list is. Each run is a fresh process (so imports, caches and memory are the command's own): a dry run, then a
real run into a fresh copy. Printed: rows, units, seconds (median of --runs) and peak memory (max RSS).
"""

from __future__ import annotations

import argparse
import csv
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.sample import write_sample_registry  # noqa: E402

COLUMNS = ("year", "predicate", "institution", "province", "city", "unit", "source_url", "source_title", "note",
           "set_by", "secondary")
# Each import runs in a fresh process through this: the command line's main(), then the peak memory. With
# --beyond-limits the importer's size limits (sitegen/importer/sheets.py, which refuses lists over 50,000 rows)
# are raised tenfold in that process only, to measure the machinery on a 100,000-row list.
PEAK = ("import resource, sys; sys.path.insert(0, sys.argv[1])\n"
        "if sys.argv[2] == 'beyond':\n"
        "    import sitegen.importer.sheets as s\n"
        "    s.MAX_ROWS, s.MAX_ROW_NUMBER, s.MAX_CELLS = s.MAX_ROWS * 10, s.MAX_ROW_NUMBER * 10, s.MAX_CELLS * 10\n"
        "import build; code = build.main(sys.argv[3:])\n"
        "print('peak_kib', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)")
LIMITS = ["within"]  # set to ["beyond"] by --beyond-limits


def write_list(sample: Path, target: Path, rows_per_unit: float = 1.3) -> int:
    """Every award of the generated registry as one CSV row, and then, as news lists repeat a unit with another
    report, awards again with a second source until the list has rows_per_unit rows per unit; the row count."""
    awards = list(awards_of(sample))
    units = len({(a["institution"], a["unit"]) for _, a in awards})
    extra = max(0, round(units * rows_per_unit) - len(awards))
    step = max(1, len(awards) // extra) if extra else 0
    again = [(year, {**a, "source_url": a["source_url"] + "-lain", "source_title": "Berita lain (data contoh)"})
             for year, a in awards[::step][:extra]] if extra else []
    with target.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(COLUMNS)
        for year, award in awards + again:
            values = {**award, "year": year, "secondary": "true" if award.get("secondary") else ""}
            out.writerow([values.get(c) or "" for c in COLUMNS])
    return len(awards) + len(again)


def awards_of(sample: Path) -> Iterator[tuple[str, dict]]:
    """Every award of the generated registry with its round's year ("" when unknown)."""
    for path in sorted((sample / "data" / "awards").glob("*.yaml")):
        round_ = yaml.safe_load(path.read_text(encoding="utf-8"))
        for award in round_.get("awards") or []:
            yield "" if round_.get("year") is None else str(round_["year"]), award


def empty_registry(sample: Path, target: Path) -> Path:
    """The generated registry's institutions and unit identities, and no award."""
    (target / "data" / "awards").mkdir(parents=True)
    for name in ("institutions.yaml", "units.yaml"):
        if (sample / "data" / name).exists():
            shutil.copy(sample / "data" / name, target / "data" / name)
    return target


ANSWER = re.compile(r"with --distinct ('(?:[^']|'\\'')*')")


def answers(listing: Path, root: Path) -> list[str]:
    """The editor's answers to the list's likely-duplicate questions: here, every pair is two units (the
    generated registry names each unit once), given as --distinct, as an editor would after checking."""
    given: list[str] = []
    for _ in range(10):  # an answer can bring the next most alike unit up, as it does for an editor
        done = subprocess.run([sys.executable, "-c", PEAK, str(REPO), *LIMITS, "import", str(listing), "--root",
                               str(root), "--dry-run", *given], capture_output=True, text=True)
        found = [shlex.split(quoted)[0] for quoted in ANSWER.findall(done.stderr)]
        if not found:
            return given
        given += [arg for value in found for arg in ("--distinct", value)]
    raise SystemExit("the questions did not end after 10 rounds of answers")


def timed_import(listing: Path, root: Path, dry_run: bool, answered: list[str]) -> tuple[float, int, str]:
    """One `build.py import` in a fresh process: (seconds, peak KiB, its summary)."""
    args = [sys.executable, "-c", PEAK, str(REPO), *LIMITS, "import", str(listing), "--root", str(root), *answered]
    started = time.perf_counter()
    done = subprocess.run([*args, *(["--dry-run"] if dry_run else [])], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"import failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    peak = int(next(line.split()[1] for line in done.stderr.splitlines() if line.startswith("peak_kib")))
    return seconds, peak, done.stdout


def main(argv: list[str] | None = None) -> int:
    """Generate, import (dry run and real), print the figures."""
    parser = argparse.ArgumentParser(prog="bench/import_bench.py", description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10_000, help="units of the generated registry")
    parser.add_argument("--runs", type=int, default=3, help="runs of each kind (the median is printed)")
    parser.add_argument("--beyond-limits", action="store_true",
                        help="raise the importer's size limits (50,000 rows) in the measured processes")
    args = parser.parse_args(argv)
    LIMITS[:] = ["beyond" if args.beyond_limits else "within"]
    with tempfile.TemporaryDirectory(prefix="registri-import-bench-") as tmp:
        work = Path(tmp)
        write_sample_registry(work / "sample", args.units)
        listing = work / "daftar.csv"
        rows = write_list(work / "sample", listing)
        answered = answers(listing, empty_registry(work / "sample", work / "asked"))
        print(f"{rows:,} rows; {len(answered) // 2} likely-duplicate questions, answered with --distinct",
              flush=True)
        for dry_run in (True, False):
            times, peaks = [], []
            for run in range(args.runs):
                root = empty_registry(work / "sample", work / f"reg-{int(dry_run)}-{run}")
                seconds, peak, summary = timed_import(listing, root, dry_run, answered)
                times.append(seconds)
                peaks.append(peak)
            created = next(line for line in summary.splitlines() if "units created" in line).split(":")[1].strip()
            print(f"{'dry run' if dry_run else 'import '}: {rows:,} rows, {int(created):,} units created, "
                  f"{statistics.median(times):.1f} s (median of {args.runs}: "
                  f"{', '.join(f'{t:.1f}' for t in times)}), peak memory {max(peaks) / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
