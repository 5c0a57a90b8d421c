"""The registry as rows for the search index (the adapter between the model and search.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sitegen.hooks import Dep, Memo, memo_key
from sitegen.model import routes
from sitegen.model.places import Place
from sitegen.model.records import Registry, Unit
from sitegen.render.piece_table import PieceTable, changed_digests, refresh
from sitegen.render.search import FORMAT, RowParts, SearchRow, build_search_files, index_files, row_parts

TABLE = memo_key("search-table", FORMAT)  # the memo entry holding the SearchTable


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


@dataclass(frozen=True)
class SearchTable:
    """What the index was last made from, kept between builds (memo.py).

    rows: each unit's RowParts (a piece_table.PieceTable with one year, None); institutions: the
    digest of every institution the rows were made with; places: each located unit's kabupaten/kota
    name they were made with (its institution can decide it, see places.py); files:
    the index made from them.
    """

    rows: PieceTable = field(default_factory=PieceTable)
    institutions: dict[str, bytes] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)


def search_files(reg: Registry, memo: Memo, digest_of: Callable[[Dep], bytes] | None = None) -> dict[str, bytes]:
    """The search index files (see search.index_files).

    With digest_of (a model value's digest by dependency name, see plan.DepDigests) each
    unit's row parts are kept in memo, made again only when the unit, an institution it names or its
    place changed; when no row's parts changed (an award's source, say) the index is the one made last time.
    """
    if digest_of is None:
        return build_search_files(search_rows(reg), memo)
    old = memo.get(TABLE) or SearchTable()
    institutions = {i: digest_of(("institutions", i)) for i in reg.institutions}
    changed = changed_digests(old.institutions, institutions)
    places = {uid: r.place.name for uid, r in reg.place_of.items() if r.place}
    moved = changed_digests(old.places, places)
    stale = (lambda unit: not changed.isdisjoint((unit.institution_id, *unit.former_institutions))
             or unit.id in moved) if changed or moved else None
    rows, _, redone = refresh(old.rows, reg.units, lambda uid: digest_of(("units", uid)),
                              lambda unit: {None: row_parts(search_row(reg, unit))}, stale)
    same = bool(old.files) and all(_parts(old.rows, uid) == _parts(rows, uid) for uid in redone)
    if same:  # the index is the last one: its pieces stay remembered for the next change
        memo.keep_all()
    files = old.files if same else index_files(sorted(rows.years.get(None, {}).values(), key=_order), memo)
    memo.put(TABLE, SearchTable(rows, institutions, places, files), write=not same)  # else: new unit digests only
    return dict(files)


def _parts(table: PieceTable, uid: str) -> RowParts | None:
    return table.years.get(None, {}).get(uid)


def _order(row: RowParts) -> tuple[str, str, str]:
    return row.order
