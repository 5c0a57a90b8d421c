"""The speed machinery only saves work: a build with it switched off publishes the very same bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.sample import write_sample_registry
from sitegen.cache.session import Session
from sitegen.cache.state import cache_folder, state_paths
from sitegen.load.config import BuildOptions
from sitegen.pipeline import build
from tests.conftest import MINI, REPO


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder (None) below folder."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None
            for p in sorted(folder.rglob("*"))}


def both_ways(root: Path, tmp: Path, **options: object) -> tuple[dict, dict]:
    """The site built with the speed machinery, and without it."""
    fast, plain = tmp / "fast" / "public", tmp / "plain" / "public"
    build(BuildOptions(root=root, out=fast, **options), Session())
    build(BuildOptions(root=root, out=plain, **options))
    return tree(fast), tree(plain)


def test_the_shipped_registry_built_without_the_speed_machinery_is_byte_identical(tmp_path: Path) -> None:
    fast, plain = both_ways(REPO, tmp_path)
    assert len(plain) > 500 and fast == plain


def test_a_subpath_deploy_built_without_the_speed_machinery_is_byte_identical(tmp_path: Path) -> None:
    fast, plain = both_ways(MINI, tmp_path, base_path="/registri/", base_url="https://contoh.invalid")
    assert fast == plain


def test_a_build_without_the_speed_machinery_reads_and_leaves_no_state(tmp_path: Path) -> None:
    out = tmp_path / "public"
    build(BuildOptions(root=MINI, out=out), Session())  # leaves a state and a cache beside the output
    build(BuildOptions(root=MINI, out=out))
    assert not any(path.exists() for path in state_paths(out.resolve()))
    after = build(BuildOptions(root=MINI, out=out), Session())
    assert after.written == after.files  # the next fast build trusts nothing it did not record itself
    assert cache_folder(out).is_dir()


@pytest.mark.big
def test_a_generated_10k_registry_built_without_the_speed_machinery_is_byte_identical(tmp_path: Path) -> None:
    write_sample_registry(tmp_path / "registry", 10_000)
    fast, plain = both_ways(tmp_path / "registry", tmp_path)
    assert len(plain) > 20_000 and fast == plain
