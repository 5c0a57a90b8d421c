"""A command-line build starts where the last one left off (sitegen/cache/warm.py).

It loads the last build's round results, units and digests from the warm start beside the output and
makes again only the units an edit touched, as the dev server does; the site is the clean build's.
The warm start is written again only when a build drifted from it, and one older than the last build
still gives the clean site (everything in it is reused by object identity only).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.cache import unit_memo, warm
from tests.test_incremental import build_site, change_predicate, clean_tree, edit, edit_award_source, site, tree

__all__ = ["site"]  # the fixture, shared with test_incremental


def warm_start(out: Path) -> Path:
    """The warm start's file beside an output folder (there is one memo folder per generator code)."""
    (found,) = out.with_name(out.name + ".registri-cache").glob(f"memo-*/{warm.NAME}")
    return found


@pytest.fixture()
def units_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the units made while loading (identity.unit_of, as the cache's loading calls it)."""
    made: list[str] = []
    real = unit_memo.unit_of

    def counted(uid: str, *args: object) -> object:
        made.append(uid)
        return real(uid, *args)

    monkeypatch.setattr(unit_memo, "unit_of", counted)
    return made


def edit_2020_source(site: dict[str, Path]) -> None:
    """Only the source of an award of another round file changes."""
    edit(site["root"] / "data" / "awards" / "2020.yaml", '"https://contoh.invalid/alfa-surabaya-2020"',
         '"https://contoh.invalid/alfa-surabaya-2020-sk"')


def test_a_command_line_edit_makes_again_only_the_edited_unit(site: dict[str, Path], units_made: list[str]) -> None:
    first = build_site(site)
    assert len(units_made) == first.units  # a cold start makes every unit
    kept = warm_start(site["out"]).stat()
    units_made.clear()
    edit_award_source(site)
    build_site(site)  # a new Session: a new process's build
    assert units_made == ["beta/lapas-beta-kudus"]
    assert warm_start(site["out"]).stat().st_mtime_ns == kept.st_mtime_ns  # what it holds was enough: not written
    assert tree(site["out"]) == clean_tree(site, "source")


def test_a_warm_start_older_than_the_last_build_gives_the_clean_site(site: dict[str, Path],
                                                                     units_made: list[str]) -> None:
    build_site(site)
    edit_award_source(site)
    build_site(site)
    units_made.clear()
    edit_2020_source(site)  # the warm start is from before both edits
    build_site(site)
    assert sorted(units_made) == ["alfa/kantor-alfa-surabaya", "beta/lapas-beta-kudus"]
    assert tree(site["out"]) == clean_tree(site, "two-sources")


def test_an_edit_that_links_the_registry_differently_writes_a_new_warm_start(site: dict[str, Path]) -> None:
    build_site(site)
    kept = warm_start(site["out"]).stat().st_mtime_ns
    change_predicate(site)  # counts and lists change: the registry is linked afresh
    build_site(site)
    assert warm_start(site["out"]).stat().st_mtime_ns != kept
    edit_award_source(site)
    build_site(site)
    assert tree(site["out"]) == clean_tree(site, "predicate-then-source")


def test_another_registry_built_into_the_same_folder_gives_its_own_site(site: dict[str, Path],
                                                                       tmp_path: Path) -> None:
    build_site(site)
    other = {**site, "root": tmp_path / "other"}
    other["root"].mkdir()
    for path in site["root"].rglob("*"):  # the same files under another root: nothing may be taken by identity
        target = other["root"] / path.relative_to(site["root"])
        if path.is_dir():
            target.mkdir(exist_ok=True)
        else:
            target.write_bytes(path.read_bytes())
    edit_award_source(other)
    build_site(other)
    assert tree(site["out"]) == clean_tree(other, "other-root")
