"""The bad-input fixtures in tests/invalid/: run each one, and write docs/bad-input.md from them.

Each folder of tests/invalid/ is the valid registry tests/invalid/_base with ONE defect (the folder
`several-defects` has several), plus `about.txt` (one line: what is wrong) and `expected.txt` (the exact
stderr of `build.py check --root <folder>`). Folders holding only `templates/` are template fixtures:
their files replace the real templates and `_base` is built with them.

    .venv/bin/python -m tests.bad_input            # rewrite docs/bad-input.md from the fixtures
    .venv/bin/python -m tests.bad_input --expected # also rewrite every expected.txt (then read the diff!)
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import build as build_cli  # noqa: E402
from sitegen.errors import printable  # noqa: E402

FIXTURES = REPO / "tests" / "invalid"
BASE = FIXTURES / "_base"
DOC = REPO / "docs" / "bad-input.md"
MAX_INPUT_LINES = 4


def kinds() -> list[str]:
    """Every bad-input fixture, by folder name."""
    return sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def is_template_fixture(kind: str) -> bool:
    """A fixture that breaks templates rather than data."""
    return (FIXTURES / kind / "templates").is_dir() and not (FIXTURES / kind / "data").exists()


def run_fixture(kind: str) -> tuple[int, str]:
    """Run the command line on one fixture in this process: (exit code, stderr)."""
    stderr = io.StringIO()
    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stderr(stderr), \
            contextlib.redirect_stdout(io.StringIO()):
        if is_template_fixture(kind):
            templates = _overlay_templates(FIXTURES / kind / "templates", Path(tmp) / "templates")
            options = functools.partial(build_cli.BuildOptions, templates=templates)
            with _patched(build_cli, "BuildOptions", options):
                code = build_cli.main(["build", "--root", str(BASE), "--out", str(Path(tmp) / "public")])
        else:
            code = build_cli.main(["check", "--root", str(FIXTURES / kind)])
    return code, stderr.getvalue()


def expected(kind: str) -> str:
    """The committed exact stderr of a fixture."""
    return (FIXTURES / kind / "expected.txt").read_text(encoding="utf-8")


def _overlay_templates(broken: Path, target: Path) -> Path:
    """The real templates with the fixture's files put over them."""
    shutil.copytree(REPO / "templates", target)
    shutil.copytree(broken, target, dirs_exist_ok=True)
    return target


@contextlib.contextmanager
def _patched(module: object, name: str, value: object):
    original = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, original)


def changed_files(kind: str) -> dict[str, list[str]]:
    """Files of a fixture that differ from _base, each with its added or changed lines ('+ ...')."""
    folder = FIXTURES / kind
    mine = _registry_files(folder)
    base = _registry_files(BASE)
    changes: dict[str, list[str]] = {}
    for rel in sorted(set(mine) | set(base)):
        if rel not in mine:
            changes[rel] = ["(file deleted)"]
        elif mine[rel] != base.get(rel):
            diff = list(difflib.ndiff(_lines(base[rel]) if rel in base else [], _lines(mine[rel])))
            added = [line[2:] for line in diff if line.startswith("+ ")]
            changes[rel] = added or [f"(removed) {line[2:]}" for line in diff if line.startswith("- ")]
    return changes


def _registry_files(folder: Path) -> dict[str, bytes]:
    """Each file by its path; a symbolic link as the line saying where it points (it is never followed)."""
    return {p.relative_to(folder).as_posix(): _content(p) for p in sorted(folder.rglob("*"))
            if (p.is_symlink() or p.is_file())
            and p.relative_to(folder).parts[0] in ("data", "site_src", "templates", "site.yaml")}


def _content(path: Path) -> bytes:
    return f"(a symbolic link to {os.readlink(path)})\n".encode() if path.is_symlink() else path.read_bytes()


def _lines(data: bytes) -> list[str]:
    """Text lines as an editor shows them: undecodable bytes as \\xNN, tabs as →, control characters escaped."""
    text = data.decode("utf-8", errors="backslashreplace")
    return [printable(line.replace("\t", "→   ")) for line in text.split("\n")[: -1 if text.endswith("\n") else None]]


def problem_lines(kind: str) -> list[str]:
    """The expected problems, without the closing 'build failed' count."""
    return [line for line in expected(kind).splitlines() if not line.startswith("build failed:")]


def render_doc() -> str:
    """docs/bad-input.md: every bad-input kind, its input and its exact message."""
    out = [
        "# Bad input and its messages",
        "",
        "Generated by `.venv/bin/python -m tests.bad_input` from the fixtures in `tests/invalid/`; "
        "`tests/test_bad_input.py` fails when this file and the fixtures disagree. Each fixture is the "
        "valid registry `tests/invalid/_base` with one defect; *Input* shows the lines that differ from it "
        "(`→` is a tab). The message is exactly what `python build.py check --root tests/invalid/<kind>` "
        "prints; it exits 1. Template fixtures replace one file of `templates/` and build `_base`.",
        "",
        "| Kind | Input | Exact message |",
        "|---|---|---|",
    ]
    for kind in kinds():
        about = (FIXTURES / kind / "about.txt").read_text(encoding="utf-8").strip()
        out.append(f"| **{kind}**<br>{_cell_text(about)} | {_input_cell(kind)} | "
                   f"{'<br>'.join(_code(line) for line in problem_lines(kind))} |")
    out += ["", f"{len(kinds())} kinds. Every problem is printed as `file:line:col: message` and a "
            "`hint:` line; template problems as `file:line: message` (Jinja gives no column).", ""]
    return "\n".join(out)


def _input_cell(kind: str) -> str:
    if is_template_fixture(kind):
        changes = {rel: _template_problem_line(kind, rel) for rel in _registry_files(FIXTURES / kind)}
    else:
        changes = changed_files(kind)
    parts = []
    for rel, lines in changes.items():
        shown = lines[:MAX_INPUT_LINES] + ([f"… {len(lines) - MAX_INPUT_LINES} more lines"]
                                           if len(lines) > MAX_INPUT_LINES else [])
        parts.append(f"{rel}:<br>" + "<br>".join(_code(line) for line in shown))
    return "<br>".join(parts)


def _template_problem_line(kind: str, rel: str) -> list[str]:
    """The template line the expected message points at."""
    first = problem_lines(kind)[0]
    number = int(first.split(":", 2)[1])
    return [_lines((FIXTURES / kind / rel).read_bytes())[number - 1]]


def _code(text: str) -> str:
    """Inline code for a table cell: pipes escaped, fenced with enough backticks."""
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text.replace('|', chr(92) + '|')}{pad}{fence}"


def _cell_text(text: str) -> str:
    return text.replace("|", "\\|")


def main(argv: list[str]) -> int:
    """Rewrite docs/bad-input.md (and with --expected, every expected.txt first)."""
    if "--expected" in argv:
        for kind in kinds():
            code, stderr = run_fixture(kind)
            if code != 1:
                print(f"{kind}: exit code {code}, not 1", file=sys.stderr)
                return 1
            (FIXTURES / kind / "expected.txt").write_text(stderr, encoding="utf-8")
    DOC.write_text(render_doc(), encoding="utf-8")
    print(f"wrote {DOC.relative_to(REPO)} ({len(kinds())} kinds)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
