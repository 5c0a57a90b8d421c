"""Telling the editor how a build goes: a progress bar on a terminal for long builds (tqdm), stage timings in -v,
and the one-line summary at the end."""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass, field

PROGRESS_MIN_JOBS = 4000  # fewer jobs finish too soon for a bar to help
log = logging.getLogger("registri")


class Stopwatch:
    """Logs each stage with the seconds it took (shown with build.py -v)."""

    def __init__(self) -> None:
        self.last = time.perf_counter()

    def lap(self, message: str, *args: object) -> None:
        """Log that a stage ended, with its duration."""
        now = time.perf_counter()
        log.info(message + " (%.3f s)", *args, now - self.last)
        self.last = now


class Progress:
    """Counts finished jobs on a bar on stderr, when asked for and the build is long."""

    def __init__(self, total: int, wanted: bool, desc: str = "rendering", unit: str = " jobs") -> None:
        self.bar = None
        if wanted and total >= PROGRESS_MIN_JOBS and sys.stderr.isatty():
            from tqdm import tqdm  # imported only for a bar: importing it is a noticeable share of a small rebuild

            self.bar = tqdm(total=total, unit=unit, desc=desc, leave=False, file=sys.stderr)

    def advance(self, count: int) -> None:
        """Some more jobs finished."""
        if self.bar is not None:
            self.bar.update(count)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


@dataclass(frozen=True)
class BuildSummary:
    """What a build did, for the one-line report at the end."""

    units: int
    rounds: int
    institutions: int
    pages: int
    files: int
    written: int
    seconds: float
    warnings: list[str] = field(default_factory=list)
    rendered: int = 0  # jobs (pages, unit twins, exports, search index) that ran; the others were carried over
    jobs: int = 0

    def line(self) -> str:
        """'1,204 units, 9 rounds, 312 institutions, 4,321 files (12 written), 0 warnings, 1.4 s'."""
        return (f"{self.units:,} units, {self.rounds:,} rounds, {self.institutions:,} institutions, "
                f"{self.files:,} files ({self.written:,} written), {len(self.warnings)} warnings, "
                f"{self.seconds:.1f} s")


def summary_of(facts: dict, written: int, started: float) -> BuildSummary:
    """The summary line's numbers from what the build (or, when nothing changed, the last one) recorded."""
    return BuildSummary(facts["units"], facts["rounds"], facts["institutions"], facts["pages"], facts["files"],
                        written, time.perf_counter() - started, list(facts.get("warnings", [])),
                        facts.get("rendered", 0), facts.get("jobs", 0))
