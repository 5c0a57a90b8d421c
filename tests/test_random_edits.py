"""Any edit of a registry's files ends in a registry or in a DataError that names a file: never a traceback.

The registry is tests/invalid/_base with a units.yaml and a revocations.yaml beside it. Each example makes one
random edit to one of its files, the kind an editor makes by mistake: a line deleted, repeated, cut short or
re-indented, or a character YAML or Markdown treats specially typed into it. Random edits of the shipped data
found that an unreadable units.yaml or revocations.yaml crashed the build (fixed in 932554a).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sitegen.errors import DataError
from sitegen.load.registry import load_registry
from tests.bad_input import BASE

UNITS_YAML = """\
- id: alfa/kantor-alfa-surabaya
  name: Kantor Alfa Surabaya
  former_names:
    - Kantor Alfa Kota Surabaya
"""
REVOCATIONS_YAML = """\
- unit: alfa/kantor-alfa-surabaya
  predicate: WBK
  revoked_on: 2021-02-03
  reason: "Predikat dicabut."
  source_url: "https://contoh.invalid/pencabutan"
"""
TYPED = ["", ":", "- ", "  ", "\t", "'", '"', "{", "[", "#", "&a", "*a", "~", "null", "yes", "2020", "-1",
         "2020-13-45", "---", "|", ">", "\u00e9", "\u202e", "<script>", "https://"]
EDITS = ("delete", "repeat", "cut", "indent", "type")


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base registry with the two optional data files; each example restores what it edits."""
    root = tmp_path_factory.mktemp("random-edits") / "registry"
    shutil.copytree(BASE, root)
    (root / "data" / "units.yaml").write_text(UNITS_YAML, encoding="utf-8")
    (root / "data" / "revocations.yaml").write_text(REVOCATIONS_YAML, encoding="utf-8")
    load_registry(root)  # valid as it stands
    return root


def edited(text: str, edit: str, line: int, at: int, typed: str) -> str:
    """text with one edit made at one line (line and at are taken modulo what the text has)."""
    lines = text.split("\n")
    i = line % len(lines)
    cut = at % (len(lines[i]) + 1)
    if edit == "delete":
        del lines[i]
    elif edit == "repeat":
        lines.insert(i, lines[(i + at) % len(lines)])
    elif edit == "cut":
        lines[i] = lines[i][:cut]
    elif edit == "indent":
        lines[i] = " " * (at % 5) + lines[i].lstrip()
    else:
        lines[i] = lines[i][:cut] + typed + lines[i][cut:]
    return "\n".join(lines)


def data_files(root: Path) -> list[Path]:
    """Every file an editor writes: data/ and the Markdown of site_src/."""
    return sorted([*root.glob("data/**/*.yaml"), *root.glob("site_src/**/*.md")])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.integers(0, 1000), edit=st.sampled_from(EDITS), line=st.integers(0, 200),
       at=st.integers(0, 200), typed=st.sampled_from(TYPED))
@example(which=3, edit="type", line=3, at=6, typed='"')  # data/units.yaml's quote never closed
@example(which=2, edit="indent", line=2, at=3, typed="")  # data/revocations.yaml's field indented too deep
def test_one_edit_gives_a_registry_or_a_data_error_naming_a_file(registry: Path, which: int, edit: str, line: int,
                                                                 at: int, typed: str) -> None:
    files = data_files(registry)
    path = files[which % len(files)]
    original = path.read_text(encoding="utf-8")
    path.write_text(edited(original, edit, line, at, typed), encoding="utf-8")
    try:
        load_registry(registry)
    except DataError as err:
        assert err.problems and all(problem.file for problem in err.problems)
    finally:
        path.write_text(original, encoding="utf-8")
