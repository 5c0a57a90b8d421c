"""Reading an editor's list: .csv (UTF-8, UTF-8 with BOM or cp1252; comma or semicolon), .xlsx and .ods.

Each format becomes the same Table: the importer's column names and, for every filled row, its row
number as the editor sees it (the spreadsheet's row; the CSV's record, the header being row 1) and
its cells as text. Headers may be the importer's own names or the Indonesian ones official lists
use ("Nama Unit Kerja", "K/L/Pemda", ...), in any case and spacing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import Problems

# Each importer column and the headers that name it, compared after header_key().
HEADERS: dict[str, tuple[str, ...]] = {
    "year": ("year", "tahun", "tahun predikat", "tahun penilaian", "tahun penetapan", "tahun penghargaan"),
    "predicate": ("predicate", "predikat"),
    "institution": ("institution", "instansi", "k l pemda", "kementerian lembaga pemda", "instansi pengusul",
                    "nama instansi", "kementerian lembaga pemerintah daerah", "k l pd", "kementerian lembaga"),
    "institution_category": ("institution category", "kategori instansi", "jenis instansi"),
    "province": ("province", "provinsi"),
    "city": ("city", "kabupaten kota", "kab kota", "kota kabupaten"),
    "unit": ("unit", "nama unit kerja", "unit kerja", "nama unit", "satuan kerja", "nama satuan kerja", "satker",
             "nama satker"),
    "source_url": ("source url", "sumber", "url sumber", "tautan sumber", "tautan", "link", "link sumber"),
    "source_title": ("source title", "judul sumber"),
    "note": ("note", "catatan"),
    "set_by": ("set by", "ditetapkan oleh"),
    "year_basis": ("year basis", "dasar tahun"),
    "editor_note": ("editor note", "catatan editor"),
    "secondary": ("secondary", "sumber sekunder"),
    "other_sources": ("other sources", "sumber lain"),
}
# Columns read and set aside: a list's running number, and what the site's own penghargaan.csv adds
# (worked out from the records, so an export imports back unchanged).
IGNORED = ("no", "nomor", "no urut", "unit id", "unit url", "current unit", "current institution", "revoked on",
           "nama wilayah", "kode wilayah",
           "set by label")
REQUIRED = ("year", "predicate", "institution", "unit", "source_url")
HEADER_SEARCH_ROWS = 20  # official lists put a title and the decree's number above the header
FORMATS = (".csv", ".xlsx", ".ods")


@dataclass(frozen=True)
class Table:
    """An editor's list as the importer reads it."""

    path: Path
    columns: tuple[str, ...]  # the importer's column names found in the header
    rows: tuple[tuple[int, dict[str, str]], ...]  # (row number, cells by column) of each filled row


def header_key(text: str) -> str:
    """Headers that differ in case, spacing, slashes or underscores are the same header."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


_BY_HEADER = {name: column for column, names in HEADERS.items() for name in names}


def column_of(header: str) -> str | None:
    """The importer column a header names, "" for a column set aside, None when unknown."""
    key = header_key(header)
    if key in IGNORED:
        return ""
    return _BY_HEADER.get(key)


def read_table(path: Path, problems: Problems) -> Table | None:
    """The file's header and rows; None (with the problem recorded) when it cannot be read."""
    suffix = path.suffix.casefold()
    readers = {".csv": csv_rows, ".xlsx": xlsx_rows, ".ods": ods_rows}
    if suffix not in readers:
        problems.add(path, 0, 0, f"cannot import a '{suffix or 'extensionless'}' file",
                     "save the list as .xlsx, .ods or .csv (a PDF lampiran: see docs/importing.md)")
        return None
    try:
        grid = list(readers[suffix](path))
    except Exception as err:  # openpyxl and odfpy raise many kinds of error on a broken file
        problems.add(path, 0, 0, f"cannot read the file: {err}",
                     f"open it in a spreadsheet program and save it again as {suffix}")
        return None
    return table_of(path, grid, problems)


def table_of(path: Path, grid: list[tuple[int, list[str]]], problems: Problems) -> Table | None:
    """Find the header row, map it, and key every later row by column."""
    at = header_row(grid)
    if at is None:
        problems.add(path, 1, 1, "no header row naming the unit, predicate and institution columns",
                     "put a header row above the list, e.g. 'No, Nama Unit Kerja, Instansi, Predikat, Tahun, "
                     f"Sumber'; accepted headers: {accepted_headers()}")
        return None
    number, header = grid[at]
    columns = map_header(path, number, header, problems)
    if columns is None:
        return None
    rows = []
    for row_number, cells in grid[at + 1:]:
        values = {column: cells[i].strip() if i < len(cells) else "" for i, column in enumerate(columns) if column}
        if any(values.values()):
            rows.append((row_number, values))
    return Table(path, tuple(c for c in columns if c), tuple(rows))


def header_row(grid: list[tuple[int, list[str]]]) -> int | None:
    """The first of the top rows that names the unit column and at least one other known column."""
    for at, (_, cells) in enumerate(grid[:HEADER_SEARCH_ROWS]):
        found = {column_of(cell) for cell in cells if cell.strip()}
        if "unit" in found and len(found - {"", None}) >= 2:
            return at
    return None


def map_header(path: Path, number: int, header: list[str], problems: Problems) -> list[str] | None:
    """The importer column of each header cell ("" to set aside); every unknown, doubled or missing one reported."""
    columns: list[str] = []
    seen: dict[str, str] = {}
    bad = False
    for position, cell in enumerate(header, start=1):
        column = column_of(cell) if cell.strip() else ""
        if column is None:
            problems.add(path, number, position, f"unknown column '{cell.strip()}' (column {letter(position)})",
                         f"rename it to one of the accepted headers ({accepted_headers()}) or delete the column")
            bad = True
        elif column and column in seen:
            problems.add(path, number, position, f"the columns '{seen[column]}' and '{cell.strip()}' both "
                         f"give {column}", "keep one of them")
            bad = True
        elif column:
            seen[column] = cell.strip()
        columns.append(column or "")
    missing = [c for c in REQUIRED if c not in seen]
    if missing:
        names = ", ".join(f"{c} ('{HEADERS[c][1].title()}')" for c in missing)
        problems.add(path, number, 1, f"the header lacks the columns {names}",
                     "add them; leave a cell empty where the source gives nothing (never guess a year)")
        bad = True
    return None if bad else columns


def accepted_headers() -> str:
    """Every header the importer understands, for hints."""
    return "; ".join(f"{column}: {', '.join(repr(n.title()) for n in names[1:]) or column}"
                     for column, names in HEADERS.items())


def letter(position: int) -> str:
    """A spreadsheet's column letter (1 -> A, 27 -> AA)."""
    out = ""
    while position:
        position, rest = divmod(position - 1, 26)
        out = chr(65 + rest) + out
    return out


# CSV ------------------------------------------------------------------------------------------------------

def csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Records of a CSV; the header is row 1 and a quoted cell may hold line breaks."""
    text = decode(path.read_bytes())
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    yield from enumerate(reader, start=1)


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else cp1252, as Excel on Indonesian Windows saves "CSV"."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as err:
        raise ValueError(f"neither UTF-8 nor Windows-1252 text ({err.reason} at byte {err.start})") from None


def sniff_delimiter(text: str) -> str:
    """Comma or semicolon: whichever splits the first lines into more known headers, then more cells."""
    head = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])

    def score(delimiter: str) -> tuple[int, int]:
        rows = list(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter))
        known = max((sum(1 for c in row if column_of(c)) for row in rows), default=0)
        return known, max((len(row) for row in rows), default=0)

    return max((",", ";"), key=score)


# Spreadsheets ---------------------------------------------------------------------------------------------

def cell_text(value: object) -> str:
    """A cell as the editor reads it: whole numbers without '.0', dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Rows of the first sheet holding a header (values, not formulas), numbered as the sheet numbers them."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = [[(n, [cell_text(v) for v in row]) for n, row in enumerate(sheet.iter_rows(min_row=1,
                                                                                             values_only=True), 1)]
                  for sheet in book.worksheets]
    finally:
        book.close()
    yield from first_sheet_with_header(sheets)


def first_sheet_with_header(sheets: list[list[tuple[int, list[str]]]]) -> Iterable[tuple[int, list[str]]]:
    """A workbook's list: the first sheet with a header row (the first sheet when none has one)."""
    for grid in sheets:
        if header_row(grid) is not None:
            return grid
    return sheets[0] if sheets else []


ODS_REPEAT_LIMIT = 1000  # an ODS file pads its sheet with repeated empty rows and cells


def ods_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Rows of the first sheet holding a header, numbered as the sheet numbers them."""
    from odf.opendocument import load
    from odf.table import Table as OdsTable

    document = load(str(path))
    sheets = [list(ods_sheet(sheet)) for sheet in document.spreadsheet.getElementsByType(OdsTable)]
    yield from first_sheet_with_header(sheets)


def ods_sheet(sheet: object) -> Iterator[tuple[int, list[str]]]:
    """One sheet's filled rows; repeated rows spelled out (up to a bound), empty ones only counted."""
    from odf.table import TableRow

    number = 0
    for row in sheet.getElementsByType(TableRow):
        repeat = int(row.getAttribute("numberrowsrepeated") or 1)
        cells = ods_cells(row)
        if cells:
            for offset in range(1, min(repeat, ODS_REPEAT_LIMIT) + 1):
                yield number + offset, list(cells)
        number += repeat


def ods_cells(row: object) -> list[str]:
    """A row's cell texts, without the empty cells that pad it to the sheet's width."""
    cells: list[str] = []
    for cell in row.childNodes:
        kind = getattr(cell, "qname", (None, None))[1]
        if kind not in ("table-cell", "covered-table-cell"):
            continue
        repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
        text = ods_value(cell) if kind == "table-cell" else ""  # a merged-over cell takes a column, holds nothing
        cells.extend([text] * min(repeat, ODS_REPEAT_LIMIT))
    while cells and not cells[-1]:
        cells.pop()
    return cells


def ods_value(cell: object) -> str:
    """A cell's value: numbers and dates from their typed attribute, text from its paragraphs."""
    kind = cell.getAttribute("valuetype")
    if kind in ("float", "percentage", "currency"):
        return cell_text(float(cell.getAttribute("value")))
    if kind == "date":
        return str(cell.getAttribute("datevalue"))[:10]
    if kind == "boolean":
        return str(cell.getAttribute("booleanvalue")).casefold()
    return "\n".join(paragraph_text(p) for p in cell.childNodes if getattr(p, "qname", (None, None))[1] == "p")


def paragraph_text(node: object) -> str:
    """The text of one paragraph, with ODF's encoded spaces, tabs and line breaks spelled out."""
    out = []
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            out.append(str(child.data))
            continue
        tag = child.qname[1]
        if tag == "s":
            out.append(" " * int(child.getAttribute("c") or 1))
        elif tag == "tab":
            out.append("\t")
        elif tag == "line-break":
            out.append("\n")
        else:
            out.append(paragraph_text(child))
    return "".join(out)
