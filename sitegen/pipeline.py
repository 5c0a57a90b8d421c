"""build(): the stages in order, one log line each, on one path with or without the cache.

    settings -> load (read, validate, model) -> render (make every output of the catalogue)
             -> check links -> publish -> warnings

`build(options)` runs each stage on everything. `build(options, cache)` runs the very same stages,
and the cache (cache/session.py, the one door to the speed machinery) steps in at four places:
it may answer that nothing changed at all; it loads through its round cache; it makes the outputs
of the catalogue (render/outputs.py) with the same `make`, skipping those whose inputs did not
change; and it records what the build did for the next one. Both give byte-identical sites and
the same warnings (tests/test_speed_off.py, tests/test_warnings.py).
"""

from __future__ import annotations

import gc
import logging
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sitegen.cache.memo import collector_off
from sitegen.cache.session import Session
from sitegen.cache.state import forget_state
from sitegen.errors import DataError, Problem, Problems
from sitegen.load.checks import collect_warnings, vanished_unit_pages
from sitegen.load.config import BuildOptions, Config, load_config
from sitegen.load.registry import load_registry
from sitegen.model import routes
from sitegen.model.records import Registry
from sitegen.progress import BuildSummary, Stopwatch, summary_of
from sitegen.render.jinja import make_environment
from sitegen.render.links import check_source_links
from sitegen.render.outputs import SITEMAP, PageFacts, Rendered, Rendering, catalogue, make
from sitegen.render.pages import extra_routes, list_pages
from sitegen.render.statics import static_routes
from sitegen.write import SiteWriter, check_output

log = logging.getLogger("registri")
GC_YOUNG = 50_000  # young-generation threshold while rendering (Python's default, 700, collects far more often)


def build(options: BuildOptions, cache: Session | None = None) -> BuildSummary:
    """Build the site, or raise DataError leaving the previous public/ untouched.

    cache: the speed machinery (a Session); without it every stage runs on everything, and nothing is
    read from or left for other builds.
    """
    started = time.perf_counter()
    if options.write:
        check_output(options.out, options.root)  # before anything reads or touches the output
    config = settings(options)
    if not options.write:
        return check_only(options, config, started, cache)
    if cache is None:
        return make_site(options, config, None, started)
    cache.hold_saves()  # no thread may run while this build forks; the dev server saves when idle again
    try:
        return make_site(options, config, cache, started)
    finally:
        cache.save_later()


def make_site(options: BuildOptions, config: Config, cache: Session | None, started: float) -> BuildSummary:
    """Load, render, publish and report: the stages every build runs."""
    clock = Stopwatch()
    if cache is not None and cache.nothing_changed(options, config):
        clock.lap("nothing changed since the last build of %s", options.out)
        return summary_of(cache.last_summary(options.out), 0, started)
    with collector_paused():
        registry, sources = cache.load(options) if cache else load_registry(options.root)
    clock.lap("loaded %d units from %s", len(registry.units), options.root)
    env = cache.environment(options, config) if cache else make_environment(options.templates, config)
    rendering = Rendering(env, config, options.templates, options.static, Problems(options.templates.parent))
    rendered = cache.render(registry, rendering, options) if cache else render(registry, rendering, options)
    clock.lap("rendered %d outputs, %d files staged", rendered.made, rendered.writer.written)
    try:
        publish(rendered.writer, registry, sources, rendered.pages, options)
    except BaseException:
        rendered.writer.discard()
        raise
    warnings = cache.warnings(registry, config, options.out) if cache else collect_warnings(registry, config)
    warnings += vanished_unit_pages(gone_units(rendered.before, rendered.writer.files))
    facts = facts_of(registry, rendered, warnings)
    del registry  # the state is written without the model: at 100k units it is a sixth of the build's peak
    if cache is not None:
        cache.record(rendered, facts)
    else:
        forget_state(options.out)  # a cached build's record of this folder no longer says what is in it
    return summary_of(facts, rendered.writer.written, started)


def render(registry: Registry, r: Rendering, options: BuildOptions) -> Rendered:
    """Make every output of the catalogue, then the sitemap of every page made, and stage their files."""
    writer = SiteWriter(options.out)
    before = published_unit_files(options.out)  # for the warning that a unit's address now leads nowhere
    outputs = catalogue(registry)
    pages = []
    try:
        for output in outputs:
            made = make(output, registry, r)
            if made is not None:
                for path, data in made.files.items():
                    writer.write(path, data, output.key)
                if made.page is not None:
                    pages.append(made.page)
        r.problems.raise_if_any()
        pages.sort()
        for path, data in make(SITEMAP, registry, r, pages).files.items():
            writer.write(path, data, SITEMAP.key)
    except BaseException:
        writer.discard()
        raise
    return Rendered(writer, pages, before, len(outputs) + 1, len(outputs) + 1)


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


def check_only(options: BuildOptions, config: Config, started: float, cache: Session | None) -> BuildSummary:
    """Validate data and links without rendering or writing anything."""
    registry, sources = cache.load_to_check(options) if cache else load_registry(options.root)
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
    try:
        with collector_off():
            yield
    finally:
        gc.freeze()
        gc.set_threshold(GC_YOUNG, 20, 100)


def facts_of(registry: Registry, rendered: Rendered, warnings: list[str]) -> dict:
    """The numbers the summary line reports (and the state keeps for a build that finds nothing changed)."""
    return {"units": len(registry.units), "rounds": len(registry.rounds), "institutions": len(registry.institutions),
            "pages": len(rendered.pages), "files": len(rendered.writer.files), "warnings": warnings,
            "jobs": rendered.outputs, "rendered": rendered.made}
