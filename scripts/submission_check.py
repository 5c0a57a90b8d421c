#!/usr/bin/env python3
"""The dry run of one submission for its issue: `python scripts/submission_check.py EVENT.json COMMENT.md`.

Reads the GitHub issues event (the workflow passes $GITHUB_EVENT_PATH), runs `import-submission --dry-run`
on it, and writes the comment the workflow then posts with `gh`. Posting is the workflow's one network step;
everything here runs offline, so tests run it on saved payloads. The report is quoted in a code block whose
fence is longer than any run of backticks in it, so GitHub renders nothing of the submitted text.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from sitegen.importer.submission import import_submission  # noqa: E402
from sitegen.model.channel import SUBMISSION_LABEL  # noqa: E402

MARKER = "<!-- registri: pemeriksaan otomatis -->"


def is_submission(event: dict) -> bool:
    """The event is about an issue carrying the new-record form's label."""
    labels = (event.get("issue") or {}).get("labels") or []
    return any(isinstance(label, dict) and label.get("name") == SUBMISSION_LABEL for label in labels)


def code_block(text: str) -> str:
    """Text as a fenced code block that no backtick run inside it can close."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def comment_for(ok: bool, report: str) -> str:
    """The comment: what the check found, the report as plain text, and that an editor still decides."""
    verdict = ("Usulan ini terbaca lengkap dan dapat dimuat." if ok else
               "Usulan ini belum dapat dimuat. Perbaiki isian sesuai petunjuk di bawah dengan menyunting isu ini; "
               "pemeriksaan berjalan lagi setelah disunting.")
    return (f"{MARKER}\n**Pemeriksaan otomatis** (`build.py import-submission --dry-run`): {verdict}\n\n"
            f"{code_block(report)}\n\n"
            "Pemeriksaan ini tidak memuat apa pun. Pengelola registri memeriksa sumbernya sebelum catatan dimuat.\n")


def main(argv: list[str]) -> int:
    """Write the comment for a submission's event; write nothing (and say so) for any other issue."""
    event_path, comment_path = Path(argv[1]), Path(argv[2])
    event = json.loads(event_path.read_text(encoding="utf-8"))
    if not is_submission(event):
        print("not a submission: no comment")
        return 0
    report = import_submission(event_path, REPO if len(argv) < 4 else Path(argv[3]), dry_run=True)
    comment_path.write_text(comment_for(report.ok, report.text), encoding="utf-8")
    print(report.text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
