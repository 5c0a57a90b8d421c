"""The docs' field tables, generated from the declarations (sitegen/model/fields.py).

`.venv/bin/python -m tests.field_tables` rewrites each table between its markers; tests/test_docs.py fails
while a table differs from what the declarations give.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitegen.model.fields import AWARD_COLUMNS, AWARD_IMPORT, Field
from tests.conftest import REPO

START = "<!-- generated: {name} (python -m tests.field_tables, from sitegen/model/fields.py) -->"
END = "<!-- end: {name} -->"


def import_table() -> str:
    """docs/importing.md: every imported award column, the headers that name it and what it holds."""
    rows = ["| Indonesian header | column | what it holds |", "|---|---|---|"]
    for column in AWARD_IMPORT:
        required = isinstance(column, Field) and column.required and column.header_required
        text = column.import_doc or column.doc
        text = f"required: {text}" if required else text
        rows.append(f"| {', '.join(column.headers)} | `{column.column_name}` | {text} |")
    rows.append("| No, Nomor, No Urut | | a list's running number, set aside |")  # tables.IGNORED
    return "\n".join(rows)


def download_table() -> str:
    """docs/open-data.md: every column of the award downloads, in order, and what it holds."""
    rows = ["| column | meaning |", "|---|---|"]
    rows += [f"| `{c.column_name}` | {c.doc} |" for c in AWARD_COLUMNS if c.exported]
    return "\n".join(rows)


TABLES: dict[str, tuple[str, object]] = {
    "award-import-columns": ("docs/importing.md", import_table),
    "award-download-columns": ("docs/open-data.md", download_table),
}


def with_table(text: str, name: str, table: str) -> str:
    """The document with the table between its markers replaced."""
    pattern = re.compile(re.escape(START.format(name=name)) + r"\n.*?" + re.escape(END.format(name=name)), re.S)
    if not pattern.search(text):
        raise AssertionError(f"no markers for the table {name}")
    return pattern.sub(lambda _: f"{START.format(name=name)}\n{table}\n{END.format(name=name)}", text)


def documents() -> dict[Path, str]:
    """Each document with a field table, as the declarations would write it."""
    out: dict[Path, str] = {}
    for name, (rel, make) in TABLES.items():
        path = REPO / rel
        out[path] = with_table(out.get(path) or path.read_text(encoding="utf-8"), name, make())
    return out


def main() -> None:
    """Rewrite every generated field table."""
    for path, text in documents().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(REPO)}")



if __name__ == "__main__":
    main()
