"""Real tests of the quality-gate tools on tiny sites written into tmp_path."""

from __future__ import annotations

import gzip
import http.client
import struct
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from tests.tools.axe import format_violations, run_axe, serious_violations
from tests.tools.browser import (
    console_errors,
    external_requests,
    is_chromium_available,
    save_screenshot,
)
from tests.tools.crawl import crawl_site, srcset_urls
from tests.tools.fixtures import StaticServerFactory
from tests.tools.lighthouse import run_lighthouse
from tests.tools.server import static_server
from tests.tools.vnu import validate_html

CSP = "default-src 'self'; script-src 'self'; img-src 'self' data:"


def html(title: str, body: str, head: str = "", csp: str | None = CSP) -> str:
    """A small valid HTML document with `body` inside <main>, carrying a strict CSP by default."""
    csp_meta = f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n' if csp else ""
    return (
        '<!doctype html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{csp_meta}<title>{title}</title>\n{head}</head>\n<body>\n<main>\n<h1>{title}</h1>\n"
        f"{body}\n</main>\n</body>\n</html>\n"
    )


def write(root: Path, rel: str, text: str) -> Path:
    """Write `text` to root/rel, creating parent directories."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def tiny_png() -> bytes:
    """A valid 1x1 PNG (signature plus pre-encoded IHDR/IDAT/IEND chunks)."""
    return bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b0d0b3"
        "0000000049454e44ae426082"
    )


def clean_site(root: Path) -> Path:
    """Write a small site meant to be served under /registri/ with no link problems."""
    head = '<link rel="stylesheet" href="/registri/css/site.css">\n'
    head += '<link rel="canonical" href="https://zi.example.id/registri/">\n'
    write(
        root,
        "index.html",
        html(
            "Beranda",
            '<p><a href="unit/">Unit</a> <a href="unit/#wbk">WBK</a> <a href="#top">atas</a>\n'
            '<a href="https://menpan.go.id/">sumber</a> <a href="mailto:a@b.id">surat</a></p>\n'
            '<img src="img/a.png" srcset="img/a.png 1x, img/a.png 2x" alt="logo" width="1" height="1">',
            head,
        ),
    )
    write(
        root,
        "unit/index.html",
        html(
            "Unit",
            '<h2 id="wbk">WBK</h2><p><a href="../">Beranda</a> <a name="old">lama</a></p>',
        ),
    )
    write(
        root,
        "404.html",
        html("Tidak ditemukan", '<p><a href="/registri/">Kembali ke beranda</a></p>'),
    )
    write(root, "css/site.css", "body { background: url(../img/a.png) no-repeat; }\n")
    (root / "img").mkdir(exist_ok=True)
    (root / "img/a.png").write_bytes(tiny_png())
    write(
        root,
        "sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        "<url><loc>https://zi.example.id/registri/</loc></url>\n"
        "<url><loc>https://zi.example.id/registri/unit/</loc></url>\n</urlset>\n",
    )
    return root


def broken_site(root: Path) -> Path:
    """Write a site with one of each problem the crawler must catch."""
    clean_site(root)
    write(
        root,
        "rusak/index.html",
        html(
            "Rusak",
            '<p><a href="../hilang.html">hilang</a> <a href="../unit/#tidak-ada">fragmen</a>\n'
            '<a href="/lain/">di luar base path</a> <a href="javascript:void(0)">js</a></p>',
            '<script src="https://cdn.example.com/lib.js"></script>\n'
            '<link rel="stylesheet" href="//fonts.example.com/font.css">\n',
        ),
    )
    write(root, "404.html", html("Tidak ditemukan", '<p><a href="unit/">relatif</a></p>'))
    write(root, "css/site.css", "body { background: url(../img/tidak-ada.png); }\n")
    write(
        root,
        "feed.xml",
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        '<link href="https://zi.example.id/registri/feed.xml" rel="self"/>\n'
        '<entry><link href="https://zi.example.id/registri/unit/2099/"/></entry>\n</feed>\n',
    )
    return root


def get(url: str, gzip_ok: bool = True) -> tuple[int, dict[str, str], bytes]:
    """GET `url` without following redirects; return status, headers and the raw body."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    conn.request("GET", parts.path or "/", headers=headers)
    response = conn.getresponse()
    result = (
        response.status,
        {k.lower(): v for k, v in response.getheaders()},
        response.read(),
    )
    conn.close()
    return result


def served_page(
    page: Page,
    factory: StaticServerFactory,
    root: Path,
    body: str,
    csp: str | None = CSP,
) -> Page:
    """Serve a one-page site at `root` and open it in `page`."""
    write(root, "index.html", html("Uji", body, csp=csp))
    page.goto(factory(root))
    return page


# --- crawler -------------------------------------------------------------------------


def test_srcset_urls_splits_candidates() -> None:
    """srcset parsing keeps each candidate's URL and drops descriptors."""
    assert srcset_urls("a.png 1x, b.png 2x,c.png 480w") == ["a.png", "b.png", "c.png"]
    assert srcset_urls(" single.png ") == ["single.png"]


def test_crawl_clean_site_passes(tmp_path: Path) -> None:
    """A correct site crawls clean, its sitemap URLs are checked, and counts are reported."""
    report = crawl_site(clean_site(tmp_path), "/registri/")
    assert report.ok, report.problems()
    assert report.site_url == "https://zi.example.id/registri/"
    assert (report.pages, report.xml_files, report.css_files) == (3, 1, 1)
    assert report.links_checked >= 10 and report.fragments_checked == 2
    assert report.outbound_links == 1
    assert "3 pages" in report.summary()


def test_crawl_reports_every_kind_of_problem(tmp_path: Path) -> None:
    """Broken files, missing fragments, escapes from the base path and cross-origin loads are caught."""
    report = crawl_site(broken_site(tmp_path), "/registri/")
    broken = {(p.source, p.url, p.reason.split(" ")[0]) for p in report.broken}
    assert broken == {
        ("rusak/index.html", "../hilang.html", "no"),
        ("rusak/index.html", "../unit/#tidak-ada", "no"),
        ("rusak/index.html", "/lain/", "outside"),
        ("rusak/index.html", "javascript:void(0)", "javascript:"),
        ("404.html", "unit/", "relative"),
        ("css/site.css", "../img/tidak-ada.png", "no"),
        ("feed.xml", "https://zi.example.id/registri/unit/2099/", "no"),
    }, report.problems()
    assert {p.url for p in report.cross_origin} == {
        "https://cdn.example.com/lib.js",
        "//fonts.example.com/font.css",
    }
    assert all(p.line > 0 for p in report.broken if p.source.endswith(".html"))
    fragment = next(p for p in report.broken if "#" in p.url)
    assert "tidak-ada" in fragment.reason and "unit/index.html" in fragment.reason


def test_crawl_without_base_path_and_sitemap_outside_site(tmp_path: Path) -> None:
    """At base path "/" root-relative links resolve, and a sitemap URL off the site is broken."""
    write(
        tmp_path,
        "index.html",
        html("A", '<a href="/b/">b</a> <a href="/b">b tanpa garis</a>'),
    )
    write(tmp_path, "b/index.html", html("B", '<a href="/">a</a>'))
    write(
        tmp_path,
        "sitemap.xml",
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://zi.example.id/b/</loc></url>"
        "<url><loc>https://other.example/x/</loc></url></urlset>",
    )
    report = crawl_site(tmp_path, site_url="https://zi.example.id/")
    assert [p.url for p in report.broken] == ["https://other.example/x/"], report.problems()


# --- nginx ---------------------------------------------------------------------------


def test_static_server_serves_site_under_prefix(tmp_path: Path) -> None:
    """nginx serves under /registri/ with gzip, the site's 404 page and port-keeping redirects."""
    clean_site(tmp_path)
    with static_server(tmp_path, "/registri/") as base:
        assert base.startswith("http://127.0.0.1:") and base.endswith("/registri/")
        status, headers, body = get(base)
        assert status == 200 and headers["content-encoding"] == "gzip"
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert b"Beranda" in gzip.decompress(body)
        status, headers, _ = get(base + "css/site.css")
        assert status == 200 and headers["content-type"].startswith("text/css")
        status, headers, _ = get(base + "unit")
        assert status == 301 and headers["location"] == "/registri/unit/"
        status, headers, _ = get(base.rstrip("/"))
        assert status == 301 and headers["location"] == "/registri/"
        for missing in (base + "tidak/ada/", base.replace("/registri/", "/lain")):
            status, _, body = get(missing, gzip_ok=False)
            assert status == 404 and b"Tidak ditemukan" in body


def test_static_server_stops_on_exit(tmp_path: Path) -> None:
    """Leaving the context manager shuts nginx down."""
    write(tmp_path, "index.html", html("A", "<p>a</p>"))
    with static_server(tmp_path) as base:
        assert get(base)[0] == 200
    with pytest.raises(OSError):
        get(base)


def test_static_server_factory_reuses_servers(static_server_factory: StaticServerFactory, tmp_path: Path) -> None:
    """The session factory returns the same server for the same root and prefix."""
    write(tmp_path, "index.html", html("A", "<p>a</p>"))
    first = static_server_factory(tmp_path, "registri")
    assert first == static_server_factory(tmp_path, "/registri/")
    assert first != static_server_factory(tmp_path)


# --- vnu -----------------------------------------------------------------------------


def test_validate_html_flags_only_invalid_pages(tmp_path: Path) -> None:
    """vnu passes a valid page and reports `file:line:col: message` for an invalid one."""
    valid = write(tmp_path, "ok.html", html("Sah", "<p>baik</p>"))
    invalid = write(tmp_path, "bad.html", html("Rusak", '<p><span>x</p><img src="a.png">'))
    errors = validate_html([valid, invalid])
    assert errors and all(e.startswith(f"{invalid}:") for e in errors), errors
    assert any("alt" in e for e in errors)
    line, col = errors[0].split(":")[1:3]
    assert int(line) > 1 and int(col) > 0
    assert validate_html([valid]) == []


# --- browser -------------------------------------------------------------------------


def test_chromium_is_installed() -> None:
    """Browser gates fail loudly, never skip, when Chromium is missing."""
    assert is_chromium_available(), "run scripts/install-test-deps.sh"


def test_axe_finds_image_without_alt(page: Page, static_server_factory: StaticServerFactory, tmp_path: Path) -> None:
    """axe reports a critical image-alt violation for an <img> without alt."""
    (tmp_path / "a.png").write_bytes(tiny_png())
    served_page(page, static_server_factory, tmp_path, '<img src="a.png">')
    serious = serious_violations(run_axe(page))
    assert [v["id"] for v in serious] == ["image-alt"], format_violations(serious)


def test_axe_runs_under_strict_csp(page: Page, static_server_factory: StaticServerFactory, tmp_path: Path) -> None:
    """The page's CSP really blocks inline scripts, yet axe still runs (and a clean page passes)."""
    body = '<p>bersih</p><script>document.title = "inline ran";</script>'
    served_page(page, static_server_factory, tmp_path, body)
    assert page.title() == "Uji"
    assert any("Content Security Policy" in e for e in console_errors(page))
    with pytest.raises(Exception, match="Content Security Policy"):
        page.add_script_tag(content="window.x = 1")
    assert serious_violations(run_axe(page)) == []


def test_phone_page_and_screenshot(
    phone_page: Page, static_server_factory: StaticServerFactory, tmp_path: Path
) -> None:
    """phone_page is a 360px-wide 2x touch device and screenshots land in test-artifacts/."""
    served_page(phone_page, static_server_factory, tmp_path, "<p>ponsel</p>")
    assert phone_page.evaluate("() => [innerWidth, devicePixelRatio]") == [360, 2]
    shot = save_screenshot(phone_page, "tools/phone page")
    assert shot.name == "tools-phone-page.png" and shot.parent.name == "screenshots"
    width = struct.unpack(">I", shot.read_bytes()[16:20])[0]
    assert width == 720


def test_desktop_page_blocks_external_requests(
    desktop_page: Page, static_server_factory: StaticServerFactory, tmp_path: Path
) -> None:
    """Requests leaving loopback are aborted and listed, so tests can assert none happened."""
    (tmp_path / "a.png").write_bytes(tiny_png())
    body = '<img src="a.png" alt="lokal"><img src="https://cdn.example.com/x.png" alt="luar">'
    served_page(desktop_page, static_server_factory, tmp_path, body, csp=None)
    assert desktop_page.evaluate("() => innerWidth") == 1280
    assert external_requests(desktop_page) == ["https://cdn.example.com/x.png"]


def test_console_errors_name_missing_resources(
    page: Page, static_server_factory: StaticServerFactory, tmp_path: Path
) -> None:
    """A clean page logs nothing; a 404 sub-resource then shows up with its URL (records accumulate)."""
    served_page(page, static_server_factory, tmp_path / "bersih", "<p>bersih</p>")
    assert console_errors(page, include_warnings=True) == []
    served_page(page, static_server_factory, tmp_path / "rusak", '<img src="hilang.png" alt="hilang">')
    assert any(e.startswith("http 404: ") and e.endswith("/hilang.png") for e in console_errors(page))


# --- lighthouse ----------------------------------------------------------------------


def test_lighthouse_scores_a_small_page(static_server_factory: StaticServerFactory, tmp_path: Path) -> None:
    """Lighthouse audits a served page with Debian Chromium and keeps its report."""
    write(
        tmp_path,
        "index.html",
        html("Uji", '<p><img src="a.png" width="1" height="1"></p>'),
    )
    (tmp_path / "a.png").write_bytes(tiny_png())
    url = static_server_factory(tmp_path, "/registri/")
    result = run_lighthouse(url, "tools-smoke", categories=("accessibility", "seo"))
    assert set(result.scores) == {"accessibility", "seo"}
    assert result.scores["accessibility"] is not None and result.scores["accessibility"] < 1
    assert any(line.startswith("image-alt") for line in result.failing_audits("accessibility"))
    assert result.json_path.is_file() and result.html_path.is_file()
