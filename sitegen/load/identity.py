"""Unit identity: which award names belong to one unit, its fixed id, and the former URLs that redirect."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from sitegen.errors import Problems
from sitegen.load.validate import Institutions
from sitegen.model.fields import AWARD, model_pairs
from sitegen.model.records import Award, Redirect, Unit
from sitegen.model.routes import unit_slug

T = TypeVar("T")
AWARD_PAIRS = model_pairs(AWARD)  # (Award attribute, record key): every award field the model carries


@lru_cache(maxsize=1 << 17)  # every award's name is keyed on every load
def name_key(name: str) -> str:
    """Names that differ only in case or spacing are the same name."""
    return " ".join(name.split()).casefold()


@dataclass
class _Claim:
    """Who first produced an id: the name and where it was written."""

    name: str
    file: Path
    line: int


@dataclass
class UnitIndex:
    """Maps (institution, name) to unit ids, from data/units.yaml and then from first appearance."""

    problems: Problems
    institutions: Institutions
    by_name: dict[tuple[str, str], str] = field(default_factory=dict)
    claims: dict[str, _Claim] = field(default_factory=dict)
    specs: dict[str, dict] = field(default_factory=dict)

    def add_spec(self, spec: dict) -> None:
        """Register an explicit unit: every (institution, name) pair it answers to."""
        uid = spec["id"]
        inst_ids = self.spec_institutions(spec)
        for inst in inst_ids:
            if self.institutions.is_unknown(inst):
                self.problems.add(spec["file"], spec["_line"], spec["_col"],
                                  f"unit '{uid}' names unknown institution '{inst}'",
                                  "add it to data/institutions.yaml, or fix the id")
            if inst not in self.institutions.by_id:
                return
        if uid in self.specs:
            first = self.specs[uid]["_line"]
            self.problems.add(spec["file"], *spec["_marks"].mark("id"),
                              f"unit id '{uid}' is given twice (first on line {first})",
                              "merge the two entries of data/units.yaml into one")
            return
        self.specs[uid] = spec
        self.claims[uid] = _Claim(spec["name"], spec["file"], spec["_line"])
        for inst in inst_ids:
            for name in (spec["name"], *(spec["former_names"] or ())):
                field_name = "name" if name == spec["name"] else "former_names"
                self._claim_name((inst, name_key(name)), uid, spec["file"], spec["_marks"].mark(field_name))

    def spec_institutions(self, spec: dict) -> list[str]:
        """The current institution first, then the former ones, then the one in the id."""
        current = spec["institution"] or spec["id"].split("/")[0]
        rest = [*(spec["former_institutions"] or ()), spec["id"].split("/")[0]]
        return list(dict.fromkeys([current, *rest]))

    def _claim_name(self, key: tuple[str, str], uid: str, file: Path, at: tuple[int, int]) -> None:
        other = self.by_name.get(key)
        if other is not None and other != uid:
            self.problems.add(file, *at, f"the name '{key[1]}' of {key[0]} belongs to both '{other}' and '{uid}'",
                              "a name can belong to one unit only; remove it from one entry")
            return
        self.by_name[key] = uid

    def resolve(self, award: dict) -> str | None:
        """The id of the unit an award names, creating it on first appearance."""
        key = (award["institution"], name_key(award["unit"]))
        known = self.by_name.get(key)
        if known is not None:
            return known
        slug = award["_slug"]  # slugged when the round file was read (and cached with it)
        if not slug:
            self.problems.add(award["file"], award["_line"], award["_col"],
                              f"the unit name '{award['unit']}' gives an empty URL",
                              "write the unit's name with letters or digits")
            return None
        uid = f"{award['institution']}/{slug}"
        claim = self.claims.get(uid)
        if claim is not None:
            self.problems.add(award["file"], award["_line"], award["_col"],
                              f"slug collision: '{award['unit']}' and '{claim.name}' "
                              f"({self.problems.display(claim.file)}:{claim.line}) would both be /unit/{uid}/",
                              "if they are one unit, list the other name under former_names in data/units.yaml; "
                              "if not, give one of them an explicit id there")
            return None
        self.claims[uid] = _Claim(award["unit"], award["file"], award["_line"])
        self.by_name[key] = uid
        return uid


@dataclass
class Resolved:
    """How award records resolved into units: each record's unit id, and each unit's records and places."""

    uids: list[str | None]
    grouped: dict[str, list[dict]]
    positions: dict[str, list[int]]


def resolve_all(awards: list[dict], index: UnitIndex) -> Resolved:
    """Resolve every award record to its unit (in order: the first name met claims a slug)."""
    resolved = Resolved([], {}, {})
    for place, rec in enumerate(awards):
        uid = index.resolve(rec)
        resolved.uids.append(uid)
        if uid is not None:
            resolved.grouped.setdefault(uid, []).append(rec)
            resolved.positions.setdefault(uid, []).append(place)
    report_repeats(resolved.grouped, index.problems)
    return resolved


def build_units(awards: list[dict], index: UnitIndex) -> dict[str, Unit]:
    """Group resolved awards into units; current name and place come from the latest award."""
    grouped = resolve_all(awards, index).grouped
    return {uid: unit_of(uid, grouped[uid], index.specs.get(uid), index.problems) for uid in sorted(grouped)}


def unit_of(uid: str, records: list[dict], spec: dict | None, problems: Problems) -> Unit:
    """A unit from its award records (in file order) and optional units.yaml entry."""
    history = tuple(sorted((make_award(uid, rec, problems) for rec in records), key=award_order))
    return make_unit(uid, history, spec)


def make_award(uid: str, rec: dict, problems: Problems) -> Award:
    """An Award from a checked record: each field the model carries (model/fields.py), and where it was read."""
    return Award(unit_id=uid, year=rec["year"], **{attr: rec[key] for attr, key in AWARD_PAIRS},
                 file=problems.display(rec["file"]), line=rec["_line"])


def award_order(award: Award) -> tuple:
    """Undated awards first (they are the oldest we can say nothing about), then by year and predicate."""
    return (award.year is not None, award.year or 0, award.predicate == "WBBM", award.file, award.line)


def report_repeats(grouped: dict[str, list[dict]], problems: Problems) -> None:
    """The same unit may appear only once in one round (its file); both records are named.

    Undated awards are the exception for different predicates: a source may say a unit holds WBK and later WBBM
    without giving either year.
    """
    for uid, records in grouped.items():
        seen: dict[tuple, dict] = {}
        for rec in records:
            first = seen.setdefault((rec["file"], rec["predicate"] if rec["year"] is None else ""), rec)
            if first is not rec:
                round_name = "the undated round" if rec["year"] is None else f"round {rec['year']}"
                problems.add(rec["file"], *rec["_marks"].mark("unit"),
                             f"{round_name} lists the same unit twice: '{rec['unit']}' here and "
                             f"'{first['unit']}' on line {first['_line']} are both /unit/{uid}/",
                             "keep one record and list the other source under its 'sources'")


def make_unit(uid: str, history: tuple[Award, ...], spec: dict | None) -> Unit:
    """A Unit from its sorted award history and optional units.yaml entry."""
    latest = history[-1]
    name = spec["name"] if spec else latest.name_as_awarded
    institution = (spec["institution"] if spec and spec["institution"] else latest.institution_as_awarded)
    key = name_key(name)
    former_names = {a.name_as_awarded for a in history
                    if a.name_as_awarded != name and name_key(a.name_as_awarded) != key}  # equal text: same name
    if spec:
        former_names |= set(spec["former_names"] or ())
    former_insts = {a.institution_as_awarded for a in history} - {institution}
    if spec:
        former_insts |= set(spec["former_institutions"] or ()) - {institution}
    province = next((a.province for a in reversed(history) if a.province), None)
    city = next((a.city for a in reversed(history) if a.city), None)
    return Unit(id=uid, name=name, institution_id=institution, province=province, city=city, awards=history,
                former_names=tuple(sorted(former_names)), former_institutions=tuple(sorted(former_insts)),
                former_ids=tuple(sorted(spec["former_ids"] or ())) if spec else ())


def unit_redirects(units: dict[str, Unit], problems: Problems, index: UnitIndex,
                   candidates: Callable[[Unit], dict[str, tuple[str, str]]] | None = None) -> tuple[Redirect, ...]:
    """Every URL another name or institution of a unit would give, plus its former ids, pointing home.

    candidates: candidate_ids, or one that remembers units (the dev server's)."""
    owners: dict[str, str] = {}
    candidates = candidates or candidate_ids
    for unit in units.values():
        for old, (why, field_name) in candidates(unit).items():
            file, line, col = _where_declared(unit, field_name, index)
            if old in units:
                problems.add(file, line, col, f"slug collision: {why} of unit '{unit.id}' would redirect "
                             f"/unit/{old}/, which is the page of unit '{units[old].name}'",
                             "a real page always wins; remove that former name, institution or id")
                continue
            if owners.setdefault(old, unit.id) != unit.id:
                problems.add(file, line, col, f"slug collision: {why} of unit '{unit.id}' would redirect "
                             f"/unit/{old}/, which already redirects to unit '{owners[old]}'",
                             "remove it from one unit's entry in data/units.yaml")
    return tuple(Redirect(old, uid) for old, uid in sorted(owners.items()))


def _where_declared(unit: Unit, field_name: str, index: UnitIndex) -> tuple[Path, int, int]:
    """The units.yaml field that gives a unit its other names, else the unit's first award."""
    spec = index.specs.get(unit.id)
    if spec is not None:
        return (spec["file"], *spec["_marks"].mark(field_name))
    claim = index.claims[unit.id]
    return claim.file, claim.line, 0


def candidate_ids(unit: Unit) -> dict[str, tuple[str, str]]:
    """The ids a unit's other names and institutions produce, and its former ids: why, and which field."""
    found = {old: (f"former id '{old}'", "former_ids") for old in unit.former_ids}
    for inst in [unit.institution_id, *unit.former_institutions]:
        for name in [unit.name, *unit.former_names]:
            field_name = "former_names" if name != unit.name else "former_institutions"
            why = f"the name '{name}'" + (f" under '{inst}'" if inst != unit.institution_id else "")
            found.setdefault(f"{inst}/{unit_slug(name)}", (why, field_name))
    found.pop(unit.id, None)
    return {old: found[old] for old in sorted(found) if not old.endswith("/")}
