"""The live-reload dev server: rebuild on save, never serve a half-built site, show build errors.

This module polls the watched folders and rebuilds; livereload (the maintained package) pushes the
reload over a websocket and stays behind this module. Pages come from a small WSGI app over public/,
so that a failed build can be shown as an error page in place of stale pages. Rebuilds run in the
server's one thread, so no request is answered while one is under way, and they are incremental: one
Session keeps the last build's state and the parsed round files in memory, and only the jobs an edit
touches run again.
"""

from __future__ import annotations

import html
import ipaddress
import logging
import mimetypes
import os
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from sitegen.cache.session import Session
from sitegen.errors import RegistryError
from sitegen.load.config import BuildOptions
from sitegen.model import routes
from sitegen.pipeline import build

log = logging.getLogger("registri.serve")
QUIET_SECONDS = 0.1  # a burst of saves closer together than this becomes one rebuild (an editor's save takes ms)
POLL_SECONDS = 0.1  # how often the watched folders are looked at (a few hundred stat calls)
WATCHED = ("data", "site_src")


@dataclass
class DevState:
    """The last build's outcome, read by every request."""

    options: BuildOptions
    error: str | None = None
    builds: int = 0
    session: Session = field(default_factory=lambda: Session(resident=True))

    def rebuild(self) -> None:
        """Build once, incrementally; remember the error (a data error, or a bug's traceback) instead of raising."""
        started = time.perf_counter()
        try:
            summary = build(self.options, self.session)
            self.error = None
            log.warning("rebuilt in %.2f s: %s", time.perf_counter() - started, summary.line())
        except RegistryError as err:
            self.error = str(err)
            log.warning("build failed:\n%s", err)
        except Exception:  # a bug in the generator: show it where the editor is looking, keep serving
            self.error = "internal error (a bug in the generator, not in your files):\n" + traceback.format_exc()
            log.exception("build crashed")
        self.builds += 1


def watched_paths(options: BuildOptions) -> list[Path]:
    """The folders whose changes trigger a rebuild."""
    paths = [options.root / name for name in WATCHED] + [options.templates, options.static]
    return sorted({p for p in paths if p.exists()})


def snapshot(paths: list[Path]) -> dict[Path, tuple[int, int]]:
    """Every file below the watched folders with its mtime (ns) and size: an edit, an added and a removed file
    each change it (a folder removed while it is walked is skipped, not an error)."""
    files = {}
    for top in paths:
        for folder, _, names in os.walk(top):
            for name in names:
                path = Path(folder, name)
                try:
                    info = path.stat()
                except OSError:  # removed while we looked
                    continue
                files[path] = (info.st_mtime_ns, info.st_size)
    return files


def wait_for_quiet(paths: list[Path], quiet: float = QUIET_SECONDS, limit: float = 5.0) -> dict[Path, tuple[int, int]]:
    """Wait until no file has changed for `quiet` seconds, so a burst of saves builds once; the files as they
    then are."""
    deadline = time.monotonic() + limit
    while True:
        files = snapshot(paths)
        newest = max((mtime for mtime, _ in files.values()), default=0) / 1e9
        if time.time() - newest >= quiet or time.monotonic() >= deadline:
            return files
        time.sleep(quiet / 3)


def error_page(message: str, port: int) -> bytes:
    """The build error, escaped, with the reload script so fixing the file brings the site back."""
    body = html.escape(message)
    return (f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Build gagal</title>'
            f'<script defer src="/livereload.js?port={port}"></script></head><body><main><h1>Build gagal</h1>'
            f'<p>Perbaiki masalah berikut; halaman dimuat ulang otomatis setelah build berhasil.</p>'
            f'<pre id="build-error">{body}</pre></main></body></html>').encode()


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers the dev server answers: this machine's names and the address it was told to bind,
    each with its port; any other is a page of another site reaching in (DNS rebinding)."""
    names = {"localhost", "127.0.0.1", "[::1]", host if ":" not in host else f"[{host}]"}
    return frozenset(f"{name}:{port}" for name in names)


def host_allowed(host: str, hosts: frozenset[str]) -> bool:
    """Whether a Host header names this server: one of its names, or any IP address with its port (a page
    can only reach a server by an address through DNS rebinding, which needs a name; --host 0.0.0.0 is
    then reached by the machine's own addresses)."""
    if host in hosts:
        return True
    name, _, port = host.rpartition(":")
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return any(allowed.rpartition(":")[2] == port for allowed in hosts)


def origin_allowed(origin: str | None, hosts: frozenset[str]) -> bool:
    """Whether a websocket's Origin is one of the dev server's own pages."""
    return origin is not None and origin.startswith("http://") and host_allowed(origin.removeprefix("http://"), hosts)


def make_app(state: DevState, hosts: frozenset[str] | None = None):
    """A WSGI app serving public/ (base path aware), or the error page while the last build failed; a request
    for another host is refused, and a path that cannot be a file (a NUL byte, say) is not found."""
    out = state.options.out.resolve()
    base = (state.options.base_path or "/").rstrip("/") + "/"

    def app(environ, start_response):
        if hosts is not None and not host_allowed(environ.get("HTTP_HOST", ""), hosts):
            start_response("421 Misdirected Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"this dev server answers only for its own address"]
        if state.error is not None:
            start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8")])
            return [error_page(state.error, state.options.livereload_port)]
        path = environ.get("PATH_INFO", "/")
        if not path.startswith(base) or "\0" in path:
            return _not_found(out, start_response)
        try:
            target = (out / path[len(base):]).resolve()
            folder = target.is_dir()
        except (OSError, ValueError, RuntimeError):  # too long, a loop, not a path at all
            return _not_found(out, start_response)
        if out not in target.parents and target != out:
            return _not_found(out, start_response)
        if folder:
            if not path.endswith("/"):
                start_response("301 Moved Permanently", [("Location", path + "/")])
                return [b""]
            target = target / routes.output_file(routes.home())  # a folder route is served by its index page
        if not target.is_file():
            return _not_found(out, start_response)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        start_response("200 OK", [("Content-Type", _with_charset(kind)), ("Cache-Control", "no-store")])
        return [target.read_bytes()]

    return app


def _with_charset(kind: str) -> str:
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind.endswith(("json", "xml", "javascript")) \
        else kind


def _not_found(out: Path, start_response) -> list[bytes]:
    page = out / routes.not_found()
    start_response("404 Not Found", [("Content-Type", "text/html; charset=utf-8")])
    return [page.read_bytes() if page.is_file() else b"not found"]


def serve(options: BuildOptions, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Build, then serve and rebuild on every burst of saves until interrupted."""
    from livereload import Server

    state = DevState(replace(options, livereload_port=port))
    watcher = save_watcher(watched_paths(options), state.rebuild)  # before the first build: a save during it counts
    state.rebuild()
    server = dev_server(Server, make_app(state, allowed_hosts(host, port)), allowed_hosts(host, port), watcher)
    print(f"Serving on http://{host}:{port}/ (Ctrl+C to stop)")
    server.serve(host=host, port=port, debug=False, restart_delay=0)


def save_watcher(paths: list[Path], rebuild: Callable[[], None]) -> object:
    """livereload's watcher, polling the watched folders itself: each burst of saves is built once, and every
    build reloads the open pages. livereload's own poll drops a reload that comes within 3 s of the last one
    or of the server's start (its guard against storms), so a save made soon after either left the page
    stale although the site was rebuilt; the quiet wait is this server's guard."""
    from livereload.handlers import LiveReloadHandler
    from livereload.watcher import Watcher
    from tornado.ioloop import PeriodicCallback

    class SaveWatcher(Watcher):
        def __init__(self) -> None:
            super().__init__()
            self.files = snapshot(paths)
            for path in paths:  # listed for livereload, which would otherwise add the working folder
                self.watch(str(path))

        def start(self, callback: object) -> bool:
            """Poll on our own; True tells livereload not to poll."""
            PeriodicCallback(self.poll, POLL_SECONDS * 1000).start()
            return True

        def poll(self) -> None:
            """Rebuild and reload the open pages when a watched file changed, was added or was removed."""
            if snapshot(paths) == self.files:
                return
            before, self.files = self.files, wait_for_quiet(paths)  # a save during the build is seen next poll
            changed = sorted(set(before.items()) ^ set(self.files.items()))
            rebuild()
            self.filepath = str(changed[0][0]) if changed else "*"  # the reload message's path, and its log line's
            LiveReloadHandler.reload_waiters()

    return SaveWatcher()


def dev_server(server_class: type, app: object, hosts: frozenset[str], watcher: object) -> object:
    """livereload's Server, minus what breaks the site's rules: it injects no inline script into pages (the
    pages load /livereload.js from the server's own origin, which the CSP allows), and its websocket
    and reload script answer only this server's own pages (Host and Origin checked)."""
    from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
    from tornado import web
    from tornado.wsgi import WSGIContainer

    class ReloadSocket(LiveReloadHandler):
        def check_origin(self, origin: str) -> bool:
            return origin_allowed(origin, hosts) and host_allowed(self.request.host, hosts)

    class ReloadScript(LiveReloadJSHandler):
        def prepare(self) -> None:
            if not host_allowed(self.request.host, hosts):
                raise web.HTTPError(421)

    class DevServer(server_class):
        def application(self, port, host, liveport=None, debug=None, live_css=True) -> None:
            LiveReloadHandler.watcher, LiveReloadHandler.live_css = self.watcher, live_css
            handlers = [(r"/livereload", ReloadSocket), (r"/livereload.js", ReloadScript),
                        (r".*", web.FallbackHandler, {"fallback": WSGIContainer(self.app)})]
            web.Application(handlers=handlers, debug=False).listen(port, address=host)

    return DevServer(app=app, watcher=watcher)
