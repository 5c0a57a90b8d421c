"""The award downloads (penghargaan.csv and .json) and the awards feed's round listings, line by line.

Every award is a line in each download, in the import columns plus where and what its unit is
today, by year, unit id and predicate; a unit's awards of one year are its piece of that year
(AwardPiece). The AwardTable keeps every piece between builds (memo.py, piece_table.py), packed
by year in a few large objects (YearLines), so that after an edit only the changed units' pieces
are made and only their years joined again.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from operator import attrgetter
from typing import NamedTuple

from sitegen.fingerprint import digest
from sitegen.hooks import Dep, Memo, memo_key
from sitegen.load.config import Config
from sitegen.model import fields, routes
from sitegen.model.cells import handover_cell, source_line
from sitegen.model.places import resolve
from sitegen.model.records import Award, Institution, Registry, Unit
from sitegen.render.encode import csv_line, json_line
from sitegen.render.piece_table import AS_DICT, Packing, PieceTable, Year, changed_digests, in_order, refresh
from sitegen.render.views import internal_mark

# The award downloads' columns, in order, each with the text the open data page documents it by (model/fields.py).
AWARD_FIELDS = tuple((column.column_name, column.about) for column in fields.AWARD_COLUMNS if column.exported)
AWARD_COLUMNS = tuple(name for name, _ in AWARD_FIELDS)
PLAIN_COLUMNS = fields.plain_pairs(fields.AWARD, "exported")  # the columns that hold a field as the model does


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


def award_table(reg: Registry, config: Config, memo: Memo, digest_of: Callable[[Dep], bytes]) -> AwardTable:
    """The table of this registry: the last one's pieces and listings where nothing they show changed.

    A unit's pieces are made again when its digest (digest_of, the build's: plan.DepDigests)
    changed or an institution it names did; a round's listing when one of its units' pieces was.
    A table that is kept is packed (YearLines); one a build lets go (no memo) is not, since a packed
    copy would add the size of the downloads to the build's peak memory.
    """
    packing = LINES if memo.lasting else AS_DICT
    name = memo_key("award-table", packing is LINES, config.base_url, config.base_path)
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


def institutions_named(unit: Unit) -> set[str]:
    """The institutions a unit's award lines name: its own and each award's."""
    names = {award.institution_as_awarded for award in unit.awards}
    names.add(unit.institution_id)
    return names


class AwardPiece(NamedTuple):
    """A unit's awards of one year: its lines in the downloads (by predicate) and in the round's feed entry."""

    csv: bytes
    json: bytes  # the JSON lines joined by ",\n"
    listing: str  # the feed lines joined by "\n"
    count: int  # how many feed lines

    def __reduce__(self) -> tuple:
        """Unpickled by tuple's own constructor: the named tuple's, in Python, would double a memo's load time."""
        return (tuple.__new__, (AwardPiece, tuple(self)))


def unit_pieces(reg: Registry, unit: Unit, config: Config) -> dict[Year, AwardPiece]:
    """A unit's AwardPiece of each year its awards are in."""
    lines: dict[Year, tuple[list[bytes], list[bytes]]] = {}
    for award in sorted(unit.awards, key=attrgetter("predicate")):  # stable: a year's lines keep their order
        row = award_row(reg, unit, award, config)
        csv_lines, json_lines = lines.setdefault(award.year, ([], []))
        csv_lines.append(csv_line(row, AWARD_COLUMNS).encode())
        json_lines.append(b" " + json_line(row).encode())
    pieces = {}
    for year, (csv_lines, json_lines) in lines.items():
        listed = [listing_line(reg, unit, award) for award in unit.awards if award.year == year]
        pieces[year] = AwardPiece(b"".join(csv_lines), b",\n".join(json_lines), "\n".join(listed), len(listed))
    return pieces


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

    def __reduce__(self) -> tuple:
        """Unpickled by tuple's own constructor (see AwardPiece)."""
        return (tuple.__new__, (YearLines, tuple(self)))


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


def round_listing(pieces: dict[str, AwardPiece], ids: tuple[str, ...]) -> tuple[int, str, bytes]:
    """A round's feed lines, from its units' pieces by name: (how many, the lines, their digest)."""
    listed = [pieces[uid] for uid in ids]
    text = "\n".join([piece.listing for piece in listed])
    return sum(piece.count for piece in listed), text, digest(text.encode())


def award_row(reg: Registry, unit: Unit, award: Award, config: Config) -> dict:
    """One award: name, institution and place as its source gives them, so the row imports back unchanged.

    A column that holds a field as the model does (PLAIN_COLUMNS) is filled from it; the rest are worked out here."""
    inst = reg.institutions[award.institution_as_awarded]
    revoked = next((r.revoked_on for r in unit.revocations if r.predicate == award.predicate), None) \
        if unit.is_revoked(award.predicate) else None
    source = award.sources[0]
    return {
        **{column: getattr(award, attr) for column, attr in PLAIN_COLUMNS},
        "year": award.year, "institution": inst.name, "institution_category": inst.category,
        "source_url": source.url, "source_title": source.title, "source_kind": source.kind,
        "source_checked_on": source.checked_on, "source_archive_url": source.archive_url, "unit_id": unit.id,
        "unit_url": routes.link(routes.unit(unit.id), config.base_url, config.base_path),
        **award_place(award, inst),
        "current_unit": unit.name, "current_institution": reg.institutions[unit.institution_id].name,
        "other_sources": [source_line(s) for s in award.sources[1:]], "handover": handover_cell(award.handover),
        "revoked_on": revoked.isoformat() if isinstance(revoked, dt.date) else revoked,
    }


def award_place(award: Award, inst: Institution) -> dict:
    """The official kabupaten/kota an award's city means (places.resolve) and its Kemendagri code."""
    place = resolve(award.province, award.city, award.name_as_awarded, (inst.category, inst.name)).place \
        if award.province and award.city else None
    return {"nama_wilayah": place.name if place else None, "kode_wilayah": place.code if place else None}


def listing_line(reg: Registry, unit: Unit, award: Award) -> str:
    """One award in a round's feed entry."""
    revoked = " (dicabut)" if unit.is_revoked(award.predicate) else ""
    mark = f" · {internal_mark(reg, award)}" if award.set_internally else ""
    return f"{unit.name} ({reg.institutions[unit.institution_id].name}): {award.predicate}{mark}{revoked}"
