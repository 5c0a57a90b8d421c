"""Links written by editors in Markdown must lead somewhere on the site, and images must be self-hosted."""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from pathlib import Path

from sitegen.errors import Problems
from sitegen.load.markup import internal_links

IMG_SRC_RE = re.compile(r'<img\b[^>]*?\ssrc="([^"]*)"')
FOREIGN_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


def check_source_links(sources: list[tuple[str, Path, int, str]], known: set[str], problems: Problems) -> None:
    """Report every internal link or image in news and pages that names no page or file, at its line."""
    for route_of_page, path, body_line, html in sources:
        text = path.read_text(encoding="utf-8-sig")
        for href in map(html_lib.unescape, internal_links(html)):
            route = resolve(route_of_page, href.split("#", 1)[0].split("?", 1)[0])
            if route in known or route + "/" in known:
                continue
            line, col = _position_of(text, href, body_line)
            problems.add(path, line, col, f"broken internal link '{href}': no page /{route} on this site",
                         "link to an existing page, e.g. /tahun/2020/ or /unit/<institution>/<slug>/")
        check_images(path, text, body_line, html, problems)
    problems.raise_if_any()


def check_images(path: Path, text: str, body_line: int, html: str, problems: Problems) -> None:
    """An image from another site would be a load from another origin (and the CSP would block it)."""
    for src in map(html_lib.unescape, IMG_SRC_RE.findall(html)):
        if FOREIGN_RE.match(src):
            line, col = _position_of(text, src, body_line)
            problems.add(path, line, col, f"image '{src}' would load from another site",
                         "the site loads nothing from other origins: save the image under site_src/static/ "
                         "and write ![description](/static/<file>)")


def resolve(page_route: str, href: str) -> str:
    """The site route a link points at: '/x' from the root, 'x' relative to the page's folder."""
    if href.startswith("/"):
        joined = href.lstrip("/")
    else:
        joined = posixpath.normpath(posixpath.join(page_route, href)) + ("/" if href.endswith("/") else "")
    return "" if joined in (".", "./") else joined


def _position_of(text: str, href: str, body_line: int) -> tuple[int, int]:
    """Line and column of a link target in the source (Markdown or raw HTML), after the front matter."""
    lines = text.split("\n")
    for number in range(body_line, len(lines) + 1):
        line = lines[number - 1]
        for before in ("(", '"', "'", "<", " "):
            at = line.find(before + href)
            if at >= 0:
                return number, at + 2
    return body_line, 1
