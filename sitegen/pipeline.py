"""build(): the stages in order — load, validate, model, render, write — one log line each."""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import forkload
from sitegen.checks import collect_warnings
from sitegen.config import Config, load_config
from sitegen.errors import Problems
from sitegen.links import check_source_links
from sitegen.pages import list_pages
from sitegen.progress import Stopwatch
from sitegen.registry import load_registry
from sitegen.session import Session, extra_routes
from sitegen.statics import static_routes

log = logging.getLogger("registri")
REPO = Path(__file__).resolve().parent.parent
GC_YOUNG = 50_000  # young-generation threshold while rendering (Python's default, 700, collects 70x as often)


@dataclass(frozen=True)
class BuildOptions:
    """Where to read from and write to."""

    root: Path = REPO
    out: Path = REPO / "public"
    base_path: str | None = None
    base_url: str | None = None
    corrections: str | None = None  # overrides site.yaml's corrections address (a deploy recipe sets it)
    templates: Path = REPO / "templates"
    static: Path = REPO / "site_src" / "static"
    write: bool = True
    livereload_port: int = 0
    progress: bool = False  # a progress bar on stderr for long builds (the command line sets it on a terminal)


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


def build(options: BuildOptions, session: Session | None = None) -> BuildSummary:
    """Build the site, or raise DataError leaving the previous public/ untouched; re-render only what changed."""
    session = session or Session()
    session.hold_saves()  # no thread may run while this build forks; the dev server saves when idle again
    try:
        return build_now(options, session)
    finally:
        session.save_later()


def build_now(options: BuildOptions, session: Session) -> BuildSummary:
    """build() while no state is being saved in the background."""
    started, clock = time.perf_counter(), Stopwatch()
    problems = Problems(options.root)
    config = load_config(options.root, options.base_path, options.base_url, problems, options.livereload_port,
                         options.corrections)
    problems.raise_if_any()
    if not options.write:
        return check_only(options, config, started)
    inputs = session.read_inputs(options, config)
    if session.nothing_changed(options.out, inputs):
        clock.lap("nothing changed since the last build of %s", options.out)
        return summary_of(session.last_summary(options.out), 0, started)
    clock.lap("read every input file")
    rounds = session.rounds(options.out)
    hits = rounds.hits
    apart = not session.resident and forkload.data_size(options.root) >= forkload.APART_FROM_BYTES
    with collector_paused():
        registry, sources = forkload.load(options.root, rounds, apart)
    clock.lap("loaded %d units from %s (%d round files from the cache%s)", len(registry.units), options.root,
              rounds.hits - hits, ", in a child process" if apart else "")
    result = session.render_and_publish(registry, sources, config, options, inputs)
    return summary_of(result, result["written"], started)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while loading, then the loaded registry is left out of later collections.

    Loading allocates millions of objects that all stay alive, so every collection it triggers walks
    an ever larger heap for nothing (a 100k-unit load took three times as long with it).
    """
    gc.unfreeze()  # the dev server's previous registry may be garbage now
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.freeze()
        gc.set_threshold(GC_YOUNG, 20, 100)


def check_only(options: BuildOptions, config: Config, started: float) -> BuildSummary:
    """Validate data and links without rendering or writing anything."""
    registry, sources = load_registry(options.root)
    pages = list_pages(registry)
    known = {p.route for p in pages} | extra_routes(registry) | static_routes(options.static)
    check_source_links(sources, known, Problems(options.root))
    log.info("validated %d pages' links", len(pages))
    return BuildSummary(len(registry.units), len(registry.rounds), len(registry.institutions), len(pages), 0, 0,
                        time.perf_counter() - started, collect_warnings(registry, config))


def summary_of(facts: dict, written: int, started: float) -> BuildSummary:
    """The summary line's numbers from what the build (or, when nothing changed, the last one) recorded."""
    return BuildSummary(facts["units"], facts["rounds"], facts["institutions"], facts["pages"], facts["files"],
                        written, time.perf_counter() - started, list(facts.get("warnings", [])),
                        facts.get("rendered", 0), facts.get("jobs", 0))
