"""The CSV downloads are safe to open in a spreadsheet: no cell is read as a formula (OWASP, "CSV Injection").

A registry whose every free-text field starts with a formula character is built; every CSV under
public/data/ must show such a cell with a leading ', while the JSON twin of the file keeps the exact text,
and the award CSV still imports back to the same text.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from sitegen.importer.tables import formula_text
from sitegen.render.encode import inert_cell
from tests.conftest import build_into
from tests.hostile import BASE, q

FORMULAS = ("=HYPERLINK(\"https://contoh.invalid\";\"{tag}\")", "+1+cmd|' /C calc'!A0 {tag}", "-2+3 {tag}",
            "@SUM(1+1) {tag}")
# Every CSV column that holds free text, by file: each must be able to carry a formula.
TEXT_COLUMNS = {
    "instansi.csv": {"name", "short_name"},
    "pencabutan.csv": {"unit", "reason"},
    "penghargaan.csv": {"institution", "city", "unit", "source_title", "note", "current_unit",
                        "current_institution"},
}


def formula(index: int, tag: str) -> str:
    """A formula-like text, tagged with the field it is put in."""
    return FORMULAS[index % len(FORMULAS)].format(tag=tag)


def write_formula_registry(root: Path) -> Path:
    """The _base registry with a formula at the start of every free-text field."""
    shutil.copytree(BASE, root)
    data = root / "data"
    (data / "institutions.yaml").write_text(
        f"- id: alfa\n  name: {q(formula(0, 'inst-name'))}\n  short_name: {q(formula(1, 'inst-short'))}\n"
        "  category: kementerian\n", encoding="utf-8")
    awards = "".join(
        f"  - unit: {q(formula(i, f'unit-{i}'))}\n    institution: alfa\n    predicate: WBK\n"
        f"    province: Jawa Timur\n    city: {q(formula(i + 1, f'city-{i}') + ', Kota Surabaya')}\n"
        f"    source_url: \"https://contoh.invalid/{i}\"\n    source_title: {q(formula(i + 2, f'title-{i}'))}\n"
        f"    note: {q(formula(i + 3, f'note-{i}'))}\n    source_kind: resmi\n    set_by: kemenpanrb\n"
        for i in range(len(FORMULAS)))
    (data / "awards" / "2020.yaml").write_text("year: 2020\nawards:\n" + awards, encoding="utf-8")
    (data / "revocations.yaml").write_text(
        f"- unit: alfa/{slug_of(formula(0, 'unit-0'))}\n  predicate: WBK\n  revoked_on: 2021-03-01\n"
        f"  reason: {q(formula(2, 'reason'))}\n  source_url: \"https://contoh.invalid/cabut\"\n", encoding="utf-8")
    return root


def slug_of(name: str) -> str:
    """The unit id's slug part, as the registry makes it."""
    from sitegen.model.routes import unit_slug

    return unit_slug(name)


@pytest.fixture(scope="module")
def formula_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The formula registry, built."""
    tmp = tmp_path_factory.mktemp("formulas")
    return build_into(write_formula_registry(tmp / "registry"), tmp / "public")


def csv_cells(path: Path) -> list[dict[str, str]]:
    """A CSV download's rows as dicts."""
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"), newline="")))


def test_every_csv_text_column_neutralises_a_formula_and_the_json_keeps_the_exact_text(formula_site: Path) -> None:
    found = {p.name for p in (formula_site / "data").glob("*.csv")}
    assert found == set(TEXT_COLUMNS)  # a new CSV download must name its text columns here
    for name, columns in TEXT_COLUMNS.items():
        rows = csv_cells(formula_site / "data" / name)
        twins = json.loads((formula_site / "data" / name.replace(".csv", ".json")).read_text("utf-8"))
        assert rows and len(rows) == len(twins)
        quoted = set()
        for row, twin in zip(rows, twins, strict=True):
            for column, cell in row.items():
                assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), (name, column, cell)
                exact = twin[column]
                if isinstance(exact, str) and exact[:1] in ("=", "+", "-", "@"):
                    assert cell == "'" + exact, (name, column)
                    quoted.add(column)
        assert quoted == columns, name


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'=1", "''@x", "'plain"])
def test_the_quote_rule_undoes_exactly(text: str) -> None:
    cell = inert_cell(text)
    assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert formula_text(cell) == text


@pytest.mark.parametrize("text", ["Kantor Alfa", "'kutipan", "12", ""])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert inert_cell(text) == text
