"""The one checker that reads any record against its fields (declared once, in model/fields.py)."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from sitegen.errors import Problems
from sitegen.load.read import InvalidDate, MarkedDict
from sitegen.model.channel import CHANNEL_HINT, parse_channel
from sitegen.model.chars import HINT, describe, forbidden_character
from sitegen.model.fields import Field
from sitegen.model.routes import unit_slug

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
UNIT_ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*")
URL_RE = re.compile(r"https?://[^\s/$.?#][^\s]*", re.I)


# What the outputs can carry: a unit's name becomes a folder name (255 bytes on every file system, with
# room for the redirect and twin names beside it); a count is shown in pages and charts.
NAME_LIMIT = 160  # characters of a name, and of its slug
TEXT_LIMIT = 5_000  # characters of any other text
INT_LIMIT = 10_000_000  # any count: the registry's totals are units of Indonesia's government
LIMIT_HINTS = {
    "int": "write the count the source gives, a whole number of units (e.g. 1234); check for a paste gone wrong",
    True: f"shorten it to at most {NAME_LIMIT} characters (the name as the source gives it; more belongs in 'note')",
    False: f"shorten it to at most {TEXT_LIMIT:,} characters; check for a paste gone wrong",
}


# Required fields a validation may be told to let pass for a while (tolerating): the importer checks the registry
# it is about to write with a list's rows that do not say what their source is (no "Jenis sumber"), which it
# writes without a kind, so that the build then names each such record with its file and line.
contract_pending: frozenset[str] = frozenset()
SOURCE_KIND_FIELDS = frozenset({"source_kind", "kind"})


@contextlib.contextmanager
def tolerating(fields: frozenset[str]) -> Iterator[None]:
    """Let these required fields be missing while the block runs (the importer's check of what it writes)."""
    global contract_pending
    before, contract_pending = contract_pending, contract_pending | fields
    try:
        yield
    finally:
        contract_pending = before


KIND_HINTS = {
    "text": "write the text on the same line, quoted if it contains ': ' or '#'",
    "id": "use lowercase letters, digits and single hyphens, e.g. kemenkeu or pemprov-jawa-timur",
    "unit_id": "write <institution id>/<unit slug>, e.g. mahkamah-agung/pengadilan-negeri-surabaya",
    "url": "give the full address starting with https:// or http://",
    "contact": CHANNEL_HINT,
    "int": "write a whole number without dots or quotes, e.g. 1234",
    "year": "write the four-digit year, e.g. 2021",
    "date": "write the date as YYYY-MM-DD, e.g. 2020-12-21",
    "date_or_year": "write the date as YYYY-MM-DD, or only the year when the day is not known",
    "bool": "write true or false",
    "texts": "write a list: [first, second]",
    "ids": "write a list of ids: [kemenimipas, kemenkum]",
    "unit_ids": "write a list of unit ids: [kemenkumham/lapas-kelas-iib-mojokerto]",
    "mapping": "write the fields indented under this key",
    "list": "write a list with one '- ' item per line",
}
KIND_NAMES = {
    "text": "text", "id": "an id", "unit_id": "a unit id", "url": "a web address",
    "contact": "a GitHub repository, an e-mail or a web form's address", "int": "a whole number",
    "year": "a year", "date": "a date", "date_or_year": "a date or a year", "bool": "true or false",
    "texts": "a list of text", "ids": "a list of ids", "unit_ids": "a list of unit ids",
    "mapping": "a mapping", "list": "a list",
}


def read_record(raw: object, fields: tuple[Field, ...], what: str, file: Path, problems: Problems,
                at: tuple[int, int] = (1, 1)) -> dict | None:
    """Check one record against its fields; return clean values (a missing field's default), or None when it is
    unusable."""
    if not isinstance(raw, MarkedDict):
        problems.add(file, *at, f"{what} must be a mapping of fields, not {type_name(raw)}",
                     f"write its fields one 'field: value' per line: {', '.join(f.name for f in fields)}")
        return None
    known = {f.name: f for f in fields}
    ok = _report_unknown_keys(raw, known, what, file, problems)
    values: dict = {}
    for spec in fields:
        line, col = raw.mark(spec.name)
        value = raw.get(spec.name)
        if value is None or value == "" or value == []:
            if spec.required and spec.name not in contract_pending:
                what_to_write = spec.hint or (f"one of {', '.join(spec.choices)}" if spec.choices
                                              else KIND_HINTS[spec.kind])
                problems.add(file, raw.line, raw.col, f"{what} is missing the required field '{spec.name}'",
                             f"add '{spec.name}: ...'; {what_to_write}")
                ok = False
            values[spec.name] = spec.default
            continue
        checked = check_value(value, spec, what, file, line, col, problems)
        if checked is _BAD:
            ok = False
            values[spec.name] = None
        else:
            values[spec.name] = checked
    values["_line"], values["_col"] = raw.line, raw.col
    values["_marks"] = raw
    return values if ok else None


_BAD = object()


def check_value(value: object, spec: Field, what: str, file: Path, line: int, col: int,
                problems: Problems) -> object:
    """Return the value in its kind, or _BAD after reporting what is wrong."""
    result = _coerce(value, spec.kind)
    control = _control_character(value) if spec.kind in ("text", "texts") else None
    if control is not None:
        problems.add(file, line, col, f"'{spec.name}' contains {describe(control)}", HINT)
        return _BAD
    if result is _BAD:
        message = f"'{spec.name}' must be {KIND_NAMES[spec.kind]}, not {_describe(value)}"
        if isinstance(value, InvalidDate):
            message = f"'{spec.name}' is not a real date: {value}"
        problems.add(file, line, col, message, KIND_HINTS[spec.kind])
        return _BAD
    if spec.kind in ("year", "date", "date_or_year") and in_the_future(result):
        shown = result.isoformat() if isinstance(result, dt.date) else result
        problems.add(file, line, col, f"'{spec.name}' is in the future: {shown}",
                     "the registry records only what has already happened: check the date or year for a typo")
        return _BAD
    too_big = beyond_limit(result, spec)
    if too_big:
        problems.add(file, line, col, f"'{spec.name}' {too_big}", LIMIT_HINTS["int" if spec.kind == "int" else
                                                                              spec.name_of_page])
        return _BAD
    if spec.choices and result not in spec.choices:
        problems.add(file, line, col, f"{spec.name} '{result}' is not one of {', '.join(spec.choices)}",
                     f"use exactly one of: {', '.join(spec.choices)}")
        return _BAD
    # Records repeat a few values thousands of times (predicate, setter, source title and kind, province,
    # city): one string object per value keeps the registry small (at 100k units, tens of MiB).
    return sys.intern(result) if type(result) is str else result


def beyond_limit(value: object, spec: Field) -> str:
    """What passes a limit the outputs have (a file name's length, a count's size), or ''."""
    if spec.kind == "int" and isinstance(value, int) and value > INT_LIMIT:
        return f"is {len(str(value))} digits long; a count is at most {INT_LIMIT:,}"
    limit = NAME_LIMIT if spec.name_of_page else TEXT_LIMIT
    for text in value if isinstance(value, (list, tuple)) else [value]:
        if isinstance(text, str) and len(text) > limit:
            return f"is {len(text):,} characters long; the limit is {limit:,}"
        if isinstance(text, str) and spec.name_of_page and len(unit_slug(text).encode()) > NAME_LIMIT:
            return f"gives an address of {len(unit_slug(text).encode()):,} characters; the limit is {NAME_LIMIT}"
    return ""


def in_the_future(value: object) -> bool:
    """A year after this one, or a day after today, by the clock of the machine that builds."""
    today = dt.date.today()
    return value > today if isinstance(value, dt.date) else value > today.year


def _control_character(value: object) -> str | None:
    """The first character no text may hold (chars.py) left once whitespace is folded (YAML lets "\\a" write a
    control, "\\u200b" an invisible one), or None."""
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str) and forbidden_character(item):  # folding only removes characters
            found = forbidden_character(" ".join(item.split()))
            if found is not None:
                return found.group()
    return None


def _coerce(value: object, kind: str) -> object:
    """Convert a loaded value to its kind; names given as bare numbers become text."""
    if kind == "text":
        if isinstance(value, (bool, list, dict, dt.date)):
            return _BAD
        text = " ".join(str(value).split())
        return text or _BAD
    if kind in ("id", "unit_id"):  # fullmatch: '$' alone would let "alfa\n" through into a path
        pattern = ID_RE if kind == "id" else UNIT_ID_RE
        return value if isinstance(value, str) and pattern.fullmatch(value) else _BAD
    if kind == "url":
        return value.strip() if isinstance(value, str) and URL_RE.fullmatch(value.strip()) else _BAD
    if kind == "contact":
        return value.strip() if isinstance(value, str) and parse_channel(value) is not None else _BAD
    if kind == "int":
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else _BAD
    if kind == "year":
        return value if isinstance(value, int) and not isinstance(value, bool) and 1990 <= value <= 2100 else _BAD
    if kind == "date":
        return value if isinstance(value, dt.date) else _BAD
    if kind == "date_or_year":
        if isinstance(value, dt.date) or (isinstance(value, int) and not isinstance(value, bool)
                                          and 1990 <= value <= 2100):
            return value
        return _BAD
    if kind == "bool":
        return value if isinstance(value, bool) else _BAD
    if kind in ("texts", "ids", "unit_ids"):
        return _coerce_list(value, {"texts": "text", "ids": "id", "unit_ids": "unit_id"}[kind])
    if kind == "mapping":
        return value if isinstance(value, dict) else _BAD
    if kind == "list":
        return value if isinstance(value, list) else _BAD
    raise AssertionError(kind)


def _coerce_list(value: object, item_kind: str) -> object:
    if not isinstance(value, list):
        return _BAD
    items = [_coerce(item, item_kind) for item in value]
    return _BAD if any(item is _BAD for item in items) else tuple(items)


def _report_unknown_keys(raw: MarkedDict, known: dict[str, Field], what: str, file: Path,
                         problems: Problems) -> bool:
    ok = True
    for key in raw:
        if key not in known:
            line, _ = raw.mark(key)
            problems.add(file, line, raw.col, f"{what} has an unknown field '{key}'",
                         f"the fields are: {', '.join(known)}; see docs/data-format.md")
            ok = False
    return ok


def type_name(value: object) -> str:
    """How a loaded value reads to an editor: 'a list', not 'MarkedList'."""
    for kind, name in ((bool, "true/false"), (dict, "a mapping"), (list, "a list"), (str, "text"),
                       (int, "a number"), (dt.date, "a date"), (type(None), "empty")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _describe(value: object) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return type_name(value) if isinstance(value, (list, dict)) else repr(value)
