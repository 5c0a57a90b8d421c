"""The search index kept between builds: only changed units' rows are made again, and an index whose
rows did not change is the last one.

search_rows.search_files makes the index from every unit's row parts; here a SearchTable keeps the
parts (piece_table.py) and the files in a memo (memo.py). A unit's parts are made again when its
digest changed, an institution it names did, or its resolved place did; when no row's parts changed
(an award's source, say) the index is the one made last time, and when only rows' display parts
changed (a year, say) the term shards are the last ones. The files are those search_files gives
(tests/test_speed_off.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sitegen.cache.memo import MemoLike, memo_key, pickled_as_tuple
from sitegen.cache.piece_table import PieceTable, changed_digests, refresh
from sitegen.cache.tracking import Dep
from sitegen.fingerprint import digest
from sitegen.model.records import Registry
from sitegen.render.search import FORMAT, RowParts, Shards, index_files, index_order, term_shards
from sitegen.render.search_rows import search_files, unit_row_parts

TABLE = memo_key("search-table", FORMAT)  # the memo entry holding the SearchTable


@dataclass(frozen=True)
class SearchTable:
    """What the index was last made from.

    rows: each unit's RowParts (a piece_table.PieceTable with one year, None); institutions: the
    digest of every institution the rows were made with; places: each located unit's kabupaten/kota
    name they were made with (its institution can decide it, see places.py); files: the index made
    from them.
    """

    rows: PieceTable = field(default_factory=PieceTable)
    institutions: dict[str, bytes] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)


def kept_search_files(reg: Registry, memo: MemoLike, digest_of: Callable[[Dep], bytes]) -> dict[str, bytes]:
    """search_files(reg), from the last build's rows and files where they did not change."""
    if not memo.lasting:
        return search_files(reg)
    old = memo.get(TABLE) or SearchTable()
    institutions = {i: digest_of(("institutions", i)) for i in reg.institutions}
    changed = changed_digests(old.institutions, institutions)
    places = {uid: r.place.name for uid, r in reg.place_of.items() if r.place}
    moved = changed_digests(old.places, places)
    stale = (lambda unit: not changed.isdisjoint((unit.institution_id, *unit.former_institutions))
             or unit.id in moved) if changed or moved else None
    rows, _, redone = refresh(old.rows, reg.units, lambda uid: digest_of(("units", uid)),
                              lambda unit: {None: unit_row_parts(reg, unit)}, stale)
    same = bool(old.files) and all(_parts(old.rows, uid) == _parts(rows, uid) for uid in redone)
    if same:  # the index is the last one: its pieces stay remembered for the next change
        memo.keep_all()
        files = old.files
    else:
        parts = index_order(rows.years.get(None, {}).values())
        files = index_files(parts, kept_shards(parts, memo))
    memo.put(TABLE, SearchTable(rows, institutions, places, files), write=not same)  # else: new unit digests only
    return dict(files)


def kept_shards(parts: list[RowParts], memo: MemoLike) -> Shards:
    """search.term_shards(parts), remembered under a digest of every row's words and codes in index order."""
    name = memo_key("search-shards", FORMAT, digest("\n".join([row.words for row in parts]).encode()
                                                    + b"\0" + b"".join([row.codes for row in parts])))
    found = memo.get(name)
    return found if found is not None else memo.put(name, term_shards(parts))


def _parts(table: PieceTable, uid: str) -> RowParts | None:
    return table.years.get(None, {}).get(uid)


pickled_as_tuple(RowParts)
