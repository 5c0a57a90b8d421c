"""Reading editors' lists: one Table from .csv (any encoding or separator Excel writes), .xlsx and .ods."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sitegen.errors import Problems
from sitegen.importer.tables import Table, column_of, read_table
from tests.tools.spreadsheets import FIXTURES, write_ods, write_xlsx

REAL_LIST = FIXTURES / "real-list.csv"  # real rows of shared/data/more_awards.csv
HEADER = ["No", "Nama Unit Kerja", "K/L/Pemda", "Predikat", "Tahun", "Provinsi", "Kabupaten/Kota", "Sumber"]
ROWS = [[1, "Lapas Kelas IIA Kediri", "Kementerian Hukum dan HAM", "WBK", 2021, "Jawa Timur", "Kota Kediri",
         "https://contoh.invalid/a"],
        [2, "Kantor Pertanahan Kota Bogor", "Kementerian ATR/BPN", "WBBM", 2022, "Jawa Barat", "Kota Bogor",
         "https://contoh.invalid/b"]]


def read(path: Path) -> tuple[Table | None, list[str]]:
    problems = Problems()
    table = read_table(path, problems)
    return table, [f"{p.line}:{p.col}: {p.message} | {p.hint}" for p in problems.items]


def cells(table: Table | None) -> list[dict[str, str]]:
    assert table is not None
    return [values for _, values in table.rows]


def write_text_csv(path: Path, rows: list[list[object]], encoding: str, delimiter: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def test_the_real_list_reads_the_same_from_csv_xlsx_and_ods() -> None:
    from_csv, from_xlsx, from_ods = (read(FIXTURES / f"real-list.{ext}") for ext in ("csv", "xlsx", "ods"))
    assert from_csv[1] == from_xlsx[1] == from_ods[1] == []
    assert len(cells(from_csv[0])) == 16
    assert cells(from_xlsx[0]) == cells(from_ods[0]) == cells(from_csv[0])
    assert cells(from_xlsx[0])[0]["unit"] == "BPK Perwakilan Provinsi DI Yogyakarta"
    assert cells(from_xlsx[0])[0]["year"] == "2016"  # a number cell, read without ".0"


def test_spreadsheet_rows_are_numbered_as_the_sheet_numbers_them_below_title_rows() -> None:
    table, _ = read(FIXTURES / "real-list.xlsx")
    assert table is not None and table.rows[0][0] == 4  # two title rows, a blank row, then the header on row 3
    csv_table, _ = read(REAL_LIST)
    assert csv_table is not None and csv_table.rows[0][0] == 2  # a CSV's header is row 1


@pytest.mark.parametrize(("encoding", "delimiter"), [("utf-8", ","), ("utf-8-sig", ","), ("cp1252", ";"),
                                                     ("utf-8-sig", ";")])
def test_csv_in_any_encoding_and_separator_excel_writes_reads_the_same(tmp_path: Path, encoding: str,
                                                                       delimiter: str) -> None:
    awkward = "Kantor Pelayanan Pajak Pratama Jakarta Setiabudi Satu; lantai 2 – sayap"  # a separator, a cp1252 dash
    rows = [HEADER, *ROWS, [3, awkward, "Kemenkeu", "WBK", "", "DKI Jakarta", "", "https://contoh.invalid/c"]]
    table, problems = read(write_text_csv(tmp_path / "list.csv", rows, encoding, delimiter))
    assert problems == []
    assert [r["unit"] for r in cells(table)] == ["Lapas Kelas IIA Kediri", "Kantor Pertanahan Kota Bogor", awkward]
    assert cells(table)[0]["institution"] == "Kementerian Hukum dan HAM"


def test_indonesian_headers_map_to_columns_whatever_their_case_and_spacing() -> None:
    expected = {"No": "", "nama  unit kerja": "unit", "UNIT KERJA": "unit", "Instansi": "institution",
                "K / L / Pemda": "institution", "predikat": "predicate", "Tahun": "year", "Provinsi": "province",
                "Kabupaten/Kota": "city", "Sumber": "source_url", "Judul Sumber": "source_title",
                "Catatan": "note", "Ditetapkan oleh": "set_by", "Dasar Tahun": "year_basis",
                "Catatan editor": "editor_note", "source_url": "source_url", "unit_url": "",
                # as decree attachments and news tables head them
                "SATUAN KERJA": "unit", "Nama Satker": "unit", "Nama Instansi": "institution",
                "Kementerian/Lembaga/Pemerintah Daerah": "institution", "K/L/PD": "institution",
                "Tahun Penetapan": "year", "Tautan": "source_url", "Link": "source_url", "No. Urut": ""}
    assert {header: column_of(header) for header in expected} == expected
    assert column_of("Nilai Evaluasi") is None


def test_unknown_doubled_and_missing_columns_are_all_named_in_one_run(tmp_path: Path) -> None:
    grid = [["No", "Nama Unit Kerja", "Unit Kerja", "Instansi", "Nilai Evaluasi", "Predikat"], [1, "A", "A", "B",
                                                                                             90, "WBK"]]
    table, problems = read(write_xlsx(tmp_path / "list.xlsx", grid))
    assert table is None
    assert problems[0].startswith("1:3: the columns 'Nama Unit Kerja' and 'Unit Kerja' both give unit")
    assert problems[1].startswith("1:5: unknown column 'Nilai Evaluasi' (column E) | rename it to one of the "
                                  "accepted headers (year: 'Tahun'")
    assert problems[2].startswith("1:1: the header lacks the columns year ('Tahun'), source_url ('Sumber')")


def test_ods_with_merged_cells_line_breaks_and_padding_reads_cleanly(tmp_path: Path) -> None:
    grid = [HEADER, [1, "Rutan Kelas I\nTanjungpinang", "Kemenkumham", "WBK", 2020, "", "", "https://x.invalid/"]]
    table, problems = read(write_ods(tmp_path / "list.ods", grid, [["LAMPIRAN"]]))
    assert problems == []
    assert table is not None and table.rows == ((3, cells(table)[0]),)
    assert cells(table)[0]["unit"] == "Rutan Kelas I\nTanjungpinang" and cells(table)[0]["year"] == "2020"


@pytest.mark.parametrize("name", ["lampiran.pdf", "daftar.xls", "daftar"])
def test_other_formats_are_refused_with_the_way_forward(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4")
    table, problems = read(path)
    assert table is None
    assert problems == [f"0:0: cannot import a '{path.suffix or 'extensionless'}' file | save the list as .xlsx, "
                        ".ods or .csv (a PDF lampiran: see docs/importing.md)"]


def test_a_broken_spreadsheet_is_reported_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "daftar.xlsx"
    path.write_bytes(b"not a zip")
    table, problems = read(path)
    assert table is None and problems[0].startswith("0:0: cannot read the file:")
    assert problems[0].endswith("| open it in a spreadsheet program and save it again as .xlsx")
