"""Self-hosted static assets, copied byte for byte under /static/."""

from __future__ import annotations

import os
from pathlib import Path

from sitegen.inputs_guard import HINT, InputError, why_unreadable
from sitegen.model import routes


def static_files(static_dir: Path) -> list[Path]:
    """Every file of site_src/static, sorted; symbolic links are never followed (the folder itself, its
    parent or anything in it), so nothing outside is published; a pipe or a device is an InputError."""
    for folder in (static_dir, static_dir.parent):
        if folder.is_symlink():
            raise InputError(f"{folder}: is a symbolic link (to {os.readlink(folder)}); static files are published "
                             f"only from a real folder\n    hint: {HINT}")
    if not static_dir.is_dir():
        return []
    found = []
    for path in static_dir.rglob("*"):
        if _linked(path, static_dir) or path.is_dir():
            continue
        why = why_unreadable(path, None)
        if why is not None:
            raise InputError(f"{path}: {why}\n    hint: {HINT}")
        found.append(path)
    return sorted(found)


def _linked(path: Path, root: Path) -> bool:
    """Whether the path or a folder between it and root is a symbolic link."""
    return any(part.is_symlink() for part in (path, *path.parents) if part != root and root in part.parents)


def static_routes(static_dir: Path) -> set[str]:
    """The routes the static files will have, so Markdown may link to them."""
    return {routes.static(p.relative_to(static_dir).as_posix()) for p in static_files(static_dir)}
