"""The words search finds a unit by: its names, its institution and its place, each with a code.

A name word's code is its position in the name and whether it ends it; a word of a former name, of the
institution or of the place carries FORMER or OTHER (site_src/static/search-core.js ranks by them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from sitegen.model.search_text import (
    city_shorts,
    directorate_words,
    inner_short_forms,
    institution_shorts,
    name_variants,
    province_shorts,
    tokens,
)

MAX_POS = 30             # name positions above this share one code
FORMER = 62              # code: the word is in a former name
OTHER = 63               # code: the word is in the institution, the location or an alias


@dataclass(frozen=True)
class SearchRow:
    """One unit as search sees it."""

    id: str
    name: str
    institution_id: str
    institution_name: str
    category: str
    path: str
    former_names: list[str] = field(default_factory=list)
    institution_short: str | None = None
    institution_aliases: list[str] = field(default_factory=list)
    province: str | None = None
    province_slug: str | None = None
    city: str | None = None
    place: str | None = None  # the city as its place page names it ("Kabupaten Gresik"), see model/places.py
    # (year, predicate), or (year, predicate, setter) for an award an institution set itself: the setter's short
    # name, shown "WBK 2025 · penetapan MA" wherever results list the award
    awards: list[tuple] = field(default_factory=list)
    revoked: bool = False


def word_code(position: int, last: bool) -> int:
    """The code of a name word: its position (capped) and whether it ends the name."""
    return min(position, MAX_POS) * 2 + (1 if last else 0)


def _add(terms: dict[str, int], word: str, code: int) -> None:
    """Record `word` with `code`, keeping the lowest (best) code."""
    if code < terms.get(word, 64):
        terms[word] = code


def name_terms(name: str) -> dict[str, int]:
    """Words of a name and of its abbreviated or spelled-out variants, with position codes."""
    words = tokens(name)
    terms: dict[str, int] = {}
    for pos, word in enumerate(words):
        _add(terms, word, word_code(pos, pos == len(words) - 1))
        for form in inner_short_forms(word):  # "capil" is a word of "Disdukcapil Kota Semarang"
            _add(terms, form, word_code(pos, pos == len(words) - 1))
    original = set(words)
    for variant in name_variants(words):
        for pos, word in enumerate(variant):
            if word not in original:
                _add(terms, word, word_code(pos, pos == len(variant) - 1))
    return terms


def row_terms(row: SearchRow) -> dict[str, int]:
    """Every searchable word of a row with its best code."""
    terms = name_terms(row.name)
    for former in row.former_names:
        for word in name_terms(former):
            _add(terms, word, FORMER)
    context = (institution_words(row.institution_id, row.institution_name, row.institution_short,
                                 tuple(row.institution_aliases)) + place_words(row.city, row.province, row.place)
               + tuple(directorate_words(tokens(row.name))))
    for word in context:
        _add(terms, word, OTHER)
    return terms


@lru_cache(maxsize=8192)
def institution_words(inst_id: str, name: str, short: str | None, aliases: tuple[str, ...]) -> tuple[str, ...]:
    """Words of an institution's name, short names, aliases and the name's abbreviated forms."""
    words = tokens(name)
    for text in institution_shorts(inst_id, name, [short or "", *aliases]):
        words += tokens(text)
    for variant in name_variants(tokens(name)):
        words += variant
    return tuple(dict.fromkeys(words))


@lru_cache(maxsize=8192)
def place_words(city: str | None, province: str | None, place: str | None = None) -> tuple[str, ...]:
    """Words of a city, of its place's name and that name's short forms ("kabupaten gresik", "kab"), of a
    province and the province's short forms: "kota surabaya" finds the units in Surabaya."""
    named = tokens(place or "")
    words = tokens(city or "") + named
    for variant in name_variants(named):
        words += variant
    for short in city_shorts(place):
        words += tokens(short)
    words += tokens(province or "")
    for short in province_shorts(province):
        words += tokens(short)
    return tuple(dict.fromkeys(words))
