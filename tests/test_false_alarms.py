"""The likely-duplicate question: asked about real variants, never about a spelling of the same name or about
units of other places, nor about place names built of different parts."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest

from sitegen.errors import DataError
from sitegen.importer.run import ImportStopped, import_file
from sitegen.importer.unit_names import may_be_one_place, score
from sitegen.load.registry import load_registry

INSTITUTIONS = """\
- {id: bpn, name: Kementerian ATR/BPN, category: kementerian}
- {id: basarnas, name: Badan SAR Nasional, category: lembaga}
- {id: polri, name: Kepolisian Negara Republik Indonesia, short_name: Polri, category: lembaga}
- {id: kemenkumham, name: Kementerian Hukum dan HAM, category: kementerian}
- {id: pemkab-majalengka, name: Pemerintah Kabupaten Majalengka, category: kabupaten, province: Jawa Barat}
- {id: pemprov-jawa-timur, name: Pemerintah Provinsi Jawa Timur, category: provinsi, province: Jawa Timur}
"""
KNOWN = [  # unit, institution, province, city: what the registry already holds (2020)
    ("Kantor Pertanahan Kabupaten Badung", "bpn", "Bali", "Kabupaten Badung"),
    ("Kecamatan Sumberjaya", "pemkab-majalengka", "Jawa Barat", "Kabupaten Majalengka"),
    ("RSUD Dr. Soedono Madiun", "pemprov-jawa-timur", "Jawa Timur", "Kota Madiun"),
    ("Kantor SAR Pontianak", "basarnas", "Kalimantan Barat", "Kota Pontianak"),
    ("Polres Sidoarjo", "polri", "Jawa Timur", "Kabupaten Sidoarjo"),
    ("Lapas Kelas IIA Kediri", "kemenkumham", "Jawa Timur", "Kota Kediri"),
]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A registry holding the KNOWN units."""
    data = tmp_path / "reg" / "data"
    (data / "awards").mkdir(parents=True)
    (data / "institutions.yaml").write_text(INSTITUTIONS, encoding="utf-8")
    awards = "".join(f"  - {{unit: {u}, institution: {i}, predicate: WBK, province: {p}, city: {c}, "
                     f"source_url: 'https://contoh.invalid/{n}', source_kind: resmi, set_by: kemenpanrb}}\n"
                     for n, (u, i, p, c) in enumerate(KNOWN))
    (data / "awards" / "2020.yaml").write_text(f"year: 2020\nawards:\n{awards}", encoding="utf-8")
    return tmp_path / "reg"


def imported(root: Path, *rows: tuple[str, str, str, str]) -> Path:
    """A 2021 list of these rows (unit, institution, province, city)."""
    path = root / "daftar.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["unit", "institution", "predicate", "year", "province", "city", "source_url", "source_kind"])
        for n, (unit, inst, province, city) in enumerate(rows):
            out.writerow([unit, inst, "WBK", "2021", province, city, f"https://contoh.invalid/2021/{n}", "berita"])
    return path


def questions(root: Path, *rows: tuple[str, str, str, str]) -> list[str]:
    """The likely-duplicate questions a dry run of the rows asks."""
    try:
        import_file(imported(root, *rows), root, dry_run=True)
    except ImportStopped as err:
        return [p.message for p in err.problems if "looks like unit" in p.message]
    return []


def test_the_issues_false_alarms_and_a_cross_province_pair_ask_nothing(root: Path) -> None:
    assert questions(root, ("Kantor Pertanahan Kota Bandung", "bpn", "Jawa Barat", "Kota Bandung"),
                     ("Kecamatan Sumberraya", "pemkab-majalengka", "Jawa Barat", "Kabupaten Majalengka"),
                     ("RSUD Dr Soedono Madiun", "pemprov-jawa-timur", "Jawa Timur", "Kota Madiun"),
                     ("Kantor SAR Pontianek", "basarnas", "Jawa Tengah", "")) == []


@pytest.mark.parametrize(("province", "city", "asked"), [
    ("Kalimantan Barat", "", True),  # a misspelling in the same province: asked
    ("Jawa Tengah", "", False),  # another province: never the same unit
    ("Kalimantan Barat", "Kabupaten Kubu Raya", False),  # another kabupaten/kota, both given
    ("Kalimantan Barat", "Pontianak", True),  # the same city, its kind left out
])
def test_a_question_pairs_only_units_that_may_be_in_one_place(root: Path, province: str, city: str,
                                                             asked: bool) -> None:
    assert bool(questions(root, ("Kantor SAR Pontianek", "basarnas", province, city))) == asked


@pytest.mark.parametrize("row", [
    ("Lembaga Pemasyarakatan Kelas IIA Kediri", "kemenkumham", "Jawa Timur", "Kota Kediri"),
    ("Polresta Sidoarjo", "polri", "Jawa Timur", "Kabupaten Sidoarjo"),
])
def test_real_variants_still_stop_the_import(root: Path, row: tuple[str, str, str, str]) -> None:
    assert len(questions(root, row)) == 1


def test_a_name_spelled_otherwise_is_merged_recorded_and_reported(root: Path) -> None:
    summary = import_file(imported(root, ("RSUD dr  Soedono, Madiun", "pemprov-jawa-timur", "Jawa Timur", "")), root)
    assert summary.spelled_alike == [(2, "RSUD dr Soedono, Madiun", "pemprov-jawa-timur/rsud-dr-soedono-madiun")]
    assert "spelled alike:         1" in summary.text()
    assert summary.units_created == [] and list(summary.units_merged) == ["pemprov-jawa-timur/rsud-dr-soedono-madiun"]
    units = (root / "data" / "units.yaml").read_text(encoding="utf-8")
    assert "former_names: ['RSUD dr Soedono, Madiun']" in units or 'former_names: ["RSUD dr Soedono, Madiun"]' in units
    reg, _ = load_registry(root)  # the build reads both names as the one unit
    assert len(reg.units["pemprov-jawa-timur/rsud-dr-soedono-madiun"].awards) == 2


def test_numbers_are_not_punctuation(root: Path) -> None:
    try:
        summary = import_file(imported(root, ("Polres Sidoarjo 2", "polri", "Jawa Timur", "")), root, dry_run=True)
    except (ImportStopped, DataError):
        return
    assert summary.spelled_alike == []


@pytest.mark.parametrize(("a", "b"), [("Kecamatan Sumberraya", "Kecamatan Sumberjaya"),
                                      ("Desa Sukamaju", "Desa Sidomaju"),
                                      ("Kantah Kota Bandung", "Kantah Kabupaten Bandung")])
def test_names_built_of_different_place_parts_or_kinds_are_different_units(a: str, b: str) -> None:
    assert score(a, b) == 0


def test_a_misspelling_outside_a_place_part_still_looks_alike() -> None:
    assert score("Kantor SAR Pontianak", "Kantor SAR Pontianek") >= 70


def test_one_place_is_judged_on_what_both_give() -> None:
    assert may_be_one_place("Jawa Barat", "", {"Jawa Barat"}, set())
    assert not may_be_one_place("Jawa Barat", "Kota Bandung", set(), {"Kabupaten Badung"})
    assert not may_be_one_place("Jawa Barat", "Kota Bandung", set(), {"Kabupaten Bandung"})
    assert may_be_one_place("Jawa Barat", "Bandung", set(), {"Kabupaten Bandung"})
    assert may_be_one_place(None, "", {"Bali"}, {"Kabupaten Badung"})


class Terminal(io.StringIO):
    """stderr as a terminal, where a progress bar is drawn."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("wanted", [True, False])
def test_a_long_import_shows_its_progress_on_a_terminal(root: Path, monkeypatch: pytest.MonkeyPatch,
                                                        wanted: bool) -> None:
    monkeypatch.setattr("sitegen.progress.PROGRESS_MIN_JOBS", 2)  # "long": two rows are enough for the test
    monkeypatch.setattr(sys, "stderr", Terminal())
    rows = [(f"Kantor SAR Pos {n}", "basarnas", "Jawa Timur", "") for n in range(1, 4)]
    import_file(imported(root, *rows), root, dry_run=True, progress=wanted)
    assert ("importing:" in sys.stderr.getvalue() and "/3 " in sys.stderr.getvalue()) == wanted  # rows of 3


def test_the_province_index_asks_what_the_whole_institution_would(tmp_path: Path) -> None:
    from bench.sample import write_sample_registry
    from sitegen.errors import Problems
    from sitegen.importer.row_check import Row
    from sitegen.importer.rows import Workspace
    from sitegen.importer.run import known_units, read_specs

    write_sample_registry(tmp_path, 2000)
    ws = Workspace.open(tmp_path / "data", Problems(tmp_path))
    known = known_units(ws, read_specs(tmp_path / "data", Problems(tmp_path)))
    asked = 0
    for number, (uid, insts) in enumerate(sorted(known.institutions.items())):
        provinces = sorted(known.places.get(uid, (set(), set()))[0]) or ["Jawa Timur"]
        for inst in sorted(insts):
            for name in known.names[inst][uid]:
                for asked_name in (name, name.replace(" ", "  ") + "a"):  # itself, and a near-miss
                    row = Row(number, 2021, "WBK", inst, "", provinces[0], "", asked_name, "https://x.invalid", "")
                    fast, full = known.likely(inst, row, "x/y"), known.likely(inst, row, "x/y", indexed=False)
                    assert fast == full, (asked_name, fast, full)
                    asked += fast is not None
    assert asked > 50  # the comparison saw real questions, not only empty answers
