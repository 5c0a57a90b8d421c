"""The house rules of the code: the core never imports the speed machinery, and each thing lives in one place.

Modules are named by their last dotted part, so a module directly in sitegen/ and the same module in
a folder below it are one module to these tests: they hold before and after the move into folders.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sitegen"

# Reading the registry and turning it into files: pure, and all a plain build needs.
SOURCE = {"errors", "load", "schema", "validate", "model", "identity", "registry", "config", "geo", "markup",
          "checks", "places", "wilayah"}
SITE = {"routes", "pages", "views", "charts", "render", "export", "search", "search_text", "search_rows", "banner",
        "examples", "award_lines", "piece_table", "encode", "statics", "links", "outputs", "write", "tilemap"}
DOOR = {"hooks", "fingerprint"}  # the interfaces the core offers the speed machinery, and value digests
CORE = SOURCE | SITE | DOOR
# Only there to make builds faster: state between builds, jobs, caches, memos, forks.
SPEED = {"session", "inputs", "state", "jobs", "tracking", "memo", "reread", "parread", "forkload", "child", "runner",
         "datacache", "plan", "unit_memo"}
TOOLS = {"importer", "import_run", "tables", "unit_names", "units_file", "sample", "yamlout", "progress"}
TOP = {"pipeline", "serve"}  # they put the stages together, so they may import anything
GROUPS = {"core": CORE, "speed": SPEED, "tools": TOOLS, "top": TOP}
MAY_IMPORT = {"core": CORE, "speed": CORE | SPEED | TOOLS, "tools": CORE | TOOLS, "top": CORE | SPEED | TOOLS | TOP}


def modules() -> dict[str, Path]:
    """Every module of the package by its short name, wherever it lives below sitegen/."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.stem != "__init__":
            assert path.stem not in found, f"two modules named {path.stem}: {found[path.stem]} and {path}"
            found[path.stem] = path
    return found


def imported(path: Path) -> set[str]:
    """The package modules a module imports, anywhere in it (also inside functions and TYPE_CHECKING)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    short = {name.split(".")[-1] for name in names if name.startswith("sitegen.")}
    return short & set(modules())


def group_of(name: str) -> str:
    return next(group for group, members in GROUPS.items() if name in members)


def test_every_module_belongs_to_exactly_one_group() -> None:
    unplaced = [name for name in modules() if sum(name in members for members in GROUPS.values()) != 1]
    assert not unplaced, f"add each to one group in {Path(__file__).name}: {unplaced}"


@pytest.mark.parametrize("name", sorted(modules()))
def test_imports_point_only_inwards(name: str) -> None:
    group = group_of(name)
    wrong = sorted(other for other in imported(modules()[name]) if other not in MAY_IMPORT[group])
    assert not wrong, f"{name} ({group}) imports {', '.join(f'{w} ({group_of(w)})' for w in wrong)}"


def test_the_speed_machinery_does_not_import_the_pipeline_that_drives_it() -> None:
    assert "pipeline" not in imported(modules()["session"])


def test_files_are_replaced_atomically_in_one_place() -> None:
    users = sorted(name for name, path in modules().items() if "os.replace(" in path.read_text(encoding="utf-8"))
    assert users == ["write"]


def test_the_door_imports_nothing_but_the_door() -> None:
    for name in DOOR:
        assert imported(modules()[name]) <= DOOR
