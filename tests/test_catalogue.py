"""The catalogue: one list of every output, made by one function, which the cache only wraps."""

from __future__ import annotations

from sitegen.cache.jobs import deps_of, list_jobs
from sitegen.load.registry import load_registry
from sitegen.model import routes
from sitegen.render.outputs import catalogue
from sitegen.render.pages import list_pages, unit_page
from tests.conftest import MINI, REPO


def test_every_page_is_one_output_and_each_unit_sheet_comes_with_its_unit_page() -> None:
    for root in (MINI, REPO):
        registry, _ = load_registry(root)
        outputs = catalogue(registry)
        page_outputs = [o for o in outputs if o.kind == "page"]
        unit_pages = [o for o in page_outputs if o.args[0] is unit_page]
        assert len(unit_pages) == len(registry.units)
        sheets = {routes.sheet_of(routes.unit(uid)) for uid in registry.units}
        assert len(page_outputs) == len([p for p in list_pages(registry) if p.route not in sheets])
        assert len({o.key for o in outputs}) == len(outputs)  # keys are unique: the cache records by key
        assert [o.kind for o in outputs[-3:]] == ["data", "search", "static"]
        assert sum(o.kind == "twin" for o in outputs) == len(registry.units)
        assert sum(o.kind == "redirect" for o in outputs) == len(registry.redirects)


def test_the_caches_jobs_are_the_catalogue_in_its_order() -> None:
    registry, _ = load_registry(MINI)
    assert list_jobs(registry) == catalogue(registry)
    unit = next(iter(registry.units.values()))
    [job] = [j for j in list_jobs(registry) if j.key == "page:unit_page:" + unit.id]
    assert ("units", unit.id) in deps_of(job) and ("templates", "*") in deps_of(job)
