"""Pytest fixtures for browser quality gates, registered once as a global plugin by the conftests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from tests.tools.browser import (
    DESKTOP,
    PHONE,
    chromium_missing_message,
    is_chromium_available,
    launch_chromium,
    new_page,
)
from tests.tools.server import normalize_prefix, static_server

PLUGIN_NAME = "zi-browser-fixtures"
StaticServerFactory = Callable[..., str]


def register(config: pytest.Config) -> None:
    """Register this module as a plugin unless a sibling conftest already did."""
    import tests.tools.fixtures as plugin

    if not config.pluginmanager.has_plugin(PLUGIN_NAME):
        config.pluginmanager.register(plugin, PLUGIN_NAME)


@pytest.fixture(scope="session")
def static_server_factory() -> Iterator[StaticServerFactory]:
    """Session factory `serve(root, prefix="/") -> base_url`; one nginx per (root, prefix)."""
    servers: dict[tuple[Path, str], str] = {}
    with ExitStack() as stack:

        def serve(root: Path, prefix: str = "/") -> str:
            """Start (or reuse) nginx for `root` under `prefix` and return its base URL."""
            key = (Path(root).resolve(), normalize_prefix(prefix))
            if key not in servers:
                servers[key] = stack.enter_context(static_server(*key))
            return servers[key]

        yield serve


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    """The Playwright driver for the whole session."""
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """Headless Debian Chromium; FAILS (never skips) when Chromium is not installed."""
    if not is_chromium_available():
        pytest.fail(chromium_missing_message(), pytrace=False)
    browser = launch_chromium(playwright_driver)
    yield browser
    browser.close()


def _page(browser: Browser, options: dict[str, Any]) -> Iterator[Page]:
    """Yield a fresh page in its own context and close the context afterwards."""
    page = new_page(browser, **options)
    yield page
    page.context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page with Playwright's default 1280x720 viewport."""
    yield from _page(browser, {})


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    """A fresh 360x740 touch phone page at device scale factor 2."""
    yield from _page(browser, PHONE)


@pytest.fixture
def desktop_page(browser: Browser) -> Iterator[Page]:
    """A fresh 1280x900 desktop page."""
    yield from _page(browser, DESKTOP)
