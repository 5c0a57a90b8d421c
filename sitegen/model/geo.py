"""Indonesia's 38 provinces and the short forms sources use for them (kabupaten/kota and kecamatan: wilayah.py)."""

from __future__ import annotations

PROVINCES: tuple[str, ...] = (
    "Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Kepulauan Riau", "Jambi", "Sumatera Selatan",
    "Kepulauan Bangka Belitung", "Bengkulu", "Lampung", "DKI Jakarta", "Jawa Barat", "Banten", "Jawa Tengah",
    "DI Yogyakarta", "Jawa Timur", "Bali", "Nusa Tenggara Barat", "Nusa Tenggara Timur", "Kalimantan Barat",
    "Kalimantan Tengah", "Kalimantan Selatan", "Kalimantan Timur", "Kalimantan Utara", "Sulawesi Utara",
    "Gorontalo", "Sulawesi Tengah", "Sulawesi Barat", "Sulawesi Selatan", "Sulawesi Tenggara", "Maluku",
    "Maluku Utara", "Papua", "Papua Barat", "Papua Barat Daya", "Papua Tengah", "Papua Pegunungan",
    "Papua Selatan",
)

# Short and older forms found in decrees and news, mapped to the official name above.
PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "NAD": "Aceh", "Nanggroe Aceh Darussalam": "Aceh",
    "Sumut": "Sumatera Utara", "Sumbar": "Sumatera Barat", "Sumsel": "Sumatera Selatan",
    "Kepri": "Kepulauan Riau", "Kep. Riau": "Kepulauan Riau",
    "Babel": "Kepulauan Bangka Belitung", "Bangka Belitung": "Kepulauan Bangka Belitung",
    "Kep. Bangka Belitung": "Kepulauan Bangka Belitung",
    "DKI": "DKI Jakarta", "Jakarta": "DKI Jakarta", "Daerah Khusus Ibukota Jakarta": "DKI Jakarta",
    "Jabar": "Jawa Barat", "Jateng": "Jawa Tengah", "Jatim": "Jawa Timur",
    "DIY": "DI Yogyakarta", "Yogyakarta": "DI Yogyakarta", "D.I. Yogyakarta": "DI Yogyakarta",
    "Daerah Istimewa Yogyakarta": "DI Yogyakarta", "Jogja": "DI Yogyakarta", "Yogya": "DI Yogyakarta",
    "Jogjakarta": "DI Yogyakarta",
    "NTB": "Nusa Tenggara Barat", "NTT": "Nusa Tenggara Timur",
    "Kalbar": "Kalimantan Barat", "Kalteng": "Kalimantan Tengah", "Kalsel": "Kalimantan Selatan",
    "Kaltim": "Kalimantan Timur", "Kaltara": "Kalimantan Utara",
    "Sulut": "Sulawesi Utara", "Sulteng": "Sulawesi Tengah", "Sulbar": "Sulawesi Barat",
    "Sulsel": "Sulawesi Selatan", "Sultra": "Sulawesi Tenggara",
    "Malut": "Maluku Utara", "Pabar": "Papua Barat", "PBD": "Papua Barat Daya",
}

# What people call some kabupaten/kota besides the official name (wilayah.tsv), so a search for the
# everyday name finds the units of the place: "solo" is Kota Surakarta, "jaksel" Jakarta Selatan. Only
# names that stand for one place and are no other word in the registry (not "bpn": Balikpapan or BPN).
CITY_SHORT_FORMS: dict[str, str] = {
    "Jakpus": "Kota Administrasi Jakarta Pusat", "Jakut": "Kota Administrasi Jakarta Utara",
    "Jakbar": "Kota Administrasi Jakarta Barat", "Jaksel": "Kota Administrasi Jakarta Selatan",
    "Jaktim": "Kota Administrasi Jakarta Timur", "Solo": "Kota Surakarta", "Jogja": "Kota Yogyakarta",
    "Yogya": "Kota Yogyakarta", "Tangsel": "Kota Tangerang Selatan",
}
