"""Variant names of one unit are caught; names of different units are told apart."""

from __future__ import annotations

import pytest

from sitegen.importer.unit_names import LIKELY, likely_duplicate, normal_name, score
from sitegen.model.search_text import UNIT_TYPES

SAME_UNIT = [  # the variants the issue names, and the class change of a police resort
    ("Lapas Kelas IIA Kediri", "Lembaga Pemasyarakatan Kelas IIA Kediri"),
    ("Kantah Kota Bogor", "Kantor Pertanahan Kota Bogor"),
    ("KPP Pratama Jakarta Setiabudi Satu", "Kantor Pelayanan Pajak Pratama Jakarta Setiabudi I"),
    ("Polres Sidoarjo", "Polresta Sidoarjo"),
    ("Polresta Medan", "Polrestabes Medan"),
    ("Lapas Kelas IIB Mojokerto", "Lapas Kelas III Mojokerto"),
    ("Kantor Imigrasi Kelas II Non TPI Blitar", "Kanim Kelas I TPI Blitar"),
    ("Dinas Kependudukan dan Pencatatan Sipil (Disdukcapil) Kota Semarang", "Disdukcapil Kota Semarang"),
    ("KPP  Pratama Kediri.", "kpp pratama kediri"),
]
LIKELY_SAME = [  # not the same normal form, but alike enough that an editor must say
    ("Kantor Pertanahan Padang", "Kantor Pertanahan Kota Padang"),
    ("Polres Balikpapan", "Polres Balikpapn"),
    ("UPT Puskesmas Cilawu", "Puskesmas Cilawu"),
]
DIFFERENT = [  # real neighbours in the registry and the shared lists
    ("KPP Pratama Jakarta Setiabudi Satu", "KPP Pratama Jakarta Setiabudi Dua"),
    ("Polres Solok", "Polres Solok Selatan"),
    ("Otoritas Pelabuhan Utama Tanjung Perak", "Otoritas Pelabuhan Utama Tanjung Priok"),
    ("Pengadilan Agama Marabahan", "Pengadilan Negeri Marabahan"),
    ("Biro SDM Polda Sulawesi Selatan", "Biro SDM Polda Sumatera Selatan"),
    ("Kantor Otoritas Bandar Udara Padang", "Kantor Otoritas Bandar Udara Surabaya"),
    ("Pengadilan Negeri Bangli", "Pengadilan Negeri Bangil"),
]


@pytest.mark.parametrize(("a", "b"), SAME_UNIT)
def test_variant_names_of_one_unit_share_a_normal_form(a: str, b: str) -> None:
    assert normal_name(a) == normal_name(b)
    assert score(a, b) == 100


@pytest.mark.parametrize(("a", "b"), LIKELY_SAME)
def test_near_names_score_as_likely_duplicates(a: str, b: str) -> None:
    assert LIKELY <= score(a, b) < 100


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_names_with_another_number_place_or_court_are_not_alike(a: str, b: str) -> None:
    assert score(a, b) < LIKELY


def test_the_abbreviations_are_the_ones_search_uses() -> None:
    for short, phrases in UNIT_TYPES.items():
        for phrase in phrases:
            assert normal_name(f"{phrase} Contoh") == normal_name(f"{short} Contoh")


def test_the_most_alike_known_unit_is_named_unless_recorded_as_different() -> None:
    known = {"kemenimipas/lapas-kelas-iia-kediri": ["Lapas Kelas IIA Kediri"],
             "kemenimipas/lapas-kelas-iib-blitar": ["Lapas Kelas IIB Blitar"]}
    found = likely_duplicate("Lembaga Pemasyarakatan Kelas IIA Kediri", known, set())
    assert found is not None
    assert (found.unit_id, found.unit_name, found.score) == ("kemenimipas/lapas-kelas-iia-kediri",
                                                             "Lapas Kelas IIA Kediri", 100)
    assert likely_duplicate("Lembaga Pemasyarakatan Kelas IIA Kediri", known,
                            {"kemenimipas/lapas-kelas-iia-kediri"}) is None
    assert likely_duplicate("Lapas Kelas IIA Madiun", known, set()) is None


def test_names_without_latin_letters_or_digits_are_never_alike() -> None:
    assert normal_name("雅加达") == "" and score("雅加达", "泗水") == 0


def names_by_institution(root) -> dict[str, dict[str, list[str]]]:
    """Every unit's names by institution, as the importer knows them."""
    from sitegen.load.registry import load_registry

    reg, _ = load_registry(root)
    known: dict[str, dict[str, list[str]]] = {}
    for unit in reg.units.values():
        for award in unit.awards:
            names = known.setdefault(award.institution_as_awarded, {}).setdefault(unit.id, [])
            if award.name_as_awarded not in names:
                names.append(award.name_as_awarded)
    return known


@pytest.mark.parametrize("registry", ["shipped", "generated"])
def test_the_fast_search_finds_what_the_full_comparison_finds(registry: str, tmp_path) -> None:
    from bench.sample import write_sample_registry
    from sitegen.importer.unit_names import NameTable
    from tests.conftest import REPO

    root = REPO if registry == "shipped" else tmp_path
    if registry == "generated":
        write_sample_registry(tmp_path, 1500)
    compared = 0
    for units in names_by_institution(root).values():
        table = NameTable()
        for uid, names in sorted(units.items()):
            for name in names:
                table.add(uid, name)
        for uid, names in units.items():
            for name in names:
                assert table.likely(name, lambda other, me=uid: other == me) == likely_duplicate(name, units, {uid})
                compared += 1
    assert compared > 200
