"""Gather everything, then cross-link: the one consistent Registry every page is rendered from."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from sitegen.errors import Problems, RegistryError
from sitegen.load.examples import search_examples
from sitegen.load.identity import UnitIndex, build_units, candidate_ids, unit_redirects
from sitegen.load.prose import check_required_pages, read_articles, read_pages
from sitegen.load.validate import (
    Institutions,
    is_unusable,
    read_institutions,
    read_revocations,
    read_round,
    read_unit_specs,
    round_files,
)
from sitegen.model import routes
from sitegen.model.places import Resolution, places_of_province, resolve, split_kind
from sitegen.model.records import (
    DEFAULT_SETTER,
    PREDICATES,
    SETTER_UNSTATED,
    Article,
    Institution,
    ProsePage,
    Registry,
    Revocation,
    Round,
    Unit,
)

T = TypeVar("T")
# Awards per round: all, those KemenPANRB set, and those institutions set themselves (WBK Mandiri).
ROUND_COUNT_KEYS = tuple(f"{prefix}{key}" for prefix in ("", "kemenpanrb_", "internal_", "unstated_")
                         for key in ("WBK", "WBBM", "total"))
RoundsReader = Callable[[list[Path], Problems], list[tuple]]  # round files -> (header, records) of each


class PlainLoading:
    """How load_registry reads files and makes units: everything afresh, one file after another.

    The one place the speed machinery still reaches into a core stage: it passes a subclass
    (cache/unit_memo.py) that takes round files from a cache, reads on both cores and reuses the
    units of the last build; the registry is the same either way (tests/test_speed_off.py).
    """

    def read_rounds(self, paths: list[Path], problems: Problems) -> list[tuple]:
        """validate.read_round of every file, in order."""
        return [read_round(path, problems) for path in paths]

    def read_file(self, read: Callable[[Path, Problems], T], path: Path, problems: Problems) -> T:
        """read(path, problems): one of the small files besides the rounds."""
        return read(path, problems)

    def unchecked(self, awards: list[dict], known: Institutions) -> list[dict]:
        """The award records to check against the institutions: all of them."""
        return awards

    def checked(self, awards: list[dict], known: Institutions, valid: bool) -> None:
        """Told whether every award record was found valid against these institutions."""

    def build_units(self, awards: list[dict], index: UnitIndex) -> dict[str, Unit]:
        """The units the award records make (identity.build_units)."""
        return build_units(awards, index)

    def candidate_ids(self, unit: Unit) -> dict[str, tuple[str, str]]:
        """The ids a unit's other names give (identity.candidate_ids)."""
        return candidate_ids(unit)

    def link(self, institutions: dict[str, Institution], units: dict[str, Unit], rounds: dict[int, Round],
             articles: list[Article], pages: dict[str, ProsePage], redirects: tuple) -> Registry:
        """The registry with its indexes, orders and counts (link_registry)."""
        return link_registry(institutions, units, rounds, articles, pages, redirects)


def load_registry(root: Path, loading: PlainLoading | None = None) -> tuple[Registry, list]:
    """Read and validate data/ and site_src/ under root; raise DataError listing every problem.

    loading: how files are read and units made (PlainLoading, or a quicker one that gives the same).
    """
    load = loading or PlainLoading()
    problems = Problems(root)
    data = root / "data"
    known = load.read_file(read_institutions, data / "institutions.yaml", problems)
    institutions = known.by_id
    index = UnitIndex(problems, known)
    for spec in read_unit_specs(data / "units.yaml", problems):
        index.add_spec(spec)
    before = len(problems.items)
    rounds, awards, unusable = read_all_rounds(data / "awards", problems, load.read_rounds)
    fresh = load.unchecked(awards, known)
    check_award_institutions([*fresh, *unusable], known, problems)
    check_total_institutions(rounds, known, data, problems)
    load.checked(awards, known, len(problems.items) == before)
    units = load.build_units([a for a in awards if a["institution"] in institutions], index)
    units_complete = len(problems.items) == before  # else a revocation may name a unit whose award failed
    redirects = unit_redirects(units, problems, index, load.candidate_ids)
    units = attach_revocations(units, redirects, data / "revocations.yaml", problems, units_complete)
    articles = read_articles(root / "site_src" / "news", problems)
    check_article_refs([(a, path, marks) for a, path, _, marks in articles], known, round_years(data / "awards"),
                       problems)
    pages = read_pages(root / "site_src" / "pages", problems)
    check_required_pages(pages, root / "site_src" / "pages", problems)
    problems.raise_if_any()
    registry = load.link(institutions, units, rounds, [a for a, _, _, _ in articles],
                         {slug: p for slug, (p, _, _) in pages.items()}, redirects)
    sources = [(routes.news(a.slug), path, line, a.html) for a, path, line, _ in articles]
    sources += [(routes.prose(slug), path, line, p.html) for slug, (p, path, line) in pages.items()]
    return registry, sources


def read_all_rounds(awards_dir: Path, problems: Problems,
                    rounds_reader: RoundsReader) -> tuple[dict[int, Round], list[dict], list[dict]]:
    """Every round header by year, every usable award record of every round file, and what is left of
    the records that had a problem (validate.unusable_award)."""
    rounds: dict[int, Round] = {}
    awards: list[dict] = []
    unusable: list[dict] = []
    for header, records in rounds_reader(round_files(awards_dir, problems), problems):
        if header is not None:
            rounds[header.year] = header
        for rec in records:
            (unusable if is_unusable(rec) else awards).append(rec)
    awards.sort(key=lambda a: (a["year"] is not None, a["year"] or 0, str(a["file"]), a["_line"]))
    return rounds, awards, unusable


def round_years(awards_dir: Path) -> set[int]:
    """The years that have a round file, readable or not (so a broken file is reported once, by itself)."""
    return {int(p.stem) for p in awards_dir.glob("*.y*ml") if p.stem.isdigit()} if awards_dir.is_dir() else set()


def check_award_institutions(awards: list[dict], known: Institutions, problems: Problems) -> None:
    """Every award names a known institution, and set_by is KemenPANRB or a known institution."""
    for rec in awards:
        marks = rec["_marks"]
        if rec["institution"] is not None and known.is_unknown(rec["institution"]):
            problems.add(rec["file"], *marks.mark("institution"), f"unknown institution id '{rec['institution']}'",
                         "use an id from data/institutions.yaml, or add the institution there")
        if rec["set_by"] not in (None, DEFAULT_SETTER, SETTER_UNSTATED) and known.is_unknown(rec["set_by"]):
            problems.add(rec["file"], *marks.mark("set_by"), f"unknown set_by '{rec['set_by']}'",
                         "use kemenpanrb, the id of the institution that set it (WBK Mandiri), or "
                         f"{SETTER_UNSTATED} when the source does not say")


def check_total_institutions(rounds: dict[int, Round], known: Institutions, data: Path, problems: Problems) -> None:
    """A reported total names known institutions for whose count it is and for who set the predicates."""
    for rnd in rounds.values():
        for total in rnd.reported_totals:
            for key, value in (("institution", total.institution), ("set_by", total.set_by)):
                if value and value not in (DEFAULT_SETTER, SETTER_UNSTATED) and known.is_unknown(value):
                    problems.add(data.parent / rnd.file, total.line, 1,
                                 f"reported total names unknown {key} '{value}'",
                                 "use an id from data/institutions.yaml (set_by: kemenpanrb for national counts)")


def attach_revocations(units: dict[str, Unit], redirects: tuple, path: Path, problems: Problems,
                       units_complete: bool = True) -> dict[str, Unit]:
    """Give each unit its revocations; a revocation must name a unit and a predicate it was awarded.

    When some award records were unusable the units are incomplete, so a revocation naming a missing
    unit is not reported: it is most likely the unit of the broken record, already reported.
    """
    units = dict(units)  # a new mapping: the dev server keeps the one it was given (cache/unit_memo.Grouping)
    aliases = {r.old_id: r.unit_id for r in redirects}
    by_unit: dict[str, list[Revocation]] = {}
    for rev, rec in read_revocations(path, problems):
        uid = aliases.get(rev.unit_id, rev.unit_id)
        unit = units.get(uid)
        line, col = rec["_marks"].mark("unit")
        if unit is None:
            if units_complete:
                problems.add(path, line, col, f"revocation names unknown unit '{rev.unit_id}'",
                             "use the id shown in the unit's URL: /unit/<institution>/<slug>/")
            continue
        if not any(a.predicate == rev.predicate for a in unit.awards):
            if units_complete:
                problems.add(path, *rec["_marks"].mark("predicate"),
                             f"unit '{uid}' holds no {rev.predicate} award in the registry",
                             "add the award (with its source) to a round file first")
            continue
        by_unit.setdefault(uid, []).append(replace(rev, unit_id=uid))
    for uid, revs in by_unit.items():
        units[uid] = replace(units[uid], revocations=tuple(sorted(revs, key=_revocation_order)))
    return units


def _revocation_order(rev: Revocation) -> tuple:
    return (rev.year, str(rev.revoked_on), rev.predicate)


def check_article_refs(articles: list, known: Institutions, years: set[int], problems: Problems) -> None:
    """News front matter may only name institutions and rounds that exist."""
    for article, path, marks in articles:
        for inst in article.institutions:
            if known.is_unknown(inst):
                problems.add(path, *marks.mark("institutions"), f"news names unknown institution '{inst}'",
                             "use ids from data/institutions.yaml in 'institutions'")
        if article.year is not None and article.year not in years:
            problems.add(path, *marks.mark("year"),
                         f"news names round {article.year}, which has no data/awards/{article.year}.yaml",
                         "fix the year, or add the round file")


def link_registry(institutions: dict[str, Institution], units: dict[str, Unit], rounds: dict[int, Round],
                  articles: list[Article], pages: dict[str, ProsePage], redirects: tuple) -> Registry:
    """Index units by institution, year and province once, so no page has to search; count what pages show.

    The counts (awards per round, units per province and per predicate, see model.Registry) are
    made here, so a page showing them depends on these small values instead of on every unit.
    """
    by_inst: dict[str, list[str]] = {}
    by_year: dict[int, list[str]] = {}
    # An institution page links to its province's page, so that page exists even when no unit has the province.
    by_province: dict[str, list[str]] = {i.province: [] for i in institutions.values() if i.province}
    revocations = []
    round_counts: dict[int, dict[str, int]] = {}
    holders: dict[str, list[str]] = {p: [] for p in PREDICATES}
    per_year: dict[str, dict[int, int]] = {p: {} for p in PREDICATES}
    per_inst: dict[str, dict[str, int]] = {p: {} for p in PREDICATES}
    internal: dict[str, dict[int | None, int]] = {p: {} for p in PREDICATES}  # awards institutions set themselves
    revoked = dict.fromkeys(PREDICATES, 0)
    undated, without_province, undated_awards, award_count = [], [], 0, 0
    located: list[tuple[str, str, str]] = []  # (unit id, province, city) of units whose place is known
    now = {name: {"WBK": 0, "WBBM": 0, "revoked": 0, "total": 0} for name in by_province}  # per province
    everywhere = {"WBK": 0, "WBBM": 0, "revoked": 0, "total": len(units)}
    for uid, unit in units.items():
        by_inst.setdefault(unit.institution_id, []).append(uid)
        held: dict[str, set] = {}
        years = set()
        missing = 0
        for award in unit.awards:
            predicate, year = award.predicate, award.year
            if award.set_internally:
                internal[predicate][year] = internal[predicate].get(year, 0) + 1
            if year is None:
                missing += 1
                held.setdefault(predicate, set())
                continue
            held.setdefault(predicate, set()).add(year)
            years.add(year)
            counts = round_counts.get(year)
            if counts is None:
                counts = round_counts[year] = dict.fromkeys(ROUND_COUNT_KEYS, 0)
            counts[predicate] += 1
            counts["total"] += 1
            setter = award.setter_kind
            counts[f"{setter}_{predicate}"] += 1
            counts[f"{setter}_total"] += 1
        award_count += len(unit.awards)
        for year in years:
            by_year.setdefault(year, []).append(uid)
        current = unit.status_key
        everywhere[current] += 1
        if unit.province:
            by_province.setdefault(unit.province, []).append(uid)
            counts = now.get(unit.province)
            if counts is None:
                counts = now[unit.province] = {"WBK": 0, "WBBM": 0, "revoked": 0, "total": 0}
            counts[current] += 1
            counts["total"] += 1
            if unit.city:
                located.append((uid, unit.province, unit.city))
        else:
            without_province.append(uid)
        if missing:
            undated.append(uid)
            undated_awards += missing
        for predicate, got in held.items():
            holders[predicate].append(uid)
            counted = per_year[predicate]
            for year in got:
                counted[year] = counted.get(year, 0) + 1
            counted = per_inst[predicate]
            counted[unit.institution_id] = counted.get(unit.institution_id, 0) + 1
        if unit.revocations:
            revocations.extend(unit.revocations)
            for predicate in held:
                revoked[predicate] += unit.is_revoked(predicate)
    ordered = sorted(articles, key=lambda a: (a.date, a.slug), reverse=True)
    rank = {uid: n for n, uid in enumerate(sorted(units, key=lambda u: (units[u].name.casefold(), u)))}
    by_province_sorted = _sorted_groups(by_province, rank)
    summary: dict[str, object] = {
        "counts": everywhere, "units": len(units), "awards": award_count, "undated": tuple(undated),
        "undated_awards": undated_awards, "without_province": tuple(without_province),
        "first_unit": next(iter(units), None)}
    summary.update(letter_groups(units, rank))
    summary["examples"] = search_examples(units, institutions, by_inst, by_province_sorted)
    for predicate in PREDICATES:
        summary["predicate:" + predicate] = {
            "units": tuple(sorted(holders[predicate], key=rank.__getitem__)), "revoked": revoked[predicate],
            "by_year": tuple(sorted(per_year[predicate].items(), reverse=True)),
            "internal": sum(internal[predicate].values()),
            "internal_by_year": {y: n for y, n in internal[predicate].items() if y is not None},
            "by_institution": tuple(sorted(per_inst[predicate].items(),
                                           key=lambda item: (-item[1], institutions[item[0]].name)))}
    places = link_places(units, institutions, located)
    return Registry(
        institutions=institutions, units=units, rounds=rounds,
        revocations=tuple(sorted(revocations, key=_revocation_order)), articles=tuple(ordered), pages=pages,
        redirects=redirects, units_by_institution=_sorted_groups(by_inst, rank),
        units_by_year=_sorted_groups(by_year, rank), units_by_province=by_province_sorted,
        last_changed=last_changed(rounds, revocations, ordered),
        round_counts={year: round_counts[year] for year in sorted(round_counts)},
        province_counts={name: now[name] for name in by_province_sorted},
        units_by_place=_sorted_groups(places.pop("units_by_place"), rank), **places, summary=summary)


def link_places(units: dict[str, Unit], institutions: dict[str, Institution],
                located: list[tuple[str, str, str]]) -> dict[str, object]:
    """How each located unit's city resolved (places.resolve), the units and counts of each place, every
    official kabupaten/kota of the provinces shown, the ambiguous records as warnings and the former
    place slugs that redirect; the Registry's place fields by name."""
    place_of = {uid: resolve_unit(units[uid], institutions) for uid, _, _ in located}
    by_place: dict[tuple[str, str], list[str]] = {}
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for uid, resolution in place_of.items():
        if resolution.place is None:
            continue
        key = (resolution.place.province, resolution.place.slug)
        by_place.setdefault(key, []).append(uid)
        found = counts.setdefault(key, {"WBK": 0, "WBBM": 0, "revoked": 0, "total": 0})
        found[units[uid].status_key] += 1
        found["total"] += 1
    provinces = {i.province for i in institutions.values() if i.province} | {u.province for u in units.values()}
    return {"place_of": place_of, "units_by_place": by_place, "place_counts": {k: counts[k] for k in sorted(counts)},
            "places_by_province": {p: places_of_province(p) for p in sorted(x for x in provinces if x)},
            "place_warnings": ambiguous_places(units, place_of), "place_aliases": place_aliases(units, place_of)}


def resolve_unit(unit: Unit, institutions: dict[str, Institution]) -> Resolution:
    """The kabupaten/kota a located unit's city means, its name and institution helping (places.resolve)."""
    inst = institutions.get(unit.institution_id)
    return resolve(unit.province or "", unit.city or "", unit.name, (inst.category, inst.name) if inst else ("", ""))


def ambiguous_places(units: dict[str, Unit], place_of: dict[str, Resolution]) -> tuple[str, ...]:
    """One warning per unit whose city stays ambiguous, naming the record that gave it (file:line)."""
    found = []
    for uid, resolution in place_of.items():
        if resolution.rule != "ambiguous":
            continue
        unit = units[uid]
        award = next(a for a in reversed(unit.awards) if a.city)
        names = " or ".join(p.name for p in resolution.candidates)
        found.append(f"{award.file}:{award.line}: city '{award.city}' of {unit.name} may be {names}; the unit is "
                     f"listed under its province only (write e.g. city: \"{award.city}, "
                     f"{resolution.candidates[0].name}\" once you know which)")
    return tuple(sorted(found, key=lambda text: (text.split(":")[0], int(text.split(":")[1]))))


def place_aliases(units: dict[str, Unit], place_of: dict[str, Resolution]) -> dict[tuple[str, str], str]:
    """Former place slugs (a city as a source spelled it: "slawi", a bare "malang") -> where they now lead:
    the place when all its units went to one, else the province page. A real place's slug is never one."""
    targets: dict[tuple[str, str], set[str]] = {}
    for uid, resolution in place_of.items():
        unit = units[uid]
        for award in unit.awards:
            if award.city and award.province == unit.province:
                slug = routes.place_slug(split_kind(award.city.rpartition(", ")[0] or award.city)[1])
                place = resolution.place
                target = routes.place(place.province, place.slug) if place else routes.province(unit.province)
                targets.setdefault((unit.province, slug), set()).add(target)
    real = {(p.province, p.slug) for r in place_of.values() if (p := r.place)}
    real |= {(p.province, p.slug) for province in {k[0] for k in targets} for p in places_of_province(province)}
    return {key: (min(found) if len(found) == 1 else routes.province(key[0]))
            for key, found in sorted(targets.items()) if key not in real}


def letter_groups(units: dict[str, Unit], rank: dict[str, int]) -> dict[str, tuple]:
    """'letters' (every first letter of a unit name, '0' for a digit or sign) and 'letter:<k>' with that
    letter's (unit id, name, a predicate revoked) in name order: the A-Z pages read these, and no unit, so
    editing a unit's sources leaves them alone."""
    groups: dict[str, list[tuple[str, str, bool]]] = {}
    for uid in sorted(units, key=rank.__getitem__):
        unit = units[uid]
        revoked = bool(unit.revocations) and any(unit.is_revoked(p) for p in PREDICATES)
        groups.setdefault(name_letter(unit.name), []).append((uid, unit.name, revoked))
    found: dict[str, tuple] = {"letters": tuple(sorted(groups))}
    found.update({"letter:" + key: tuple(items) for key, items in sorted(groups.items())})
    return found


def name_letter(name: str) -> str:
    """The A-Z key of a name: its first letter without accents, or '0' when it starts otherwise."""
    first = unicodedata.normalize("NFD", name.strip()[:1]).casefold()[:1]
    return first if "a" <= first <= "z" else "0"


def _sorted_groups(groups: dict, rank: dict[str, int]) -> dict:
    """Each group's unit ids by name (rank: every unit's place in name order), the groups by key."""
    return {key: tuple(sorted(ids, key=rank.__getitem__)) for key, ids in sorted(groups.items())}


def last_changed(rounds: dict[int, Round], revocations: list[Revocation], articles: list[Article]) -> dt.date | None:
    """The data's own latest date (SOURCE_DATE_EPOCH wins): never the clock, so builds repeat exactly."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise RegistryError(f"SOURCE_DATE_EPOCH is '{epoch}', not a whole number of seconds since 1970 "
                                "(hint: unset it, or set it e.g. with $(git log -1 --format=%ct))")
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    dates = [r.ceremony.date for r in rounds.values() if r.ceremony.date]
    dates += [r.revoked_on for r in revocations if isinstance(r.revoked_on, dt.date)]
    dates += [a.date for a in articles]
    return max(dates, default=None)
