"""No broken links: every internal link, fragment, asset, feed entry and redirect of public/ resolves.

Two checks. The crawl reads the files of a build (tests/tools/crawl.py): zero broken internal links or
fragment anchors and zero loads from another origin. Then every internal URL those files reference is
requested from nginx, at / and under /registri/, and must answer 200: what a reader's browser would meet.
"""

from __future__ import annotations

import http.client
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.browser import gates
from tests.browser.site import Deploy
from tests.tools.crawl import crawl_site, parse_css, parse_html, parse_xml

ORIGIN = "http://site.invalid"


@pytest.mark.parametrize("name", ["root", "subpath"])
def test_the_crawl_finds_no_broken_link_and_no_load_from_another_origin(
    request: pytest.FixtureRequest, name: str
) -> None:
    deploy: Deploy = request.getfixturevalue(f"{name}_deploy")
    report = crawl_site(deploy.public, deploy.base_path)
    gates.add("pages crawled", report.pages)
    gates.add("internal links checked", report.links_checked)
    gates.add("fragment anchors checked", report.fragments_checked)
    gates.add("broken links", len(report.broken))
    gates.add("loads from another origin", len(report.cross_origin))
    assert report.pages >= 200 and report.links_checked >= 5000 and report.fragments_checked >= 100, report.summary()
    assert report.ok, report.summary() + "\n" + "\n".join(report.problems()[:40])


def served_url(public: Path, path: Path, base_path: str) -> str:
    """The URL path at which a file of public/ is served."""
    rel = path.relative_to(public).as_posix()
    return base_path + (rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel)


def references(public: Path, base_path: str) -> dict[str, str]:
    """Every page's URL and every internal URL referenced by its HTML, CSS, XML and robots.txt, with a referrer."""
    found: dict[str, str] = {}
    parsers = {".html": lambda p, rel: parse_html(p, rel).refs, ".css": parse_css, ".xml": parse_xml}
    for path in sorted(public.rglob("*")):
        parse = parsers.get(path.suffix)
        if parse is None:
            continue
        rel = path.relative_to(public).as_posix()
        page_url = ORIGIN + served_url(public, path, base_path)
        if path.suffix == ".html" and rel != "404.html":  # every page, redirect pages included, is served
            found.setdefault(served_url(public, path, base_path), rel)
        for ref in parse(path, rel):
            url = urlsplit(urljoin(page_url, ref.url))
            if f"{url.scheme}://{url.netloc}" == ORIGIN:
                found.setdefault(url.path + (f"?{url.query}" if url.query else ""), f"{rel}:{ref.line}")
    found.setdefault(base_path + "sitemap.xml", "sitemap.xml (robots.txt names it only when base_url is set)")
    for line in (public / "robots.txt").read_text(encoding="utf-8").splitlines():
        if line.lower().startswith("sitemap:"):
            found.setdefault(urlsplit(urljoin(ORIGIN + base_path, line.split(":", 1)[1].strip())).path, "robots.txt")
    return found


def fetch_all(deploy: Deploy, paths: dict[str, str]) -> dict[str, tuple[int, bytes]]:
    """GET every path from the deploy's nginx over one keep-alive connection."""
    server = urlsplit(deploy.url)
    conn = http.client.HTTPConnection(server.hostname, server.port, timeout=10)
    answers = {}
    try:
        for path in sorted(paths):
            conn.request("GET", path)
            response = conn.getresponse()
            answers[path] = (response.status, response.read())
    finally:
        conn.close()
    return answers


@pytest.mark.parametrize("name", ["root", "subpath"])
def test_every_referenced_url_answers_200_from_nginx(request: pytest.FixtureRequest, name: str) -> None:
    deploy: Deploy = request.getfixturevalue(f"{name}_deploy")
    paths = references(deploy.public, deploy.base_path)
    assert len(paths) >= 300, f"only {len(paths)} distinct internal URLs found"
    outside = sorted(p for p in paths if not p.startswith(deploy.base_path))
    assert outside == [], f"URLs outside {deploy.base_path}: {outside[:10]}"
    answers = fetch_all(deploy, paths)
    gates.add(f"distinct internal URLs requested from nginx ({deploy.base_path})", len(answers))
    failed = [f"{paths[p]}: {p} -> {status}" for p, (status, _) in answers.items() if status != 200]
    assert failed == [], "\n".join(failed[:40])
    for feed in ("berita/atom.xml", "tahun/atom.xml", "sitemap.xml"):
        status, body = answers[deploy.base_path + feed]
        assert status == 200 and ET.fromstring(body) is not None, feed
