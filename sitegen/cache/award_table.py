"""The award downloads' pieces kept between builds: after an edit only the changed units' pieces are made again.

award_lines.award_lines makes every unit's pieces; here the AwardTable keeps them in a memo
(memo.py, piece_table.py), packed by year in a few large objects (YearLines) that a pickled memo
writes and loads quickly, and only the units whose digest changed (or that name an institution
that did) are made again, and only their years joined again. The result is the AwardLines the
plain function gives (tests/test_speed_off.py).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from typing import NamedTuple

from sitegen.cache.memo import MemoLike, memo_key, pickled_as_tuple
from sitegen.cache.piece_table import Packing, PieceTable, changed_digests, in_order, refresh
from sitegen.cache.tracking import Dep
from sitegen.load.config import Config
from sitegen.model.records import Registry
from sitegen.render.award_lines import (
    AwardLines,
    AwardPiece,
    award_lines,
    institutions_named,
    round_listing,
    unit_pieces,
)


def kept_award_lines(reg: Registry, config: Config, memo: MemoLike, digest_of: Callable[[Dep], bytes]) -> AwardLines:
    """award_lines(reg, config), from the last build's pieces where the units did not change."""
    if not memo.lasting:  # nothing outlives this build: a table would only cost its packing
        return award_lines(reg, config)
    table = award_table(reg, config, memo, digest_of)
    return AwardLines(in_files_order(table), table.listings)


@dataclass(frozen=True)
class AwardTable:
    """What the award downloads and the awards feed are put together from, kept between builds (memo.py).

    pieces: each unit's AwardPiece of each year (piece_table.py); institutions: the digest of every
    institution they were made with; listings: each round's feed entry as (number of lines, the
    lines, their digest).
    """

    pieces: PieceTable = field(default_factory=PieceTable)
    institutions: dict[str, bytes] = field(default_factory=dict)
    listings: dict[int, tuple[int, str, bytes]] = field(default_factory=dict)


def award_table(reg: Registry, config: Config, memo: MemoLike, digest_of: Callable[[Dep], bytes]) -> AwardTable:
    """The table of this registry: the last one's pieces and listings where nothing they show changed.

    A unit's pieces are made again when its digest (digest_of, the build's: plan.DepDigests)
    changed or an institution it names did; a round's listing when one of its units' pieces was.
    The table is packed (YearLines).
    """
    packing = LINES
    name = memo_key("award-table", config.base_url, config.base_path)
    old = memo.get(name) or AwardTable()
    institutions = {i: digest_of(("institutions", i)) for i in reg.institutions}
    changed = changed_digests(old.institutions, institutions)
    stale = (lambda unit: not changed.isdisjoint(institutions_named(unit))) if changed else None
    pieces, dirty, _ = refresh(old.pieces, reg.units, lambda uid: digest_of(("units", uid)),
                               lambda unit: unit_pieces(reg, unit, config), stale, packing)
    listings = {}
    for year in sorted(reg.rounds):
        ids = reg.units_by_year.get(year, ())  # read for every round, so the job depends on each
        found = old.listings.get(year)
        if found is None or year in dirty:
            found = round_listing(dict(packing.unpack(pieces.years[year])) if year in pieces.years else {}, ids)
        listings[year] = found
    return memo.put(name, AwardTable(pieces, institutions, listings))


def in_files_order(table: AwardTable) -> list:
    """What the downloads join, year by year: a packed year whole (its parts are joined as the files
    join them), or each of a year's pieces."""
    return [part for block in in_order(table.pieces)
            for part in ((block,) if isinstance(block, YearLines) else block.values())]




class YearLines(NamedTuple):
    """One year's pieces packed in a few large objects, which a pickled memo writes and loads faster than
    the 2,000 pieces of a big year: the unit ids joined by
    "\n", each part of every piece joined as the files join them, and after each piece where its parts
    end (csv, json, listing) and its count."""

    ids: str
    csv: bytes
    json: bytes  # joined by ",\n"
    listing: str  # joined by "\n"
    ends: array  # four numbers a piece


def pack_lines(pieces: list[tuple[str, AwardPiece]]) -> YearLines:
    """A year's pieces, in unit id order, packed."""
    parts = [piece for _, piece in pieces]
    ends = zip(accumulate(len(p.csv) for p in parts), accumulate(len(p.json) + 2 for p in parts),
               accumulate(len(p.listing) + 1 for p in parts), (p.count for p in parts), strict=True)
    return YearLines("\n".join(uid for uid, _ in pieces), b"".join(p.csv for p in parts),
                     b",\n".join(p.json for p in parts), "\n".join(p.listing for p in parts),
                     array("q", (n for end in ends for n in end)))


def unpack_lines(block: YearLines) -> Iterator[tuple[str, AwardPiece]]:
    """A packed year's (unit id, piece) pairs, in unit id order."""
    csv = json = listing = 0
    ends = block.ends
    for i, uid in enumerate(block.ids.split("\n")):
        csv_end, json_end, listing_end, count = ends[4 * i:4 * i + 4]  # each json and listing end counts a separator
        yield uid, AwardPiece(block.csv[csv:csv_end], block.json[json:json_end - 2],
                              block.listing[listing:listing_end - 1], count)
        csv, json, listing = csv_end, json_end, listing_end


LINES = Packing(pack_lines, unpack_lines)


pickled_as_tuple(AwardPiece)
pickled_as_tuple(YearLines)
