"""A small, real-looking registry of SearchRows covering every kind of query search must answer."""

from __future__ import annotations

from slugify import slugify

from sitegen.render.search import SearchRow

INSTITUTIONS: dict[str, tuple[str, str | None, str, list[str]]] = {
    "kemenkeu": ("Kementerian Keuangan", "Kemenkeu", "kementerian", []),
    "kemenag": ("Kementerian Agama", "Kemenag", "kementerian", []),
    "kemenhub": ("Kementerian Perhubungan", None, "kementerian", []),
    "kemenkumham": ("Kementerian Hukum dan Hak Asasi Manusia", None, "kementerian", []),
    "kementerian-atr-bpn": ("Kementerian Agraria dan Tata Ruang/Badan Pertanahan Nasional", "ATR/BPN",
                            "kementerian", []),
    "polri": ("Kepolisian Negara Republik Indonesia", None, "lembaga", []),
    "bpk": ("Badan Pemeriksa Keuangan", None, "lembaga", []),
    "bpkp": ("Badan Pengawasan Keuangan dan Pembangunan", "BPKP", "lembaga", []),
    "bps": ("Badan Pusat Statistik", None, "lembaga", []),
    "mahkamah-agung": ("Mahkamah Agung", None, "lembaga", []),
    "kejaksaan": ("Kejaksaan Republik Indonesia", None, "lembaga", []),
    "pemprov-jawa-timur": ("Pemerintah Provinsi Jawa Timur", "Pemprov Jatim", "provinsi", []),
    "pemkot-yogyakarta": ("Pemerintah Kota Yogyakarta", None, "kota", []),
    "kemenkes": ("Kementerian Kesehatan", None, "kementerian", []),
    "pemkot-semarang": ("Pemerintah Kota Semarang", "Pemkot Semarang", "kota", []),
    "pemkab-tegal": ("Pemerintah Kabupaten Tegal", "Pemkab Tegal", "kabupaten", []),
}

# name, institution, province, city, awards, revoked, former names
UNITS: list[tuple[str, str, str, str, list[tuple[int | None, str]], bool, list[str]]] = [
    ("KPP Pratama Surabaya Wonokromo", "kemenkeu", "Jawa Timur", "Kota Surabaya", [(2019, "WBK")], False, []),
    ("KPP Pratama Surabaya Sawahan", "kemenkeu", "Jawa Timur", "Kota Surabaya", [(2021, "WBK")], False, []),
    ("Kantor Pelayanan Pajak Pratama Gorontalo", "kemenkeu", "Gorontalo", "Kota Gorontalo",
     [(2020, "WBK")], False, []),
    ("BPK Perwakilan Provinsi Gorontalo", "bpk", "Gorontalo", "Kota Gorontalo",
     [(2018, "WBK"), (2020, "WBBM")], False, []),
    ("BPKP Perwakilan Provinsi Gorontalo", "bpkp", "Gorontalo", "Kota Gorontalo", [(2020, "WBK")], False, []),
    ("Kantor Imigrasi Kelas I TPI Surabaya", "kemenkumham", "Jawa Timur", "Kota Surabaya",
     [(2018, "WBK"), (2020, "WBBM")], False, []),
    ("Kantor Imigrasi Kelas I TPI Balikpapan", "kemenkumham", "Kalimantan Timur", "Kota Balikpapan",
     [(2019, "WBK")], False, []),
    ("Pengadilan Agama Surabaya", "mahkamah-agung", "Jawa Timur", "Kota Surabaya", [(2019, "WBK")], False, []),
    ("Pengadilan Negeri Surabaya", "mahkamah-agung", "Jawa Timur", "Kota Surabaya", [(2018, "WBK")], True, []),
    ("Pengadilan Negeri Sidoarjo", "mahkamah-agung", "Jawa Timur", "Kabupaten Sidoarjo",
     [(2020, "WBK")], False, []),
    ("Kejaksaan Negeri Bojonegoro", "kejaksaan", "Jawa Timur", "Kabupaten Bojonegoro", [(2021, "WBK")], False, []),
    ("Kejaksaan Tinggi Jawa Tengah", "kejaksaan", "Jawa Tengah", "Kota Semarang", [(2022, "WBK")], False, []),
    ("Lembaga Pemasyarakatan Kelas IIB Mojokerto", "kemenkumham", "Jawa Timur", "Kota Mojokerto",
     [(2020, "WBK")], False, ["Lapas Kelas III Mojokerto"]),
    ("Rutan Kelas I Surakarta", "kemenkumham", "Jawa Tengah", "Kota Surakarta", [(2021, "WBK")], False, []),
    ("RSUD Dr. Soetomo", "pemprov-jawa-timur", "Jawa Timur", "Kota Surabaya", [(2019, "WBK"), (2021, "WBBM")],
     False, []),
    ("RSUD Kota Yogyakarta", "pemkot-yogyakarta", "DI Yogyakarta", "Kota Yogyakarta", [(2020, "WBK")], False, []),
    ("RSUP Dr. Sardjito", "kemenkes", "DI Yogyakarta", "Kabupaten Sleman", [(2019, "WBK")], False, []),
    ("RSUP Dr. Cipto Mangunkusumo", "kemenkes", "DKI Jakarta", "Kota Jakarta Pusat", [(2018, "WBK")], False, []),
    ("Polres Bojonegoro", "polri", "Jawa Timur", "Kabupaten Bojonegoro", [(2020, "WBK")], False, []),
    ("Polsek Bojonegoro Kota", "polri", "Jawa Timur", "Kabupaten Bojonegoro", [(2021, "WBK")], False, []),
    ("Polda Jawa Timur", "polri", "Jawa Timur", "Kota Surabaya", [(2019, "WBK")], False, []),
    ("Kantor Pertanahan Kabupaten Sleman", "kementerian-atr-bpn", "DI Yogyakarta", "Kabupaten Sleman",
     [(2020, "WBK")], False, []),
    ("Kantor Kementerian Agama Kabupaten Pati", "kemenag", "Jawa Tengah", "Kabupaten Pati", [(2019, "WBK")],
     False, []),
    ("Kantor Unit Penyelenggara Pelabuhan Kelas I Tanjung Perak", "kemenhub", "Jawa Timur", "Kota Surabaya",
     [(2020, "WBBM")], False, []),
    ("BPS Kabupaten Deli Serdang", "bps", "Sumatera Utara", "Kabupaten Deli Serdang", [(2020, "WBK")], False, []),
    ("Kantor Wilayah Kementerian Hukum dan HAM Jawa Timur", "kemenkumham", "Jawa Timur", "Kota Surabaya",
     [(None, "WBK")], False, []),
    ("Imigrasi Malang", "kemenkumham", "Jawa Timur", "Kota Malang", [(2019, "WBK")], False, []),
    ("Imigrasi Malang Raya", "kemenkumham", "Jawa Timur", "Kota Malang", [(2019, "WBK")], False, []),
    ("Balai Imigrasi Malang", "kemenkumham", "Jawa Timur", "Kota Malang", [(2019, "WBK")], False, []),
    ("Kantor Imigrasi Kelas I TPI Malang", "kemenkumham", "Jawa Timur", "Kota Malang", [(2019, "WBK")], False, []),
    ("Pengadilan Agama Marabahan", "mahkamah-agung", "Kalimantan Selatan", "Kabupaten Barito Kuala",
     [(2020, "WBK")], False, []),
    ("KUA Kecamatan Genteng", "kemenag", "Jawa Timur", "Kota Surabaya", [(2022, "WBK")], False, []),
    ("Kanwil DJPb Provinsi Jawa Timur", "kemenkeu", "Jawa Timur", "Kota Surabaya", [(2021, "WBK")], False, []),
    ("Kantor Wilayah DJP Jawa Timur I", "kemenkeu", "Jawa Timur", "Kota Surabaya", [(2019, "WBK"), (2021, "WBBM")],
     False, []),
    # places the records give as a kecamatan, settled, or bare and ambiguous (sitegen/model/places.py)
    ("Pengadilan Agama Tegal", "mahkamah-agung", "Jawa Tengah", "Tegal, Kota Tegal", [(2025, "WBK")], False, []),
    ("Pengadilan Agama Slawi", "mahkamah-agung", "Jawa Tengah", "Slawi", [(2021, "WBK")], False, []),
    ("RSUD Dr. Soeselo", "pemkab-tegal", "Jawa Tengah", "Slawi", [(2022, "WBK")], False, []),
    ("Dinas Kependudukan dan Pencatatan Sipil (Disdukcapil) Kota Semarang", "pemkot-semarang", "Jawa Tengah",
     "Semarang", [(2019, "WBK")], False, []),
    ("Politeknik Ilmu Pelayaran (PIP) Semarang", "kemenhub", "Jawa Tengah", "Semarang, Kota Semarang",
     [(2020, "WBK")], False, []),
    ("Balai Diklat Keagamaan Semarang", "kemenag", "Jawa Tengah", "Semarang", [(2019, "WBK")], False, []),
    ("Polrestabes Medan", "polri", "Sumatera Utara", "Kota Medan", [(2021, "WBK")], False, []),
]
# The kabupaten/kota each city above resolves to (places.resolve with the unit's name and institution); a
# city with its kind is its own place, and a bare "Semarang" without a deciding name stays unresolved.
PLACES = {("Slawi", "Pengadilan Agama Slawi"): "Kabupaten Tegal", ("Slawi", "RSUD Dr. Soeselo"): "Kabupaten Tegal",
          ("Tegal, Kota Tegal", "Pengadilan Agama Tegal"): "Kota Tegal",
          ("Semarang", "Dinas Kependudukan dan Pencatatan Sipil (Disdukcapil) Kota Semarang"): "Kota Semarang",
          ("Semarang, Kota Semarang", "Politeknik Ilmu Pelayaran (PIP) Semarang"): "Kota Semarang"}


def place_of(city: str, name: str) -> str | None:
    """The resolved kabupaten/kota of a fixture unit."""
    return PLACES.get((city, name)) or (city if city.split()[0] in ("Kota", "Kabupaten") else None)


def unit_id(name: str, institution: str) -> str:
    """The unit id the registry would give this name."""
    return f"{institution}/{slugify(name)}"


def fixture_rows() -> list[SearchRow]:
    """The fixture as SearchRows, the way the core builds them."""
    rows = []
    for name, inst, province, city, awards, revoked, former in UNITS:
        inst_name, short, category, aliases = INSTITUTIONS[inst]
        uid = unit_id(name, inst)
        rows.append(SearchRow(
            id=uid, name=name, institution_id=inst, institution_name=inst_name, category=category,
            path=f"unit/{uid}/", former_names=former, institution_short=short, institution_aliases=aliases,
            province=province, province_slug=slugify(province), city=city, place=place_of(city, name),
            awards=awards, revoked=revoked))
    return rows
