"""An editor's answer about a likely duplicate is written into data/units.yaml, keeping the file's comments."""

from __future__ import annotations

import json
from pathlib import Path

from sitegen.errors import Problems
from sitegen.importer.units_file import DISTINCT, SAME, Decision, entry_of, entry_text, record
from sitegen.load.read import load_yaml

UNITS = """\
# Unit identity (a comment the editor wrote).

# Moved in late 2024.
- id: kemenkumham/lapas-kelas-iib-mojokerto
  name: Lapas Kelas IIB Mojokerto
  institution: kemenimipas
  former_institutions: [kemenkumham]

# Both names are one resort.
- id: polri/polresta-sidoarjo
  name: Polresta Sidoarjo
  former_names: [Polres Sidoarjo]
"""


def recorded(tmp_path: Path, text: str | None, decisions: list[Decision]) -> tuple[str, list[str]]:
    path = tmp_path / "units.yaml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    problems = Problems()
    new = record(path, decisions, problems)
    return new, [p.message for p in problems.items]


def test_same_unit_adds_a_former_name_to_the_entry_and_keeps_every_comment(tmp_path: Path) -> None:
    new, problems = recorded(tmp_path, UNITS, [Decision(SAME, "Polrestabes Sidoarjo", "polri/polresta-sidoarjo",
                                                        "Polresta Sidoarjo")])
    assert problems == []
    assert new == UNITS.replace("  former_names: [Polres Sidoarjo]\n",
                                "  former_names: [Polres Sidoarjo, Polrestabes Sidoarjo]\n")


def test_a_unit_without_an_entry_gets_one_at_the_end(tmp_path: Path) -> None:
    decisions = [Decision(DISTINCT, "Polres Malang Kota", "polri/polres-malang", "Polres Malang"),
                 Decision(SAME, "Kantor Pertanahan Kota Padang", "atr-bpn/kantor-pertanahan-padang",
                          "Kantor Pertanahan Padang")]
    new, problems = recorded(tmp_path, UNITS, decisions)
    assert problems == []
    assert new == UNITS + ("\n- id: atr-bpn/kantor-pertanahan-padang\n  name: Kantor Pertanahan Padang\n"
                           "  former_names: [Kantor Pertanahan Kota Padang]\n"
                           "\n- id: polri/polres-malang\n  name: Polres Malang\n  distinct: [Polres Malang Kota]\n")
    (tmp_path / "units.yaml").write_text(new, encoding="utf-8")
    loaded = load_yaml(tmp_path / "units.yaml", Problems())
    assert loaded.ok and [e["id"] for e in loaded.data][-2:] == ["atr-bpn/kantor-pertanahan-padang",
                                                                  "polri/polres-malang"]


def test_a_missing_file_is_started_and_a_name_is_recorded_once(tmp_path: Path) -> None:
    decision = Decision(DISTINCT, "Polres Malang Kota", "polri/polres-malang", "Polres Malang")
    new, problems = recorded(tmp_path, None, [decision, decision])
    assert problems == []
    assert new.startswith("# Unit identity") and new.count("Polres Malang Kota") == 1


def test_an_entry_holding_a_comment_is_left_for_the_editor(tmp_path: Path) -> None:
    text = UNITS.replace("  name: Polresta Sidoarjo\n", "  name: Polresta Sidoarjo  # since 2017\n")
    new, problems = recorded(tmp_path, text, [Decision(SAME, "Polrestabes Sidoarjo", "polri/polresta-sidoarjo",
                                                       "Polresta Sidoarjo")])
    assert new == text
    assert problems == ["cannot record that 'Polrestabes Sidoarjo' is the same unit as polri/polresta-sidoarjo: "
                        "its entry holds a comment"]


def test_a_new_entry_is_written_whole() -> None:
    assert entry_text(entry_of(Decision(DISTINCT, "Polres Malang Kota", "polri/polres-malang", "Polres Malang"))) == (
        "- id: polri/polres-malang\n  name: Polres Malang\n  distinct: [Polres Malang Kota]\n")


def test_names_with_commas_or_brackets_are_quoted_so_they_read_back(tmp_path: Path) -> None:
    name = "Direktorat Operasi Sumber Daya, Ditjen SDPPI [Kominfo]"
    new, problems = recorded(tmp_path, UNITS, [Decision(SAME, name, "kominfo/direktorat-operasi-sumber-daya",
                                                        "Direktorat Operasi Sumber Daya")])
    assert problems == []
    assert f"  former_names: [{json.dumps(name)}]\n" in new
    (tmp_path / "units.yaml").write_text(new, encoding="utf-8")
    loaded = load_yaml(tmp_path / "units.yaml", Problems())
    assert loaded.ok and loaded.data[-1]["former_names"] == [name]
