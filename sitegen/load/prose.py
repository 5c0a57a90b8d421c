"""News articles and prose pages: Markdown files with front matter, checked and rendered."""

from __future__ import annotations

from pathlib import Path

from sitegen.errors import Problems
from sitegen.load.markup import first_paragraph_text, render_markdown
from sitegen.load.read import MarkedDict, load_markdown
from sitegen.load.schema import read_record
from sitegen.load.validate import SLUG_RE
from sitegen.model import routes
from sitegen.model.fields import ARTICLE, PAGE
from sitegen.model.records import Article, ProsePage


def read_articles(news_dir: Path, problems: Problems) -> list[tuple[Article, Path, int, MarkedDict]]:
    """News articles: front matter checked, body rendered and sanitised; with body line and field marks."""
    result = []
    for path in sorted(news_dir.glob("*.md")) if news_dir.is_dir() else []:
        if not _check_slug(path, problems):
            continue
        loaded = load_markdown(path, problems)
        if loaded is None or loaded.meta is None:
            continue
        meta = read_record(loaded.meta, ARTICLE, "news front matter", path, problems, (2, 1))
        if meta is None:
            continue
        html = render_markdown(loaded.body)
        result.append((Article(
            slug=path.stem, title=meta["title"], date=meta["date"], source=meta["source"],
            source_url=meta["source_url"], html=html, year=meta["year"], institutions=meta["institutions"] or (),
            source_note=meta["source_note"] or "", summary=meta["summary"] or first_paragraph_text(html),
        ), path, loaded.body_line, loaded.meta))
    return result


def read_pages(pages_dir: Path, problems: Problems) -> dict[str, tuple[ProsePage, Path, int]]:
    """Prose pages by slug."""
    result = {}
    for path in sorted(pages_dir.glob("*.md")) if pages_dir.is_dir() else []:
        if not _check_slug(path, problems) or not _check_page_route(path, problems):
            continue
        loaded = load_markdown(path, problems)
        if loaded is None or loaded.meta is None:
            continue
        meta = read_record(loaded.meta, PAGE, "page front matter", path, problems, (2, 1))
        if meta is not None:
            page = ProsePage(path.stem, meta["title"], render_markdown(loaded.body), meta["description"] or "")
            result[path.stem] = (page, path, loaded.body_line)
    return result


# Prose pages the site's own chrome links to (the footer of templates/base.html), with the anchors it uses.
REQUIRED_PAGES = {"tentang": ("cara-kami-menyusun-registri", "apa-yang-diketahui-registri",
                              "mengirim-koreksi-atau-sumber")}


def check_required_pages(pages: dict[str, tuple[ProsePage, Path, int]], pages_dir: Path, problems: Problems) -> None:
    """Every page links to the about page and one of its headings; a site without them has broken links.

    A folder with data/ and no site_src/ at all is a data-only registry (the importer checks one) and passes.
    """
    if not pages_dir.parent.is_dir():
        return
    for slug, anchors in REQUIRED_PAGES.items():
        path = pages_dir / f"{slug}.md"
        if not path.exists():
            problems.add(path, 0, 0, f"the file is missing: the footer of every page links to /{slug}/",
                         "add the page: front matter with a title, then Markdown (see docs/data-format.md)")
            continue
        page = pages.get(slug)
        for anchor in anchors:
            if page is not None and f'id="{anchor}"' not in page[0].html:
                heading = anchor.replace("-", " ").capitalize()
                problems.add(path, page[2], 1, f"no heading '{heading}': the footer of every page links to "
                             f"/{slug}/#{anchor}", f"add the heading '## {heading}'")


def builtin_sections() -> dict[str, str]:
    """The first URL segment of every page kind the generator writes itself, and what lives there."""
    sections = {
        routes.unit("x/y"): "where unit pages live", routes.institutions(): "the list of institutions",
        routes.years(): "the list of award rounds", routes.provinces(): "the list of provinces",
        routes.news_index(): "the list of news", routes.search(): "the search page",
        routes.open_data(): "the open data page", routes.revocations(): "the list of revocations",
        routes.predicate("wbk"): "where the pages by predicate live", routes.static("x"): "where static files live",
        routes.units_letter("a"): "the units A-Z", routes.submit(): "how to send a record or a correction",
        routes.changes(): "the change feed",
    }
    return {route.split("/", 1)[0]: what for route, what in sections.items()}


def _check_page_route(path: Path, problems: Problems) -> bool:
    """A prose page is written at /<slug>/; it may not take the place of a page the generator writes."""
    taken = builtin_sections().get(path.stem)
    if taken is None:
        return True
    problems.add(path, 0, 0, f"slug collision: the page {path.name} would be /{path.stem}/, {taken}",
                 "rename the page file; prose pages may not use the names of the site's own sections")
    return False


def _check_slug(path: Path, problems: Problems) -> bool:
    if SLUG_RE.fullmatch(path.stem):
        return True
    problems.add(path, 0, 0, f"the file name '{path.name}' cannot be a URL",
                 "name it with lowercase letters, digits and hyphens, e.g. 2020-12-21-judul-berita.md")
    return False
