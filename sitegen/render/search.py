"""The static search index: term shards by token prefix, filter lists and row chunks.

`build_search_files(rows)` is pure: it returns files keyed by site-relative path, all under
`cari/indeks/`, with deterministic bytes. docs/search.md describes the format and the
figures that chose it; site_src/static/search-core.js reads it.
"""

from __future__ import annotations

import json
import operator
import sys
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import NamedTuple

from sitegen.model import routes
from sitegen.model.search_text import (
    abbreviations,
    fold,
    institution_shorts,
    tokens,
)
from sitegen.render.search_slips import slip_lists, with_slips
from sitegen.render.search_words import OTHER, SearchRow, row_terms

FORMAT = 2  # 2 (2026-12-08): slip lists (`y`), rows carried up to 64, shards split by carried rows
CHUNK_ROWS = 32          # rows per row file: a query fetches the few chunks its shown results live in
CARRY_ROWS = 64          # a term with at most this many rows (most cities' units) carries them in its shard
SPLIT_BYTES = 6000       # a two-letter shard whose gzip size exceeds this is split by third letter
SPLIT_CARRIED = 128      # ... and so is one that would carry more rows than this
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
BUNDLE = "t/_semua.json"  # all shards at once, fetched after the first results when it is this small
BUNDLE_BYTES = 100_000
ROW_BUNDLE = "r/_semua.json"  # all display rows at once, fetched once the reader types, when this small
ROW_BUNDLE_BYTES = 200_000
CATEGORIES = ("kementerian", "lembaga", "provinsi", "kabupaten", "kota")
KEYS_SCRIPT = "kunci.js"  # meta.json as a script, run by the search page before search.js


def dumps(value: object) -> bytes:
    """Deterministic compact JSON bytes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _gap_code(gap: int) -> str:
    """One gap as a base64url varint."""
    out = []
    while gap >= 32:
        out.append(B64[32 | (gap & 31)])
        gap >>= 5
    out.append(B64[gap])
    return "".join(out)


class _Steps(dict):
    """The code of a row `step` rows after the one before it: the short steps kept, longer ones made."""

    def __missing__(self, step: int) -> str:
        return _gap_code(step - 1)


_STEPS = _Steps((step, _gap_code(step - 1)) for step in range(1, 1025))
_CODES = bytes.maketrans(bytes(range(64)), B64.encode())  # a code's byte -> its base64url character


def vlq(ids: list[int]) -> str:
    """Encode ascending row numbers as gaps in base64url varints (5 bits a character, low first)."""
    return "".join(map(_STEPS.__getitem__, map(operator.sub, ids, [-1, *ids[:-1]])))  # most steps looked up in C


def order_key(row: SearchRow) -> tuple[str, str, str]:
    """A row's place in the index: by folded name, so a name comes right before its longer namesakes."""
    return (" ".join(tokens(row.name)), fold(row.name), row.id)


class RowParts(NamedTuple):
    """What the index files hold of one row, made once from it (search_rows keeps them between builds).

    shown: the row file entry's JSON before, between and after its institution and province numbers,
    which depend on every row (see shown_rows).
    """

    order: tuple[str, str, str]
    words: str  # every searchable word, joined by spaces
    codes: bytes  # each word's code
    filters: tuple[str, ...]
    institution: tuple[str, str, str, str]  # id, name, short name, category
    province: tuple[str, str] | None  # slug, name
    shown: tuple[bytes, bytes, bytes]


def row_parts(row: SearchRow) -> RowParts:
    """The parts of one row (the filters, institution and province equal to another row's are the same
    objects, so a pickled memo holds them once)."""
    terms = row_terms(row)
    province = one_copy((row.province_slug or "", row.province)) if row.province else None
    return RowParts(order_key(row), " ".join(terms), bytes(terms.values()), one_copy(row_filters(row)),
                    one_copy(institution_entry(row)), province, shown_parts(row))


_COPIES: dict[tuple, tuple] = {}


def one_copy(value: tuple) -> tuple:
    """The one object kept for equal small tuples (filters, institutions, provinces): 100k rows share a few
    hundred, so the rows, and what is pickled of them, hold each once."""
    if len(_COPIES) > 50_000:
        _COPIES.clear()
    return _COPIES.setdefault(value, value)


def row_filters(row: SearchRow) -> tuple[str, ...]:
    """The filter lists a row is in: kategori-*, provinsi-*, predikat-*, tahun-*, tahun-*-predicate."""
    names = [f"kategori-{row.category}"]
    if row.province_slug:
        names.append(f"provinsi-{row.province_slug}")
    for year, predicate, *_ in row.awards:
        pred = predicate.lower()
        names.append(f"predikat-{pred}")
        if year is not None:
            names += [f"tahun-{year}", f"tahun-{year}-{pred}"]
    return tuple(dict.fromkeys(sys.intern(name) for name in names))


def institution_entry(row: SearchRow) -> tuple[str, str, str, str]:
    """[id, name, short name, category] of a row's institution, as meta.json lists it."""
    shorts = institution_shorts(row.institution_id, row.institution_name, [row.institution_short or ""])
    return (row.institution_id, row.institution_name, row.institution_short or (shorts[0] if shorts else ""),
            row.category)


def shown_parts(row: SearchRow) -> tuple[bytes, bytes, bytes]:
    """[name, institution, city, province, link, awards, revoked] as a row file stores it, but for the
    institution's and the province's numbers: the JSON before, between and after them."""
    awards = [list(award) for award in sorted(row.awards, key=lambda a: (a[0] or 0, a[1]))]
    return (dumps(row.name), dumps(row.city or ""),
            dumps(_unit_path(row)) + b"," + dumps(awards) + b"," + (b"1" if row.revoked else b"0"))


class Posting(NamedTuple):
    """A term's rows in index order, and each one's code."""

    rows: list[int]
    codes: bytearray


def encode_posting(posting: Posting) -> list[str]:
    """[row gaps, codes]: codes is empty when every code is OTHER."""
    codes = posting.codes
    return [vlq(posting.rows), "" if codes.count(OTHER) == len(codes) else codes.translate(_CODES).decode()]


def shard_body(terms: dict[str, Posting], union: list[int] | None) -> bytes:
    """One shard file: its terms' postings and, for a split prefix, the union of every row below it."""
    body: dict[str, object] = {"t": {t: encode_posting(p) for t, p in sorted(terms.items())}}
    if union is not None:
        body["u"] = vlq(union)
    return dumps(body)


def gz_size(data: bytes) -> int:
    """Size of `data` gzip-compressed at the level static hosts commonly use."""
    return len(zlib.compress(data, 6))


def _group(index: dict[str, Posting], length: int) -> dict[str, dict[str, Posting]]:
    """Terms grouped by their first `length` letters (shorter terms by themselves)."""
    groups: dict[str, dict[str, Posting]] = defaultdict(dict)
    for term, posting in index.items():
        groups[term[:length]][term] = posting
    return groups


class Shards(NamedTuple):
    """The term shards: each key's body (without its carried rows), the keys, the split keys, and each key's
    carried rows (see carried_rows)."""

    files: dict[str, bytes]
    keys: list[str]
    split: list[str]
    carried: dict[str, list[int]]
    slips: dict[str, str]  # two-letter key -> the words a slip in the first two letters puts under it


def carried_rows(terms: dict[str, Posting]) -> list[int]:
    """The rows a shard carries the display rows of: every row of its terms with at most CARRY_ROWS rows.

    A query's results are rows of each of its words, so when one word matches only such terms, every result
    is drawn from the shard, without a row file."""
    return sorted(set().union(*(p.rows for p in terms.values() if len(p.rows) <= CARRY_ROWS)))


def shard_files(index: dict[str, Posting], size: Callable[[bytes], int] = gz_size) -> Shards:
    """Shard files by two-letter prefix, splitting large ones by third letter; a two-letter key with only a slip
    list (search_slips) gets a file without terms."""
    files: dict[str, bytes] = {}
    split: list[str] = []
    carried: dict[str, list[int]] = {}
    for key, terms in sorted(_group(index, 2).items()):
        body, rows = shard_body(terms, None), carried_rows(terms)
        if len(key) < 2 or (len(rows) <= SPLIT_CARRIED and size(body) <= SPLIT_BYTES):
            files[key], carried[key] = body, rows
            continue
        split.append(key)
        union = sorted(set().union(*(posting.rows for posting in terms.values())))
        own = {t: p for t, p in terms.items() if len(t) == 2}
        files[key], carried[key] = shard_body(own, union), carried_rows(own)
        for sub, sub_terms in _group({t: p for t, p in terms.items() if len(t) > 2}, 3).items():
            files[sub], carried[sub] = shard_body(sub_terms, None), carried_rows(sub_terms)
    slips = slip_lists(index)
    for key in slips.keys() - files.keys():
        files[key], carried[key] = shard_body({}, None), []
    return Shards(files, sorted(files), split, carried, slips)


def with_rows(body: bytes, rows: list[int], shown: list[bytes]) -> bytes:
    """A shard body with its carried rows in front: `"r": [row gaps, [display rows]]`."""
    if not rows:
        return body
    return b'{"r":[' + dumps(vlq(rows)) + b",[" + b",".join([shown[r] for r in rows]) + b"]]," + body[1:]


def filter_lists(parts: list[RowParts]) -> dict[str, list[int]]:
    """Filter name -> row numbers, by name."""
    lists: dict[str, list[int]] = defaultdict(list)
    for number, row in enumerate(parts):
        for name in row.filters:
            lists[name].append(number)
    return {name: lists[name] for name in sorted(lists)}


def _unit_path(row: SearchRow) -> str:
    """The row's link: the unit slug when the path follows unit/<institution>/<slug>/, else '/'+path."""
    prefix = routes.units_of(row.institution_id)
    if row.path.startswith(prefix) and row.path.endswith("/") and "/" not in row.path[len(prefix):-1]:
        return row.path[len(prefix):-1]
    return "/" + row.path


def institution_table(parts: list[RowParts]) -> list[tuple[str, str, str, str]]:
    """[id, name, short name, category] of every institution, by id."""
    seen = {row.institution[0]: row.institution for row in parts}
    return [seen[key] for key in sorted(seen)]


def province_table(parts: list[RowParts]) -> list[tuple[str, str]]:
    """[slug, name] of every province that has units, by name."""
    return sorted({row.province for row in parts if row.province}, key=lambda p: p[1])


def shown_rows(parts: list[RowParts], insts: list[tuple], provs: list[tuple[str, str]]) -> list[bytes]:
    """Every row's display row, as row files and shards hold it."""
    inst = {entry[0]: i for i, entry in enumerate(insts)}
    prov = {name: i for i, (_, name) in enumerate(provs)}
    return [b"[%s,%d,%s,%d,%s]" % (row.shown[0], inst[row.institution[0]], row.shown[1],
                                   prov[row.province[1]] if row.province else -1, row.shown[2]) for row in parts]


def row_files(shown: list[bytes], size: Callable[[bytes], int] = gz_size) -> dict[str, bytes]:
    """Row chunk files r/<n>.json of CHUNK_ROWS display rows each, and the row bundle when small."""
    files = {f"r/{n // CHUNK_ROWS}.json": b"[" + b",".join(shown[n:n + CHUNK_ROWS]) + b"]"
             for n in range(0, len(shown), CHUNK_ROWS)}
    if len(shown) <= 30_000:
        bundle = b"[" + b",".join(shown) + b"]"
        if size(bundle) <= ROW_BUNDLE_BYTES:
            files[ROW_BUNDLE] = bundle
    return files


def shard_bundle(shards: dict[str, bytes], size: Callable[[bytes], int] = gz_size) -> bytes | None:
    """Every shard in one file when that is small (a few tens of thousands of units); else None."""
    if sum(size(body) for body in shards.values()) > 2 * BUNDLE_BYTES:
        return None
    parts = [dumps(key) + b":" + body for key, body in sorted(shards.items())]
    bundle = b"{" + b",".join(parts) + b"}"
    return bundle if size(bundle) <= BUNDLE_BYTES else None


def build_search_files(rows: list[SearchRow]) -> dict[str, bytes]:
    """Every search index file, keyed by path relative to the site root (see index_files)."""
    return index_files(index_order(row_parts(row) for row in rows))


def index_order(parts: Iterable[RowParts]) -> list[RowParts]:
    """Rows' parts in index order (by folded name, see docs/search.md)."""
    return sorted(parts, key=attrgetter("order"))


def term_shards(parts: list[RowParts]) -> Shards:
    """The term shards of rows in index order: made from their words and codes alone."""
    return shard_files(term_postings(parts), gz_size)


def index_files(parts: list[RowParts], shards: Shards | None = None) -> dict[str, bytes]:
    """Every search index file from the rows' parts in index order; shards: term_shards(parts), when known."""
    size = gz_size
    shards, keys, split, carried, slips = shards or term_shards(parts)
    filters = filter_lists(parts)
    insts, provs = institution_table(parts), province_table(parts)
    shown = shown_rows(parts, insts, provs)
    files = {f"t/{key}.json": with_slips(with_rows(body, carried[key], shown), slips.get(key))
             for key, body in shards.items()}
    bundle = shard_bundle(shards, size)  # without carried rows and slip lists: the row bundle follows it, and with
    # every shard at hand a slip is looked for in all of them
    if bundle is not None:
        files[BUNDLE] = bundle
    files.update({f"f/{name}.json": dumps({"i": vlq(ids)}) for name, ids in filters.items()})
    files.update(row_files(shown, size))
    meta = {"v": FORMAT, "n": len(parts), "chunk": CHUNK_ROWS, "keys": " ".join(keys), "split": " ".join(split),
            "filters": " ".join(filters), "inst": insts, "prov": provs, "cat": list(CATEGORIES),
            "abbr": " ".join(abbreviations())}
    if bundle is not None:
        meta["bundle"] = BUNDLE
    if ROW_BUNDLE in files:
        meta["rows"] = ROW_BUNDLE
    files["meta.json"] = dumps(meta)
    files[KEYS_SCRIPT] = keys_script(meta)
    return {routes.search_index(path): body for path, body in sorted(files.items())}


def keys_script(meta: dict[str, object]) -> bytes:
    """meta.json as a script that sets `globalThis.ziSearchMeta`.

    /cari/ runs it before search.js instead of fetching meta.json, so a shared link's query requests its shards
    and filter lists the moment search.js runs, and the page's first requests stay within a browser's six
    connections to one host (docs/search.md, "Where the first results' time goes").
    """
    return b"globalThis.ziSearchMeta = " + dumps(meta) + b";\n"


def term_postings(parts: list[RowParts]) -> dict[str, Posting]:
    """Every term's rows and codes, in row order."""
    rows: dict[str, list[int]] = defaultdict(list)
    codes: dict[str, bytearray] = defaultdict(bytearray)
    for number, row in enumerate(parts):
        if row.words:
            for term, code in zip(row.words.split(" "), row.codes, strict=True):
                rows[term].append(number)
                codes[term].append(code)
    return {term: Posting(found, codes[term]) for term, found in rows.items()}


def index_report(files: dict[str, bytes]) -> str:
    """One line for the build log: file count, total size and the largest shard."""
    shards = {p: len(b) for p, b in files.items() if "/t/" in p}
    biggest = max(shards, key=lambda p: shards[p]) if shards else "-"
    total = sum(len(b) for b in files.values())
    return (f"search index: {len(files)} files, {total / 1024:.0f} KiB, {len(shards)} shards, "
            f"largest {biggest.rsplit('/', 1)[-1]} {shards.get(biggest, 0) / 1024:.1f} KiB")
