"""The data format is documented in one file, and this test keeps it in step with the code."""

from __future__ import annotations

import re

from sitegen import schema
from tests.conftest import REPO

DOC = (REPO / "docs" / "data-format.md").read_text(encoding="utf-8")
RECORD_KINDS = {
    "INSTITUTION": schema.INSTITUTION, "ROUND": schema.ROUND, "CEREMONY": schema.CEREMONY,
    "REPORTED_TOTAL": schema.REPORTED_TOTAL, "AWARD": schema.AWARD, "EXTRA_SOURCE": schema.EXTRA_SOURCE,
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
