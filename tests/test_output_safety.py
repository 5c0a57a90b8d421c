"""Nothing hostile reaches a reader: record text escaped, Markdown sanitised, a strict CSP, nothing from other origins.

These are static checks over built sites (the mini registry and tests/hostile.py's registry of payloads);
tests/browser/test_xss.py loads the same pages in Chromium.
"""

from __future__ import annotations

import inspect
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from build import parser as cli_parser
from tests.conftest import MINI, build_into, copy_registry, read_page
from tests.hostile import write_hostile_registry
from tests.tools.crawl import crawl_site

SCRIPT_TYPES_THAT_ARE_DATA = {"application/ld+json", "application/json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href", "background"}
BAD_SCHEMES = re.compile(r"^\s*(?:javascript|vbscript|data\s*:\s*text/html)", re.I)
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "style"}
REMOTE_JS = re.compile(r"""(?:\bimport\b[^'"`;]*|\bimport\s*\(\s*|\bfetch\s*\(\s*|importScripts\s*\(\s*|"""
                       r"""new\s+(?:Worker|EventSource|WebSocket)\s*\(\s*)['"`](?:[a-z][a-z0-9+.-]*:)?//""", re.I)
REMOTE_CSS = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])(?:[a-z][a-z0-9+.-]*:)?//""", re.I)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The registry of payloads, built."""
    tmp = tmp_path_factory.mktemp("hostile")
    return build_into(write_hostile_registry(tmp / "registry"), tmp / "public")


class PageScan(HTMLParser):
    """Everything in one page that could run script or load from elsewhere."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.csp: list[str] = []
        self.in_script: str | None = None
        self.has_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.has_head |= tag == "head"
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler")
            if name in URL_ATTRIBUTES and BAD_SCHEMES.match(value):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.problems.append(f"<{tag} style=...> (the CSP blocks inline style)")
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.csp.append(values.get("content", ""))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh" and "javascript" in values.get(
                "content", "").lower():
            self.problems.append("meta refresh to javascript:")
        if tag == "script":
            kind = values.get("type", "").lower()
            if "src" not in values and kind not in SCRIPT_TYPES_THAT_ARE_DATA:
                self.problems.append("inline <script>")
            self.in_script = kind

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = None

    def handle_data(self, data: str) -> None:
        if self.in_script in SCRIPT_TYPES_THAT_ARE_DATA and "<" in data:
            self.problems.append("'<' inside a JSON script (it could close the element)")


def scan(path: Path) -> PageScan:
    page = PageScan()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def html_files(public: Path) -> list[Path]:
    return sorted(public.rglob("*.html"))


def directives(csp: str) -> dict[str, list[str]]:
    parts = (d.split() for d in csp.split(";") if d.strip())
    return {p[0].lower(): p[1:] for p in parts}


@pytest.mark.parametrize("site", ["mini_site", "hostile_site"])
def test_no_page_holds_anything_that_could_run_a_script(site: str, request: pytest.FixtureRequest) -> None:
    public = request.getfixturevalue(site)
    problems = [f"{p.relative_to(public)}: {problem}" for p in html_files(public) for problem in scan(p).problems]
    assert problems == []


@pytest.mark.parametrize("site", ["mini_site", "hostile_site"])
def test_every_full_page_carries_a_csp_that_forbids_inline_and_foreign_scripts(
        site: str, request: pytest.FixtureRequest) -> None:
    public = request.getfixturevalue(site)
    pages = [p for p in html_files(public) if "<main" in p.read_text(encoding="utf-8")]
    redirects = [p for p in pages if 'http-equiv="refresh"' in p.read_text(encoding="utf-8")]
    assert len(pages) > 10
    for path in sorted(set(pages) - set(redirects)):  # redirect pages hold no script at all (checked above)
        found = scan(path).csp
        assert len(found) == 1, path
        policy = directives(found[0])
        script_src = policy.get("script-src", policy.get("default-src"))
        assert script_src == ["'self'"], (path, found[0])
        assert policy.get("object-src") == ["'none'"] and policy.get("base-uri") == ["'none'"], path
        for directive in ("default-src", "style-src", "font-src", "connect-src"):
            assert policy.get(directive) == ["'self'"], (path, directive)


@pytest.mark.parametrize("site", ["mini_site", "hostile_site"])
def test_nothing_loads_from_another_origin_and_no_internal_link_breaks(
        site: str, request: pytest.FixtureRequest) -> None:
    public = request.getfixturevalue(site)
    report = crawl_site(public)
    assert report.cross_origin == [] and report.broken == [], "\n".join(report.problems()[:20])
    remote = [f"{p.relative_to(public)}: {m.group(0)}" for p in sorted(public.rglob("*.js"))
              for m in REMOTE_JS.finditer(p.read_text(encoding="utf-8"))]
    remote += [f"{p.relative_to(public)}: {m.group(0)}" for p in sorted(public.rglob("*.css"))
               for m in REMOTE_CSS.finditer(p.read_text(encoding="utf-8"))]
    assert remote == []


def test_the_page_scan_can_fail() -> None:
    page = PageScan()
    page.feed('<html><head><meta http-equiv="Content-Security-Policy" content="script-src \'unsafe-inline\'"></head>'
              '<body><script>x()</script><img src=x onerror=y()><a href=" JavaScript:z()">a</a><iframe></iframe>'
              '<script type="application/ld+json">{"a":"</b>"}</script></body></html>')
    assert page.problems == ["inline <script>", "<img onerror=...> event handler", "<a href=' JavaScript:z()'>",
                             "<iframe> element", "'<' inside a JSON script (it could close the element)"]
    assert directives(page.csp[0])["script-src"] == ["'unsafe-inline'"]


def test_the_foreign_load_scan_can_fail(tmp_path: Path) -> None:
    public = tmp_path / "public"
    (public / "static").mkdir(parents=True)
    (public / "index.html").write_text('<!DOCTYPE html><html lang="id"><head><title>x</title>'
                                       '<link rel="stylesheet" href="https://cdn.invalid/x.css"></head>'
                                       '<body><main><h1>x</h1></main></body></html>')
    (public / "static" / "a.js").write_text('import x from "https://cdn.invalid/x.js";')
    (public / "static" / "a.css").write_text('@font-face { src: url("//fonts.invalid/f.woff2"); }')
    assert crawl_site(public).cross_origin
    assert REMOTE_JS.search((public / "static" / "a.js").read_text())
    assert REMOTE_CSS.search((public / "static" / "a.css").read_text())


def test_record_text_is_shown_exactly_as_written(hostile_site: Path) -> None:
    page = read_page(hostile_site, "unit/alfa/script-window-pwned-unit-0-script/")
    assert "<h1>&lt;script&gt;window.__pwned=&#34;unit-0&#34;&lt;/script&gt;</h1>" in page


def test_a_unit_named_r_and_d_pusat_shows_exactly_that(tmp_path: Path) -> None:
    root = copy_registry(MINI, tmp_path / "registry")
    awards = root / "data" / "awards" / "2020.yaml"
    awards.write_text(awards.read_text().replace('"Pusat R&D <Alfa>"', '"R&D <Pusat>"'))
    public = build_into(root, tmp_path / "public")
    assert "<h1>R&amp;D &lt;Pusat&gt;</h1>" in read_page(public, "unit/alfa/r-d-pusat/")


def test_markdown_keeps_safe_html_and_drops_the_rest(hostile_site: Path) -> None:
    page = read_page(hostile_site, "berita/2020-12-21-berita/")
    prose = page.split('<div class="prose">', 1)[1].split("</div>", 1)[0]
    assert '<a href="/tahun/2020/" rel="noopener noreferrer">putaran 2020</a>' in prose
    assert '<img alt="logo" src="/static/logo.svg">' in prose
    assert "javascript" not in prose.lower() and "script" not in prose.lower() and " on" not in prose


def test_the_dev_server_binds_this_machine_only_unless_told_otherwise() -> None:
    from sitegen.serve import serve

    assert cli_parser().parse_args(["serve"]).host == "127.0.0.1"
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
    assert cli_parser().parse_args(["serve", "--host", "0.0.0.0"]).host == "0.0.0.0"
