"""Everything a build writes, cut into jobs: one per page, per redirect and per unit twin, and a few site-wide.

A job reads the registry only through a TrackedRegistry, so running it also says what it depends
on. Jobs that share no dependency with a change are not run again (see incremental.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import jinja2

from sitegen import routes
from sitegen.banner import badge_svg
from sitegen.config import Config
from sitegen.errors import Problem, Problems
from sitegen.export import data_files, sitemap, unit_lastmod, unit_twin
from sitegen.memo import open_memo
from sitegen.model import Article, Redirect, Registry, Unit
from sitegen.pages import Page, page_makers, unit_page, unit_sheet_page
from sitegen.render import page_meta, template_problem
from sitegen.search_rows import search_files
from sitegen.statics import static_files
from sitegen.tracking import WHOLE, Dep

# Outside the registry: what every job, or every rendered job, also depends on.
CODE, CONFIG, TEMPLATES, STATIC, ROUTES = (("code", WHOLE), ("config", WHOLE), ("templates", WHOLE),
                                           ("static", WHOLE), ("routes", WHOLE))
COMMON = (CODE, CONFIG)
RENDERED = (CODE, CONFIG, TEMPLATES)


class Job(NamedTuple):
    """One unit of output: its stable key, what kind it is, and its arguments besides the registry.

    A named tuple: a 10k build lists 20,000 jobs on every run, and a frozen dataclass took four
    times as long to make (object.__setattr__ per field).
    """

    key: str
    kind: str
    args: tuple = ()
    deps: tuple[Dep, ...] = COMMON


@dataclass
class JobContext:
    """What running a job needs besides the registry."""

    env: jinja2.Environment
    config: Config
    template_dir: Path
    static_dir: Path
    problems: Problems
    broken: set[str] = field(default_factory=set)  # templates that failed once are not tried again
    pages: list[tuple[str, str, str | None]] = field(default_factory=list)  # for the sitemap (see Output)
    memos: Path | None = None  # where site-wide jobs keep their memos (memo.py); None: in this build only
    memo_owner: int | None = None  # the process keeping memos in memory between builds (the dev server's)
    digests: Callable[[Dep], bytes] | None = None  # a model value's digest by dependency (incremental.DepDigests)


@dataclass
class Output:
    """What a job produced: files by output path, and for a page its (route, template, own lastmod).

    A unit page's own lastmod (export.unit_lastmod) goes to the sitemap with its route, so the sitemap
    depends on the list of pages only, not on every unit.
    """

    files: dict[str, bytes]
    page: tuple[str, str, str | None] | None = None


UnitJobs = dict[str, tuple[Unit, Job, Job]]  # unit id -> (the unit, its page job, its twin job)


def list_jobs(reg: Registry, unit_jobs: UnitJobs | None = None) -> list[Job]:
    """Every job of this registry in a stable order; the sitemap comes last, once every page is known.

    unit_jobs: the dev server's unit jobs of its last build, taken again for the very same unit object
    (and replaced by this build's).
    """
    jobs = [Job("redirect:" + r.old_id + ">" + r.unit_id, "redirect", (r,), RENDERED) for r in reg.redirects]
    twins = []
    before = dict(unit_jobs) if unit_jobs else {}
    made: UnitJobs = {}
    for make, args in page_makers(reg):
        if make is unit_page:  # most jobs: page_job's key and dependencies, made directly
            unit = args[0]
            old = before.get(unit.id)
            if old is not None and old[0] is unit:
                made[unit.id] = old
            else:
                dep = ("units", unit.id)
                made[unit.id] = (unit, Job("page:unit_page:" + unit.id, "page", (make, args), (*RENDERED, dep)),
                                 Job("twin:" + unit.id, "twin", args, (*COMMON, dep)))
            jobs.append(made[unit.id][1])
            twins.append(made[unit.id][2])
        elif make is unit_sheet_page:  # written by its unit page's job (see render_page_job)
            continue
        else:
            jobs.append(page_job(make, args))
    if unit_jobs is not None:
        unit_jobs.clear()
        unit_jobs.update(made)
    jobs += twins
    jobs += [Job("data", "data"), Job("search", "search"), Job("static", "static", (), (*COMMON, STATIC))]
    return jobs


def page_job(make: object, args: tuple) -> Job:
    """A page job: keyed by its page function and arguments; a unit or article argument is a dependency."""
    deps = list(RENDERED)
    names = []
    for arg in args:
        if isinstance(arg, Unit):
            deps.append(("units", arg.id))
            names.append(arg.id)
        elif isinstance(arg, Article):
            deps.append(("articles", WHOLE))
            names.append(arg.slug)
        else:
            names.append(repr(arg))
    return Job(f"page:{make.__name__}:{','.join(names)}", "page", (make, args), tuple(deps))


SITEMAP = Job("sitemap", "sitemap", (), (*COMMON, ROUTES))


def run_job(job: Job, reg: Registry, ctx: JobContext) -> Output | None:
    """Run one job against a (tracked) registry; None when its template is broken (the problem is recorded)."""
    if job.kind == "page":
        return render_page_job(job, reg, ctx)
    if job.kind == "redirect":
        return render_redirect(job.args[0], reg, ctx)
    if job.kind == "twin":  # the unit's JSON twin and its status badge: both made from the record alone
        unit = job.args[0]
        return Output({routes.unit_json(unit.id): unit_twin(reg, unit, ctx.config),
                       routes.unit_badge(unit.id): badge_svg(reg, unit)})
    if job.kind == "data":
        memo = open_memo(ctx.memos, "export", len(reg.units), ctx.memo_owner)
        made = data_files(reg, ctx.config, memo, ctx.digests)
        files = {routes.output_file(r): body for r, body in made.items()}
        memo.save()
        return Output(files)
    if job.kind == "search":
        memo = open_memo(ctx.memos, "search", len(reg.units), ctx.memo_owner)
        files = search_files(reg, memo, ctx.digests)
        memo.save()
        return Output(files)
    if job.kind == "static":
        return Output({routes.static(p.relative_to(ctx.static_dir).as_posix()): p.read_bytes()
                       for p in static_files(ctx.static_dir)})
    if job.kind == "sitemap":
        return Output({"sitemap.xml": sitemap(sitemap_entries(ctx.pages), reg, ctx.config)})
    raise ValueError(f"unknown job kind {job.kind}")


def sitemap_entries(pages: list[tuple[str, str, str | None]]) -> list[tuple[str, str | None]]:
    """(route, own lastmod) of every page: a unit page's job writes its verification sheet too."""
    entries = []
    for route, template, own in pages:
        entries.append((route, own))
        if template == "unit.html":
            entries.append((routes.sheet_of(route), own))
    return entries


def render_page_job(job: Job, reg: Registry, ctx: JobContext) -> Output | None:
    """Build a page's context and render it; template errors are collected, not raised."""
    make, args = job.args
    page = make(reg, *args)
    if page.template in ctx.broken:
        return None
    try:
        html = ctx.env.get_template(page.template).render({**page.context, "page": page_meta(page)})
    except Exception as err:  # template_problem re-raises anything that is not a template error
        template_problem(err, ctx.template_dir, ctx.problems)
        ctx.broken.add(page.template)
        return None
    files = {routes.output_file(page.route): html.encode()}
    own = None
    if make is unit_page:  # the unit's verification sheet comes with its page: one job, not two, per unit
        own = unit_lastmod(reg, args[0])
        sheet = unit_sheet_page(reg, *args)
        sheet_html = render_one(sheet, ctx)
        if sheet_html is None:
            return None
        files[routes.output_file(sheet.route)] = sheet_html
    return Output(files, (page.route, page.template, own))


def render_one(page: Page, ctx: JobContext) -> bytes | None:
    """One more page rendered by a job; None (the problem recorded) when its template is broken."""
    if page.template in ctx.broken:
        return None
    try:
        return ctx.env.get_template(page.template).render({**page.context, "page": page_meta(page)}).encode()
    except Exception as err:  # template_problem re-raises anything that is not a template error
        template_problem(err, ctx.template_dir, ctx.problems)
        ctx.broken.add(page.template)
        return None


def render_redirect(redirect: Redirect, reg: Registry, ctx: JobContext) -> Output | None:
    """A former unit URL: a small page pointing at the unit's page."""
    target = reg.units[redirect.unit_id]
    try:
        html = ctx.env.get_template("redirect.html").render(
            {"target": {"name": target.name, "route": routes.unit(target.id)}, "old_id": redirect.old_id})
    except Exception as err:  # template_problem re-raises what is not a template error
        template_problem(err, ctx.template_dir, ctx.problems)
        return None
    return Output({routes.output_file(routes.unit(redirect.old_id)): html.encode()})


def problems_of(ctx: JobContext) -> list[Problem]:
    """The template problems this context collected."""
    return list(ctx.problems.items)
