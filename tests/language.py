"""A plain check that published prose is not English: English function words that Indonesian never uses.

Quoted text is left out first, since a note may quote a source word for word.
"""

from __future__ import annotations

import re

ENGLISH_TEXT = """
the and was were of by with from is are has have been which that this these those only previous same
handed awarded given seat named also not but after before says said its their it in on at to for as or
an into than other over under while where when who whose would will should could may might both each
ceremony handover round confirms reported listed among cumulative earlier later since until truncated excerpt
"""
ENGLISH_WORDS = frozenset(ENGLISH_TEXT.split())
QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|'[^']*'")
WORD = re.compile(r"[A-Za-z]+")
ENOUGH = 2  # distinct English words that make a text English; one may be a name ("The Jakarta Post")


def english_words(text: str) -> set[str]:
    """The English function words in text, outside quotes."""
    return {w.casefold() for w in WORD.findall(QUOTED.sub(" ", text))} & ENGLISH_WORDS


def is_english(text: str) -> bool:
    """Whether text reads as English rather than Indonesian."""
    return len(english_words(text)) >= ENOUGH
