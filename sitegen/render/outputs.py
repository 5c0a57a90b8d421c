"""The catalogue: every output of the site, and the one function that makes each.

    catalogue(reg)       -> every Output in a stable order (pages, redirects, unit twins, downloads, search, static)
    make(output, reg, r) -> its files (and, for a page, its facts for the sitemap)
    SITEMAP              -> made last, from every page made

A build walks the catalogue and makes each output (pipeline.build). The speed machinery (cache/)
wraps the same `make`: it skips an output whose inputs did not change, and otherwise runs it while
recording what it read; it never makes an output another way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import jinja2

from sitegen.errors import Problems
from sitegen.load.config import Config
from sitegen.model import routes
from sitegen.model.records import Article, Redirect, Registry, Unit
from sitegen.render.award_lines import AwardLines
from sitegen.render.banner import badge_svg
from sitegen.render.export import data_files, sitemap, unit_lastmod, unit_twin
from sitegen.render.jinja import page_meta, template_problem
from sitegen.render.pages import Page, page_makers, unit_page, unit_sheet_page
from sitegen.render.search_rows import search_files
from sitegen.render.statics import static_files
from sitegen.write import SiteWriter

PageFacts = tuple[str, str, str | None]  # a rendered page's route, template and own lastmod (for the sitemap)


@dataclass
class Rendering:
    """What making the files needs besides the registry."""

    env: jinja2.Environment
    config: Config
    template_dir: Path
    static_dir: Path
    problems: Problems
    broken: set[str] = field(default_factory=set)  # templates that failed once are not tried again


class Output(NamedTuple):
    """One entry of the catalogue: a stable key, what kind of output it is, and its arguments besides the registry.

    A named tuple: every build lists every output, and a named tuple is made far quicker than a frozen
    dataclass.
    """

    key: str
    kind: str  # page, redirect, twin, data, search, static or sitemap (see make)
    args: tuple = ()


@dataclass
class Rendered:
    """A site made and staged, not yet published."""

    writer: SiteWriter
    pages: list[PageFacts]  # every page made, sorted
    before: Iterable[str]  # the files the last build in this folder left (units whose page is gone are warned of)
    outputs: int  # the catalogue's outputs, the sitemap's included
    made: int  # the outputs made by this build (a cached build carries the others over)


class Made(NamedTuple):
    """What making an output gave: files by output path, and for a page its (route, template, own lastmod)."""

    files: dict[str, bytes]
    page: PageFacts | None = None


def page_file(reg: Registry, make_page: Callable[..., Page], args: tuple, r: Rendering) -> Made | None:
    """A page's context built and rendered; None when its template fails (the problem is recorded).

    A unit page comes with its verification sheet: one output, and one job, per unit rather than two.
    """
    page: Page = make_page(reg, *args)
    html = render_html(page, r)
    if html is None:
        return None
    files = {routes.output_file(page.route): html}
    own = None
    if make_page is unit_page:
        own = unit_lastmod(reg, args[0])
        sheet = unit_sheet_page(reg, *args, facts=page.context["unit"])
        sheet_html = render_html(sheet, r)
        if sheet_html is None:
            return None
        files[routes.output_file(sheet.route)] = sheet_html
    return Made(files, (page.route, page.template, own))


def render_html(page: Page, r: Rendering) -> bytes | None:
    """One page rendered; None when its template fails (the problem is recorded, the template not tried again)."""
    if page.template in r.broken:
        return None
    try:
        return r.env.get_template(page.template).render({**page.context, "page": page_meta(page)}).encode()
    except Exception as err:  # template_problem re-raises anything that is not a template error
        template_problem(err, r.template_dir, r.problems)
        r.broken.add(page.template)
        return None


def redirect_file(reg: Registry, redirect: Redirect, r: Rendering) -> dict[str, bytes] | None:
    """A former unit URL: a small page pointing at the unit's page."""
    target = reg.units[redirect.unit_id]
    try:
        html = r.env.get_template("redirect.html").render(
            {"target": {"name": target.name, "route": routes.unit(target.id)}, "old_id": redirect.old_id})
    except Exception as err:  # template_problem re-raises what is not a template error
        template_problem(err, r.template_dir, r.problems)
        return None
    return {routes.output_file(routes.unit(redirect.old_id)): html.encode()}


def twin_file(reg: Registry, unit: Unit, config: Config) -> dict[str, bytes]:
    """The JSON twin of a unit page and its status badge: both made from the record alone."""
    return {routes.unit_json(unit.id): unit_twin(reg, unit, config), routes.unit_badge(unit.id): badge_svg(reg, unit)}


def download_files(reg: Registry, config: Config, lines: AwardLines | None = None) -> dict[str, bytes]:
    """The downloads, feeds, schema and robots.txt (export.data_files) by output path."""
    return {routes.output_file(route): body for route, body in data_files(reg, config, lines).items()}


def asset_files(static_dir: Path) -> dict[str, bytes]:
    """site_src/static, byte for byte."""
    return {routes.static(p.relative_to(static_dir).as_posix()): p.read_bytes() for p in static_files(static_dir)}


def sitemap_file(reg: Registry, config: Config, pages: list[PageFacts]) -> dict[str, bytes]:
    """sitemap.xml of every page rendered, each unit page's verification sheet with it."""
    entries = []
    for route, template, own in pages:
        if template == "place_redirect.html":  # a former address, not a page of its own
            continue
        entries.append((route, own))
        if template == "unit.html":
            entries.append((routes.sheet_of(route), own))
    return {routes.sitemap(): sitemap(entries, reg, config)}


def catalogue(reg: Registry) -> list[Output]:
    """Every output of this registry but the sitemap, in a stable order.

    A unit page comes with its verification sheet (one output per unit rather than two); the unit
    twins come after the pages, then the site-wide outputs.
    """
    outputs = [Output(f"redirect:{r.old_id}>{r.unit_id}", "redirect", (r,)) for r in reg.redirects]
    twins = []
    for make_page, args in page_makers(reg):
        if make_page is unit_page:
            unit = args[0]
            outputs.append(Output("page:unit_page:" + unit.id, "page", (make_page, args)))
            twins.append(Output("twin:" + unit.id, "twin", args))
        elif make_page is not unit_sheet_page:  # made with its unit page
            outputs.append(page_output(make_page, args))
    return [*outputs, *twins, Output("data", "data"), Output("search", "search"), Output("static", "static")]


def page_output(make_page: Callable[..., Page], args: tuple) -> Output:
    """A page's entry, keyed by its page function and arguments (a unit by its id, an article by its slug)."""
    names = [arg.id if isinstance(arg, Unit) else arg.slug if isinstance(arg, Article) else repr(arg) for arg in args]
    return Output(f"page:{make_page.__name__}:{','.join(names)}", "page", (make_page, args))


SITEMAP = Output("sitemap", "sitemap")


def make(output: Output, reg: Registry, r: Rendering, pages: list[PageFacts] | None = None) -> Made | None:
    """Make one output; None when its template is broken (the problem is recorded in r.problems).

    pages: for the sitemap, every page made, sorted.
    """
    kind, args = output.kind, output.args
    if kind == "page":
        return page_file(reg, *args, r)
    if kind == "redirect":
        files = redirect_file(reg, args[0], r)
    elif kind == "twin":
        files = twin_file(reg, args[0], r.config)
    elif kind == "data":
        files = download_files(reg, r.config)
    elif kind == "search":
        files = search_files(reg)
    elif kind == "static":
        files = asset_files(r.static_dir)
    elif kind == "sitemap":
        files = sitemap_file(reg, r.config, pages or [])
    else:
        raise ValueError(f"unknown output kind {kind}")
    return Made(files) if files is not None else None
