"""The real registry as the browser gates meet it: its deploys, its page kinds, and how to open them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.tools.browser import DESKTOP, PHONE, console_errors, external_requests, new_page

WIDTHS = (360, 1280)
VIEWPORTS: dict[int, dict[str, Any]] = {360: PHONE, 1280: DESKTOP}

# The unit every journey meets: a real Polri unit in Jawa Timur with three dated awards.
UNIT = "unit/polri/polres-gresik/"
UNIT_NAME = "Polres Gresik"
UNIT_QUERY = "polres gresik"
INSTITUTION = "instansi/polri/"
INSTITUTION_NAME = "Kepolisian Negara Republik Indonesia"
INSTITUTION_CATEGORY = "Lembaga"
INSTITUTION_SECTION = "kat-lembaga"  # the id of its category's heading on /instansi/
PROVINCE = "provinsi/jawa-timur/"
PROVINCE_NAME = "Jawa Timur"
UNIT_YEAR = "2019"
# A unit that moved from Kemenkumham to Kemenimipas keeps its first URL; the URL its new institution
# would give is a redirect page (data/units.yaml).
OLD_UNIT = "unit/kemenimipas/lapas-kelas-iib-mojokerto/"
MOVED_UNIT = "unit/kemenkumham/lapas-kelas-iib-mojokerto/"
MISSING = "halaman/yang-tidak-ada/"
NEWS = "berita/2020-12-21-763-unit-kerja-diganjar-wbk-dan-wbbm/"

# Every kind of page the site builds, by a real route of the real registry. `test_page_kinds` proves
# that no template's output escapes this table, so every gate below covers every page kind.
PAGE_KINDS: dict[str, str] = {
    "home": "",
    "unit": UNIT,
    "years": "tahun/",
    "year": "tahun/2020/",
    "institutions": "instansi/",
    "institution": INSTITUTION,
    "provinces": "provinsi/",
    "province": PROVINCE,
    "place": "provinsi/jawa-timur/gresik/",
    "province-empty": "provinsi/papua-pegunungan/",  # no record yet when written; a page either way
    "predicate": "predikat/wbbm/",
    "news-index": "berita/",
    "news": NEWS,
    "prose": "tentang/",
    "hakordia": "hari-antikorupsi/",
    "search": "cari/",
    "search-results": "cari/?q=polres+gresik",
    "data": "data/",
    "revocations": "pencabutan/",
    "kirim": "kirim/",
    "not-found": MISSING,
    "redirect": OLD_UNIT,
    "unit-sheet": "unit/mahkamah-agung/pengadilan-negeri-surabaya/periksa/",
    "units-az": "daftar-unit/p/",
}
# The page a kind lands on when it is not the requested route itself.
LANDS_ON = {"redirect": MOVED_UNIT}
STATUS = {"not-found": 404}


@dataclass(frozen=True)
class Deploy:
    """One built copy of the real registry served by nginx."""

    name: str
    base_path: str
    public: Path
    url: str  # http://127.0.0.1:PORT/ or http://127.0.0.1:PORT/registri/

    def at(self, route: str) -> str:
        """The full URL of a site route."""
        return self.url + route

    def url_re(self, route: str) -> re.Pattern[str]:
        """A pattern matching exactly the URL of `route` (query strings included when given)."""
        return re.compile("^" + re.escape(self.at(route)) + ("" if "?" in route else r"(#.*)?$"))


def open_page(browser: Browser, width: int, **options: Any) -> Page:
    """A fresh page in its own context at a gate width, external requests blocked, console watched."""
    return new_page(browser, **VIEWPORTS[width], **options)


def goto(page: Page, deploy: Deploy, route: str, status: int = 200) -> Page:
    """Open a route and wait for its load event (deferred scripts have run by then)."""
    response = page.goto(deploy.at(route), wait_until="load")
    assert response is not None, f"no response for {deploy.at(route)}"
    assert response.status == status, f"{deploy.at(route)} answered {response.status}, expected {status}"
    return page


def open_kind(page: Page, deploy: Deploy, kind: str) -> Page:
    """Open a page kind, follow it to where it lands, and wait until scripts have drawn what they draw."""
    goto(page, deploy, PAGE_KINDS[kind], STATUS.get(kind, 200))
    expect(page).to_have_url(deploy.url_re(LANDS_ON.get(kind, PAGE_KINDS[kind])))
    page.wait_for_load_state("load")
    wait_until_drawn(page, kind)
    return page


def wait_until_drawn(page: Page, kind: str) -> None:
    """Search results are drawn by search.js after the load event."""
    if kind == "search-results":
        expect(page.locator("#hasil a").first).to_be_visible()


def assert_clean(page: Page, allow_status: tuple[int, ...] = ()) -> None:
    """No console errors, failed loads, uncaught exceptions or requests to another origin."""
    allowed = [f"http {code}: " for code in allow_status]
    errors = [e for e in console_errors(page) if not e.startswith(tuple(allowed))]
    if allow_status:  # Chromium logs the 404 of the page itself as a console error too
        errors = [e for e in errors if "the server responded with a status of 404" not in e]
    assert errors == [], "\n".join(errors)
    assert external_requests(page) == [], f"requests to another origin: {external_requests(page)}"


def overflow_width(page: Page) -> int:
    """How wide the document is; more than the viewport means sideways scrolling on a phone."""
    return int(page.evaluate("() => document.documentElement.scrollWidth"))


def widest_elements(page: Page, width: int) -> list[str]:
    """The elements that stick out past `width`, for a readable failure message."""
    return page.evaluate(
        """(width) => Array.from(document.querySelectorAll('body *'))
            .filter((el) => el.getBoundingClientRect().right > width + 0.5)
            .slice(0, 8)
            .map((el) => `${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''}`
                 + ` right=${Math.round(el.getBoundingClientRect().right)}`)""",
        width,
    )
