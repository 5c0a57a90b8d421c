"""Machine-readable copies: CSV and JSON downloads, a JSON twin per unit, Atom feeds, sitemap, robots.txt."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sitegen import PACKAGE
from sitegen.load.config import Config, headers_file
from sitegen.model import fields, routes
from sitegen.model.records import Award, Registry, Source, Unit
from sitegen.render.award_lines import AWARD_COLUMNS, AwardLines, award_lines
from sitegen.render.changes import changes
from sitegen.render.encode import csv_file, json_list, to_csv, to_json
from sitegen.render.views import setter_label

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

INSTITUTION_COLUMNS = fields.column_names(fields.INSTITUTION_COLUMNS)
UNIT_SCHEMA = PACKAGE / "unit.schema.json"
REVOCATION_COLUMNS = fields.column_names(fields.REVOCATION_COLUMNS)
INSTITUTION_PLAIN = fields.plain_pairs(fields.INSTITUTION, "exported")
REVOCATION_PLAIN = fields.plain_pairs(fields.REVOCATION, "exported")
TWIN_KEYS = fields.plain_pairs(fields.AWARD, "twin")  # the twin's award keys that hold a field as the model does


def link(config: Config, route: str) -> str:
    """Absolute when the site knows its address, root-relative otherwise."""
    return routes.link(route, config.base_url, config.base_path)


def institution_rows(reg: Registry, config: Config) -> list[dict]:
    """Every institution with its lineage (the columns that hold a field as the model does: model/fields.py)."""
    return [{**{column: getattr(i, attr) for column, attr in INSTITUTION_PLAIN}, "succeeded_by": list(i.succeeded_by),
             "url": link(config, routes.institution(i.id))} for i in sorted(reg.institutions.values(),
                                                                            key=lambda i: i.id)]


def institution_files(reg: Registry, config: Config) -> tuple[bytes, bytes]:
    """instansi.csv and instansi.json."""
    rows = institution_rows(reg, config)
    return to_csv(rows, INSTITUTION_COLUMNS), to_json(rows)


def revocation_rows(reg: Registry, config: Config) -> list[dict]:
    """Every revocation, with its unit's name and page."""
    return [{**{column: getattr(r, attr) for column, attr in REVOCATION_PLAIN}, "unit": reg.units[r.unit_id].name,
             "revoked_on": r.revoked_on if isinstance(r.revoked_on, int) else r.revoked_on.isoformat(),
             "unit_url": link(config, routes.unit(r.unit_id))} for r in reg.revocations]


def unit_record(reg: Registry, unit: Unit, config: Config) -> dict:
    """The JSON twin of a unit page (its schema: sitegen/unit.schema.json, published at /data/)."""
    inst = reg.institutions[unit.institution_id]
    return {
        "id": unit.id, "name": unit.name, "url": link(config, routes.unit(unit.id)),
        "former_names": list(unit.former_names), "former_institutions": list(unit.former_institutions),
        "institution": {"id": inst.id, "name": inst.name, "url": link(config, routes.institution(inst.id))},
        "province": unit.province, "city": unit.city, **unit_place(reg, unit),
        "latest_recorded": {"predicate": unit.latest_predicate, "year": unit.latest_award.year,
                            "revoked": unit.latest_revoked},
        "awards": [award_record(reg, unit, a) for a in unit.awards],
        "revocations": [{"predicate": r.predicate, "revoked_on": r.revoked_on, "reason": r.reason,
                         "source_url": r.source_url} for r in unit.revocations],
        "data_last_changed": reg.last_changed,
    }


def unit_place(reg: Registry, unit: Unit) -> dict:
    """The official kabupaten/kota the unit is listed under and its Kemendagri code (None when not known)."""
    resolution = reg.place_of.get(unit.id)
    place = resolution.place if resolution else None
    return {"nama_wilayah": place.name if place else None, "kode_wilayah": place.code if place else None}


def award_record(reg: Registry, unit: Unit, award: Award) -> dict:
    """One award of a unit's twin: predicate, year, who set it, its own handover and every source (the keys that
    hold a field as the model does come from TWIN_KEYS)."""
    handover = award.handover
    return {**{key: getattr(award, attr) for key, attr in TWIN_KEYS}, "year": award.year,
            "set_by_label": setter_label(reg, award.set_by, award.predicate), "news_only": award.news_only,
            "revoked": unit.is_revoked(award.predicate),
            "handover": {"date": handover.date, "place": handover.place or None, "by": handover.by or None,
                         "source_url": handover.source} if handover else None,
            "sources": [source_record(s) for s in award.sources]}


def source_record(source: Source) -> dict:
    """One source in the open data: its address, title, kind, when it was checked and an archived copy."""
    return {"url": source.url, "title": source.title, "kind": source.kind or None, "checked_on": source.checked_on,
            "archive_url": source.archive_url or None}


def data_files(reg: Registry, config: Config, lines: AwardLines | None = None) -> dict[str, bytes]:
    """The site-wide downloads, feeds, schema, robots.txt and _headers: every export but the unit twins.

    lines: award_lines(reg, config), when the caller has them already (the speed machinery keeps them
    between builds, cache/award_table.py).
    """
    lines = lines or award_lines(reg, config)
    institutions, revocations = institution_files(reg, config), revocation_rows(reg, config)
    return {
        routes.download("penghargaan", "csv"): csv_file([part.csv for part in lines.parts], AWARD_COLUMNS),
        routes.download("penghargaan", "json"): json_list([part.json for part in lines.parts]),
        routes.download("instansi", "csv"): institutions[0],
        routes.download("instansi", "json"): institutions[1],
        routes.download("pencabutan", "csv"): to_csv(revocations, REVOCATION_COLUMNS),
        routes.download("pencabutan", "json"): to_json(revocations),
        routes.news_feed(): news_feed(reg, config),
        routes.awards_feed(): awards_feed(reg, config, lines.listings),
        routes.changes_feed(): changes_feed(reg, config),
        routes.robots(): robots(config),
        routes.host_headers(): headers_file(config),
        routes.unit_schema(): UNIT_SCHEMA.read_bytes(),
    }


def unit_twin(reg: Registry, unit: Unit, config: Config) -> bytes:
    """The JSON twin of one unit page, at routes.unit_json."""
    return to_json(unit_record(reg, unit, config))


def atom_feed(config: Config, title: str, route: str, feed_route: str, updated: dt.date | None) -> FeedGenerator:
    """An Atom feed of this site, with its id, links, language and author."""
    from feedgen.feed import FeedGenerator  # loaded on first use, with lxml: a no-change build makes no feed

    feed = FeedGenerator()
    feed.id(f"tag:registri-zona-integritas,2020:{feed_route}")
    feed.title(title)
    feed.link(href=link(config, route), rel="alternate")
    feed.link(href=link(config, feed_route), rel="self")
    feed.language("id")
    feed.author({"name": config.title})
    feed.updated(midnight(updated or dt.date(2020, 1, 1)))
    return feed


def midnight(day: dt.date) -> dt.datetime:
    """A day as the start of that day in UTC (feeds want a time)."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def news_feed(reg: Registry, config: Config) -> bytes:
    """Atom feed of news, newest first, dated by the articles themselves."""
    latest = reg.articles[0].date if reg.articles else None
    feed = atom_feed(config, f"Berita {config.title}", routes.news_index(), routes.news_feed(), latest)
    for article in reversed(reg.articles):
        entry = feed.add_entry()
        entry.id(f"tag:registri-zona-integritas,2020:{routes.news(article.slug)}")
        entry.title(article.title)
        entry.link(href=link(config, routes.news(article.slug)))
        entry.updated(midnight(article.date))
        entry.summary(article.summary)
    return feed.atom_str(pretty=True)


def awards_feed(reg: Registry, config: Config, listings: dict[int, tuple[int, str, bytes]]) -> bytes:
    """Atom feed with one entry per award round, dated by its ceremony.

    listings: each round's (number of lines, lines, digest), see award_lines.round_listing.
    """
    rounds = sorted(reg.rounds.values(), key=lambda r: r.year)
    dated = [r for r in rounds if r.ceremony.date]
    latest = max((r.ceremony.date for r in dated), default=None)
    feed = atom_feed(config, f"Penganugerahan WBK/WBBM · {config.title}", routes.years(), routes.awards_feed(), latest)
    for rnd in rounds:
        count, text, _ = listings[rnd.year]
        entry = feed.add_entry()
        entry.id(f"tag:registri-zona-integritas,2020:{routes.year(rnd.year)}")
        entry.title(f"Penganugerahan Zona Integritas {rnd.year}")
        entry.link(href=link(config, routes.year(rnd.year)))
        entry.updated(midnight(rnd.ceremony.date or dt.date(rnd.year, 12, 31)))
        internal = reg.round_counts.get(rnd.year, {}).get("internal_total", 0)
        entry.summary(f"{count} unit kerja tercatat di registri untuk putaran {rnd.year}"
                      + (f", {internal} di antaranya penetapan internal instansi sendiri, bukan KemenPANRB."
                         if internal else "."))
        entry.content(text or "Registri ini belum memegang catatan unit untuk putaran ini.", type="text")
    return feed.atom_str(pretty=True)


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
    sitemap_line = f"Sitemap: {link(config, routes.sitemap())}\n" if config.base_url else ""
    return f"User-agent: *\nAllow: /\n{sitemap_line}".encode()


CHANGES_IN_FEED = 200  # the latest changes; /perubahan/ shows more, data/ keeps all


def changes_feed(reg: Registry, config: Config) -> bytes:
    """The Atom feed of the latest changes, each linking its unit and naming its source."""
    found = changes(reg)[:CHANGES_IN_FEED]
    feed = atom_feed(config, f"Perubahan · {config.title}", routes.changes(), routes.changes_feed(),
                     found[0].date if found else None)
    for change in reversed(found):  # feedgen writes entries newest first when added oldest first
        entry = feed.add_entry()
        entry.id(f"tag:registri-zona-integritas,2020:{change.key}")
        entry.title(f"{change.unit_name}: {change.what} {change.kind}")
        # One link, the unit's page: feedgen 1.0.0 drops rel on entry links, so a second (the source) would be
        # read as the entry's own address; the source stands in the text instead.
        entry.link(href=link(config, routes.unit(change.unit_id)))
        entry.updated(midnight(change.date))
        source = ""
        if change.source:
            named = f"{change.source.title} ({change.source.url})" if change.source.title else change.source.url
            source = f" Sumber: {named}"
        entry.content(change.text + source, type="text")
    return feed.atom_str(pretty=True)
