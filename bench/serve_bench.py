"""Dev-server benchmark: from saving a one-award edit to the rebuilt page being published, in a running server.

    .venv/bin/python bench/serve_bench.py [--units 10000] [--edits 5] [--work DIR]

Writes a sample registry with `bench/sample.py` (in a temporary folder, never data/), starts `build.py serve`
over it on a free port (its log in the work folder), waits for the first build, then saves `--edits` one-award
edits (a new source for the first award of the newest round, as `bench/run.py` does), each after the server
has been idle for `--pause` seconds, as an editor's saves would be. For each edit it times, from the moment
the file is written, the first answer of the server for that unit's page that shows the new source (asked
every 10 ms; the server answers no request while it rebuilds, so the answer comes as soon as the page is
published), and reads the server's own "rebuilt in" line for the build. Prints the medians and each edit's
figures with the load average. The difference between the two is the server noticing the save (it looks
every 0.1 s) and waiting until nothing changed for 0.1 s, so that a burst of saves builds once.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.run import PY, edit_one_award, sample  # noqa: E402

REBUILT = re.compile(r"^rebuilt in ([0-9.]+) s", re.MULTILINE)
SOURCE = re.compile(r'source_url: "([^"]+)"')


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page(port: int, route: str) -> str:
    """The body of a page of the server, or "" while it does not answer 200."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{route}", timeout=60) as response:
            return response.read().decode()
    except (urllib.error.URLError, OSError):
        return ""


def edited_source(root: Path) -> str:
    """The source URL of the award `edit_one_award` changes: the first one of the newest round."""
    text = max((root / "data" / "awards").glob("[0-9]*.yaml")).read_text(encoding="utf-8")
    return SOURCE.search(text, text.index("awards:")).group(1)


def unit_route(out: Path, source: str) -> str:
    """The URL of the unit page that cites this source (found in the built unit twins)."""
    needle = f'"{source}"'
    for twin in sorted((out / "unit").glob("*/*/index.json")):
        if needle in twin.read_text(encoding="utf-8"):
            return "/" + twin.parent.relative_to(out).as_posix() + "/"
    raise SystemExit(f"no unit page of {out} cites {source}")


def wait_until(check, limit: float, what: str, server: subprocess.Popen) -> None:
    """Poll until check() holds; stop with a message if the server dies or the limit passes."""
    deadline = time.monotonic() + limit
    while not check():
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"no {what} (server exit code {server.poll()}); see its log")
        time.sleep(0.01)


def rebuild_times(log: Path) -> list[float]:
    """Every "rebuilt in" figure the server has logged so far, in order."""
    return [float(seconds) for seconds in REBUILT.findall(log.read_text(encoding="utf-8", errors="replace"))]


def measure(root: Path, out: Path, log: Path, edits: int, pause: float,
            verbose: bool = False) -> list[tuple[float, float]]:
    """(save to published page, the server's rebuild) in seconds for each edit, in a fresh server."""
    port = free_port()
    with log.open("w") as sink:
        server = subprocess.Popen([PY, "build.py", *(["-v"] if verbose else []), "serve", "--root", str(root),
                                   "--out", str(out), "--port", str(port)], cwd=REPO, stdout=sink,
                                  stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: page(port, "/") != "", 600, "first build", server)
        route = unit_route(out, edited_source(root))
        figures = []
        for number in range(edits):
            time.sleep(pause)  # idle, as between an editor's saves (the server writes its state once idle)
            figures.append(time_edit(root, number, port, route, log, server))
        return figures
    finally:
        server.terminate()
        server.wait(timeout=60)


def time_edit(root: Path, number: int, port: int, route: str, log: Path,
              server: subprocess.Popen) -> tuple[float, float]:
    """Save one edit; (seconds until its page is published, the server's rebuild seconds)."""
    builds = len(rebuild_times(log))
    edit_one_award(root, number)
    saved = time.perf_counter()
    new = edited_source(root)
    wait_until(lambda: new in page(port, route), 120, f"published edit {number}", server)
    published = time.perf_counter() - saved
    wait_until(lambda: len(rebuild_times(log)) > builds, 10, f"log line of edit {number}", server)
    return published, rebuild_times(log)[-1]


def report(units: int, figures: list[tuple[float, float]], load: tuple[float, float]) -> str:
    """The medians and each edit's figures."""
    published, rebuilt = [f[0] for f in figures], [f[1] for f in figures]
    each = ", ".join(f"{p:.2f}/{r:.2f}" for p, r in figures)
    return (f"dev server at {units:,} units, one-award edit (median of {len(figures)}, "
            f"load {load[0]:.1f}-{load[1]:.1f}):\n"
            f"  save to published page: {statistics.median(published):.2f} s\n"
            f"  of which the rebuild (server log): {statistics.median(rebuilt):.2f} s\n"
            f"  each edit, published/rebuild s: {each}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--pause", type=float, default=2.0, help="idle seconds before each edit")
    parser.add_argument("--work", type=Path, default=None, help="keep the sample, output and log here")
    parser.add_argument("--verbose", action="store_true", help="the server logs each stage (see serve.log)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="registri-serve-bench-"))
    root, out = sample(args.units, work), work / f"serve-{args.units}" / "public"
    root_copy = work / f"serve-{args.units}" / "root"  # edits go to a copy: the sample stays as generated
    shutil.rmtree(root_copy.parent, ignore_errors=True)
    shutil.copytree(root, root_copy)
    print(f"serve bench: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}, work folder {work}",
          flush=True)
    before = os.getloadavg()[0]
    figures = measure(root_copy, out, work / "serve.log", args.edits, args.pause, args.verbose)
    print(report(args.units, figures, (before, os.getloadavg()[0])))
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
