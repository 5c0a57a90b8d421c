"""Telling the editor how a build goes: a progress bar on a terminal for long builds (tqdm), stage timings in -v."""

from __future__ import annotations

import logging
import sys
import time

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

    def __init__(self, total: int, wanted: bool) -> None:
        self.bar = None
        if wanted and total >= PROGRESS_MIN_JOBS and sys.stderr.isatty():
            from tqdm import tqdm  # imported only for a bar: importing it is a noticeable share of a small rebuild

            self.bar = tqdm(total=total, unit=" jobs", desc="rendering", leave=False, file=sys.stderr)

    def advance(self, count: int) -> None:
        """Some more jobs finished."""
        if self.bar is not None:
            self.bar.update(count)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()
