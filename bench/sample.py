"""Write a realistic but clearly fake registry (data contoh) of any size, for benchmarks and tests.

    .venv/bin/python bench/sample.py --units N --out DIR [--seed S]

It lives with the benchmarks, not in the generator: a site is never built from it into data/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: python bench/sample.py
    sys.path.insert(0, str(REPO))

from slugify import slugify  # noqa: E402

from sitegen.model.geo import PROVINCES  # noqa: E402
from sitegen.model.wilayah import official  # noqa: E402

MARK = "Data contoh (dibuat otomatis)"
SOURCE = "https://contoh.invalid/sumber/"
MARKER_FILE = ".sample-registry"
LAST_YEAR, MIN_YEARS, MAX_YEARS = 2025, 8, 26
FIRST_ROUND, LAST_ROUND = 10, 1800
WBBM_PER_WBK = 0.12 / 0.88  # WBBM awards per new WBK unit, so WBBM is ~12% of all awards
TOP_RANKED = 12  # the biggest national institutions keep their order at the head of the Zipf ranking
DIRECTIONS = ("Utara", "Selatan", "Barat", "Timur", "Tengah")
CLASSES = ("I", "IA", "IB", "II", "IIA", "IIB", "III")
ROMAN = ("II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
# One institution per line: id | name | short name | category | aliases (;), then its unit-name templates (;) on
# indented lines: {p} province, {c} city name, {k} "Kabupaten X"/"Kota Y", {d} district, {n} number, {cl} class.
# "Name@Province" is one fixed unit (empty province: abroad). Templates with {d}, {n} or {cl} make sub-units.
NATIONAL_TABLE = """
kemenkeu | Kementerian Keuangan | Kemenkeu | kementerian | Kemenkeu RI
    Kanwil DJP {p}; Kanwil DJPb Provinsi {p}; KPP Pratama {c}; KPPN {c}; KPKNL {c}; KPPBC TMP C {c}; KP2KP {d}
    KPP Pratama {c} {d}
polri | Kepolisian Negara Republik Indonesia | Polri | lembaga | Kepolisian RI
    Polda {p}; Polres {c}; Polsek {d} Polres {c}
mahkamah-agung | Mahkamah Agung | MA | lembaga | Mahkamah Agung RI
    Pengadilan Tinggi {p}; Pengadilan Tinggi Agama {p}; Pengadilan Negeri {c}; Pengadilan Agama {c}
    Pengadilan Tata Usaha Negara {c}; Pengadilan Negeri {c} Kelas {cl}; Pengadilan Agama {c} Kelas {cl}
kemenkumham | Kementerian Hukum dan Hak Asasi Manusia | Kemenkumham | kementerian | Kementerian Hukum dan HAM
    Kanwil Kemenkumham {p}; Kantor Imigrasi Kelas I {c}; Kantor Imigrasi Kelas II TPI {c}; Lapas Kelas IIA {c}
    Lapas Kelas IIB {c}; Rutan Kelas IIB {c}; Bapas Kelas II {c}; Rupbasan Kelas II {c}
    Lapas Perempuan Kelas {cl} {c}; Rutan Kelas {cl} {c}
kejaksaan | Kejaksaan Republik Indonesia | Kejaksaan | lembaga | Kejaksaan RI; Kejaksaan Agung
    Kejaksaan Tinggi {p}; Kejaksaan Negeri {c}; Cabang Kejaksaan Negeri {c} di {d}
kemenag | Kementerian Agama | Kemenag | kementerian | Kemenag RI
    Kanwil Kemenag Provinsi {p}; Kantor Kemenag {k}; MAN {n} {c}; MTsN {n} {c}; KUA Kecamatan {d} {k}
atr-bpn | Kementerian Agraria dan Tata Ruang/Badan Pertanahan Nasional | ATR/BPN | kementerian | BPN; Kementerian ATR
    Kanwil BPN Provinsi {p}; Kantor Pertanahan {k}; Loket Pelayanan Pertanahan {d} {c}
bps | Badan Pusat Statistik | BPS | lembaga | BPS RI
    BPS Provinsi {p}; BPS {k}; Koordinator Statistik Kecamatan {d}
kemenhub | Kementerian Perhubungan | Kemenhub | kementerian |
    BPTD Kelas II {p}; Kantor UPBU {c}; KSOP Kelas {cl} {c}; Kantor UPP Kelas {cl} {d}
bpom | Badan Pengawas Obat dan Makanan | BPOM | lembaga | Badan POM
    Balai Besar POM di {c}; Balai POM di {c}; Loka POM di {c}; Pos POM {d}
kemenkes | Kementerian Kesehatan | Kemenkes | kementerian | Kemenkes RI
    RSUP Dr. Sardjito@DI Yogyakarta; RSUP Dr. Kariadi@Jawa Tengah; RSUP Dr. Hasan Sadikin@Jawa Barat
    RSUP Fatmawati@DKI Jakarta; RSUP Persahabatan@DKI Jakarta; RSUP Dr. M. Djamil@Sumatera Barat
    RSUP H. Adam Malik@Sumatera Utara; Poltekkes Kemenkes {c}; KKP Kelas {cl} {c}
bnn | Badan Narkotika Nasional | BNN | lembaga | BNN RI
    BNN Provinsi {p}; BNN {k}; Klinik Pratama BNN {c} {d}
kemendikbud | Kementerian Pendidikan dan Kebudayaan | Kemendikbud | kementerian |
    LPMP Provinsi {p}; Balai Bahasa Provinsi {p}; Politeknik Negeri {c}; SMK Pusat Keunggulan {n} {c}
kementan | Kementerian Pertanian | Kementan | kementerian |
    BPTP {p}; Balai Karantina Pertanian Kelas {cl} {c}; Balai Penyuluhan Pertanian {d}
kkp | Kementerian Kelautan dan Perikanan | KKP | kementerian |
    Stasiun KIPM {c}; Pelabuhan Perikanan Nusantara {c}; Satwas PSDKP {d}
kemnaker | Kementerian Ketenagakerjaan | Kemnaker | kementerian |
    BPVP {c}; Balai K3 {c}; UPTP Pelatihan Kerja {d}
kemensos | Kementerian Sosial | Kemensos | kementerian |
    Sentra Terpadu {c}; Balai Rehabilitasi Sosial {c}; Loka Rehabilitasi Sosial {d}
kemenpupr | Kementerian Pekerjaan Umum dan Perumahan Rakyat | PUPR | kementerian | Kementerian PUPR
    Balai Pelaksanaan Jalan Nasional {p}; Balai Prasarana Permukiman Wilayah {p}; Satker PJN Wilayah {n} {p}
bmkg | Badan Meteorologi, Klimatologi, dan Geofisika | BMKG | lembaga |
    Stasiun Klimatologi {p}; Stasiun Meteorologi {c}; Stasiun Geofisika {c}; Pos Pengamatan Cuaca {d}
bpkp | Badan Pengawasan Keuangan dan Pembangunan | BPKP | lembaga |
    Perwakilan BPKP Provinsi {p}
basarnas | Badan Nasional Pencarian dan Pertolongan | Basarnas | lembaga |
    Kantor Pencarian dan Pertolongan {c}; Pos SAR {d}
bkkbn | Badan Kependudukan dan Keluarga Berencana Nasional | BKKBN | lembaga |
    Perwakilan BKKBN Provinsi {p}
ombudsman | Ombudsman Republik Indonesia | Ombudsman RI | lembaga |
    Ombudsman RI Perwakilan {p}
kominfo | Kementerian Komunikasi dan Informatika | Kominfo | kementerian |
    Balmon Spektrum Frekuensi Radio Kelas {cl} {c}
klhk | Kementerian Lingkungan Hidup dan Kehutanan | KLHK | kementerian |
    Balai KSDA {p}; Balai Pengelolaan DAS {p}; Resort KSDA {d}
kemenperin | Kementerian Perindustrian | Kemenperin | kementerian |
    Balai Standardisasi dan Pelayanan Jasa Industri {c}; Politeknik Industri {c}
bkn | Badan Kepegawaian Negara | BKN | lembaga |
    Kantor Regional BKN {c}; UPT BKN {c}
kemenlu | Kementerian Luar Negeri | Kemenlu | kementerian |
    KBRI Tokyo@; KBRI Kuala Lumpur@; KBRI Canberra@; KBRI Den Haag@; KBRI Riyadh@; KJRI Jeddah@; KJRI Hong Kong@
    KBRI Seoul@; KBRI Bangkok@; KBRI Manila@; KBRI Beijing@; KBRI London@
"""
EVALUATOR = ("kemenpanrb | Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi | KemenPANRB | kementerian"
             " | Kementerian PANRB")  # sets the predicates; holds no units here
DINAS = ("Kesehatan", "Pendidikan", "Kependudukan dan Pencatatan Sipil", "Sosial", "Perhubungan",
         "Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "Lingkungan Hidup", "Komunikasi dan Informatika",
         "Pekerjaan Umum dan Penataan Ruang", "Tenaga Kerja", "Pertanian", "Perpustakaan dan Kearsipan")
LOCAL = (*(f"Dinas {d} {{k}}" for d in DINAS), "Badan Pendapatan Daerah {k}", "Inspektorat {k}",
         "Satuan Polisi Pamong Praja {k}", "Badan Penanggulangan Bencana Daerah {k}", "Mal Pelayanan Publik {k}",
         "RSUD {c}", "Puskesmas {d}", "Kecamatan {d}", "Kelurahan {d}", "SD Negeri {n} {d}", "SMP Negeri {n} {c}")
PROVINCIAL = (*(f"Dinas {d} Provinsi {{p}}" for d in DINAS[:8]), "Badan Pendapatan Daerah Provinsi {p}",
              "Inspektorat Provinsi {p}", "UPT Samsat {c}", "Cabang Dinas Pendidikan Wilayah {c}",
              "SMA Negeri {n} {c}", "SMK Negeri {n} {c}")
PLAIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9 .,()/'-]*[A-Za-z0-9.)]|[A-Za-z]")
RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


@dataclass(frozen=True)
class SampleStats:
    """What a generated registry contains."""

    units: int
    institutions: int
    awards: int
    wbbm_awards: int
    years: tuple[int, ...]
    undated_awards: int
    revocations: int
    news: int


@dataclass(frozen=True)
class Place:
    """A kabupaten or kota: province, full name ("Kota Malang") and bare name ("Malang")."""

    province: str
    full: str
    base: str
    districts: tuple[str, ...] = ()  # its kecamatan


@dataclass(frozen=True)
class Inst:
    """A generated institution with the unit-name templates and places its units come from."""

    id: str
    name: str
    short_name: str
    category: str
    province: str | None
    aliases: tuple[str, ...]
    templates: tuple[str, ...]
    places: tuple[Place, ...]


@dataclass(slots=True)
class Unit:
    """One generated unit, the rounds it was awarded in, and who set a WBK Mandiri."""

    inst: str
    name: str
    slug: str
    province: str | None
    city: str | None
    wbk: int | None = None
    wbbm: int | None = None
    set_by: str | None = None


@cache
def _q(text: str) -> str:
    """A YAML scalar: plain when unambiguous under both YAML 1.1 and core rules, else double-quoted."""
    if PLAIN_RE.fullmatch(text) and text.lower() not in RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def _allocate(total: int, weights: list[float], minimum: int) -> list[int]:
    """Split total into integer parts proportional to weights (largest remainder), each at least minimum."""
    rest = total - minimum * len(weights)
    scale = sum(weights)
    shares = [rest * w / scale for w in weights]
    parts = [minimum + math.floor(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: (math.floor(shares[i]) - shares[i], i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _round_sizes(new_units: int) -> list[int]:
    """New WBK units per round: geometric growth from ~10 to ~1,800, more or larger rounds for more units."""
    def growth(years: int) -> list[float]:
        ratio = (LAST_ROUND / FIRST_ROUND) ** (1 / max(1, years - 1))
        return [FIRST_ROUND * ratio**i for i in range(years)]

    years = MIN_YEARS
    while years < MAX_YEARS and sum(growth(years)) < new_units:
        years += 1
    return _allocate(new_units, growth(max(1, min(years, new_units))), 1) if new_units else []


def _places() -> list[Place]:
    """Every official kabupaten/kota (wilayah.py), with its kecamatan."""
    atlas = official()
    kecamatan: dict[str, list[str]] = {}
    for province in PROVINCES:
        for name, region in atlas.districts[province]:
            kecamatan.setdefault(region.code, []).append(name)
    return [Place(prov, r.name, r.base, tuple(kecamatan[r.code])) for prov in PROVINCES for r in atlas.regions[prov]]


def _institutions(units: int, rng: random.Random) -> list[Inst]:
    """A few hundred institutions in Zipf rank order: the big national ones first, then a mix."""
    places = _places()
    national = _catalogue(NATIONAL_TABLE, tuple(places))
    regional = [Inst("pemprov-" + slugify(p), f"Pemerintah Provinsi {p}", f"Pemprov {p}", "provinsi", p, (),
                     PROVINCIAL, tuple(x for x in places if x.province == p)) for p in PROVINCES]
    for place in places:
        if place.province != "DKI Jakarta":  # Jakarta's kota are administrative, not governments
            kind = place.full.split(" ", 1)[0]
            prefix, cat = ("pemkot", "kota") if kind == "Kota" else ("pemkab", "kabupaten")
            regional.append(Inst(f"{prefix}-{slugify(place.base)}", f"Pemerintah {place.full}",
                                 f"{prefix.capitalize()} {place.base}", cat, place.province, (), LOCAL, (place,)))
    wanted = max(TOP_RANKED, min(len(national) + len(regional), round(3 * math.sqrt(units))))
    rng.shuffle(regional)
    chosen = national[:wanted] + regional[: max(0, wanted - len(national))]
    tail = chosen[TOP_RANKED:]
    rng.shuffle(tail)
    return chosen[:TOP_RANKED] + tail


def _catalogue(table: str, places: tuple[Place, ...]) -> list[Inst]:
    """Read institution lines (id | name | short | category | aliases) and their indented template lines."""
    rows: list[tuple[list[str], list[str]]] = []
    for line in table.strip().splitlines():
        if line.startswith(" "):
            rows[-1][1].extend(t.strip() for t in line.split(";"))
        else:
            rows.append(([f.strip() for f in line.split("|")], []))
    return [Inst(iid, name, short, cat, None, tuple(a.strip() for a in aliases.split(";") if a.strip()),
                 tuple(templates), places) for (iid, name, short, cat, aliases), templates in rows]


def _fill(template: str, place: Place, rng: random.Random) -> str:
    """One name from a template, drawing a district, number or class where it asks for one."""
    district = rng.choice(place.districts) if rng.random() < 0.7 else f"{place.base} {rng.choice(DIRECTIONS)}"
    return template.format(p=place.province, c=place.base, k=place.full, d=district,
                           n=rng.randint(1, 30), cl=rng.choice(CLASSES))


def _is_sub(template: str) -> bool:
    """Sub-unit templates can give many names per place."""
    return "{d}" in template or "{n}" in template or "{cl}" in template


def _main_names(inst: Inst, rng: random.Random) -> list[tuple[str, str | None, str | None]]:
    """Head-office names (name, province, city), shuffled and then interleaved so provinces alternate."""
    names: list[tuple[str, str | None, str | None]] = []
    provinces = list(dict.fromkeys(p.province for p in inst.places))
    for tpl in inst.templates:
        if "@" in tpl:
            name, prov = tpl.split("@")
            names.append((name, prov or None, None))
        elif _is_sub(tpl):
            continue
        elif "{c}" in tpl or "{k}" in tpl:
            names.extend((tpl.format(c=p.base, k=p.full), p.province, p.full) for p in inst.places)
        else:
            names.extend((tpl.format(p=p), p, None) for p in provinces)
    rng.shuffle(names)
    groups: dict[str | None, list[tuple[str, str | None, str | None]]] = {}
    for item in names:
        groups.setdefault(item[1], []).append(item)
    lanes = list(groups.values())
    return [lane[i] for i in range(max(map(len, lanes), default=0)) for lane in lanes if i < len(lane)]


def _name_units(inst: Inst, count: int, rng: random.Random) -> list[Unit]:
    """Count units of one institution, unique by slug; sub-units and then numbering once heads run out."""
    subs = [t for t in inst.templates if _is_sub(t)]
    heads = _main_names(inst, rng)
    taken: dict[str, None] = {}
    tried: dict[str, None] = {}
    units: list[Unit] = []

    def add(name: str, province: str | None, city: str | None) -> bool:
        if name in tried:  # a repeated draw: skip the slugify call
            return False
        tried[name] = None
        slug = slugify(name)
        if not slug or slug in taken:
            return False
        taken[slug] = None
        units.append(Unit(inst.id, name, slug, province, city))
        return True

    for name, province, city in heads[: count - count // 3 if subs else count]:
        add(name, province, city)
    heads_made, misses = len(units), 0
    while len(units) < count and subs and misses < 200:
        place, tpl = rng.choice(inst.places), rng.choice(subs)
        city = place.full if "{c}" in tpl or "{k}" in tpl or "{d}" in tpl else None
        misses = 0 if add(_fill(tpl, place, rng), place.province, city) else misses + 1
    if len(units) >= count:
        return units
    bases = units[heads_made:] or list(units)
    assert bases or count == 0, f"{inst.id} has no unit names"
    for suffix in _suffixes():
        for base in bases:
            if len(units) >= count:
                return units
            add(f"{base.name} {suffix}", base.province, base.city)
    return units


def _suffixes() -> Iterator[str]:
    """II, III, ... X, then 11, 12, ...: the numbering that keeps names unique once templates run out."""
    yield from ROMAN
    yield from (str(i) for i in itertools.count(11))


def _assign_rounds(units: list[Unit], sizes: list[int], rng: random.Random) -> list[tuple[int, list[Unit], list[Unit]]]:
    """Give each round its new WBK units, and WBBM to ~12% more units that held WBK from an earlier round."""
    rounds: list[tuple[int, list[Unit], list[Unit]]] = []
    eligible: list[Unit] = []
    start, first = 0, LAST_YEAR - len(sizes) + 1
    for year, size in enumerate(sizes, start=first):
        new = units[start : start + size]
        start += size
        picked = set(rng.sample(range(len(eligible)), min(len(eligible), round(size * WBBM_PER_WBK))))
        promoted = [eligible[i] for i in sorted(picked)]
        eligible = [u for i, u in enumerate(eligible) if i not in picked]
        for unit in new:
            unit.wbk = year
        for unit in promoted:
            unit.wbbm = year
        eligible.extend(new)
        rounds.append((year, new, promoted))
    return rounds


def _award(unit: Unit, predicate: str, number: int, title: str, rng: random.Random) -> str:
    """One award record, with the occasional secondary source, note or extra source."""
    lines = [f"  - unit: {_q(unit.name)}", f"    institution: {unit.inst}", f"    predicate: {predicate}"]
    if unit.province:
        lines.append(f"    province: {_q(unit.province)}")
    if unit.city:
        lines.append(f"    city: {_q(unit.city)}")
    lines.append(f"    set_by: {unit.set_by if predicate == 'WBK' and unit.set_by else 'kemenpanrb'}")
    lines.append(f'    source_url: "{SOURCE}{number}"\n    source_title: {title}')
    roll = rng.random()
    lines.append(f"    source_kind: {'berita' if roll < 0.01 else 'resmi'}")
    if roll < 0.01:
        lines.append('    secondary: true\n    note: "Hanya diketahui dari pemberitaan (data contoh)."')
    elif roll < 0.02:
        lines.append(f'    sources:\n      - {{url: "{SOURCE}{number}-b", title: "Berita daerah (data contoh)", '
                     'kind: berita}')
    return "\n".join(lines)


def _ceremony_day(year: int) -> dt.date:
    """Rounds are handed over in December, around Hari Antikorupsi; the latest one the February after."""
    return dt.date(year + 1, 2, 11) if year == LAST_YEAR else dt.date(year, 12, 9 + year % 11)


def _ceremony(year: int, wbk: int, wbbm: int, number: int, rng: random.Random) -> str:
    """The ceremony block and reported totals of one round; a second source sometimes disagrees."""
    day = _ceremony_day(year)
    place = "Virtual" if year in (2020, 2021) else rng.choice(("Jakarta", "Istana Wakil Presiden, Jakarta",
                                                               "Hotel Bidakara, Jakarta"))
    total = wbk + wbbm
    text = (f"year: {year}\nceremony:\n  date: {day.isoformat()}\n  place: {_q(place)}\n"
            f'  handed_over_by: "Menteri PANRB (data contoh)"\n  source_url: "{SOURCE}{number}"\n'
            f"reported_totals:\n  - wbk: {wbk}\n    wbbm: {wbbm}\n    total: {total}\n"
            f"    proposed: {round(total * rng.uniform(3.2, 5.5))}\n"
            f'    source_url: "{SOURCE}{number}"\n    note: "{MARK}."\n')
    if rng.random() < 0.3:
        text += (f"  - total: {max(0, total + rng.choice((-3, -2, -1, 1, 2, 4)))}\n"
                 f'    source_url: "{SOURCE}{number}-berita"\n'
                 f'    note: "Sumber lain menyebut angka sedikit berbeda (data contoh)."\n')
    return text


def _round_file(year: int | None, new: list[Unit], promoted: list[Unit], counter: itertools.count,
                rng: random.Random) -> str:
    """A whole data/awards/<year>.yaml, or tanpa-tahun.yaml (year None: no ceremony, no totals)."""
    head = f"# {MARK}: bukan data resmi.\n"
    head += _ceremony(year, len(new), len(promoted), next(counter), rng) if year else "year: null\n"
    title = _q(f"Penerima ZI {year or 'tanpa tahun'} (data contoh)")
    entries = sorted([(u.inst, u.slug, "WBK", u) for u in new] + [(u.inst, u.slug, "WBBM", u) for u in promoted],
                     key=lambda e: e[:3])
    return head + "awards:\n" + "".join(_award(u, p, next(counter), title, rng) + "\n" for _, _, p, u in entries)


def _institutions_file(insts: list[Inst]) -> str:
    """data/institutions.yaml, sorted by id."""
    out = [f"# {MARK}: bukan data resmi.\n"]
    for inst in sorted(insts, key=lambda i: i.id):
        aliases = ", ".join(json.dumps(a, ensure_ascii=False) for a in inst.aliases)
        out.append(f"\n- id: {inst.id}\n  name: {_q(inst.name)}\n  short_name: {_q(inst.short_name)}\n"
                   f"  category: {inst.category}\n  province: {_q(inst.province) if inst.province else 'null'}\n"
                   + (f"  aliases: [{aliases}]\n" if aliases else ""))
    return "".join(out)


REASONS = ("Pejabat unit terjaring operasi tangkap tangan (data contoh).",
           "Ditemukan pungutan liar dalam pelayanan (data contoh).",
           "Kepala unit ditetapkan sebagai tersangka kasus suap (data contoh).")


def _revocations_file(units: list[Unit], counter: itertools.count, rng: random.Random) -> str:
    """data/revocations.yaml: a few WBK predicates withdrawn after the round that gave them."""
    out = [f"# {MARK}: bukan data resmi.\n"]
    for unit in sorted(units, key=lambda u: (u.inst, u.slug)):
        year = rng.randint(unit.wbk + 1, min(LAST_YEAR, unit.wbk + 3))  # type: ignore[operator]
        when = str(year) if rng.random() < 0.3 else dt.date(year, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
        out.append(f"\n- unit: {unit.inst}/{unit.slug}\n  predicate: WBK\n  revoked_on: {when}\n"
                   f"  reason: {_q(rng.choice(REASONS))}\n  source_url: \"{SOURCE}{next(counter)}\"\n")
    return "".join(out) if units else "[]\n"


def _prose_files(rounds: list[tuple[int, list[Unit], list[Unit]]], top: str, units: int,
                 seed: int) -> dict[str, str]:
    """A few news items on the latest rounds and the two prose pages, all marked as generated."""
    files: dict[str, str] = {}
    for year, new, promoted in rounds[-3:]:
        total = f"{len(new) + len(promoted):,}".replace(",", ".")
        day = _ceremony_day(year)
        files[f"news/{day.isoformat()}-zi-{year}-data-contoh.md"] = (
            f'---\ntitle: "{total} Unit Kerja Raih Predikat WBK dan WBBM {year} (data contoh)"\n'
            f'date: {day.isoformat()}\nsource: "Portal Berita Contoh"\nsource_url: "{SOURCE}berita-{year}"\n'
            f"year: {year}\ninstitutions: [kemenpanrb, {top}]\n---\n"
            f"**{MARK}.** Sebanyak {total} unit kerja menerima predikat Zona Integritas pada penilaian {year}: "
            f"{len(new)} WBK dan {len(promoted)} WBBM. Angka ini dibuat otomatis dan bukan berita sungguhan.\n")
    intro = (f"**{MARK}.** Registri ini berisi {units:,} unit kerja yang dibuat otomatis oleh "
             f"`bench/sample.py` (seed {seed}) untuk menguji kecepatan pembangunan situs. Semua nama, angka "
             "dan tautan sumber (domain `.invalid`) adalah contoh, bukan data resmi.\n").replace(",", ".")
    files["pages/tentang.md"] = (f'---\ntitle: "Tentang (data contoh)"\ndescription: "{MARK}"\n---\n{intro}\n'
                                 "## Cara kami menyusun registri\n\nData contoh: tidak ada sumber sungguhan.\n\n"
                                 "## Apa yang diketahui registri\n\nPredikat terakhir tercatat.\n\n"
                                 "## Mengirim koreksi atau sumber\n\nSertakan sumber.\n")
    files["pages/hari-antikorupsi.md"] = (
        f'---\ntitle: "Hari Antikorupsi Sedunia (data contoh)"\ndescription: "{MARK}"\n---\n{intro}\n'
        "Hari Antikorupsi Sedunia diperingati setiap 9 Desember; penganugerahan Zona Integritas biasanya "
        "menjadi bagian dari rangkaian peringatannya.\n")
    return files


def _check_target(out_dir: Path) -> Path:
    """Refuse the repository's own data/ and site_src/, and directories that hold something else."""
    out = out_dir.resolve()
    for target in (out / "data", out / "site_src"):
        for forbidden in (REPO / "data", REPO / "site_src"):
            if target == forbidden or forbidden in target.parents:
                raise ValueError(f"refusing to write generated data into {forbidden}: it is never committed")
    used = [d for d in (out / "data", out / "site_src") if d.exists() and any(d.iterdir())]
    if used and not (out / MARKER_FILE).exists():
        raise ValueError(f"{used[0]} already holds files that are not a generated sample")
    return out


def _write(path: Path, text: str) -> None:
    """Write UTF-8 with LF line ends, creating directories."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def write_sample_registry(out_dir: Path, units: int, seed: int = 0) -> SampleStats:
    """Write a generated registry with exactly `units` units under out_dir/data and out_dir/site_src."""
    if units < 1:
        raise ValueError("units must be at least 1")
    out = _check_target(Path(out_dir))
    rng = random.Random(f"zi-sample:{units}:{seed}")
    insts = _institutions(units, rng)[:units]
    sizes = _allocate(units, [1 / rank for rank in range(1, len(insts) + 1)], 1)
    pool = [u for inst, size in zip(insts, sizes, strict=False) for u in _name_units(inst, size, rng)]
    rng.shuffle(pool)
    undated_n = min(10, max(2, units // 1000)) if units >= 100 else 0
    undated, dated = pool[:undated_n], pool[undated_n:]
    rounds = _assign_rounds(dated, _round_sizes(len(dated)), rng)
    for unit in dated:
        if unit.wbbm is None and rng.random() < 0.005:
            unit.set_by = unit.inst  # WBK Mandiri: set by the institution itself
    candidates = [u for u in dated if u.wbbm is None and u.set_by is None and u.wbk and u.wbk < LAST_YEAR]
    revoked = rng.sample(candidates, min(len(candidates), 8, max(1, units // 1500)))
    for old in [*(out / "data" / "awards").glob("*.yaml"), *(out / "site_src" / "news").glob("*.md")]:
        old.unlink()
    _write(out / MARKER_FILE, f"{MARK}: units={units} seed={seed}\n")
    counter = itertools.count(1)
    _write(out / "data" / "institutions.yaml", _institutions_file([*insts, *_catalogue(EVALUATOR, ())]))
    for year, new, promoted in rounds:
        _write(out / "data" / "awards" / f"{year}.yaml", _round_file(year, new, promoted, counter, rng))
    if undated:
        _write(out / "data" / "awards" / "tanpa-tahun.yaml", _round_file(None, undated, [], counter, rng))
    _write(out / "data" / "revocations.yaml", _revocations_file(revoked, counter, rng))
    prose = _prose_files(rounds, insts[0].id, units, seed)
    for name, text in prose.items():
        _write(out / "site_src" / name, text)
    wbbm = sum(len(p) for _, _, p in rounds)
    return SampleStats(units=units, institutions=len(insts) + 1, awards=units + wbbm, wbbm_awards=wbbm,
                       years=tuple(year for year, _, _ in rounds), undated_awards=len(undated),
                       revocations=len(revoked), news=sum(name.startswith("news/") for name in prose))


def main(argv: list[str] | None = None) -> int:
    """The command line: write a generated registry and print what it holds."""
    parser = argparse.ArgumentParser(prog="bench/sample.py", description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, required=True, help="how many units")
    parser.add_argument("--out", type=Path, required=True, help="folder to write data/ and site_src/ into")
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same files)")
    args = parser.parse_args(argv)
    try:
        print(write_sample_registry(args.out, args.units, seed=args.seed))
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
