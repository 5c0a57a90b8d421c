"""Kabupaten and kota as places with one page each: reading the `city` values sources give.

Sources name a place three ways: "Kabupaten Gresik", "Kota Surabaya", or just "Gresik". One place gets
one page, and two places never share one:

- "Kab. Gresik", "Kabupaten Gresik" and "Gresik" are one place, because Jawa Timur has no Kota Gresik;
- "Kota Malang" and "Kabupaten Malang" are two places, and a bare "Malang" is a third page: the
  source does not say which of the two it means, and we do not guess (BOTH_KINDS lists such names);
- a bare name that the records of one province also give with both prefixes is treated the same way.

The URL slug of a place (routes.place_slug) is its name without the prefix ("gresik"), or with it where
the name alone is ambiguous ("kota-malang", "kabupaten-malang", and "malang" for the bare name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitegen.model import routes
from sitegen.model.geo import REGENCIES

KOTA, KABUPATEN = "kota", "kabupaten"
KIND_LABELS = {KOTA: "Kota", KABUPATEN: "Kabupaten"}

# Prefixes as sources write them, longest first, matched case-insensitively on whole words.
_PREFIX = re.compile(r"^(?:(kabupaten|kab\.?)(?:\s+(?:administrasi|adm\.?))?|(kota)(?:\s+(?:administrasi|adm\.?))?)"
                     r"(?:\s+|\.\s*)(?=\S)", re.IGNORECASE)

# Names that are both a kota and a kabupaten in the same province (e.g. Kota Malang and Kabupaten Malang).
BOTH_KINDS: dict[str, frozenset[str]] = {
    "Sumatera Barat": frozenset({"Solok"}),
    "Jawa Barat": frozenset({"Bandung", "Bekasi", "Bogor", "Cirebon", "Sukabumi", "Tasikmalaya"}),
    "Banten": frozenset({"Serang", "Tangerang"}),
    "Jawa Tengah": frozenset({"Magelang", "Pekalongan", "Semarang", "Tegal"}),
    "Jawa Timur": frozenset({"Blitar", "Kediri", "Madiun", "Malang", "Mojokerto", "Pasuruan", "Probolinggo"}),
    "Nusa Tenggara Barat": frozenset({"Bima"}),
    "Nusa Tenggara Timur": frozenset({"Kupang"}),
    "Gorontalo": frozenset({"Gorontalo"}),
    "Papua": frozenset({"Jayapura"}),
    "Papua Barat Daya": frozenset({"Sorong"}),
}


@dataclass(frozen=True)
class Place:
    """One kabupaten or kota (or a bare name the source gives) in one province."""

    province: str
    slug: str
    name: str  # as the page names it: "Kabupaten Gresik", "Kota Surabaya", or the bare name
    base: str  # the name without its kind, for ordering places as readers look for them ("Gresik")
    ambiguous: bool = False  # a bare name that may be the kota or the kabupaten


def split_kind(city: str) -> tuple[str | None, str]:
    """("kota" | "kabupaten" | None, the name without its prefix), spaces tidied."""
    text = " ".join(city.split())
    match = _PREFIX.match(text)
    if match is None:
        return None, text
    return (KABUPATEN if match.group(1) else KOTA), text[match.end():]


def _fold(name: str) -> str:
    """A name for comparing: "Pangkal Pinang" and "Pangkalpinang" are one name."""
    return re.sub(r"[^0-9a-z]", "", name.casefold())


def _known(province: str) -> dict[str, tuple[set[str], str]]:
    """The geo table's names of a province (folded) -> (the kinds it gives, its spelling)."""
    known: dict[str, tuple[set[str], str]] = {}
    for full in REGENCIES.get(province, ()):
        kind, bare = split_kind(full)
        if kind:
            known.setdefault(_fold(bare), (set(), bare))[0].add(kind)
    return known


def places_of_province(province: str, cities: list[str]) -> dict[str, Place]:
    """Each city value of one province's records -> its Place; the same input always gives the same places."""
    ambiguous = {_fold(n) for n in BOTH_KINDS.get(province, ())}
    given: dict[str, set[str]] = {}  # folded bare name -> the kinds the records give it
    spellings: dict[str, list[str]] = {}
    parsed = {}
    for city in sorted(set(cities)):
        kind, bare = parsed[city] = split_kind(city)
        spellings.setdefault(_fold(bare), []).append(bare)
        if kind:
            given.setdefault(_fold(bare), set()).add(kind)
    ambiguous |= {name for name, kinds in given.items() if len(kinds) > 1}
    known = _known(province)
    result = {}
    for city, (kind, bare) in parsed.items():
        folded = _fold(bare)
        # The table's spelling when it knows the name, else one of the records' (the same each build).
        spelled = known[folded][1] if folded in known else min(spellings[folded], key=lambda s: (s.isupper(), s))
        if folded in ambiguous:
            label = f"{KIND_LABELS[kind]} {spelled}" if kind else spelled
            result[city] = Place(province, routes.place_slug(label), label, spelled, ambiguous=kind is None)
            continue
        kinds = given.get(folded) or (known[folded][0] if folded in known else set())
        label = f"{KIND_LABELS[next(iter(kinds))]} {spelled}" if len(kinds) == 1 else spelled
        result[city] = Place(province, routes.place_slug(spelled), label, spelled)
    return result
