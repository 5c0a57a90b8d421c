"""Each unit's pieces of a site-wide file, by year, kept between builds with the digest they were made from.

The award downloads list every award by year, unit id and predicate, so one unit's awards of one
year are one run of lines: its piece of that year. After an edit `refresh` makes again only the
pieces of the units whose digest changed (or that `stale` names), and tells which years those
units are in, before or after the edit; the file is then one join of the years' pieces in order.
How a year's pieces are kept is a Packing: a dict by unit id, or fewer, larger objects that a
process build reads and writes faster (award_lines.LINES).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import chain, compress, repeat
from operator import is_not, itemgetter
from typing import NamedTuple, TypeVar

from sitegen.model.records import Unit

Year = int | None
K = TypeVar("K")


@dataclass(frozen=True)
class PieceTable:
    """units: id -> (the digest its pieces were made from, their years); years: year -> its pieces, packed.

    made_from: the units the pieces were made from, in the registry's order (a snapshot of its values
    taken in C, so a later change to that mapping can never make it look unchanged). The dev server
    reuses a unit that did not change as the very same object (unit_memo.UnitMemo), so a unit found
    there is known unchanged without asking its digest; a pickled table leaves them out. Never
    changed once made: `refresh` makes a new table, so a build that fails halfway leaves the last one
    whole.
    """

    units: dict[str, tuple[bytes, tuple[Year, ...]]] = field(default_factory=dict)
    years: dict[Year, object] = field(default_factory=dict)
    made_from: tuple[Unit, ...] = field(default_factory=tuple, compare=False)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "made_from": ()}


class Packing(NamedTuple):
    """How a year's pieces are kept: `pack` makes a block of (unit id, piece) pairs in id order, `unpack`
    gives them back, and `find`, when finding one piece is cheap, gives one unit's."""

    pack: Callable[[list[tuple[str, object]]], object]
    unpack: Callable[[object], Iterable[tuple[str, object]]]
    find: Callable[[object, str], object] | None = None


AS_DICT = Packing(dict, dict.items, dict.get)  # a year's pieces by unit id


class Refreshed(NamedTuple):
    """A table made again, the years whose pieces changed, and the units made again or gone."""

    table: PieceTable
    years: set[Year]
    units: set[str]


def refresh(table: PieceTable, units: Mapping[str, Unit], digest_of: Callable[[str], bytes],
            make: Callable[[Unit], dict[Year, object]], stale: Callable[[Unit], bool] | None = None,
            packing: Packing = AS_DICT) -> Refreshed:
    """The table of these units, what changed, and which units were made again (or are gone).

    make: a unit's pieces by year; digest_of: a unit's digest by id; stale: whether a unit whose digest
    did not change must be made again all the same (it names an institution that changed, say).
    """
    known = table.units
    suspects = units.items() if stale is not None else _new_objects(units, table.made_from)
    remade = {uid: make(unit) for uid, unit in suspects
              if uid not in known or known[uid][0] != digest_of(uid) or (stale is not None and stale(unit))}
    gone = _gone(known, units, remade)
    made_from = tuple(units.values())
    if not remade and not gone:
        return Refreshed(PieceTable(known, table.years, made_from), set(), set())
    dirty = _dirty_years(table, remade, gone, packing)
    entries = dict(known)
    for uid in gone:
        del entries[uid]
    entries.update((uid, (digest_of(uid), shared(tuple(pieces)))) for uid, pieces in remade.items())
    years = _years_again(table, dirty, remade, gone, packing)
    return Refreshed(PieceTable(entries, years, made_from), dirty, remade.keys() | gone)


def _new_objects(units: Mapping[str, Unit], same: tuple[Unit, ...]) -> list[tuple[str, Unit]]:
    """The units that are not the very objects of the last build at the same place, found in a walk done
    in C. A unit object is only ever kept under its own id, so the same object at the same place is the
    same unit; a unit added or gone shifts the places after it, and those are asked by digest instead."""
    same_place = chain(map(is_not, units.values(), same), repeat(True))
    return list(compress(units.items(), same_place))


def _gone(known: dict[str, tuple], units: Mapping[str, Unit], remade: dict[str, dict]) -> set[str]:
    """The units of the table that are no longer there (counted first: there seldom are any)."""
    added = sum(1 for uid in remade if uid not in known)
    return known.keys() - units.keys() if len(known) + added > len(units) else set()


def _dirty_years(table: PieceTable, remade: dict[str, dict], gone: set[str], packing: Packing) -> set[Year]:
    """The years a unit made again or gone was in or is in now, but for those where its piece is the same."""
    dirty: set[Year] = set()
    for uid in gone:
        dirty.update(table.units[uid][1])
    for uid, pieces in remade.items():
        before = table.units[uid][1] if uid in table.units else ()
        for year in {*before, *pieces}:
            if packing.find is None or year not in before or year not in pieces or \
                    packing.find(table.years[year], uid) != pieces[year]:
                dirty.add(year)
    return dirty


def _years_again(table: PieceTable, dirty: set[Year], remade: dict[str, dict], gone: set[str],
                 packing: Packing) -> dict[Year, object]:
    """The blocks of the dirty years made again from their kept and new pieces; the others as they were."""
    if not dirty:
        return table.years
    redone = remade.keys() | gone
    years = {year: block for year, block in table.years.items() if year not in dirty}
    for year in dirty:
        old = packing.unpack(table.years[year]) if year in table.years else ()
        kept = [(uid, piece) for uid, piece in old if uid not in redone]
        kept += [(uid, pieces[year]) for uid, pieces in remade.items() if year in pieces]
        if kept:
            years[year] = packing.pack(sorted(kept, key=itemgetter(0)))
    return years


_SHARED: dict = {}
SHARED_KEPT = 50_000


def shared(value: tuple) -> tuple:
    """The one object kept for values equal to this one (a tuple of text or numbers), so that a pickled
    table holds it once; past SHARED_KEPT objects the table starts again."""
    if len(_SHARED) > SHARED_KEPT:
        _SHARED.clear()
    return _SHARED.setdefault(value, value)


def changed_digests(old: dict[K, object], new: dict[K, object]) -> set[K]:
    """The names whose digest (or other value) is not the one they had, or that are gone."""
    return {name for name, found in new.items() if old.get(name) != found} | (old.keys() - new.keys())


def year_order(year: Year) -> tuple[bool, int]:
    """Years in order, no year last."""
    return (year is None, year or 0)


def in_order(table: PieceTable) -> list:
    """Every year's block, by year (no year last)."""
    return [table.years[year] for year in sorted(table.years, key=year_order)]
