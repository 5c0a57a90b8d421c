"""The change feed: awards added, revocations and corrections, each dated from data/, read back as Atom."""

from __future__ import annotations

import csv
from pathlib import Path

import feedparser
import pytest

from build import main
from sitegen.pipeline import BuildOptions, build
from tests.conftest import MINI, copy_registry, read_page

SURABAYA = "/unit/alfa/kantor-alfa-surabaya/"


def feed_of(public: Path) -> feedparser.FeedParserDict:
    """The change feed as a subscriber's reader parses it (strictly: any XML error is a failure)."""
    parsed = feedparser.parse((public / "perubahan" / "atom.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_the_feed_is_atom_with_each_change_dated_linked_and_sourced(mini_site: Path) -> None:
    entries = feed_of(mini_site).entries
    assert [(e.updated[:10], e.title) for e in entries] == [
        ("2021-03-05", "Pengadilan Beta Semarang: WBK dicabut"),
        ("2020-03-02", "Kantor Alfa Surabaya: WBK 2019 dikoreksi"),
        ("2020-01-15", "Kantor Alfa Surabaya: WBK 2019 ditambahkan"),
    ]
    assert [e.link for e in entries] == ["/unit/beta/pengadilan-beta-semarang/", SURABAYA, SURABAYA]
    assert entries[2].id.endswith("perubahan/ditambahkan/alfa/kantor-alfa-surabaya/wbk-2019/2020-01-15")
    assert all("Sumber:" in e.content[0].value for e in entries)
    assert "https://contoh.invalid/cabut" in entries[0].content[0].value
    assert "Provinsi diperbaiki" in entries[1].content[0].value
    assert "Kantor Alfa Surabaya raih WBK (https://contoh.invalid/alfa-surabaya-2019)" in entries[2].content[0].value


def test_the_page_lists_the_same_changes_and_offers_the_feed(mini_site: Path) -> None:
    page = read_page(mini_site, "perubahan/")
    assert page.index("2021-03-05") < page.index("2020-03-02") < page.index("2020-01-15")
    assert f'href="{SURABAYA}"' in page and 'href="/perubahan/atom.xml"' in page
    assert 'type="application/atom+xml" title="Perubahan' in read_page(mini_site, "")


def test_records_without_first_seen_are_not_changes(tmp_path: Path) -> None:
    root = copy_registry(MINI, tmp_path / "reg")
    for path in (root / "data").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text("\n".join(line for line in text.split("\n") if "first_seen" not in line), encoding="utf-8")
    public = tmp_path / "public"
    build(BuildOptions(root=root, out=public))
    assert [e.title for e in feed_of(public).entries] == ["Kantor Alfa Surabaya: WBK 2019 dikoreksi"]


def test_importing_a_row_adds_its_entry_dated_the_import_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_registry(MINI, tmp_path / "reg")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1640995200")  # 2022-01-01, the day the editor imports
    listing = root / "daftar.csv"
    with listing.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["unit", "institution", "predicate", "year", "province", "source_url", "source_title",
                      "source_kind", "set_by"])
        out.writerow(["Kantor Alfa Kediri", "alfa", "WBK", "2021", "Jawa Timur", "https://contoh.invalid/kediri",
                      "Kantor Alfa Kediri raih WBK", "resmi", "KemenPANRB"])
    assert main(["import", str(listing), "--root", str(root)]) == 0
    assert "first_seen: 2022-01-01" in (root / "data" / "awards" / "2021.yaml").read_text(encoding="utf-8")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    public = tmp_path / "public"
    build(BuildOptions(root=root, out=public))
    newest = feed_of(public).entries[0]
    assert (newest.updated[:10], newest.title, newest.link) == (
        "2022-01-01", "Kantor Alfa Kediri: WBK 2021 ditambahkan", "/unit/alfa/kantor-alfa-kediri/")
    assert "Kantor Alfa Kediri raih WBK (https://contoh.invalid/kediri)" in newest.content[0].value


def test_a_correction_without_its_note_is_an_error_at_its_line(tmp_path: Path, capsys) -> None:
    root = copy_registry(MINI, tmp_path / "reg")
    path = root / "data" / "awards" / "2019.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "        note: Provinsi diperbaiki menjadi Jawa Timur sesuai sumber.\n", ""), encoding="utf-8")
    line = path.read_text(encoding="utf-8").split("\n").index("      - date: 2020-03-02") + 1
    assert main(["check", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert f"data/awards/2019.yaml:{line}:9: correction is missing the required field 'note'" in err


def test_an_award_whose_source_names_no_setter_is_not_said_to_be_set_by_anyone(tmp_path: Path) -> None:
    root = copy_registry(MINI, tmp_path / "reg")
    path = root / "data" / "awards" / "2019.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - unit: Kantor Alfa Surabaya")
    end = text.index("  - unit:", start + 1)
    record = text[start:end]
    changed = record.replace("set_by: kemenpanrb", "set_by: tidak-disebut") if "set_by:" in record else \
        record.replace("    predicate: WBK\n", "    predicate: WBK\n    set_by: tidak-disebut\n")
    path.write_text(text[:start] + changed + text[end:], encoding="utf-8")
    public = tmp_path / "public"
    build(BuildOptions(root=root, out=public))
    added = next(e for e in feed_of(public).entries if e.title.endswith("ditambahkan"))
    assert "sumber tidak menyebut siapa yang menetapkannya" in added.content[0].value
    assert "ditetapkan oleh" not in added.content[0].value
