"""Warnings: counted in the summary, grouped by kind, and fatal with --strict."""

from __future__ import annotations

from pathlib import Path

import pytest

from build import main
from sitegen.cache.session import Session
from sitegen.load.checks import collect_warnings
from sitegen.load.config import Config
from sitegen.load.registry import load_registry
from sitegen.pipeline import BuildOptions, build
from tests.conftest import MINI, copy_registry


def test_the_mini_registry_warns_of_its_missing_base_url_and_untitled_sources() -> None:
    registry, _ = load_registry(MINI)
    assert [w.split(":")[0] for w in collect_warnings(registry, Config())] == [
        "base_url is not set", "corrections is not set", "5 award(s) whose source has no title",
        "data/awards/2019.yaml"]  # Pengadilan Beta's bare "Semarang": the kota or the kabupaten (places.py)
    configured = Config(base_url="https://registri.example", corrections="mailto:koreksi@contoh.invalid")
    assert [w.split(":")[0] for w in collect_warnings(registry, configured)] == [
        "5 award(s) whose source has no title", "data/awards/2019.yaml"]


def test_a_wbbm_without_an_earlier_wbk_is_a_grouped_coverage_warning(tmp_path: Path) -> None:
    root = copy_registry(MINI, tmp_path / "reg")
    rounds = root / "data" / "awards" / "2021.yaml"
    rounds.write_text(rounds.read_text() + """  - unit: Kantor Alfa Baru Jaya
    institution: alfa
    predicate: WBBM
    source_url: "https://contoh.invalid/jaya"
    source_kind: resmi
    set_by: kemenpanrb
""")
    registry, _ = load_registry(root)
    warnings = collect_warnings(registry, Config(base_url="https://registri.example",
                                                 corrections="mailto:koreksi@contoh.invalid"))
    assert warnings[0] == ("1 WBBM award(s) without an earlier WBK award in the registry (coverage gap, not an "
                           "error): alfa/kantor-alfa-baru-jaya")
    assert warnings[1].startswith("6 award(s) whose source has no title: alfa/kantor-alfa-bali, ")
    assert warnings[1].endswith(" and 3 more")


def test_strict_turns_warnings_into_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "public"
    assert main(["build", "--root", str(MINI), "--out", str(out)]) == 0
    assert "3 warnings" in capsys.readouterr().out
    assert main(["build", "--root", str(MINI), "--out", str(out), "--strict"]) == 1
    assert "warning: base_url is not set" in capsys.readouterr().err
    assert main(["check", "--root", str(MINI), "--strict", "--base-url", "https://registri.example"]) == 1
    assert main(["check", "--strict", "--base-url", "https://registri.example"]) == 1  # the real data: 18 WBBM gaps


def test_the_dev_server_warns_of_what_changed_since_its_last_build(tmp_path: Path) -> None:
    root = copy_registry(MINI, tmp_path / "reg")
    rounds = root / "data" / "awards" / "2020.yaml"
    dev = Session(resident=True)  # keeps each unit's warnings while the unit is the same object
    first = build(BuildOptions(root=root, out=tmp_path / "dev" / "public"), dev)
    rounds.write_text(rounds.read_text().replace(
        'source_url: "https://contoh.invalid/rnd"',
        'source_url: "https://contoh.invalid/rnd"\n    source_title: "SK penetapan"'))  # its only untitled one
    again = build(BuildOptions(root=root, out=tmp_path / "dev" / "public"), dev)
    fresh = build(BuildOptions(root=root, out=tmp_path / "fresh" / "public"), Session())
    assert again.warnings == fresh.warnings
    assert again.warnings != first.warnings
