"""The registry as rows for the search index (the adapter between the model and search.py)."""

from __future__ import annotations

from sitegen.model import routes
from sitegen.model.places import Place
from sitegen.model.records import Registry, Unit
from sitegen.render.search import RowParts, SearchRow, index_files, index_order, row_parts


def search_rows(reg: Registry) -> list[SearchRow]:
    """One row per unit, with every name, institution alias and place search should find it by."""
    return [search_row(reg, unit) for unit in reg.units.values()]


def search_row(reg: Registry, unit: Unit) -> SearchRow:
    """The row of one unit."""
    inst = reg.institutions[unit.institution_id]
    former_insts = [reg.institutions[i] for i in unit.former_institutions]
    aliases = list(inst.aliases) + [n for i in former_insts for n in (i.name, i.short_name or "", *i.aliases) if n]
    return SearchRow(
        id=unit.id, name=unit.name, institution_id=inst.id, institution_name=inst.name, category=inst.category,
        path=routes.unit(unit.id), former_names=list(unit.former_names), institution_short=inst.short_name,
        institution_aliases=aliases, province=unit.province,
        province_slug=routes.province_slug(unit.province) if unit.province else None, city=unit.city,
        place=place.name if (place := resolved_place(reg, unit)) else None,
        awards=[(a.year, a.predicate, setter_short(reg, a.set_by)) if a.set_internally else (a.year, a.predicate)
                for a in unit.awards],
        revoked=any(unit.is_revoked(p) for p in {a.predicate for a in unit.awards}))


def setter_short(reg: Registry, set_by: str) -> str:
    """The short name of an institution that set a predicate itself, as results mark it ("penetapan MA")."""
    inst = reg.institutions[set_by]
    return inst.short_name or inst.name


def resolved_place(reg: Registry, unit: Unit) -> Place | None:
    """The official kabupaten/kota the unit's city resolved to, if any."""
    resolution = reg.place_of.get(unit.id)
    return resolution.place if resolution else None


def search_files(reg: Registry) -> dict[str, bytes]:
    """The search index files (see search.index_files)."""
    return index_files(index_order(unit_row_parts(reg, unit) for unit in reg.units.values()))


def unit_row_parts(reg: Registry, unit: Unit) -> RowParts:
    """A unit's piece of the index: its row's parts."""
    return row_parts(search_row(reg, unit))
