"""Golden pages: the mini registry's rendered output is committed; any change to it shows up as a diff.

Regenerate after an intended change with:  UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden" / "mini"
KINDS = (".html", ".json", ".xml", ".csv", ".txt")


def output_files(public: Path) -> dict[str, bytes]:
    """Every generated page and data file (not copied static assets, not the search index)."""
    files = {}
    for path in sorted(public.rglob("*")):
        rel = path.relative_to(public).as_posix()
        if path.is_file() and path.suffix in KINDS and not rel.startswith(("static/", "cari/indeks/")):
            files[rel] = path.read_bytes()
    return files


def test_mini_registry_matches_golden_output(mini_site: Path) -> None:
    actual = output_files(mini_site)
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in actual.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
    expected = output_files(GOLDEN)
    assert sorted(actual) == sorted(expected), "pages added or removed; regenerate the golden files if intended"
    for rel, data in expected.items():
        if actual[rel] != data:
            diff = difflib.unified_diff(data.decode().splitlines(), actual[rel].decode().splitlines(),
                                        f"golden/{rel}", f"built/{rel}", lineterm="", n=2)
            raise AssertionError("\n".join(list(diff)[:60]))
