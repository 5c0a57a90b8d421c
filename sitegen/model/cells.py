"""How a further source and a handover are written in one cell of the award CSV, and read back.

The download (render/award_lines.py) writes these cells and the importer (importer/row_check.py) reads them, so
an export imports back unchanged. A further source is one line: its address, then in brackets what is
known of it (its kind, "diperiksa <date>", "arsip <address>"), then its title:

    https://contoh.go.id/berita [berita; diperiksa 2026-12-07; arsip https://web.archive.org/...] Judul

A handover is one "key: value" line per fact: tanggal, tempat, oleh, sumber.
"""

from __future__ import annotations

import datetime as dt
import re

from sitegen.model.records import SOURCE_KINDS, Handover, Source

SOURCE_LINE_RE = re.compile(r"(?P<url>\S+)(?:\s+\[(?P<facts>[^\]]*)\])?(?:\s+(?P<title>.*))?")
HANDOVER_KEYS = {"tanggal": "date", "tempat": "place", "oleh": "by", "sumber": "source"}


def source_line(source: Source) -> str:
    """One further source as a line of the other_sources cell."""
    facts = [source.kind] if source.kind else []
    if source.checked_on:
        facts.append(f"diperiksa {source.checked_on.isoformat()}")
    if source.archive_url:
        facts.append(f"arsip {source.archive_url}")
    bracket = f" [{'; '.join(facts)}]" if facts else ""
    return f"{source.url}{bracket}{' ' + source.title if source.title else ''}"


def parse_source_line(line: str) -> tuple[dict[str, str], list[str]]:
    """A further source's fields (url, title, kind, checked_on, archive_url) and what is wrong with the line."""
    match = SOURCE_LINE_RE.fullmatch(line.strip())
    fields = {"url": match["url"], "title": (match["title"] or "").strip(), "kind": "", "checked_on": "",
              "archive_url": ""}
    errors = []
    for fact in (f.strip() for f in (match["facts"] or "").split(";") if f.strip()):
        word, _, rest = fact.partition(" ")
        if fact in SOURCE_KINDS:
            fields["kind"] = fact
        elif word == "diperiksa" and _is_date(rest.strip()):
            fields["checked_on"] = rest.strip()
        elif word == "arsip" and rest.strip().lower().startswith(("https://", "http://")):
            fields["archive_url"] = rest.strip()
        else:
            errors.append(f"'[{match['facts']}]' after {fields['url']}: '{fact}' is not resmi, berita, "
                          "'diperiksa YYYY-MM-DD' or 'arsip <web address>'")
    return fields, errors


def handover_cell(handover: Handover | None) -> str:
    """A handover as the lines of its cell; empty when the award records none."""
    if handover is None:
        return ""
    values = {"tanggal": handover.date.isoformat() if handover.date else "", "tempat": handover.place,
              "oleh": handover.by, "sumber": handover.source}
    return "\n".join(f"{key}: {value}" for key, value in values.items() if value)


def parse_handover_cell(cell: str) -> tuple[dict[str, str], list[str]]:
    """A handover's fields (date, place, by, source) from its cell, and what is wrong with it."""
    fields: dict[str, str] = {}
    errors = []
    for line in (line.strip() for line in cell.splitlines() if line.strip()):
        key, sep, value = line.partition(":")
        name = HANDOVER_KEYS.get(key.strip().casefold())
        if not sep or name is None:
            errors.append(f"handover line '{line}' is not 'tanggal: ...', 'tempat: ...', 'oleh: ...' or 'sumber: ...'")
            continue
        fields[name] = value.strip()
    if fields.get("date") and not _is_date(fields["date"]):
        errors.append(f"handover date '{fields['date']}' is not a date written YYYY-MM-DD")
    if fields and not fields.get("source"):
        errors.append("the handover has no 'sumber:' line naming which of the row's sources states it")
    return fields, errors


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
