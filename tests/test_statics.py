"""Static assets are copied byte for byte, and a symbolic link never publishes a file from outside."""

from __future__ import annotations

import os
from pathlib import Path

from sitegen.render.statics import static_files, static_routes


def test_symbolic_links_in_static_are_not_followed(tmp_path: Path) -> None:
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "site.css").write_text("body{}")
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("not for the web")
    os.symlink(secret, static / "secret.txt")
    os.symlink(secret.parent, static / "linked-dir")
    assert [p.relative_to(static).as_posix() for p in static_files(static)] == ["css/site.css"]
    assert static_routes(static) == {"static/css/site.css"}
