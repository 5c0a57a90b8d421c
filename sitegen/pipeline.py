"""build(): the stages in order, one log line each.

    settings -> load (read, validate, model) -> render (stage every file) -> check links -> publish

A plain build (incremental=False) runs each stage on everything. An incremental build runs the
same stages through a Session (the one door to the speed machinery): it reads the round cache,
renders only the jobs whose inputs changed, and records what it did for the next build. Both
publish byte-identical sites.
"""

from __future__ import annotations

import gc
import logging
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sitegen.cache import parread
from sitegen.cache.inputs import LastBuild
from sitegen.cache.session import Session
from sitegen.cache.state import forget_state
from sitegen.cache.unit_memo import CachedRounds
from sitegen.errors import DataError, Problem, Problems
from sitegen.load.checks import collect_warnings, vanished_unit_pages
from sitegen.load.config import BuildOptions, Config, load_config
from sitegen.load.registry import load_registry
from sitegen.model import routes
from sitegen.model.records import Registry
from sitegen.progress import BuildSummary, Stopwatch, summary_of
from sitegen.render.jinja import make_environment
from sitegen.render.links import check_source_links
from sitegen.render.outputs import PageFacts, Rendering, site_files
from sitegen.render.pages import extra_routes, list_pages
from sitegen.render.statics import static_routes
from sitegen.write import SiteWriter, check_output

log = logging.getLogger("registri")
GC_YOUNG = 50_000  # young-generation threshold while rendering (Python's default, 700, collects far more often)


def build(options: BuildOptions, session: Session | None = None, incremental: bool = True,
          last: LastBuild | None = None) -> BuildSummary:
    """Build the site, or raise DataError leaving the previous public/ untouched.

    incremental=False switches the speed machinery off: every stage runs on everything, and nothing
    is read from or left for other builds. last: what build.py's first look (inputs.first_look) found.
    """
    started = time.perf_counter()
    if options.write:
        check_output(options.out, options.root)  # before anything reads or touches the output
    config = settings(options)
    if not options.write:
        return check_only(options, config, started, incremental)
    if not incremental:
        return build_plain(options, config, started)
    session = session or Session()
    session.hold_saves()  # no thread may run while this build forks; the dev server saves when idle again
    try:
        return build_incremental(options, config, session, started, last)
    finally:
        session.save_later()


def settings(options: BuildOptions) -> Config:
    """Stage 1: site.yaml and the command line's settings."""
    problems = Problems(options.root)
    config = load_config(options.root, options.base_path, options.base_url, problems, options.livereload_port,
                         options.corrections, options.no_corrections)
    if problems:  # the data is read all the same, so one run reports every problem
        problems.extend(data_problems(options.root))
        problems.raise_if_any()
    return config


def data_problems(root: Path) -> list[Problem]:
    """What is wrong in data/ and site_src/, read without the speed machinery."""
    try:
        load_registry(root)
    except DataError as err:
        return err.problems
    return []


def build_plain(options: BuildOptions, config: Config, started: float) -> BuildSummary:
    """Every stage on everything."""
    clock = Stopwatch()
    with collector_paused():
        registry, sources = load_registry(options.root)
    clock.lap("loaded %d units from %s", len(registry.units), options.root)
    writer = SiteWriter(options.out)
    before = published_unit_files(options.out)  # for the same warning the incremental build gives
    rendering = Rendering(make_environment(options.templates, config), config, options.templates, options.static,
                          Problems(options.templates.parent))
    pages: list[PageFacts] = []
    try:
        for origin, files in site_files(registry, rendering, pages):
            for path, data in files.items():
                writer.write(path, data, origin)
        clock.lap("rendered %d pages, %d files staged", len(pages), writer.written)
        publish(writer, registry, sources, pages, options)
    except BaseException:
        writer.discard()
        raise
    forget_state(options.out)  # an incremental build's record of this folder no longer says what is in it
    warnings = collect_warnings(registry, config) + vanished_unit_pages(gone_units(before, writer.files))
    facts = facts_of(registry, pages, writer, warnings, len(writer.files))
    return summary_of(facts, writer.written, started)


def build_incremental(options: BuildOptions, config: Config, session: Session, started: float,
                      last: LastBuild | None = None) -> BuildSummary:
    """The same stages through the session: only what changed since the last build runs."""
    clock = Stopwatch()
    if last is None:
        inputs = session.read_inputs(options, config)
        unchanged = session.nothing_changed(options.out, inputs)
    else:
        session.take(options.out, last)
        inputs, unchanged = last.inputs, last.unchanged
    if unchanged:
        clock.lap("nothing changed since the last build of %s", options.out)
        return summary_of(session.last_summary(options.out), 0, started)
    clock.lap("read every input file")
    with collector_paused():
        registry, sources = session.load(options)
    clock.lap("loaded %d units from %s", len(registry.units), options.root)
    staged = session.render(registry, config, options, inputs)
    try:
        publish(staged.writer, registry, sources, staged.pages, options)
    except BaseException:
        staged.writer.discard()
        raise
    gone = gone_units(staged.writer.previous.keys(), staged.writer.files)
    warnings = session.warnings(registry, config, options.out) + vanished_unit_pages(gone)
    facts = facts_of(registry, staged.pages, staged.writer, warnings, staged.jobs)
    session.record(staged, facts)
    return summary_of({**facts, "rendered": staged.rendered}, staged.writer.written, started)


def gone_units(before: Iterable[str], now: Iterable[str]) -> list[str]:
    """Unit routes whose page (or redirect) the last build in this folder wrote and this one does not."""
    return sorted(route for rel in set(before).difference(now) if (route := routes.unit_of_page_file(rel)) is not None)


def published_unit_files(out: Path) -> list[str]:
    """The unit page files in the output folder as it stands (what a plain build knows of the last one)."""
    units = out / routes.UNITS_FOLDER
    if not units.is_dir():
        return []
    return [f"{routes.UNITS_FOLDER}/{inst.name}/{unit.name}/index.html"
            for inst in os.scandir(units) if inst.is_dir(follow_symlinks=False)
            for unit in os.scandir(inst.path) if unit.is_dir(follow_symlinks=False)]


def publish(writer: SiteWriter, registry: Registry, sources: list, pages: list[PageFacts],
            options: BuildOptions) -> None:
    """Last stages: every link in the sources must reach a page, file or asset; then the staged site goes live."""
    clock = Stopwatch()
    known = {route for route, _, _ in pages} | extra_routes(registry) | static_routes(options.static)
    check_source_links(sources, known, Problems(options.root))
    writer.publish()
    clock.lap("checked links and published %s", options.out)


def check_only(options: BuildOptions, config: Config, started: float, incremental: bool) -> BuildSummary:
    """Validate data and links without rendering or writing anything."""
    registry, sources = load_registry(options.root, CachedRounds(parread.read_rounds) if incremental else None)
    pages = list_pages(registry)
    known = {p.route for p in pages} | extra_routes(registry) | static_routes(options.static)
    check_source_links(sources, known, Problems(options.root))
    log.info("validated %d pages' links", len(pages))
    return BuildSummary(len(registry.units), len(registry.rounds), len(registry.institutions), len(pages), 0, 0,
                        time.perf_counter() - started, collect_warnings(registry, config))


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while loading, then the loaded registry is left out of later collections.

    Loading allocates millions of objects that all stay alive, so every collection it triggers would
    walk an ever larger heap for nothing.
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


def facts_of(registry: Registry, pages: list[PageFacts], writer: SiteWriter, warnings: list[str],
             jobs: int) -> dict:
    """The numbers the summary line reports (and the state keeps for a build that finds nothing changed)."""
    return {"units": len(registry.units), "rounds": len(registry.rounds), "institutions": len(registry.institutions),
            "pages": len(pages), "files": len(writer.files), "warnings": warnings, "jobs": jobs}
