"""The data format is documented in one file, and this test keeps it in step with the code."""

from __future__ import annotations

import re

from sitegen.load import schema
from tests.conftest import REPO

DOC = (REPO / "docs" / "data-format.md").read_text(encoding="utf-8")
RECORD_KINDS = {
    "INSTITUTION": schema.INSTITUTION, "ROUND": schema.ROUND, "CEREMONY": schema.CEREMONY,
    "REPORTED_TOTAL": schema.REPORTED_TOTAL, "AWARD": schema.AWARD, "EXTRA_SOURCE": schema.EXTRA_SOURCE,
    "CORRECTION": schema.CORRECTION,
    "REVOCATION": schema.REVOCATION, "UNIT": schema.UNIT, "ARTICLE": schema.ARTICLE, "PAGE": schema.PAGE,
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
