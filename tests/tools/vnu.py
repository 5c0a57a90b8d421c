"""The Nu HTML Checker (vnu.jar) run over many files in one JVM, since the JVM start is the slow part."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from tests.tools.paths import INSTALL_HINT, VNU_JAR, require_file

JVM_FLAGS = ["-Xss4m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"]
MAX_ARGS_CHARS = 200_000
TIMEOUT = 600


def java_command() -> list[str]:
    """Return the java + vnu.jar command prefix, failing clearly if either is missing."""
    java = shutil.which("java")
    if java is None:
        raise FileNotFoundError(f"java not found on PATH: {INSTALL_HINT}")
    return [java, *JVM_FLAGS, "-jar", str(require_file(VNU_JAR, "vnu.jar"))]


def _batches(paths: Sequence[Path]) -> Iterator[list[Path]]:
    """Split paths into command lines that stay well under the OS argument limit."""
    batch: list[Path] = []
    size = 0
    for path in paths:
        if batch and size + len(str(path)) > MAX_ARGS_CHARS:
            yield batch
            batch, size = [], 0
        batch.append(path)
        size += len(str(path)) + 1
    if batch:
        yield batch


def _url_to_path(url: str) -> str:
    """Turn vnu's file: URL back into a filesystem path string."""
    return unquote(urlsplit(url).path) if url.startswith("file:") else url


def format_message(message: dict[str, Any], names: dict[str, str]) -> str:
    """Format one vnu JSON message as `file:line:col: message`."""
    path = _url_to_path(message.get("url", ""))
    name = names.get(path, path)
    line = message.get("firstLine", message.get("lastLine", 0))
    col = message.get("firstColumn", message.get("lastColumn", 0))
    return f"{name}:{line}:{col}: {message.get('message', '').strip()}"


def _run_batch(batch: list[Path], extra_args: Sequence[str]) -> list[dict[str, Any]]:
    """Run one vnu process over `batch` and return its parsed JSON messages."""
    cmd = [
        *java_command(),
        "--errors-only",
        "--format",
        "json",
        *extra_args,
        *map(str, batch),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"vnu failed with status {proc.returncode}:\n{proc.stderr[-4000:]}")
    try:
        return list(json.loads(proc.stderr or '{"messages": []}')["messages"])
    except (json.JSONDecodeError, KeyError) as exc:
        raise RuntimeError(f"vnu printed no JSON report:\n{proc.stderr[-4000:]}") from exc


def validate_html(paths: Sequence[Path], extra_args: Sequence[str] = ()) -> list[str]:
    """Validate HTML files with vnu (one JVM per ~thousands of files); return `file:line:col: message` errors."""
    files = [Path(p) for p in paths]
    names = {str(p.resolve()): str(p) for p in files}
    errors: list[str] = []
    for batch in _batches([p.resolve() for p in files]):
        messages = _run_batch(batch, extra_args)
        errors.extend(format_message(m, names) for m in messages if m.get("type") != "info")
    return errors
