"""Every page kind at 360 px and 1280 px: it fits the screen, loads cleanly, and leaves a screenshot behind.

Screenshots land in test-artifacts/screenshots/<kind>-<width>.png (full page), for people to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.site import (
    PAGE_KINDS,
    STATUS,
    UNIT_QUERY,
    Deploy,
    assert_clean,
    goto,
    open_kind,
    overflow_width,
    widest_elements,
)
from tests.conftest import read_page
from tests.tools.browser import save_screenshot

DATA_PAGE = re.compile(r'<body[^>]*\sdata-page="([^"]+)"')
REFRESH = re.compile(r'<meta http-equiv="refresh"', re.IGNORECASE)


def kind_of(html: str) -> str:
    """The template a built page came from (base.html writes it on <body>), or 'redirect'."""
    match = DATA_PAGE.search(html)
    if match:
        return match.group(1)
    return "redirect" if REFRESH.search(html) else "unknown"


def kind_file(public: Path, kind: str) -> str:
    """The built file that answers a page kind's route."""
    if STATUS.get(kind) == 404:
        return (public / "404.html").read_text(encoding="utf-8")
    return read_page(public, PAGE_KINDS[kind].split("?", 1)[0])


def test_the_page_kind_table_covers_every_page_the_site_builds(real_site: Path) -> None:
    built = {kind_of(p.read_text(encoding="utf-8")) for p in real_site.rglob("*.html")}
    covered = {kind_of(kind_file(real_site, kind)) for kind in PAGE_KINDS}
    assert "unknown" not in built, "a page without <body data-page> and without a redirect"
    assert built - covered == set(), f"page kinds with no gate route in tests/browser/site.py: {built - covered}"


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_kind_fits_the_screen_and_loads_cleanly(wpage: Page, root_deploy: Deploy, width: int, kind: str) -> None:
    page = open_kind(wpage, root_deploy, kind)
    save_screenshot(page, f"{kind}-{width}")
    assert overflow_width(page) <= width, f"{kind} is wider than {width} px: {widest_elements(page, width)}"
    assert_clean(page, allow_status=(404,) if STATUS.get(kind) == 404 else ())


def test_search_suggestions_fit_the_screen(wpage: Page, root_deploy: Deploy, width: int) -> None:
    page = goto(wpage, root_deploy, "")
    box = page.locator("header form.search-box input[name=q]")
    box.click()
    box.press_sequentially(UNIT_QUERY[:6], delay=10)
    listbox = page.locator("header form.search-box [role=listbox]")
    expect(listbox.get_by_role("option").first).to_be_visible()
    save_screenshot(page, f"search-suggestions-{width}", full_page=False)
    bounds = listbox.bounding_box()
    assert bounds and bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= width, f"listbox off screen: {bounds}"
    assert overflow_width(page) <= width, widest_elements(page, width)
    assert_clean(page)
