"""A small, deterministic YAML writer for the files the importer rewrites: block style, readable scalars."""

from __future__ import annotations

import datetime as dt
import json
import re

PLAIN_RE = re.compile(r"^[A-Za-z\u00C0-\u024F][\w\u00C0-\u024F .,()/'’&+-]*$")
RESERVED = {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"}


def scalar(value: object) -> str:
    """One scalar, plain where that reads back as the same text, double-quoted otherwise."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if PLAIN_RE.match(text) and text.lower() not in RESERVED and not text.endswith((" ", ":")) and ": " not in text \
            and " #" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def dump(value: object, indent: int = 0) -> str:
    """A whole document: mappings and lists in block style, in the order given."""
    return "".join(_lines(value, indent))


def _lines(value: object, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        out = []
        for key, item in value.items():
            if _is_block(item):
                out.append(f"{pad}{key}:\n")
                out.extend(_lines(item, indent + 2))
            else:
                out.append(f"{pad}{key}: {_inline(item)}\n")
        return out
    if isinstance(value, (list, tuple)):
        out = []
        for item in value:
            if isinstance(item, dict) and item:
                first, *rest = _lines(item, indent + 2)
                out.append(f"{pad}- {first.lstrip()}")
                out.extend(rest)
            else:
                out.append(f"{pad}- {_inline(item)}\n")
        return out
    return [f"{pad}{scalar(value)}\n"]


def _is_block(item: object) -> bool:
    return isinstance(item, (dict, list, tuple)) and bool(item)


def _inline(item: object) -> str:
    if isinstance(item, (list, tuple)):
        return "[" + ", ".join(scalar(i) for i in item) + "]"
    if isinstance(item, dict):
        return "{}"
    return scalar(item)
