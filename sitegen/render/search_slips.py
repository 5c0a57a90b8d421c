"""Slip lists: where a word with a slip in its first two letters finds the words it may be.

A term shard holds the words of its first two letters, so a slip there ("pngadilan", "smarang", "epngadilan")
puts the typed word under another key than the word meant. Each two-letter key's file therefore also lists
(`y`) the words that would be typed under it with such a slip: a word is listed under its first three letters
without the first ("semarang": "em") and without the second ("sm"). search-core.js (`slipHits`) looks up the
typed word's own two letters, its letters two and three, and its first and third letter, and so meets every
word within one edit whose slip is in the first two letters (the cases are worked through in docs/search.md);
a word typed with one letter too many before its third is found in the shard of the typed word without it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

SLIP_MIN = 3  # a typed word of four letters or more may carry a slip, so the words it means have three or more


def slip_keys(term: str) -> set[str]:
    """The two-letter keys a word is listed under: its first three letters without the first, or the second."""
    if len(term) < SLIP_MIN:
        return set()
    return {term[1:3], term[0] + term[2]}  # even its own two letters: "abba" typed "aaba" is met under "ab"


def slip_lists(terms: Iterable[str]) -> dict[str, str]:
    """Two-letter key -> the words listed under it, sorted and joined by spaces."""
    lists: dict[str, list[str]] = defaultdict(list)
    for term in sorted(terms):
        for key in slip_keys(term):
            lists[key].append(term)
    return {key: " ".join(lists[key]) for key in sorted(lists)}


def with_slips(body: bytes, words: str | None) -> bytes:
    """A shard body (a JSON object) with its slip list last: `"y": "words"`."""
    if not words:
        return body
    return body[:-1] + b',"y":"' + words.encode("utf-8") + b'"}'
