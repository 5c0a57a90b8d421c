"""`build.py import FILE`: an editor's list (.csv, .xlsx, .ods) merged into data/, or only shown (--dry-run).

Every row is checked, every problem reported at once with its row number, and nothing is written while
any remains. A new unit name that looks like a known unit of the same institution (sitegen.importer.unit_names)
stops the import until the editor says which it is (--same / --distinct, or by hand in data/units.yaml);
the answer is kept there, so the next import merges the name or no longer asks. The same summary is
printed by a dry run and a real one.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from slugify import slugify

from sitegen.errors import DataError, Problem, Problems
from sitegen.importer.row_check import Row, check_row
from sitegen.importer.rows import ImportReport, Workspace, check_result, plain
from sitegen.importer.tables import Table, header_key, read_table
from sitegen.importer.unit_names import Likely, NameTable, best_of, may_be_one_place, spelling_key
from sitegen.importer.units_file import DISTINCT, FIELD, SAME, Decision, record
from sitegen.load.identity import name_key
from sitegen.load.read import load_yaml
from sitegen.load.schema import UNIT_ID_RE
from sitegen.progress import Progress
from sitegen.write import replace_file


@dataclass
class Summary:
    """What an import changes (or, in a dry run, would change)."""

    file: str
    dry_run: bool
    rows: int = 0
    awards_added: int = 0
    sources_added: int = 0
    unchanged: int = 0
    units_created: list[str] = field(default_factory=list)
    units_merged: dict[str, list[str]] = field(default_factory=dict)  # unit id -> how rows named it
    institutions_created: list[str] = field(default_factory=list)
    rows_rejected: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    questions: list[Likely] = field(default_factory=list)  # each likely duplicate, for hints that link the unit
    spelled_alike: list[tuple[int, str, str]] = field(default_factory=list)  # (row, name, unit id) merged unasked
    recorded: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    stopped: bool = False
    sheet: str = ""  # the sheet read, for a spreadsheet
    hidden_sheets: tuple[str, ...] = ()

    def text(self) -> str:
        """The summary for the terminal, one fact per line."""
        if self.stopped or self.dry_run:
            state = "stopped, nothing written" if self.stopped else "dry run, nothing written"
        else:
            state = "written" if self.files else "nothing to change"
        lines = [f"import {self.file} ({state}): {self.rows} rows",
                 *([f"  sheet read:            '{self.sheet}' (the first visible sheet with a header)"]
                   if self.sheet else []),
                 *([f"  hidden sheets, not read: {', '.join(repr(n) for n in self.hidden_sheets)}"]
                   if self.hidden_sheets else []),
                 f"  awards added:          {self.awards_added}",
                 f"  sources added:         {self.sources_added} (to awards already recorded)",
                 f"  already present:       {self.unchanged}",
                 f"  units created:         {len(self.units_created)}", *(f"    {u}" for u in self.units_created),
                 f"  units merged:          {len(self.units_merged)} (units already in the registry the rows name)"]
        for uid, names in sorted(self.units_merged.items()):  # those a row names another way, for review
            other = [n for n in names if "'" in n]
            if other:
                lines.append(f"    {uid} <- {'; '.join(other)}")
        lines.append(f"  spelled alike:         {len(self.spelled_alike)} (merged: the name differs from the "
                     "unit's only by punctuation, case or spacing)")
        lines += [f"    row {number}: '{name}' is {uid}" for number, name, uid in self.spelled_alike]
        lines += [f"  institutions created:  {len(self.institutions_created)}"
                  + (f": {', '.join(self.institutions_created)}" if self.institutions_created else ""),
                  f"  rows rejected:         {len(self.rows_rejected)}" + rows_list(self.rows_rejected),
                  f"  likely duplicates:     {len(self.duplicates)}" + rows_list(self.duplicates),
                  f"  recorded in units.yaml: {len(self.recorded)}", *(f"    {r}" for r in self.recorded)]
        verb = "that would change" if self.dry_run or self.stopped else "written"
        lines.append(f"  files {verb}: {', '.join(self.files) if self.files else 'none'}")
        return "\n".join(lines)


# "Dasar tahun" as official and editors' lists word it, and the code the records use.
YEAR_BASIS_WORDS = {"dinyatakan sumber": "stated", "tahun menurut sumber": "stated",
                    "tanggal penyerahan": "handover_date", "tahun menurut tanggal penyerahan": "handover_date",
                    "tanggal keputusan": "decree_date", "tahun menurut tanggal keputusan": "decree_date"}


def with_codes(raw: dict[str, str]) -> dict[str, str]:
    """The row with an Indonesian year basis written as its code."""
    basis = raw.get("year_basis", "")
    return {**raw, "year_basis": YEAR_BASIS_WORDS.get(header_key(basis), basis)} if basis else raw


def rows_list(numbers: list[int]) -> str:
    """' (rows 3, 5, 9)' or ''."""
    more = f" and {len(numbers) - SHOWN:,} more" if len(numbers) > SHOWN else ""
    shown = ", ".join(map(str, numbers[:SHOWN])) + more
    return f" (row{'s' if len(numbers) > 1 else ''} {shown})" if numbers else ""


SHOWN = 20  # row numbers listed per line of the summary
SHOWN_PROBLEMS = 100  # problems printed; the count says how many more there are


class ImportStopped(DataError):
    """Problems that stop an import, with the summary of what it would have done."""

    footer = "import stopped: nothing was written to data/"

    def __init__(self, problems: list[Problem], summary: Summary) -> None:
        super().__init__(problems)
        summary.stopped = True
        self.summary = summary
        if len(self.problems) > SHOWN_PROBLEMS:  # every problem is kept; the terminal gets the first ones
            rest = len(self.problems) - SHOWN_PROBLEMS
            self.args = ("\n".join(str(p) for p in self.problems[:SHOWN_PROBLEMS])
                         + f"\n... and {rest:,} more problem{'s' if rest != 1 else ''} (fix these first, then import "
                         "again)",)


@dataclass
class KnownUnits:
    """The registry's units as the importer compares new names with them, grown as rows create units."""

    names: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # institution -> unit id -> names
    institutions: dict[str, set[str]] = field(default_factory=dict)  # unit id -> institutions it answers to
    current: dict[str, str] = field(default_factory=dict)  # unit id -> current name
    distinct: dict[str, set[str]] = field(default_factory=dict)  # unit id -> name keys of other units
    specs: set[str] = field(default_factory=set)  # unit ids with an entry in units.yaml
    created: set[str] = field(default_factory=set)  # unit ids this import creates
    listed: dict[tuple[str, int | None], set[str]] = field(default_factory=dict)  # (institution, round) -> name keys
    spellings: dict[tuple[str, tuple], str] = field(default_factory=dict)  # (institution, spelling key) -> unit id
    places: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)  # unit id -> (provinces, cities)
    tables: dict[str, NameTable] = field(default_factory=dict)  # institution -> its names for fuzzy search
    # The same names by province, so a row that gives one is compared only with units that may be there
    # (the question never pairs two provinces): (institution, province) -> names, and names of units with no
    # known province yet, which are compared with every row.
    by_province: dict[tuple[str, str], NameTable] = field(default_factory=dict)
    unplaced: dict[str, NameTable] = field(default_factory=dict)
    keys: dict[str, set[str]] = field(default_factory=dict)  # unit id -> the name keys it answers to

    def add(self, inst: str, uid: str, name: str) -> None:
        """One more name of a unit under an institution."""
        names = self.names.setdefault(inst, {}).setdefault(uid, [])
        if name not in names:
            names.append(name)
            table = self.tables.setdefault(inst, NameTable())
            table.add(uid, name)
            order = len(table.owners) - 1
            provinces = self.places.get(uid, (set(), set()))[0]
            for province in provinces:
                self.by_province.setdefault((inst, province), NameTable()).add(uid, name, order)
            if not provinces:
                self.unplaced.setdefault(inst, NameTable()).add(uid, name, order)
            self.keys.setdefault(uid, set()).add(name_key(name))
        self.institutions.setdefault(uid, set()).add(inst)
        self.current.setdefault(uid, name)
        self.spellings.setdefault((inst, spelling_key(name)), uid)

    def place(self, uid: str, province: str | None, city: str | None) -> None:
        """Where one of the unit's awards says it is."""
        provinces, cities = self.places.setdefault(uid, (set(), set()))
        if province and province not in provinces:
            provinces.add(province)
            for inst in self.institutions.get(uid, ()):  # names known before the unit's place, filed there too
                table = self.tables[inst]
                for order, (owner, name, _) in enumerate(table.owners):
                    if owner == uid:
                        self.by_province.setdefault((inst, province), NameTable()).add(uid, name, order)
        if city:
            cities.add(city)

    def spelled_alike(self, inst: str, name: str) -> str | None:
        """The unit of the institution with this name but for punctuation, case or spacing, if any."""
        return self.spellings.get((inst, spelling_key(name)))

    def holds(self, inst: str, uid: str, name: str) -> bool:
        """The unit is known under this institution by this name (case and spacing aside)."""
        key = name_key(name)
        return any(name_key(n) == key for n in self.names.get(inst, {}).get(uid, ()))

    def likely(self, inst: str, row: Row, new_id: str, indexed: bool = True) -> Likely | None:
        """The known unit of the institution this row's name (to be unit new_id) most looks like, unless either
        unit's record says they are different units, the list names that unit too in the same round (a list
        names a unit once per round, so two names in one round are two units), or the two are in different
        places (another province, or another kabupaten/kota when both give one). indexed: search only the
        row's province and the units with none (the same answer: a test compares it with indexed=False)."""
        skip = self.skipped(inst, row, new_id)
        if not (indexed and row.province):
            table = self.tables.get(inst)
            return table.likely(row.unit, skip) if table else None
        found = []
        for table in (self.by_province.get((inst, row.province)), self.unplaced.get(inst)):
            found += table.candidates(row.unit, skip) if table else []
        return best_of(row.unit, found)

    def skipped(self, inst: str, row: Row, new_id: str) -> Callable[[str], bool]:
        """Whether a known unit is never asked about for this row (see likely)."""
        key, theirs = name_key(row.unit), self.distinct.get(new_id, set())
        listed = self.listed.get((inst, row.year), set())

        def skip(uid: str) -> bool:
            names = self.keys.get(uid, set())
            return (key in self.distinct.get(uid, ()) or not names.isdisjoint(theirs) or
                    not names.isdisjoint(listed) or
                    not may_be_one_place(row.province, row.city, *self.places.get(uid, (set(), set()))))
        return skip


def known_units(ws: Workspace, specs: list[dict]) -> KnownUnits:
    """Every unit of data/: units.yaml entries with all their names, then every award's name."""
    known = KnownUnits()
    for spec in specs:
        uid = spec["id"]
        insts = {spec.get("institution") or uid.split("/")[0], uid.split("/")[0], *(spec.get("former_institutions")
                                                                                   or [])}
        for inst in sorted(insts):
            for name in (spec["name"], *(spec.get("former_names") or [])):
                known.add(inst, uid, name)
        known.current[uid] = spec["name"]
        known.distinct[uid] = {name_key(n) for n in spec.get("distinct") or []}
        known.specs.add(uid)
    latest: dict[str, tuple] = {}
    for stem in sorted(ws.rounds):
        for award in ws.rounds[stem].get("awards") or []:
            uid = ws.unit_id(award["institution"], award["unit"])
            known.place(uid, award.get("province"), award.get("city"))  # first: names are filed by place
            known.add(award["institution"], uid, award["unit"])
            order = (ws.rounds[stem].get("year") is not None, ws.rounds[stem].get("year") or 0)
            if uid not in known.specs and order >= latest.get(uid, order):
                latest[uid] = order
                known.current[uid] = award["unit"]  # a unit without an entry is called by its latest name
    return known


def read_specs(data_dir: Path, problems: Problems) -> list[dict]:
    """data/units.yaml's entries as plain values (none when there is no file)."""
    path = data_dir / "units.yaml"
    if not path.exists():
        return []
    loaded = load_yaml(path, problems)
    value = plain(loaded.data) if loaded.ok else None
    return [s for s in value if isinstance(s, dict) and "id" in s and "name" in s] if isinstance(value, list) else []


def parse_decisions(kind: str, given: Iterable[str], problems: Problems) -> list[tuple[str, str, str]]:
    """--same / --distinct 'NAME=UNIT_ID' values as (kind, name, unit id); the id may be one this list creates."""
    decisions = []
    for value in given:
        name, _, uid = value.rpartition("=")
        name, uid = " ".join(name.split()), uid.strip()
        if not name or not UNIT_ID_RE.fullmatch(uid):
            problems.add(f"--{kind}", 0, 0, f"'{value}' is not a name and a unit id",
                         f"write --{kind} 'NAME=UNIT_ID' as the likely-duplicate message shows it")
            continue
        decisions.append((kind, name, uid))
    return decisions


def apply(decision: tuple[str, str, str], ws: Workspace, known: KnownUnits) -> None:
    """Make this import see the decision as if units.yaml already held it."""
    kind, name, uid = decision
    if kind == SAME:
        for inst in sorted(known.institutions.get(uid) or {uid.split("/")[0]}):
            ws.name_unit(inst, name, uid)
    else:
        known.distinct.setdefault(uid, set()).add(name_key(name))


def recorded(decisions: list[tuple[str, str, str]], known: KnownUnits, problems: Problems) -> list[Decision]:
    """The decisions to write into units.yaml, once the list's rows are merged (a unit may be new in it)."""
    out = []
    for kind, name, uid in decisions:
        if uid not in known.current:
            problems.add(f"--{kind}", 0, 0, f"'{name}={uid}': there is no unit {uid} in data/ or in the list",
                         "copy the unit id from the likely-duplicate message")
            continue
        out.append(Decision(kind, name, uid, known.current[uid]))
    return out


def import_file(path: Path, root: Path, dry_run: bool = False, same: Iterable[str] = (),
                distinct: Iterable[str] = (), progress: bool = False) -> Summary:
    """Merge the list into root/data, or only work out what would change; raise ImportStopped on any problem.
    progress: a bar on stderr while a long list's rows are merged (the command line sets it on a terminal)."""
    problems = Problems(root)
    return import_table(read_table(path, problems), path, root, problems, dry_run, same, distinct, progress)


def import_table(table: Table | None, path: Path, root: Path, problems: Problems, dry_run: bool = False,
                 same: Iterable[str] = (), distinct: Iterable[str] = (), progress: bool = False) -> Summary:
    """The import of rows already read (from a list, or a submission): every check, the same summary."""
    summary = Summary(problems.display(path), dry_run)
    ws = Workspace.open(root / "data", problems)
    ws.source = path
    specs = read_specs(root / "data", problems)
    if table is not None:
        summary.sheet, summary.hidden_sheets = table.sheet, table.hidden_sheets
    if table is None or problems:
        raise ImportStopped(problems.items, summary)
    summary.rows = len(table.rows)
    rows = [row for number, raw in table.rows
            if (row := check_row(number, with_codes(raw), path, problems)) is not None]
    known = known_units(ws, specs)
    for row in rows:
        inst = ws.known_institution(row.institution) or slugify(row.institution)  # as a new one will be named
        known.listed.setdefault((inst, row.year), set()).add(name_key(row.unit))
    answers = parse_decisions(SAME, same, problems) + parse_decisions(DISTINCT, distinct, problems)
    for answer in answers:
        apply(answer, ws, known)
    institutions_before = {i["id"] for i in ws.institutions}
    report = ImportReport(rows=len(rows))
    with Progress(len(rows), progress, "importing", " rows") as bar:
        for row in rows:
            merge_row(row, ws, known, report, summary, problems)
            bar.advance(1)
    summary.awards_added, summary.sources_added, summary.unchanged = report.added, report.sources_added, \
        report.unchanged
    summary.institutions_created = sorted({i["id"] for i in ws.institutions} - institutions_before)
    summary.rows_rejected = sorted({p.line for p in problems.items if p.line} - set(summary.duplicates))
    changed = ws.changed_files()
    decisions = recorded(answers + [(SAME, name, uid) for _, name, uid in summary.spelled_alike], known, problems)
    if decisions:
        changed["units.yaml"] = record(root / "data" / "units.yaml", decisions, problems)
        summary.recorded = [f"'{d.name}' {'is' if d.kind == SAME else 'is not'} {d.unit_id} "
                            f"({FIELD[d.kind]})" for d in decisions]
    summary.files = [f"data/{rel}" for rel in sorted(changed)]
    if problems:
        raise ImportStopped(problems.items, summary)
    write_checked(root, changed, summary, dry_run)
    return summary


def write_checked(root: Path, changed: dict[str, str], summary: Summary, dry_run: bool) -> None:
    """Validate the registry as the import leaves it, then (unless a dry run) replace the changed files."""
    if not changed:
        return
    try:
        check_result(root, changed)
    except DataError as err:
        raise ImportStopped(err.problems, summary) from None
    if not dry_run:
        for rel, text in sorted(changed.items()):
            replace_file(root / "data" / rel, text)


def merge_row(row: Row, ws: Workspace, known: KnownUnits, report: ImportReport, summary: Summary,
              problems: Problems) -> None:
    """One checked row: merged into its unit, a new unit, or stopped as a likely duplicate."""
    inst = ws.institution_id(row)
    uid = ws.unit_id(inst, row.unit)
    declared = (inst, name_key(row.unit)) in ws.unit_names  # a name units.yaml (or --same) gives a unit
    if not declared and not known.holds(inst, uid, row.unit):
        twin = known.spelled_alike(inst, row.unit)
        if twin is not None:  # the same name but for punctuation, case or spacing: that unit, recorded as its name
            apply((SAME, row.unit, twin), ws, known)
            summary.spelled_alike.append((row.number, row.unit, twin))
            uid = twin
        else:
            likely = known.likely(inst, row, uid)
            if likely is not None:
                stop_as_duplicate(row, ws, inst, likely, known, summary, problems)
                return
    if uid not in known.current:
        known.created.add(uid)
        summary.units_created.append(f"row {row.number}: {row.unit} -> {uid}")
    elif uid not in known.created:
        other_name = name_key(row.unit) != name_key(known.current[uid])
        summary.units_merged.setdefault(uid, []).append(f"row {row.number}" + (f" '{row.unit}'" if other_name else ""))
    known.place(uid, row.province, row.city)  # first: names are filed by place
    known.add(inst, uid, row.unit)
    ws.merge(row, report, problems)


def stop_as_duplicate(row: Row, ws: Workspace, inst: str, likely: Likely, known: KnownUnits, summary: Summary,
                      problems: Problems) -> None:
    """A likely duplicate: the pair, its score, and how to record either answer."""
    summary.duplicates.append(row.number)
    summary.questions.append(likely)
    pair = shlex.quote(f"{row.unit}={likely.unit_id}")  # pasted into a shell as it is
    same = Decision(SAME, row.unit, likely.unit_id, known.current[likely.unit_id])
    if likely.unit_id in known.specs:
        by_hand = f"add '{row.unit}' to former_names (same) or distinct (different) of its entry in data/units.yaml"
    else:
        by_hand = f"add to data/units.yaml: {flow(same)} (same), or the same with distinct: (different)"
    problems.add(ws.source, row.number, 1,
                 f"row {row.number}: '{row.unit}' looks like unit {likely.unit_id} ('{likely.unit_name}') of {inst}, "
                 f"score {likely.score}; it was not imported",
                 f"if it is the same unit, import again with --same {pair}; if it is another unit, with "
                 f"--distinct {pair}; or {by_hand}")


def flow(decision: Decision) -> str:
    """The units.yaml entry of a decision about a unit without one, on one line for a hint."""
    quoted = json.dumps(decision.name, ensure_ascii=False)
    return (f"- {{id: {decision.unit_id}, name: {json.dumps(decision.unit_name, ensure_ascii=False)}, "
            f"{FIELD[decision.kind]}: [{quoted}]}}")
