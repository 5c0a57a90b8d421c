"""Re-reading an edited round file in part: only the award records whose text changed are parsed again.

A round file is its header (year, ceremony, reported totals, then the `awards:` line) and then one chunk
of lines per award, from a `- ` at the list's indentation to the next. After a whole read without
problems, `Chunks` keeps a digest of the header and of every chunk, with the line each starts on. When
the file has changed but its header has not, a chunk found among last time's gives last time's record
(the very object when it did not move, so the dev server reuses the unit made from it; a copy with its
marks moved when lines were added or removed above it). Only new chunks are parsed, each as the one item
of an `awards:` list so that YAML reads it in the same context as in the file, and checked.

Anything not plainly laid out so (tabs in the indentation, line breaks other than LF, text at the list's
indentation that is not an item, anchors or aliases, YAML directives) or any problem in a new chunk
gives None, and the caller reads the whole file: so records, marks and problems are a whole read's.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import Problems
from sitegen.fingerprint import DIGEST_SIZE, digest
from sitegen.load.read import MarkedDict, MarkedList, Marks, decode_text, parse_yaml, read_text
from sitegen.load.validate import read_award, read_round, round_year

AWARDS_LINE_RE = re.compile(r"^awards:[ \t]*(?:#.*)?\n", re.M)
NEXT_LINE_RE = re.compile(r"^(?! *(?:#.*)?$)", re.M)  # a line that is neither blank nor a comment
FIRST_ITEM_RE = re.compile(r"( *)-(?:[ \t]|$)", re.M)
DIRECTIVE_RE = re.compile(r"^%", re.M)  # a %TAG directive would change what a tag in a chunk means
# Characters libyaml also breaks lines at: chunks are cut, and lines counted, at "\n" only.
OTHER_LINE_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
# An anchor or alias starts a node: after whitespace or a flow indicator. An alias's value, and the
# file-wide limit on aliases, reach across chunks, so a file with any is always read whole. Text that
# only looks like one ("a *b" in quotes) merely costs a whole read.
ANCHOR_RE = re.compile(r"(?<![^\s\[{,:])[&*][^\s,\[\]{}]")
FEW_CHANGED = 16  # more new chunks than this and a quarter of the file: reading it whole, on both cores, pays


@dataclass(frozen=True)
class Layout:
    """A round file's text cut into its header and one chunk per award item."""

    header: str
    indent: int  # the column (0-based) of the items' '-'
    starts: list[int]  # the line (1-based) each chunk starts on
    chunks: list[str]


@dataclass(frozen=True)
class Chunks:
    """What a read of a round file keeps to read it again in part: digests of its header and chunks."""

    header: bytes
    indent: int
    starts: tuple[int, ...]
    digests: bytes  # one DIGEST_SIZE digest per chunk, end to end (one object, however many awards)

    def digest_at(self, i: int) -> bytes:
        """The digest of chunk i."""
        return self.digests[i * DIGEST_SIZE:(i + 1) * DIGEST_SIZE]


def split_round(text: str) -> Layout | None:
    """The header and the award chunks of a round file's text, or None when it is not plainly laid out so."""
    if any(brk in text for brk in OTHER_LINE_BREAKS):
        return None
    awards = AWARDS_LINE_RE.search(text)
    if awards is None or DIRECTIVE_RE.search(text, 0, awards.start()):
        return None
    first = NEXT_LINE_RE.search(text, awards.end())
    item = FIRST_ITEM_RE.match(text, first.start()) if first else None
    if item is None:
        return None
    indent = len(item.group(1))
    other_line, item_line = _line_patterns(indent)
    if other_line.search(text, item.start() - 1):
        return None
    bounds = [found.end() for found in item_line.finditer(text, item.start() - 1)]
    chunks = [text[a:b] for a, b in zip(bounds, [*bounds[1:], len(text)], strict=True)]
    starts, line = [], text.count("\n", 0, item.start()) + 1
    for chunk in chunks:
        starts.append(line)
        line += chunk.count("\n")
    return Layout(text[:item.start()], indent, starts, chunks)


@functools.cache
def _line_patterns(indent: int) -> tuple[re.Pattern, re.Pattern]:
    """A line of the list that is none of: an item's first line, blank, a comment, indented deeper than the
    items; and the line break before an item's first line."""
    item = rf" {{{indent}}}-(?:[ \t\n]|\Z)"
    return re.compile(rf"\n(?!{item}| {{{indent + 1}}}| *(?:#|\n|\Z))"), re.compile(rf"\n(?={item})")


def read_round_whole(path: Path, problems: Problems) -> tuple[tuple, Chunks | None]:
    """validate.read_round, with the file's Chunks when it had no problem (problems: the file's own collector)."""
    text = read_text(path, problems)
    if text is None:
        return (None, []), None
    result = read_round(path, problems, text)
    return result, None if problems else chunks_of(text, result[1])


def chunks_of(text: str, records: list[dict]) -> Chunks | None:
    """The Chunks of a file read whole without problems; None unless each chunk holds exactly its record."""
    layout = split_round(text)
    if layout is None or not _records_fit(layout.starts, records) or _has_anchors(text):
        return None
    return Chunks(_digest(layout.header), layout.indent, tuple(layout.starts),
                  b"".join(_digest(chunk) for chunk in layout.chunks))


def _records_fit(starts: list[int], records: list[dict]) -> bool:
    """Whether record i starts within chunk i for every i: the cut agrees with what YAML read."""
    if len(records) != len(starts):
        return False
    ends = [*starts[1:], float("inf")]
    return all(start <= rec["_line"] < end for start, end, rec in zip(starts, ends, records, strict=True))


def reread_round(path: Path, raw: bytes, root: Path | None, before: tuple,
                 chunks: Chunks) -> tuple[tuple, Chunks] | None:
    """What read_round gives for the file's new bytes, from its result and Chunks of before; None when the
    file must be read whole (its layout changed, too much changed, or a new chunk has anything wrong)."""
    try:
        layout = split_round(decode_text(raw))
    except UnicodeDecodeError:
        return None
    if layout is None or layout.indent != chunks.indent or _digest(layout.header) != chunks.header:
        return None
    digests = [_digest(chunk) for chunk in layout.chunks]
    records = _records_kept(layout.starts, digests, before[1], chunks)
    fresh = [i for i, rec in enumerate(records) if rec is None]
    if len(fresh) > max(FEW_CHANGED, len(records) // 4):
        return None
    year = round_year(path)
    for i in fresh:
        records[i] = read_chunk(layout.chunks[i], layout.starts[i], year, path, Problems(root))
        if records[i] is None:
            return None
    return (before[0], records), Chunks(chunks.header, chunks.indent, tuple(layout.starts), b"".join(digests))


def _records_kept(starts: list[int], digests: list[bytes], records: list[dict],
                  chunks: Chunks) -> list[dict | None]:
    """For each new chunk, last time's record of the same text (moved to the chunk's line), or None."""
    same_place: dict[tuple[bytes, int], int] = {}
    same_text: dict[bytes, int] = {}
    for i, start in enumerate(chunks.starts):
        found = chunks.digest_at(i)
        same_place[found, start] = i
        same_text.setdefault(found, i)
    kept: list[dict | None] = []
    for found, start in zip(digests, starts, strict=True):
        i = same_place.get((found, start), same_text.get(found))
        kept.append(None if i is None else moved(records[i], start - chunks.starts[i]))
    return kept


def read_chunk(chunk: str, start: int, year: int | None, path: Path, problems: Problems) -> dict | None:
    """The award record of one chunk starting on line `start`; None when it has any problem."""
    if _has_anchors(chunk):
        return None
    data = parse_yaml("awards:\n" + chunk, path, problems).data  # the chunk's first line is line 2 here
    if problems or not isinstance(data, MarkedDict) or list(data) != ["awards"]:
        return None
    items = data["awards"]
    if not isinstance(items, MarkedList) or len(items) != 1:
        return None
    record = read_award(items[0], year, path, problems)
    return None if record is None or problems else moved(record, start - 2)


def moved(record: dict, lines: int) -> dict:
    """The record as it reads `lines` lines further down the file (up when negative): a copy, its marks moved."""
    if lines == 0:
        return record
    marks = record["_marks"]
    key_marks = {key: (line + lines, col) for key, (line, col) in marks.key_marks.items()}
    return {**record, "_line": record["_line"] + lines, "_marks": Marks(marks.line + lines, marks.col, key_marks)}


def _has_anchors(text: str) -> bool:
    return ("&" in text or "*" in text) and ANCHOR_RE.search(text) is not None


def _digest(text: str) -> bytes:
    return digest(text.encode("utf-8", "surrogatepass"))
