"""The award downloads (penghargaan.csv and .json) and the awards feed's round listings, line by line.

Every award is a line in each download, in the import columns plus where and what its unit is
today, by year, unit id and predicate; a unit's awards of one year are its piece of that year
(AwardPiece). award_lines makes every piece; the speed machinery keeps them between builds
(cache/award_table.py) and makes again only the changed units'.
"""

from __future__ import annotations

import datetime as dt
from operator import attrgetter
from typing import NamedTuple

from sitegen.fingerprint import digest
from sitegen.load.config import Config
from sitegen.model import fields, routes
from sitegen.model.cells import handover_cell, source_line
from sitegen.model.places import resolve
from sitegen.model.records import Award, Institution, Registry, Unit
from sitegen.render.encode import csv_line, json_line
from sitegen.render.views import internal_mark

# The award downloads' columns, in order, each with the text the open data page documents it by (model/fields.py).
AWARD_FIELDS = tuple((column.column_name, column.about) for column in fields.AWARD_COLUMNS if column.exported)
AWARD_COLUMNS = tuple(name for name, _ in AWARD_FIELDS)
PLAIN_COLUMNS = fields.plain_pairs(fields.AWARD, "exported")  # the columns that hold a field as the model does


Year = int | None


class AwardLines(NamedTuple):
    """What the award downloads and the awards feed are put together from.

    parts: the downloads' lines in file order, each part with its csv and json (a unit's AwardPiece of a
    year, or a run of them joined as the files join them); listings: each round's feed entry as (number
    of lines, the lines, their digest), see round_listing.
    """

    parts: list
    listings: dict[int, tuple[int, str, bytes]]


def award_lines(reg: Registry, config: Config) -> AwardLines:
    """Every unit's pieces, by year (no year last) and unit id, and each round's listing."""
    by_year: dict[Year, dict[str, AwardPiece]] = {}
    for uid, unit in reg.units.items():
        for year, piece in unit_pieces(reg, unit, config).items():
            by_year.setdefault(year, {})[uid] = piece
    parts = [piece for year in sorted(by_year, key=year_order) for _, piece in sorted(by_year[year].items())]
    listings = {year: round_listing(by_year.get(year, {}), reg.units_by_year.get(year, ()))
                for year in sorted(reg.rounds)}
    return AwardLines(parts, listings)


def year_order(year: Year) -> tuple[bool, int]:
    """Years in order, no year last."""
    return (year is None, year or 0)


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
