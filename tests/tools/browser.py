"""Debian's Chromium driven by Playwright: launch options, page setups, screenshots and in-page watchers."""

from __future__ import annotations

import os
import weakref
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Response,
    Route,
)

from tests.tools.paths import INSTALL_HINT, SCREENSHOTS_DIR, artifact_name

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE: dict[str, Any] = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-error"}

_external: weakref.WeakKeyDictionary[BrowserContext, list[str]] = weakref.WeakKeyDictionary()
_console: weakref.WeakKeyDictionary[Page, list[str]] = weakref.WeakKeyDictionary()


def is_chromium_available() -> bool:
    """Tell whether Debian's Chromium is installed and executable."""
    return os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


def chromium_missing_message() -> str:
    """Explain why browser tests fail (never skip) when Chromium is absent."""
    return f"Chromium not found at {CHROMIUM}; browser quality gates cannot run: {INSTALL_HINT}"


def launch_chromium(playwright: Playwright) -> Browser:
    """Launch headless Debian Chromium with the flags this machine needs as root."""
    if not is_chromium_available():
        raise FileNotFoundError(chromium_missing_message())
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def is_local_url(url: str) -> bool:
    """Tell whether a request stays on this machine (loopback, data:, blob: ...)."""
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or (parts.hostname or "") in LOCAL_HOSTS


def block_external_requests(context: BrowserContext) -> None:
    """Abort every non-loopback request in `context`, recording it for external_requests()."""
    seen = _external.setdefault(context, [])

    def guard(route: Route) -> None:
        """Let loopback requests through; abort and record the rest."""
        if is_local_url(route.request.url):
            route.continue_()
        else:
            seen.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", guard)


def external_requests(page: Page) -> list[str]:
    """URLs that `page`'s context tried to load from another host (blocked by the fixtures)."""
    return list(_external.get(page.context, []))


def _record_console(page: Page, message: ConsoleMessage) -> None:
    """Keep console errors and warnings (CSP reports arrive as console errors)."""
    if message.type in ("error", "warning"):
        _console.setdefault(page, []).append(f"console.{message.type}: {message.text}")


def _record_response(page: Page, response: Response) -> None:
    """Keep HTTP errors with their URL (the console line for them omits it)."""
    if response.status >= 400:
        _console.setdefault(page, []).append(f"http {response.status}: {response.url}")


def watch_console(page: Page) -> None:
    """Start recording console errors/warnings, HTTP errors and uncaught exceptions of `page`."""
    _console.setdefault(page, [])
    page.on("console", lambda message: _record_console(page, message))
    page.on("response", lambda response: _record_response(page, response))
    page.on("pageerror", lambda error: _console[page].append(f"pageerror: {error}"))


def console_errors(page: Page, include_warnings: bool = False) -> list[str]:
    """Console errors (optionally warnings), HTTP >= 400 responses and uncaught exceptions, since `page` opened."""
    lines = _console.get(page, [])
    return [line for line in lines if include_warnings or not line.startswith("console.warning")]


def new_page(browser: Browser, **context_options: Any) -> Page:
    """Open a page in a fresh context with external requests blocked and the console watched."""
    context = browser.new_context(**context_options)
    block_external_requests(context)
    page = context.new_page()
    watch_console(page)
    return page


def save_screenshot(page: Page, name: str, full_page: bool = True) -> Path:
    """Save a PNG of `page` to test-artifacts/screenshots/<name>.png and return its path."""
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS_DIR / f"{artifact_name(name)}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
