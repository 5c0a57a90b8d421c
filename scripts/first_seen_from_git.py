#!/usr/bin/env python3
"""One-off: give every award and revocation in data/ that has no `first_seen` the date of the commit that first
added it (docs/data-format.md, "Records older than first_seen"). Run once, from the repository root, on a clean
work tree: `python scripts/first_seen_from_git.py [--dry-run]`.

A record is "the same record" in an older commit when that commit's data/ holds one with the same round year,
institution, unit name (case and spacing aside) and predicate (a revocation: unit id, predicate and date); the
date is the committer date of the first commit that holds it. The line `first_seen: YYYY-MM-DD` is inserted at
the end of each record, at its keys' indentation, so the files keep their comments and layout.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from sitegen.errors import Problems  # noqa: E402
from sitegen.load.identity import name_key  # noqa: E402
from sitegen.load.read import MarkedDict, load_yaml  # noqa: E402

DATA_PATHS = ("data/awards", "data/revocations.yaml")


def git(*args: str) -> str:
    """A git command's output in the repository."""
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True).stdout


def award_key(year: object, award: dict) -> tuple:
    """What makes an award the same record in every commit."""
    return ("award", str(year), award.get("institution"), name_key(str(award.get("unit", ""))), award.get("predicate"))


def revocation_key(rev: dict) -> tuple:
    """What makes a revocation the same record in every commit."""
    return ("revocation", rev.get("unit"), rev.get("predicate"), str(rev.get("revoked_on")))


def keys_at(commit: str) -> set[tuple]:
    """The keys of every record data/ held at a commit."""
    found: set[tuple] = set()
    for path in git("ls-tree", "-r", "--name-only", commit, "--", *DATA_PATHS).split():
        try:
            value = yaml.safe_load(git("show", f"{commit}:{path}"))
        except yaml.YAMLError:
            continue  # a commit whose file did not parse: its records count from the next one
        if path.endswith("revocations.yaml"):
            found |= {revocation_key(r) for r in value or [] if isinstance(r, dict)}
        elif isinstance(value, dict):
            found |= {award_key(value.get("year"), a) for a in value.get("awards") or [] if isinstance(a, dict)}
    return found


def first_dates() -> dict[tuple, str]:
    """Each record key and the committer date (YYYY-MM-DD) of the first commit holding it."""
    first: dict[tuple, str] = {}
    for line in git("log", "--reverse", "--format=%H %cs", "--", *DATA_PATHS).splitlines():
        commit, day = line.split()
        for key in keys_at(commit):
            first.setdefault(key, day)
    return first


def record_ends(lines: list[str], starts: list[int]) -> list[int]:
    """The last line (0-based) of each record, given where each starts: before the next one, leaving out the
    blank lines and comments between them (a comment above a record is that record's)."""
    ends = []
    for n, start in enumerate(starts):
        end = (starts[n + 1] if n + 1 < len(starts) else len(lines)) - 1
        while end > start and (not lines[end].strip() or lines[end].lstrip().startswith("#")):
            end -= 1
        ends.append(end)
    return ends


def fill(path: Path, records: list[MarkedDict], keys: list[tuple], first: dict[tuple, str]) -> int:
    """Insert first_seen into the records of one file that lack it; how many were filled."""
    lines = path.read_text(encoding="utf-8").split("\n")
    starts = [r.line - 1 for r in records]
    inserts = []
    for record, key, end in zip(records, keys, record_ends(lines, starts), strict=True):
        if "first_seen" in record:
            continue
        if key not in first:
            raise SystemExit(f"{path}:{record.line}: no commit holds this record; commit data/ first")
        inserts.append((end, " " * (record.col - 1) + f"first_seen: {first[key]}"))
    for end, text in sorted(inserts, reverse=True):
        lines.insert(end + 1, text)
    path.write_text("\n".join(lines), encoding="utf-8")
    return len(inserts)


def main(argv: list[str]) -> int:
    """Fill first_seen everywhere it is missing."""
    if git("status", "--porcelain", "--", "data").strip():
        raise SystemExit("data/ has uncommitted changes: commit them first, so every record has a commit")
    first = first_dates()
    problems, filled = Problems(REPO), 0
    for path in sorted((REPO / "data" / "awards").glob("*.yaml")):
        value = load_yaml(path, problems).data
        awards = [a for a in (value.get("awards") or [])] if isinstance(value, MarkedDict) else []
        if "--dry-run" not in argv:
            filled += fill(path, awards, [award_key(value.get("year"), a) for a in awards], first)
    revocations = REPO / "data" / "revocations.yaml"
    value = load_yaml(revocations, problems).data or []
    if "--dry-run" not in argv:
        filled += fill(revocations, list(value), [revocation_key(r) for r in value], first)
    if problems:
        raise SystemExit("\n".join(map(str, problems.items)))
    print(f"first_seen filled in {filled} records; dates from {len(set(first.values()))} commit days: "
          f"{', '.join(sorted(set(first.values())))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
