"""A failure is a failure: when the search index cannot be loaded, /cari/ and the header box say so, offer a
retry and the browse lists, and never show the empty answer. Debian's Chromium on the built real site, with
the index requests blocked (Playwright route abort) or left unanswered (the loader's timeout)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

INDEX = "**/cari/indeks/**"
EMPTY = "Tidak ada unit yang cocok"
FAILED = "Pencarian tidak dapat dimuat"


@pytest.fixture(scope="module")
def real_base(real_site: Path, static_server_factory: Callable[..., str]) -> str:
    """The real site served by nginx at the root."""
    return static_server_factory(real_site)


def stall(route: Route) -> None:
    """Leave the request unanswered, as a phone on patchy data waits for a file that never comes."""


def expect_failure_then_retry(page: Page, pattern: str) -> None:
    """/cari/ says the search could not load, with the browse lists; the retry, once the network is back, finds."""
    failed = page.locator("#hasil .zi-failed")
    expect(failed).to_contain_text(FAILED, timeout=20_000)
    expect(page.locator("#hasil")).not_to_contain_text(EMPTY)
    expect(page.locator("#hasil .zi-empty")).to_have_count(0)
    for anchor in ("#jelajah-unit", "#jelajah-instansi", "#jelajah-provinsi", "#jelajah-tahun", "#jelajah-predikat"):
        expect(failed.locator(f'a[href="{anchor}"]')).to_have_count(1)
    expect(page.locator("#hasil [role=alert]")).to_have_count(1)
    page.unroute(pattern)
    page.locator("#hasil button.zi-retry").click()
    expect(page.locator("#hasil .zi-count")).to_contain_text("unit ditemukan", timeout=10_000)
    expect(page.locator("#hasil .zi-result-name").first).to_be_visible()
    expect(page.locator("#hasil .zi-failed")).to_have_count(0)


def test_blocked_index_on_the_search_page_is_a_failure_with_a_retry(page: Page, real_base: str) -> None:
    page.route(INDEX, lambda route: route.abort())
    page.goto(real_base + "cari/?q=polres+gresik")
    expect_failure_then_retry(page, INDEX)


def test_a_stalled_index_times_out_into_the_same_failure(page: Page, real_base: str) -> None:
    shards = "**/cari/indeks/t/**"
    page.route(shards, stall)  # meta comes with kunci.js; the word's shard never arrives
    page.goto(real_base + "cari/?q=polres+gresik")
    expect(page.locator("#hasil")).not_to_contain_text(EMPTY)
    expect_failure_then_retry(page, shards)


@pytest.mark.parametrize("how", ["blocked", "stalled"])
def test_the_header_box_says_the_search_could_not_load(page: Page, real_base: str, how: str) -> None:
    page.route(INDEX, (lambda route: route.abort()) if how == "blocked" else stall)
    page.goto(real_base)
    box = page.locator("header form.search-box input[name=q]")
    box.click()
    page.keyboard.type("polres", delay=15)
    listbox = page.locator("header [role=listbox]")
    expect(listbox.locator("li.zi-option-failed")).to_contain_text(f"{FAILED}. Coba lagi", timeout=20_000)
    expect(listbox).not_to_contain_text("Tidak tercatat")
    expect(listbox.locator('li[data-href$="cari/#jelajah"]')).to_have_count(1)
    expect(page.locator("header [role=status]")).to_contain_text(FAILED)
    page.unroute(INDEX)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # the retry, chosen by keyboard
    expect(listbox.locator(".zi-option-name").first).to_be_visible(timeout=10_000)
    expect(listbox.locator("li.zi-option-failed")).to_have_count(0)
