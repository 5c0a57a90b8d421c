"""Self-hosted static assets, copied byte for byte under /static/."""

from __future__ import annotations

from pathlib import Path

from sitegen.model import routes


def static_files(static_dir: Path) -> list[Path]:
    """Every file of site_src/static, sorted; symbolic links are never followed, so nothing outside is published."""
    if not static_dir.is_dir():
        return []
    return sorted(p for p in static_dir.rglob("*") if p.is_file() and not _linked(p, static_dir))


def _linked(path: Path, root: Path) -> bool:
    """Whether the path or a folder between it and root is a symbolic link."""
    return any(part.is_symlink() for part in (path, *path.parents) if part != root and root in part.parents)


def static_routes(static_dir: Path) -> set[str]:
    """The routes the static files will have, so Markdown may link to them."""
    return {routes.static(p.relative_to(static_dir).as_posix()) for p in static_files(static_dir)}
