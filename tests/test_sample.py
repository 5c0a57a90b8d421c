"""The generated sample registry: deterministic, the right size and shape, never written into the repo's data."""

from __future__ import annotations

import collections
import itertools
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from slugify import slugify

from bench.sample import MARK, REPO, write_sample_registry
from sitegen.model.geo import PROVINCES

CATEGORIES = {"kementerian", "lembaga", "provinsi", "kabupaten", "kota"}


def load(path: Path) -> object:
    """Parse one YAML file with libyaml."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=yaml.CSafeLoader)


def read_registry(root: Path) -> tuple[list[dict], dict[int | None, dict], list[dict]]:
    """Institutions, rounds by year (None: tanpa-tahun) and revocations."""
    rounds = {}
    for path in sorted((root / "data" / "awards").glob("*.yaml")):
        rnd = load(path)
        assert path.stem == (str(rnd["year"]) if rnd["year"] is not None else "tanpa-tahun")
        rounds[rnd["year"]] = rnd
    return load(root / "data" / "institutions.yaml"), rounds, load(root / "data" / "revocations.yaml")


def awards(rounds: dict[int | None, dict]) -> list[dict]:
    """Every award, with its round's year."""
    return [{**a, "year": year} for year, rnd in rounds.items() for a in rnd["awards"]]


def unit_id(award: dict) -> str:
    """Unit identity as the data contract defines it."""
    return f"{award['institution']}/{slugify(award['unit'])}"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root by relative path."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sample10k(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple]:
    """A 10,000-unit sample and its parsed files."""
    root = tmp_path_factory.mktemp("sample10k")
    stats = write_sample_registry(root, 10_000, seed=3)
    return root, (stats, *read_registry(root))


def test_same_units_and_seed_give_identical_files(tmp_path: Path) -> None:
    write_sample_registry(tmp_path / "a", 1500, seed=7)
    write_sample_registry(tmp_path / "b", 1500, seed=7)
    write_sample_registry(tmp_path / "c", 1500, seed=8)
    first, second = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert first == second
    assert first != snapshot(tmp_path / "c")


def test_rewriting_a_sample_leaves_no_stale_files(tmp_path: Path) -> None:
    write_sample_registry(tmp_path / "a", 5000, seed=1)
    write_sample_registry(tmp_path / "a", 300, seed=1)
    write_sample_registry(tmp_path / "b", 300, seed=1)
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_exactly_n_units(sample10k: tuple[Path, tuple]) -> None:
    _, (stats, _, rounds, _) = sample10k
    all_awards = awards(rounds)
    assert len({unit_id(a) for a in all_awards}) == 10_000 == stats.units
    assert len(all_awards) == stats.awards


@settings(max_examples=12, deadline=None)
@given(units=st.integers(min_value=1, max_value=700), seed=st.integers(min_value=0, max_value=10**6))
def test_any_size_has_exactly_n_units(units: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        write_sample_registry(Path(tmp), units, seed=seed)
        _, rounds, _ = read_registry(Path(tmp))
        assert len({unit_id(a) for a in awards(rounds)}) == units


def test_names_are_unique_within_an_institution(sample10k: tuple[Path, tuple]) -> None:
    _, (_, _, rounds, _) = sample10k
    names: dict[str, set[str]] = collections.defaultdict(set)
    for award in awards(rounds):
        names[unit_id(award)].add(award["unit"])
    assert all(len(n) == 1 for n in names.values())


def test_about_twelve_percent_wbbm_and_always_after_wbk(sample10k: tuple[Path, tuple]) -> None:
    _, (stats, _, rounds, _) = sample10k
    all_awards = awards(rounds)
    wbbm = [a for a in all_awards if a["predicate"] == "WBBM"]
    assert 0.08 <= len(wbbm) / len(all_awards) <= 0.16
    assert len(wbbm) == stats.wbbm_awards
    wbk_year = {unit_id(a): a["year"] for a in all_awards if a["predicate"] == "WBK"}
    for award in wbbm:
        earlier = wbk_year.get(unit_id(award))
        assert earlier is not None and award["year"] is not None and earlier < award["year"], award


def test_rounds_grow_from_about_ten(sample10k: tuple[Path, tuple]) -> None:
    _, (stats, _, rounds, _) = sample10k
    sizes = [len(rounds[y]["awards"]) for y in stats.years]
    assert stats.years == tuple(range(stats.years[0], 2026))
    assert 5 <= sizes[0] <= 20 and 1500 <= sizes[-1] <= 2500
    assert all(b >= a for a, b in itertools.pairwise(sizes))
    for year in stats.years:
        rnd = rounds[year]
        total = rnd["reported_totals"][0]
        assert total["wbk"] + total["wbbm"] == total["total"] == len(rnd["awards"])
        assert rnd["ceremony"]["date"].year in (year, year + 1)
    assert None in rounds and "ceremony" not in rounds[None] and 0 < stats.undated_awards <= 10


def test_all_38_provinces_are_used(sample10k: tuple[Path, tuple]) -> None:
    _, (_, _, rounds, _) = sample10k
    used = {a["province"] for a in awards(rounds) if a.get("province")}
    assert used == set(PROVINCES) and len(used) == 38


def test_institutions_are_plausible_and_skewed(sample10k: tuple[Path, tuple]) -> None:
    _, (stats, institutions, rounds, _) = sample10k
    ids = [i["id"] for i in institutions]
    assert 200 <= len(ids) == len(set(ids)) == stats.institutions <= 400
    for inst in institutions:
        assert inst["category"] in CATEGORIES
        if inst["category"] in {"provinsi", "kabupaten", "kota"}:
            assert inst["province"] in PROVINCES
        else:
            assert inst["province"] is None
    sizes = collections.Counter(a["institution"] for a in awards(rounds) if a["predicate"] == "WBK")
    assert set(sizes) <= set(ids)
    assert max(sizes.values()) > 10 * statistics.median(sizes.values())


def test_sources_are_clearly_fake(sample10k: tuple[Path, tuple]) -> None:
    _, (_, _, rounds, revocations) = sample10k
    urls = [a["source_url"] for a in awards(rounds)] + [r["source_url"] for r in revocations]
    assert all(u.startswith("https://contoh.invalid/sumber/") for u in urls)
    assert len({a["source_url"] for a in awards(rounds)}) == len(awards(rounds))


def test_revocations_name_real_wbk_units(sample10k: tuple[Path, tuple]) -> None:
    _, (stats, _, rounds, revocations) = sample10k
    wbk_year = {unit_id(a): a["year"] for a in awards(rounds) if a["predicate"] == "WBK"}
    assert len(revocations) == stats.revocations >= 1
    for rev in revocations:
        revoked = rev["revoked_on"] if isinstance(rev["revoked_on"], int) else rev["revoked_on"].year
        assert rev["predicate"] == "WBK" and wbk_year[rev["unit"]] < revoked <= 2025


def test_prose_is_marked_as_generated(sample10k: tuple[Path, tuple]) -> None:
    root, (stats, _, _, _) = sample10k
    news = sorted((root / "site_src" / "news").glob("*.md"))
    assert len(news) == stats.news >= 1
    pages = root / "site_src" / "pages"
    for path in [*news, pages / "tentang.md", pages / "hari-antikorupsi.md"]:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("---\n") and MARK in text


@pytest.mark.parametrize("target", ["data", "data/awards", "site_src", "site_src/news", "."])
def test_refuses_the_repository_data(target: str) -> None:
    with pytest.raises(ValueError):
        write_sample_registry(REPO / target, 10)


def test_refuses_a_folder_holding_other_data(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "institutions.yaml").write_text("- id: x\n", encoding="utf-8")
    with pytest.raises(ValueError):
        write_sample_registry(tmp_path, 10)


def test_floor_renders_every_page(tmp_path: Path) -> None:
    root, out, plain = tmp_path / "sample", tmp_path / "out", tmp_path / "plain"
    write_sample_registry(root, 300, seed=5)
    institutions, rounds, _ = read_registry(root)
    all_awards = awards(rounds)
    units = {unit_id(a) for a in all_awards}
    provinces = {a["province"] for a in all_awards if a.get("province")}
    years = {y for y in rounds if y is not None}
    lists = 1 + len(institutions) + len(years) + len(provinces)
    for flags, target in (([], out), (["--plain"], plain)):
        result = subprocess.run([sys.executable, str(REPO / "bench" / "floor.py"), *flags, str(root), str(target)],
                                capture_output=True, text=True, check=True, timeout=120)
        assert len(result.stdout.splitlines()) == 1 and "300 units" in result.stdout
    assert len(list(plain.rglob("*.*"))) == lists + len(units)  # one page per unit
    assert len(list(out.rglob("index.html"))) == lists + 2 * len(units)  # like for like: page and sheet
    for uid in units:  # and the JSON twin and badge, the four files the site writes per unit
        for name in ("index.html", "index.json", "lencana.svg", "periksa/index.html"):
            assert (out / "unit" / uid / name).is_file(), (uid, name)
