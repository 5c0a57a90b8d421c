"""Search examples taken from the registry itself, so every example a page shows finds something.

The placeholder of a search box, and the short forms the search page names, are chosen when the registry
is linked (registry.link_registry keeps them in summary["examples"]): the shortest name of the most common
unit type ("Polres Batu"), the unit types, institutions and provinces with the most units under a short name.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from sitegen.model.records import Institution, Unit
from sitegen.model.search_text import UNIT_TYPES, institution_shorts, province_shorts, tokens


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


def shown_short(short: str) -> str:
    """A unit-type short form as written: KPP, PN, RSUD; Polres, Lapas, Kanwil."""
    return short.upper() if len(short) <= 4 else short.capitalize()


def search_examples(units: dict[str, Unit], institutions: dict[str, Institution],
                    by_institution: dict[str, list[str]], by_province: dict[str, list[str]]) -> dict:
    """{'unit', 'types', 'institutions', 'provinces'}: worked out when the registry is linked, from what
    linking reads of each unit (its name, institution and province), so pages showing examples depend on
    the examples, not on every unit."""
    types: Counter[str] = Counter()
    shortest: dict[str, str] = {}
    for unit in units.values():
        short = unit_type(tokens(unit.name)[:6])
        if short is None:
            continue
        types[short] += 1
        if short not in shortest or (len(unit.name), unit.name) < (len(shortest[short]), shortest[short]):
            shortest[short] = unit.name
    ranked = sorted(types, key=lambda s: (-types[s], s))
    return {"unit": shortest[ranked[0]] if ranked else None, "types": [shown_short(s) for s in ranked[:3]],
            "institutions": _institutions(institutions, by_institution), "provinces": _provinces(by_province)}


def _institutions(institutions: dict[str, Institution], by_institution: dict[str, list[str]]) -> list[str]:
    """Short names of the two institutions with the most units."""
    sizes = sorted(((len(ids), inst_id) for inst_id, ids in by_institution.items() if ids),
                   key=lambda item: (-item[0], item[1]))
    found: list[str] = []
    for _, inst_id in sizes:
        inst = institutions[inst_id]
        shorts = institution_shorts(inst.id, inst.name, [inst.short_name or ""])
        if shorts and shorts[0] not in found:
            found.append(shorts[0])
        if len(found) == 2:
            break
    return found


def _provinces(by_province: dict[str, list[str]]) -> list[str]:
    """Short forms of the two provinces with the most units."""
    sizes = sorted(((len(ids), name) for name, ids in by_province.items() if ids), key=lambda i: (-i[0], i[1]))
    found: list[str] = []
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
