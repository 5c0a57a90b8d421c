"""import-csv: solid enough for editors to feed every new decree list through it."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pytest

from build import main
from sitegen.errors import DataError
from sitegen.importer.run import import_file
from sitegen.load import schema
from sitegen.load.registry import load_registry
from tests.conftest import LIST_COLUMNS as COLUMNS
from tests.conftest import MINI, REAL_CSV, REPO, build_into, copy_registry, read_page


def write_csv(path: Path, rows: list[dict]) -> Path:
    """A CSV in the import columns."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})
    return path


def data_digest(root: Path) -> dict[str, str]:
    """Content hashes of every data file."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "data").rglob("*")) if p.is_file()}


def row(**values: str) -> dict:
    """A valid row, with overrides."""
    base = {"year": "2022", "predicate": "WBK", "institution": "Kementerian Alfa", "institution_category":
            "kementerian", "province": "Jawa Timur", "city": "Kediri", "unit": "Kantor Alfa Kediri",
            "source_url": "https://contoh.invalid/kediri", "source_title": "Kediri raih WBK", "source_kind": "resmi",
            "note": ""}
    return base | values


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """A writable copy of the mini registry."""
    return copy_registry(MINI, tmp_path / "reg")


def test_a_second_import_of_the_same_file_changes_no_file(registry: Path, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "a.csv", [row(), row(unit="Kantor Alfa Blitar", city="Blitar")])
    first = import_file(source, registry)
    assert first.awards_added == 2
    before = data_digest(registry)
    second = import_file(source, registry)
    assert (second.awards_added, second.sources_added, second.unchanged, second.files) == (0, 0, 2, [])
    assert data_digest(registry) == before


def test_rows_merge_into_existing_units_by_institution_and_name(registry: Path, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "a.csv", [
        row(year="2022", predicate="WBBM", institution="Badan Beta Nasional", unit="pengadilan  beta SEMARANG",
            source_url="https://contoh.invalid/beta-2022"),
        row(year="2020", predicate="WBBM", unit="Kantor Alfa Surabaya", source_url="https://contoh.invalid/third"),
    ])
    report = import_file(source, registry)
    assert (report.awards_added, report.sources_added) == (1, 1)
    reg, _ = load_registry(registry)
    unit = reg.units["beta/pengadilan-beta-semarang"]
    assert [(a.year, a.predicate) for a in unit.awards] == [(2019, "WBK"), (2022, "WBBM")]
    surabaya = reg.units["alfa/kantor-alfa-surabaya"].awards[-1]
    assert [s.url for s in surabaya.sources][-1] == "https://contoh.invalid/third"


def test_new_institutions_are_created_from_the_row(registry: Path, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "a.csv", [row(institution="Pemerintah Kabupaten Delta", institution_category=
                                                "kabupaten", province="Bali", unit="Dinas Delta")])
    report = import_file(source, registry)
    reg, _ = load_registry(registry)
    inst = reg.institutions["pemerintah-kabupaten-delta"]
    assert (inst.category, inst.province) == ("kabupaten", "Bali")
    assert "pemerintah-kabupaten-delta/dinas-delta" in reg.units and report.awards_added == 1


def test_rows_missing_unit_predicate_or_institution_are_rejected_with_row_numbers(registry: Path,
                                                                                 tmp_path: Path) -> None:
    before = data_digest(registry)
    source = write_csv(tmp_path / "bad.csv", [row(), row(unit=""), row(predicate=""), row(institution=""),
                                              row(predicate="WBX", year="20x1"), row(year="2090")])
    with pytest.raises(DataError) as err:
        import_file(source, registry)
    messages = [p.message for p in err.value.problems]
    assert messages == ["row 3: missing unit", "row 4: missing predicate", "row 5: missing institution",
                        "row 6: predicate 'WBX' is not WBK or WBBM",
                        "row 6: year '20x1' is not a four-digit year (leave it blank when the source gives none)",
                        "row 7: year 2090 is in the future (a typo? the registry records only what has happened)"]
    assert all(p.file.endswith("bad.csv") for p in err.value.problems)
    assert data_digest(registry) == before  # nothing written when any row is bad


def test_the_command_line_reports_bad_rows_and_exits_1(registry: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    source = write_csv(tmp_path / "bad.csv", [row(unit="")])
    assert main(["import-csv", str(source), "--root", str(registry)]) == 1
    assert "bad.csv:2:1: row 2: missing unit" in capsys.readouterr().err


def test_importing_the_real_csvs_into_an_empty_registry_rebuilds_the_shipped_awards(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    (root / "data" / "awards").mkdir(parents=True)
    (root / "data" / "institutions.yaml").write_text((REPO / "data" / "institutions.yaml").read_text())
    shutil.copytree(REPO / "site_src", root / "site_src")  # the pages every registry needs
    with pytest.raises(DataError) as stopped:  # the list names one police resort two ways, in 2016 and 2017
        import_file(REAL_CSV, root)
    assert [p.message.split(";")[0] for p in stopped.value.problems] == [
        "row 26: 'Polresta Sidoarjo' looks like unit polri/polres-sidoarjo ('Polres Sidoarjo') of polri, score 100"]
    # Polres Malang Kota and Polres Mojokerto Kota are not asked: the list names them beside Polres Malang and
    # Polres Mojokerto in the same round, so they are other units.
    summary = import_file(REAL_CSV, root, same=["Polresta Sidoarjo=polri/polres-sidoarjo"])  # as units.yaml says
    assert (summary.awards_added, summary.unchanged) == (156, 0)
    assert "data/units.yaml" in summary.files
    report = import_file(REPO / "data" / "imported" / "more_awards.csv", root)  # the curated second batch
    assert (report.awards_added, report.unchanged) == (67, 0)
    with schema.tolerating(schema.SOURCE_KIND_FIELDS):  # these lists do not say what their sources are
        reg, _ = load_registry(root)
    shipped, _ = load_registry(REPO)
    pairs = {(a.institution_as_awarded, a.name_as_awarded, a.year, a.predicate) for u in reg.units.values()
             for a in u.awards}
    shipped_pairs = {(a.institution_as_awarded, a.name_as_awarded, a.year, a.predicate)
                     for u in shipped.units.values() for a in u.awards}
    assert shipped_pairs - pairs == {("kemenlu", "KBRI Singapura", None, "WBK")}  # entered by hand, not in the CSV


def test_another_real_csv_adds_unit_pages_and_merges_known_units(tmp_path: Path) -> None:
    root = copy_registry(REPO, tmp_path / "reg")
    source = write_csv(tmp_path / "more.csv", [
        row(year="2023", predicate="WBBM", institution="Kepolisian Negara Republik Indonesia",
            institution_category="lembaga", unit="Polres Gresik", city="Gresik",
            source_url="https://contoh.invalid/gresik-2023"),
        row(year="2023", institution="Polri", institution_category="lembaga", unit="Polres Kediri Kota",
            city="Kediri", source_url="https://contoh.invalid/kediri-2023"),
    ])
    import_file(source, root, distinct=["Polres Kediri Kota=polri/polres-kediri"])  # not the Polres Kediri held
    public = build_into(root, tmp_path / "public")
    gresik = read_page(public, "unit/polri/polres-gresik/")
    assert 'href="/tahun/2023/">2023</a>' in gresik and 'href="/tahun/2016/">2016</a>' in gresik
    assert "Polres Kediri Kota" in read_page(public, "unit/polri/polres-kediri-kota/")


def test_a_new_regional_institution_without_province_is_rejected_at_its_row(registry: Path, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "a.csv", [row(institution="Pemerintah Kota Epsilon", institution_category="kota",
                                                province="", unit="Dinas Epsilon")])
    with pytest.raises(DataError) as err:
        import_file(source, registry)
    assert next(str(p) for p in err.value.problems).startswith(
        f"{source.as_posix()}:2:1: row 2: new regional institution 'Pemerintah Kota Epsilon' needs a province")


SOURCES_COLUMNS = (*COLUMNS, "set_by", "year_basis", "editor_note")


def write_sources_csv(path: Path, rows: list[dict]) -> Path:
    """A CSV with the columns that say who set a predicate and how its year is known."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=SOURCES_COLUMNS)
        writer.writeheader()
        for values in rows:
            writer.writerow({c: values.get(c, "") for c in SOURCES_COLUMNS})
    return path


def test_who_set_it_and_two_undated_predicates_import_and_show_without_an_invented_year(
        registry: Path, tmp_path: Path) -> None:
    source = write_sources_csv(tmp_path / "sumber.csv", [
        row(unit="Kantor Alfa Madiun", city="Madiun", set_by="Badan Beta Nasional", year="2024",
            note="Ditetapkan dengan keputusan Kepala Badan Beta."),
        row(unit="Kantor Alfa Ngawi", city="Ngawi", year="", predicate="WBK"),
        row(unit="Kantor Alfa Ngawi", city="Ngawi", year="", predicate="WBBM",
            source_url="https://contoh.invalid/ngawi-wbbm"),
        row(unit="Kantor Alfa Nganjuk", city="Nganjuk", year="2023", year_basis="handover_date",
            editor_note="year from the ceremony date, 12 Dec 2023"),
        row(unit="Kantor Alfa Kediri", set_by="KemenPANRB"),
    ])
    report = import_file(source, registry)
    assert report.awards_added == 5
    assert import_file(source, registry).awards_added == 0  # a second run changes nothing
    undated = (registry / "data" / "awards" / "tanpa-tahun.yaml").read_text(encoding="utf-8")
    assert undated.count("unit: Kantor Alfa Ngawi") == 2
    site = build_into(registry, tmp_path / "public")
    madiun = read_page(site, "unit/alfa/kantor-alfa-madiun/")
    assert "ditetapkan oleh BB (WBK Mandiri)" in madiun
    assert "Penyerahan" not in madiun  # KemenPANRB's ceremony is not this award's
    ngawi = read_page(site, "unit/alfa/kantor-alfa-ngawi/")
    assert ngawi.count("tahun tidak diketahui") >= 2
    assert not any(str(year) in ngawi.split("Riwayat predikat")[1].split("Kutip")[0] for year in range(1990, 2100))
    nganjuk = read_page(site, "unit/alfa/kantor-alfa-nganjuk/")
    assert "2023</a> (tahun menurut tanggal penyerahan)" in nganjuk
    assert "ceremony date" not in nganjuk  # editors' notes are never published
    kediri = read_page(site, "unit/alfa/kantor-alfa-kediri/")
    assert "ditetapkan oleh KemenPANRB" in kediri


def test_an_unknown_setter_or_year_basis_is_refused_with_its_row(registry: Path, tmp_path: Path) -> None:
    source = write_sources_csv(tmp_path / "salah.csv", [
        row(set_by="Kementerian Tidak Ada"),
        row(unit="Kantor Alfa Blitar", year_basis="guessed"),
        row(unit="Kantor Alfa Tuban", year="", year_basis="handover_date"),
    ])
    before = data_digest(registry)
    with pytest.raises(DataError) as err:
        import_file(source, registry)
    text = str(err.value)
    assert "row 2: set_by 'Kementerian Tidak Ada' is neither KemenPANRB nor a known institution" in text
    assert "row 3: year_basis 'guessed' is not one of stated, handover_date, decree_date" in text
    assert "row 4: year_basis 'handover_date' needs a year" in text
    assert data_digest(registry) == before
