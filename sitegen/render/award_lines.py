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
from sitegen.model import routes
from sitegen.model.cells import handover_cell, source_line
from sitegen.model.places import resolve
from sitegen.model.records import Award, Institution, Registry, Unit
from sitegen.render.encode import csv_line, json_line
from sitegen.render.views import internal_mark

# The award downloads' columns, in order, each with the text the open data page documents it by.
AWARD_FIELDS = (
    ("year", "Tahun evaluasi (tahun predikat); kosong bila sumber tidak menyebut tahun"),
    ("predicate", "WBK atau WBBM (dalam kata resmi: Menuju WBK / Menuju WBBM)"),
    ("institution", "Nama instansi induk sebagaimana disebut sumber (instansi saat itu)"),
    ("institution_category", "Kategori instansi itu: kementerian, lembaga, provinsi, kabupaten atau kota"),
    ("province", "Provinsi (salah satu dari 38) sebagaimana disebut sumber; kosong bila tidak disebut"),
    ("city", "Kabupaten/kota (atau kecamatan, kota kecil) bila disebut sumber, sebagaimana ditulis"),
    ("unit", "Nama unit kerja sebagaimana disebut sumber (nama saat itu)"),
    ("source_url", "Alamat sumber utama catatan ini"),
    ("source_title", "Judul sumber utama"),
    ("source_kind", "Jenis sumber utama: resmi (dokumen resmi) atau berita (pemberitaan)"),
    ("source_checked_on", "Tanggal sumber utama terakhir diperiksa editor; kosong bila tidak dicatat"),
    ("source_archive_url", "Alamat salinan arsip sumber utama yang diberikan editor; kosong bila tidak ada"),
    ("note", "Catatan tentang penghargaan ini, dalam bahasa Indonesia"),
    ("unit_id", "Id tetap unit: <instansi>/<slug>; tidak pernah berubah, juga bila unit berganti nama atau pindah"),
    ("unit_url", "Alamat tetap halaman unit"),
    ("nama_wilayah", "Nama resmi kabupaten/kota yang dimaksud kolom city menurut daftar Kemendagri; kosong bila "
                       "tidak disebut atau belum pasti (kota atau kabupaten)"),
    ("kode_wilayah", "Kode wilayah Kemendagri kabupaten/kota itu (Kepmendagri 300.2.2-2138/2025), untuk digabung "
                     "dengan data BPS"),
    ("current_unit", "Nama unit kerja yang dipakai registri sekarang (nama terakhir yang tercatat)"),
    ("current_institution", "Nama instansi induk yang dipakai registri sekarang"),
    ("set_by", "Penetap predikat: kemenpanrb, id instansi yang menetapkan sendiri (penetapan internal, WBK Mandiri), "
               "atau tidak-disebut bila sumber tidak menyebut penetapnya"),
    ("secondary", "true bila catatan hanya diketahui dari berita sekunder"),
    ("other_sources", "Sumber lain untuk catatan yang sama, satu per baris: alamat, lalu dalam kurung siku jenisnya, "
                      "'diperiksa <tanggal>' dan 'arsip <alamat>' bila dicatat, lalu judul"),
    ("handover", "Penyerahan predikat kepada unit ini menurut sumbernya, satu baris per fakta: 'tanggal: ...', "
                 "'tempat: ...', 'oleh: ...', 'sumber: <alamat>'; kosong bila tidak dicatat (bukan upacara nasional)"),
    ("revoked_on", "Tanggal (atau tahun) pencabutan predikat ini, bila pencabutan tercatat"),
    ("year_basis", "Dasar tahun: stated (disebut sumber), handover_date (menurut tanggal penyerahan) atau "
                   "decree_date (menurut tanggal keputusan)"),
)
AWARD_COLUMNS = tuple(name for name, _ in AWARD_FIELDS)


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
    """One award: name, institution and place as its source gives them, so the row imports back unchanged."""
    inst = reg.institutions[award.institution_as_awarded]
    revoked = next((r.revoked_on for r in unit.revocations if r.predicate == award.predicate), None) \
        if unit.is_revoked(award.predicate) else None
    return {
        "year": award.year, "predicate": award.predicate, "institution": inst.name,
        "institution_category": inst.category, "province": award.province, "city": award.city,
        "unit": award.name_as_awarded, "source_url": award.sources[0].url, "source_title": award.sources[0].title,
        "source_kind": award.sources[0].kind, "source_checked_on": award.sources[0].checked_on,
        "source_archive_url": award.sources[0].archive_url,
        "note": award.note, "unit_id": unit.id,
        "unit_url": routes.link(routes.unit(unit.id), config.base_url, config.base_path),
        **award_place(award, inst),
        "current_unit": unit.name, "current_institution": reg.institutions[unit.institution_id].name,
        "set_by": award.set_by, "secondary": award.secondary,
        "other_sources": [source_line(s) for s in award.sources[1:]], "handover": handover_cell(award.handover),
        "revoked_on": revoked.isoformat() if isinstance(revoked, dt.date) else revoked,
        "year_basis": award.year_basis,
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
