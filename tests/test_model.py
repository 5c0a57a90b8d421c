"""The model's derived values: worked out in one place and read everywhere else."""

from __future__ import annotations

import datetime as dt

from sitegen.model.records import Revocation


def test_a_revocation_has_a_year_whether_its_source_gives_a_date_or_only_a_year() -> None:
    dated = Revocation("alfa/x", "WBK", dt.date(2022, 2, 1), "Alasan.", "https://contoh.invalid/a")
    undated = Revocation("alfa/x", "WBK", 2023, "Alasan.", "https://contoh.invalid/b")
    assert (dated.year, undated.year) == (2022, 2023)


def test_where_a_revocation_was_read_is_not_part_of_its_value() -> None:
    first = Revocation("alfa/x", "WBK", 2023, "Alasan.", "https://contoh.invalid/b", line=4)
    assert first == Revocation("alfa/x", "WBK", 2023, "Alasan.", "https://contoh.invalid/b", line=9)
    assert "line" not in repr(first)
