"""The list of pages to build: (route, template, context), each context plain view data."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from sitegen.load.examples import placeholder
from sitegen.model import routes
from sitegen.model.channel import SUBMISSION_FIELDS
from sitegen.model.geo import PROVINCES
from sitegen.model.records import CATEGORIES, PREDICATES, Registry, Unit
from sitegen.render import tilemap
from sitegen.render.award_lines import AWARD_FIELDS
from sitegen.render.banner import sheet_view
from sitegen.render.changes import PAGE_ENTRIES, change_view, changes
from sitegen.render.citations import award_cites, numbered_sources, place_cites, source_list
from sitegen.render.views import (
    article_ref,
    award_view,
    awards_chart,
    category_chart,
    category_label,
    ceremony_view,
    dataset_linked_data,
    disagreements,
    filter_links,
    held_by_institution,
    institution_ref,
    institution_totals,
    internal_groups,
    internal_mark,
    lineage,
    place_ref,
    predicate_counts,
    province_ref,
    report_links,
    revocation_view,
    round_counts,
    round_row,
    total_view,
    totals_of_institution,
    unit_facts,
    unit_link,
    unit_linked_data,
    unit_summary,
)

HAKORDIA_MONTH, HAKORDIA_DAY = 12, 9


@dataclass(frozen=True)
class Page:
    """One HTML page to render."""

    route: str
    template: str
    title: str
    context: dict


def list_pages(reg: Registry) -> list[Page]:
    """Every HTML page of the site, in a stable order."""
    return [make(reg, *args) for make, args in page_makers(reg)]


def page_makers(reg: Registry) -> list[tuple[Callable[..., Page], tuple]]:
    """Every page as (page function, its arguments after the registry): incremental builds call only some."""
    makers: list[tuple[Callable[..., Page], tuple]] = [
        (home_page, ()), (institutions_page, ()), (years_page, ()), (provinces_page, ()), (news_index_page, ()),
        (anticorruption_day_page, ()), (search_page, ()), (revocations_page, ()), (open_data_page, ()),
        (not_found_page, ()), (submit_page, ()), (changes_page, ())]
    makers += [(predicate_page, (name,)) for name in PREDICATES]
    makers += [(prose_page, (slug,)) for slug in sorted(reg.pages) if slug != "hari-antikorupsi"]
    makers += [(institution_page, (inst_id,)) for inst_id in sorted(reg.institutions)]
    makers += [(year_page, (year,)) for year in sorted(reg.rounds)]
    makers += [(province_page, (name,)) for name in all_provinces(reg)]
    makers += [(province_filter_page, (name, word)) for name, counts in reg.province_counts.items()
               for word, key in routes.FILTERS if counts[key]]
    makers += [(place_page, key) for key in reg.units_by_place]
    makers += [(place_filter_page, (*key, word)) for key, counts in reg.place_counts.items()
               for word, kind in routes.FILTERS if counts[kind]]
    makers += [(place_redirect_page, (*key, word)) for key in reg.place_aliases
               for word in (None, *(w for w, _ in routes.FILTERS))]
    makers += [(units_letter_page, (key,)) for key in reg.summary["letters"]]
    makers += [(news_page, (article,)) for article in reg.articles]
    makers += [(unit_page, (unit,)) for unit in reg.units.values()]
    makers += [(unit_sheet_page, (unit,)) for unit in reg.units.values()]
    return makers


def units_of(reg: Registry, ids) -> list[Unit]:
    """Units for a tuple of ids."""
    return [reg.units[uid] for uid in ids]


def next_hakordia(today: dt.date | None) -> dt.date | None:
    """The next 9 December on or after the data's own latest date (never the clock)."""
    if today is None:
        return None
    this_year = dt.date(today.year, HAKORDIA_MONTH, HAKORDIA_DAY)
    return this_year if today <= this_year else dt.date(today.year + 1, HAKORDIA_MONTH, HAKORDIA_DAY)


def rounds_overview(reg: Registry) -> list[dict]:
    """Each round with its counts held here, newest first."""
    rows = []
    for year in sorted(reg.rounds, reverse=True):
        reported = reported_totals(reg, year)
        rows.append({"year": year, "route": routes.year(year), "counts": round_counts(reg, year),
                     "ceremony": ceremony_view(reg.rounds[year]), "reported": reported,
                     "disagree": bool(disagreements(reported)), "notes_route": routes.year_totals(year)})
    return rows


def reported_totals(reg: Registry, year: int) -> list[dict]:
    """KemenPANRB's national totals as reported, each named by its outlet."""
    return [total_view(t) for t in reg.rounds[year].reported_totals if t.national]


def home_page(reg: Registry) -> Page:
    """Counts, rounds, latest round and news, the search box and the next Hari Antikorupsi."""
    rounds = rounds_overview(reg)
    return Page(routes.home(), "home.html", "Beranda", {
        "counts": dict(reg.summary["counts"]), "institution_count": len(reg.institutions),
        "rounds": rounds, "latest": rounds[0] if rounds else None, "peak_reported": peak_reported(rounds),
        "news": [article_ref(a) for a in reg.articles[:5]], "next_hakordia": next_hakordia(reg.last_changed),
        "hakordia_route": routes.anticorruption_day(), "undated": len(reg.summary["undated"]),
        "predicate_routes": {p: routes.predicate(p) for p in PREDICATES},
        "chart": awards_chart(reg), "search_placeholder": placeholder(reg.summary["examples"]),
    })


def peak_reported(rounds: list[dict]) -> dict | None:
    """The largest national total a source reports for one round, with its year and outlet, among the figures a
    headline can state as plainly as their year page does: none whose sources disagree, none the year page
    qualifies with a note (a headline carries its page's hedges, or leaves the figure out)."""
    found = [t | {"year": r["year"]} for r in rounds if not r["disagree"] for t in r["reported"]
             if t["total"] is not None and not t["qualified"]]
    return max(found, key=lambda t: (t["total"], -t["year"]), default=None)


def undated_units(reg: Registry) -> list[Unit]:
    """Units with at least one award whose year is unknown."""
    return units_of(reg, reg.summary["undated"])


def unit_page(reg: Registry, unit: Unit) -> Page:
    """A unit's permanent page: names, place, history with sources, status, where to report."""
    inst = reg.institutions[unit.institution_id]
    numbers = numbered_sources(unit)
    sources = source_list(unit, numbers)  # number 1 is the latest record's first source
    return Page(routes.unit(unit.id), "unit.html", unit.name, {
        "unit": unit_facts(reg, unit), "former_names": list(unit.former_names),
        "former_institutions": [institution_ref(reg, i) for i in unit.former_institutions],
        "institution_category": category_label(inst.category),
        "history": [award_view(reg, unit, a, numbers) for a in reversed(unit.awards)],
        "sources": sources, "latest_source": sources[0], "place_cite": place_cites(unit, numbers),
        "latest_cite": award_cites(unit.latest_award, numbers),
        "revocations": [revocation_view(reg, r) for r in unit.revocations],
        "report_links": report_links(unit), "json_route": routes.unit_json(unit.id),
        "last_changed": reg.last_changed, "cite": cite_parts(unit), "linked_data": unit_linked_data(reg, unit),
        "sheet_route": routes.unit_sheet(unit.id),
        "share_text": f"{unit.name} ({inst.name}): riwayat predikat WBK/WBBM dan sumbernya di Registri Zona Integritas",
    })


def unit_sheet_page(reg: Registry, unit: Unit, facts: dict | None = None) -> Page:
    """A unit's printable verification sheet: its latest recorded predicate, a QR code to its permanent
    page, and the badge its own website can embed. facts: the unit page's, when made together."""
    return Page(routes.unit_sheet(unit.id), "unit_sheet.html", f"Lembar pemeriksaan: {unit.name}", {
        "unit": facts or unit_facts(reg, unit), "sheet": sheet_view(reg, unit), "last_changed": reg.last_changed})


def cite_parts(unit: Unit) -> dict:
    """The pieces of a ready-to-paste citation: every predicate with its year, and the latest source."""
    parts = [f"{a.predicate} {a.year if a.year is not None else '(tahun tidak diketahui)'}"
             + (" (dicabut)" if unit.is_revoked(a.predicate) else "") for a in unit.awards]
    source = unit.awards[-1].sources[0]
    return {"predicates": ", ".join(parts), "source_url": source.url, "source_title": source.title}


def institutions_page(reg: Registry) -> Page:
    """Institutions grouped by category with their unit counts."""
    groups = []
    for category in CATEGORIES:
        members = sorted((i for i in reg.institutions.values() if i.category == category),
                         key=lambda i: i.name.casefold())
        rows = [{**institution_ref(reg, i.id), "count": len(reg.units_by_institution.get(i.id, ()))} for i in members]
        if rows:
            groups.append({"id": routes.institutions_category_id(category), "label": category_label(category),
                           "institutions": rows})
    return Page(routes.institutions(), "institutions.html", "Instansi", {"groups": groups})


def institution_page(reg: Registry, inst_id: str) -> Page:
    """One institution: its units with predicates by year, and its lineage."""
    inst = reg.institutions[inst_id]
    units = units_of(reg, reg.units_by_institution.get(inst_id, ()))
    years = sorted({a.year for u in units for a in u.awards if a.year is not None})
    rows = [{**unit_summary(reg, u), "by_year": {a.year: a.predicate for a in u.awards if a.year is not None},
             "marks": {a.year: internal_mark(reg, a) for a in u.awards if a.year is not None and a.set_internally},
             "undated": [a.predicate for a in u.awards if a.year is None]} for u in units]
    return Page(routes.institution(inst_id), "institution.html", inst.name, {
        "institution": {**institution_ref(reg, inst_id), "category": category_label(inst.category),
                        "province": province_ref(inst.province), "aliases": list(inst.aliases),
                        "province_has_page": inst.province in reg.units_by_province},
        "lineage": lineage(reg, inst), "years": years, "units": rows, "counts": predicate_counts(units),
        "has_undated": any(r["undated"] for r in rows), "reported": totals_of_institution(reg, inst_id, units),
    })


def years_page(reg: Registry) -> Page:
    """Every round."""
    return Page(routes.years(), "years.html", "Tahun", {"rounds": rounds_overview(reg),
                                                         "undated": [unit_summary(reg, u) for u in undated_units(reg)]})


def year_page(reg: Registry, year: int) -> Page:
    """One round: awards by institution, ceremony, reported totals beside records held, news, changes."""
    years = sorted(reg.rounds)
    pos = years.index(year)
    groups = []
    awarded = [(u, a) for u in units_of(reg, reg.units_by_year.get(year, ())) for a in u.awards if a.year == year]
    awarded.sort(key=lambda ua: (reg.institutions[ua[0].institution_id].name.casefold(), ua[0].name.casefold()))
    for inst_id, items in groupby(awarded, key=lambda ua: ua[0].institution_id):
        rows = [round_row(reg, u, a) for u, a in items]
        groups.append({"institution": institution_ref(reg, inst_id), "units": rows})
    reported, held = reported_totals(reg, year), held_by_institution(awarded)
    return Page(routes.year(year), "year.html", f"Penganugerahan {year}", {
        "year": year, "ceremony": ceremony_view(reg.rounds[year]), "reported": reported,
        "disagreements": disagreements(reported), "institution_totals": institution_totals(reg, year, held),
        "internal": internal_groups(reg, held),
        "counts": round_counts(reg, year), "groups": groups,
        "news": [article_ref(a) for a in reg.articles if a.year == year],
        "previous": {"year": years[pos - 1], "route": routes.year(years[pos - 1])} if pos > 0 else None,
        "next": {"year": years[pos + 1], "route": routes.year(years[pos + 1])} if pos + 1 < len(years) else None,
        "changes": round_changes(reg, year),
        "category_chart": category_chart(reg, year, awarded),
    })


def round_changes(reg: Registry, year: int) -> dict:
    """What changed since the previous round: how many new units, WBK -> WBBM upgrades, revocations that year."""
    new, upgrades = 0, []
    for unit in units_of(reg, reg.units_by_year.get(year, ())):
        earlier = [a for a in unit.awards if a.year is not None and a.year < year]
        this = [a for a in unit.awards if a.year == year]
        if not earlier:
            new += 1
        elif any(a.predicate == "WBBM" for a in this) and all(a.predicate == "WBK" for a in earlier):
            upgrades.append(unit_link(unit))
    revoked = [revocation_view(reg, r) for r in reg.revocations if r.year == year]
    return {"new_count": new, "upgrades": upgrades, "revocations": revoked}


def all_provinces(reg: Registry) -> list[str]:
    """All 38 provinces, by name: each has a page, with records or without."""
    return sorted(set(PROVINCES) | set(reg.units_by_province))


EMPTY_COUNTS = {"WBK": 0, "WBBM": 0, "revoked": 0, "total": 0}


def provinces_page(reg: Registry) -> Page:
    """All 38 provinces with their counts, as a tile map and as a table."""
    rows = []
    for name in all_provinces(reg):
        counts = dict(reg.province_counts.get(name, EMPTY_COUNTS))
        rows.append({**province_ref(name), "count": counts["total"], "counts": counts})
    abroad = [unit_summary(reg, u) for u in units_of(reg, reg.summary["without_province"])]
    return Page(routes.provinces(), "provinces.html", "Provinsi", {
        "provinces": rows, "without_province": abroad, "map": tilemap.province_map(rows),
        "held": sum(1 for r in rows if r["count"])})


def province_page(reg: Registry, name: str, word: str | None = None) -> Page:
    """Units of one province (of one predicate filter when word is given), with its kabupaten/kota."""
    units = units_of(reg, reg.units_by_province.get(name, ()))
    counts = predicate_counts(units)
    shown = _filtered(units, word)
    places = [{**place_ref(p), "count": reg.place_counts.get((name, p.slug), EMPTY_COUNTS)["total"],
               "listed": (name, p.slug) in reg.units_by_place} for p in reg.places_by_province.get(name, ())]
    title = f"Provinsi {name}" + (f": {_FILTER_TITLES[word]}" if word else "")
    return Page(routes.province_filter(name, word) if word else routes.province(name), "province.html", title, {
        "province": name, "province_route": routes.province(name), "units": [unit_summary(reg, u) for u in shown],
        "counts": counts, "places": places, "filter": _FILTER_TITLES[word] if word else None,
        "filters": filter_links(counts, lambda w: routes.province_filter(name, w), word),
        "years_route": routes.years(), "about_route": routes.prose("tentang")})


def province_filter_page(reg: Registry, name: str, word: str) -> Page:
    """Units of one province whose latest recorded predicate is WBBM or WBK, or was taken back."""
    return province_page(reg, name, word)


_FILTER_TITLES = {"wbbm": "predikat terakhir tercatat WBBM", "wbk": "predikat terakhir tercatat WBK",
                  "dicabut": "dengan pencabutan tercatat"}
_FILTER_KEYS = dict(routes.FILTERS)


def _filtered(units: list[Unit], word: str | None) -> list[Unit]:
    """The units a predicate filter shows: by the predicate they hold now, or revoked."""
    if word is None:
        return units
    key = _FILTER_KEYS[word]
    return [u for u in units if u.status_key == key]


def place_page(reg: Registry, province: str, slug: str, word: str | None = None) -> Page:
    """Units of one kabupaten or kota (of one predicate filter when word is given)."""
    units = units_of(reg, reg.units_by_place[(province, slug)])
    place = next(p for p in reg.places_by_province[province] if p.slug == slug)
    counts = predicate_counts(units)
    title = f"{place.name}, {province}" + (f": {_FILTER_TITLES[word]}" if word else "")
    spellings = sorted({given for u in units if (given := reg.place_of[u.id].given)})
    return Page(routes.place_filter(province, slug, word) if word else routes.place(province, slug), "place.html",
                title, {
                    "place": {**place_ref(place), "spellings": spellings},
                    "province": province_ref(province), "units": [unit_summary(reg, u) for u in _filtered(units, word)],
                    "counts": counts, "filter": _FILTER_TITLES[word] if word else None,
                    "filters": filter_links(counts, lambda w: routes.place_filter(province, slug, w), word)})


def place_redirect_page(reg: Registry, province: str, slug: str, word: str | None = None) -> Page:
    """A former place address (a source's spelling that had its own page, or one of its predicate filters)
    pointing where its units are now."""
    target = reg.place_aliases[(province, slug)]
    place = next((p for p in reg.places_by_province.get(province, ()) if routes.place(province, p.slug) == target),
                 None)
    route = routes.place_filter(province, slug, word) if word else routes.place(province, slug)
    return Page(route, "place_redirect.html", "Dipindahkan", {
        "target": {"name": place.name if place else f"Provinsi {province}", "route": target}})


def place_filter_page(reg: Registry, province: str, slug: str, word: str) -> Page:
    """Units of one kabupaten or kota whose latest recorded predicate is WBBM or WBK, or was taken back."""
    return place_page(reg, province, slug, word)


def news_index_page(reg: Registry) -> Page:
    """All news, newest first."""
    return Page(routes.news_index(), "news_index.html", "Berita",
                {"articles": [article_ref(a) for a in reg.articles], "feed_route": routes.news_feed()})


def news_page(reg: Registry, article) -> Page:
    """One news item with its source."""
    return Page(routes.news(article.slug), "news.html", article.title, {
        "article": {**article_ref(article), "html": article.html, "source_url": article.source_url,
                    "source_note": article.source_note},
        "round": {"year": article.year, "route": routes.year(article.year)} if article.year else None,
        "institutions": [institution_ref(reg, i) for i in article.institutions]})


def prose_page(reg: Registry, slug: str) -> Page:
    """A prose page from site_src/pages."""
    page = reg.pages[slug]
    return Page(routes.prose(slug), "prose.html", page.title, {"html": page.html, "description": page.description})


def anticorruption_day_page(reg: Registry) -> Page:
    """Hari Antikorupsi Sedunia: the prose page and every round held around it."""
    page = reg.pages.get("hari-antikorupsi")
    related = [article_ref(a) for a in reg.articles if a.year is not None]
    return Page(routes.anticorruption_day(), "hakordia.html", page.title if page else "Hari Antikorupsi Sedunia", {
        "html": page.html if page else "", "rounds": rounds_overview(reg), "news": related,
        "next_hakordia": next_hakordia(reg.last_changed)})


def search_page(reg: Registry) -> Page:
    """The search page's filters, its examples (from the data) and the browse pages it offers without JavaScript."""
    filters = {"predicates": list(PREDICATES), "years": sorted(reg.rounds, reverse=True),
               "categories": [(c, category_label(c)) for c in CATEGORIES],
               "provinces": [(routes.province_slug(p), p) for p in sorted(reg.units_by_province)]}
    browse = {"institutions": institution_categories(reg), "institution_count": len(reg.institutions),
              "provinces": [{"name": p, "route": routes.province(p)} for p in sorted(reg.units_by_province)],
              "years": [{"year": y, "route": routes.year(y)} for y in sorted(reg.rounds, reverse=True)],
              "predicates": [{"label": f"Semua unit {p}", "route": routes.predicate(p)} for p in PREDICATES],
              "unit_letters": letter_links(reg)}
    examples = dict(reg.summary["examples"])
    examples["all"] = list(dict.fromkeys(e for e in (examples["unit"], *examples["types"], *examples["institutions"],
                                                      *examples["provinces"], filtered_example(reg)) if e))
    return Page(routes.search(), "cari.html", "Cari unit kerja", {
        "filters": filters, "browse": browse, "examples": examples, "placeholder": placeholder(examples)})


def institution_categories(reg: Registry) -> list[dict]:
    """Each category of institution that has any, with its section of the institutions page and how many.

    The search page links these instead of listing every institution, which at 10k units was 635 of its
    ~1,000 elements (docs/search.md)."""
    counts = Counter(i.category for i in reg.institutions.values())
    return [{"label": category_label(c), "route": routes.institutions_category(c), "count": counts[c]}
            for c in CATEGORIES if counts[c]]


def filtered_example(reg: Registry) -> str | None:
    """A predicate and year that have units ("WBBM 2021"): the newest year of WBBM, else of WBK."""
    for predicate in reversed(PREDICATES):
        by_year = reg.summary["predicate:" + predicate]["by_year"]
        if by_year:
            return f"{predicate} {by_year[0][0]}"
    return None


def letter_links(reg: Registry) -> list[dict]:
    """The A-Z pages of units: each first letter present, with how many units it has."""
    return [{"label": letter_label(key), "route": routes.units_letter(key), "count": len(reg.summary["letter:" + key])}
            for key in reg.summary["letters"]]


def letter_label(key: str) -> str:
    """How an A-Z key is shown: 'A', or '0–9' for names that start otherwise."""
    return "0–9" if key == "0" else key.upper()


def units_letter_page(reg: Registry, key: str) -> Page:
    """Every unit whose name starts with one letter, by name: the way to a unit without JavaScript."""
    units = [{"name": name, "route": routes.unit(uid), "revoked": revoked}
             for uid, name, revoked in reg.summary["letter:" + key]]
    return Page(routes.units_letter(key), "units_az.html", f"Unit kerja berawalan {letter_label(key)}", {
        "letter": letter_label(key), "units": units, "letters": letter_links(reg), "search_route": routes.search()})


def revocations_page(reg: Registry) -> Page:
    """Every revocation with its reason and source."""
    return Page(routes.revocations(), "revocations.html", "Pencabutan predikat",
                {"revocations": [revocation_view(reg, r) for r in reversed(reg.revocations)]})


def submit_page(reg: Registry) -> Page:
    """/kirim/: how to get a unit listed or a record corrected, what counts as a source, what happens next."""
    return Page(routes.submit(), "kirim.html", "Kirim catatan atau koreksi", {
        "fields": [{"label": f.label, "help": f.help, "required": f.required} for f in SUBMISSION_FIELDS],
        "unit_count": reg.summary["units"], "coverage": routes.years() + "#cakupan",
    })


def changes_page(reg: Registry) -> Page:
    """/perubahan/: the latest awards added, revocations and corrections, each with its day, unit and source."""
    found = changes(reg)
    return Page(routes.changes(), "perubahan.html", "Perubahan registri", {
        "changes": [change_view(c) for c in found[:PAGE_ENTRIES]], "total": len(found), "shown": PAGE_ENTRIES,
        "feed_route": routes.changes_feed(),
    })


def not_found_page(reg: Registry | None = None) -> Page:
    """The 404 page: links are absolute with the base path, so it works at any depth."""
    return Page(routes.not_found(), "404.html", "Halaman tidak ditemukan", {})


DOWNLOAD_TEXTS = {  # one for each of routes.DOWNLOADS
    "penghargaan": "Semua penghargaan: satu baris per unit, tahun dan predikat, dengan sumbernya",
    "instansi": "Semua instansi dengan kategorinya dan silsilahnya",
    "pencabutan": "Semua pencabutan predikat dengan alasan dan sumbernya",
}


def open_data_page(reg: Registry) -> Page:
    """Downloads, field documentation and the licence."""
    downloads = [{"name": name, "text": DOWNLOAD_TEXTS[name], "csv": routes.download(name, "csv"),
                  "json": routes.download(name, "json")} for name in routes.DOWNLOADS]
    return Page(routes.open_data(), "data.html", "Data terbuka", {
        "downloads": downloads, "fields": [{"name": n, "text": t} for n, t in AWARD_FIELDS],
        "award_count": reg.summary["awards"], "unit_count": reg.summary["units"],
        "last_changed": reg.last_changed, "example_json": routes.unit_json(reg.summary["first_unit"] or "x/y"),
        "unit_schema": routes.unit_schema(),
        "linked_data": dataset_linked_data(reg, downloads)})


UNIT_LIST_LIMIT = 2000  # above this a browse page lists counts with links instead of every unit


def predicate_page(reg: Registry, name: str) -> Page:
    """Units ever awarded one predicate: counts by year and institution, and the units when few enough."""
    held = reg.summary["predicate:" + name]
    ids = held["units"]
    return Page(routes.predicate(name), "predicate.html", f"Unit kerja berpredikat {name}", {
        "predicate": name, "total": len(ids), "revoked": held["revoked"], "internal": held["internal"],
        "years": [{"year": y, "route": routes.year(y), "count": n, "internal": held["internal_by_year"].get(y, 0)}
                  for y, n in held["by_year"]],
        "institutions": [{**institution_ref(reg, i), "count": n} for i, n in held["by_institution"]],
        "units": [unit_summary(reg, u) for u in units_of(reg, ids)] if len(ids) <= UNIT_LIST_LIMIT else [],
        "search_route": routes.search(),
    })


def extra_routes(reg: Registry) -> set[str]:
    """Routes that are not HTML pages but may be linked: feeds, downloads, former unit URLs."""
    extra = {routes.news_feed(), routes.awards_feed(), routes.changes_feed(), routes.open_data(), routes.sitemap(),
             routes.robots(), routes.unit_schema()}
    extra |= {routes.download(name, ext) for name in routes.DOWNLOADS for ext in routes.DOWNLOAD_FORMATS}
    extra |= {routes.unit(r.old_id) for r in reg.redirects}
    return extra
