#!/usr/bin/env python3
"""An accepted submission into data/: `python scripts/submission_accept.py EVENT.json OUT_DIR [ROOT]`.

When an editor labels a submission `diterima`, the workflow runs this: the submission is imported (the same
import as `build.py import-submission`), and OUT_DIR receives what the workflow needs to open a pull request
(`branch`, `title`, `body.md`), or, when the import stops, `comment.md` for the issue. The editor still reviews
the source in the pull request before merging. Git and the GitHub API are the workflow's steps, not this
script's, so tests run it offline on saved payloads.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from scripts.submission_check import code_block, is_submission  # noqa: E402
from sitegen.importer.submission import import_submission  # noqa: E402
from sitegen.model.channel import ACCEPTED_LABEL  # noqa: E402


def accepted(event: dict) -> bool:
    """The event is the editor adding the accepted label to a submission."""
    return (event.get("action") == "labeled" and (event.get("label") or {}).get("name") == ACCEPTED_LABEL
            and is_submission(event))


def issue_number(event: dict) -> int:
    """The issue's number (an int in GitHub's payload; anything else is refused)."""
    number = (event.get("issue") or {}).get("number")
    if not isinstance(number, int) or isinstance(number, bool):
        raise SystemExit("the event has no issue number")
    return number


def main(argv: list[str]) -> int:
    """Import the accepted submission and write the pull request's parts; 1 when the import stopped."""
    event_path, out = Path(argv[1]), Path(argv[2])
    root = Path(argv[3]) if len(argv) > 3 else REPO
    event = json.loads(event_path.read_text(encoding="utf-8"))
    if not accepted(event):
        print("not an accepted submission: nothing to do")
        return 0
    number = issue_number(event)
    report = import_submission(event_path, root)
    out.mkdir(parents=True, exist_ok=True)
    if not report.ok:
        (out / "comment.md").write_text(
            f"Usulan ini diberi label `{ACCEPTED_LABEL}`, tetapi belum dapat dimuat:\n\n{code_block(report.text)}\n",
            encoding="utf-8")
        print(report.text)
        return 1
    (out / "branch").write_text(f"usulan/isu-{number}\n", encoding="utf-8")
    (out / "title").write_text(f"Usulan catatan dari isu #{number}\n", encoding="utf-8")
    (out / "body.md").write_text(
        f"Catatan dari usulan #{number}, dimuat dengan `build.py import-submission`.\n\n{code_block(report.text)}\n\n"
        "Sebelum menggabungkan: buka sumbernya dan pastikan sumber itu menyebut unit, predikat, dan tahunnya.\n\n"
        f"Closes #{number}\n", encoding="utf-8")
    print(report.text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
