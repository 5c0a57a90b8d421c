"""Everything a build writes, cut into jobs: one per page, per redirect and per unit twin, and a few site-wide.

A job reads the registry only through a TrackedRegistry, so running it also says what it depends
on. Jobs that share no dependency with a change are not run again (see plan.py and runner.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from sitegen.cache.memo import open_memo
from sitegen.hooks import WHOLE, Dep
from sitegen.model.records import Article, Registry, Unit
from sitegen.render.outputs import (
    PageFacts,
    Rendering,
    asset_files,
    download_files,
    index_files,
    page_file,
    redirect_file,
    sitemap_file,
    twin_file,
)
from sitegen.render.pages import page_makers, unit_page, unit_sheet_page

# Outside the registry: what every job, or every rendered job, also depends on.
CODE, CONFIG, TEMPLATES, STATIC, ROUTES = (("code", WHOLE), ("config", WHOLE), ("templates", WHOLE),
                                           ("static", WHOLE), ("routes", WHOLE))
COMMON = (CODE, CONFIG)
RENDERED = (CODE, CONFIG, TEMPLATES)


class Job(NamedTuple):
    """One unit of output: its stable key, what kind it is, and its arguments besides the registry.

    A named tuple: every build lists every job, and a named tuple is made far quicker than a frozen
    dataclass (which sets each field through object.__setattr__).
    """

    key: str
    kind: str
    args: tuple = ()
    deps: tuple[Dep, ...] = COMMON


@dataclass
class JobContext(Rendering):
    """What running a job needs besides the registry."""

    pages: list[PageFacts] = field(default_factory=list)  # for the sitemap (see Output)
    memos: Path | None = None  # where site-wide jobs keep their memos (memo.py); None: in this build only
    memo_owner: int | None = None  # the process keeping memos in memory between builds (the dev server's)
    digests: Callable[[Dep], bytes] | None = None  # a model value's digest by dependency (plan.DepDigests)


@dataclass
class Output:
    """What a job produced: files by output path, and for a page its (route, template, own lastmod).

    A unit page's own lastmod (export.unit_lastmod) goes to the sitemap with its route, so the sitemap
    depends on the list of pages only, not on every unit.
    """

    files: dict[str, bytes]
    page: PageFacts | None = None


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
        elif make is unit_sheet_page:  # written by its unit page's job (see outputs.page_file)
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
        made = page_file(reg, *job.args, ctx)
        return Output(*made) if made is not None else None
    if job.kind == "redirect":
        files = redirect_file(reg, job.args[0], ctx)
        return Output(files) if files is not None else None
    if job.kind == "twin":
        return Output(twin_file(reg, job.args[0], ctx.config))
    if job.kind == "data":
        memo = open_memo(ctx.memos, "export", len(reg.units), ctx.memo_owner)
        files = download_files(reg, ctx.config, memo, ctx.digests)
        memo.save()
        return Output(files)
    if job.kind == "search":
        memo = open_memo(ctx.memos, "search", len(reg.units), ctx.memo_owner)
        files = index_files(reg, memo, ctx.digests)
        memo.save()
        return Output(files)
    if job.kind == "static":
        return Output(asset_files(ctx.static_dir))
    if job.kind == "sitemap":
        return Output(sitemap_file(reg, ctx.config, ctx.pages))
    raise ValueError(f"unknown job kind {job.kind}")
