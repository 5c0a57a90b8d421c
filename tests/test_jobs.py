"""The job list: unit page jobs made on the fast path are exactly what page_job makes."""

from __future__ import annotations

from sitegen.cache.jobs import list_jobs, page_job
from sitegen.load.registry import load_registry
from sitegen.render.pages import unit_page
from tests.conftest import MINI, REPO


def test_unit_page_jobs_have_page_jobs_keys_and_dependencies() -> None:
    for root in (MINI, REPO):
        registry, _ = load_registry(root)
        unit_jobs = [job for job in list_jobs(registry) if job.kind == "page" and job.args[0] is unit_page]
        assert len(unit_jobs) == len(registry.units)
        assert unit_jobs == [page_job(*job.args) for job in unit_jobs]
