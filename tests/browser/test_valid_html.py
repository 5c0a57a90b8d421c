"""The Nu HTML Checker (vnu.jar on Debian's Java) finds zero errors in every built page and in the DOM scripts build."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser import gates
from tests.browser.site import PAGE_KINDS, UNIT, UNIT_QUERY, Deploy, goto, wait_until_drawn
from tests.tools.vnu import validate_html


@pytest.mark.parametrize("build", ["real_site", "real_site_subpath"])
def test_every_built_page_is_valid_html(request: pytest.FixtureRequest, build: str) -> None:
    public: Path = request.getfixturevalue(build)
    pages = sorted(public.rglob("*.html"))
    assert len(pages) >= 200, f"only {len(pages)} pages in {public}"
    for kind, route in PAGE_KINDS.items():
        target = public / "404.html" if kind == "not-found" else public / route.split("?", 1)[0] / "index.html"
        assert target in pages, f"page kind {kind} ({route}) was not built"
    errors = validate_html(pages)
    gates.add("pages validated by the Nu HTML checker", len(pages))
    gates.add("Nu HTML checker errors", len(errors))
    assert errors == [], f"{len(errors)} errors in {len(pages)} pages:\n" + "\n".join(errors[:40])


def snapshot(page: Page, folder: Path, name: str) -> Path:
    """Write the live DOM, as scripts left it, as an HTML file."""
    path = folder / f"{name}.html"
    path.write_text(page.content(), encoding="utf-8")
    return path


def test_the_dom_scripts_build_is_valid_html(page: Page, root_deploy: Deploy, tmp_path: Path) -> None:
    snapshots = []
    goto(page, root_deploy, "")
    box = page.locator("header form.search-box input[name=q]")
    box.click()
    box.press_sequentially(UNIT_QUERY, delay=10)
    expect(page.locator("header [role=listbox] [role=option]").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    snapshots.append(snapshot(page, tmp_path, "home-with-suggestions"))
    goto(page, root_deploy, PAGE_KINDS["search-results"])
    wait_until_drawn(page, "search-results")
    snapshots.append(snapshot(page, tmp_path, "search-results"))
    goto(page, root_deploy, UNIT)
    expect(page.locator("button[data-copy]")).to_be_visible()
    snapshots.append(snapshot(page, tmp_path, "unit-enhanced"))
    errors = validate_html(snapshots)
    gates.add("script-built DOMs validated by the Nu HTML checker", len(snapshots))
    assert errors == [], "\n".join(errors)
