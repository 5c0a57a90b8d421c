"""Issue 14 journeys at 360 px and 1280 px, under / and /registri/: predicate and year words filter a search,
the filters fold away on a phone, an empty answer is honest, the page works without JavaScript, and a banner
can be checked (the verification sheet's QR code leads to the unit; a revoked unit's badge says DICABUT).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote_plus

import pytest
import segno
from playwright.sync_api import Browser, Page, expect

from sitegen.render.banner import QR_BORDER, QR_MASK
from tests.browser.conftest import SUBPATH
from tests.browser.site import Deploy, assert_clean, goto, open_page
from tests.conftest import REPO, build_into
from tests.tools.browser import save_screenshot

REVOKED_UNIT = "unit/mahkamah-agung/pengadilan-negeri-surabaya/"
REVOKED_NAME = "Pengadilan Negeri Surabaya"
SHEET_UNIT = "unit/polri/polres-gresik/"
SHEET_NAME = "Polres Gresik"
BASE_URL = "https://registri.example.id"


def result_badges(page: Page) -> list[list[str]]:
    """The badges of every drawn result on /cari/, one list per result."""
    return page.locator("#hasil li.zi-result").evaluate_all(
        "items => items.map(li => Array.from(li.querySelectorAll('.badge')).map(b => b.textContent.trim()))")


def test_wbbm_2021_returns_only_wbbm_2021_awards(wpage: Page, deploy: Deploy, width: int) -> None:
    page = goto(wpage, deploy, "cari/")
    box = page.locator("#q-cari")
    box.click()
    box.press_sequentially("wbbm 2021", delay=10)
    expect(page.locator("#hasil .zi-count")).to_contain_text("saringan dari kata kunci: WBBM, tahun 2021")
    badges = result_badges(page)
    assert badges, "no result for wbbm 2021"
    assert all("WBBM 2021" in found for found in badges), badges
    save_screenshot(page, f"search-wbbm-2021-{deploy.name}-{width}")
    assert_clean(page)


def test_on_a_phone_results_start_on_the_first_screen(wpage: Page, deploy: Deploy, width: int) -> None:
    page = goto(wpage, deploy, "cari/?q=polres+gresik")
    first = page.locator("#hasil li.zi-result").first
    expect(first).to_be_visible()
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 800, f"first result ends at {box}"
    filters = page.locator("details.zi-filters")
    if width < 600:
        expect(filters).not_to_have_attribute("open", "")
        page.locator("details.zi-filters summary").tap()
        expect(page.locator("#f-predikat")).to_be_visible()
    else:
        expect(page.locator("#f-predikat")).to_be_visible()
    assert_clean(page)


def test_a_search_with_no_match_says_the_registry_is_incomplete(wpage: Page, deploy: Deploy, width: int) -> None:
    page = goto(wpage, deploy, "cari/?q=kua")
    empty = page.locator("#hasil .zi-empty")
    expect(empty).to_contain_text("Tidak tercatat di sini bukan berarti tidak berpredikat.")
    expect(empty.get_by_role("link", name="cakupan registri per tahun")).to_have_attribute(
        "href", f"{deploy.base_path}tahun/#cakupan")
    # The shipped build configures no channel, so the answer promises none (tests/browser/test_kirim.py: with one).
    expect(empty.get_by_role("link", name="Kirim catatan atau sumber")).to_have_count(0)
    save_screenshot(page, f"search-empty-{deploy.name}-{width}")
    assert_clean(page)


def test_every_example_on_the_search_page_finds_units(wpage: Page, deploy: Deploy) -> None:
    page = goto(wpage, deploy, "cari/")
    examples = page.locator("a.contoh")
    assert examples.count() >= 3
    hrefs = examples.evaluate_all("as => as.map(a => a.getAttribute('href'))")
    for href in hrefs:
        page.goto(deploy.url.removesuffix(deploy.base_path) + href)
        expect(page.locator("#hasil .zi-count")).to_contain_text("unit ditemukan")
    for route, box in (("", "#q-home"), ("cari/", "#q-cari")):
        goto(page, deploy, route)
        placeholder = page.locator(box).get_attribute("placeholder") or ""
        assert placeholder.startswith("Contoh: "), placeholder
        for example in placeholder.removeprefix("Contoh: ").split(", "):
            goto(page, deploy, "cari/?q=" + quote_plus(example))
            expect(page.locator("#hasil .zi-count")).to_contain_text("unit ditemukan")
    assert_clean(page)


def test_without_javascript_the_query_is_kept_and_units_a_to_z_lead_on(nojs_page: Page, deploy: Deploy) -> None:
    page = goto(nojs_page, deploy, "cari/?q=polres+gresik")
    expect(page).to_have_url(deploy.url_re("cari/?q=polres+gresik"))
    letters = page.locator("#jelajah-unit + ul")
    letters.get_by_role("link", name=re.compile(r"^P\b")).click()
    expect(page).to_have_url(deploy.url_re("daftar-unit/p/"))
    page.get_by_role("link", name=SHEET_NAME, exact=True).click()
    expect(page).to_have_url(deploy.url_re(SHEET_UNIT))
    assert_clean(page)


def test_a_revoked_units_badge_says_dicabut(wpage: Page, deploy: Deploy, width: int) -> None:
    page = goto(wpage, deploy, REVOKED_UNIT)
    page.get_by_role("link", name=re.compile("Lembar pemeriksaan")).click()
    expect(page).to_have_url(deploy.url_re(REVOKED_UNIT + "periksa/"))
    expect(page.locator(".sheet-predicate")).to_have_text(re.compile(r"^WBK \d{4} · DICABUT$"))
    badge = page.locator(".sheet-embed img")
    expect(badge).to_have_attribute("src", f"{deploy.base_path}{REVOKED_UNIT}lencana.svg")
    response = page.request.get(deploy.at(REVOKED_UNIT + "lencana.svg"))
    assert response.ok and response.headers["content-type"].startswith("image/svg+xml")
    assert "DICABUT" in response.text() and REVOKED_NAME in response.text()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", badge.element_handle())
    save_screenshot(page, f"unit-sheet-revoked-{deploy.name}-{width}")
    assert_clean(page)


@pytest.fixture(scope="module", params=["/", SUBPATH], ids=["root", "subpath"])
def addressed_deploy(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                     static_server_factory: Callable[..., str]) -> Deploy:
    """The real registry built with base_url set (QR codes need an absolute address), served by nginx."""
    base_path = request.param
    public = build_into(REPO, tmp_path_factory.mktemp("addressed") / "public", base_path=base_path,
                        base_url=BASE_URL, corrections="github:contoh/registri-zi")  # a deploy names its channel
    return Deploy("root" if base_path == "/" else "subpath", base_path, public,
                  static_server_factory(public, base_path))


def qr_modules(svg_path: str, size: int) -> list[bytearray]:
    """The dark modules an SVG path of horizontal strokes draws, as rows without the quiet zone."""
    rows = [bytearray(size) for _ in range(size)]
    for x, y, run in re.findall(r"M(\d+) (\d+)\.5h(\d+)", svg_path):
        for col in range(int(x), int(x) + int(run)):
            rows[int(y) - QR_BORDER][col - QR_BORDER] = 1
    return rows


@pytest.mark.parametrize("width", [360, 1280])
def test_a_sheets_qr_code_leads_to_its_unit(browser: Browser, addressed_deploy: Deploy, width: int) -> None:
    page = open_page(browser, width)
    try:
        goto(page, addressed_deploy, SHEET_UNIT + "periksa/")
        address = BASE_URL + addressed_deploy.base_path + SHEET_UNIT
        qr = page.locator(".sheet-qr svg")
        expect(qr).to_have_attribute("aria-label", f"Kode QR berisi alamat {address}")
        wanted = segno.make_qr(address, error="m", mask=QR_MASK).matrix
        drawn = qr_modules(qr.locator("path").get_attribute("d") or "", len(wanted))
        assert [bytes(r) for r in drawn] == [bytes(r) for r in wanted], "the QR code does not hold the unit's address"
        expect(page.locator("#kode-lencana")).to_contain_text(f'<a href="{address}"><img src="{address}lencana.svg"')
        save_screenshot(page, f"unit-sheet-{addressed_deploy.name}-{width}")
        link = page.locator(".sheet-qr a.sheet-url")
        expect(link).to_have_text(address)
        link.click()
        expect(page).to_have_url(addressed_deploy.url_re(SHEET_UNIT))
        expect(page.get_by_role("heading", level=1)).to_have_text(SHEET_NAME)
        assert_clean(page)
    finally:
        page.context.close()
