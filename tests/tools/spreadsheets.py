"""Write .xlsx and .ods lists the way editors' spreadsheet programs do, for the importer's tests.

`python -m tests.tools.spreadsheets` remakes tests/fixtures/lists/real-list.{xlsx,ods} from
tests/fixtures/lists/real-list.csv (real rows of shared/data/more_awards.csv); the tests read the committed files.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

Cell = str | int | float | None
Grid = Sequence[Sequence[Cell]]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"
# The Indonesian header official lists use, for each column of our own CSV layout.
INDONESIAN = {"year": "Tahun", "predicate": "Predikat", "institution": "K/L/Pemda",
              "institution_category": "Kategori Instansi", "province": "Provinsi", "city": "Kabupaten/Kota",
              "unit": "Nama Unit Kerja", "set_by": "Ditetapkan oleh", "source_url": "Sumber",
              "source_title": "Judul Sumber", "source_kind": "Jenis sumber", "note": "Catatan"}


def write_xlsx(path: Path, grid: Grid, title_rows: Grid = ()) -> Path:
    """One sheet: optional title rows (as a lampiran has), then the grid; whole numbers stored as numbers."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Lampiran"
    for row in [*title_rows, *grid]:
        sheet.append(list(row))
    book.save(path)
    return path


def write_ods(path: Path, grid: Grid, title_rows: Grid = ()) -> Path:
    """The same in OpenDocument, numbers as float cells, with the padding rows LibreOffice writes."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Lampiran")
    for row in [*title_rows, *grid]:
        tr = TableRow()
        for value in row:
            if isinstance(value, (int, float)):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell(valuetype="string") if value else TableCell()
                for line in (value or "").split("\n") if value else []:
                    cell.addElement(P(text=line))
            tr.addElement(cell)
        tr.addElement(TableCell(numbercolumnsrepeated=1000))
        table.addElement(tr)
    table.addElement(TableRow(numberrowsrepeated=1048000))
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def indonesian_grid(rows: list[dict[str, str]], columns: Sequence[str]) -> list[list[Cell]]:
    """A header of Indonesian names with a 'No' column first, then the rows (years as numbers)."""
    grid: list[list[Cell]] = [["No", *(INDONESIAN[c] for c in columns)]]
    for number, row in enumerate(rows, start=1):
        grid.append([number, *(int(row[c]) if c == "year" and row[c] else row[c] for c in columns)])
    return grid


TITLE = [["LAMPIRAN KEPUTUSAN (contoh dari baris nyata more_awards.csv)"], []]


def make_fixtures(source: Path) -> None:
    """tests/fixtures/lists/real-list.{xlsx,ods} from the real rows in `source`."""
    with source.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        columns = [c for c in reader.fieldnames or [] if c in INDONESIAN]
    grid = indonesian_grid(rows, columns)
    FIXTURES.mkdir(parents=True, exist_ok=True)
    write_xlsx(FIXTURES / "real-list.xlsx", grid, TITLE)
    write_ods(FIXTURES / "real-list.ods", grid, TITLE)


if __name__ == "__main__":
    make_fixtures(FIXTURES / "real-list.csv")
