"""The data format is documented in one file, and this test keeps it in step with the code."""

from __future__ import annotations

import re

from sitegen.model import fields
from tests import field_tables
from tests.conftest import REPO

DOC = (REPO / "docs" / "data-format.md").read_text(encoding="utf-8")
RECORD_KINDS = {
    "INSTITUTION": fields.INSTITUTION, "ROUND": fields.ROUND, "CEREMONY": fields.CEREMONY,
    "REPORTED_TOTAL": fields.REPORTED_TOTAL, "AWARD": fields.AWARD, "EXTRA_SOURCE": fields.EXTRA_SOURCE,
    "CORRECTION": fields.CORRECTION, "HANDOVER": fields.HANDOVER,
    "REVOCATION": fields.REVOCATION, "UNIT": fields.UNIT, "ARTICLE": fields.ARTICLE, "PAGE": fields.PAGE,
}


def documented_keys() -> set[str]:
    """Every `key:` written in the doc's YAML examples."""
    blocks = re.findall(r"```(?:yaml|markdown)\n(.*?)```", DOC, re.S)
    return {m for block in blocks for m in re.findall(r"(?:^|[\s{,-])([a-z_]+):", block, re.M)}


def test_every_field_of_every_record_kind_is_documented() -> None:
    keys = documented_keys()
    missing = {f"{kind}.{f.name}" for kind, fields in RECORD_KINDS.items() for f in fields if f.name not in keys}
    assert not missing, f"document these fields in docs/data-format.md: {sorted(missing)}"


def test_the_documented_choices_match_the_code() -> None:
    assert "kementerian | lembaga | provinsi | kabupaten | kota" in DOC
    assert "WBK | WBBM" in DOC


def test_every_command_and_every_accepted_header_is_documented() -> None:
    from build import parser
    from sitegen.importer.tables import HEADERS, header_key

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = parser()._subparsers._group_actions[0].choices  # every subcommand and alias
    assert [c for c in commands if c not in {"import-csv"} and f"python build.py {c}" not in readme] == []
    importing = (REPO / "docs" / "importing.md").read_text(encoding="utf-8")
    table = {header_key(cell) for line in importing.splitlines() if line.startswith("| ")
             for cell in line.split("|")[1].split(",")}
    missing = {name for column, names in HEADERS.items() for name in names[1:] if name not in table}
    assert not missing, f"list these headers in docs/importing.md: {sorted(missing)}"
    assert {f"`{column}`" for column in HEADERS} <= set(re.findall(r"`[a-z_]+`", importing))


def test_the_field_tables_are_the_declarations() -> None:
    stale = [path.name for path, text in field_tables.documents().items() if path.read_text(encoding="utf-8") != text]
    assert not stale, f"the field tables of {stale} differ from model/fields.py: run python -m tests.field_tables"


def test_the_other_downloads_list_their_declared_columns() -> None:
    doc = (REPO / "docs" / "open-data.md").read_text(encoding="utf-8")
    for file, columns in (("instansi", fields.INSTITUTION_COLUMNS), ("pencabutan", fields.REVOCATION_COLUMNS)):
        row = next(line for line in doc.splitlines() if line.startswith(f"| `{file}.csv`"))
        assert re.findall(r"`([a-z_]+)`", row.split("|")[3]) == list(fields.column_names(columns)), file


def test_a_stale_table_is_found(tmp_path) -> None:
    """The check above can fail: a table one row short is not what the declarations give."""
    text = (REPO / "docs" / "open-data.md").read_text(encoding="utf-8")
    table = field_tables.download_table()
    shorter = field_tables.with_table(text, "award-download-columns", table.rsplit("\n", 1)[0])
    assert shorter != field_tables.with_table(shorter, "award-download-columns", table)


def test_the_round_trip_names_the_columns_the_importer_sets_aside() -> None:
    from sitegen.importer.tables import HEADERS

    doc = (REPO / "docs" / "open-data.md").read_text(encoding="utf-8")
    sentence = doc.split("the columns worked out from the records", 1)[1].split(") are set aside", 1)[0]
    set_aside = [name for name in fields.column_names(fields.AWARD_COLUMNS) if name not in HEADERS]
    assert re.findall(r"`([a-z_]+)`", sentence) == set_aside
