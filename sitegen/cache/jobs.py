"""The catalogue's outputs as jobs, and what each is known to depend on before it runs.

A job is an Output of render/outputs.py. Besides what it reads it depends on code and config,
a rendered page on the templates and its unit or the articles (deps_of). Running it reads the
registry only through a TrackedRegistry, so it also says what else it depends on. Jobs that share
no dependency with a change are not run again (plan.py, runner.py). `run_job` is outputs.make,
but for the two site-wide outputs, whose per-unit pieces it keeps between builds
(award_table.py, search_table.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.cache.award_table import kept_award_lines
from sitegen.cache.memo import open_memo
from sitegen.cache.search_table import kept_search_files
from sitegen.cache.tracking import WHOLE, Dep
from sitegen.model.records import Article, Registry, Unit
from sitegen.render.outputs import Made, Output, PageFacts, Rendering, catalogue, download_files, make

# Outside the registry: what every job, or every rendered job, also depends on.
CODE, CONFIG, TEMPLATES, STATIC, ROUTES = (("code", WHOLE), ("config", WHOLE), ("templates", WHOLE),
                                           ("static", WHOLE), ("routes", WHOLE))
COMMON = (CODE, CONFIG)
RENDERED = (CODE, CONFIG, TEMPLATES)


Job = Output  # the cache runs the catalogue's outputs as they are


@dataclass
class JobContext(Rendering):
    """What running a job needs besides the registry."""

    pages: list[PageFacts] = field(default_factory=list)  # for the sitemap
    memos: Path | None = None  # where site-wide jobs keep their memos (memo.py); None: in this build only
    memo_owner: int | None = None  # the process keeping memos in memory between builds (the dev server's)
    digests: Callable[[Dep], bytes] | None = None  # a model value's digest by dependency (plan.DepDigests)


def list_jobs(reg: Registry) -> list[Job]:
    """Every output of the catalogue, in its order (the sitemap, outputs.SITEMAP, comes after them)."""
    return catalogue(reg)


def deps_of(output: Output) -> tuple[Dep, ...]:
    """What an output depends on besides what it reads: a page its templates and its unit or the articles."""
    if output.kind == "page":
        deps = list(RENDERED)
        for arg in output.args[1]:
            if isinstance(arg, Unit):
                deps.append(("units", arg.id))
            elif isinstance(arg, Article):
                deps.append(("articles", WHOLE))
        return tuple(deps)
    if output.kind == "redirect":
        return RENDERED
    if output.kind == "twin":
        return (*COMMON, ("units", output.args[0].id))
    if output.kind == "static":
        return (*COMMON, STATIC)
    if output.kind == "sitemap":
        return (*COMMON, ROUTES)
    return COMMON



def run_job(job: Job, reg: Registry, ctx: JobContext) -> Made | None:
    """Run one job against a (tracked) registry; None when its template is broken (the problem is recorded)."""
    if job.kind == "data":
        memo = open_memo(ctx.memos, "export", len(reg.units), ctx.memo_owner)
        files = download_files(reg, ctx.config, kept_award_lines(reg, ctx.config, memo, ctx.digests))
        memo.save()
        return Made(files)
    if job.kind == "search":
        memo = open_memo(ctx.memos, "search", len(reg.units), ctx.memo_owner)
        files = kept_search_files(reg, memo, ctx.digests)
        memo.save()
        return Made(files)
    return make(job, reg, ctx, ctx.pages)
