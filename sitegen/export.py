"""Machine-readable copies: CSV and JSON downloads, a JSON twin per unit, Atom feeds, sitemap, robots.txt."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from operator import itemgetter
from pathlib import Path

from feedgen.feed import FeedGenerator
from feedgen.version import version_str as feedgen_version

from sitegen import routes
from sitegen.config import Config
from sitegen.memo import Memo
from sitegen.memo import key as memo_key
from sitegen.model import Award, Registry, Unit
from sitegen.views import setter_label

AWARD_COLUMNS = ("year", "predicate", "institution", "institution_category", "province", "city", "unit",
                 "source_url", "source_title", "note", "unit_id", "unit_url", "current_unit", "current_institution",
                 "set_by", "secondary", "other_sources", "revoked_on")
INSTITUTION_COLUMNS = ("id", "name", "short_name", "category", "province", "succeeded_by", "url")
UNIT_SCHEMA = Path(__file__).with_name("unit.schema.json")
REVOCATION_COLUMNS = ("unit_id", "unit", "predicate", "revoked_on", "reason", "source_url", "unit_url")


def link(config: Config, route: str) -> str:
    """Absolute when the site knows its address, root-relative otherwise."""
    return routes.absolute(route, config.base_url, config.base_path) if config.base_url else \
        routes.href(route, config.base_path)


def award_rows(reg: Registry, config: Config) -> list[dict]:
    """Every award in the import columns, exactly as recorded, plus where and what its unit is today."""
    rows = []
    for unit in reg.units.values():
        for award in unit.awards:
            rows.append(award_row(reg, unit, award, config))
    rows.sort(key=award_order)
    return rows


def award_order(row: dict) -> tuple:
    """The order of the award downloads: by year (no year last), unit id and predicate."""
    return (row["year"] is None, row["year"] or 0, row["unit_id"], row["predicate"])


def award_pieces(reg: Registry, config: Config, memo: Memo,
                 digest_of: Callable[[tuple], bytes] | None = None) -> tuple[list[tuple], dict[str, dict]]:
    """Every award's (order, CSV line, JSON line), and each unit's feed lines by year.

    Each unit's are remembered under a digest of what they are made from: the unit, the
    institutions it names and the site's address. digest_of gives a model value's digest by its
    dependency name (the build's, see incremental.DepDigests); without it the digest is made here.
    """
    pieces: list[tuple] = []
    listings: dict[str, dict] = {}
    institutions = dict(reg.institutions.items())  # the job depends on all of them (the institution downloads)
    where = memo_key("award-rows", config.base_url, config.base_path)
    named = {i: digest_of(("institutions", i)) for i in institutions} if digest_of is not None else {}
    for unit in reg.units.values():
        names = {a.institution_as_awarded for a in unit.awards}
        names.add(unit.institution_id)
        if digest_of is not None:
            name = where + digest_of(("units", unit.id)) + b"".join([named[i] for i in sorted(names)])
        else:
            name = where + memo_key(unit, [institutions[i] for i in sorted(names)])
        found = memo.get(name)
        if found is None:
            found = memo.put(name, unit_pieces(reg, unit, config))
        pieces += found[0]
        listings[unit.id] = found[1]
    pieces.sort(key=itemgetter(0))
    return pieces, listings


def unit_pieces(reg: Registry, unit: Unit, config: Config) -> tuple[tuple, dict[int, tuple[str, ...]]]:
    """One unit's award lines (order, CSV bytes, JSON bytes) and its feed lines by year."""
    rows = [award_row(reg, unit, award, config) for award in unit.awards]
    lines: dict[int, list[str]] = {}
    for award in unit.awards:
        if award.year is not None:
            lines.setdefault(award.year, []).append(listing_line(reg, unit, award))
    return (tuple((award_order(row), csv_line(row, AWARD_COLUMNS).encode(), b" " + json_line(row).encode())
                  for row in rows), {year: tuple(found) for year, found in lines.items()})


def award_row(reg: Registry, unit: Unit, award: Award, config: Config) -> dict:
    """One award: name, institution and place as its source gives them, so the row imports back unchanged."""
    inst = reg.institutions[award.institution_as_awarded]
    revoked = next((r.revoked_on for r in unit.revocations if r.predicate == award.predicate), None) \
        if unit.is_revoked(award.predicate) else None
    return {
        "year": award.year, "predicate": award.predicate, "institution": inst.name,
        "institution_category": inst.category, "province": award.province, "city": award.city,
        "unit": award.name_as_awarded, "source_url": award.sources[0].url, "source_title": award.sources[0].title,
        "note": award.note, "unit_id": unit.id, "unit_url": link(config, routes.unit(unit.id)),
        "current_unit": unit.name, "current_institution": reg.institutions[unit.institution_id].name,
        "set_by": award.set_by, "secondary": award.secondary,
        "other_sources": [{"url": s.url, "title": s.title} for s in award.sources[1:]],
        "revoked_on": revoked.isoformat() if isinstance(revoked, dt.date) else revoked,
    }


def to_csv(rows: list[dict], columns: tuple[str, ...]) -> bytes:
    """RFC 4180 CSV with a header; lists joined by spaces, None as empty."""
    return csv_file([csv_line(row, columns).encode() for row in rows], columns)


def csv_file(lines: list[bytes], columns: tuple[str, ...]) -> bytes:
    """A header line and these lines (UTF-8, each ending in CRLF)."""
    return csv_line(dict(zip(columns, columns, strict=True)), columns).encode() + b"".join(lines)


def csv_line(row: dict, columns: tuple[str, ...]) -> str:
    """One CSV record, CRLF included."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


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
    """A JSON file of a list from its items' lines (UTF-8, each already starting with its one-space indent)."""
    return b"[\n" + b",\n".join(lines) + b"\n]\n" if lines else b"[]\n"


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


def institution_rows(reg: Registry, config: Config) -> list[dict]:
    """Every institution with its lineage."""
    return [{"id": i.id, "name": i.name, "short_name": i.short_name, "category": i.category,
             "province": i.province, "succeeded_by": list(i.succeeded_by),
             "url": link(config, routes.institution(i.id))} for i in sorted(reg.institutions.values(),
                                                                            key=lambda i: i.id)]


def revocation_rows(reg: Registry, config: Config) -> list[dict]:
    """Every revocation."""
    return [{"unit_id": r.unit_id, "unit": reg.units[r.unit_id].name, "predicate": r.predicate,
             "revoked_on": r.revoked_on if isinstance(r.revoked_on, int) else r.revoked_on.isoformat(),
             "reason": r.reason, "source_url": r.source_url, "unit_url": link(config, routes.unit(r.unit_id))}
            for r in reg.revocations]


def unit_record(reg: Registry, unit: Unit, config: Config) -> dict:
    """The JSON twin of a unit page (its schema: sitegen/unit.schema.json, published at /data/)."""
    inst = reg.institutions[unit.institution_id]
    return {
        "id": unit.id, "name": unit.name, "url": link(config, routes.unit(unit.id)),
        "former_names": list(unit.former_names), "former_institutions": list(unit.former_institutions),
        "institution": {"id": inst.id, "name": inst.name, "url": link(config, routes.institution(inst.id))},
        "province": unit.province, "city": unit.city, "current_predicate": unit.current_predicate,
        "awards": [award_record(reg, unit, a) for a in unit.awards],
        "revocations": [{"predicate": r.predicate, "revoked_on": r.revoked_on, "reason": r.reason,
                         "source_url": r.source_url} for r in unit.revocations],
        "data_last_changed": reg.last_changed,
    }


def award_record(reg: Registry, unit: Unit, award: Award) -> dict:
    """One award of a unit's twin: predicate, year, who set it, the round's ceremony and every source."""
    rnd = reg.rounds.get(award.year) if award.year is not None else None
    ceremony = rnd.ceremony if rnd is not None and award.set_by == "kemenpanrb" else None
    return {"year": award.year, "predicate": award.predicate, "set_by": award.set_by,
            "set_by_label": setter_label(reg, award.set_by), "secondary": award.secondary, "note": award.note,
            "revoked": unit.is_revoked(award.predicate), "name_as_awarded": award.name_as_awarded,
            "institution_as_awarded": award.institution_as_awarded,
            "ceremony": {"date": ceremony.date, "place": ceremony.place or None,
                         "handed_over_by": ceremony.handed_over_by or None,
                         "source_url": ceremony.source_url or None} if ceremony else None,
            "sources": [{"url": s.url, "title": s.title} for s in award.sources]}


def export_files(reg: Registry, config: Config) -> dict[str, bytes]:
    """Every machine-readable file, keyed by route."""
    files = data_files(reg, config)
    for unit in reg.units.values():
        files[routes.unit_json(unit.id)] = unit_twin(reg, unit, config)
    return files


def data_files(reg: Registry, config: Config, memo: Memo | None = None,
               digest_of: Callable[[tuple], bytes] | None = None) -> dict[str, bytes]:
    """The site-wide downloads, feeds, schema and robots.txt: every export but the unit twins.

    The award downloads are put together from each unit's lines, remembered in `memo` (see memo.py).
    """
    memo = memo if memo is not None else Memo()
    pieces, listings = award_pieces(reg, config, memo, digest_of)
    institutions, revocations = institution_rows(reg, config), revocation_rows(reg, config)
    return {
        routes.data_file("penghargaan.csv"): csv_file([line for _, line, _ in pieces], AWARD_COLUMNS),
        routes.data_file("penghargaan.json"): json_list([line for _, _, line in pieces]),
        routes.data_file("instansi.csv"): to_csv(institutions, INSTITUTION_COLUMNS),
        routes.data_file("instansi.json"): to_json(institutions),
        routes.data_file("pencabutan.csv"): to_csv(revocations, REVOCATION_COLUMNS),
        routes.data_file("pencabutan.json"): to_json(revocations),
        routes.news_feed(): news_feed(reg, config),
        routes.awards_feed(): awards_feed(reg, config, listings, memo),
        "robots.txt": robots(config),
        routes.data_file(UNIT_SCHEMA.name): UNIT_SCHEMA.read_bytes(),
    }


def unit_twin(reg: Registry, unit: Unit, config: Config) -> bytes:
    """The JSON twin of one unit page, at routes.unit_json."""
    return to_json(unit_record(reg, unit, config))


def _feed(config: Config, title: str, route: str, feed_route: str, updated: dt.date | None) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(f"tag:registri-zona-integritas,2020:{feed_route}")
    feed.title(title)
    feed.link(href=link(config, route), rel="alternate")
    feed.link(href=link(config, feed_route), rel="self")
    feed.language("id")
    feed.author({"name": config.title})
    feed.updated(_midnight(updated or dt.date(2020, 1, 1)))
    return feed


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def news_feed(reg: Registry, config: Config) -> bytes:
    """Atom feed of news, newest first, dated by the articles themselves."""
    latest = reg.articles[0].date if reg.articles else None
    feed = _feed(config, f"Berita {config.title}", routes.news_index(), routes.news_feed(), latest)
    for article in reversed(reg.articles):
        entry = feed.add_entry()
        entry.id(f"tag:registri-zona-integritas,2020:{routes.news(article.slug)}")
        entry.title(article.title)
        entry.link(href=link(config, routes.news(article.slug)))
        entry.updated(_midnight(article.date))
        entry.summary(article.summary)
    return feed.atom_str(pretty=True)


def awards_feed(reg: Registry, config: Config, listings: dict[str, dict] | None = None,
                memo: Memo | None = None) -> bytes:
    """Atom feed with one entry per award round, dated by its ceremony.

    listings: each unit's feed lines by year (from award_pieces; made here when not given). The
    feed is remembered in memo under a digest of everything it shows.
    """
    if listings is None:
        listings = {uid: unit_pieces(reg, unit, config)[1] for uid, unit in reg.units.items()}
    rounds = sorted(reg.rounds.values(), key=lambda r: r.year)
    entries = [(rnd, round_listing_lines(reg, rnd.year, listings)) for rnd in rounds]
    dated = [r for r in rounds if r.ceremony.date]
    latest = max((r.ceremony.date for r in dated), default=None)
    name = memo_key("awards-feed", feedgen_version, config.title, config.base_url, config.base_path, latest,
                    [(rnd.year, rnd.ceremony.date, lines) for rnd, lines in entries])
    found = memo.get(name) if memo is not None else None
    if found is not None:
        return found
    feed = _feed(config, f"Penganugerahan WBK/WBBM · {config.title}", routes.years(), routes.awards_feed(), latest)
    for rnd, lines in entries:
        entry = feed.add_entry()
        entry.id(f"tag:registri-zona-integritas,2020:{routes.year(rnd.year)}")
        entry.title(f"Penganugerahan Zona Integritas {rnd.year}")
        entry.link(href=link(config, routes.year(rnd.year)))
        entry.updated(_midnight(rnd.ceremony.date or dt.date(rnd.year, 12, 31)))
        entry.summary(f"{len(lines)} unit kerja tercatat di registri untuk putaran {rnd.year}.")
        entry.content("\n".join(lines) or "Registri ini belum memegang catatan unit untuk putaran ini.", type="text")
    body = feed.atom_str(pretty=True)
    return memo.put(name, body) if memo is not None else body


def round_listing_lines(reg: Registry, year: int, listings: dict[str, dict]) -> list[str]:
    """A round's feed lines: its units by name (name, institution, predicate), from each unit's lines."""
    lines = []
    for uid in reg.units_by_year.get(year, ()):  # by name already
        lines.extend(listings[uid].get(year, ()))
    return lines


def listing_line(reg: Registry, unit: Unit, award: Award) -> str:
    """One award in a round's feed entry."""
    revoked = " (dicabut)" if unit.is_revoked(award.predicate) else ""
    return f"{unit.name} ({reg.institutions[unit.institution_id].name}): {award.predicate}{revoked}"


def sitemap(pages: list[tuple[str, str | None]], reg: Registry, config: Config) -> bytes:
    """sitemap.xml of every HTML page, from (route, the page's own lastmod or None); lastmod from the data
    (never the clock): a page's own, else the registry's last change."""
    lastmod = reg.last_changed.isoformat() if reg.last_changed else None
    prefix = link(config, "")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    not_found = routes.not_found()
    for route, own in sorted(pages):
        if route == not_found:
            continue
        mod = f"<lastmod>{own or lastmod}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{_xml(prefix + route)}</loc>{mod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()


def unit_lastmod(reg: Registry, unit: Unit) -> str | None:
    """When a unit page last changed: its latest dated round's ceremony or revocation (None: not known)."""
    found = []
    for award in unit.awards:
        rnd = reg.rounds.get(award.year) if award.year is not None else None
        if rnd is not None and rnd.ceremony.date:
            found.append(rnd.ceremony.date)
    found += [r.revoked_on for r in unit.revocations if isinstance(r.revoked_on, dt.date)]
    return max(found).isoformat() if found else None


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def robots(config: Config) -> bytes:
    """Allow everything; point at the sitemap only when the site knows its address (the line must be absolute)."""
    sitemap_line = f"Sitemap: {link(config, 'sitemap.xml')}\n" if config.base_url else ""
    return f"User-agent: *\nAllow: /\n{sitemap_line}".encode()
