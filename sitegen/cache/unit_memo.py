"""Loading again quickly: round files through the round cache, and the dev server's units reused.

The round cache hands an unchanged file's records over as the very same objects (nothing changes a
record once read), so a unit made from the same records, the same units.yaml entry and the same root
is the same unit, and is reused instead of made again. When the only changed records name the same
unit at the same place, the last build's grouping is taken as it was (regroup), and when every unit
links the same way the last registry is taken with the new units in it (link_again).

SAME_RESOLUTION and link_view list what identity.resolve and registry.link_registry read: a field
either of them starts to read must be added here too (tests/test_incremental.py checks edits of each).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import compress, count
from pathlib import Path
from typing import TypeVar

from sitegen.errors import Problems
from sitegen.inputs_guard import InputError, read_input
from sitegen.load.identity import UnitIndex, candidate_ids, resolve_all, unit_of
from sitegen.load.registry import PlainLoading, RoundsReader, last_changed, link_registry
from sitegen.load.validate import Institutions
from sitegen.model.records import Article, Institution, ProsePage, Registry, Round, Unit

T = TypeVar("T")
V = TypeVar("V")
SAME_RESOLUTION = ("institution", "unit", "_slug", "file", "_line")  # all that resolving reads of a record
MAX_REGROUPED = 64  # more changed records than this: resolve every record again


class SameUnit:
    """f(unit) remembered for the very same unit object, for the units of the last build only."""

    def __init__(self, f: Callable[[Unit], V]) -> None:
        self.f = f
        self.last: dict[str, tuple[Unit, V]] = {}
        self.now: dict[str, tuple[Unit, V]] = {}

    def __call__(self, unit: Unit) -> V:
        old = self.last.get(unit.id)
        value = old[1] if old is not None and old[0] is unit else self.f(unit)
        self.now[unit.id] = (unit, value)
        return value

    def next_build(self) -> None:
        """What this build asked for is what the next one may reuse."""
        self.last, self.now = self.now, {}


class CachedRounds(PlainLoading):
    """Loading with the round files read by a quicker reader (the round cache, or parread on both cores)."""

    def __init__(self, read_rounds: RoundsReader) -> None:
        self.read_rounds = read_rounds  # type: ignore[method-assign]


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


class UnitMemo(CachedRounds):
    """The dev server's loading: its units of the last build, each with the records and entry it was made from."""

    def __init__(self, read_rounds: RoundsReader) -> None:
        super().__init__(read_rounds)
        self.units: dict[str, tuple[list[dict], dict | None, Path | None, Unit]] = {}
        self.reused = 0
        self.grouping: Grouping | None = None  # None after a build whose awards had a problem
        self.registry: Registry | None = None  # the last registry linked (link_again)
        self.valid: tuple[list[dict], Institutions] | None = None  # awards all found valid, and against what
        self.candidates = SameUnit(candidate_ids)
        self.files: dict[tuple, tuple[bytes, object]] = {}  # (reader, path, root) -> (bytes, result)
        self.regrouped = False  # the last build_units took the last grouping with a few units made again
        self.quick = False  # ... and the last link took the last registry (what a warm start holds was enough)

    def __getstate__(self) -> dict:
        """Kept in a warm start (warm.py) without its reader, which belongs to one process's round cache."""
        return {**self.__dict__, "read_rounds": None}

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
        if self.valid is None or self.valid[1] is not known or len(self.valid[0]) != len(awards):
            return awards
        return [awards[place] for place in compress(count(), map(operator.is_not, awards, self.valid[0]))]

    def checked(self, awards: list[dict], known: Institutions, valid: bool) -> None:
        self.valid = (awards, known) if valid else None

    def read_file(self, read: Callable[[Path, Problems], T], path: Path, problems: Problems) -> T:
        """read(path, problems), or its last result when the file holds the same bytes and had no problem
        (results are never changed once made, like the round cache's records)."""
        try:
            raw = read_input(path, problems.root)
        except (OSError, InputError):  # read reports it, with its path
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
        return self.candidates(unit)

    def build_units(self, awards: list[dict], index: UnitIndex) -> dict[str, Unit]:
        """identity.build_units, reusing every unit whose records are the very same objects."""
        self.candidates.next_build()
        units = regroup(awards, index, self)
        self.regrouped = units is not None
        if units is not None:
            return units
        problems_before = len(index.problems.items)
        index_before = (dict(index.by_name), dict(index.claims))
        resolved = resolve_all(awards, index)
        units, root, made = {}, index.problems.root, {}
        for uid in sorted(resolved.grouped):
            records, spec = resolved.grouped[uid], index.specs.get(uid)
            unit = self.get(uid, records, spec, root)
            if unit is None:
                unit = unit_of(uid, records, spec, index.problems)
            units[uid] = unit
            made[uid] = (records, spec, root, unit)
        self.units = made
        self.grouping = None
        if len(index.problems.items) == problems_before:
            self.grouping = Grouping(awards, resolved.uids, resolved.positions, root, index.specs, index_before,
                                     (dict(index.by_name), dict(index.claims)), units)
        return units

    def link(self, institutions: dict[str, Institution], units: dict[str, Unit], rounds: dict[int, Round],
             articles: list[Article], pages: dict[str, ProsePage], redirects: tuple) -> Registry:
        """The last registry with these units in it when they link the same way, else a new one."""
        linked = (institutions, units, rounds, articles, pages, redirects)
        again = link_again(self.registry, *linked)
        self.quick = self.regrouped and again is not None
        self.registry = again or link_registry(*linked)
        return self.registry


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


def link_again(last: Registry | None, institutions: dict[str, Institution], units: dict[str, Unit],
               rounds: dict[int, Round], articles: list[Article], pages: dict[str, ProsePage],
               redirects: tuple) -> Registry | None:
    """The dev server's last registry with these units in it, when everything link_registry works out
    (indexes, orders, counts) is the same as last time: the same units in the same order, each the very
    same object or one that links the same way (see link_view), and equal everything else; else None."""
    if last is None or len(last.units) != len(units) or last.institutions != institutions or last.rounds != rounds \
            or last.pages != pages or last.redirects != redirects:
        return None
    ordered = tuple(sorted(articles, key=lambda a: (a.date, a.slug), reverse=True))
    if last.articles != ordered or list(last.units) != list(units):
        return None
    olds, news = list(last.units.values()), list(units.values())
    for place in compress(count(), map(operator.is_not, olds, news)):
        if link_view(olds[place]) != link_view(news[place]):
            return None
    return replace(last, institutions=institutions, units=units, rounds=rounds, articles=ordered, pages=pages,
                   redirects=redirects, last_changed=last_changed(rounds, list(last.revocations), list(ordered)))


def link_view(unit: Unit) -> tuple:
    """All that link_registry reads of a unit."""
    return (unit.id, unit.name, unit.institution_id, unit.province, unit.city, unit.revocations, unit.status_key,
            tuple((a.predicate, a.year, a.set_by) for a in unit.awards))
