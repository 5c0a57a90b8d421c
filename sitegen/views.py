"""Model -> plain view data for templates: names, routes and flags, never queries or rules."""

from __future__ import annotations

from sitegen import routes
from sitegen.model import CATEGORY_LABELS, Award, Institution, Registry, Round, Unit

SETTER_KEMENPANRB = "KemenPANRB"


def institution_ref(reg: Registry, inst_id: str) -> dict:
    """A link to an institution."""
    inst = reg.institutions[inst_id]
    return {"id": inst.id, "name": inst.name, "short": inst.short_name or "", "route": routes.institution(inst.id)}


def province_ref(name: str | None) -> dict | None:
    """A link to a province, or None for units abroad or without a known province."""
    return {"name": name, "route": routes.province(name)} if name else None


def setter_label(reg: Registry, set_by: str) -> str:
    """Who set the predicate: KemenPANRB, or the institution itself under WBK Mandiri."""
    if set_by == "kemenpanrb":
        return SETTER_KEMENPANRB
    inst = reg.institutions[set_by]
    return f"{inst.short_name or inst.name} (WBK Mandiri)"


def badges(unit: Unit) -> list[dict]:
    """Predicate badges for lists: one per award, marking revoked ones."""
    return [{"predicate": a.predicate, "year": a.year, "revoked": unit.is_revoked(a.predicate)} for a in unit.awards]


def unit_summary(reg: Registry, unit: Unit) -> dict:
    """A unit as one row of a list."""
    return {
        "id": unit.id, "name": unit.name, "route": routes.unit(unit.id), "badges": badges(unit),
        "institution": institution_ref(reg, unit.institution_id), "province": province_ref(unit.province),
        "city": unit.city or "", "current": unit.current_predicate, "revoked": any(unit.is_revoked(p) for p in
                                                                                     ("WBK", "WBBM")),
    }


def ceremony_view(rnd: Round | None) -> dict | None:
    """A round's ceremony facts, or None when nothing is known."""
    if rnd is None:
        return None
    c = rnd.ceremony
    return {"date": c.date, "place": c.place, "handed_over_by": c.handed_over_by, "theme": c.theme,
            "note": c.note, "source_url": c.source_url}


def award_view(reg: Registry, unit: Unit, award: Award) -> dict:
    """One line of a unit's predicate history, with its provenance."""
    rnd = reg.rounds.get(award.year) if award.year is not None else None
    return {
        "year": award.year, "year_route": routes.year(award.year) if rnd else None, "predicate": award.predicate,
        "set_by": setter_label(reg, award.set_by), "mandiri": award.set_by != "kemenpanrb",
        "ceremony": ceremony_view(rnd) if award.set_by == "kemenpanrb" else None,
        "sources": [{"url": s.url, "title": s.title or s.url} for s in award.sources],
        "secondary": award.secondary, "note": award.note, "revoked": unit.is_revoked(award.predicate),
        "name_as_awarded": award.name_as_awarded if award.name_as_awarded != unit.name else "",
        "institution_as_awarded": (institution_ref(reg, award.institution_as_awarded)
                                   if award.institution_as_awarded != unit.institution_id else None),
    }


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
    """How many of these units currently hold WBK (only) and WBBM, and how many lost theirs."""
    counts = {"WBK": 0, "WBBM": 0, "revoked": 0, "total": len(units)}
    for unit in units:
        current = unit.current_predicate
        if current:
            counts[current] += 1
        else:
            counts["revoked"] += 1
    return counts


def round_counts(reg: Registry, year: int | None) -> dict:
    """Awards held here for one round, by predicate."""
    counts = {"WBK": 0, "WBBM": 0, "total": 0}
    for uid in reg.units_by_year.get(year, ()) if year is not None else ():
        for award in reg.units[uid].awards:
            if award.year == year:
                counts[award.predicate] += 1
                counts["total"] += 1
    return counts


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
