"""Search examples taken from the registry itself, so every example a page shows finds something.

The placeholder of a search box, and the short forms the search page names, are chosen at build time
from the units, institutions and provinces present: a unit type with the place it is most often in
("Polres Gresik"), the institutions and provinces with the most units under a short name.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from sitegen.model import Registry
from sitegen.search_text import UNIT_TYPES, fold, institution_shorts, province_shorts, tokens

PLACE_WORDS = frozenset({"kota", "kabupaten", "kab", "adm", "administrasi"})


@lru_cache(maxsize=1)
def _type_starts() -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """First folded word -> (short form, the words a name starts with for it), longest first."""
    starts: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for short, phrases in UNIT_TYPES.items():
        for words in [tokens(short), *(tokens(p) for p in phrases)]:
            starts.setdefault(words[0], []).append((short, tuple(words)))
    return {first: tuple(sorted(found, key=lambda f: -len(f[1]))) for first, found in starts.items()}


def unit_type(words: list[str]) -> str | None:
    """The unit-type short form a name's words start with ("kpp" for Kantor Pelayanan Pajak ...), or None."""
    for short, start in _type_starts().get(words[0], ()) if words else ():
        if tuple(words[:len(start)]) == start:
            return short
    return None


def place_word(city: str) -> str:
    """The word of a city a reader types: 'Kota Surabaya' -> 'Surabaya', 'Kabupaten Deli Serdang' -> 'Deli'."""
    for word in city.split():
        if fold(word).strip(".") not in PLACE_WORDS and tokens(word):
            return word.strip(".,")
    return ""


def shown_short(short: str) -> str:
    """A unit-type short form as written: KPP, PN, RSUD; Polres, Lapas, Kanwil."""
    return short.upper() if len(short) <= 4 else short.capitalize()


def search_examples(reg: Registry) -> dict:
    """{'unit': 'Polres Gresik' or None, 'types': [...], 'institutions': [...], 'provinces': [...]}."""
    types: Counter[str] = Counter()
    places: dict[str, Counter[str]] = {}
    for unit in reg.units.values():
        short = unit_type(tokens(unit.name)[:6])
        if short is None:
            continue
        types[short] += 1
        word = place_word(unit.city or "")
        if word:
            places.setdefault(short, Counter())[word] += 1
    ranked = sorted(types, key=lambda s: (-types[s], s))
    unit = None
    for short in ranked:
        if short in places:
            word = sorted(places[short], key=lambda w: (-places[short][w], w))[0]
            unit = f"{shown_short(short)} {word}"
            break
    return {"unit": unit, "types": [shown_short(s) for s in ranked[:3]],
            "institutions": _institutions(reg), "provinces": _provinces(reg)}


def _institutions(reg: Registry) -> list[str]:
    """Short names of the two institutions with the most units."""
    sizes = sorted(((len(ids), inst_id) for inst_id, ids in reg.units_by_institution.items() if ids),
                   key=lambda item: (-item[0], item[1]))
    found = []
    for _, inst_id in sizes:
        inst = reg.institutions[inst_id]
        shorts = institution_shorts(inst.id, inst.name, [inst.short_name or ""])
        if shorts and shorts[0] not in found:
            found.append(shorts[0])
        if len(found) == 2:
            break
    return found


def _provinces(reg: Registry) -> list[str]:
    """Short forms of the two provinces with the most units."""
    sizes = sorted(((len(ids), name) for name, ids in reg.units_by_province.items()), key=lambda i: (-i[0], i[1]))
    found = []
    for _, name in sizes:
        shorts = province_shorts(name)
        if shorts:
            found.append(shorts[0])
        if len(found) == 2:
            break
    return found


def placeholder(examples: dict) -> str:
    """The search box's placeholder: examples that each find something."""
    picks = [e for e in (examples["unit"], *examples["institutions"][:1], *examples["provinces"][:1]) if e]
    return "Contoh: " + ", ".join(picks) if picks else "Nama unit, instansi, kota atau provinsi"
