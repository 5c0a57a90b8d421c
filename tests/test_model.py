"""The model's derived values: worked out in one place and read everywhere else."""

from __future__ import annotations

import datetime as dt

from sitegen.load.registry import load_registry
from sitegen.model.places import resolve
from sitegen.model.records import Revocation
from tests.conftest import MINI


def test_a_revocation_has_a_year_whether_its_source_gives_a_date_or_only_a_year() -> None:
    dated = Revocation("alfa/x", "WBK", dt.date(2022, 2, 1), "Alasan.", "https://contoh.invalid/a")
    undated = Revocation("alfa/x", "WBK", 2023, "Alasan.", "https://contoh.invalid/b")
    assert (dated.year, undated.year) == (2022, 2023)


def test_where_a_revocation_was_read_is_not_part_of_its_value() -> None:
    first = Revocation("alfa/x", "WBK", 2023, "Alasan.", "https://contoh.invalid/b", line=4)
    assert first == Revocation("alfa/x", "WBK", 2023, "Alasan.", "https://contoh.invalid/b", line=9)
    assert "line" not in repr(first)


def test_a_value_many_records_repeat_is_one_object_in_the_registry() -> None:
    """Awards repeat their predicate, setter, institution, province and source kind, and units share
    kabupaten/kota: the registry holds each value once (at 100k units the copies cost tens of MiB in
    every build process, docs/performance.md)."""
    reg, _ = load_registry(MINI)
    awards = [award for unit in reg.units.values() for award in unit.awards]
    repeated = {
        "predicate": [a.predicate for a in awards],
        "set_by": [a.set_by for a in awards],
        "institution_as_awarded": [a.institution_as_awarded for a in awards],
        "province": [a.province for a in awards if a.province],
        "source kind": [s.kind for a in awards for s in a.sources if s.kind],
    }
    for what, values in repeated.items():
        assert len(values) > len(set(values)), f"the fixture repeats no {what}"
        assert len({id(v) for v in values}) == len(set(values)), f"equal {what} values are separate objects"
    gresik = [resolve("Jawa Timur", city, unit).place for city, unit in
              (("Kabupaten Gresik", "Polres Gresik"), ("Gresik", "Kantor Pertanahan Kabupaten Gresik"))]
    assert gresik[0] is gresik[1]


def test_the_records_there_are_one_or_more_of_per_unit_carry_no_dict() -> None:
    reg, _ = load_registry(MINI)
    award = next(iter(reg.units.values())).awards[0]
    for record in (award, award.sources[0], next(r for r in reg.place_of.values() if r.place),
                   next(r.place for r in reg.place_of.values() if r.place)):
        assert not hasattr(record, "__dict__"), type(record).__name__
