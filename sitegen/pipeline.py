"""build(): the stages in order — load, validate, model, render, write — one log line each."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from sitegen import routes
from sitegen.config import load_config
from sitegen.errors import Problems
from sitegen.export import export_files, sitemap
from sitegen.links import check_source_links
from sitegen.pages import list_pages
from sitegen.registry import load_registry
from sitegen.render import make_environment, render_all
from sitegen.search import build_search_files
from sitegen.search_rows import search_rows
from sitegen.statics import copy_static, static_routes
from sitegen.write import SiteWriter

log = logging.getLogger("registri")
REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BuildOptions:
    """Where to read from and write to."""

    root: Path = REPO
    out: Path = REPO / "public"
    base_path: str | None = None
    base_url: str | None = None
    templates: Path = REPO / "templates"
    static: Path = REPO / "site_src" / "static"
    write: bool = True
    livereload_port: int = 0


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

    def line(self) -> str:
        """'1,204 units, 9 rounds, 312 institutions, 4,321 files (12 written), 1.4 s'."""
        return (f"{self.units:,} units, {self.rounds:,} rounds, {self.institutions:,} institutions, "
                f"{self.files:,} files ({self.written:,} written), 0 warnings, {self.seconds:.1f} s")


def build(options: BuildOptions) -> BuildSummary:
    """Build the whole site, or raise DataError leaving the previous public/ untouched."""
    started = time.perf_counter()
    problems = Problems(options.root)
    config = load_config(options.root, options.base_path, options.base_url, problems, options.livereload_port)
    problems.raise_if_any()
    registry, sources = load_registry(options.root)
    log.info("loaded %d units from %s", len(registry.units), options.root)
    pages = list_pages(registry)
    known = {p.route for p in pages} | extra_routes(registry) | static_routes(options.static)
    check_source_links(sources, known, Problems(options.root))
    log.info("validated %d pages' links", len(pages))
    if not options.write:
        return BuildSummary(len(registry.units), len(registry.rounds), len(registry.institutions), len(pages),
                            0, 0, time.perf_counter() - started)
    env = make_environment(options.templates, config)
    writer = SiteWriter(options.out)
    try:
        files = render_all(env, registry, pages, writer, options.templates)
        files += write_files(writer, export_files(registry, config), "export")
        files += write_files(writer, {"sitemap.xml": sitemap(pages, registry, config)}, "sitemap")
        files += write_files(writer, build_search_files(search_rows(registry)), "search index")
        files += copy_static(options.static, writer)
        writer.publish()
    except BaseException:
        writer.discard()
        raise
    log.info("published %s", options.out)
    return BuildSummary(len(registry.units), len(registry.rounds), len(registry.institutions), len(pages),
                        files, writer.written, time.perf_counter() - started)


def write_files(writer: SiteWriter, files: dict[str, bytes], origin: str) -> int:
    """Stage generated non-HTML files."""
    for route, data in files.items():
        writer.write(routes.output_path(route), data, f"{origin} {route}")
    return len(files)


def extra_routes(registry) -> set[str]:
    """Routes that are not HTML pages but may be linked: feeds, downloads, former unit URLs."""
    extra = {routes.news_feed(), routes.awards_feed(), routes.open_data(), "sitemap.xml", "robots.txt"}
    extra |= {routes.data_file(f"{name}.{ext}") for name in ("penghargaan", "instansi", "pencabutan")
              for ext in ("csv", "json")}
    extra |= {routes.unit(r.old_id) for r in registry.redirects}
    return extra
