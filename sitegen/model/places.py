"""Which official kabupaten/kota a record's `city` means, resolved against the Kemendagri list (wilayah.py).

Sources name a place in many ways; each resolves within the record's province, in this order:

1. "Slawi, Kabupaten Tegal": the name the source gave, then the kabupaten/kota an editor settled it to;
2. "Kabupaten Gresik", "Kab. Gresik", "Kota Surabaya": the kabupaten/kota of that kind;
3. "Gresik": the one kabupaten/kota of that name. Where a kota and a kabupaten share it ("Malang"), the
   unit's name ("Polres Malang Kota", "Dinas ... Kota Semarang") or its institution (a Pemkot's unit
   belongs to the kota) decides; when neither does, the name stays ambiguous: a warning naming the
   record, and the unit is listed under its province only until the editor settles the record;
4. "Slawi", "Tanjungpandan": a kecamatan, which lies in one kabupaten/kota;
5. "Purwokerto", "Soe": a town whose kecamatan carry its name ("Purwokerto Utara", "Kota Soe");
6. anything else is an error, with the closest official names.

A kabupaten/kota name wins over a kecamatan of the same name ("Tebing Tinggi" is Kota Tebing Tinggi, not
the kecamatan in Serdang Bedagai): sources name the larger place.

A place's URL slug (routes.place_slug) is its name without the kind ("gresik"), or with it where a kota
and a kabupaten of the province share the name ("kota-malang", "kabupaten-malang").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from sitegen.model import routes
from sitegen.model.wilayah import KABUPATEN, KIND_LABELS, KOTA, Region, districts, fold, official, split_kind

SUGGESTIONS = 3


@dataclass(frozen=True, slots=True)
class Place:
    """One official kabupaten or kota, as its page names it."""

    province: str
    slug: str
    name: str  # the official name: "Kabupaten Gresik", "Kota Administrasi Jakarta Selatan"
    base: str  # the name without its kind, for ordering places as readers look for them ("Gresik")
    code: str  # Kemendagri code (kode_wilayah): "35.25"


@dataclass(frozen=True, slots=True)
class Resolution:
    """What one city value means: its place (None when ambiguous or unknown) and how that was found."""

    place: Place | None
    given: str = ""  # the name the source gave, when it is not the place's own ("Slawi")
    rule: str = ""  # which rule decided: settled, kind, name, unit-name, institution, kecamatan, town
    candidates: tuple[Place, ...] = ()  # ambiguous: the places it may be
    suggestions: tuple[str, ...] = ()  # unknown: the closest official names
    source_name: str = ""  # the city value as the source wrote it, without an editor's settlement

    @property
    def label(self) -> str:
        """The place as a page shows it: "Slawi, Kabupaten Tegal", or "Kabupaten Tegal"."""
        if self.place is None:
            return self.given
        return f"{self.given}, {self.place.name}" if self.given else self.place.name


@cache
def place_of_region(region: Region) -> Place:
    """The Place of an official kabupaten/kota: one object each, shared by every record that names it."""
    shared = len(official().by_base[region.province][fold(region.base)]) > 1
    slug = routes.place_slug(f"{KIND_LABELS[region.kind]} {region.base}" if shared else region.base)
    return Place(region.province, slug, region.name, region.base, region.code)


def places_of_province(province: str) -> tuple[Place, ...]:
    """Every official kabupaten/kota of a province, by name."""
    return tuple(sorted((place_of_region(r) for r in official().regions.get(province, ())),
                        key=lambda p: (p.base.casefold(), p.name)))


@lru_cache(maxsize=4096)
def resolve(province: str, city: str, unit_name: str = "", institution: tuple[str, str] = ("", "")) -> Resolution:
    """The kabupaten/kota a city value of a record in this province means (see the module's rules), with the
    name the source wrote kept beside it.

    institution: (category, name) of the unit's institution, e.g. ("kota", "Pemerintah Kota Tegal").
    """
    found = _resolve(province, city, unit_name, institution)
    written = " ".join(city.split()).rpartition(", ")
    return replace(found, source_name=written[0] if written[1] else written[2])


def _resolve(province: str, city: str, unit_name: str, institution: tuple[str, str]) -> Resolution:
    """resolve, without the source's name."""
    text = " ".join(city.split())
    given, comma, settled = text.rpartition(", ")
    if comma:
        found = _by_name(province, settled)
        if len(found) == 1:
            return _resolved(found[0], given, "settled")
        return _unresolved(province, settled, found, given=text)
    kind, bare = split_kind(text)
    found = _by_name(province, text)
    if len(found) > 1:
        decided, rule = _decide(found, bare, unit_name, institution)
        return _resolved(decided[0], "", rule) if len(decided) == 1 else _unresolved(province, text, found)
    if found:
        return _resolved(found[0], "", "kind" if kind else "name")
    if kind is None:
        for rule, index in (("kecamatan", districts(province).by_name), ("town", districts(province).by_town)):
            regions = index.get(fold(bare), ())
            if regions:
                places = tuple(place_of_region(r) for r in regions)
                return Resolution(places[0], text, rule) if len(places) == 1 else _unresolved(province, text, places)
    return _unresolved(province, text, ())


def _by_name(province: str, text: str) -> tuple[Place, ...]:
    """The kabupaten/kota a name with or without its kind gives in a province."""
    kind, bare = split_kind(text)
    regions = official().by_base.get(province, {}).get(fold(bare), ())
    return tuple(place_of_region(r) for r in regions if kind is None or r.kind == kind)


def _kind_in_name(bare: str, unit_name: str) -> str | None:
    """KOTA or KABUPATEN when the unit's name says which: "Polres Malang Kota", "Dinas ... Kota Semarang"."""
    words = re.escape(bare).replace(r"\ ", r"\s+")
    if re.search(rf"\bkota\s+{words}\b|\b{words}\s+kota\b", unit_name, re.IGNORECASE):
        return KOTA
    if re.search(rf"\b(?:kabupaten|kab\.?)\s+{words}\b", unit_name, re.IGNORECASE):
        return KABUPATEN
    return None


def _decide(found: tuple[Place, ...], bare: str, unit_name: str,
            institution: tuple[str, str]) -> tuple[tuple[Place, ...], str]:
    """The places of the kind the unit's name or its institution (a Pemkot or Pemkab of that name) points
    at, and which of the two decided; nothing when neither says."""
    kind, rule = _kind_in_name(bare, unit_name), "unit-name"
    category, inst_name = institution
    if kind is None and category in (KOTA, KABUPATEN) and _kind_in_name(bare, inst_name) == category:
        kind, rule = category, "institution"
    return tuple(p for p in found if kind and p.name.startswith(KIND_LABELS[kind])), rule


def _resolved(place: Place, given: str, rule: str) -> Resolution:
    """A resolution to one place; the given name is kept only when it is not the place's own."""
    own = {fold(place.name), fold(place.base), fold(f"{place.name.split()[0]} {place.base}")}
    return Resolution(place, "" if fold(given) in own else given, rule)


def _unresolved(province: str, text: str, candidates: tuple[Place, ...], given: str = "") -> Resolution:
    """Ambiguous (several candidates) or unknown (none: the closest official names instead)."""
    if candidates:
        return Resolution(None, given or text, "ambiguous", candidates=candidates)
    return Resolution(None, given or text, "unknown", suggestions=closest_names(province, text))


def closest_names(province: str, text: str) -> tuple[str, ...]:
    """The official kabupaten/kota and kecamatan names of a province nearest to a name, best first."""
    choices = {r.name: fold(r.base) for r in official().regions.get(province, ())}
    choices.update({f"{name} (a kecamatan of {region.name})": fold(name)
                    for name, region in official().districts.get(province, ())})
    found = process.extract(fold(split_kind(text)[1]), choices, scorer=fuzz.WRatio, limit=SUGGESTIONS,
                            score_cutoff=75)
    return tuple(name for _, _, name in found)
