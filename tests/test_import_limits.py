"""Imports with limits and honesty: tiny hostile spreadsheets stop fast, the encoding is one for the whole
file, the sheet read is the first visible one and hidden rows never slip in unseen.

The two tiny spreadsheets of issue #24 (a 1.6 KB .xlsx declaring A1:XFD1048576, a 3 KB .ods of repeated
cells) are built here and read in a child process whose address space is capped at 1 GB, so that a
reader that spells them out fails the test instead of taking the machine's memory.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sitegen.errors import Problems
from sitegen.importer import sheets
from sitegen.importer.run import ImportStopped, import_file
from sitegen.importer.tables import read_table
from tests.conftest import MINI, REPO, copy_registry
from tests.tools.spreadsheets import write_xlsx

HEADER = ["No", "Nama Unit Kerja", "K/L/Pemda", "Predikat", "Tahun", "Sumber"]
ROW = [1, "Kantor Alfa Sidoarjo", "Kementerian Alfa", "WBK", 2021, "https://contoh.invalid/s"]
ODS_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
ODS_CONTENT = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="Lampiran">{rows}</table:table>'
               '</office:spreadsheet></office:body></office:document-content>')


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """A writable copy of the mini registry."""
    return copy_registry(MINI, tmp_path / "reg")


def header_cells() -> str:
    """The ODS cells of HEADER."""
    return "".join(f'<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>'
                   for h in HEADER)


def write_zip(path: Path, members: dict[str, str]) -> Path:
    """A deflated zip of these members."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def declared_huge_xlsx(path: Path) -> Path:
    """A list of one row whose sheet declares the dimension A1:XFD1048576, and holds a cell at its end."""
    write_xlsx(path, [HEADER, ROW])
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info).decode() for info in archive.infolist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    sheet = re.sub(r'<dimension ref="[^"]+"/>', '<dimension ref="A1:XFD1048576"/>', sheet)
    members["xl/worksheets/sheet1.xml"] = sheet.replace(
        "</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
    path.unlink()
    return write_zip(path, members)


def repeated_ods(path: Path, columns: int, rows: int) -> Path:
    """A header, then one text cell repeated `columns` times in a row repeated `rows` times."""
    body = (f"<table:table-row>{header_cells()}</table:table-row>"
            f'<table:table-row table:number-rows-repeated="{rows}"><table:table-cell '
            f'table:number-columns-repeated="{columns}" office:value-type="string"><text:p>Kantor</text:p>'
            "</table:table-cell></table:table-row>")
    return write_zip(path, {"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                            "META-INF/manifest.xml": ODS_MANIFEST, "content.xml": ODS_CONTENT.format(rows=body)})


CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
sys.path.insert(0, sys.argv[2])
from sitegen.errors import Problems
from sitegen.importer.tables import read_table
def peak_mb():
    # VmHWM is this program's own peak (it starts anew at exec); ru_maxrss would carry over a big parent's
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
started = time.perf_counter()
problems = Problems()
table = read_table(__import__("pathlib").Path(sys.argv[1]), problems)
print(json.dumps({"seconds": time.perf_counter() - started,
                  "peak_mb": peak_mb(),
                  "rows": None if table is None else len(table.rows),
                  "problems": [p.message for p in problems.items]}))
"""


def read_in_child(path: Path) -> dict:
    """read_table in a child process capped at 1 GB: its time, peak memory, rows and problems."""
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(REPO)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.mark.parametrize(("make", "limit"), [
    (declared_huge_xlsx, "row 1048576 has a value in column 16,384, past the limit of 100 columns"),
    (lambda path: repeated_ods(path.with_suffix(".ods"), 16384, 1048576),
     "row 2 has a value in column 16,384, past the limit of 100 columns"),
    (lambda path: repeated_ods(path.with_suffix(".ods"), 20, 1048576),
     "more than 1,000,000 cells (the importer's limit); delete what is not the list"),
    (lambda path: repeated_ods(path.with_suffix(".ods"), 1, 60000),
     "more than 50,000 filled rows (the importer's limit); split the list"),
])
def test_a_tiny_spreadsheet_declaring_millions_of_cells_stops_fast_naming_the_limit(tmp_path: Path, make,
                                                                                   limit: str) -> None:
    path = make(tmp_path / "daftar.xlsx")
    assert path.stat().st_size < 8_000
    found = read_in_child(path)
    assert found["problems"] == [f"too large to import: {limit}"]
    assert found["seconds"] < 2 and found["peak_mb"] < 200, found


def test_a_declared_dimension_alone_is_not_read_as_cells(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "daftar.xlsx", [HEADER, ROW])
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info).decode() for info in archive.infolist()}
    members["xl/worksheets/sheet1.xml"] = re.sub(r'<dimension ref="[^"]+"/>', '<dimension ref="A1:XFD1048576"/>',
                                                 members["xl/worksheets/sheet1.xml"])
    path.unlink()
    found = read_in_child(write_zip(path, members))
    assert found["rows"] == 1 and found["problems"] == []


def test_a_zip_declaring_more_than_the_size_limit_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "daftar.xlsx", {"xl/big.xml": " " * (sheets.MAX_UNPACKED_BYTES + 1)})
    problems = Problems()
    assert read_table(path, problems) is None
    assert problems.items[0].message == (f"too large to import: the file unpacks to {sheets.MAX_UNPACKED_BYTES + 1:,} "
                                         f"bytes, more than the limit of {sheets.MAX_UNPACKED_BYTES:,}; save only the "
                                         "list's sheet, without images")


# --- one encoding for the whole file ------------------------------------------------------------------------

def test_a_utf8_csv_with_one_windows_byte_is_an_error_naming_its_line(tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    path.write_bytes(b"Nama Unit Kerja,K/L/Pemda,Predikat,Tahun,Sumber\n"
                     + "Kantor Café Alfa,Kementerian Alfa,WBK,2021,https://contoh.invalid/a\n".encode()
                     + b"Kantor Beta \x96 Timur,Kementerian Alfa,WBK,2021,https://contoh.invalid/b\n")
    problems = Problems()
    assert read_table(path, problems) is None
    [problem] = problems.items
    assert (problem.line, problem.message) == (3, "line 3: byte 0x96 is not UTF-8, but the rest of the file is "
                                                  "UTF-8; a file is read in one encoding, so this line or the others "
                                                  "would be garbled")
    assert "CSV UTF-8" in problem.hint


def test_a_whole_windows_1252_csv_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    path.write_bytes("Nama Unit Kerja;K/L/Pemda;Predikat;Tahun;Sumber\r\n"
                     "Kantor Café – Alfa;Kementerian Alfa;WBK;2021;https://contoh.invalid/a\r\n".encode("cp1252"))
    table = read_table(path, Problems())
    assert table is not None and table.rows[0][1]["unit"] == "Kantor Café – Alfa"


# --- the sheet read, hidden sheets and rows ----------------------------------------------------------------

def two_sheet_book(path: Path, hide_first: bool, hidden_rows: tuple[int, ...] = ()) -> Path:
    """A workbook whose first sheet holds an old list and whose second holds the new one."""
    from openpyxl import Workbook

    book = Workbook()
    old = book.active
    old.title = "Lama"
    for row in [HEADER, [1, "Kantor Lama", "Kementerian Alfa", "WBK", 2019, "https://contoh.invalid/lama"]]:
        old.append(row)
    new = book.create_sheet("Lampiran")
    for row in [HEADER, ROW, [2, "Kantor Alfa Gresik", "Kementerian Alfa", "WBBM", 2021, "https://contoh.invalid/g"]]:
        new.append(row)
    for number in hidden_rows:
        new.row_dimensions[number].hidden = True
    if hide_first:
        old.sheet_state = "hidden"
    book.save(path)
    return path


def test_the_first_visible_sheet_is_read_and_the_hidden_one_is_named(tmp_path: Path) -> None:
    table = read_table(two_sheet_book(tmp_path / "daftar.xlsx", hide_first=True), Problems())
    assert table is not None
    assert (table.sheet, table.hidden_sheets) == ("Lampiran", ("Lama",))
    assert [values["unit"] for _, values in table.rows] == ["Kantor Alfa Sidoarjo", "Kantor Alfa Gresik"]


def test_the_summary_names_the_sheet_read_and_the_hidden_sheets(registry: Path, tmp_path: Path) -> None:
    summary = import_file(two_sheet_book(tmp_path / "daftar.xlsx", hide_first=True), registry, dry_run=True)
    text = summary.text()
    assert "  sheet read:            'Lampiran' (the first visible sheet with a header)" in text
    assert "  hidden sheets, not read: 'Lama'" in text


def test_hidden_rows_of_the_list_stop_the_import(tmp_path: Path) -> None:
    problems = Problems()
    read_table(two_sheet_book(tmp_path / "daftar.xlsx", hide_first=False, hidden_rows=(3,)), problems)
    assert not problems  # the first visible sheet is 'Lama', which hides nothing
    problems = Problems()
    book = two_sheet_book(tmp_path / "lain.xlsx", hide_first=True, hidden_rows=(3,))
    read_table(book, problems)
    assert [(p.line, p.message) for p in problems.items] == [(3, "sheet 'Lampiran' hides rows of the list (3)")]


def test_printed_problems_are_capped_with_the_count_of_the_rest(registry: Path, tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    path.write_text("Nama Unit Kerja,K/L/Pemda,Predikat,Tahun,Sumber\n"
                    + "".join(f"Kantor {i},Kementerian Alfa,WBX,2021,https://contoh.invalid/{i}\n" for i in range(300)),
                    encoding="utf-8")
    with pytest.raises(ImportStopped) as stopped:
        import_file(path, registry, dry_run=True)
    assert len(stopped.value.problems) >= 300
    printed = str(stopped.value).splitlines()
    assert printed[-1].startswith(f"... and {len(stopped.value.problems) - 100:,} more problems")
    assert "rows rejected:         300 (rows 2, 3, 4" in stopped.value.summary.text()
    assert "and 280 more)" in stopped.value.summary.text()


# --- invisible and bidirectional characters --------------------------------------------------------------

@pytest.mark.parametrize(("char", "what"), [
    ("\u200b", "the invisible character U+200B (zero width space)"),
    ("\u202e", "the bidirectional control U+202E (right-to-left override), which makes text show other than it "
               "reads"),
    ("\ufffe", "U+FFFE, which is not a character (it cannot be published in XML)"),
])
def test_an_invisible_or_bidi_character_in_a_list_is_refused_with_its_row(registry: Path, tmp_path: Path,
                                                                        char: str, what: str) -> None:
    path = tmp_path / "daftar.csv"
    path.write_text("Nama Unit Kerja,K/L/Pemda,Predikat,Tahun,Sumber\n"
                    f"Kan{char}tor Alfa Surabaya,Kementerian Alfa,WBX,2021,https://contoh.invalid/a\n",
                    encoding="utf-8")
    with pytest.raises(ImportStopped) as stopped:
        import_file(path, registry, dry_run=True)
    found = [(p.line, p.message) for p in stopped.value.problems]
    assert found == [(2, "row 2: predicate 'WBX' is not WBK or WBBM"), (2, f"row 2: unit contains {what}")]


def test_a_zero_width_space_in_a_submission_is_refused_naming_its_field(registry: Path, tmp_path: Path) -> None:
    from sitegen.importer.submission import import_submission
    from sitegen.model.channel import SUBMISSION_FIELDS

    good = (REPO / "tests" / "fixtures" / "submissions" / "good.md").read_text(encoding="utf-8")
    unit = next(f for f in SUBMISSION_FIELDS if f.id == "unit")
    head, rest = good.split(f"### {unit.label}\n\n", 1)
    path = tmp_path / "usulan.md"
    path.write_text(f"{head}### {unit.label}\n\nKan\u200b{rest}", encoding="utf-8")
    report = import_submission(path, registry, dry_run=True)
    assert "unit contains the invisible character U+200B (zero width space)" in report.text
