"""Markdown to safe HTML: rendered by python-markdown, then cleaned by nh3's allow-list."""

from __future__ import annotations

import html as html_lib
import re

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "dl", "dt", "em", "figcaption",
    "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "q", "s", "small",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"}, "abbr": {"title"}, "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"}, "th": {"align", "scope"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"},
}
REF_RE = re.compile(r'<(?:a href|img src)="([^"]*)"')
EXTERNAL_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.I)


def render_markdown(text: str) -> str:
    """Render Markdown and sanitise the result; javascript: and other unsafe links are dropped."""
    import markdown  # loaded on first use: a build that finds nothing changed reads no Markdown

    html = markdown.markdown(text, extensions=["tables", "toc", "sane_lists"], output_format="html")
    return label_cells(nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ))


TABLE_RE = re.compile(r"<table>(.*?)</table>", re.S)
HEAD_CELL_RE = re.compile(r"<th[^>]*>(.*?)</th>", re.S)
ROW_RE = re.compile(r"<tr>(.*?)</tr>", re.S)
DATA_CELL_RE = re.compile(r"<td(?=[\s>])")
TAG_RE = re.compile(r"<[^>]+>")


def label_cells(html: str) -> str:
    """Give every body cell of a (sanitised) table its column's heading as data-label, so a phone can show
    the rows as label-value cards (style.css) instead of hiding columns."""
    return TABLE_RE.sub(_label_table, html)


def _label_table(match: re.Match) -> str:
    body = match.group(1)
    head, _, rest = body.partition("</thead>")
    if not rest:
        return match.group(0)
    labels = [html_lib.escape(" ".join(html_lib.unescape(TAG_RE.sub("", cell)).split()))
              for cell in HEAD_CELL_RE.findall(head)]

    def row(found: re.Match) -> str:
        cells = iter(labels)
        return DATA_CELL_RE.sub(lambda m: f'<td data-label="{next(cells, "")}"', found.group(0))
    return f"<table>{head}</thead>{ROW_RE.sub(row, rest)}</table>"


def internal_links(html: str) -> list[str]:
    """Every link and image in rendered HTML that points inside this site (no scheme, not a bare #fragment)."""
    return [ref for ref in REF_RE.findall(html) if not EXTERNAL_RE.match(ref)]


def rebase_links(html: str, base_path: str) -> str:
    """Prefix site-internal links written as /path with the deploy's base path."""
    if base_path == "/":
        return html
    return REF_RE.sub(lambda m: m.group(0).replace(m.group(1), _rebase(m.group(1), base_path)), html)


def _rebase(href: str, base_path: str) -> str:
    if href.startswith("/") and not href.startswith("//"):
        return base_path.rstrip("/") + href
    return href


def first_paragraph_text(html: str, limit: int = 220) -> str:
    """A plain-text summary: the first paragraph without tags, cut at a word boundary."""
    match = re.search(r"<p>(.*?)</p>", html, re.S)
    text = re.sub(r"<[^>]+>", "", match.group(1) if match else "")
    text = " ".join(html_lib.unescape(text).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"
