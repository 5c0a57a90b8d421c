"""The dev server keeps to the site's own rules in a real browser: its pages log no Content-Security-Policy
violation in Chromium (the reload script is a file from the server's own origin, never inline), and the
reload still works: saving a record reloads the open page by itself, however soon after the server's start
or the last reload the save comes."""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import Browser, Error, Page

from tests.browser.test_xss import WATCH
from tests.test_serve import UNIT, server  # noqa: F401  (the dev server over a copy of the mini registry)
from tests.tools.browser import console_errors, new_page


def reloaded_with(page: Page, text: str, limit: float = 60.0) -> bool:
    """Whether the open page comes to show this text within the limit (it reloads meanwhile)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            if text in page.content():
                return True
        except Error:  # the page is navigating: the reload is under way
            pass
        time.sleep(0.3)
    return False


PAGES = ("", UNIT, "tahun/2020/", "cari/", "halaman-yang-tidak-ada/")


def test_the_dev_servers_pages_log_no_csp_violation(
        browser: Browser, server: tuple) -> None:  # noqa: F811
    port = server[1]
    page = new_page(browser)
    page.add_init_script(WATCH)
    for route in PAGES:
        page.goto(f"http://127.0.0.1:{port}/{route}", wait_until="load")
        page.wait_for_function("() => window.LiveReload !== undefined")  # the reload script ran
        assert page.evaluate("() => window.__csp") == [], route
    assert [line for line in console_errors(page) if "Content Security Policy" in line] == []
    page.context.close()


def save_source(awards: Path, old: str, new: str) -> None:
    """Save the round file with one award's source changed, as an editor would."""
    awards.write_text(awards.read_text().replace(f'"https://contoh.invalid/{old}"', f'"https://contoh.invalid/{new}"'))


def mark(page: Page) -> None:
    """Mark the open document, so that a new document (a reload) is told apart from the same one changed."""
    page.evaluate("() => { window.__before_save = true; }")


def reloaded(page: Page) -> bool:
    """Whether the open page is a new document since it was marked."""
    return page.evaluate("() => window.__before_save === undefined")


def test_a_save_reloads_the_open_page_and_so_does_the_next_save_soon_after(
        browser: Browser, server: tuple) -> None:  # noqa: F811
    _, port, root = server
    page = new_page(browser)
    page.add_init_script(WATCH)
    page.goto(f"http://127.0.0.1:{port}/{UNIT}", wait_until="load")
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector._isSocketConnected()")
    awards = root / "data" / "awards" / "2020.yaml"
    mark(page)
    save_source(awards, "alfa-surabaya-2020", "alfa-surabaya-2020-sk")  # at once, as the server has just started
    assert reloaded_with(page, "alfa-surabaya-2020-sk")  # no navigation of ours: the reload script brought it
    assert reloaded(page)

    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector._isSocketConnected()")
    mark(page)
    save_source(awards, "alfa-surabaya-2020-sk", "alfa-surabaya-2020-sk-2")  # a second save right after
    assert reloaded_with(page, "alfa-surabaya-2020-sk-2")
    assert reloaded(page)
    assert page.evaluate("() => window.__csp") == []
    page.context.close()
