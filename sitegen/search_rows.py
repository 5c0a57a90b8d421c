"""The registry as rows for the search index (the adapter between the model and search.py)."""

from __future__ import annotations

from sitegen import routes
from sitegen.model import Registry
from sitegen.search import SearchRow


def search_rows(reg: Registry) -> list[SearchRow]:
    """One row per unit, with every name, institution alias and place search should find it by."""
    rows = []
    for unit in reg.units.values():
        inst = reg.institutions[unit.institution_id]
        former_insts = [reg.institutions[i] for i in unit.former_institutions]
        aliases = list(inst.aliases) + [n for i in former_insts for n in (i.name, i.short_name or "", *i.aliases) if n]
        rows.append(SearchRow(
            id=unit.id, name=unit.name, institution_id=inst.id, institution_name=inst.name, category=inst.category,
            path=routes.unit(unit.id), former_names=list(unit.former_names), institution_short=inst.short_name,
            institution_aliases=aliases, province=unit.province,
            province_slug=routes.province_slug(unit.province) if unit.province else None, city=unit.city,
            awards=[(a.year, a.predicate) for a in unit.awards],
            revoked=any(unit.is_revoked(p) for p in {a.predicate for a in unit.awards})))
    return rows
