"""Search text rules: folding, tokens and the curated abbreviation tables.

`site_src/static/search-core.js` folds and tokenises queries with exactly these rules;
tests/test_search_index.py runs both on the same strings so the two can never drift.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from sitegen.model.geo import CITY_SHORT_FORMS, PROVINCE_ABBREVIATIONS

# Old (pre-1972) spelling folded to the current one, applied in this order on both sides.
OLD_SPELLING: tuple[tuple[str, str], ...] = (("oe", "u"), ("dj", "j"), ("tj", "c"))

_APOSTROPHES = re.compile(r"['\u2019`\u00b4]")
_TOKEN = re.compile(r"[a-z0-9]+")

# Unit-type abbreviations: the short form and the phrase(s) it stands for in a unit's name.
UNIT_TYPES: dict[str, tuple[str, ...]] = {
    "kpp": ("kantor pelayanan pajak",),
    "kanim": ("kantor imigrasi",),
    "pa": ("pengadilan agama",),
    "pn": ("pengadilan negeri",),
    "pt": ("pengadilan tinggi",),
    "pta": ("pengadilan tinggi agama",),
    "ptun": ("pengadilan tata usaha negara",),
    "kejari": ("kejaksaan negeri",),
    "kejati": ("kejaksaan tinggi",),
    "cabjari": ("cabang kejaksaan negeri",),
    "lapas": ("lembaga pemasyarakatan",),
    "rutan": ("rumah tahanan negara", "rumah tahanan"),
    "bapas": ("balai pemasyarakatan",),
    "lpka": ("lembaga pembinaan khusus anak",),
    "rsud": ("rumah sakit umum daerah",),
    "rsup": ("rumah sakit umum pusat",),
    "rs": ("rumah sakit",),
    "polres": ("kepolisian resor",),
    "polresta": ("kepolisian resor kota",),
    "polrestabes": ("kepolisian resor kota besar",),
    "polda": ("kepolisian daerah",),
    "polsek": ("kepolisian sektor",),
    "kantah": ("kantor pertanahan",),
    "kanwil": ("kantor wilayah",),
    "djp": ("direktorat jenderal pajak", "ditjen pajak"),
    "djpb": ("direktorat jenderal perbendaharaan", "ditjen perbendaharaan"),
    "djbc": ("direktorat jenderal bea dan cukai", "ditjen bea dan cukai"),
    "djkn": ("direktorat jenderal kekayaan negara", "ditjen kekayaan negara"),
    "ditjen": ("direktorat jenderal",),
    "kppn": ("kantor pelayanan perbendaharaan negara",),
    "kpknl": ("kantor pelayanan kekayaan negara dan lelang",),
    "kppbc": ("kantor pengawasan dan pelayanan bea dan cukai",),
    "kua": ("kantor urusan agama",),
    "kankemenag": ("kantor kementerian agama",),
    "puskesmas": ("pusat kesehatan masyarakat",),
    "disdukcapil": ("dinas kependudukan dan pencatatan sipil",),
    "dukcapil": ("kependudukan dan pencatatan sipil",),
    "capil": ("pencatatan sipil",),
    "dpmptsp": ("dinas penanaman modal dan pelayanan terpadu satu pintu",),
    "ptsp": ("pelayanan terpadu satu pintu",),
    "samsat": ("sistem administrasi manunggal satu atap",),
    "man": ("madrasah aliyah negeri",),
    "mtsn": ("madrasah tsanawiyah negeri",),
    "min": ("madrasah ibtidaiyah negeri",),
    "bbpom": ("balai besar pengawas obat dan makanan",),
    "kab": ("kabupaten",),
    "pemkab": ("pemerintah kabupaten",),
    "pemkot": ("pemerintah kota",),
    "pemprov": ("pemerintah provinsi",),
}

# The directorate general a Kemenkeu office belongs to, which readers type ("djp surabaya", "bea cukai
# tanjung perak") though the office's name does not say it: directorate short form (a UNIT_TYPES key, whose
# long forms come with it) -> phrases of the office's name that mark it.
UNIT_DIRECTORATES: dict[str, tuple[str, ...]] = {
    "djp": ("kantor pelayanan pajak", "kpp", "kp2kp", "kantor pelayanan penyuluhan dan konsultasi perpajakan"),
    "djpb": ("kantor pelayanan perbendaharaan negara", "kppn"),
    "djkn": ("kantor pelayanan kekayaan negara dan lelang", "kpknl"),
    "djbc": ("kantor pengawasan dan pelayanan bea dan cukai", "kppbc", "bea dan cukai", "bea cukai"),
}

# Short names for institutions, beyond what institutions.yaml gives: short form -> phrases that
# identify the institution's full name (matched as whole words anywhere in it) or its id.
INSTITUTION_SHORT: dict[str, tuple[str, ...]] = {
    "Kemenkeu": ("kementerian keuangan",),
    "Kemenhub": ("kementerian perhubungan",),
    "Kemenag": ("kementerian agama",),
    "Kemenkumham": ("kementerian hukum dan hak asasi manusia", "kementerian hukum dan ham"),
    "Kemenkum": ("kementerian hukum",),
    "Kemenimipas": ("kementerian imigrasi dan pemasyarakatan",),
    "Polri": ("kepolisian negara republik indonesia", "kepolisian republik indonesia"),
    "BPN": ("badan pertanahan nasional", "agraria dan tata ruang"),
    "ATR": ("agraria dan tata ruang",),
    "BPK": ("badan pemeriksa keuangan",),
    "BPKP": ("badan pengawasan keuangan dan pembangunan",),
    "BPS": ("badan pusat statistik",),
    "MA": ("mahkamah agung",),
    "MK": ("mahkamah konstitusi",),
    "Kejagung": ("kejaksaan republik indonesia", "kejaksaan agung"),
    "Kemenkes": ("kementerian kesehatan",),
    "Kemendikbud": ("kementerian pendidikan dan kebudayaan",),
    "Kemendikdasmen": ("kementerian pendidikan dasar dan menengah",),
    "Kemnaker": ("kementerian ketenagakerjaan",),
    "Kementan": ("kementerian pertanian",),
    "KKP": ("kementerian kelautan dan perikanan",),
    "KLHK": ("kementerian lingkungan hidup dan kehutanan",),
    "Kemendagri": ("kementerian dalam negeri",),
    "Kemenlu": ("kementerian luar negeri",),
    "Kemhan": ("kementerian pertahanan",),
    "Kemensos": ("kementerian sosial",),
    "Kemenperin": ("kementerian perindustrian",),
    "Kemendag": ("kementerian perdagangan",),
    "ESDM": ("kementerian energi dan sumber daya mineral",),
    "PUPR": ("kementerian pekerjaan umum dan perumahan rakyat",),
    "PU": ("kementerian pekerjaan umum",),
    "Kominfo": ("kementerian komunikasi dan informatika",),
    "Komdigi": ("kementerian komunikasi dan digital",),
    "KemenPANRB": ("kementerian pendayagunaan aparatur negara dan reformasi birokrasi",),
    "Kemenpora": ("kementerian pemuda dan olahraga",),
    "BPOM": ("badan pengawas obat dan makanan",),
    "BNN": ("badan narkotika nasional",),
    "BKN": ("badan kepegawaian negara",),
    "Bawaslu": ("badan pengawas pemilihan umum",),
    "KPU": ("komisi pemilihan umum",),
    "BMKG": ("badan meteorologi klimatologi dan geofisika",),
    "Basarnas": ("badan nasional pencarian dan pertolongan",),
    "BNPB": ("badan nasional penanggulangan bencana",),
    "Bakamla": ("badan keamanan laut",),
    "LAN": ("lembaga administrasi negara",),
    "ANRI": ("arsip nasional republik indonesia",),
    "KY": ("komisi yudisial",),
    "BSSN": ("badan siber dan sandi negara",),
    "BRIN": ("badan riset dan inovasi nasional",),
}


def fold(text: str) -> str:
    """Lower-case, strip accents and apostrophes, and map old spelling to the current one."""
    if text.isascii():
        bare = text.lower()
    else:
        decomposed = unicodedata.normalize("NFD", text)
        bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").lower()
    bare = _APOSTROPHES.sub("", bare)
    for old, new in OLD_SPELLING:
        bare = bare.replace(old, new)
    return bare


def tokens(text: str) -> list[str]:
    """The folded words of `text`, in order."""
    return _TOKEN.findall(fold(text))


def _find(words: list[str], phrase: list[str]) -> int:
    """Index where `phrase` starts as consecutive words in `words`, or -1."""
    size = len(phrase)
    if phrase[0] not in words:
        return -1
    for start in range(len(words) - size + 1):
        if words[start:start + size] == phrase:
            return start
    return -1


def _expansion_table() -> list[tuple[list[str], list[str]]]:
    """Every (long words, short words) pair of UNIT_TYPES, folded as names are ("djp" is "jp"), longest first."""
    pairs = [(tokens(phrase), tokens(short)) for short, phrases in UNIT_TYPES.items() for phrase in phrases]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


_EXPANSIONS = _expansion_table()


def name_variants(words: list[str]) -> list[list[str]]:
    """Other spellings of a name: each unit-type phrase abbreviated, each abbreviation spelled out."""
    variants: list[list[str]] = []
    for long, short in _EXPANSIONS:
        at = _find(words, long)
        if at >= 0:
            variants.append(words[:at] + short + words[at + len(long):])
        at = _find(words, short)
        if at >= 0:
            variants.append(words[:at] + long + words[at + 1:])
    return variants


_DIRECTORATE_MARKS = [(tokens(short) + [w for phrase in UNIT_TYPES[short] for w in tokens(phrase)],
                       [tokens(mark) for mark in marks]) for short, marks in UNIT_DIRECTORATES.items()]


def directorate_words(name_words: list[str]) -> list[str]:
    """Words of the directorate general an office's name marks it as part of (UNIT_DIRECTORATES), if any."""
    return [w for words, marks in _DIRECTORATE_MARKS if any(_find(name_words, m) >= 0 for m in marks) for w in words]


_SHORT_PHRASES = [(short, fold(short), [p.split() for p in phrases]) for short, phrases in INSTITUTION_SHORT.items()]


def institution_shorts(inst_id: str, name: str, given: Iterable[str]) -> list[str]:
    """Short names of an institution: those given plus the curated ones its name or id matches."""
    return list(_institution_shorts(inst_id, name, tuple(given)))


@lru_cache(maxsize=4096)
def _institution_shorts(inst_id: str, name: str, given: tuple[str, ...]) -> tuple[str, ...]:
    """Cached body of institution_shorts."""
    words = tokens(name)
    found = [g for g in given if g]
    folded_id = fold(inst_id)
    for short, folded, phrases in _SHORT_PHRASES:
        if folded == folded_id or any(_find(words, p) >= 0 for p in phrases):
            found.append(short)
    return tuple(sorted(set(found), key=found.index))


def _by_official(short_forms: dict[str, str]) -> dict[str, list[str]]:
    """Official name (folded) -> its short and everyday forms, from a table of sitegen.model.geo."""
    table: dict[str, list[str]] = {}
    for short, official in short_forms.items():
        table.setdefault(fold(official), []).append(short)
    return table


_PROVINCE_SHORTS = _by_official(PROVINCE_ABBREVIATIONS)
_CITY_SHORTS = _by_official(CITY_SHORT_FORMS)


def province_shorts(province: str | None) -> list[str]:
    """Short forms of a province name ("Jatim" for Jawa Timur)."""
    return list(_PROVINCE_SHORTS.get(fold(province), [])) if province else []


def city_shorts(place: str | None) -> list[str]:
    """Everyday names of a kabupaten/kota, from its official name ("Solo" for Kota Surakarta)."""
    return list(_CITY_SHORTS.get(fold(place), [])) if place else []


INNER_MIN = 4  # a short form shorter than this inside a word is too likely a chance run of letters


def _inner_forms() -> tuple[str, ...]:
    """The unit-type short forms that a longer short form can hold ("capil" in "dukcapil"), folded."""
    return tuple(sorted({w for short in UNIT_TYPES for w in tokens(short) if len(w) >= INNER_MIN}))


_INNER_FORMS = _inner_forms()


@lru_cache(maxsize=16384)
def inner_short_forms(word: str) -> tuple[str, ...]:
    """The known short forms inside a word but not at its start, which readers type alone: "dukcapil" and
    "capil" in "disdukcapil", "ptsp" in "dpmptsp". (A form at the start is found as a prefix already.)"""
    return tuple(form for form in _INNER_FORMS if form != word and word.find(form, 1) > 0)


def abbreviations() -> list[str]:
    """Every curated short form as search folds it: unit types and institutions. The search page matches
    such a word whole, never inside a longer place or institution word ("kua" is not "Kuala")."""
    words = {word for short in UNIT_TYPES for word in tokens(short)}
    words |= {tokens(short)[0] for short in INSTITUTION_SHORT if len(tokens(short)) == 1}
    return sorted(words)
