"""A unit's status badge and verification sheet say what the record says, and change only when it does."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import segno

from sitegen.load.registry import load_registry
from sitegen.model.records import Registry, Revocation, Source, Unit
from sitegen.render.banner import QR_BORDER, QR_MASK, badge_svg, qr_svg

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def reg() -> Registry:
    """The mini fixture registry."""
    loaded, _ = load_registry(MINI)
    return loaded


def unit_with(reg: Registry, predicate: str, set_by: str | None = None) -> Unit:
    """A fixture unit whose latest award is a dated `predicate` (set by set_by, when given)."""
    return next(u for u in reg.units.values() if (a := u.latest_award) is not None and a.year is not None
                and a.predicate == predicate and (set_by is None or a.set_by == set_by))


def texts(svg: bytes) -> list[str]:
    """The lines a badge shows, parsed as XML (so it must be well-formed)."""
    root = ET.fromstring(svg)
    return [t.text or "" for t in root.iter(SVG + "text")]


def test_badge_shows_the_latest_recorded_predicate_and_year(reg: Registry) -> None:
    unit = unit_with(reg, "WBBM")
    latest = unit.latest_award
    assert latest is not None and latest.predicate == "WBBM"
    lines = texts(badge_svg(reg, unit))
    assert lines[0].endswith("terakhir tercatat")
    assert lines[1] == f"WBBM {latest.year}"


def test_badge_says_dicabut_once_revoked(reg: Registry) -> None:
    unit = unit_with(reg, "WBK")
    award = unit.latest_award
    assert award is not None and award.year is not None
    revoked = dataclasses.replace(unit, revocations=(Revocation(unit.id, award.predicate, award.year + 1, "alasan",
                                                                "https://contoh.invalid/cabut"),))
    assert texts(badge_svg(reg, revoked))[1] == f"{award.predicate} {award.year} · DICABUT"
    assert "DICABUT" not in badge_svg(reg, unit).decode()


def test_badge_names_who_set_it_when_not_kemenpanrb(reg: Registry) -> None:
    internal = unit_with(reg, "WBBM", set_by="alfa-baru")
    assert texts(badge_svg(reg, internal))[2] == "ditetapkan oleh Kemenalfabaru (penetapan internal)"
    wbk = unit_with(reg, "WBK")
    wbk_internal = dataclasses.replace(wbk, awards=(*wbk.awards[:-1], dataclasses.replace(wbk.awards[-1],
                                                                                         set_by="alfa-baru")))
    assert texts(badge_svg(reg, wbk_internal))[2] == "ditetapkan oleh Kemenalfabaru (WBK Mandiri)"
    assert len(texts(badge_svg(reg, unit_with(reg, "WBBM", set_by="kemenpanrb")))) == 2


def test_badge_text_is_escaped_for_xml(reg: Registry) -> None:
    unit = dataclasses.replace(unit_with(reg, "WBK"), name='Kantor <Alfa> & "Beta"')
    svg = badge_svg(reg, unit)
    root = ET.fromstring(svg)
    assert root.get("aria-label", "").startswith('Kantor <Alfa> & "Beta":')
    assert b"<Alfa>" not in svg


def test_badge_changes_only_when_the_record_does(reg: Registry) -> None:
    unit = unit_with(reg, "WBK")
    before = badge_svg(reg, unit)
    assert badge_svg(reg, unit) == before
    resourced = dataclasses.replace(unit, awards=tuple(
        dataclasses.replace(a, sources=(Source("https://contoh.invalid/lain", "Sumber lain"),)) for a in unit.awards))
    assert badge_svg(reg, resourced) == before  # another source: same record status, same bytes
    newer = dataclasses.replace(unit, awards=(*unit.awards, dataclasses.replace(
        unit.awards[-1], year=2030, predicate="WBBM")))
    assert badge_svg(reg, newer) != before


def test_qr_code_holds_the_address_and_is_deterministic() -> None:
    url = "https://registri.example.id/unit/polri/polres-gresik/"
    svg = qr_svg(url)
    assert svg == qr_svg.__wrapped__(url)
    root = ET.fromstring(svg)
    path = next(root.iter(SVG + "path")).get("d", "")
    wanted = segno.make_qr(url, error="m", mask=QR_MASK).matrix
    size = len(wanted)
    drawn = [bytearray(size) for _ in range(size)]
    for x, y, run in re.findall(r"M(\d+) (\d+)\.5h(\d+)", path):
        for col in range(int(x), int(x) + int(run)):
            drawn[int(y) - QR_BORDER][col - QR_BORDER] = 1
    assert drawn == list(wanted)
    assert root.get("aria-label") == f"Kode QR berisi alamat {url}"
