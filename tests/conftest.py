"""Shared fixtures: the mini fixture registry and the real registry, each built once per session."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from sitegen.cache.session import Session  # noqa: E402
from sitegen.pipeline import BuildOptions, build  # noqa: E402

MINI = REPO / "tests" / "fixtures" / "mini"
REAL_CSV = REPO / "data" / "imported" / "real_awards.csv"  # the real rows data/awards/ was imported from
# The columns of a plain award list, as tests write one: the first columns of penghargaan.csv and the note.
LIST_COLUMNS = ("year", "predicate", "institution", "institution_category", "province", "city", "unit", "source_url",
                "source_title", "source_kind", "note")


def build_into(root: Path, out: Path, base_path: str | None = None, base_url: str | None = None,
               corrections: str | None = None) -> Path:
    """Build a registry folder into out, in this process, as `build.py build` does (with the cache)."""
    build(BuildOptions(root=root, out=out, base_path=base_path, base_url=base_url, corrections=corrections),
          Session())
    return out


def copy_registry(source: Path, target: Path) -> Path:
    """A writable copy of a registry's data/ and site_src/."""
    for part in ("data", "site_src"):
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part)
    return target


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini fixture registry, built."""
    return build_into(MINI, tmp_path_factory.mktemp("mini") / "public")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real registry in data/, built."""
    return build_into(REPO, tmp_path_factory.mktemp("real") / "public")


def read_page(public: Path, route: str) -> str:
    """The HTML of a route such as 'unit/alfa/kantor-alfa-surabaya/'."""
    path = public / route / "index.html" if route.endswith("/") or route == "" else public / route
    return path.read_text(encoding="utf-8")
