"""Reading .xlsx and .ods lists within limits: streamed, capped, and honest about hidden sheets and rows.

A spreadsheet is a zip of XML, and a few kilobytes of it can declare a million rows (a dimension of
A1:XFD1048576, or ODF's number-rows-repeated): neither is ever spelled out. Before anything is
parsed, the zip's declared sizes are checked; then the sheet is read row by row, and reading stops
at the first limit passed, naming it. The sheet read is the first visible one holding a header row;
hidden sheets are never read and are reported, and so are hidden rows.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import iterparse

MAX_UNPACKED_BYTES = 25_000_000  # a 20,000-row list is about 10 MB of sheet XML
MAX_MEMBERS = 1_000
MAX_ROWS = 50_000  # rows holding something; official lists hold a few thousand
MAX_ROW_NUMBER = 100_000  # how far down a sheet is read at all
MAX_COLUMNS = 100  # the last column holding something
MAX_CELLS = 1_000_000  # cells read, filled or not (each costs memory while its row is read)

Grid = list[tuple[int, list[str]]]


class LimitError(ValueError):
    """The file passes a limit the importer keeps, named in the message."""


@dataclass
class Sheet:
    """One sheet as read: its name, whether it is hidden, its filled rows, and which of them are hidden."""

    name: str
    hidden: bool
    rows: Grid = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)


class Budget:
    """What a file may still hold: every row and cell read is counted against the limits."""

    def __init__(self) -> None:
        self.rows = 0
        self.cells = 0

    def row(self, number: int, cells: list[str]) -> None:
        """Count a row (its number as the sheet numbers it); LimitError when it passes a limit."""
        if number > MAX_ROW_NUMBER:
            raise LimitError(f"the sheet goes on past row {MAX_ROW_NUMBER:,} (the importer's limit); "
                             "delete the empty or formatted rows below the list, or split it")
        filled = [i for i, text in enumerate(cells) if text]
        if filled and filled[-1] >= MAX_COLUMNS:
            raise LimitError(f"row {number} has a value in column {filled[-1] + 1:,}, past the limit of "
                             f"{MAX_COLUMNS} columns")
        if filled:
            self.rows += 1
            if self.rows > MAX_ROWS:
                raise LimitError(f"more than {MAX_ROWS:,} filled rows (the importer's limit); split the list")

    def cell(self, count: int = 1) -> None:
        """Count cells read; LimitError past MAX_CELLS."""
        self.cells += count
        if self.cells > MAX_CELLS:
            raise LimitError(f"more than {MAX_CELLS:,} cells (the importer's limit); delete what is not the list")


def check_zip(path: Path) -> None:
    """Refuse a zip whose members declare more than the limits, before any of it is unpacked."""
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise LimitError(f"the file holds {len(members):,} parts, more than the limit of {MAX_MEMBERS:,}")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise LimitError(f"the file unpacks to {unpacked:,} bytes, more than the limit of {MAX_UNPACKED_BYTES:,}; "
                         "save only the list's sheet, without images")


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


def pick_sheet(sheets: list[Sheet], has_header: Callable[[Grid], bool]) -> Sheet | None:
    """The list: the first visible sheet with a header row (the first visible sheet when none has one)."""
    visible = [sheet for sheet in sheets if not sheet.hidden]
    return next((sheet for sheet in visible if has_header(sheet.rows)), visible[0] if visible else None)


# xlsx -------------------------------------------------------------------------------------------------------

def xlsx_sheets(path: Path, wanted: Callable[[Grid], bool]) -> tuple[Sheet | None, list[Sheet]]:
    """The sheet read and every sheet (hidden ones unread), streaming each visible sheet until one is wanted."""
    from openpyxl import load_workbook

    check_zip(path)
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = [Sheet(ws.title, ws.sheet_state != "visible") for ws in book.worksheets]
        for sheet, ws in zip(sheets, book.worksheets, strict=True):
            if not sheet.hidden:
                read_xlsx_sheet(ws, sheet)
                if wanted(sheet.rows):
                    return sheet, sheets
    finally:
        book.close()
    return pick_sheet(sheets, wanted), sheets


def read_xlsx_sheet(ws: object, sheet: Sheet) -> None:
    """A sheet's rows read from its XML as it streams, its declared dimension ignored.

    openpyxl's own row reader pads every row to the declared dimension, which a file may set to
    A1:XFD1048576; its cell parser (WorkSheetParser.parse_cell, openpyxl 3.1) is used for the values.
    """
    from openpyxl.worksheet._reader import CELL_TAG, ROW_TAG, WorkSheetParser

    book = ws.parent
    budget = Budget()
    with ws._get_source() as source:
        parser = WorkSheetParser(source, ws._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        number, cells, hidden = 0, [], False
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                if element.tag == ROW_TAG:
                    number = int(element.get("r") or number + 1)
                    parser.row_counter, parser.col_counter, cells = number, 0, []
                    hidden = element.get("hidden") in ("1", "true")
                continue
            if element.tag == CELL_TAG:
                budget.cell()
                found = parser.parse_cell(element)
                element.clear()
                place(cells, found["column"], cell_text(found["value"]), number)
            elif element.tag == ROW_TAG:
                element.clear()
                add_row(sheet, budget, number, cells, hidden)


def place(cells: list[str], column: int, text: str, number: int) -> None:
    """Put a cell's text at its column (1-based); an empty cell far to the right costs nothing."""
    if not text:
        return
    if column > MAX_COLUMNS:
        raise LimitError(f"row {number} has a value in column {column:,}, past the limit of {MAX_COLUMNS} columns")
    if len(cells) < column:
        cells.extend([""] * (column - len(cells)))
    cells[column - 1] = text


def add_row(sheet: Sheet, budget: Budget, number: int, cells: list[str], hidden: bool) -> None:
    """Keep a filled row (counted against the limits), noting it when hidden."""
    budget.row(number, cells)
    if any(cells):
        sheet.rows.append((number, cells))
        if hidden:
            sheet.hidden_rows.append(number)


# ods --------------------------------------------------------------------------------------------------------

def ods_sheets(path: Path, wanted: Callable[[Grid], bool]) -> tuple[Sheet | None, list[Sheet]]:
    """The sheet read and every sheet of an OpenDocument spreadsheet (hidden ones unread)."""
    from odf.opendocument import load
    from odf.table import Table as OdsTable

    check_zip(path)
    document = load(str(path))
    hidden_styles = hidden_table_styles(document)
    sheets = []
    for table in document.spreadsheet.getElementsByType(OdsTable):
        sheet = Sheet(str(table.getAttribute("name")), str(table.getAttribute("stylename")) in hidden_styles)
        sheets.append(sheet)
        if not sheet.hidden:
            read_ods_sheet(table, sheet)
            if wanted(sheet.rows):
                return sheet, sheets
    return pick_sheet(sheets, wanted), sheets


def hidden_table_styles(document: object) -> set[str]:
    """The names of the table styles that hide a sheet (table:display="false")."""
    from odf.style import Style, TableProperties

    hidden = set()
    for style in document.automaticstyles.getElementsByType(Style):
        for props in style.getElementsByType(TableProperties):
            if str(props.getAttribute("display")).casefold() == "false":
                hidden.add(str(style.getAttribute("name")))
    return hidden


def read_ods_sheet(table: object, sheet: Sheet) -> None:
    """A sheet's filled rows; repeats are counted against the limits before any is spelled out."""
    from odf.table import TableRow

    budget = Budget()
    number = 0
    for row in table.getElementsByType(TableRow):
        repeat = int(row.getAttribute("numberrowsrepeated") or 1)
        cells = ods_cells(row, budget, number + 1)
        hidden = str(row.getAttribute("visibility") or "visible") != "visible"
        if cells:
            budget.cell(len(cells) * (repeat - 1))
            for offset in range(1, repeat + 1):
                add_row(sheet, budget, number + offset, list(cells), hidden)
        number += repeat


def ods_cells(row: object, budget: Budget, number: int) -> list[str]:
    """A row's cell texts, without the empty cells that pad it to the sheet's width."""
    runs: list[tuple[str, int]] = []
    width = 0
    for cell in row.childNodes:
        kind = getattr(cell, "qname", (None, None))[1]
        if kind not in ("table-cell", "covered-table-cell"):
            continue
        repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
        text = ods_value(cell) if kind == "table-cell" else ""  # a merged-over cell takes a column, holds nothing
        budget.cell()
        runs.append((text, repeat))
        width += repeat
    while runs and not runs[-1][0]:
        width -= runs.pop()[1]
    if width > MAX_COLUMNS:
        raise LimitError(f"row {number} has a value in column {width:,}, past the limit of {MAX_COLUMNS} columns")
    budget.cell(width)
    return [text for text, repeat in runs for _ in range(repeat)]


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
            out.append(" " * min(int(child.getAttribute("c") or 1), MAX_CELL_SPACES))
        elif tag == "tab":
            out.append("\t")
        elif tag == "line-break":
            out.append("\n")
        else:
            out.append(paragraph_text(child))
    return "".join(out)


MAX_CELL_SPACES = 1_000  # <text:s text:c="..."/> may ask for any number of spaces
