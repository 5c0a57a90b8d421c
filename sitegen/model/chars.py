"""Characters no text of the registry may hold, one rule for every way text comes in.

Invisible characters make two names that look the same differ ("Kan\u200btor Alfa" is a second unit),
bidirectional controls make a name show other than it reads, and control characters and Unicode
noncharacters cannot be written to XML (the feeds, the sitemap) at all. YAML values, Markdown front
matter and bodies, imported lists and submissions are all checked by `forbidden_character`; each is
refused with its file and line, never stripped behind the editor's back.
"""

from __future__ import annotations

import re
import unicodedata

# Tab, line feed and carriage return are whitespace a text may hold; every other C0/C1 control is not.
CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
INVISIBLE = "\u200b-\u200d\u2060\ufeff"  # zero-width space, non-joiner, joiner; word joiner; BOM
BIDI = "\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c"  # marks, embeddings, overrides, isolates
NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff"  # and lone surrogates: not text, not XML
FORBIDDEN_RE = re.compile(f"[{CONTROLS}{INVISIBLE}{BIDI}{NONCHARACTERS}]|[\U0001fffe\U0001ffff\U0010fffe\U0010ffff]")


def forbidden_character(text: str) -> re.Match | None:
    """Where the first character no registry text may hold is, or None."""
    return FORBIDDEN_RE.search(text)


def describe(char: str) -> str:
    """What the character is, as an editor needs to hear it: 'the invisible character U+200B (zero width space)'."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "").casefold()
    if re.fullmatch(f"[{CONTROLS}]", char):
        return f"the control character {code}"
    if re.fullmatch(f"[{INVISIBLE}]", char):
        return f"the invisible character {code} ({name})"
    if re.fullmatch(f"[{BIDI}]", char):
        return f"the bidirectional control {code} ({name}), which makes text show other than it reads"
    return f"{code}, which is not a character (it cannot be published in XML)"


HINT = ("delete it: it is invisible in most editors (it often comes from copying out of a PDF, Word or a web "
        "page); in VS Code, search with the regular expression [\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2069\\ufeff]")
