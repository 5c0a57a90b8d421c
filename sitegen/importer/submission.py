"""`build.py import-submission FILE`: one submission (an issue form's body, or the issue event's JSON) imported
as one row, through the same import as a list (import_run.import_table), with hints in plain Indonesian.

A submission is text from the public. It is read as data only: its fields become the cells of one row, and
nothing in it is run, evaluated or rendered; the report quotes it as plain text (the workflow posts the report
inside a code block, so GitHub renders none of it as Markdown either).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from sitegen.errors import Problems, printable
from sitegen.importer.row_check import PREDICATE_WORDS, normalise_province
from sitegen.importer.rows import Workspace
from sitegen.importer.run import ImportStopped, Summary, import_table
from sitegen.importer.tables import Table, header_key
from sitegen.load.config import load_config
from sitegen.load.schema import in_the_future
from sitegen.model import routes
from sitegen.model.channel import SUBMISSION_FIELDS

NO_RESPONSE = "_No response_"  # what GitHub writes for a field left empty
BY_LABEL = {header_key(f.label): f.id for f in SUBMISSION_FIELDS}
ROW = 1  # a submission is one row; problems name it "row 1", as a one-row list would


@dataclass
class Report:
    """What import-submission prints (and the workflow posts): the summary, the problems, the hints."""

    ok: bool
    text: str


def fields_of_body(body: str) -> dict[str, str]:
    """The answers of an issue form's body ("### Label", then the answer), by field id; unknown headings skipped."""
    fields: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    for line in [*text.split("\n"), "### "]:  # a closing heading ends the last answer
        if line.startswith("### "):
            if current is not None:
                answer = "\n".join(lines).strip()
                fields[current] = "" if answer == NO_RESPONSE else answer
            current, lines = BY_LABEL.get(header_key(line[4:])), []
        elif current is not None:
            lines.append(line)
    return fields


def body_of(path: Path, problems: Problems) -> str | None:
    """The form's body: the file itself, or the issue's body in an event's JSON (GitHub's issues event)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        problems.add(path, 0, 0, f"cannot read the submission: {err}", "save it as UTF-8 text or JSON")
        return None
    if not (path.suffix.casefold() == ".json" or text.lstrip().startswith("{")):
        return text
    try:
        event = json.loads(text)
    except json.JSONDecodeError as err:
        problems.add(path, err.lineno, err.colno, f"not valid JSON: {err.msg}", "give the issue event's JSON as "
                     "GitHub wrote it ($GITHUB_EVENT_PATH), or the issue's Markdown body")
        return None
    issue = event.get("issue", event) if isinstance(event, dict) else None
    body = issue.get("body") if isinstance(issue, dict) else None
    if not isinstance(body, str):
        problems.add(path, 1, 1, "the JSON holds no issue body", "give an issues event (issue.body) or an issue")
        return None
    return body


def read_submission(path: Path, problems: Problems) -> Table | None:
    """The submission as a one-row table of import columns; None (with the problem) when it is none."""
    body = body_of(path, problems)
    if body is None:
        return None
    fields = fields_of_body(body)
    if not fields:
        problems.add(path, 1, 1, "no field of the new-record form found",
                     f"a submission has headings such as '### {SUBMISSION_FIELDS[0].label}' (the issue form's body)")
        return None
    row = {f.id: fields.get(f.id, "") for f in SUBMISSION_FIELDS}
    return Table(path, tuple(row), ((ROW, row),))


def import_submission(path: Path, root: Path, dry_run: bool = False) -> Report:
    """Import one submission (or only show what it would change); the report says what and why in plain words."""
    problems = Problems(root)
    table = read_submission(path, problems)
    try:
        summary = import_table(table, path, root, problems, dry_run)
    except ImportStopped as err:
        row = table.rows[0][1] if table else {}
        hints = indonesian_hints(row, err.summary, root) if table else []
        text = "\n".join([err.summary.text(), *map(str, err.problems), err.footer, *hint_lines(hints)])
        return Report(False, printable_lines(text))
    return Report(True, printable_lines(summary.text()))


def printable_lines(text: str) -> str:
    """Every line safe for a terminal and a comment: control characters in submitted text shown escaped."""
    return "\n".join(printable(line) for line in text.split("\n"))


def hint_lines(hints: list[str]) -> list[str]:
    """The plain-Indonesian hints under their heading."""
    return ["", "Petunjuk untuk pengirim:", *(f"- {h}" for h in hints)] if hints else []


def indonesian_hints(row: dict[str, str], summary: Summary, root: Path) -> list[str]:
    """What the submitter can do about each problem, worked out from the row itself, in plain Indonesian."""
    hints = [f"Isian \"{label}\" wajib diisi." for column, label in REQUIRED_LABELS.items() if not row.get(column)]
    url = row.get("source_url", "")
    if not url:
        hints.append("Tanpa sumber, usulan tidak dapat dimuat. Tambahkan tautan ke surat keputusan atau lampirannya, "
                     "siaran pers instansi pemberi predikat, atau berita yang menyebut nama unit, predikat, dan "
                     "tahunnya.")
    elif not url.lower().startswith(("https://", "http://")):
        hints.append(f"Tautan sumber \"{url}\" bukan alamat web. Salin alamat lengkap halaman sumber dari "
                     "peramban, diawali https://.")
    hints += year_hints(row.get("year", ""))
    if row.get("predicate") and header_key(row["predicate"]) not in PREDICATE_WORDS:
        hints.append("Predikat harus WBK atau WBBM.")
    if row.get("province") and normalise_province(row["province"]) is None:
        hints.append(f"Provinsi \"{row['province']}\" tidak dikenal. Tulis nama resminya, misalnya Jawa Timur.")
    hints += institution_hints(row.get("institution", ""), root)
    hints += [duplicate_hint(likely.unit_id, likely.unit_name, root) for likely in summary.questions]
    return hints


REQUIRED_LABELS = {f.id: f.label for f in SUBMISSION_FIELDS if f.required and f.id != "source_url"}


def year_hints(year: str) -> list[str]:
    """A year that is not a year, or one still to come."""
    if not year:
        return []
    if not (year.isdigit() and 1990 <= int(year) <= 2100):
        return [f"Tahun \"{year}\" bukan tahun empat angka. Kosongkan bila sumber tidak menyebut tahunnya."]
    if in_the_future(int(year)):
        return [f"Tahun {year} belum terjadi. Periksa kembali tahun yang disebut sumber; registri hanya mencatat "
                "predikat yang sudah ditetapkan."]
    return []


def institution_hints(name: str, root: Path) -> list[str]:
    """An institution the registry does not know: the closest names it does know."""
    if not name.strip():
        return []
    ws = Workspace.open(root / "data", Problems(root))
    if ws.known_institution(name) is not None:
        return []
    names = {}
    for inst in ws.institutions:
        for known in (inst["name"], inst.get("short_name"), *(inst.get("aliases") or [])):
            if known:
                names[known] = inst["name"]
    close = process.extract(name, list(names), scorer=fuzz.WRatio, limit=6)
    suggested = list(dict.fromkeys(names[match] for match, score, _ in close if score >= 60))[:3]
    closest = f" Nama yang paling mirip: {'; '.join(suggested)}." if suggested else ""
    return [f"Instansi \"{name}\" belum tercatat di registri.{closest} Tulis nama instansi seperti di daftar "
            "instansi registri; jika instansinya memang belum tercatat, pengelola akan menambahkannya."]


def duplicate_hint(unit_id: str, unit_name: str, root: Path) -> str:
    """A likely duplicate: the unit it may be, with the link to its page."""
    config = load_config(root, None, None, Problems(root))  # only its address; its own problems are the build's
    link = routes.link(routes.unit(unit_id), config.base_url or None, config.base_path)
    return (f"Unit ini mungkin sudah tercatat sebagai \"{unit_name}\" ({link}). Jika itu unit yang sama, "
            "tidak perlu mengusulkan lagi; jika berbeda, jelaskan bedanya di Catatan, dan pengelola akan memutuskan.")
