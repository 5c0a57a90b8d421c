"""One row of an award list, checked: its cells read as the fields model/fields.py declares, every problem
reported with the row's number (importer/rows.py merges the checked rows into data/)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.errors import Problems
from sitegen.load.schema import in_the_future
from sitegen.model.cells import parse_handover_cell, parse_source_line
from sitegen.model.chars import HINT, describe, forbidden_character
from sitegen.model.fields import AWARD_IMPORT, Field
from sitegen.model.geo import PROVINCE_ABBREVIATIONS, PROVINCES
from sitegen.model.records import CATEGORIES, SOURCE_KINDS, YEAR_BASES

# The columns this module reads itself; every other column model/fields.py declares as an imported award field
# is a plain value of its kind (PLAIN), checked by plain_errors and written under its own key.
READ_HERE = frozenset({"year", "predicate", "institution", "institution_category", "province", "city", "unit",
                       "source_url", "source_title", "source_kind", "source_checked_on", "source_archive_url", "set_by",
                       "year_basis", "secondary", "other_sources", "handover"})
PLAIN = tuple(f for f in AWARD_IMPORT if isinstance(f, Field) and f.name not in READ_HERE)
PLAIN_DATES = frozenset(f.name for f in PLAIN if f.kind == "date")
TRUTH = {"": False, "false": False, "true": True}
PREDICATE_WORDS = {"wbk": "WBK", "menuju wbk": "WBK", "wbbm": "WBBM", "menuju wbbm": "WBBM"}


@dataclass
class Row:
    """One checked CSV row."""

    number: int
    year: int | None
    predicate: str
    institution: str
    category: str
    province: str | None
    city: str
    unit: str
    source_url: str
    source_title: str
    set_by: str = ""
    secondary: bool = False
    other_sources: tuple[dict[str, str], ...] = ()
    year_basis: str = ""
    source_kind: str = ""
    checked_on: str = ""
    archive_url: str = ""
    handover: dict[str, str] = field(default_factory=dict)
    plain: dict[str, str] = field(default_factory=dict)  # the filled PLAIN columns, in declaration order


def hidden_characters(number: int, raw: dict[str, str], path: Path, problems: Problems) -> bool:
    """Report each cell holding a character no registry text may hold (model/chars.py): an invisible one
    would make a second unit that looks like the first. Whether there was any."""
    found_any = False
    for column, cell in raw.items():
        found = forbidden_character(cell) if cell else None
        if found is not None:
            problems.add(path, number, 1, f"row {number}: {column} contains {describe(found.group())}", HINT)
            found_any = True
    return found_any


def check_row(number: int, raw: dict[str, str], path: Path, problems: Problems) -> Row | None:
    """One row: unit, predicate, institution and source required; year a year or blank; a known province."""
    errors = []
    for column in ("unit", "predicate", "institution", "source_url"):
        if not raw.get(column):
            errors.append(f"missing {column}")
    predicate = PREDICATE_WORDS.get(" ".join(raw.get("predicate", "").split()).casefold())
    if raw.get("predicate") and predicate is None:
        errors.append(f"predicate '{raw['predicate']}' is not WBK or WBBM")
    year = raw.get("year", "")
    if year and not (year.isdigit() and 1990 <= int(year) <= 2100):
        errors.append(f"year '{year}' is not a four-digit year (leave it blank when the source gives none)")
    elif year and in_the_future(int(year)):
        errors.append(f"year {year} is in the future (a typo? the registry records only what has happened)")
    province = normalise_province(raw.get("province", ""))
    if raw.get("province") and province is None:
        errors.append(f"unknown province '{raw['province']}'")
    url = raw.get("source_url", "")
    if url and not url.lower().startswith(("https://", "http://")):
        errors.append(f"source_url '{url}' is not a web address")
    category = raw.get("institution_category", "")
    if category and category not in CATEGORIES:
        errors.append(f"institution_category '{category}' is not one of {', '.join(CATEGORIES)}")
    errors += optional_errors(raw)
    for error in errors:
        problems.add(path, number, 1, f"row {number}: {error}", "fix the row in the list and run the import again")
    hidden = hidden_characters(number, raw, path, problems)
    if errors or hidden:
        return None
    return Row(number, int(year) if year else None, predicate, " ".join(raw["institution"].split()), category,
               province, raw.get("city", ""), " ".join(raw["unit"].split()), url, raw.get("source_title", ""),
               raw.get("set_by", ""), TRUTH[raw.get("secondary", "").casefold()],
               other_sources(raw.get("other_sources", "")), raw.get("year_basis", ""),
               raw.get("source_kind", "").strip().casefold(), raw.get("source_checked_on", "").strip(),
               raw.get("source_archive_url", "").strip(), parse_handover_cell(raw.get("handover", ""))[0],
               {f.name: raw[f.name] for f in PLAIN if raw.get(f.name)})


def optional_errors(raw: dict[str, str]) -> list[str]:
    """Problems in the optional columns: secondary true or false, further sources web addresses, a year basis."""
    errors = []
    basis = raw.get("year_basis", "")
    if basis and basis not in YEAR_BASES:
        errors.append(f"year_basis '{basis}' is not one of {', '.join(YEAR_BASES)}")
    elif basis and basis != "stated" and not raw.get("year"):
        errors.append(f"year_basis '{basis}' needs a year (leave both blank when the source gives none)")
    kind = raw.get("source_kind", "").strip().casefold()
    if kind and kind not in SOURCE_KINDS:
        errors.append(f"source_kind '{raw['source_kind']}' is not resmi (an official document) or berita (news)")
    errors += checked_on_errors(raw.get("source_checked_on", "").strip())
    archive = raw.get("source_archive_url", "").strip()
    if archive and not archive.lower().startswith(("https://", "http://")):
        errors.append(f"source_archive_url '{archive}' is not a web address")
    if raw.get("secondary", "").casefold() not in TRUTH:
        errors.append(f"secondary '{raw['secondary']}' is not true or false")
    for line in (line for line in raw.get("other_sources", "").splitlines() if line.strip()):
        fields, wrong = parse_source_line(line)
        errors += wrong
        if not fields["url"].lower().startswith(("https://", "http://")):
            errors.append(f"other source '{fields['url']}' is not a web address")
        errors += checked_on_errors(fields["checked_on"])
    errors += parse_handover_cell(raw.get("handover", ""))[1]
    return errors + [error for f in PLAIN if raw.get(f.name) for error in plain_errors(f, raw[f.name].strip())]


def plain_errors(spec: Field, cell: str) -> list[str]:
    """A plain column's cell in the kind its field declares: a web address, a date, one of its choices."""
    if spec.kind == "url" and not cell.lower().startswith(("https://", "http://")):
        return [f"{spec.name} '{cell}' is not a web address"]
    if spec.kind == "date":
        return [error.replace("source_checked_on", spec.name) for error in checked_on_errors(cell)]
    if spec.choices and cell not in spec.choices:
        return [f"{spec.name} '{cell}' is not one of {', '.join(spec.choices)}"]
    return []


def checked_on_errors(cell: str) -> list[str]:
    """A checked-on day must be a real date written YYYY-MM-DD, and not after today."""
    if not cell:
        return []
    try:
        day = dt.date.fromisoformat(cell)
    except ValueError:
        return [f"source_checked_on '{cell}' is not a date written YYYY-MM-DD"]
    return [f"source_checked_on {cell} is in the future"] if in_the_future(day) else []


def other_sources(cell: str) -> tuple[dict[str, str], ...]:
    """Further sources, one per line: the address, what is known of it in brackets, then the title (cells.py)."""
    return tuple(parse_source_line(line)[0] for line in cell.splitlines() if line.strip())


def normalise_province(value: str) -> str | None:
    """The official province name for a name or common abbreviation, or None."""
    if not value:
        return None
    folded = {p.casefold(): p for p in PROVINCES}
    abbreviations = {k.casefold(): v for k, v in PROVINCE_ABBREVIATIONS.items()}
    key = " ".join(value.split()).casefold()
    return folded.get(key) or abbreviations.get(key)
