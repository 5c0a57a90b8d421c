"""Merging award rows from a decree table or news list into data/, idempotently.

One unit per institution plus unit name, one award per unit, year and predicate (every source kept),
institutions created from the row when new. Every bad row is reported with its row number and
nothing is written; a second run of the same file changes no file.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from slugify import slugify

from sitegen.errors import DataError, Problems
from sitegen.importer.row_check import PLAIN_DATES, Row
from sitegen.importer.yamlout import dump
from sitegen.load import schema
from sitegen.load.identity import name_key, unit_slug
from sitegen.load.read import MarkedDict, load_yaml
from sitegen.load.registry import load_registry
from sitegen.model.records import DEFAULT_SETTER, SETTER_UNSTATED

SETTER_NAMES = ("kemenpanrb", "KemenPAN-RB", "Kementerian PANRB",
                "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi")
UNSTATED_NAMES = (SETTER_UNSTATED, "tidak disebut", "tidak diketahui", "unstated", "unknown")
UNDATED = "tanpa-tahun"


@dataclass
class ImportReport:
    """What an import changed."""

    rows: int = 0
    added: int = 0
    sources_added: int = 0
    unchanged: int = 0
    institutions_added: list[str] = field(default_factory=list)
    files_written: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One line for the terminal."""
        return (f"{self.rows} rows: {self.added} awards added, {self.sources_added} sources added to existing "
                f"awards, {self.unchanged} already present; {len(self.institutions_added)} new institutions; "
                f"{len(self.files_written)} files written")


class Workspace:
    """The data files as plain values, with what the import changed."""

    def __init__(self, data_dir: Path, problems: Problems) -> None:
        self.data_dir = data_dir
        self.problems = problems
        self.institutions: list[dict] = []
        self.rounds: dict[str, dict] = {}
        self.headers: dict[str, str] = {}
        self.dirty: set[str] = set()
        self.unit_names: dict[tuple[str, str], str] = {}
        self.source: Path | str = "csv"
        # Indexes that keep a 13,000-row list from comparing every row with every record (docs/performance.md):
        self._by_name: tuple[int, dict[str, str]] = (-1, {})  # (institutions counted, name key -> id)
        self._by_unit: dict[str, dict[str, list[dict]]] = {}  # round stem -> unit id -> its awards there

    @classmethod
    def open(cls, data_dir: Path, problems: Problems) -> Workspace:
        """Read institutions, units and rounds as they are."""
        ws = cls(data_dir, problems)
        ws.institutions = plain(ws.read("institutions.yaml")) or []
        for spec in plain(ws.read("units.yaml")) or [] if (data_dir / "units.yaml").exists() else []:
            insts = {spec.get("institution") or spec["id"].split("/")[0], spec["id"].split("/")[0],
                     *(spec.get("former_institutions") or [])}
            for inst in insts:
                for name in (spec["name"], *(spec.get("former_names") or [])):
                    ws.unit_names[(inst, name_key(name))] = spec["id"]
        for path in sorted((data_dir / "awards").glob("*.yaml")):
            ws.rounds[path.stem] = plain(ws.read(f"awards/{path.name}")) or {}
            ws.headers[path.stem] = leading_comments(path)
        return ws

    def read(self, rel: str) -> object:
        """One YAML file through the strict loader."""
        loaded = load_yaml(self.data_dir / rel, self.problems)
        return loaded.data if loaded.ok else None

    def institution_id(self, row: Row) -> str:
        """The id of the row's institution, matched by id, name, short name or alias; created when new."""
        return self.known_institution(row.institution) or self.add_institution(row)

    def known_institution(self, name: str) -> str | None:
        """The id of the institution with this id, name, short name or alias, or None (the first one, in file
        order, when two share a name)."""
        counted, index = self._by_name
        if counted != len(self.institutions):  # institutions are only ever added
            index = {}
            for inst in self.institutions:
                for other in (inst["id"], inst["name"], inst.get("short_name"), *(inst.get("aliases") or [])):
                    if other:
                        index.setdefault(name_key(other), inst["id"])
            self._by_name = (len(self.institutions), index)
        return index.get(name_key(name))

    def name_unit(self, inst_id: str, name: str, uid: str) -> None:
        """From now on the name is the unit's (an editor's answer, or a name spelled alike)."""
        self.unit_names[(inst_id, name_key(name))] = uid
        self._by_unit.clear()  # a round's awards may now belong to another unit: index them again

    def awards_of(self, stem: str, uid: str) -> list[dict]:
        """The awards of one round that belong to the unit, in file order."""
        index = self._by_unit.get(stem)
        if index is None:
            index = self._by_unit[stem] = {}
            for award in self.rounds[stem]["awards"]:
                index.setdefault(self.unit_id(award["institution"], award["unit"]), []).append(award)
        return index.get(uid, [])

    def setter_id(self, row: Row) -> str:
        """Who set the row's predicate: kemenpanrb, an institution's id, or tidak-disebut when the row is silent."""
        if name_key(row.set_by) in {name_key(n) for n in SETTER_NAMES}:
            return DEFAULT_SETTER
        if not row.set_by or name_key(row.set_by) in {name_key(n) for n in UNSTATED_NAMES}:  # no default speaks
            return SETTER_UNSTATED
        found = self.known_institution(row.set_by)
        if found is None:
            self.problems.add(self.source, row.number, 1, f"row {row.number}: set_by '{row.set_by}' is neither "
                              "KemenPANRB nor a known institution", "write KemenPANRB, or the id, name, short name "
                              "or alias of an institution in data/institutions.yaml")
            return DEFAULT_SETTER
        return found

    def add_institution(self, row: Row) -> str:
        """A new institution from the row's name, category and province."""
        new_id = slugify(row.institution)
        if not row.category:
            self.problems.add(self.source, row.number, 1, f"row {row.number}: new institution '{row.institution}' "
                              "has no institution_category", "fill institution_category for this row")
        regional = row.category in ("provinsi", "kabupaten", "kota")
        if regional and not row.province:
            self.problems.add(self.source, row.number, 1, f"row {row.number}: new regional institution "
                              f"'{row.institution}' needs a province", "fill the province column for this row")
        self.institutions.append({"id": new_id, "name": row.institution, "category": row.category or "lembaga",
                                  "province": row.province if regional else None})
        self.institutions.sort(key=lambda i: i["id"])
        self.dirty.add("institutions.yaml")
        return new_id

    def unit_id(self, inst_id: str, name: str) -> str:
        """The same identity rule the build uses."""
        return self.unit_names.get((inst_id, name_key(name))) or f"{inst_id}/{unit_slug(name)}"

    def merge(self, row: Row, report: ImportReport, problems: Problems) -> None:
        """Add the row's award, or its source to the award already held."""
        inst_id = self.institution_id(row)
        uid = self.unit_id(inst_id, row.unit)
        stem = str(row.year) if row.year is not None else UNDATED
        rnd = self.rounds.setdefault(stem, {"year": row.year, "awards": []})
        rnd.setdefault("awards", [])
        rnd["awards"] = rnd["awards"] or []
        for award in self.awards_of(stem, uid):
            if award["predicate"] != row.predicate and row.year is None:
                continue  # a unit may hold WBK and later WBBM with neither year known
            if award["predicate"] != row.predicate:
                problems.add(self.source, row.number, 1, f"row {row.number}: {row.unit} already holds "
                             f"{award['predicate']} in {stem}, the row says {row.predicate}",
                             "a unit gets one predicate per round; check the source")
                return
            self.add_source(award, row, stem, report)
            return
        award = new_award(row, inst_id, self.setter_id(row))
        rnd["awards"].append(award)
        self._by_unit[stem].setdefault(uid, []).append(award)  # indexed when this merge looked for the unit
        self.dirty.add(f"awards/{stem}.yaml")
        report.added += 1

    def add_source(self, award: dict, row: Row, stem: str, report: ImportReport) -> None:
        """Keep every source of one award; fill place fields the award lacked."""
        known = {award.get("source_url")} | {s.get("url") for s in award.get("sources") or []}
        changed = False
        main = {"url": row.source_url, "title": row.source_title, "kind": row.source_kind,
                "checked_on": row.checked_on, "archive_url": row.archive_url}
        for source in (main, *row.other_sources):
            if source["url"] not in known:
                award["sources"] = (award.get("sources") or []) + [source_record(source)]
                known.add(source["url"])
                report.sources_added += 1
                changed = True
        for key, value in (("province", row.province), ("city", row.city)):
            if value and not award.get(key):
                award[key] = value
                changed = True
        if changed:
            self.dirty.add(f"awards/{stem}.yaml")
        else:
            report.unchanged += 1

    def changed_files(self) -> dict[str, str]:
        """The new text of every file the import changed, relative to data/."""
        out = {}
        for rel in sorted(self.dirty):
            if rel == "institutions.yaml":
                out[rel] = leading_comments(self.data_dir / rel) + dump(self.institutions)
            else:
                stem = rel.removeprefix("awards/").removesuffix(".yaml")
                out[rel] = self.headers.get(stem, "") + dump(self.rounds[stem])
        return out


def new_award(row: Row, inst_id: str, set_by: str) -> dict:
    """The YAML record of one imported award, with only the fields the row gives."""
    award = {"unit": row.unit, "institution": inst_id, "predicate": row.predicate}
    if row.province:
        award["province"] = row.province
    if row.city:
        award["city"] = row.city
    award["set_by"] = set_by  # always written: the record says who set it, or that its source does not
    if row.year_basis and row.year_basis != "stated":
        award["year_basis"] = row.year_basis
    award["source_url"] = row.source_url
    if row.source_title:
        award["source_title"] = row.source_title
    if row.source_kind:
        award["source_kind"] = row.source_kind
    if row.checked_on:
        award["source_checked_on"] = dt.date.fromisoformat(row.checked_on)
    if row.archive_url:
        award["source_archive_url"] = row.archive_url
    if row.secondary:
        award["secondary"] = True
    for key, cell in row.plain.items():
        award[key] = dt.date.fromisoformat(cell.strip()) if key in PLAIN_DATES else cell
    if row.other_sources:
        award["sources"] = [source_record(source) for source in row.other_sources]
    if row.handover:
        award["handover"] = {k: dt.date.fromisoformat(v) if k == "date" else v for k, v in row.handover.items() if v}
    award["first_seen"] = import_day()
    return award


def import_day() -> dt.date:
    """The day an import publishes its new records (first_seen, the change feed's date): SOURCE_DATE_EPOCH
    when set (a workflow or a test fixes the day), else today's date in UTC. An import is an editor's act on
    that day; a build never sets it, so every build of the same data gives the same feed."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch and epoch.isdigit() else dt.datetime.now(dt.UTC)
    return moment.date()


def source_record(source: dict[str, str]) -> dict:
    """A further source of an award, with what the list gives of it: title, kind, checked on, archived copy."""
    record = {key: source[key] for key in ("url", "title", "kind") if source[key]}
    if source["checked_on"]:
        record["checked_on"] = dt.date.fromisoformat(source["checked_on"])
    if source["archive_url"]:
        record["archive_url"] = source["archive_url"]
    return record


def plain(value: object) -> object:
    """Marked values back to plain dicts and lists, keeping key order."""
    if isinstance(value, MarkedDict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def leading_comments(path: Path) -> str:
    """The comment block at the top of a file, kept when the importer rewrites it."""
    if not path.exists():
        return ""
    lines = []
    for line in path.read_text(encoding="utf-8-sig").splitlines(keepends=True):
        if line.startswith("#") or not line.strip():
            lines.append(line)
        else:
            break
    return "".join(lines)


def check_result(root: Path, changed: dict[str, str]) -> None:
    """Validate the registry as it would be after the import, in a scratch copy; raise if broken."""
    with tempfile.TemporaryDirectory(prefix="registri-import-") as tmp:
        scratch = Path(tmp)
        shutil.copytree(root / "data", scratch / "data")
        if (root / "site_src").is_dir():
            # copied, not linked: a registry's files are read only from inside it (inputs_guard.py)
            shutil.copytree(root / "site_src", scratch / "site_src", ignore=shutil.ignore_patterns("static"))
        for rel, text in changed.items():
            target = scratch / "data" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        try:
            with schema.tolerating(schema.SOURCE_KIND_FIELDS):  # a list without "Jenis sumber": the build asks
                load_registry(scratch)
        except DataError as err:
            raise DataError([p for p in err.problems]) from None
