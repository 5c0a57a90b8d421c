"""The house rules of the code: stages import in one direction, the core never imports the speed machinery.

`ls sitegen` shows the stages. Each imports only the stages below it (and modules of its own):

    base      errors, fingerprint, progress, write, inputs_guard   (sitegen/*.py, shared by all)
    model     the records, routes (every URL rule), places, the registry's words
    load      reading YAML, Markdown and site.yaml with line marks, validating, identity, linking
    render    pages, exports, search, badges: the registry turned into files
    cache     only speed (state between builds, jobs, memos, forks); nothing below imports it
    top       pipeline (the stages in order) and serve
    importer  award lists into data/: base, model and load only

`test_print_the_import_graph` prints the graph by stage (run pytest with -s to see it).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sitegen"
TOP = {"pipeline", "serve"}
BASE = {"errors", "fingerprint", "progress", "write", "inputs_guard"}
ORDER = ("base", "model", "load", "render", "cache", "top")  # each stage may import the ones before it
MAY_IMPORT = {stage: set(ORDER[:n + 1]) for n, stage in enumerate(ORDER)}
MAY_IMPORT["importer"] = {"base", "model", "load", "importer"}


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name below sitegen ('model.routes', 'pipeline')."""
    return {".".join(p.relative_to(PACKAGE).with_suffix("").parts): p
            for p in sorted(PACKAGE.rglob("*.py")) if p.stem != "__init__"}


def stage_of(name: str) -> str:
    """The stage a module belongs to: its folder, or base/top for the modules directly in sitegen/."""
    if "." in name:
        return name.split(".", 1)[0]
    if name in TOP:
        return "top"
    assert name in BASE, f"{name}.py sits directly in sitegen/: add it to BASE or TOP, or move it into a stage"
    return "base"


def imported(path: Path) -> set[str]:
    """The package modules a module imports, anywhere in it (also inside functions and TYPE_CHECKING)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    known = modules()
    return {name.removeprefix("sitegen.") for name in names if name.removeprefix("sitegen.") in known}


def graph() -> dict[str, set[str]]:
    """Each module and the package modules it imports."""
    return {name: imported(path) for name, path in modules().items()}


def test_every_module_sits_in_a_stage() -> None:
    stages = {stage_of(name) for name in modules()}
    assert stages <= set(MAY_IMPORT), f"unknown stage folders: {sorted(stages - set(MAY_IMPORT))}"


@pytest.mark.parametrize("name", sorted(modules()))
def test_imports_point_only_to_earlier_stages(name: str) -> None:
    stage = stage_of(name)
    wrong = sorted(f"{other} ({stage_of(other)})" for other in imported(modules()[name])
                   if stage_of(other) not in MAY_IMPORT[stage])
    assert not wrong, f"{name} ({stage}) imports {', '.join(wrong)}"


def test_there_is_no_import_circle() -> None:
    edges, circles = graph(), []

    def visit(name: str, path: list[str]) -> None:
        for other in sorted(edges[name]):
            if other in path:
                circles.append([*path[path.index(other):], other])
            elif other not in done:
                visit(other, [*path, other])
        done.add(name)

    done: set[str] = set()
    for start in sorted(edges):
        if start not in done:
            visit(start, [start])
    assert not circles, f"import circles: {circles}"


def test_the_rules_can_fail() -> None:
    assert "cache" not in MAY_IMPORT["render"] and "render" not in MAY_IMPORT["load"]
    assert "render" not in MAY_IMPORT["importer"] and "load" not in MAY_IMPORT["model"]


def test_print_the_import_graph(capsys: pytest.CaptureFixture[str]) -> None:
    edges = graph()
    lines = []
    for stage in (*ORDER, "importer"):
        members = sorted(name for name in edges if stage_of(name) == stage)
        lines.append(f"{stage}:")
        lines += [f"  {name} -> {', '.join(sorted(edges[name])) or '-'}" for name in members]
    backward = [(a, b) for a, targets in edges.items() for b in targets if stage_of(b) not in MAY_IMPORT[stage_of(a)]]
    lines.append(f"backward imports: {len(backward)}")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert not backward


def test_the_speed_machinery_does_not_import_the_pipeline_that_drives_it() -> None:
    assert not {name for name in imported(modules()["cache.session"]) if stage_of(name) == "top"}


def test_files_are_replaced_atomically_in_one_place() -> None:
    users = sorted(name for name, path in modules().items() if "os.replace(" in path.read_text(encoding="utf-8"))
    assert users == ["write"]


SPEED_PARAMETERS = {"memo", "digest_of", "digests", "loading", "flags_of", "unit_jobs", "packing"}
# The one door left: load_registry takes how files are read and units made (cache/unit_memo.py).
STILL_A_DOOR = {("load.registry", "load_registry", "loading")}


def test_no_core_function_takes_a_memo_digest_or_loading_parameter() -> None:
    found = set()
    for name, path in modules().items():
        if stage_of(name) not in ("model", "load", "render"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
                found |= {(name, node.name, a.arg) for a in args if a.arg in SPEED_PARAMETERS}
    assert found == STILL_A_DOOR


def test_the_digests_import_nothing() -> None:
    assert not imported(modules()["fingerprint"])
