"""Recording an editor's answer about a likely duplicate in data/units.yaml.

"Same unit": the new name joins the known unit's `former_names`, so this and every later import merge
it. "Different units": the new name joins the known unit's `distinct`, so it is not asked again. The
file is edited, not rewritten: comments and other entries stay as they are; an entry that gains a
name is written anew, unless it holds a comment, which would be lost (then the editor adds the line).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import Problems
from sitegen.importer.yamlout import dump
from sitegen.load.identity import name_key
from sitegen.load.read import MarkedDict, parse_yaml

SAME, DISTINCT = "same", "distinct"
FIELD = {SAME: "former_names", DISTINCT: "distinct"}
NEW_FILE = ("# Unit identity beyond the automatic rule (<institution id>/<slug of the first name>).\n"
            "# See docs/data-format.md.\n")


@dataclass(frozen=True)
class Decision:
    """An editor's answer: `name` is (SAME) or is not (DISTINCT) the known unit `unit_id`."""

    kind: str
    name: str
    unit_id: str
    unit_name: str  # the unit's current name, for a new entry


def entry_of(decision: Decision, entry: dict | None = None) -> dict:
    """The units.yaml entry of the decision's unit with the name added (a new entry when it has none)."""
    entry = dict(entry) if entry else {"id": decision.unit_id, "name": decision.unit_name}
    field = FIELD[decision.kind]
    names = list(entry.get(field) or [])
    if name_key(decision.name) not in {name_key(n) for n in names}:
        names.append(decision.name)
    entry[field] = names
    return entry


FLOW_PLAIN = re.compile(r"[A-Za-z\u00C0-\u024F][\w\u00C0-\u024F .()/'’&+-]*")  # reads back as itself in [a, b]


def entry_text(entry: dict) -> str:
    """One entry as units.yaml writes them: lists on one line in brackets, like the entries editors write."""
    lines = []
    for key, value in entry.items():
        if isinstance(value, list):
            items = [v if FLOW_PLAIN.fullmatch(v) and not v.endswith(" ") else json.dumps(v, ensure_ascii=False)
                     for v in map(str, value)]
            lines.append(f"{key}: [{', '.join(items)}]")
        else:
            lines.append(dump({key: value}).rstrip("\n"))
    return "- " + "\n  ".join(lines) + "\n"


def record(path: Path, decisions: list[Decision], problems: Problems) -> str:
    """units.yaml's text with every decision recorded; an entry that cannot be edited safely is a problem."""
    text = path.read_text(encoding="utf-8-sig") if path.exists() else NEW_FILE
    entries = read_entries(text, path, problems)
    lines = text.splitlines(keepends=True)
    spans = entry_spans(entries, lines)
    appended: list[str] = []
    new_entries: dict[str, dict] = {}
    for decision in decisions:
        span = spans.get(decision.unit_id)
        if span is None:
            new_entries[decision.unit_id] = entry_of(decision, new_entries.get(decision.unit_id))
            continue
        start, end, raw = span
        if any(line.lstrip().startswith("#") or " #" in line for line in lines[start:end]):
            problems.add(path, start + 1, 1, f"cannot record that '{decision.name}' is "
                         f"{'the same unit as' if decision.kind == SAME else 'not'} {decision.unit_id}: "
                         "its entry holds a comment", f"add '{decision.name}' to its {FIELD[decision.kind]} "
                         "by hand, then import again")
            continue
        spans[decision.unit_id] = (start, end, entry_of(decision, raw))
    for start, end, entry in sorted(spans.values(), key=lambda span: -span[0]):  # from the end: indexes hold
        if not isinstance(entry, MarkedDict):
            lines[start:end] = [entry_text(entry)]
    for uid in sorted(new_entries):
        appended.append("\n" + entry_text(new_entries[uid]))
    body = "".join(lines)
    if appended and body and not body.endswith("\n"):
        body += "\n"
    return body + "".join(appended)


def read_entries(text: str, path: Path, problems: Problems) -> list[MarkedDict]:
    """The entries of units.yaml's text; none in a file of comments only."""
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return []
    loaded = parse_yaml(text, path, problems)
    return [e for e in loaded.data if isinstance(e, MarkedDict)] if loaded.ok and isinstance(loaded.data, list) else []


def entry_spans(entries: list[MarkedDict], lines: list[str]) -> dict[str, tuple[int, int, dict]]:
    """Each entry's id -> (first line index, index after its last content line, the entry)."""
    starts = sorted(e.line - 1 for e in entries)
    spans = {}
    for entry in entries:
        start = entry.line - 1
        later = [s for s in starts if s > start]
        end = later[0] if later else len(lines)
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1  # blank lines and the next entry's comment belong to the next entry
        spans[str(entry.get("id"))] = (start, end, entry)
    return spans
