"""Synthetic SearchRow lists for the search benchmark, until sitegen.sample is available."""

from __future__ import annotations

import random

from slugify import slugify

from sitegen.geo import REGENCIES
from sitegen.search import SearchRow

NATIONAL: list[tuple[str, str, str, str, list[str]]] = [
    ("kemenkeu", "Kementerian Keuangan", "Kemenkeu", "kementerian",
     ["KPP Pratama {place}", "KPPN {place}", "KPKNL {place}", "KPPBC Tipe Madya Pabean {place}"]),
    ("kemenag", "Kementerian Agama", "Kemenag", "kementerian",
     ["Kantor Kementerian Agama {city}", "KUA Kecamatan {place}", "MAN {n} {place}", "MTsN {n} {place}"]),
    ("kemenhub", "Kementerian Perhubungan", "Kemenhub", "kementerian",
     ["Kantor Unit Penyelenggara Pelabuhan {place}", "Balai Pengelola Transportasi Darat {place}"]),
    ("kemenkumham", "Kementerian Hukum dan Hak Asasi Manusia", "Kemenkumham", "kementerian",
     ["Lapas Kelas IIA {place}", "Rutan Kelas IIB {place}", "Kantor Imigrasi Kelas I {place}", "Bapas {place}"]),
    ("polri", "Kepolisian Negara Republik Indonesia", "Polri", "lembaga",
     ["Polres {place}", "Polsek {place}", "Polresta {place}"]),
    ("kementerian-atr-bpn", "Kementerian Agraria dan Tata Ruang/Badan Pertanahan Nasional", "ATR/BPN",
     "kementerian", ["Kantor Pertanahan {city}"]),
    ("bpk", "Badan Pemeriksa Keuangan", "BPK", "lembaga", ["BPK Perwakilan Provinsi {province}"]),
    ("bps", "Badan Pusat Statistik", "BPS", "lembaga", ["BPS {city}"]),
    ("mahkamah-agung", "Mahkamah Agung", "MA", "lembaga",
     ["Pengadilan Negeri {place}", "Pengadilan Agama {place}", "Pengadilan Tinggi {province}"]),
    ("kejaksaan", "Kejaksaan Republik Indonesia", "Kejaksaan", "lembaga",
     ["Kejaksaan Negeri {place}", "Kejaksaan Tinggi {province}", "Cabang Kejaksaan Negeri {place}"]),
    ("kemenkes", "Kementerian Kesehatan", "Kemenkes", "kementerian",
     ["Balai Besar Laboratorium Kesehatan {place}", "Kantor Kesehatan Pelabuhan {place}"]),
    ("bpom", "Badan Pengawas Obat dan Makanan", "BPOM", "lembaga", ["Balai POM {place}"]),
]
PEMDA = ["Dinas Kependudukan dan Pencatatan Sipil", "DPMPTSP", "RSUD", "Puskesmas {place}", "Dinas Kesehatan",
         "Badan Pendapatan Daerah", "Kecamatan {place}", "Kelurahan {place}", "Dinas Perhubungan",
         "Dinas Sosial", "Inspektorat"]
SYLLABLES = ["ka", "ra", "ma", "ja", "ti", "wo", "no", "sa", "ri", "ba", "lu", "su", "go", "de", "ngi", "gan",
             "tan", "pur", "sem", "bo", "ke", "lo", "mu", "ngan", "rejo", "sari", "kulon", "wetan", "kidul"]


def place_name(rng: random.Random) -> str:
    """A made-up district name."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _award(rng: random.Random) -> list[tuple[int | None, str]]:
    """One to three awards."""
    years = sorted(rng.sample(range(2014, 2026), rng.randint(1, 3)))
    return [(y, "WBK" if i == 0 else "WBBM") for i, y in enumerate(years)]


def synthetic_rows(count: int, seed: int = 1) -> list[SearchRow]:
    """`count` distinct rows spread over the geo table's regencies."""
    rng = random.Random(seed)
    cities = [(prov, city) for prov, cs in REGENCIES.items() for city in cs]
    rows: dict[str, SearchRow] = {}
    while len(rows) < count:
        prov, city = rng.choice(cities)
        place = city.split(" ", 1)[1] if rng.random() < 0.6 else place_name(rng)
        if rng.random() < 0.7:
            iid, iname, short, cat, templates = rng.choice(NATIONAL)
        else:
            kind = "kota" if city.startswith("Kota") else "kabupaten"
            iname = f"Pemerintah {city}"
            iid, short, cat, templates = slugify(iname), None, kind, [t + " " + city for t in PEMDA]
        name = rng.choice(templates).format(place=place, city=city, province=prov, n=rng.randint(1, 9))
        uid = f"{iid}/{slugify(name)}"
        rows.setdefault(uid, SearchRow(
            id=uid, name=name, institution_id=iid, institution_name=iname, category=cat,
            path=f"unit/{uid}/", institution_short=short, province=prov, province_slug=slugify(prov),
            city=city, awards=_award(rng), revoked=rng.random() < 0.01))
    return list(rows.values())
