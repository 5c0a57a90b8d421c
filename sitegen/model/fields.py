"""Every record kind declared once: each field's kind, default, Indonesian label, import header and column.

What reads a record derives from here: validation (load/schema checks each record against its fields
and fills their defaults), the model's values (`model_values`: make_award, the institutions and
revocations), the importer's columns and headers (importer/tables), the award downloads' columns and
their descriptions (render/award_lines, export, the open data page), the unit twin's plain keys, the
unit page's stated facts, and the docs' field tables (tests/test_docs.py). The frozen dataclasses of
records.py keep their typed fields; tests/test_fields.py fails when they and this drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sitegen.model.records import CATEGORIES, DEFAULT_SETTER, DEFAULT_YEAR_BASIS, PREDICATES, SOURCE_KINDS, YEAR_BASES

# The kinds a field may be, as load/schema checks them.
KINDS = ("text", "id", "unit_id", "url", "contact", "int", "year", "date", "date_or_year", "bool", "texts", "ids",
         "unit_ids", "mapping", "list")
SCALAR_KINDS = frozenset({"text", "id", "unit_id", "url", "int", "year", "date", "date_or_year", "bool"})


@dataclass(frozen=True)
class Field:
    """One key of a record: how it is checked, what the model holds without it, and where it is published.

    attr: the model's attribute ("" the key itself, None when the model does not carry it). column: its
    column in the award downloads and the importer ("" none, True its own name). label: its Indonesian
    name on pages (the unit page writes a shown field as "label: value"). about: the downloads'
    description of it (Indonesian, the open data page). doc and import_doc: what docs/open-data.md and
    docs/importing.md say it holds. headers: the headers an import list may give its column, as lists
    write them. twin: a plain key of the award in the unit twin. shown: on the unit page when stated.
    """

    name: str
    kind: str  # one of KINDS
    required: bool = False
    choices: tuple[str, ...] = ()
    name_of_page: bool = False  # a name that becomes a URL and a file name (a unit's): kept within NAME_LIMIT
    hint: str = ""  # what to write when the field is missing, where the kind's own hint says too little
    default: object = None  # the model's value when the record leaves the field out; never shown as a fact
    attr: str | None = ""
    column: str | bool = ""
    exported: bool = True  # with a column: in the downloads (an editor's note is imported, never published)
    imported: bool = True  # with a column: read by the importer
    header_required: bool = False  # with a column: an import list must have it (its cells may be empty)
    label: str = ""
    about: str = ""
    doc: str = ""
    import_doc: str = ""
    headers: tuple[str, ...] = ()
    twin: bool = False
    shown: bool = False

    @property
    def model_attr(self) -> str | None:
        """The attribute the model holds the field in, or None."""
        return self.name if self.attr == "" else self.attr

    @property
    def column_name(self) -> str:
        """Its column in the downloads and the importer, or ''."""
        return self.name if self.column is True else self.column or ""


@dataclass(frozen=True)
class Column:
    """A column of the award downloads or the importer that no record field holds as it is: worked out from the
    records (a unit's id and page today), or a field's cell form (the further sources, one per line)."""

    name: str
    about: str = ""
    doc: str = ""
    import_doc: str = ""
    headers: tuple[str, ...] = ()
    exported: bool = True
    imported: bool = False
    header_required: bool = False

    @property
    def column_name(self) -> str:
        """Its name in the downloads and the importer."""
        return self.name


SET_BY_HINT = ("write kemenpanrb only where the source says KemenPANRB set or handed it over, tidak-disebut "
               "where no source says who set it, or the id of the institution that set it itself")
KIND_OF_SOURCE_HINT = ("write resmi for a decree, lampiran, release or website of the awarding body or the unit's "
                       "institution, berita for a news report")

INSTITUTION = (
    Field("id", "id", True, column=True), Field("name", "text", True, column=True),
    Field("category", "text", True, CATEGORIES, column=True), Field("short_name", "text", column=True),
    Field("province", "text", column=True), Field("succeeded_by", "ids", default=(), column=True),
    Field("aliases", "texts", default=()),
)
ROUND = (
    Field("year", "year"), Field("ceremony", "mapping"), Field("reported_totals", "list"),
    Field("awards", "list"),
)
CEREMONY = (
    Field("date", "date"), Field("place", "text", default=""), Field("handed_over_by", "text", default=""),
    Field("theme", "text", default=""), Field("note", "text", default=""), Field("source_url", "url", default=""),
    Field("outlet", "text", default=""),
)
REPORTED_TOTAL = (
    Field("source_url", "url", True), Field("outlet", "text", default=""), Field("institution", "id"),
    Field("set_by", "id", default=DEFAULT_SETTER), Field("wbk", "int"), Field("wbbm", "int"), Field("total", "int"),
    Field("proposed", "int"), Field("note", "text", default=""),
)
AWARD = (
    Field("unit", "text", True, name_of_page=True, attr="name_as_awarded", column=True, header_required=True,
          twin=True, label="Nama unit kerja", about="Nama unit kerja sebagaimana disebut sumber (nama saat itu)",
          doc="the unit's name as the source gives it (the name at the time)",
          import_doc="the unit's name as the source gives it",
          headers=("Nama Unit Kerja", "Unit Kerja", "Nama Unit", "Satuan Kerja", "Nama Satuan Kerja", "Satker",
                   "Nama Satker")),
    Field("institution", "id", True, attr="institution_as_awarded", column=True, header_required=True, twin=True,
          label="Instansi", about="Nama instansi induk sebagaimana disebut sumber (instansi saat itu)",
          doc="the institution's name as the source gives it (the institution at the time)",
          import_doc="the institution's id, name, short name or alias",
          headers=("Instansi", "K/L/Pemda", "Kementerian/Lembaga/Pemda", "Instansi Pengusul", "Nama Instansi",
                   "Kementerian/Lembaga/Pemerintah Daerah", "K/L/PD", "Kementerian/Lembaga")),
    Field("predicate", "text", True, PREDICATES, column=True, header_required=True, twin=True, label="Predikat",
          about="WBK atau WBBM (dalam kata resmi: Menuju WBK / Menuju WBBM)",
          doc='`WBK` or `WBBM` (officially "Menuju WBK" / "Menuju WBBM")',
          import_doc='WBK or WBBM ("Menuju WBK" is read as WBK)', headers=("Predikat",)),
    Field("source_url", "url", True, attr=None, column=True, header_required=True, label="Sumber",
          about="Alamat sumber utama catatan ini", doc="the main source", import_doc="the address of the source",
          headers=("Sumber", "URL Sumber", "Tautan Sumber", "Tautan", "Link", "Link Sumber")),
    Field("source_title", "text", default="", attr=None, column=True, label="Judul sumber",
          about="Judul sumber utama", doc="its title", import_doc="the title of the source",
          headers=("Judul Sumber",)),
    Field("source_kind", "text", True, SOURCE_KINDS, hint=KIND_OF_SOURCE_HINT, default="", attr=None, column=True,
          label="Jenis sumber", about="Jenis sumber utama: resmi (dokumen resmi) atau berita (pemberitaan)",
          doc="what the main source is: `resmi` (an official document) or `berita` (a news report)",
          import_doc="`resmi` (decree, lampiran, release or website of the awarding body or the unit's "
                     "institution) or `berita` (a news report); it applies to every source of the row. The build "
                     "requires a kind for every source (`docs/data-format.md`): a list without this column still "
                     "imports, and `build.py check` then names each record whose `source_kind` is to be filled in "
                     "(the importer never guesses one)", headers=("Jenis sumber",)),
    Field("source_checked_on", "date", attr=None, column=True, label="Diperiksa pada",
          about="Tanggal sumber utama terakhir diperiksa editor; kosong bila tidak dicatat",
          doc="the day an editor last checked the main source; empty when not recorded",
          import_doc="the day an editor last checked the source, YYYY-MM-DD, not in the future",
          headers=("Diperiksa pada", "Tanggal diperiksa")),
    Field("source_archive_url", "url", default="", attr=None, column=True, label="Arsip",
          about="Alamat salinan arsip sumber utama yang diberikan editor; kosong bila tidak ada",
          doc="an archived copy of the main source given by the editor; empty when none (pages then link the "
              "Wayback Machine)", import_doc="an archived copy of the source (http or https)",
          headers=("Arsip", "Tautan Arsip", "URL Arsip")),
    Field("province", "text", column=True, label="Provinsi",
          about="Provinsi (salah satu dari 38) sebagaimana disebut sumber; kosong bila tidak disebut",
          doc="one of the 38 provinces, as the source gives it; empty when it names none",
          import_doc="one of the 38 provinces, or a common short form (Jatim)", headers=("Provinsi",)),
    Field("city", "text", name_of_page=True, column=True, label="Kabupaten/kota",
          about="Kabupaten/kota (atau kecamatan, kota kecil) bila disebut sumber, sebagaimana ditulis",
          doc='kabupaten/kota (or a kecamatan or town) when the source names it, as written; `"Slawi, Kabupaten '
              'Tegal"` where an editor settled which kabupaten/kota it is',
          headers=("Kabupaten/Kota", "Kab/Kota", "Kota/Kabupaten")),
    Field("set_by", "id", True, hint=SET_BY_HINT, column=True, twin=True, label="Ditetapkan oleh",
          about="Penetap predikat: kemenpanrb, id instansi yang menetapkan sendiri (penetapan internal, WBK Mandiri), "
                "atau tidak-disebut bila sumber tidak menyebut penetapnya",
          doc="who set the predicate: `kemenpanrb`, the id of the institution that set it itself (an internal "
              "award, WBK Mandiri), or `tidak-disebut` when no source says; national totals count only `kemenpanrb`",
          import_doc='KemenPANRB only when the source says so; for "WBK Mandiri", the institution that set it; '
                     'empty or "tidak disebut" when the source does not say (written as `tidak-disebut`: no '
                     'default speaks)', headers=("Ditetapkan oleh",)),
    Field("year_basis", "text", False, YEAR_BASES, default=DEFAULT_YEAR_BASIS, column=True, twin=True,
          label="Dasar tahun", about="Dasar tahun: stated (disebut sumber), handover_date (menurut tanggal "
                                     "penyerahan) atau decree_date (menurut tanggal keputusan)",
          doc="how the year is known: `stated` by a source, or derived from the `handover_date` or `decree_date`",
          import_doc='how the year is known: empty or `stated`; `handover_date` ("tahun menurut tanggal '
                     'penyerahan"); `decree_date` ("tahun menurut tanggal keputusan")', headers=("Dasar tahun",)),
    Field("handover", "mapping", column=True, twin=True, label="Penyerahan",
          about="Penyerahan predikat kepada unit ini menurut sumbernya, satu baris per fakta: 'tanggal: ...', "
                "'tempat: ...', 'oleh: ...', 'sumber: <alamat>'; kosong bila tidak dicatat (bukan upacara nasional)",
          doc="this unit's own handover when a source states it, one `key: value` line each: `tanggal`, `tempat`, "
              "`oleh`, `sumber` (one of the award's sources); empty otherwise. The round's national ceremony is not "
              "a unit's handover and is not here",
          import_doc="this unit's own handover as its source states it, one line each: `tanggal: YYYY-MM-DD`, "
                     "`tempat: ...`, `oleh: ...`, `sumber: <one of the row's sources>`", headers=("Penyerahan",)),
    Field("secondary", "bool", default=False, column=True, twin=True, label="Sumber sekunder",
          about="true bila catatan hanya diketahui dari berita sekunder",
          doc="`true` when the record is known only from secondary news",
          import_doc="`true` when known only from secondary news", headers=("Sumber sekunder",)),
    Field("note", "text", default="", column=True, twin=True, shown=True, label="Catatan",
          about="Catatan tentang penghargaan ini, dalam bahasa Indonesia",
          doc="a note on the award in formal Indonesian (editors' research notes are never published)",
          import_doc="published with the award, in formal Indonesian", headers=("Catatan",)),
    Field("editor_note", "text", default="", attr=None, column=True, exported=False, label="Catatan editor",
          import_doc="never published: how a year was derived, what a source left out", headers=("Catatan editor",)),
    Field("sources", "list", attr="sources", twin=True, label="Sumber lain"),
    Field("first_seen", "date", label="Pertama terbit"),
    Field("corrections", "list", default=(), label="Koreksi"),
)
# The award downloads' and the importer's columns no award field holds as it is.
AWARD_COLUMNS_WORKED_OUT = (
    Column("year", "Tahun evaluasi (tahun predikat); kosong bila sumber tidak menyebut tahun",
           "evaluation year (the predicate's year); empty when the source gives none, never guessed",
           "the round's year; **empty when the source gives none** (never guess it)",
           ("Tahun", "Tahun Predikat", "Tahun Penilaian", "Tahun Penetapan", "Tahun Penghargaan"),
           imported=True, header_required=True),
    Column("institution_category", "Kategori instansi itu: kementerian, lembaga, provinsi, kabupaten atau kota",
           "that institution's category: kementerian, lembaga, provinsi, kabupaten, kota",
           "for a new institution: kementerian, lembaga, provinsi, kabupaten or kota",
           ("Kategori Instansi", "Jenis Instansi"), imported=True),
    Column("unit_id",
           "Id tetap unit: <instansi>/<slug>; tidak pernah berubah, juga bila unit berganti nama atau pindah",
           "the unit's fixed id; group by this column to follow one unit through renames and moves"),
    Column("unit_url", "Alamat tetap halaman unit",
           "the unit's permanent page (absolute when the site has a `base_url`)"),
    Column("nama_wilayah", "Nama resmi kabupaten/kota yang dimaksud kolom city menurut daftar Kemendagri; kosong bila "
                           "tidak disebut atau belum pasti (kota atau kabupaten)",
           "the official kabupaten/kota `city` resolves to (Kemendagri list, see data-format.md); empty when no city "
           "is named or it stays ambiguous"),
    Column("kode_wilayah", "Kode wilayah Kemendagri kabupaten/kota itu (Kepmendagri 300.2.2-2138/2025), untuk digabung "
                           "dengan data BPS",
           "its Kemendagri code (Kepmendagri 300.2.2-2138/2025), e.g. `33.28`, to join with BPS data"),
    Column("current_unit", "Nama unit kerja yang dipakai registri sekarang (nama terakhir yang tercatat)",
           "the unit's name today"),
    Column("current_institution", "Nama instansi induk yang dipakai registri sekarang",
           "the unit's institution today"),
    Column("other_sources", "Sumber lain untuk catatan yang sama, satu per baris: alamat, lalu dalam kurung siku "
                            "jenisnya, 'diperiksa <tanggal>' dan 'arsip <alamat>' bila dicatat, lalu judul",
           "further sources of the same award, one per line: the address, then in brackets its kind, `diperiksa "
           "<date>` and `arsip <address>` when recorded, then the title, e.g. `https://… [berita; diperiksa "
           "2026-12-07] Judul` (JSON: a list of these lines)",
           "further sources, one per line: the address, then optionally in brackets its kind, `diperiksa "
           "YYYY-MM-DD` and `arsip <address>`, then the title: `https://… [berita; diperiksa 2026-12-07] Judul`",
           ("Sumber lain",), imported=True),
    Column("revoked_on", "Tanggal (atau tahun) pencabutan predikat ini, bila pencabutan tercatat",
           "the date (or only the year) of a recorded revocation of this predicate, when there is one"),
)
# The published order of the award columns: readers' scripts may read them by position, so a column is
# never moved. A field or column not named here comes after these, in the order it is declared.
AWARD_COLUMN_ORDER = (
    "year", "predicate", "institution", "institution_category", "province", "city", "unit", "source_url",
    "source_title", "source_kind", "source_checked_on", "source_archive_url", "note", "editor_note", "unit_id",
    "unit_url", "nama_wilayah", "kode_wilayah", "current_unit", "current_institution", "set_by", "secondary",
    "other_sources", "handover", "revoked_on", "year_basis",
)
EXTRA_SOURCE = (
    Field("url", "url", True), Field("title", "text", default=""),
    Field("kind", "text", True, SOURCE_KINDS, hint=KIND_OF_SOURCE_HINT, default=""), Field("checked_on", "date"),
    Field("archive_url", "url", default=""),
)
HANDOVER = (Field("date", "date"), Field("place", "text", default=""), Field("by", "text", default=""),
            Field("source", "url", True))
CORRECTION = (Field("date", "date", True), Field("note", "text", True), Field("source_url", "url"),
              Field("source_title", "text", default=""))
REVOCATION = (
    Field("unit", "unit_id", True, attr="unit_id", column="unit_id"),
    Field("predicate", "text", True, PREDICATES, column=True),
    Field("revoked_on", "date_or_year", True, column=True), Field("reason", "text", True, column=True),
    Field("source_url", "url", True, column=True), Field("first_seen", "date"),
)
UNIT = (
    Field("id", "unit_id", True), Field("name", "text", True, name_of_page=True),
    Field("institution", "id", attr="institution_id"), Field("former_names", "texts", name_of_page=True, default=()),
    Field("former_institutions", "ids", default=()), Field("former_ids", "unit_ids", default=()),
    Field("distinct", "texts", attr=None, default=()),
)
ARTICLE = (
    Field("title", "text", True), Field("date", "date", True), Field("source", "text", True),
    Field("source_url", "url", True), Field("year", "year"), Field("institutions", "ids"),
    Field("source_note", "text"), Field("summary", "text"),
)
PAGE = (Field("title", "text", True), Field("description", "text"))

def model_values(fields: tuple[Field, ...], rec: dict) -> dict:
    """The keyword arguments of a record's model from its checked values (validation filled the defaults)."""
    return {attr: rec[name] for attr, name in model_pairs(fields)}


_PAIRS: dict[int, tuple[tuple[str, str], ...]] = {}


def model_pairs(fields: tuple[Field, ...]) -> tuple[tuple[str, str], ...]:
    """(model attribute, record key) of every field the model carries, worked out once per record kind (kept by
    the declaration's identity: hashing its fields on every award would triple make_award's time)."""
    found = _PAIRS.get(id(fields))
    if found is None:
        found = _PAIRS[id(fields)] = tuple((f.model_attr, f.name) for f in fields if f.model_attr is not None)
    return found


def ordered_columns(fields: tuple[Field, ...], order: tuple[str, ...],
                    worked_out: tuple[Column, ...] = ()) -> tuple[Field | Column, ...]:
    """Every column of a record kind: those of the published order first, then any declared after them."""
    by_name: dict[str, Field | Column] = {f.column_name: f for f in fields if f.column_name}
    by_name.update({c.name: c for c in worked_out})
    return (*(by_name[name] for name in order), *(c for name, c in by_name.items() if name not in order))


def column_names(columns: tuple[Field | Column, ...]) -> tuple[str, ...]:
    """The names of these columns that a download holds, in order."""
    return tuple(c.column_name for c in columns if c.exported)


@cache
def plain_pairs(fields: tuple[Field, ...], flag: str) -> tuple[tuple[str, str], ...]:
    """(key, model attribute) of the scalar fields the model carries, as the model holds them: flag "twin" keys
    the unit twin by attribute, "shown" the unit page by field name, "exported" the downloads by column."""
    key = {"twin": lambda f: f.model_attr, "shown": lambda f: f.name, "exported": lambda f: f.column_name}[flag]
    return tuple((key(f), f.model_attr) for f in fields if f.model_attr is not None and f.kind in SCALAR_KINDS
                 and (f.column_name and f.exported if flag == "exported" else getattr(f, flag)))


AWARD_COLUMNS = ordered_columns(AWARD, AWARD_COLUMN_ORDER, AWARD_COLUMNS_WORKED_OUT)
AWARD_IMPORT = tuple(c for c in AWARD_COLUMNS if c.imported)
# The other downloads: their published column orders, with the columns worked out from the records.
INSTITUTION_COLUMNS = ordered_columns(INSTITUTION, ("id", "name", "short_name", "category", "province",
                                                    "succeeded_by", "url"), (Column("url"),))
REVOCATION_COLUMNS = ordered_columns(REVOCATION, ("unit_id", "unit", "predicate", "revoked_on", "reason",
                                                  "source_url", "unit_url"), (Column("unit"), Column("unit_url")))
