"""Journeys the way citizens and journalists take them: a 360 px phone and a 1280 px desktop, at / and /registri/.

The search journeys are written against the search contract (docs/search.md): typing into the header
`form.search-box input[name=q]` shows a listbox of units; submitting goes to /cari/?q=..., which lists
results in `#hasil` (aria-live="polite"); without JavaScript /cari/ offers the browse lists instead.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from playwright.sync_api import Locator, Page, expect

from tests.browser.site import (
    INSTITUTION,
    INSTITUTION_CATEGORY,
    INSTITUTION_NAME,
    INSTITUTION_SECTION,
    LANDS_ON,
    MISSING,
    MOVED_UNIT,
    OLD_UNIT,
    PAGE_KINDS,
    PROVINCE,
    PROVINCE_NAME,
    STATUS,
    UNIT,
    UNIT_NAME,
    UNIT_QUERY,
    UNIT_YEAR,
    Deploy,
    assert_clean,
    goto,
)

BRAND_RED = "rgb(138, 28, 28)"  # --brand in style.css: proves the stylesheet loaded


def activate(locator: Locator, page: Page) -> None:
    """Tap on a touch phone, click on a desktop."""
    if page.viewport_size and page.viewport_size["width"] < 600:
        locator.tap()
    else:
        locator.click()


def visible_link(scope: Locator, name: str) -> Locator:
    """The first visible link with exactly this accessible name."""
    return scope.get_by_role("link", name=name, exact=True).filter(visible=True).first


def header_search(page: Page) -> Locator:
    """The search box every page carries in its header."""
    return page.locator("header form.search-box input[name=q]")


def h1(page: Page) -> Locator:
    """The page's one top heading."""
    return page.get_by_role("heading", level=1)


def test_citizen_searches_from_home_and_opens_the_unit(wpage: Page, deploy: Deploy) -> None:
    page = goto(wpage, deploy, "")
    box = header_search(page)
    expect(box).to_be_visible()
    activate(box, page)
    box.press_sequentially(UNIT_QUERY, delay=10)
    listbox = page.locator("header form.search-box [role=listbox]")
    expect(listbox).to_be_visible()
    expect(listbox.get_by_role("option").filter(has_text=UNIT_NAME).first).to_be_visible()
    box.press("Enter")
    expect(page).to_have_url(deploy.url_re("cari/?q=polres+gresik"))
    results = page.locator("#hasil")
    expect(results).to_have_attribute("aria-live", "polite")
    hit = visible_link(results, UNIT_NAME)
    expect(hit).to_be_visible()
    activate(hit, page)
    expect(page).to_have_url(deploy.url_re(UNIT))
    expect(h1(page)).to_have_text(UNIT_NAME)
    assert_clean(page)


def test_journalist_opens_a_deep_link_reads_history_and_source_and_copies_the_citation(
    wpage: Page, deploy: Deploy
) -> None:
    page = wpage
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(deploy.url))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    goto(page, deploy, UNIT)
    expect(h1(page)).to_have_text(UNIT_NAME)
    expect(page.get_by_role("heading", name="Riwayat predikat")).to_be_visible()
    history = page.locator("ol.history > li")
    assert history.count() == 3, "Polres Gresik holds WBK 2016, WBBM 2017 and WBBM 2019"
    for item in history.all():  # each award cites its sources: footnotes into the page's numbered source list
        expect(item.locator(".badge")).to_be_visible()
        note = item.locator("sup.cite a").first
        expect(note).to_have_attribute("href", re.compile(r"^#sumber-\d+$"))
        expect(page.locator(f"{note.get_attribute('href')} a").first).to_have_attribute("href", re.compile(r"^https?://"))
    latest = history.first
    expect(visible_link(latest, UNIT_YEAR)).to_have_attribute("href", f"{deploy.base_path}tahun/{UNIT_YEAR}/")
    note = latest.locator("sup.cite a").first
    activate(note, page)  # the reader follows the footnote to the source it names
    source = page.locator(f"{note.get_attribute('href')} a").first
    expect(source).to_be_in_viewport()
    source_url = source.get_attribute("href")

    citation = page.locator("#kutipan")
    expect(citation).to_be_visible()
    text = " ".join(citation.inner_text().split())
    assert text.startswith(f"{UNIT_NAME} ({INSTITUTION_NAME})"), text
    assert "Sumber: " in text and f"{source_url}" in text, text
    assert f"{deploy.base_path}{UNIT}" in text, text
    button = page.locator("button[data-copy=kutipan]")
    expect(button).to_have_accessible_name("Salin kutipan")
    activate(button, page)
    expect(button).to_have_text("Kutipan disalin")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert " ".join(copied.split()) == text

    json_link = page.get_by_role("link", name="Data unit ini dalam JSON")
    data = page.request.get(urljoin(page.url, json_link.get_attribute("href") or ""))
    assert data.ok and data.json()["name"] == UNIT_NAME
    assert_clean(page)


def test_browsing_goes_home_year_institution_unit_province(wpage: Page, deploy: Deploy) -> None:
    page = goto(wpage, deploy, "")
    main = page.locator("main")
    activate(visible_link(main, UNIT_YEAR), page)
    expect(page).to_have_url(deploy.url_re(f"tahun/{UNIT_YEAR}/"))
    expect(h1(page)).to_contain_text(UNIT_YEAR)
    activate(visible_link(main, INSTITUTION_NAME), page)
    expect(page).to_have_url(deploy.url_re(INSTITUTION))
    expect(h1(page)).to_contain_text(INSTITUTION_NAME)
    activate(visible_link(main, UNIT_NAME), page)
    expect(page).to_have_url(deploy.url_re(UNIT))
    expect(h1(page)).to_have_text(UNIT_NAME)
    activate(visible_link(page.locator("main dl.facts"), PROVINCE_NAME), page)
    expect(page).to_have_url(deploy.url_re(PROVINCE))
    expect(h1(page)).to_contain_text(PROVINCE_NAME)
    expect(visible_link(main, UNIT_NAME)).to_have_attribute("href", deploy.base_path + UNIT)
    assert_clean(page)


def test_keyboard_alone_completes_the_search_journey(wpage: Page, deploy: Deploy) -> None:
    page = goto(wpage, deploy, "")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["x"] >= 0 and box["height"] >= 24, f"skip link not on screen: {box}"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('main input[name=q]')"):
            break
        assert page.evaluate("() => !!document.activeElement.closest('main')"), "Tab left main after the skip link"
    box_input = page.locator("main form.search-box input[name=q]")
    expect(box_input).to_be_focused()
    page.keyboard.type(UNIT_QUERY, delay=10)
    listbox = page.locator(f"#{box_input.get_attribute('aria-controls')}")
    expect(listbox).to_be_visible()
    expect(box_input).to_have_attribute("aria-expanded", "true")
    chosen = ""
    for _ in range(8):
        page.keyboard.press("ArrowDown")
        active = box_input.get_attribute("aria-activedescendant")
        assert active, "ArrowDown selected no option"
        chosen = page.locator(f"#{active}").inner_text()
        if UNIT_NAME in chosen:
            break
    assert UNIT_NAME in chosen, f"no suggestion for {UNIT_NAME}; last was {chosen!r}"
    page.keyboard.press("Enter")
    expect(page).to_have_url(deploy.url_re(UNIT))
    expect(h1(page)).to_have_text(UNIT_NAME)
    assert_clean(page)


def test_without_javascript_the_search_form_leads_to_the_browse_pages(nojs_page: Page, deploy: Deploy) -> None:
    page = goto(nojs_page, deploy, "")
    box = header_search(page)
    box.fill("gresik")
    box.press("Enter")
    expect(page).to_have_url(deploy.url_re("cari/?q=gresik"))
    notice = page.locator("#hasil noscript p")  # Playwright's text matchers skip <noscript>; innerText does not
    expect(notice).to_be_visible()
    assert "Tanpa JavaScript, temukan unit lewat daftar unit A–Z" in notice.inner_text()
    browse = page.locator("section.zi-browse")
    for heading in ("Menurut tahun penilaian", "Menurut provinsi", "Menurut instansi", "Unit kerja A–Z"):
        expect(browse.get_by_role("heading", name=heading)).to_be_visible()
    expect(visible_link(browse, UNIT_YEAR)).to_have_attribute("href", f"{deploy.base_path}tahun/{UNIT_YEAR}/")
    expect(visible_link(browse, PROVINCE_NAME)).to_have_attribute("href", deploy.base_path + PROVINCE)
    activate(visible_link(browse, INSTITUTION_CATEGORY), page)  # its section of the institutions page
    expect(page).to_have_url(deploy.url_re(f"instansi/#{INSTITUTION_SECTION}"))
    activate(visible_link(page.locator(f"section[aria-labelledby={INSTITUTION_SECTION}]"), INSTITUTION_NAME), page)
    expect(page).to_have_url(deploy.url_re(INSTITUTION))
    activate(visible_link(page.locator("main"), UNIT_NAME), page)
    expect(page).to_have_url(deploy.url_re(UNIT))
    citation = page.locator("#kutipan")
    expect(citation).to_be_visible()
    expect(citation).to_contain_text(f"{UNIT_NAME} ({INSTITUTION_NAME}). Predikat: WBK 2016, WBBM 2017, WBBM 2019.")
    expect(page.locator("button[data-copy=kutipan]")).to_be_hidden()
    assert_clean(page)


def test_without_javascript_every_page_kind_reads_fully(nojs_page: Page, deploy: Deploy) -> None:
    page = nojs_page
    for kind, route in PAGE_KINDS.items():
        goto(page, deploy, route, STATUS.get(kind, 200))
        expect(page).to_have_url(deploy.url_re(LANDS_ON.get(kind, route)))
        heading = h1(page)
        expect(heading, f"{kind}: one visible h1").to_have_count(1)
        expect(heading).to_be_visible()
        words = len(page.locator("main").inner_text().split())
        assert words >= 15, f"{kind} ({route}) shows only {words} words without JavaScript"
    assert_clean(page, allow_status=(404,))


def test_an_old_unit_link_redirects_to_the_unit(wpage: Page, deploy: Deploy) -> None:
    page = goto(wpage, deploy, OLD_UNIT)
    expect(page).to_have_url(deploy.url_re(MOVED_UNIT))
    expect(h1(page)).to_have_text("Lapas Kelas IIB Mojokerto")
    assert_clean(page)


def test_a_missing_page_answers_404_styled_with_a_way_home(wpage: Page, deploy: Deploy) -> None:
    page = goto(wpage, deploy, MISSING, status=404)
    expect(h1(page)).to_have_text("Halaman tidak ditemukan")
    expect(page.locator("header.site-header")).to_have_css("background-color", BRAND_RED)
    activate(page.locator("header a.brand"), page)
    expect(page).to_have_url(deploy.url_re(""))
    assert_clean(page, allow_status=(404,))
