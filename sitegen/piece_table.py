"""Each unit's pieces of a site-wide file, by year, kept between builds with the digest they were made from.

The award downloads list every award by year, unit id and predicate, so one unit's awards of one
year are one run of lines: its piece of that year. After an edit `refresh` makes again only the
pieces of the units whose digest changed (or that `stale` names), and tells which years those
units are in, before or after the edit; the file is then one join of the years' pieces in order.
How a year's pieces are kept is a Packing: a dict by unit id, or fewer, larger objects that a
process build reads and writes faster (export.LINES).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

from sitegen.model import Unit

Year = int | None


@dataclass(frozen=True)
class PieceTable:
    """units: id -> (the digest its pieces were made from, their years); years: year -> its pieces, packed.

    made_from: each unit object the pieces were made from. The dev server reuses a unit that did not
    change as the very same object (identity.UnitMemo), so a unit found there is known unchanged
    without asking its digest; a pickled table leaves them out. Never changed once made: `refresh`
    makes a new table, so a build that fails halfway leaves the last one whole.
    """

    units: dict[str, tuple[bytes, tuple[Year, ...]]] = field(default_factory=dict)
    years: dict[Year, object] = field(default_factory=dict)
    made_from: dict[str, Unit] = field(default_factory=dict, compare=False)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "made_from": {}}


class Packing(NamedTuple):
    """How a year's pieces are kept: `pack` makes a block of (unit id, piece) pairs in id order, `unpack`
    gives them back."""

    pack: Callable[[list[tuple[str, object]]], object]
    unpack: Callable[[object], Iterable[tuple[str, object]]]


AS_DICT = Packing(dict, dict.items)  # a year's pieces by unit id


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
    known, same = table.units, table.made_from
    remade = {}
    for uid, unit in units.items() if stale is not None else _new_objects(units, same):
        entry = known.get(uid)
        if entry is None or entry[0] != digest_of(uid) or (stale is not None and stale(unit)):
            remade[uid] = make(unit)
    gone = known.keys() - units.keys()
    if not remade and not gone:
        return Refreshed(PieceTable(known, table.years, dict(units.items())), set(), set())
    dirty: set[Year] = set()
    for uid in [*remade, *gone]:  # the years a unit was in, and is in now
        dirty.update(known[uid][1] if uid in known else ())
        dirty.update(remade.get(uid, ()))
    entries = dict(known)
    for uid in gone:
        del entries[uid]
    entries.update((uid, (digest_of(uid), shared(tuple(pieces)))) for uid, pieces in remade.items())
    redone = remade.keys() | gone
    years = {year: block for year, block in table.years.items() if year not in dirty}
    for year in dirty:
        old = packing.unpack(table.years[year]) if year in table.years else ()
        kept = [(uid, piece) for uid, piece in old if uid not in redone]
        kept += [(uid, pieces[year]) for uid, pieces in remade.items() if year in pieces]
        if kept:
            years[year] = packing.pack(sorted(kept, key=itemgetter(0)))
    return Refreshed(PieceTable(entries, years, dict(units.items())), dirty, redone)


def _new_objects(units: Mapping[str, Unit], same: dict[str, Unit]) -> list[tuple[str, Unit]]:
    """The units that are not the very objects of the last build."""
    return [(uid, unit) for uid, unit in units.items() if same.get(uid) is not unit]


_SHARED: dict = {}


def shared(value: tuple) -> tuple:
    """The one object kept for values equal to this one (a tuple of text or numbers), so that a pickled
    table holds it once; the objects kept are let go past 50,000."""
    if len(_SHARED) > 50_000:
        _SHARED.clear()
    return _SHARED.setdefault(value, value)


def changed_digests(old: dict[str, bytes], new: dict[str, bytes]) -> set[str]:
    """The names whose digest is not the one they had, or that are gone."""
    return {name for name, found in new.items() if old.get(name) != found} | (old.keys() - new.keys())


def year_order(year: Year) -> tuple[bool, int]:
    """Years in order, no year last."""
    return (year is None, year or 0)


def in_order(table: PieceTable) -> list:
    """Every year's block, by year (no year last)."""
    return [table.years[year] for year in sorted(table.years, key=year_order)]
