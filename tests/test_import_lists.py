"""`build.py import`: editors' real lists in any format, dry runs, variant names stopped, answers kept."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pytest

from build import main
from sitegen.errors import DataError, Problems
from sitegen.importer.run import import_file
from sitegen.load.read import load_yaml
from sitegen.load.registry import load_registry
from tests.conftest import REPO, build_into, copy_registry
from tests.tools.spreadsheets import FIXTURES, write_xlsx

HEADER = ["No", "Nama Unit Kerja", "Instansi", "Predikat", "Tahun", "Provinsi", "Sumber", "Jenis sumber"]
MOJOKERTO = "https://panjinusantara.com/2023/05/03/hari-bakti-pemasyarakatan-ke-59-lapas-mojokerto-sabet-prestasi-" \
            "lapas-terbaik-ii-se-indonesia/"
JATIMNOW = "https://m.jatimnow.com/baca-9944-dinilai-bebas-korupsi-12-polres-di-jawa-timur-diganjar-penghargaan"
# Units data/ holds, named as other lists name them, for the round the registry has them in.
VARIANTS = [
    [1, "Lembaga Pemasyarakatan Kelas IIB Mojokerto", "Kementerian Hukum dan HAM", "WBK", 2021, "Jawa Timur",
     MOJOKERTO, "berita"],
    [2, "Polresta Malang Kota", "Polri", "WBK", 2018, "Jawa Timur", JATIMNOW, "berita"],
    [3, "Kanim Kelas I TPI Blitar", "Kemenkumham", "WBK", 2018, "Jawa Timur", "https://contoh.invalid/blitar",
     "berita"],
    [4, "Polres Kediri Kota", "Polri", "WBK", 2019, "Jawa Timur", "https://contoh.invalid/kediri-kota", "berita"],
]


def digest(root: Path) -> dict[str, str]:
    """Content hash of every file under data/."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "data").rglob("*")) if p.is_file()}


@pytest.fixture
def real(tmp_path: Path) -> Path:
    """A writable copy of the real registry."""
    return copy_registry(REPO, tmp_path / "reg")


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """The real registry's institutions and unit identities with no awards yet: the fixture list's real rows
    are in data/ already (the curated batch), so they are new only here."""
    root = tmp_path / "fresh"
    (root / "data" / "awards").mkdir(parents=True)
    for name in ("institutions.yaml", "units.yaml"):
        shutil.copy(REPO / "data" / name, root / "data" / name)
    shutil.copytree(REPO / "site_src", root / "site_src", ignore=shutil.ignore_patterns("news"))  # news names rounds
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("ext", ["xlsx", "ods"])
def test_a_real_list_with_indonesian_headers_imports_and_a_second_run_changes_nothing(
        fresh: Path, ext: str) -> None:
    real = fresh
    summary = import_file(FIXTURES / f"real-list.{ext}", real)
    assert (summary.rows, summary.rows_rejected, summary.duplicates) == (16, [], [])
    assert summary.awards_added == 16 and len(summary.units_created) == 15
    assert summary.units_merged == {"kemenkumham/lapas-kelas-iia-metro": ["row 6"]}  # units.yaml knows it (moved)
    reg, _ = load_registry(real)
    bpk = reg.units["bpk/bpk-perwakilan-provinsi-di-yogyakarta"]
    assert [(a.year, a.predicate) for a in bpk.awards] == [(2016, "WBK")]
    assert reg.units["polri/rumah-sakit-bhayangkara-palangkaraya"].awards[0].set_by == "polri"  # 'Ditetapkan oleh'
    before = digest(real)
    again = import_file(FIXTURES / f"real-list.{ext}", real)
    assert (again.awards_added, again.sources_added, again.unchanged, again.files) == (0, 0, 16, [])
    assert digest(real) == before


def test_a_dry_run_prints_the_real_runs_summary_and_leaves_data_byte_identical(
        fresh: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = fresh
    before = digest(real)
    code, dry, _ = run(capsys, str(FIXTURES / "real-list.xlsx"), "--root", str(real), "--dry-run")
    assert code == 0 and digest(real) == before
    assert "(dry run, nothing written): 16 rows" in dry and "  awards added:          16" in dry
    assert "  units created:         15\n    row 4: BPK Perwakilan Provinsi DI Yogyakarta -> " in dry
    assert "  rows rejected:         0" in dry
    code, done, _ = run(capsys, str(FIXTURES / "real-list.xlsx"), "--root", str(real))
    assert code == 0 and digest(real) != before
    assert done.replace("(written)", "(dry run, nothing written)").replace("files written", "files that would "
                                                                           "change") == dry


def test_rejected_rows_are_listed_by_number_and_nothing_is_written(real: Path, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    rows = [HEADER, [1, "Kantor Alfa", "Polri", "WBX", 2021, "", "https://contoh.invalid/a"],
            [2, "Polres Gresik", "Polri", "WBBM", 2023, "Jawa Timur", "https://contoh.invalid/gresik-2023"],
            [3, "", "Polri", "WBK", "20x1", "Atlantis", "ftp://contoh.invalid/"]]
    before = digest(real)
    for dry in ([], ["--dry-run"]):
        code, out, err = run(capsys, str(write_xlsx(tmp_path / "daftar.xlsx", rows)), "--root", str(real), *dry)
        assert code == 1 and digest(real) == before
        assert "  rows rejected:         2 (rows 2, 4)" in out and "  awards added:          1" in out
        assert "daftar.xlsx:2:1: row 2: predicate 'WBX' is not WBK or WBBM" in err
        assert "daftar.xlsx:4:1: row 4: missing unit" in err and "row 4: unknown province 'Atlantis'" in err
        assert err.rstrip().endswith("import stopped: nothing was written to data/ (5 problems)")


def test_variant_names_of_known_units_stop_the_import_with_how_to_answer(real: Path, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    source = write_xlsx(tmp_path / "varian.xlsx", [HEADER, *VARIANTS])
    before = digest(real)
    code, out, err = run(capsys, str(source), "--root", str(real))
    assert code == 1 and digest(real) == before
    assert "  likely duplicates:     4 (rows 2, 3, 4, 5)" in out and "  units created:         0" in out
    assert ("varian.xlsx:2:1: row 2: 'Lembaga Pemasyarakatan Kelas IIB Mojokerto' looks like unit "
            "kemenkumham/lapas-kelas-iib-mojokerto ('Lapas Kelas IIB Mojokerto') of kemenkumham, score 100") in err
    assert "row 3: 'Polresta Malang Kota' looks like unit polri/polres-malang-kota ('Polres Malang Kota')" in err
    assert "row 4: 'Kanim Kelas I TPI Blitar' looks like unit kemenkumham/kantor-imigrasi-kelas-ii-non-tpi-blitar " \
           "('Kantor Imigrasi Kelas II Non TPI Blitar') of kemenkumham, score 100" in err
    assert "row 5: 'Polres Kediri Kota' looks like unit polri/polres-kediri ('Polres Kediri') of polri, score 84" in err
    assert ("hint: if it is the same unit, import again with --same 'Polres Kediri Kota=polri/polres-kediri'; "
            "if it is another unit, with --distinct 'Polres Kediri Kota=polri/polres-kediri'; or add to "
            'data/units.yaml: - {id: polri/polres-kediri, name: "Polres Kediri", former_names: '
            '["Polres Kediri Kota"]} (same), or the same with distinct: (different)') in err


def test_after_the_answers_are_recorded_a_second_import_changes_nothing(real: Path, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    source = write_xlsx(tmp_path / "varian.xlsx", [HEADER, *VARIANTS])
    answers = ["--same", "Lembaga Pemasyarakatan Kelas IIB Mojokerto=kemenkumham/lapas-kelas-iib-mojokerto",
               "--same", "Polresta Malang Kota=polri/polres-malang-kota",
               "--same", "Kanim Kelas I TPI Blitar=kemenkumham/kantor-imigrasi-kelas-ii-non-tpi-blitar",
               "--distinct", "Polres Kediri Kota=polri/polres-kediri"]
    code, out, _ = run(capsys, str(source), "--root", str(real), *answers)
    assert code == 0
    assert "  units created:         1\n    row 5: Polres Kediri Kota -> polri/polres-kediri-kota" in out
    assert "    polri/polres-malang-kota <- row 3 'Polresta Malang Kota'" in out
    assert "  recorded in units.yaml: 4" in out and "data/units.yaml" in out
    reg, _ = load_registry(real)
    assert reg.units["polri/polres-malang-kota"].former_names == ("Polresta Malang Kota",)
    assert "Lembaga Pemasyarakatan Kelas IIB Mojokerto" in reg.units["kemenkumham/lapas-kelas-iib-mojokerto"] \
        .former_names
    assert "polri/polres-kediri-kota" in reg.units and "kemenkumham/kanim-kelas-i-tpi-blitar" not in reg.units
    units = load_yaml(real / "data" / "units.yaml", Problems()).data
    assert next(u for u in units if u["id"] == "polri/polres-kediri")["distinct"] == ["Polres Kediri Kota"]

    before = digest(real)
    code, out, _ = run(capsys, str(source), "--root", str(real))
    assert code == 0 and digest(real) == before
    assert "(nothing to change): 4 rows" in out and "  likely duplicates:     0" in out


def test_an_answer_written_by_hand_in_units_yaml_is_honoured(real: Path, tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "varian.xlsx", [HEADER, VARIANTS[1]])
    with (real / "data" / "units.yaml").open("a", encoding="utf-8") as units:
        units.write('\n- {id: polri/polres-malang-kota, name: "Polres Malang Kota", '
                    'former_names: ["Polresta Malang Kota"]}\n')  # the snippet the hint prints
    summary = import_file(source, real)
    assert (summary.duplicates, summary.units_created, summary.files) == ([], [], [])
    assert summary.units_merged == {"polri/polres-malang-kota": ["row 2 'Polresta Malang Kota'"]}


def test_an_answer_naming_no_unit_is_refused(real: Path, tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "varian.xlsx", [HEADER, VARIANTS[3]])
    with pytest.raises(DataError) as err:
        import_file(source, real, distinct=["Polres Kediri Kota=polri/tidak-ada", "tanpa-id"])
    assert [str(p).split("\n")[0] for p in err.value.problems] == [
        "--distinct: 'Polres Kediri Kota=polri/tidak-ada': there is no unit polri/tidak-ada in data/ or in the list",
        "--distinct: 'tanpa-id' is not a name and a unit id",
        f"{source.as_posix()}:2:1: row 2: 'Polres Kediri Kota' looks like unit polri/polres-kediri ('Polres Kediri') "
        "of polri, score 84; it was not imported"]


def test_the_sites_own_download_saved_as_xlsx_imports_with_no_change(real: Path, tmp_path: Path) -> None:
    public = build_into(real, tmp_path / "public")
    with (public / "data" / "penghargaan.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    grid = [rows[0], *([int(r[0]) if r[0] else "", *r[1:]] for r in rows[1:])]  # years as Excel keeps them
    before = digest(real)
    summary = import_file(write_xlsx(tmp_path / "penghargaan.xlsx", grid), real)
    assert (summary.rows, summary.awards_added, summary.sources_added, summary.files) == (len(rows) - 1, 0, 0, [])
    assert summary.unchanged == len(rows) - 1 and summary.duplicates == [] and summary.rows_rejected == []
    assert digest(real) == before


def test_a_semicolon_cp1252_csv_from_excel_imports(real: Path, tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["NO", "Unit Kerja", "K/L/Pemda", "PREDIKAT", "Tahun", "Kabupaten/Kota", "Sumber",
                         "Dasar tahun", "Catatan editor"])
        writer.writerow(["1", "Polres Gresik", "Polri", "Menuju WBBM", "2023", "Gresik",
                         "https://contoh.invalid/gresik–2023", "tahun menurut tanggal penyerahan",
                         "Tahun dari tanggal penyerahan; sumber tidak menyebut tahun penilaian"])
    summary = import_file(path, real)
    assert (summary.awards_added, summary.units_merged) == (1, {"polri/polres-gresik": ["row 2"]})
    award = load_yaml(real / "data" / "awards" / "2023.yaml", Problems()).data["awards"][-1]
    assert (award["unit"], award["predicate"], award["year_basis"], award["source_url"]) == (
        "Polres Gresik", "WBBM", "handover_date", "https://contoh.invalid/gresik–2023")
    assert award["editor_note"].startswith("Tahun dari tanggal penyerahan")


def test_unknown_columns_are_named_and_nothing_is_written(real: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    source = write_xlsx(tmp_path / "daftar.xlsx", [[*HEADER, "Nilai", "Keterangan"], [*VARIANTS[1], 90, "-"]])
    before = digest(real)
    code, _, err = run(capsys, str(source), "--root", str(real))
    assert code == 1 and digest(real) == before
    assert "daftar.xlsx:1:9: unknown column 'Nilai' (column I)" in err
    assert "daftar.xlsx:1:10: unknown column 'Keterangan' (column J)" in err


def test_two_names_in_one_round_of_one_list_are_two_units(real: Path, tmp_path: Path) -> None:
    kediri = [2, "Polres Kediri", "Polri", "WBK", 2019, "Jawa Timur", "https://contoh.invalid/kediri", "berita"]
    same_round = write_xlsx(tmp_path / "satu.xlsx", [HEADER, VARIANTS[3], kediri])  # both 2019
    summary = import_file(same_round, real, dry_run=True)
    assert summary.duplicates == [] and summary.units_created == [
        "row 2: Polres Kediri Kota -> polri/polres-kediri-kota"]
    other_round = write_xlsx(tmp_path / "dua.xlsx", [HEADER, VARIANTS[3], [*kediri[:4], 2021, *kediri[5:]]])
    with pytest.raises(DataError) as err:
        import_file(other_round, real, dry_run=True)
    assert "row 2: 'Polres Kediri Kota' looks like unit polri/polres-kediri" in str(err.value)
