"""Search benchmark: generated registries, served by nginx with gzip, measured in headless Chromium.

    .venv/bin/python bench/search_bench.py [--sizes 10000 100000] [--runs 5] [--rebuild]
        [--under-load] [--cold-renderer] [--timeline]

For each size: write a sample registry, build the full site (timed), time the search index build
on its own, then in Debian's Chromium measure, for each query of QUERIES (one of every kind a reader
shares: a whole match, a partial match, a misspelt word, a unit type and a city, a place, a province),
the bytes transferred before the first results of /cari/?q=<query> and the time from navigation to
those results, and the per-keystroke time while typing queries letter by letter. --under-load does it
while clean builds of the same registry run beside the browser. Prints two tables; docs/search.md
records the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from playwright.sync_api import CDPSession, Page, sync_playwright  # noqa: E402

from bench.sample import write_sample_registry  # noqa: E402
from sitegen.load.registry import load_registry  # noqa: E402
from sitegen.pipeline import BuildOptions, build  # noqa: E402
from sitegen.render.search import build_search_files, index_report  # noqa: E402
from sitegen.render.search_rows import search_rows  # noqa: E402
from tests.tools.browser import launch_chromium  # noqa: E402
from tests.tools.server import static_server  # noqa: E402

OUT = REPO / "bench" / "out"
# The shared links measured, one of each kind; on the seed-1 sample at 10k: "kemenkeu semarang" matches 3 units
# whole, "kemenkeu surabaya" none whole (no Kemenkeu office in Surabaya: partial), "pengadilan agma" has a slip
# late in a word, "pngadilan agama" one in its first two letters.
QUERIES = ["kemenkeu semarang", "kemenkeu surabaya", "pengadilan agma", "pngadilan agama", "polres malang",
           "kota semarang", "imigrasi medan", "jatim"]
TYPED = ["kemenkeu surabaya", "kpp pratama", "pengadilan negri jakarta", "polres malang", "rsud soetomo", "jatim"]
MARK = "zi-search-first-results"


@dataclass
class Figures:
    """What one size measured."""

    units: int
    build_s: float
    index_s: float
    index_report: str
    first: dict[str, First]
    keystrokes: list[tuple[float, int]]
    load: str


@dataclass
class First:
    """One shared link's first results, per run: bytes before them, ms from navigation, files before them."""

    bytes: list[int] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)
    files: list[int] = field(default_factory=list)
    heading: str = ""


def prepare(units: int, rebuild: bool) -> tuple[Path, float, float, str]:
    """Sample registry and built site for `units`; (public dir, full build s, index build s, report)."""
    root = OUT / f"search-{units}"
    registry, public = root / "registry", root / "public"
    if rebuild or not (registry / "data").is_dir():
        write_sample_registry(registry, units, seed=1)
    stamp = root / "build-seconds.txt"
    if rebuild or not (public / "cari" / "indeks" / "meta.json").is_file() or not stamp.is_file():
        stamp.write_text(f"{build(BuildOptions(root=registry, out=public)).seconds:.2f}\n")
    build_s = float(stamp.read_text())
    reg, _ = load_registry(registry)
    rows = search_rows(reg)
    started = time.perf_counter()
    files = build_search_files(rows)
    elapsed = time.perf_counter() - started
    refresh(public, files)
    return public, build_s, elapsed, index_report(files)


def refresh(public: Path, files: dict[str, bytes]) -> None:
    """Put the current index and search scripts into a site built earlier (templates need --rebuild)."""
    shutil.rmtree(public / "cari" / "indeks", ignore_errors=True)
    for path, body in files.items():
        (public / path).parent.mkdir(parents=True, exist_ok=True)
        (public / path).write_bytes(body)
    for name in ("search.js", "search-core.js", "search.css"):
        shutil.copyfile(REPO / "site_src" / "static" / name, public / "static" / name)


def first_results(page: Page, base: str, query: str) -> tuple[int, float, int, str]:
    """Bytes transferred before the first results of `query`, ms from navigation to them, the number of files
    (the page included) that finished before them, and the line above the results (whole or partial)."""
    cdp = page.context.new_cdp_session(page)
    if COLD_RENDERER:  # nothing of the site's compiled or laid out yet, and no DevTools hooks on requests
        page.goto(base + "robots.txt")
    else:  # start the renderer on /cari/, then measure a cold-cache navigation
        page.goto(base + "cari/")
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    page.goto(base + "cari/?q=" + query.replace(" ", "+"), wait_until="commit")
    at = wait_for_mark(cdp) if not SELECTOR_WAIT else selector_wait(page)
    sizes = page.evaluate(
        "(at) => [performance.getEntriesByType('navigation')[0].transferSize]"
        ".concat(performance.getEntriesByType('resource').filter(e => e.responseEnd <= at)"
        ".map(e => e.transferSize))", at)
    if not COLD_RENDERER:
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    if TIMELINE:
        print(f"    {query}: " + timeline(page, at), flush=True)
    heading = page.evaluate("(document.querySelector('#hasil .zi-count') || {}).textContent || ''")
    return int(sum(sizes)), at, len(sizes), heading


COLD_RENDERER = False  # --cold-renderer: arrive from a plain text page of the site (see first_results)
TIMELINE = False  # --timeline: print where each run's time went
SELECTOR_WAIT = False  # --selector-wait: wait with Playwright's wait_for_selector, as the bench did before


def wait_for_mark(cdp: CDPSession, timeout_s: float = 20.0) -> float:
    """Wait for the first-results mark by asking the page every 20 ms over the raw DevTools session.

    Each ask is one tiny Runtime.evaluate. Playwright's wait_for_selector would first inject its selector
    engine (≈330 kB of script, 30-40 ms of the page's main thread) and poll with it while the page is still
    working towards its results, so the bench would time its own load as the page's.
    """
    expression = f"(performance.getEntriesByName('{MARK}')[0] || {{startTime: -1}}).startTime"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = cdp.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        at = float(found.get("result", {}).get("value", -1))
        if at >= 0 and cdp.send("Runtime.evaluate", {"expression": "!!document.querySelector('#hasil li')",
                                                     "returnByValue": True})["result"]["value"]:
            return at
        time.sleep(0.02)
    raise TimeoutError(f"no {MARK} mark within {timeout_s} s")


def selector_wait(page: Page) -> float:
    """The earlier way: Playwright's wait_for_selector (injects its selector engine into the page)."""
    page.wait_for_selector("#hasil li")
    return float(page.evaluate(f"performance.getEntriesByName('{MARK}')[0].startTime"))


def timeline(page: Page, at: float) -> str:
    """One line: when the HTML arrived, and each file fetched before the results (start-end ms), then the mark."""
    nav, files = page.evaluate(
        "(at) => [performance.getEntriesByType('navigation').map(e => [e.responseEnd, e.domInteractive,"
        " e.domContentLoadedEventEnd])[0], performance.getEntriesByType('resource').filter(e => e.responseEnd <= at)"
        ".map(e => [e.name.split('/').slice(-2).join('/'), e.startTime, e.responseEnd, e.transferSize])]", at)
    parts = [f"html {nav[0]:.0f} interactive {nav[1]:.0f} dcl {nav[2]:.0f}"]
    parts += [f"{name} {start:.0f}-{end:.0f} {size / 1000:.1f}kB" for name, start, end, size in files]
    marks = page.evaluate(
        "performance.getEntriesByType('mark').map(m => [m.name.replace('zi-search-', ''), m.startTime])")
    parts += [f"{name} {at_ms:.0f}" for name, at_ms in marks if name != MARK.replace("zi-search-", "")]
    return " | ".join(parts) + f" | results {at:.0f}"


def keystrokes(page: Page) -> list[tuple[float, int]]:
    """(ms from input event to results drawn, files fetched) per keystroke while typing TYPED on /cari/."""
    box = page.locator("#q-cari")
    page.evaluate("performance.clearMeasures('zi-search-keystroke')")
    for query in TYPED:
        box.fill("")
        box.click()
        for ch in query:
            page.keyboard.type(ch)
            page.wait_for_timeout(80)
    page.wait_for_timeout(300)
    return [(float(d), int(f)) for d, f in page.evaluate(
        "performance.getEntriesByName('zi-search-keystroke').map(e => [e.duration, e.detail ? e.detail.fetched : 0])")]


@contextlib.contextmanager
def builds_beside(registry: Path | None) -> Iterator[None]:
    """With a registry: one clean build of it after another in the background (--under-load), so the browser
    shares the machine's cores with a site build, as it does on an editor's machine."""
    if registry is None:
        yield
        return
    out = registry.parent / "load-out"
    loop = (f"while :; do {sys.executable} {REPO / 'build.py'} build --root {registry} --out {out} "
            "--no-incremental >/dev/null 2>&1; done")
    worker = subprocess.Popen(["sh", "-c", loop], start_new_session=True)
    try:
        time.sleep(3)  # the first build is under way
        yield
    finally:
        os.killpg(worker.pid, 15)
        worker.wait()
        shutil.rmtree(out, ignore_errors=True)


def load_average() -> str:
    """The 1-minute load average, as the table's note."""
    return f"{os.getloadavg()[0]:.2f}"


def measure(public: Path, runs: int, queries: list[str]) -> tuple[dict[str, First], list[tuple[float, int]]]:
    """Run the browser measurements `runs` times: each query's first results in a fresh context, then the
    keystrokes in the last one."""
    first = {query: First() for query in queries}
    keys: list[tuple[float, int]] = []
    with static_server(public) as base, sync_playwright() as pw:
        browser = launch_chromium(pw)
        for _ in range(runs):
            for n, query in enumerate(queries):
                context = browser.new_context()
                page = context.new_page()
                size, ms, files, heading = first_results(page, base, query)
                found = first[query]
                found.bytes.append(size)
                found.ms.append(ms)
                found.files.append(files)
                found.heading = heading
                if n == len(queries) - 1:
                    keys += keystrokes(page)
                context.close()
        browser.close()
    return first, keys


def p95(values: list[float]) -> float:
    """95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)] if ordered else float("nan")


def answer(heading: str) -> str:
    """What the count line above the results said: "partial", or "N unit ditemukan"."""
    return "partial" if heading.startswith("Tidak ada unit yang cocok dengan semua") else heading.split(" ·")[0]


def table(results: list[Figures]) -> str:
    """The printed table."""
    head = ("units", "full build s", "index s", "index %", "load average",
            "keystroke p50 ms", "keystroke p95 ms", "p95 without fetch ms", "keystrokes (fetching)")
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    for f in results:
        all_ms = [ms for ms, _ in f.keystrokes]
        local = [ms for ms, fetched in f.keystrokes if not fetched]
        lines.append(" | ".join([
            f"{f.units:,}", f"{f.build_s:.1f}", f"{f.index_s:.2f}", f"{100 * f.index_s / f.build_s:.1f}", f.load,
            f"{statistics.median(all_ms):.1f}", f"{p95(all_ms):.1f}", f"{p95(local):.1f}",
            f"{len(all_ms)} ({len(all_ms) - len(local)})"]))
    head = ("units", "query", "answer", "KB before results", "files before results", "first results ms (each run)",
            "median ms")
    lines += ["", " | ".join(head), " | ".join("---" for _ in head)]
    for f in results:
        for query, found in f.first.items():
            lines.append(" | ".join([
                f"{f.units:,}", f"`{query}`", answer(found.heading), f"{statistics.median(found.bytes) / 1000:.1f}",
                f"{statistics.median(found.files):.0f}", ", ".join(f"{ms:.0f}" for ms in found.ms),
                f"{statistics.median(found.ms):.0f}"]))
    return "\n".join(lines)


def main() -> None:
    """Measure every size and print the table."""
    global TIMELINE, SELECTOR_WAIT, COLD_RENDERER
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true", help="regenerate and rebuild even if bench/out has it")
    parser.add_argument("--timeline", action="store_true", help="print each run's files and their timing")
    parser.add_argument("--selector-wait", action="store_true",
                        help="wait for the results with Playwright's wait_for_selector (the earlier, intrusive way)")
    parser.add_argument("--under-load", action="store_true",
                        help="measure while clean builds of the same sample registry run one after another")
    parser.add_argument("--cold-renderer", action="store_true",
                        help="arrive from robots.txt with an empty cache and no DevTools Network domain, so no script "
                             "of the site is compiled yet (a reader opening a shared link)")
    parser.add_argument("--query", action="append",
                        help="a shared link's query to measure (repeat for more; default: every query of QUERIES)")
    args = parser.parse_args()
    TIMELINE, SELECTOR_WAIT, COLD_RENDERER = args.timeline, args.selector_wait, args.cold_renderer
    queries = args.query or QUERIES
    results = []
    for units in args.sizes:
        public, build_s, index_s, report = prepare(units, args.rebuild)
        print(f"{units:,} units: {report}; index build {index_s:.2f} s", flush=True)
        with builds_beside(OUT / f"search-{units}" / "registry" if args.under_load else None):
            first, keys = measure(public, args.runs, queries)
            load = load_average()
        for query, found in first.items():
            print(f"  {query}: first results ms per run {[round(m) for m in found.ms]}; bytes {found.bytes}",
                  flush=True)
        print(f"  load average {load}", flush=True)
        results.append(Figures(units, build_s, index_s, report, first, keys, load))
    print(table(results))


if __name__ == "__main__":
    main()
