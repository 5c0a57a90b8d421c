"""A pure-Python link checker over a built site: broken links, missing fragments and cross-origin loads."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from tests.tools.server import normalize_prefix

INTERNAL_ORIGIN = "http://site.invalid"
IGNORED_SCHEMES = {"mailto", "tel", "sms", "data", "blob", "about"}
FORBIDDEN_SCHEMES = {"javascript", "file", "vbscript"}
LOADING_RELS = {
    "stylesheet", "icon", "shortcut", "apple-touch-icon", "apple-touch-icon-precomposed", "mask-icon",
    "manifest", "preload", "modulepreload", "prefetch", "prerender", "preconnect", "dns-prefetch",
}  # fmt: skip
# (tag, attribute) pairs whose URL the browser fetches by itself when rendering the page.
LOADING_ATTRS = {
    ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"), ("script", "src"),
    ("iframe", "src"), ("frame", "src"), ("embed", "src"), ("object", "data"), ("video", "src"),
    ("video", "poster"), ("audio", "src"), ("track", "src"), ("input", "src"), ("image", "href"),
    ("use", "href"), ("image", "xlink:href"), ("use", "xlink:href"), ("feimage", "href"),
}  # fmt: skip
# (tag, attribute) pairs a person follows: external targets are fine, internal ones must exist.
NAVIGATION_ATTRS = {
    ("a", "href"),
    ("area", "href"),
    ("form", "action"),
    ("blockquote", "cite"),
    ("q", "cite"),
}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
REFRESH_URL = re.compile(r"""url\s*=\s*['"]?([^'"]+)""", re.IGNORECASE)
XML_URL_TAGS = {"loc", "link", "icon", "logo", "url"}


@dataclass(frozen=True)
class Ref:
    """One URL found in a file: where, what kind of use, and the raw value."""

    source: str
    line: int
    url: str
    loads: bool
    context: str


@dataclass(frozen=True)
class Problem:
    """A reference that failed a check, with a human-readable reason."""

    source: str
    line: int
    url: str
    reason: str

    def __str__(self) -> str:
        """Render as `file:line: url: reason`."""
        return f"{self.source}:{self.line}: {self.url}: {self.reason}"


@dataclass
class CrawlReport:
    """What the crawl found, with counts for test messages and closing notes."""

    pages: int = 0
    xml_files: int = 0
    css_files: int = 0
    links_checked: int = 0
    fragments_checked: int = 0
    outbound_links: int = 0
    site_url: str | None = None
    broken: list[Problem] = field(default_factory=list)
    cross_origin: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing is broken and nothing loads from another origin."""
        return not self.broken and not self.cross_origin

    def problems(self) -> list[str]:
        """All problems as text lines, broken links first."""
        return [str(p) for p in self.broken] + [f"{p} (cross-origin load)" for p in self.cross_origin]

    def summary(self) -> str:
        """One line of counts suitable for a test report."""
        return (
            f"crawled {self.pages} pages, {self.xml_files} XML and {self.css_files} CSS files; "
            f"checked {self.links_checked} internal links ({self.fragments_checked} with fragments), "
            f"{self.outbound_links} outbound links; {len(self.broken)} broken, "
            f"{len(self.cross_origin)} cross-origin loads"
        )


@dataclass
class ParsedHtml:
    """Anchors and references of one HTML file."""

    ids: set[str] = field(default_factory=set)
    refs: list[Ref] = field(default_factory=list)
    base_href: str | None = None


def srcset_urls(value: str) -> list[str]:
    """Extract the URLs of a srcset attribute (candidates are `url [descriptor]`, comma separated)."""
    urls = []
    for candidate in re.split(r",\s+|,(?=[^\s,]+\s)", value.strip()):
        parts = candidate.strip().split()
        if parts:
            urls.append(parts[0].rstrip(","))
    return urls


class _HtmlCollector(HTMLParser):
    """Collect ids, `<a name>` anchors, `<base href>` and every URL-bearing attribute."""

    def __init__(self, source: str) -> None:
        """Start collecting for the file named `source`."""
        super().__init__(convert_charrefs=True)
        self.source = source
        self.result = ParsedHtml()
        self.in_style = False

    def _add(self, url: str, loads: bool, context: str) -> None:
        """Record one reference at the current line."""
        self.result.refs.append(Ref(self.source, self.getpos()[0], url.strip(), loads, context))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Inspect one start tag for anchors and URLs."""
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.result.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.result.ids.add(values["name"])
        if tag == "base" and "href" in values and self.result.base_href is None:
            self.result.base_href = values["href"]
        self.in_style = tag == "style"
        for name, value in values.items():
            self._attribute(tag, name, value, values)

    def _attribute(self, tag: str, name: str, value: str, values: dict[str, str]) -> None:
        """Classify one attribute of `tag` as a loading reference, a navigation link, or neither."""
        context = f"<{tag} {name}>"
        if name == "srcset":
            for url in srcset_urls(value):
                self._add(url, True, context)
        elif (tag, name) in LOADING_ATTRS:
            self._add(value, True, context)
        elif (tag, name) in NAVIGATION_ATTRS:
            self._add(value, False, context)
        elif tag == "link" and name == "href":
            rels = set(values.get("rel", "").lower().split())
            self._add(value, bool(rels & LOADING_RELS), context)
        elif tag == "meta" and name == "content" and values.get("http-equiv", "").lower() == "refresh":
            match = REFRESH_URL.search(value)
            if match:
                self._add(match.group(1), False, "<meta http-equiv=refresh>")
        elif name == "style":
            self._css(value)

    def _css(self, text: str) -> None:
        """Record url(...) and @import references inside inline CSS."""
        for match in CSS_URL.finditer(text):
            self._add(match.group(2) or match.group(4), True, "css url()")

    def handle_endtag(self, tag: str) -> None:
        """Leave a <style> element."""
        if tag == "style":
            self.in_style = False

    def handle_data(self, data: str) -> None:
        """Scan the text of <style> elements for URLs."""
        if self.in_style:
            self._css(data)


def parse_html(path: Path, source: str) -> ParsedHtml:
    """Parse one HTML file into its anchors and references."""
    collector = _HtmlCollector(source)
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    collector.close()
    return collector.result


def parse_css(path: Path, source: str) -> list[Ref]:
    """Collect url(...) and @import references of a CSS file."""
    refs = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        for match in CSS_URL.finditer(line):
            refs.append(
                Ref(
                    source,
                    lineno,
                    (match.group(2) or match.group(4)).strip(),
                    True,
                    "css url()",
                )
            )
    return refs


def _local_name(tag: str) -> str:
    """Strip an ElementTree `{namespace}` prefix."""
    return tag.rsplit("}", 1)[-1].lower()


def parse_xml(path: Path, source: str) -> list[Ref]:
    """Collect sitemap `<loc>`, Atom `<link href>` and RSS `<link>` URLs of an XML file."""
    refs = []
    for element in ET.parse(path).iter():
        if not isinstance(element.tag, str):
            continue
        name = _local_name(element.tag)
        href = element.get("href")
        if name == "link" and href:
            refs.append(Ref(source, 0, href.strip(), False, "<link href>"))
        elif name in XML_URL_TAGS and element.text and re.match(r"\s*(https?:|/)", element.text):
            refs.append(Ref(source, 0, element.text.strip(), False, f"<{name}>"))
    return refs


class SiteChecker:
    """Resolve references against the files of `public_dir` as served under `base_path`."""

    def __init__(self, public_dir: Path, base_path: str, site_url: str | None) -> None:
        """Remember the site layout; `site_url` marks absolute URLs that belong to the site itself."""
        self.root = public_dir.resolve()
        self.base = normalize_prefix(base_path)
        self.site = site_url.rstrip("/") + "/" if site_url else None
        self.pages: dict[str, ParsedHtml] = {}
        self.report = CrawlReport()

    def url_of(self, rel: str) -> str:
        """Internal URL at which the file `rel` (relative to public_dir) is served."""
        if rel == "index.html" or rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        return self.base + rel

    def target_file(self, url_path: str) -> str | None:
        """Map a served URL path to the relative file that answers it, or None."""
        rel = unquote(url_path[len(self.base) :])
        candidate = self.root / rel
        if rel == "" or rel.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        try:
            candidate.resolve().relative_to(self.root)
        except ValueError:
            return None
        return candidate.relative_to(self.root).as_posix() if candidate.is_file() else None

    def own_site_path(self, url: str) -> str | None:
        """For an absolute URL under `site_url`, return its internal path; else None."""
        if self.site and url.startswith(self.site):
            return self.base + url[len(self.site) :]
        return None

    def check(self, ref: Ref, page_url: str) -> None:
        """Check one reference found in a file served at `page_url`."""
        parts = urlsplit(ref.url)
        scheme = parts.scheme.lower()
        if scheme in IGNORED_SCHEMES:
            return
        if scheme in FORBIDDEN_SCHEMES:
            self.flag(ref, f"{scheme}: URLs are not allowed")
            return
        own = self.own_site_path(ref.url)
        if (scheme or parts.netloc) and own is None:
            if ref.context == "<loc>":
                self.flag(ref, f"sitemap URL is not under the site URL {self.site}")
            else:
                self._external(ref)
            return
        if ref.loads and own is not None:
            self.report.cross_origin.append(Problem(ref.source, ref.line, ref.url, f"absolute URL in {ref.context}"))
            return
        self._internal(ref, urljoin(INTERNAL_ORIGIN + page_url, own or ref.url))

    def _external(self, ref: Ref) -> None:
        """Count an outbound link, or flag a resource loaded from another origin."""
        if ref.loads:
            self.report.cross_origin.append(
                Problem(
                    ref.source,
                    ref.line,
                    ref.url,
                    f"loaded from another origin in {ref.context}",
                )
            )
        else:
            self.report.outbound_links += 1

    def _internal(self, ref: Ref, absolute: str) -> None:
        """Check that an internal URL hits a file and, if it has a fragment, an element id."""
        self.report.links_checked += 1
        parts = urlsplit(absolute)
        if not parts.path.startswith(self.base):
            self.flag(ref, f"outside the base path {self.base}")
            return
        target = self.target_file(parts.path)
        if target is None:
            self.flag(ref, "no such file")
            return
        if parts.fragment:
            self._fragment(ref, target, unquote(parts.fragment))

    def _fragment(self, ref: Ref, target: str, fragment: str) -> None:
        """Check that `target` has an element with id (or `<a name>`) `fragment`."""
        self.report.fragments_checked += 1
        page = self.pages.get(target)
        if page is None or fragment in page.ids or fragment.lower() == "top":
            return
        self.flag(ref, f"no element with id {fragment!r} in {target}")

    def flag(self, ref: Ref, reason: str) -> None:
        """Record a broken reference."""
        self.report.broken.append(Problem(ref.source, ref.line, ref.url, reason))


def _flag_relative_in_404(checker: SiteChecker, parsed: ParsedHtml) -> None:
    """404.html is served at any URL, so its relative links resolve differently on every miss."""
    for ref in parsed.refs:
        parts = urlsplit(ref.url)
        if ref.url and not (parts.scheme or parts.netloc or ref.url.startswith(("/", "#"))):
            checker.flag(
                ref,
                "relative URL in the 404 page breaks when it is served at a deeper path",
            )


def infer_site_url(public_dir: Path, base_path: str) -> str | None:
    """Guess the deployed site URL from the first sitemap `<loc>` that lies under `base_path`."""
    sitemap = public_dir / "sitemap.xml"
    if not sitemap.is_file():
        return None
    try:
        refs = parse_xml(sitemap, "sitemap.xml")
    except ET.ParseError:
        return None
    for ref in refs:
        parts = urlsplit(ref.url)
        if parts.scheme in ("http", "https") and parts.path.startswith(normalize_prefix(base_path)):
            return f"{parts.scheme}://{parts.netloc}{normalize_prefix(base_path)}"
    return None


def _check_html(checker: SiteChecker) -> None:
    """Parse every HTML file, then check all their references (fragments need every page parsed)."""
    root = checker.root
    for path in sorted(root.rglob("*.html")):
        rel = path.relative_to(root).as_posix()
        checker.pages[rel] = parse_html(path, rel)
    for rel, parsed in checker.pages.items():
        page_url = urljoin(INTERNAL_ORIGIN + checker.url_of(rel), parsed.base_href or "")[len(INTERNAL_ORIGIN) :]
        if rel == "404.html":
            _flag_relative_in_404(checker, parsed)
        for ref in parsed.refs:
            checker.check(ref, page_url)
    checker.report.pages = len(checker.pages)


def _check_css(checker: SiteChecker) -> None:
    """Check url(...) and @import references in every CSS file."""
    for path in sorted(checker.root.rglob("*.css")):
        checker.report.css_files += 1
        rel = path.relative_to(checker.root).as_posix()
        for ref in parse_css(path, rel):
            checker.check(ref, checker.url_of(rel))


def _check_xml(checker: SiteChecker) -> None:
    """Check the internal URLs of every XML file (sitemaps, feeds); flag files that do not parse."""
    for path in sorted(checker.root.rglob("*.xml")):
        checker.report.xml_files += 1
        rel = path.relative_to(checker.root).as_posix()
        try:
            refs = parse_xml(path, rel)
        except ET.ParseError as exc:
            checker.flag(
                Ref(rel, exc.position[0], "", False, "xml"),
                f"XML is not well-formed: {exc}",
            )
            continue
        for ref in refs:
            checker.check(ref, checker.url_of(rel))


def crawl_site(public_dir: Path, base_path: str = "/", site_url: str | None = None) -> CrawlReport:
    """Check every link and resource reference of every HTML, CSS and XML file in `public_dir`.

    `site_url` (e.g. https://example.org/registri/) marks absolute URLs of the site itself, as
    sitemaps and canonical links must use; when omitted it is inferred from sitemap.xml.
    """
    site_url = site_url or infer_site_url(Path(public_dir), base_path)
    checker = SiteChecker(Path(public_dir), base_path, site_url)
    checker.report.site_url = checker.site
    _check_html(checker)
    _check_css(checker)
    _check_xml(checker)
    return checker.report
