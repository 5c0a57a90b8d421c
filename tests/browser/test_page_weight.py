"""Page weight on a cheap phone: a unit page's HTML plus every stylesheet it loads stays under 10 KB gzipped,
as nginx serves them (gzip level 1, its default), and no page carries a render-blocking script."""

from __future__ import annotations

import http.client
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser

from tests.browser import gates
from tests.browser.site import UNIT, Deploy, goto, open_page

BUDGET = 10 * 1024
CLASSIC_JS = {"", "text/javascript", "application/javascript"}
STYLESHEETS_JS = """() => Array.from(document.styleSheets, (sheet) => sheet.href).filter(Boolean)"""


def gzipped_sizes(deploy: Deploy, paths: list[str]) -> dict[str, int]:
    """Bytes on the wire for each path, asking nginx for gzip the way browsers do."""
    server = urlsplit(deploy.url)
    conn = http.client.HTTPConnection(server.hostname, server.port, timeout=10)
    sizes = {}
    try:
        for path in paths:
            conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = conn.getresponse()
            body = response.read()
            assert response.status == 200, f"{path}: {response.status}"
            assert response.getheader("Content-Encoding") == "gzip", f"{path} was not served gzipped"
            sizes[path] = len(body)
    finally:
        conn.close()
    return sizes


def unit_pages(public: Path) -> list[Path]:
    """Every real unit page (redirect pages for former URLs left out)."""
    pages = sorted((public / "unit").glob("*/*/index.html"))
    return [p for p in pages if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")]


def test_every_unit_page_with_its_css_stays_under_10_kb_gzipped(browser: Browser, root_deploy: Deploy) -> None:
    page = open_page(browser, 360)
    try:
        goto(page, root_deploy, UNIT)
        page.wait_for_load_state("networkidle")  # search.js adds its stylesheet after start-up
        sheets = sorted(urlsplit(href).path for href in page.evaluate(STYLESHEETS_JS))
    finally:
        page.context.close()
    assert sheets, "the unit page loads no stylesheet"
    css_sizes = gzipped_sizes(root_deploy, sheets)
    css = sum(css_sizes.values())
    units = unit_pages(root_deploy.public)
    assert len(units) >= 100, f"only {len(units)} unit pages"
    paths = ["/" + p.relative_to(root_deploy.public).parent.as_posix() + "/" for p in units]
    html = gzipped_sizes(root_deploy, paths)
    heaviest = max(html, key=html.__getitem__)
    gates.record("unit page weight, gzipped bytes", {
        "stylesheets": css_sizes, f"/{UNIT} html": html[f"/{UNIT}"], f"/{UNIT} html+css": html[f"/{UNIT}"] + css,
        "heaviest unit page": heaviest, "heaviest html+css": html[heaviest] + css, "budget": BUDGET,
    })
    assert html[heaviest] + css < BUDGET, (
        f"{heaviest}: {html[heaviest]} B of HTML + {css} B of CSS ({', '.join(sheets)}) gzipped "
        f"is over the {BUDGET} B budget"
    )


class _Scripts(HTMLParser):
    """Collect the scripts of a page that stop the parser: classic scripts without async or defer."""

    def __init__(self) -> None:
        """Start with none found."""
        super().__init__()
        self.blocking: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note a <script> that runs as a classic script and is neither async nor deferred."""
        values = dict(attrs)
        if tag != "script" or (values.get("type") or "").lower() not in CLASSIC_JS:
            return  # modules are deferred; JSON-LD and other data blocks never run
        if values.get("src") is None or not ({"async", "defer"} & values.keys()):
            self.blocking.append(f"line {self.getpos()[0]}: <script {' '.join(k for k in values)}>")


def test_no_page_has_a_render_blocking_script(real_site: Path) -> None:
    found = []
    pages = sorted(real_site.rglob("*.html"))
    for path in pages:
        parser = _Scripts()
        parser.feed(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(real_site)}: {b}" for b in parser.blocking]
    gates.record("pages checked for render-blocking scripts", len(pages))
    assert found == [], "\n".join(found[:20])
