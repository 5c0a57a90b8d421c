"""Links written by editors in Markdown must lead somewhere on the site."""

from __future__ import annotations

import posixpath
from pathlib import Path

from sitegen.errors import Problems
from sitegen.markup import internal_links


def check_source_links(sources: list[tuple[str, Path, int, str]], known: set[str], problems: Problems) -> None:
    """Report every internal link or image in news and pages that names no page or file, at its line."""
    for route_of_page, path, body_line, html in sources:
        text = path.read_text(encoding="utf-8-sig")
        for href in internal_links(html):
            route = resolve(route_of_page, href.split("#", 1)[0].split("?", 1)[0])
            if route in known or route + "/" in known:
                continue
            line = _line_of(text, href) or body_line
            problems.add(path, line, 1, f"broken internal link '{href}'",
                         "link to an existing page, e.g. /tahun/2020/ or /unit/<institution>/<slug>/")
    problems.raise_if_any()


def resolve(page_route: str, href: str) -> str:
    """The site route a link points at: '/x' from the root, 'x' relative to the page's folder."""
    if href.startswith("/"):
        joined = href.lstrip("/")
    else:
        joined = posixpath.normpath(posixpath.join(page_route, href)) + ("/" if href.endswith("/") else "")
    return "" if joined in (".", "./") else joined


def _line_of(text: str, href: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if f"({href}" in line or f'"{href}"' in line:
            return number
    return 0
