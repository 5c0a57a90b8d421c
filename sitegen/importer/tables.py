"""Reading an editor's list: .csv (UTF-8, UTF-8 with BOM or cp1252; comma or semicolon), .xlsx and .ods.

Each format becomes the same Table: the importer's column names and, for every filled row, its row
number as the editor sees it (the spreadsheet's row; the CSV's record, the header being row 1) and
its cells as text. Headers may be the importer's own names or the Indonesian ones official lists
use ("Nama Unit Kerja", "K/L/Pemda", ...), in any case and spacing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from sitegen.errors import Problems
from sitegen.importer.sheets import MAX_UNPACKED_BYTES, Budget, LimitError, Sheet, ods_sheets, xlsx_sheets
from sitegen.model.fields import AWARD_COLUMNS, AWARD_IMPORT, column_names


def header_key(text: str) -> str:
    """Headers that differ in case, spacing, slashes or underscores are the same header."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


# Each importer column and the headers that name it (its own name first), compared after header_key():
# the award columns model/fields.py declares as imported.
HEADERS: dict[str, tuple[str, ...]] = {
    c.column_name: (c.column_name.replace("_", " "), *(header_key(h) for h in c.headers)) for c in AWARD_IMPORT}
# Columns read and set aside: a list's running number, and what the site's own penghargaan.csv adds
# (worked out from the records, so an export imports back unchanged), also under an older name.
IGNORED = ("no", "nomor", "no urut", *(name.replace("_", " ") for name in column_names(AWARD_COLUMNS)
                                         if name not in HEADERS), "set by label")
REQUIRED = tuple(c.column_name for c in AWARD_IMPORT if c.header_required)
HEADER_SEARCH_ROWS = 20  # official lists put a title and the decree's number above the header
FORMATS = (".csv", ".xlsx", ".ods")


@dataclass(frozen=True)
class Table:
    """An editor's list as the importer reads it."""

    path: Path
    columns: tuple[str, ...]  # the importer's column names found in the header
    rows: tuple[tuple[int, dict[str, str]], ...]  # (row number, cells by column) of each filled row
    sheet: str = ""  # the sheet read, for a spreadsheet
    hidden_sheets: tuple[str, ...] = ()  # never read


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
    if suffix not in FORMATS:
        problems.add(path, 0, 0, f"cannot import a '{suffix or 'extensionless'}' file",
                     "save the list as .xlsx, .ods or .csv (a PDF lampiran: see docs/importing.md)")
        return None
    try:
        found = read_sheets(path, suffix)
    except LimitError as err:
        problems.add(path, 0, 0, f"too large to import: {err}",
                     "an award list is a few thousand rows of a dozen columns; save only the list itself")
        return None
    except MixedEncoding as err:
        problems.add(path, err.line, 0, str(err), "save the file again as CSV UTF-8 (in Excel: 'CSV UTF-8')")
        return None
    except Exception as err:  # openpyxl and odfpy raise many kinds of error on a broken file
        problems.add(path, 0, 0, f"cannot read the file: {err or type(err).__name__}",
                     f"open it in a spreadsheet program and save it again as {suffix}")
        return None
    sheet, sheets = found
    table = table_of(path, sheet.rows if sheet is not None else [], problems)
    if table is None or suffix == ".csv":
        return table
    report_hidden_rows(path, sheet, {number for number, _ in table.rows}, problems)
    return replace(table, sheet=sheet.name, hidden_sheets=tuple(s.name for s in sheets if s.hidden))


def read_sheets(path: Path, suffix: str) -> tuple[Sheet | None, list[Sheet]]:
    """The sheet holding the list and every sheet of the file (a CSV is one visible sheet)."""
    if suffix == ".csv":
        sheet = Sheet(path.name, False, list(csv_rows(path)))
        return sheet, [sheet]
    reader = xlsx_sheets if suffix == ".xlsx" else ods_sheets
    return reader(path, lambda grid: header_row(grid) is not None)


def report_hidden_rows(path: Path, sheet: Sheet, listed: set[int], problems: Problems) -> None:
    """A hidden row of the list stops the import: it would be imported unseen."""
    hidden = [number for number in sheet.hidden_rows if number in listed]
    if hidden:
        shown = ", ".join(map(str, hidden[:20])) + (f" and {len(hidden) - 20} more" if len(hidden) > 20 else "")
        problems.add(path, hidden[0], 0, f"sheet '{sheet.name}' hides rows of the list ({shown})",
                     "unhide them and delete the rows that are not part of the list; a hidden row would be "
                     "imported without anyone seeing it")


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
        values = {column: formula_text(cells[i].strip()) if i < len(cells) else "" for i, column in enumerate(columns)
                  if column}
        if any(values.values()):
            rows.append((row_number, values))
    return Table(path, tuple(c for c in columns if c), tuple(rows))


def formula_text(cell: str) -> str:
    """A cell without the ' the site's downloads put before text a spreadsheet would read as a formula
    (encode.inert_cell), so that an export imports back exactly."""
    return cell[1:] if FORMULA_QUOTED.match(cell) else cell


FORMULA_QUOTED = re.compile(r"'+[=+\-@\t\r]")


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
    if path.stat().st_size > MAX_UNPACKED_BYTES:
        raise LimitError(f"the file has {path.stat().st_size:,} bytes, more than the limit of {MAX_UNPACKED_BYTES:,}")
    text = decode(path.read_bytes())
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    budget = Budget()
    for number, cells in enumerate(reader, start=1):
        budget.cell(len(cells))
        budget.row(number, cells)
        yield number, cells


class MixedEncoding(ValueError):
    """A UTF-8 file with bytes that are not UTF-8: read as either, some of its text would be wrong."""

    def __init__(self, line: int, byte: int) -> None:
        super().__init__(f"line {line}: byte 0x{byte:02x} is not UTF-8, but the rest of the file is UTF-8; "
                         "a file is read in one encoding, so this line or the others would be garbled")
        self.line = line


# A character of two to four bytes as UTF-8 writes it: text in Windows-1252 almost never holds one.
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else cp1252 as Excel on Indonesian Windows saves "CSV": decided once
    for the whole file, so a UTF-8 file with a stray Windows byte is an error, never mojibake."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        if UTF8_SEQUENCE.search(raw) or raw.startswith(b"\xef\xbb\xbf"):
            raise MixedEncoding(raw.count(b"\n", 0, err.start) + 1, raw[err.start]) from None
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
