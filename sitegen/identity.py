"""Unit identity: which award names belong to one unit, its fixed id, and the former URLs that redirect."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import compress, count
from pathlib import Path
from typing import TypeVar

from sitegen.errors import Problems
from sitegen.model import Award, Redirect, Unit
from sitegen.routes import unit_slug
from sitegen.validate import Institutions

T = TypeVar("T")


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


SAME_RESOLUTION = ("institution", "unit", "_slug", "file", "_line")  # all that resolving reads of a record
MAX_REGROUPED = 64  # more changed records than this: resolve every record again


@dataclass
class Grouping:
    """How the last build resolved its awards into units, to redo it for a few changed records."""

    awards: list[dict]
    uids: list[str]  # each award's unit id
    positions: dict[str, list[int]]  # each unit's awards, as places in `awards`
    root: Path | None
    specs: dict[str, dict]
    index_before: tuple[dict, dict]  # UnitIndex.by_name and claims before any award was resolved
    index_after: tuple[dict, dict]
    units: dict[str, Unit]


class UnitMemo:
    """The dev server's units of its last build, each with the record objects and entry it was made from.

    The round cache hands an unchanged file's records over as the very same objects (nothing changes
    a record once read), so a unit made from the same records, the same units.yaml entry and the same
    root is the same unit, and is reused instead of made again. When the only changed records name the
    same unit at the same place, the last build's grouping is taken as it was (see regroup).
    """

    def __init__(self) -> None:
        self.units: dict[str, tuple[list[dict], dict | None, Path | None, Unit]] = {}
        self.reused = 0
        self.grouping: Grouping | None = None  # None after a build whose awards had a problem
        self.registry: object | None = None  # the last registry linked (registry.link_again)
        self.checked: tuple[list[dict], Institutions] | None = None  # awards all found valid, and against what
        self.candidates: dict[str, tuple[Unit, dict[str, tuple[str, str]]]] = {}  # by unit id, for that unit
        self.files: dict[tuple, tuple[bytes, object]] = {}  # (reader, path, root) -> (bytes, result)

    def get(self, uid: str, records: list[dict], spec: dict | None, root: Path | None) -> Unit | None:
        """The unit made last time from exactly these inputs, or None."""
        old = self.units.get(uid)
        if old is None or len(old[0]) != len(records) or (old[2] is not root and old[2] != root) or old[1] != spec:
            return None
        if not all(map(operator.is_, old[0], records)):
            return None
        self.reused += 1
        return old[3]

    def unchecked(self, awards: list[dict], known: Institutions) -> list[dict]:
        """The award records the last build did not find valid against these very institutions: all of
        them, or, after a build whose records were all valid, those that are not the very object at the
        same place (the round cache hands records over as they were)."""
        if self.checked is None or self.checked[1] is not known or len(self.checked[0]) != len(awards):
            return awards
        return [awards[place] for place in compress(count(), map(operator.is_not, awards, self.checked[0]))]

    def read_file(self, read: Callable[[Path, Problems], T], path: Path, problems: Problems) -> T:
        """read(path, problems), or its last result when the file holds the same bytes and had no problem
        (results are never changed once made, like the round cache's records)."""
        try:
            raw = path.read_bytes()
        except OSError:
            return read(path, problems)
        key = (read.__qualname__, path, problems.root)
        old = self.files.get(key)
        if old is not None and old[0] == raw:
            return old[1]
        before = len(problems.items)
        result = read(path, problems)
        if len(problems.items) == before:
            self.files[key] = (raw, result)
        return result

    def candidate_ids(self, unit: Unit) -> dict[str, tuple[str, str]]:
        """candidate_ids of a unit, worked out again only for a unit that is not the very same object."""
        old = self.candidates.get(unit.id)
        if old is not None and old[0] is unit:
            return old[1]
        found = candidate_ids(unit)
        self.candidates[unit.id] = (unit, found)
        return found


def build_units(awards: list[dict], index: UnitIndex, memo: UnitMemo | None = None) -> dict[str, Unit]:
    """Group resolved awards into units; current name and place come from the latest award."""
    if memo is not None:
        units = regroup(awards, index, memo)
        if units is not None:
            return units
    problems_before = len(index.problems.items)
    index_before = (dict(index.by_name), dict(index.claims))
    grouped: dict[str, list[dict]] = {}
    uids, positions = [], {}
    for place, rec in enumerate(awards):
        uid = index.resolve(rec)
        uids.append(uid)
        if uid is not None:
            grouped.setdefault(uid, []).append(rec)
            positions.setdefault(uid, []).append(place)
    report_repeats(grouped, index.problems)
    units, root, made = {}, index.problems.root, {}
    for uid in sorted(grouped):
        records, spec = grouped[uid], index.specs.get(uid)
        unit = memo.get(uid, records, spec, root) if memo is not None else None
        if unit is None:
            unit = unit_of(uid, records, spec, index.problems)
        units[uid] = unit
        made[uid] = (records, spec, root, unit)
    if memo is not None:
        memo.units = made
        memo.grouping = None
        if len(index.problems.items) == problems_before:
            memo.grouping = Grouping(awards, uids, positions, root, index.specs, index_before,
                                     (dict(index.by_name), dict(index.claims)), units)
    return units


def regroup(awards: list[dict], index: UnitIndex, memo: UnitMemo) -> dict[str, Unit] | None:
    """The last build's units with the few changed ones made again, when every changed award record
    stands where its old one stood and names the same unit the same way (so resolving every record
    again would give the same grouping, and no problem); else None."""
    last = memo.grouping
    if (last is None or len(awards) != len(last.awards) or last.root != index.problems.root
            or last.specs != index.specs or last.index_before != (index.by_name, index.claims)):
        return None
    changed = list(compress(count(), map(operator.is_not, awards, last.awards)))
    if len(changed) > MAX_REGROUPED:
        return None
    for place in changed:
        new, old = awards[place], last.awards[place]
        if any(new[name] != old[name] for name in SAME_RESOLUTION):
            return None
    index.by_name, index.claims = dict(last.index_after[0]), dict(last.index_after[1])
    units, root = dict(last.units), last.root
    remade = sorted({last.uids[place] for place in changed})
    for uid in remade:
        records, spec = [awards[place] for place in last.positions[uid]], index.specs.get(uid)
        units[uid] = unit_of(uid, records, spec, index.problems)
        memo.units[uid] = (records, spec, root, units[uid])
    memo.reused += len(units) - len(remade)
    memo.grouping = replace(last, awards=awards, units=units)
    return units


def unit_of(uid: str, records: list[dict], spec: dict | None, problems: Problems) -> Unit:
    """A unit from its award records (in file order) and optional units.yaml entry."""
    history = tuple(sorted((make_award(uid, rec, problems) for rec in records), key=award_order))
    return make_unit(uid, history, spec)


def make_award(uid: str, rec: dict, problems: Problems) -> Award:
    """An Award from a checked record."""
    return Award(
        unit_id=uid, year=rec["year"], predicate=rec["predicate"], set_by=rec["set_by"], sources=rec["sources"],
        name_as_awarded=rec["unit"], institution_as_awarded=rec["institution"], province=rec["province"],
        city=rec["city"], secondary=bool(rec["secondary"]), note=rec["note"] or "",
        year_basis=rec["year_basis"], file=problems.display(rec["file"]), line=rec["_line"])


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
                   memo: UnitMemo | None = None) -> tuple[Redirect, ...]:
    """Every URL another name or institution of a unit would give, plus its former ids, pointing home."""
    owners: dict[str, str] = {}
    candidates = memo.candidate_ids if memo is not None else candidate_ids
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
    if memo is not None and len(memo.candidates) > len(units):
        memo.candidates = {uid: memo.candidates[uid] for uid in units}  # forget units no longer there
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
