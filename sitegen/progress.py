"""A progress bar on a terminal for builds long enough to want one (tqdm), and nothing otherwise."""

from __future__ import annotations

import sys

from tqdm import tqdm

PROGRESS_MIN_JOBS = 4000  # about 2 s of rendering on this machine's cores; shorter builds just finish


class Progress:
    """Counts finished jobs on a bar on stderr, when asked for and the build is long."""

    def __init__(self, total: int, wanted: bool) -> None:
        show = wanted and total >= PROGRESS_MIN_JOBS and sys.stderr.isatty()
        self.bar = tqdm(total=total, unit=" jobs", desc="rendering", leave=False, file=sys.stderr) if show else None

    def advance(self, count: int) -> None:
        """Some more jobs finished."""
        if self.bar is not None:
            self.bar.update(count)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()
