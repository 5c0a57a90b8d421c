"""Links written by editors in Markdown must lead somewhere on the site."""

from __future__ import annotations

from pathlib import Path

from sitegen.errors import Problems
from sitegen.markup import internal_links


def check_source_links(sources: list[tuple[str, Path, int, str]], known: set[str], problems: Problems) -> None:
    """Report every internal link in news and pages that names no page, at its Markdown line."""
    for _, path, body_line, html in sources:
        text = path.read_text(encoding="utf-8-sig")
        for href in internal_links(html):
            route = href.split("#", 1)[0].split("?", 1)[0].lstrip("/")
            if route in known or route + "/" in known:
                continue
            line = _line_of(text, href) or body_line
            problems.add(path, line, 1, f"broken internal link '{href}'",
                         "link to an existing page, e.g. /tahun/2020/ or /unit/<institution>/<slug>/")
    problems.raise_if_any()


def _line_of(text: str, href: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if f"({href}" in line or f'"{href}"' in line:
            return number
    return 0
