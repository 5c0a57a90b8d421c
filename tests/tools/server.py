"""A real nginx serving a built site on loopback, the way production static hosting would."""

from __future__ import annotations

import ctypes
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.tools.paths import INSTALL_HINT

NGINX = "/usr/sbin/nginx"
START_TIMEOUT = 10.0
PR_SET_PDEATHSIG = 1

MIME_TYPES = {
    "text/html": "html htm",
    "text/css": "css",
    "text/plain": "txt",
    "text/csv": "csv",
    "text/xml": "xml xsl",
    "application/javascript": "js mjs",
    "application/json": "json map",
    "application/manifest+json": "webmanifest",
    "application/atom+xml": "atom",
    "application/rss+xml": "rss",
    "application/pdf": "pdf",
    "application/wasm": "wasm",
    "image/svg+xml": "svg svgz",
    "image/png": "png",
    "image/jpeg": "jpg jpeg",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/avif": "avif",
    "image/x-icon": "ico",
    "font/woff": "woff",
    "font/woff2": "woff2",
}
CHARSET_TYPES = (
    "text/css text/plain text/csv text/xml application/javascript application/json "
    "application/manifest+json application/atom+xml application/rss+xml image/svg+xml"
)
GZIP_TYPES = (
    "text/css text/plain text/csv text/xml application/javascript application/json "
    "application/manifest+json application/atom+xml application/rss+xml application/xml image/svg+xml"
)


def normalize_prefix(prefix: str) -> str:
    """Return `prefix` as an absolute URL path with a leading and trailing slash."""
    return "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"


def free_port() -> int:
    """Ask the kernel for a currently unused loopback TCP port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _types_block() -> str:
    """Render nginx's `types {}` block from MIME_TYPES."""
    lines = "\n".join(f"        {mime} {exts};" for mime, exts in MIME_TYPES.items())
    return f"    types {{\n{lines}\n    }}"


def nginx_config(root: Path, prefix: str, port: int, workdir: Path) -> str:
    """Build a self-contained nginx.conf serving `root` under `prefix` on 127.0.0.1:`port`."""
    prefix = normalize_prefix(prefix)
    bare = prefix.rstrip("/")
    redirect_bare = f"        location = {bare} {{ return 301 {prefix}; }}\n" if bare else ""
    temp_paths = "\n".join(
        f"    {kind}_temp_path {workdir / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""daemon off;
master_process off;
worker_processes 1;
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} warn;
events {{ worker_connections 512; }}
http {{
{_types_block()}
    default_type application/octet-stream;
    charset utf-8;
    charset_types {CHARSET_TYPES};
    access_log {workdir / "access.log"};
{temp_paths}
    sendfile on;
    server_tokens off;
    absolute_redirect off;
    gzip on;
    gzip_vary on;
    gzip_min_length 64;
    gzip_types {GZIP_TYPES};
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        error_page 404 {prefix}404.html;
{redirect_bare}        location {prefix} {{
            alias {root.resolve()}/;
            index index.html;
        }}
    }}
}}
"""


def wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float = START_TIMEOUT) -> None:
    """Block until 127.0.0.1:`port` accepts connections, failing fast if `proc` dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nginx exited with status {proc.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nginx did not listen on 127.0.0.1:{port} within {timeout}s")


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    """Terminate `proc` politely, then kill it if it lingers."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _die_with_parent() -> None:
    """In the child: ask Linux to SIGTERM nginx if the test process dies without cleaning up."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _start_nginx(root: Path, prefix: str, workdir: Path) -> tuple[subprocess.Popen[bytes], int]:
    """Write the config into `workdir`, start nginx and wait until it answers."""
    if not Path(NGINX).is_file():
        raise FileNotFoundError(f"nginx not found at {NGINX}: {INSTALL_HINT}")
    if not root.is_dir():
        raise FileNotFoundError(f"site root {root} is not a directory")
    port = free_port()
    conf = workdir / "nginx.conf"
    conf.write_text(nginx_config(root, prefix, port, workdir), encoding="utf-8")
    log = (workdir / "stderr.log").open("wb")
    cmd = [NGINX, "-p", str(workdir), "-e", str(workdir / "error.log"), "-c", str(conf)]
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=_die_with_parent,
    )
    log.close()
    try:
        wait_for_port(port, proc)
    except (RuntimeError, TimeoutError) as exc:
        stop_process(proc)
        logs = "".join(
            p.read_text(errors="replace") for p in (workdir / "stderr.log", workdir / "error.log") if p.exists()
        )
        raise RuntimeError(f"{exc}\n--- nginx output ---\n{logs}") from exc
    return proc, port


@contextmanager
def static_server(root: Path, prefix: str = "/") -> Iterator[str]:
    """Serve `root` under `prefix` with nginx; yield the site's base URL, e.g. http://127.0.0.1:PORT/registri/."""
    workdir = Path(tempfile.mkdtemp(prefix="zi-nginx-"))
    proc, port = _start_nginx(Path(root), prefix, workdir)
    try:
        yield f"http://127.0.0.1:{port}{normalize_prefix(prefix)}"
    finally:
        stop_process(proc)
        shutil.rmtree(workdir, ignore_errors=True)
