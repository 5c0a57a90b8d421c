"""Raw records -> model, collecting every problem with its file and line before stopping once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import Problems
from sitegen.load.read import MarkedDict, MarkedList, Marks, load_yaml, parse_yaml
from sitegen.load.schema import read_record, type_name
from sitegen.model import routes
from sitegen.model.fields import (
    AWARD,
    CEREMONY,
    CORRECTION,
    EXTRA_SOURCE,
    HANDOVER,
    INSTITUTION,
    REPORTED_TOTAL,
    REVOCATION,
    ROUND,
    UNIT,
    model_values,
)
from sitegen.model.geo import PROVINCE_ABBREVIATIONS, PROVINCES
from sitegen.model.places import resolve
from sitegen.model.records import (
    Ceremony,
    Correction,
    Handover,
    Institution,
    ReportedTotal,
    Revocation,
    Round,
    Source,
)

UNDATED_FILE = "tanpa-tahun"
UNUSABLE = "_unusable"  # the key that marks what is left of an award record with a problem
ROUND_FILE_RE = re.compile(r"^(\d{4}|tanpa-tahun)$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REGIONAL = ("provinsi", "kabupaten", "kota")


def read_list_file(path: Path, problems: Problems, what: str) -> list | None:
    """A YAML file whose document is a list of records; None when it cannot be read at all."""
    loaded = load_yaml(path, problems)
    if not loaded.ok:
        return None
    if not isinstance(loaded.data, MarkedList):
        problems.add(path, 1, 1, f"{path.name} must be a list of {what}, not {type_name(loaded.data)}",
                     "start each record with '- ' at the beginning of a line")
        return None
    return loaded.data


@dataclass
class Institutions:
    """The valid institutions, and every id the file names even in records that failed their checks.

    A reference to an id whose own record is broken is not reported again as unknown, and nothing is
    reported unknown when the file could not be read: one mistake gives one message.
    """

    by_id: dict[str, Institution]
    written: set[str]
    readable: bool

    def is_unknown(self, inst_id: str) -> bool:
        """True only when inst_id is certainly no institution of the file."""
        return self.readable and inst_id not in self.by_id and inst_id not in self.written


def read_institutions(path: Path, problems: Problems) -> Institutions:
    """Institutions by id: unique ids, known categories, a province where one is required."""
    if not path.is_file():
        problems.add(path, 0, 0, "the file is missing",
                     "create it with the institutions the awards name (see docs/data-format.md)")
        return Institutions({}, set(), readable=False)
    raws = read_list_file(path, problems, "institutions")
    result: dict[str, Institution] = {}
    written = {raw["id"] for raw in raws or () if isinstance(raw, dict) and isinstance(raw.get("id"), str)}
    lines: dict[str, int] = {}
    for raw in raws or ():
        rec = read_record(raw, INSTITUTION, "institution", path, problems, _at(raw))
        if rec is None:
            continue
        if rec["id"] in lines:
            problems.add(path, *rec["_marks"].mark("id"),
                         f"duplicate institution id '{rec['id']}': lines {lines[rec['id']]} and {rec['_line']} "
                         f"would both be /instansi/{rec['id']}/",
                         "every institution needs its own id; ids are never reused")
            continue
        lines[rec["id"]] = rec["_line"]
        province = rec["province"]
        if not check_province(province, rec, path, problems, required=rec["category"] in REGIONAL):
            continue
        result[rec["id"]] = Institution(**model_values(INSTITUTION, rec))
    known = Institutions(result, written, readable=raws is not None)
    loops: set[frozenset[str]] = set()  # each loop is reported once, at its first institution in the file
    for inst in result.values():
        for successor in inst.succeeded_by:
            if known.is_unknown(successor):
                line, col = _marks_of(inst.id, raws).mark("succeeded_by")
                problems.add(path, line, col, f"institution '{inst.id}' is succeeded by unknown id '{successor}'",
                             "add that institution to data/institutions.yaml, or fix the id")
        loop = succession_loop(inst.id, result)
        if loop and frozenset(loop) not in loops:
            loops.add(frozenset(loop))
            line, col = _marks_of(inst.id, raws).mark("succeeded_by")
            problems.add(path, line, col, f"institution '{inst.id}' succeeds itself: {' -> '.join(loop)}",
                         "succeeded_by names the institutions that took over later; remove the id that leads back")
    return known


def succession_loop(start: str, institutions: dict[str, Institution]) -> list[str]:
    """The chain of succeeded_by that leads from an institution back to itself, or [] when none does."""
    paths, seen = [[start]], {start}
    while paths:
        path = paths.pop()
        for successor in institutions[path[-1]].succeeded_by if path[-1] in institutions else ():
            if successor == start:
                return [*path, start]
            if successor not in seen:
                seen.add(successor)
                paths.append([*path, successor])
    return []


def _marks_of(inst_id: str, raws: list) -> MarkedDict:
    return next(raw for raw in raws if isinstance(raw, MarkedDict) and raw.get("id") == inst_id)


def check_province(province: str | None, rec: dict, path: Path, problems: Problems, required: bool) -> bool:
    """A province, when given or required, must be one of the 38 by its official name."""
    line, col = rec["_marks"].mark("province")
    if province is None:
        if required:
            problems.add(path, rec["_line"], rec["_col"], "a regional institution needs its 'province'",
                         "add 'province: ...' with one of the 38 provinces, e.g. Jawa Timur")
            return False
        return True
    if province not in PROVINCES:
        short = {k.casefold(): v for k, v in PROVINCE_ABBREVIATIONS.items()}
        close = [p for p in PROVINCES if p.casefold() == province.casefold()] or \
            [short[k] for k in (province.casefold(),) if k in short]
        hint = f"did you mean '{close[0]}'?" if close else "use the official name, e.g. Jawa Timur, DI Yogyakarta"
        problems.add(path, line, col, f"unknown province '{province}'", hint)
        return False
    return True


def check_city(rec: dict, path: Path, problems: Problems) -> bool:
    """A city, when given with a province, must name an official kabupaten/kota, kecamatan or town of it
    (places.resolve); which of a kota and a kabupaten it means is settled later, with the unit."""
    city, province = rec["city"], rec["province"]
    if not (city and province) or resolve(province, city).rule != "unknown":
        return True
    close = ", ".join(resolve(province, city).suggestions)
    problems.add(path, *rec["_marks"].mark("city"),
                 f"city '{city}' is no kabupaten/kota, kecamatan or town of {province} in the Kemendagri list",
                 (f"the closest official names: {close}; " if close else "") +
                 "write the kabupaten/kota, or keep the source's name and add it after a comma: "
                 f"'{city}, Kabupaten ...'")
    return False


def round_files(awards_dir: Path, problems: Problems) -> list[Path]:
    """The round files, sorted, each named after its year (or tanpa-tahun)."""
    if not awards_dir.is_dir():
        problems.add(awards_dir, 0, 0, "the folder of award rounds is missing", "create data/awards/<year>.yaml")
        return []
    files = []
    for path in sorted(awards_dir.iterdir()):
        if path.suffix not in (".yaml", ".yml") or not ROUND_FILE_RE.fullmatch(path.stem):
            problems.add(path, 0, 0, "a round file must be named after its year, e.g. 2021.yaml",
                         "rename it to <year>.yaml, or tanpa-tahun.yaml for awards with no known year")
            continue
        files.append(path)
    return files


def read_round(path: Path, problems: Problems, text: str | None = None) -> tuple[Round | None, list[dict]]:
    """One round file: its header facts and its award records (checked, not yet resolved).

    `text` is the file's text when the caller has read it already (load.read_text)."""
    loaded = load_yaml(path, problems) if text is None else parse_yaml(text, path, problems)
    if not loaded.ok:
        return None, []
    rec = read_record(loaded.data, ROUND, "round file", path, problems)
    year = round_year(path)
    if rec is None:  # the header is unusable; its awards are still checked, so that one run reports everything
        return None, awards_of_broken_round(loaded.data, year, path, problems)
    if rec["year"] != year:
        expected = "null" if year is None else str(year)
        if "year" not in rec["_marks"]:
            problems.add(path, rec["_line"], rec["_col"], "the round file does not say its year",
                         f"add 'year: {expected}' as its first line")
        else:
            line, col = rec["_marks"].mark("year")
            problems.add(path, line, col, f"year {tahun_text(rec['year'])} does not match the file name {path.name}",
                         f"write 'year: {expected}', or rename the file to {rec['year'] or UNDATED_FILE}.yaml")
        return None, awards_of_broken_round(loaded.data, year, path, problems)
    awards = [a for a in (read_award(raw, year, path, problems) for raw in rec["awards"] or ()) if a]
    if year is None:
        return None, awards
    ceremony = read_ceremony(rec["ceremony"], rec, path, problems)
    totals = tuple(read_total(raw, path, problems) for raw in rec["reported_totals"] or ())
    return Round(year, ceremony, tuple(t for t in totals if t), problems.display(path)), awards


def awards_of_broken_round(data: object, year: int | None, path: Path, problems: Problems) -> list[dict]:
    """The award records of a round file whose header has a problem, each checked, all as unusable_award:
    their own problems and unknown names are reported, and no unit is made from them."""
    raws = data.get("awards") if isinstance(data, MarkedDict) else None
    if not isinstance(raws, list):
        return []
    left = []
    for raw in raws:
        read_award(raw, year, path, problems)  # reports the record's own problems
        rest = unusable_award(raw, path)
        if rest is not None:
            left.append(rest)
    return left


def round_year(path: Path) -> int | None:
    """The year a round file is named after; None for the awards with no known year."""
    return None if path.stem == UNDATED_FILE else int(path.stem)


def tahun_text(year: int | None) -> str:
    """A year as written in a round file."""
    return "null" if year is None else str(year)


def read_ceremony(raw: object, rec: dict, path: Path, problems: Problems) -> Ceremony:
    """The ceremony facts of a round; every field optional."""
    if raw is None:
        return Ceremony()
    fields = read_record(raw, CEREMONY, "ceremony", path, problems, rec["_marks"].mark("ceremony"))
    if fields is None:
        return Ceremony()
    return Ceremony(**model_values(CEREMONY, fields))


def read_total(raw: object, path: Path, problems: Problems) -> ReportedTotal | None:
    """One reported national total with its source."""
    rec = read_record(raw, REPORTED_TOTAL, "reported total", path, problems, _at(raw))
    if rec is None:
        return None
    return ReportedTotal(**model_values(REPORTED_TOTAL, rec), line=rec["_line"])


def read_award(raw: object, year: int | None, path: Path, problems: Problems) -> dict | None:
    """One award record, checked field by field; sources gathered into one tuple. A record with a problem
    gives only what unusable_award keeps of it."""
    rec = read_record(raw, AWARD, "award", path, problems, _at(raw))
    if rec is None:  # unusable, but its province is still checked so that one run reports everything
        province = raw.get("province") if isinstance(raw, MarkedDict) else None
        if isinstance(province, str) and province:
            check_province(province, {"_marks": raw, "_line": raw.line, "_col": raw.col}, path, problems, False)
        return unusable_award(raw, path)
    if not check_province(rec["province"], rec, path, problems, required=False):
        return unusable_award(raw, path)
    if not check_city(rec, path, problems):
        return unusable_award(raw, path)
    sources = [Source(rec["source_url"], rec["source_title"], rec["source_kind"], rec["source_checked_on"],
                      rec["source_archive_url"])]
    for extra in rec["sources"] or ():
        src = read_record(extra, EXTRA_SOURCE, "source", path, problems, _at(extra))
        if src is None:
            return unusable_award(raw, path)
        sources.append(Source(**model_values(EXTRA_SOURCE, src)))
    rec["sources"] = tuple(sources)
    corrections = []
    for raw_correction in rec["corrections"] or ():
        fix = read_record(raw_correction, CORRECTION, "correction", path, problems, _at(raw_correction))
        if fix is None:
            return unusable_award(raw, path)
        source = Source(fix["source_url"], fix["source_title"]) if fix["source_url"] else None
        corrections.append(Correction(fix["date"], fix["note"], source))
    rec["corrections"] = tuple(sorted(corrections, key=lambda c: c.date))
    rec["year"] = year
    rec["handover"] = read_handover(rec, path, problems)
    if rec["handover"] is False:
        return unusable_award(raw, path)
    del rec["editor_note"]  # editors' research notes are never published, so the model never carries them
    rec["file"] = path
    rec["_slug"] = routes.unit_slug(rec["unit"])
    rec["_marks"] = Marks.of(rec["_marks"])  # positions only: the record is cached with its round file
    return rec


def read_handover(rec: dict, path: Path, problems: Problems) -> Handover | bool | None:
    """The unit's own handover: a fact with one of the award's sources behind it (False after a problem)."""
    raw = rec["handover"]
    if raw is None:
        return None
    fields = read_record(raw, HANDOVER, "handover", path, problems, rec["_marks"].mark("handover"))
    if fields is None:
        return False
    ok = True
    if not any(fields[key] for key in ("date", "place", "by")):
        problems.add(path, fields["_line"], fields["_col"], "the handover says neither when, where nor by whom",
                     "give at least one of 'date', 'place' or 'by' as the source states it, or remove 'handover'")
        ok = False
    urls = [s.url for s in rec["sources"]]
    if fields["source"] is not None and fields["source"] not in urls:
        problems.add(path, *fields["_marks"].mark("source"), "the handover's source is not one of this award's sources",
                     "copy the address exactly from 'source_url' or from one of 'sources', or add the source there")
        ok = False
    date = fields["date"]
    if (ok and date is not None and rec["year_basis"] == "handover_date" and rec["year"] is not None
            and date.year != rec["year"]):
        problems.add(path, *fields["_marks"].mark("date"), f"year_basis is handover_date, but the handover is in "
                     f"{date.year}, not {rec['year']}",
                     "a year read from this handover would be its own year: check year_basis and the round file")
        ok = False
    if not ok:
        return False
    return Handover(**model_values(HANDOVER, fields))


def unusable_award(raw: object, path: Path) -> dict | None:
    """What is left of an award record with a problem: its institution and set_by, so that the checks
    against data/institutions.yaml still report them in the same run. Never made into a unit."""
    if not isinstance(raw, MarkedDict):
        return None
    names = {key: raw.get(key) for key in ("institution", "set_by")}
    return {UNUSABLE: True, "file": path, "_marks": Marks.of(raw),
            **{key: value if isinstance(value, str) and value else None for key, value in names.items()}}


def is_unusable(rec: dict) -> bool:
    """An award record that had a problem of its own (see unusable_award)."""
    return UNUSABLE in rec


def read_revocations(path: Path, problems: Problems) -> list[tuple[Revocation, dict]]:
    """Revocation records, checked; their units are resolved later."""
    if not path.exists():
        return []
    result = []
    for raw in read_list_file(path, problems, "revocations") or []:  # unreadable: its problem is reported
        rec = read_record(raw, REVOCATION, "revocation", path, problems, _at(raw))
        if rec is not None:
            result.append((Revocation(**model_values(REVOCATION, rec), line=rec["_line"]), rec))
    return result


def read_unit_specs(path: Path, problems: Problems) -> list[dict]:
    """The optional data/units.yaml: explicit ids, former names, moves."""
    if not path.exists():
        return []
    specs = []
    for raw in read_list_file(path, problems, "units") or []:  # unreadable: its problem is reported
        rec = read_record(raw, UNIT, "unit", path, problems, _at(raw))
        if rec is not None:
            rec["file"] = path
            specs.append(rec)
    return specs


def _at(raw: object) -> tuple[int, int]:
    return (getattr(raw, "line", 1), getattr(raw, "col", 1))
