"""Every file of the site by kind, made from the registry: pages, redirects, unit twins, downloads,
the search index, static assets and the sitemap.

site_files makes them all in turn (the plain build). The speed machinery (jobs.py) calls the same
makers one job at a time, and skips the jobs whose inputs did not change.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from sitegen.errors import Problems
from sitegen.hooks import DigestOf, Memo, OneBuildMemo
from sitegen.load.config import Config
from sitegen.model import routes
from sitegen.model.records import Redirect, Registry, Unit
from sitegen.render.banner import badge_svg
from sitegen.render.export import data_files, sitemap, unit_lastmod, unit_twin
from sitegen.render.jinja import page_meta, template_problem
from sitegen.render.pages import Page, page_makers, unit_page, unit_sheet_page
from sitegen.render.search_rows import search_files
from sitegen.render.statics import static_files

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


def page_file(reg: Registry, make: object, args: tuple, r: Rendering) -> tuple[dict[str, bytes], PageFacts] | None:
    """A page's context built and rendered; None when its template fails (the problem is recorded).

    A unit page comes with its verification sheet: one output, and one job, per unit rather than two.
    """
    page: Page = make(reg, *args)
    html = render_html(page, r)
    if html is None:
        return None
    files = {routes.output_file(page.route): html}
    own = None
    if make is unit_page:
        own = unit_lastmod(reg, args[0])
        sheet = unit_sheet_page(reg, *args, facts=page.context["unit"])
        sheet_html = render_html(sheet, r)
        if sheet_html is None:
            return None
        files[routes.output_file(sheet.route)] = sheet_html
    return files, (page.route, page.template, own)


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


def download_files(reg: Registry, config: Config, memo: Memo | None = None,
                   digest_of: DigestOf | None = None) -> dict[str, bytes]:
    """The downloads, feeds, schema and robots.txt (export.data_files) by output path."""
    return {routes.output_file(route): body for route, body in data_files(reg, config, memo, digest_of).items()}


def index_files(reg: Registry, memo: Memo | None = None, digest_of: DigestOf | None = None) -> dict[str, bytes]:
    """The search index."""
    return search_files(reg, memo or OneBuildMemo(), digest_of)


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


def site_files(reg: Registry, r: Rendering, pages: list[PageFacts]) -> Iterator[tuple[str, dict[str, bytes]]]:
    """Every file of the site as (what made it, files by output path); each rendered page is added to pages."""
    for redirect in reg.redirects:
        yield "redirect:" + redirect.old_id, redirect_file(reg, redirect, r) or {}
    units = []
    for make, args in page_makers(reg):
        if make is unit_sheet_page:  # made with its unit page
            continue
        made = page_file(reg, make, args, r)
        if make is unit_page:
            units.append(args[0])
        if made is not None:
            pages.append(made[1])
            yield f"page:{make.__name__}:{args!r}", made[0]
    for unit in units:
        yield "twin:" + unit.id, twin_file(reg, unit, r.config)
    yield "data", download_files(reg, r.config)
    yield "search", index_files(reg)
    yield "static", asset_files(r.static_dir)
    r.problems.raise_if_any()
    yield "sitemap", sitemap_file(reg, r.config, sorted(pages))
