"""The counts worked out when the registry is linked equal those found by walking every unit.

Pages that show counts read these summaries (model.Registry round_counts, province_counts,
summary) instead of every unit, so that after an edit they depend on the counts, not on each unit.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from bench.sample import write_sample_registry
from sitegen.load.examples import search_examples
from sitegen.load.registry import load_registry
from sitegen.model.records import PREDICATES, Registry, Unit
from tests.conftest import MINI


def walked_counts(units: list[Unit]) -> dict:
    """Units by the predicate last recorded (or "revoked" when a revocation of it was recorded), the slow way."""
    counts = {"WBK": 0, "WBBM": 0, "revoked": 0, "total": len(units)}
    for unit in units:
        dated = sorted((a for a in unit.awards if a.year is not None), key=lambda a: (a.year, a.predicate == "WBBM"))
        undated = sorted((a for a in unit.awards if a.year is None), key=lambda a: a.predicate == "WBBM")
        last = (undated + dated)[-1]
        counts["revoked" if unit.is_revoked(last.predicate) else last.predicate] += 1
    return counts


def walked(reg: Registry) -> tuple[dict, dict, dict]:
    """Every summary, computed by walking every unit of the registry."""
    units = list(reg.units.values())
    rounds = {}
    for year in sorted(reg.units_by_year):
        rounds[year] = {f"{who}{key}": 0 for who in ("", "kemenpanrb_", "internal_", "unstated_")
                        for key in ("WBK", "WBBM", "total")}
        for unit in units:
            for award in unit.awards:
                if award.year == year:
                    who = {"kemenpanrb": "kemenpanrb_", "tidak-disebut": "unstated_"}.get(award.set_by, "internal_")
                    for key in (award.predicate, "total", who + award.predicate, who + "total"):
                        rounds[year][key] += 1
    provinces = {name: walked_counts([reg.units[u] for u in ids]) for name, ids in reg.units_by_province.items()}
    summary: dict = {
        "counts": walked_counts(units), "units": len(units), "awards": sum(len(u.awards) for u in units),
        "undated": tuple(u.id for u in units if any(a.year is None for a in u.awards)),
        "undated_awards": sum(1 for u in units for a in u.awards if a.year is None),
        "without_province": tuple(u.id for u in units if not u.province), "first_unit": units[0].id}
    for name in PREDICATES:
        holders = sorted((u for u in units if any(a.predicate == name for a in u.awards)),
                         key=lambda u: (u.name.casefold(), u.id))
        by_year: dict[int, int] = {}
        by_inst: dict[str, int] = {}
        for unit in holders:
            for year in {a.year for a in unit.awards if a.predicate == name and a.year is not None}:
                by_year[year] = by_year.get(year, 0) + 1
            by_inst[unit.institution_id] = by_inst.get(unit.institution_id, 0) + 1
        internal = [a for u in units for a in u.awards if a.predicate == name and a.set_internally]
        summary["predicate:" + name] = {
            "units": tuple(u.id for u in holders), "revoked": sum(1 for u in holders if u.is_revoked(name)),
            "by_year": tuple(sorted(by_year.items(), reverse=True)), "internal": len(internal),
            "internal_by_year": {y: sum(1 for a in internal if a.year == y) for y in {a.year for a in internal}
                                 if y is not None},
            "by_institution": tuple(sorted(by_inst.items(), key=lambda i: (-i[1], reg.institutions[i[0]].name)))}
    summary.update(walked_letters(units))
    summary["examples"] = search_examples(reg.units, reg.institutions, {i: list(ids) for i, ids in
                                                                        reg.units_by_institution.items()},
                                          {p: list(ids) for p, ids in reg.units_by_province.items()})
    return rounds, provinces, summary


def walked_letters(units: list[Unit]) -> dict:
    """The units A-Z groups, the slow way: each first letter's units sorted by name."""
    letters: dict[str, list[tuple[str, str, bool]]] = {}
    for unit in sorted(units, key=lambda u: (u.name.casefold(), u.id)):
        first = unicodedata.normalize("NFD", unit.name.strip())[:1].casefold()
        key = first if "a" <= first <= "z" else "0"
        letters.setdefault(key, []).append((unit.id, unit.name, any(unit.is_revoked(p) for p in PREDICATES)))
    return {"letters": tuple(sorted(letters)), **{"letter:" + k: tuple(v) for k, v in sorted(letters.items())}}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated registry of 600 units (revocations, undated awards, units abroad)."""
    root = tmp_path_factory.mktemp("summaries")
    write_sample_registry(root, 600, seed=11)
    return root


@pytest.mark.parametrize("which", ["mini", "sample"])
def test_summaries_made_when_linking_equal_walking_every_unit(which: str, sample: Path) -> None:
    reg, _ = load_registry(MINI if which == "mini" else sample)
    rounds, provinces, summary = walked(reg)
    assert reg.round_counts == rounds
    assert reg.province_counts == provinces
    assert list(reg.province_counts) == list(reg.units_by_province)
    assert reg.summary == summary
    assert summary["undated"] and summary["predicate:WBBM"]["units"]  # the registries exercise every part
    if which == "sample":
        assert summary["predicate:WBK"]["revoked"] or summary["predicate:WBBM"]["revoked"]
