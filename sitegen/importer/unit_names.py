"""Variant names of one unit: a normal form, and a fuzzy score between two names.

News lists and decrees name one unit in several ways: "Lapas Kelas IIA Kediri" and "Lembaga
Pemasyarakatan Kelas IIA Kediri", "KPP Pratama Jakarta Setiabudi Satu" and "Kantor Pelayanan Pajak
Pratama Jakarta Setiabudi I", "Polres X" before and "Polresta X" after a change of class. The normal
form folds all of these together; the score (rapidfuzz) catches what is left (a spelling, a word more).
The abbreviation table is search's own (sitegen.model.search_text.UNIT_TYPES), so search and the importer
agree on what "Kantah" means.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from sitegen.model.places import split_kind
from sitegen.model.search_text import UNIT_TYPES, tokens

LIKELY = 70  # a score at or above this, with no telling word apart, stops the import (100: same normal form)
SAME_WORD = 85  # two words this alike are one word misspelt ("Pontianak", "Pontianek")
# Words a list may leave out without naming another unit ("Kantor Pertanahan Padang" for "... Kota Padang").
# Any other word one name has and the other lacks ("Selatan", "Perak" for "Priok") tells two units apart.
SOFT_WORDS = frozenset({"kota", "kabupaten", "kab", "provinsi", "prov", "dan", "di", "upt", "uptd"})

# Kinds of place a name may carry: "Kantah Kota Bandung" and "Kantah Kabupaten Bandung" are two units.
PLACE_KINDS = {"kota": "kota", "kabupaten": "kabupaten", "kab": "kabupaten"}
# Parts Indonesian place names are built of ("Sumber" + "jaya", "Suka" + "maju"): two names that differ in one
# such part are two places, however alike they look ("Sumberraya", "Sumberjaya"); a misspelling differs elsewhere.
PLACE_PARTS = frozenset({
    "jaya", "raya", "sari", "mulya", "mulia", "makmur", "agung", "asri", "indah", "baru", "lama", "rejo", "harjo",
    "arjo", "kerto", "karta", "karya", "wangi", "mekar", "maju", "mukti", "jati", "sido", "suka", "tirta", "giri",
    "wono", "wana", "sumber", "tanjung", "karang", "kali", "rawa", "pasir", "batu", "bukit", "muara", "kuala",
    "sungai", "teluk", "pulau", "lubuk", "padang", "koto", "kampung", "desa", "utara", "selatan", "timur", "barat",
    "tengah", "hulu", "hilir", "ilir", "ulu", "dalam", "luar", "kulon", "wetan", "lor", "kidul", "kota", "ranu",
})

# Police resorts change class (Polres -> Polresta -> Polrestabes) and keep being one unit.
CLASS_SYNONYMS = {"polresta": "polres", "polrestabes": "polres"}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
          "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15}
_NUMBER_WORDS = {"satu": 1, "kesatu": 1, "dua": 2, "kedua": 2, "tiga": 3, "ketiga": 3, "empat": 4, "keempat": 4,
                 "lima": 5, "kelima": 5, "enam": 6, "keenam": 6, "tujuh": 7, "ketujuh": 7, "delapan": 8,
                 "kedelapan": 8, "sembilan": 9, "kesembilan": 9, "sepuluh": 10, "kesepuluh": 10}
_CLASS_VALUE = re.compile(r"(?:i{1,3}|iv|[1-4])[a-c]?")  # I, IIA, IIB, III, 1, 2A ...
_CLASS_WORDS = ("kelas", "tipe")
_CLASS_TAILS = ("khusus", "non", "tpi")  # "Kelas I Khusus", "Kelas II Non TPI": part of the class
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def _contractions() -> list[tuple[list[str], str]]:
    """Every (long words, short form) of the shared table, folded as names are ("djp" is "jp"), longest first."""
    pairs = [(tokens(phrase), " ".join(tokens(short))) for short, phrases in UNIT_TYPES.items() for phrase in phrases]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


_CONTRACTIONS = _contractions()


@lru_cache(maxsize=1 << 14)
def normal_name(name: str) -> str:
    """The name with spelled-out unit types abbreviated, class markers dropped and numbers as digits."""
    words = tokens(_BRACKETS.sub(" ", name))  # "(Disdukcapil)" repeats the name in short
    words = contract(words)
    words = [CLASS_SYNONYMS.get(w, w) for w in words]
    words = drop_class_markers(words)
    return " ".join(number_of(w) for w in words)


def contract(words: list[str]) -> list[str]:
    """Each spelled-out unit type replaced by its abbreviation ("kantor pertanahan" -> "kantah")."""
    out: list[str] = []
    at = 0
    while at < len(words):
        for long, short in _CONTRACTIONS:
            if words[at:at + len(long)] == long:
                out.append(short)
                at += len(long)
                break
        else:
            out.append(words[at])
            at += 1
    return out


def drop_class_markers(words: list[str]) -> list[str]:
    """Without "Kelas IIA", "Kelas I Khusus", "Tipe A": a unit keeps its identity when its class changes."""
    out: list[str] = []
    at = 0
    while at < len(words):
        if words[at] in _CLASS_WORDS and at + 1 < len(words) and _CLASS_VALUE.fullmatch(words[at + 1]):
            at += 2
            while at < len(words) and words[at] in _CLASS_TAILS:
                at += 1
            continue
        out.append(words[at])
        at += 1
    return out


def number_of(word: str) -> str:
    """Roman numerals and Indonesian number words as digits ("Satu", "I" -> "1")."""
    value = _ROMAN.get(word) or _NUMBER_WORDS.get(word)
    return str(value) if value else word


def numbers_in(normal: str) -> tuple[str, ...]:
    """The numbers a normal name holds: names with different numbers are different units."""
    return tuple(w for w in normal.split() if w.isdigit())


def score(a: str, b: str) -> int:
    """How alike two names are, 0-100: 100 for the same normal form; 0 when their numbers differ or
    one has a telling word the other lacks (a place, a direction), so such pairs never look alike."""
    left, right = normal_name(a), normal_name(b)
    if not left or not right:
        return 0  # a name in another script has no normal form to compare; only the same name is the same unit
    if left == right:
        return 100
    if numbers_in(left) != numbers_in(right) or telling_words(left.split(), right.split()):
        return 0
    return round(fuzz.token_sort_ratio(left, right))


def telling_words(left: list[str], right: list[str]) -> list[str]:
    """The words of either name with no equal or near-equal word in the other, leaving out soft words; a kota
    in one and a kabupaten in the other tell two places apart, although either name may leave its kind out."""
    kinds = ({PLACE_KINDS[w] for w in left if w in PLACE_KINDS}, {PLACE_KINDS[w] for w in right if w in PLACE_KINDS})
    if kinds[0] and kinds[1] and not kinds[0] & kinds[1]:
        return sorted(kinds[0] | kinds[1])
    only_left = [w for w in left if w not in right]
    only_right = [w for w in right if w not in left]
    telling = []
    for word in only_left:
        twin = next((w for w in only_right if fuzz.ratio(word, w) >= SAME_WORD and not other_place_part(word, w)),
                    None)
        if twin is not None:
            only_right.remove(twin)
        elif word not in SOFT_WORDS:
            telling.append(word)
    return telling + [w for w in only_right if w not in SOFT_WORDS]


def other_place_part(left: str, right: str) -> bool:
    """The two words are one name built with different parts ("sumberraya", "sumberjaya"; "sukamaju", "sidomaju")."""
    for part in PLACE_PARTS:
        if left.endswith(part) and any(right == left[:-len(part)] + other for other in PLACE_PARTS if other != part):
            return True
        if left.startswith(part) and any(right == other + left[len(part):] for other in PLACE_PARTS if other != part):
            return True
    return False


def spelling_key(name: str) -> tuple[str, tuple[str, ...]]:
    """A name with case, spacing and punctuation folded away ("RSUD Dr. Soedono" is "RSUD Dr Soedono"); its
    numbers kept apart, so "Pos 1 2" and "Pos 12" stay two names."""
    words = _WORD.findall(name.casefold())
    return "".join(words), tuple(w for w in words if w.isdigit())


_WORD = re.compile(r"[^\W_]+")


def may_be_one_place(province: str | None, city: str, provinces: set[str], cities: set[str]) -> bool:
    """A row's place may be where a known unit is: never another province, nor another kabupaten/kota when both
    give one ("Kota Bandung" is not "Kabupaten Badung"; a bare "Malang" may be Kota or Kabupaten Malang)."""
    if province and provinces and province not in provinces:
        return False
    return not (city and cities and not any(one_city(city, other) for other in cities))


def one_city(left: str, right: str) -> bool:
    """Two city values may name one kabupaten/kota: the same name, and no two different kinds given."""
    (kind_l, bare_l), (kind_r, bare_r) = split_kind(left), split_kind(right)
    if "".join(_WORD.findall(bare_l.casefold())) != "".join(_WORD.findall(bare_r.casefold())):
        return False
    return kind_l is None or kind_r is None or kind_l == kind_r


@dataclass(frozen=True)
class Likely:
    """A new name that looks like a unit already known."""

    name: str
    unit_id: str
    unit_name: str  # the known name it is most like
    score: int


def likely_duplicate(name: str, known: dict[str, list[str]], distinct: set[str]) -> Likely | None:
    """The known unit (id -> its names) most like `name`, when alike enough; ids in `distinct` are skipped."""
    best: Likely | None = None
    for unit_id in sorted(known):
        if unit_id in distinct:
            continue
        for other in known[unit_id]:
            found = score(name, other)
            if found >= LIKELY and (best is None or found > best.score):
                best = Likely(name, unit_id, other, found)
    return best


@dataclass
class NameTable:
    """One institution's unit names in normal form, for finding the likely duplicates of a new name among
    thousands at C speed: rapidfuzz picks the names whose fuzzy score can reach LIKELY, and only those are
    scored in full (score() is that same fuzzy score, or 100, or 0)."""

    normals: list[str] = field(default_factory=list)
    owners: list[tuple[str, str]] = field(default_factory=list)  # (unit id, name) of each normal form

    def add(self, unit_id: str, name: str) -> None:
        """One more name of a unit."""
        self.normals.append(normal_name(name))
        self.owners.append((unit_id, name))

    def likely(self, name: str, skip: Callable[[str], bool]) -> Likely | None:
        """The unit most like `name`, as likely_duplicate finds it over the same names; skip(unit id) leaves
        a unit out."""
        normal = normal_name(name)
        if not normal:
            return None
        found = []
        for _, _, at in process.extract(normal, self.normals, scorer=fuzz.token_sort_ratio,
                                        score_cutoff=LIKELY - 0.5, limit=None):
            unit_id, other = self.owners[at]
            alike = score(name, other)
            if alike >= LIKELY and not skip(unit_id):
                found.append((-alike, unit_id, at))
        if not found:
            return None
        alike, unit_id, at = min(found)
        return Likely(name, unit_id, self.owners[at][1], -alike)
