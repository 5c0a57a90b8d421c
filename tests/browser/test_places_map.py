"""The province map and the place pages on a phone and a desktop (issue 22).

At 360 px every province tile of /provinsi/ is on the first screen's width without sideways scrolling, each
tile a target of at least 24x24 px with a label of at least 11 px; the table stays beside or below it.
Screenshots of /provinsi/, a province and a kabupaten page at both widths land in
test-artifacts/screenshots/places-*.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.site import Deploy, assert_clean, goto
from tests.tools.browser import save_screenshot

MIN_TARGET, MIN_LABEL = 24, 11
# Every visible tile's box, its label's rendered font size (SVG units times the screen scale), and whether
# the page scrolls sideways.
MEASURE_JS = """() => {
  const svg = [...document.querySelectorAll('svg.tilemap-svg')].find((s) => s.getBoundingClientRect().width > 0);
  const scale = svg.getScreenCTM().a;
  const tiles = [...svg.querySelectorAll('a.tile')].map((a) => {
    const box = a.querySelector('rect').getBoundingClientRect();
    const label = a.querySelector('text');
    return {name: a.querySelector('title').textContent, left: box.left, right: box.right, width: box.width,
            height: box.height, label: parseFloat(getComputedStyle(label).fontSize) * scale};
  });
  return {tiles, viewport: window.innerWidth, scrollWidth: document.documentElement.scrollWidth};
}"""
PAGES = {"provinsi": "provinsi/", "province": "provinsi/jawa-tengah/",
         "kabupaten": "provinsi/jawa-tengah/kabupaten-tegal/"}


def test_every_province_tile_fits_the_screen_as_a_big_enough_target_with_a_readable_label(
        wpage: Page, root_deploy: Deploy, width: int) -> None:
    page = goto(wpage, root_deploy, "provinsi/")
    found = page.evaluate(MEASURE_JS)
    assert len(found["tiles"]) == 38
    assert found["scrollWidth"] <= found["viewport"]  # nothing to scroll sideways
    for tile in found["tiles"]:
        assert tile["left"] >= 0 and tile["right"] <= found["viewport"], tile
        assert tile["width"] >= MIN_TARGET and tile["height"] >= MIN_TARGET, tile
        assert tile["label"] >= MIN_LABEL, tile
    expect(page.locator("table.provinces tbody tr")).to_have_count(38)  # the table stays
    assert_clean(page)


@pytest.mark.parametrize("name", list(PAGES))
def test_place_pages_leave_screenshots_at_both_widths(wpage: Page, root_deploy: Deploy, width: int,
                                                      name: str) -> None:
    page = goto(wpage, root_deploy, PAGES[name])
    if name == "province":  # every official kabupaten/kota listed, those without records too
        expect(page.locator("ul.place-list > li")).to_have_count(35)
        expect(page.locator("ul.place-list")).to_contain_text("(0, belum ada catatan)")
    if name == "kabupaten":
        expect(page.get_by_role("heading", level=1)).to_have_text("Unit kerja di Kabupaten Tegal")
        expect(page.locator("main")).to_contain_text("33.28")
    save_screenshot(page, f"places-{name}-{width}")
    assert_clean(page)


EMBED_UNIT = "unit/polri/polres-gresik/"


def test_the_badge_embed_code_holds_full_addresses_when_the_build_knew_none(wpage: Page, nojs_page: Page,
                                                                         root_deploy: Deploy, width: int) -> None:
    """Built without base_url (the shipped build), the code is completed with the page's own origin at copy
    time; without JavaScript it stays root-relative and a note says so and how to complete it."""
    page = goto(wpage, root_deploy, EMBED_UNIT + "periksa/")
    origin = root_deploy.at("").split("/", 3)
    full = f"{origin[0]}//{origin[2]}/{EMBED_UNIT}"
    expect(page.locator("#kode-lencana")).to_contain_text(f'<a href="{full}"><img src="{full}lencana.svg"')
    expect(page.locator(".embed-relative")).to_be_hidden()
    still = goto(nojs_page, root_deploy, EMBED_UNIT + "periksa/")
    expect(still.locator("#kode-lencana")).to_contain_text(f'<a href="/{EMBED_UNIT}">')
    expect(still.locator(".embed-relative")).to_be_visible()
    expect(still.locator(".embed-relative")).to_contain_text("Alamat di kode ini belum lengkap")
    wa = goto(nojs_page, root_deploy, EMBED_UNIT).locator("a.share-wa").get_attribute("href") or ""
    assert "%2Funit%2F" not in wa  # no half address in the message; with JavaScript the page's own is added
    assert_clean(page)
