"""Model -> plain view data for templates: names, routes and flags, never queries or rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sitegen.model import fields, routes
from sitegen.model.places import Place
from sitegen.model.records import (
    CATEGORIES,
    CATEGORY_LABELS,
    DEFAULT_SETTER,
    SETTER_UNSTATED,
    Award,
    Institution,
    Registry,
    ReportedTotal,
    Round,
    Unit,
)
from sitegen.render import charts
from sitegen.render.citations import award_cites, handover_view, outlet_of

SETTER_KEMENPANRB = "KemenPANRB"
SHOWN = fields.plain_pairs(fields.AWARD, "shown")  # the award fields a unit page shows where a record states them
YEAR_BASIS_LABELS = {"stated": "tahun disebut sumber", "handover_date": "tahun menurut tanggal penyerahan",
                     "decree_date": "tahun menurut tanggal keputusan"}
PREDICATE_NAMES = {"WBK": "Menuju Wilayah Bebas dari Korupsi", "WBBM": "Menuju Wilayah Birokrasi Bersih dan Melayani"}


def institution_ref(reg: Registry, inst_id: str) -> dict:
    """A link to an institution."""
    inst = reg.institutions[inst_id]
    return {"id": inst.id, "name": inst.name, "short": inst.short_name or "", "route": routes.institution(inst.id)}


def province_ref(name: str | None) -> dict | None:
    """A link to a province, or None for units abroad or without a known province."""
    return {"name": name, "route": routes.province(name)} if name else None


# How the registry placed a city value on an official kabupaten/kota when the source did not name it with its
# kind: the reading is the registry's, and a unit page says so beside the place (the source states the name).
PLACING_BASIS = {
    "settled": "ditetapkan editor",
    "name": "satu-satunya kabupaten/kota bernama itu di provinsinya",
    "unit-name": "nama unit menyebut jenisnya",
    "institution": "menurut instansi induknya",
    "kecamatan": "nama kecamatan di wilayah tersebut",
    "town": "nama kota kecamatan di wilayah tersebut",
}


def place_ref(place: Place | None, given: str = "", written: str = "", rule: str = "") -> dict | None:
    """A link to a kabupaten/kota page with its Kemendagri code, the name the source gave when that is
    another ("Slawi" for Kabupaten Tegal), and, when the source did not name the place with its kind, the
    name it wrote and how the registry placed it; None when the records name no place."""
    if place is None:
        return None
    basis = PLACING_BASIS.get(rule, "")
    return {"name": place.name, "route": routes.place(place.province, place.slug), "code": place.code,
            "given": given, "written": written if basis else "", "basis": basis}


def place_link(reg: Registry, unit: Unit) -> dict | None:
    """The kabupaten/kota page a unit is listed on, if its city resolved to one."""
    resolution = reg.place_of.get(unit.id)
    if resolution is None:
        return None
    return place_ref(resolution.place, resolution.given, resolution.source_name, resolution.rule)


def city_label(reg: Registry, unit: Unit) -> str:
    """The unit's place as text: "Slawi, Kabupaten Tegal", or its city as written when it did not resolve."""
    resolution = reg.place_of.get(unit.id)
    return resolution.label if resolution and resolution.place else (unit.city or "")


def filter_links(counts: dict, route_of: Callable[[str], str], current: str | None = None) -> list[dict]:
    """The predicate filters of a province or place page: label, count, and a route when there is anything
    to list (none for the filter being shown, which is marked current instead)."""
    labels = {"WBBM": "WBBM", "WBK": "WBK", "revoked": "Pencabutan tercatat"}
    return [{"label": labels[key], "count": counts.get(key, 0), "current": word == current,
             "route": route_of(word) if counts.get(key, 0) and word != current else None}
            for word, key in routes.FILTERS]


def setter_label(reg: Registry, set_by: str, predicate: str | None = "WBK") -> str:
    """Who set the predicate: KemenPANRB, or the institution itself, named with how it set it
    (predicate None: the institution's name alone)."""
    if set_by == DEFAULT_SETTER:
        return SETTER_KEMENPANRB
    if set_by == SETTER_UNSTATED:
        return "penetap yang tidak disebut sumber"
    inst = reg.institutions[set_by]
    name = inst.short_name or inst.name
    return name if predicate is None else f"{name} ({internal_label(predicate)})"


def setter_phrase(reg: Registry, set_by: str, predicate: str = "WBK") -> str:
    """Who set it as a page says it: "ditetapkan oleh KemenPANRB" only when a source says so; an unstated
    setter is said to be unstated, never given one."""
    if set_by == SETTER_UNSTATED:
        return "penetap tidak disebut sumber"
    return f"ditetapkan oleh {setter_label(reg, set_by, predicate)}"


def internal_mark(reg: Registry, award: Award) -> str:
    """The short mark of an award an institution set itself, read at a glance: "penetapan MA"; empty otherwise."""
    if not award.set_internally:
        return ""
    inst = reg.institutions[award.set_by]
    return f"penetapan {inst.short_name or inst.name}"


def internal_label(predicate: str) -> str:
    """What an institution setting a predicate itself is called: WBK Mandiri is the programme's name for
    WBK; an institution's own WBBM is a penetapan internal."""
    return "WBK Mandiri" if predicate == "WBK" else "penetapan internal"


def badges(reg: Registry, unit: Unit) -> list[dict]:
    """Predicate badges for lists: one per award, marking revoked ones and those an institution set itself."""
    return [{"predicate": a.predicate, "year": a.year, "revoked": unit.is_revoked(a.predicate),
             "mark": internal_mark(reg, a)} for a in unit.awards]


def unit_summary(reg: Registry, unit: Unit) -> dict:
    """A unit as one row of a list."""
    return {
        "id": unit.id, "name": unit.name, "route": routes.unit(unit.id), "badges": badges(reg, unit),
        "institution": institution_ref(reg, unit.institution_id), "province": province_ref(unit.province),
        "city": city_label(reg, unit), "place": place_link(reg, unit),
        "latest": latest_view(reg, unit), "revoked": any(unit.is_revoked(p) for p in
                                                                              ("WBK", "WBBM")),
    }


def unit_link(unit: Unit) -> dict:
    """A link to a unit page."""
    return {"name": unit.name, "route": routes.unit(unit.id)}


def round_row(reg: Registry, unit: Unit, award: Award) -> dict:
    """A unit in a round's list: where it is and the predicate it got that round."""
    return {"name": unit.name, "route": routes.unit(unit.id), "city": city_label(reg, unit),
            "province": province_ref(unit.province), "predicate": award.predicate,
            "mandiri": internal_label(award.predicate) if award.set_internally else "",
            "mark": internal_mark(reg, award), "predicate_revoked": unit.is_revoked(award.predicate)}


def unit_facts(reg: Registry, unit: Unit) -> dict:
    """A unit as its own page shows it: names, place and the predicate it holds now."""
    return {"id": unit.id, "name": unit.name, "route": routes.unit(unit.id),
            "institution": institution_ref(reg, unit.institution_id), "province": province_ref(unit.province),
            "city": city_label(reg, unit), "place": place_link(reg, unit),
            "latest": latest_view(reg, unit)}


def latest_view(reg: Registry, unit: Unit) -> dict:
    """The last award recorded for a unit, who set it, and whether a revocation of its predicate was recorded."""
    award = unit.latest_award
    return {"predicate": award.predicate, "year": award.year, "year_basis": year_basis_note(award),
            "year_basis_date": year_basis_date(award), "revoked": unit.latest_revoked,
            "set_by": setter_label(reg, award.set_by, award.predicate),
            "setter": setter_phrase(reg, award.set_by, award.predicate), "mark": internal_mark(reg, award),
            "mandiri": award.set_internally}


def year_basis_note(award: Award) -> str:
    """How a dated award's year is known, said on the page only when it was derived (empty otherwise)."""
    return YEAR_BASIS_LABELS[award.year_basis] if award.year is not None and award.year_basis != "stated" else ""


def year_basis_date(award: Award):
    """The date a year "menurut tanggal penyerahan" was read from: the award's own handover date, never
    another's (the round's ceremony may fall in another year); None when the award records none."""
    handover = award.handover
    if award.year is not None and award.year_basis == "handover_date" and handover is not None:
        return handover.date
    return None


def ceremony_view(rnd: Round | None) -> dict | None:
    """A round's ceremony facts, or None when nothing is known."""
    if rnd is None:
        return None
    c = rnd.ceremony
    return {"date": c.date, "place": c.place, "handed_over_by": c.handed_over_by, "theme": c.theme,
            "note": c.note, "source_url": c.source_url,
            "outlet": c.outlet or (outlet_of(c.source_url) if c.source_url else "")}


def award_view(reg: Registry, unit: Unit, award: Award, numbers: dict[str, int]) -> dict:
    """One line of a unit's predicate history: each fact with the numbers of the sources that state it.

    The round's ceremony is not here: it is the round's (year page); only the award's own handover is. A field
    declared shown (model/fields.py) is here under its name; the template shows it where the record states it."""
    rnd = reg.rounds.get(award.year) if award.year is not None else None
    return {
        **{name: getattr(award, attr) for name, attr in SHOWN},  # as the model holds them; the rest worked out here
        "year": award.year, "year_route": routes.year(award.year) if rnd else None, "predicate": award.predicate,
        "year_basis": year_basis_note(award), "year_basis_date": year_basis_date(award),
        "cite": award_cites(award, numbers),
        "set_by": setter_label(reg, award.set_by, award.predicate), "mandiri": award.set_internally,
        "setter": setter_phrase(reg, award.set_by, award.predicate), "mark": internal_mark(reg, award),
        "handover": handover_view(award, numbers),
        "news_only": award.news_only, "note": award.note, "revoked": unit.is_revoked(award.predicate),
        "name_as_awarded": award.name_as_awarded if award.name_as_awarded != unit.name else "",
        "institution_as_awarded": (institution_ref(reg, award.institution_as_awarded)
                                   if award.institution_as_awarded != unit.institution_id else None),
    }


def total_view(total: ReportedTotal) -> dict:
    """One reported total, its source named by its outlet (or the address's host)."""
    return {"wbk": total.wbk, "wbbm": total.wbbm, "proposed": total.proposed, "source_url": total.source_url,
            "total": total.total if total.total is not None else _sum(total.wbk, total.wbbm),
            "note": total.note, "qualified": bool(total.note), "outlet": total.outlet or outlet_of(total.source_url)}


def _sum(a: int | None, b: int | None) -> int | None:
    return a + b if a is not None and b is not None else None


TOTAL_FIELDS = (("total", "total"), ("wbk", "WBK"), ("wbbm", "WBBM"), ("proposed", "usulan"))


def disagreements(totals: list[dict]) -> list[dict]:
    """Each figure that sources give differently, with every value and who gave it; nothing is averaged."""
    found = []
    for key, label in TOTAL_FIELDS:
        given = [(t[key], t["outlet"]) for t in totals if t[key] is not None]
        if len({value for value, _ in given}) > 1:
            found.append({"label": label, "figures": [{"value": v, "outlet": o} for v, o in given]})
    return found


def institution_totals(reg: Registry, year: int, held: dict[tuple[str, str], dict]) -> list[dict]:
    """An institution's own reported counts for a round, beside the records held for it and that setter."""
    rows = []
    for total in reg.rounds[year].reported_totals:
        if total.national:
            continue
        inst_id = total.institution or total.set_by
        rows.append(total_view(total) | {
            "institution": institution_ref(reg, inst_id), "set_by": setter_label(reg, total.set_by),
            "mandiri": total.set_by != DEFAULT_SETTER,
            "held": held.get((inst_id, total.set_by), dict.fromkeys(("WBK", "WBBM", "total"), 0))})
    return rows


def held_by_institution(awarded: list[tuple[Unit, Award]]) -> dict[tuple[str, str], dict]:
    """Awards of one round held here, by (the institution named when awarded, who set them)."""
    held: dict[tuple[str, str], dict] = {}
    for _, award in awarded:
        key = (award.institution_as_awarded, award.set_by)
        counts = held.setdefault(key, dict.fromkeys(("WBK", "WBBM", "total"), 0))
        counts[award.predicate] += 1
        counts["total"] += 1
    return held


def totals_of_institution(reg: Registry, inst_id: str, units: list[Unit]) -> list[dict]:
    """Every round's reported count for one institution, beside the awards held here for it and that setter."""
    awarded = [(u, a) for u in units for a in u.awards if a.year is not None]
    rows = []
    for year in sorted(reg.rounds):
        held = held_by_institution([(u, a) for u, a in awarded if a.year == year])
        rows += [row | {"year": year, "route": routes.year(year)} for row in institution_totals(reg, year, held)
                 if row["institution"]["id"] == inst_id]
    return rows


def internal_groups(reg: Registry, held: dict[tuple[str, str], dict]) -> list[dict]:
    """The predicates institutions set themselves in a round, one row per setter, apart from KemenPANRB's."""
    rows: dict[str, dict] = {}
    for (_, setter), counts in sorted(held.items()):
        if setter in (DEFAULT_SETTER, SETTER_UNSTATED):
            continue
        row = rows.setdefault(setter, {"set_by": setter_label(reg, setter, None), "WBK": 0, "WBBM": 0, "total": 0})
        for key in ("WBK", "WBBM", "total"):
            row[key] += counts[key]
    return list(rows.values())


def revocation_view(reg: Registry, rev) -> dict:
    """A revocation with the unit it concerns."""
    unit = reg.units[rev.unit_id]
    return {"unit": unit_summary(reg, unit), "predicate": rev.predicate, "revoked_on": rev.revoked_on,
            "reason": rev.reason, "source_url": rev.source_url}


def lineage(reg: Registry, inst: Institution) -> dict:
    """Which institutions this one took over from, and which took over from it."""
    before = [institution_ref(reg, i.id) for i in reg.institutions.values() if inst.id in i.succeeded_by]
    after = [institution_ref(reg, i) for i in inst.succeeded_by]
    return {"predecessors": before, "successors": after}


def category_label(category: str) -> str:
    """The Indonesian label of an institution category."""
    return CATEGORY_LABELS[category]


def predicate_counts(units: list[Unit]) -> dict:
    """How many of these units were last recorded with WBK and with WBBM, and how many with that one revoked."""
    counts = {"WBK": 0, "WBBM": 0, "revoked": 0, "total": len(units)}
    for unit in units:
        counts[unit.status_key] += 1
    return counts


def round_counts(reg: Registry, year: int | None) -> dict:
    """Awards held here for one round, by predicate (worked out when the registry was linked)."""
    found = reg.round_counts.get(year) if year is not None else None
    counts = dict(found) if found is not None else dict.fromkeys(("WBK", "WBBM", "total"), 0)
    return {key: counts.get(key, 0) for key in ("WBK", "WBBM", "total")} | {
        setter: {key: counts.get(f"{setter}_{key}", 0) for key in ("WBK", "WBBM", "total")}
        for setter in ("kemenpanrb", "internal", "unstated")}


def article_ref(article) -> dict:
    """A link to a news item."""
    return {"title": article.title, "date": article.date, "route": routes.news(article.slug),
            "source": article.source, "summary": article.summary}


def report_links(unit: Unit) -> list[dict]:
    """Where a citizen can report a concern about a unit."""
    return [
        {"name": "LAPOR! (SP4N)", "url": "https://www.lapor.go.id/",
         "text": "Pengaduan layanan publik nasional, diteruskan ke instansi yang bersangkutan."},
        {"name": "KPK Whistleblowing System", "url": "https://kws.kpk.go.id/",
         "text": "Laporan dugaan tindak pidana korupsi kepada Komisi Pemberantasan Korupsi."},
        {"name": "Ombudsman RI", "url": "https://ombudsman.go.id/",
         "text": "Laporan maladministrasi pelayanan publik."},
    ]


@dataclass(frozen=True, slots=True)
class SiteRoute:
    """A route inside structured data; the json_ld filter writes it as this deploy's URL."""

    route: str


@dataclass(frozen=True, slots=True)
class SiteSetting:
    """The name of a site setting (title, licence) that the json_ld filter fills in."""

    name: str


def award_phrase(reg: Registry, unit: Unit, award: Award) -> str:
    """One award as schema.org text: 'WBBM 2020, ditetapkan KemenPANRB', marked when revoked."""
    year = award.year if award.year is not None else "tahun tidak diketahui"
    revoked = ", dicabut" if unit.is_revoked(award.predicate) else ""
    setter = setter_phrase(reg, award.set_by, award.predicate).removeprefix("ditetapkan oleh ")
    return f"{PREDICATE_NAMES[award.predicate]} ({award.predicate}) {year}, ditetapkan {setter}{revoked}" \
        if award.set_by != SETTER_UNSTATED else \
        f"{PREDICATE_NAMES[award.predicate]} ({award.predicate}) {year}, {setter}{revoked}"


def unit_linked_data(reg: Registry, unit: Unit) -> dict:
    """schema.org GovernmentOrganization for a unit page, with its parent and its awards."""
    inst = reg.institutions[unit.institution_id]
    data = {"@context": "https://schema.org", "@type": "GovernmentOrganization", "@id": SiteRoute(routes.unit(unit.id)),
            "name": unit.name, "url": SiteRoute(routes.unit(unit.id)),
            "parentOrganization": {"@type": "GovernmentOrganization", "name": inst.name,
                                   "url": SiteRoute(routes.institution(inst.id))},
            "award": [award_phrase(reg, unit, a) for a in unit.awards],
            "subjectOf": {"@type": "Dataset", "name": f"Data {unit.name}", "encodingFormat": "application/json",
                          "url": SiteRoute(routes.unit_json(unit.id))}}
    if unit.former_names:
        data["alternateName"] = list(unit.former_names)
    address = {"@type": "PostalAddress", "addressCountry": "ID"}
    if unit.province:
        address["addressRegion"] = unit.province
    if unit.city:
        address["addressLocality"] = city_label(reg, unit)
    data["address"] = address
    return data


def dataset_linked_data(reg: Registry, downloads: list[dict]) -> dict:
    """schema.org Dataset for the open data page: what it holds, its licence and every download."""
    years = sorted(reg.rounds)
    files = [{"@type": "DataDownload", "encodingFormat": fmt, "name": f"{d['name']}.{ext}",
              "contentUrl": SiteRoute(d[ext])} for d in downloads
             for ext, fmt in (("csv", "text/csv"), ("json", "application/json"))]
    data = {"@context": "https://schema.org", "@type": "Dataset", "name": SiteSetting("title"),
            "description": ("Unit kerja pemerintah Indonesia yang meraih predikat Menuju Wilayah Bebas dari Korupsi "
                            "(WBK) dan Menuju Wilayah Birokrasi Bersih dan Melayani (WBBM), setiap catatan dengan "
                            "sumbernya: tahun, predikat, instansi, provinsi, penetap predikat dan pencabutan."),
            "url": SiteRoute(routes.open_data()), "inLanguage": "id", "isAccessibleForFree": True,
            "license": {"@type": "CreativeWork", "name": SiteSetting("licence")},
            "creator": {"@type": "Organization", "name": SiteSetting("title")},
            "keywords": ["Zona Integritas", "WBK", "WBBM", "antikorupsi", "reformasi birokrasi", "KemenPANRB"],
            "spatialCoverage": {"@type": "Place", "name": "Indonesia"}, "distribution": files}
    if years:
        data["temporalCoverage"] = f"{years[0]}/{years[-1]}"
    if reg.last_changed:
        data["dateModified"] = reg.last_changed.isoformat()
    return data


def awards_chart(reg: Registry) -> dict:
    """Awards held here per round, stacked WBK/WBBM, oldest round on the left."""
    rows = [{"label": str(y), "values": round_counts(reg, y)} for y in sorted(reg.rounds)]
    held = sum(r["values"]["total"] for r in rows)
    undated = reg.summary["undated_awards"]
    desc = f"Catatan penghargaan di registri ini per tahun: {charts.angka(held)} catatan"
    if rows:
        peak = max(rows, key=lambda r: r["values"]["total"])
        desc += (f" dari {rows[0]['label']} sampai {rows[-1]['label']}; terbanyak {peak['label']} dengan "
                 f"{charts.angka(peak['values']['total'])} ({charts.angka(peak['values']['WBK'])} WBK, "
                 f"{charts.angka(peak['values']['WBBM'])} WBBM)")
    desc += "." + (f" {charts.angka(undated)} catatan tanpa tahun tidak termasuk." if undated else "")
    return charts.column_chart("grafik-per-tahun", "Penghargaan per tahun di registri ini", desc, rows,
                               charts.PREDICATE_SERIES, "Tahun")


def category_chart(reg: Registry, year: int, awarded: list[tuple[Unit, Award]]) -> dict:
    """Units awarded in one round by institution category, stacked by the predicate they got."""
    rows = [{"label": CATEGORY_LABELS[c], "values": {"WBK": 0, "WBBM": 0}} for c in CATEGORIES]
    for unit, award in awarded:
        rows[CATEGORIES.index(reg.institutions[unit.institution_id].category)]["values"][award.predicate] += 1
    parts = ", ".join(f"{r['label']} {charts.angka(charts.total(r, charts.PREDICATE_SERIES))}" for r in rows)
    desc = f"Unit kerja penerima {year} yang tercatat di registri ini, menurut kategori instansi: {parts}."
    return charts.bar_chart(f"grafik-kategori-{year}", f"Penerima {year} menurut kategori instansi", desc, rows,
                            charts.PREDICATE_SERIES, "Kategori instansi")
