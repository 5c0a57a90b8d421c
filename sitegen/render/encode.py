"""Stable CSV and JSON bytes for the downloads and the unit twins (RFC 4180 CSV; sorted-key UTF-8 JSON)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re


def to_csv(rows: list[dict], columns: tuple[str, ...]) -> bytes:
    """RFC 4180 CSV with a header; lists joined by spaces, None as empty."""
    return csv_file([csv_line(row, columns).encode() for row in rows], columns)


def csv_file(lines: list[bytes], columns: tuple[str, ...]) -> bytes:
    """A header line and these lines (UTF-8, each ending in CRLF)."""
    return b"".join([csv_line(dict(zip(columns, columns, strict=True)), columns).encode(), *lines])  # one copy


def csv_line(row: dict, columns: tuple[str, ...]) -> str:
    """One CSV record, CRLF included."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([inert_cell(_cell(row.get(c))) for c in columns])
    return buffer.getvalue()


# A cell a spreadsheet would read as a formula starts with one of these (OWASP, "CSV Injection").
FORMULA_START = re.compile(r"'*[=+\-@\t\r]")


def inert_cell(text: str) -> str:
    """The cell with a leading ' when a spreadsheet would take it for a formula (OWASP's CSV-injection rule).

    Cells that already start with quotes before such a character get one more, so the rule can be
    undone exactly (tables.formula_text drops one) and an export imports back unchanged.
    """
    return "'" + text if FORMULA_START.match(text) else text


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "\n".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values() if v)
    return str(value)


def to_json(value: object) -> bytes:
    """Stable, readable JSON: sorted keys, UTF-8, dates as ISO strings, written by the C encoder.

    An object's keys go one to a line, a list of objects one object to a line, and every value
    within them on its line (an indent would make json use its pure-Python encoder, ten times as slow).
    """
    return (_lines(value, "") + "\n").encode()


def json_line(value: object) -> str:
    """A value as one line of JSON (sorted keys, ", " and ": " between items)."""
    return _ONE_LINE.encode(value)


def json_list(lines: list[bytes]) -> bytes:
    """A JSON file of a list from its items' lines (UTF-8, each already starting with its one-space indent).

    Joined once: the award download is about 100 MB at 100k units, and each `+` would copy it whole.
    """
    if not lines:
        return b"[]\n"
    items = list(lines)
    items[0] = b"[\n" + items[0]
    items[-1] += b"\n]\n"
    return b",\n".join(items)


def _lines(value: object, pad: str) -> str:
    if isinstance(value, dict) and value and not pad:  # the common case, a twin: kept to few calls
        encode = _ONE_LINE.encode
        items = []
        for name in sorted(value):
            item = value[name]
            if item is None:
                items.append(_key_line(name) + "null")
            elif isinstance(item, list) and item and all(isinstance(one, dict) for one in item):
                items.append(_key_line(name) + "[\n  " + ",\n  ".join([encode(one) for one in item]) + "\n ]")
            else:
                items.append(_key_line(name) + encode(item))
        return "{\n" + ",\n".join(items) + "\n}"
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        inner = pad + " "
        return "[\n" + ",\n".join([inner + json_line(item) for item in value]) + "\n" + pad + "]"
    return json_line(value)


_KEY_LINES: dict[str, str] = {}


def _key_line(name: str) -> str:
    """' "name": ', the start of a top-level key's line (the few key names there are encoded once)."""
    found = _KEY_LINES.get(name)
    if found is None:
        found = " " + json_line(name) + ": "
        if len(_KEY_LINES) < 256:
            _KEY_LINES[name] = found
    return found


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


_ONE_LINE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=_json_default)
