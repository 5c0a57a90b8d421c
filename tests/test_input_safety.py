"""Hostile or surprising input, on in-memory YAML: alias bombs, YAML 1.1 readings, ids that try to leave public/."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.errors import DataError, Problems
from sitegen.load.identity import unit_slug
from sitegen.load.read import MAX_ALIAS_USES, Composer, _AliasBomb, _Builder, load_yaml, parse_yaml
from sitegen.load.registry import load_registry
from sitegen.load.schema import read_record
from sitegen.model.fields import AWARD, INSTITUTION, UNIT
from sitegen.write import SiteWriter, WriteError, safe_relative
from tests.bad_input import BASE
from tests.conftest import build_into, read_page


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    """The classic alias bomb: each level repeats the one before `width` times (9**9 strings in all)."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def distinct_nodes(node: yaml.Node, seen: set[int] | None = None) -> int:
    """How many nodes the composed document really holds (an alias adds none)."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return 0
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        return 1
    if isinstance(node, yaml.SequenceNode):
        return 1 + sum(distinct_nodes(child, seen) for child in node.value)
    return 1 + sum(distinct_nodes(k, seen) + distinct_nodes(v, seen) for k, v in node.value)


def parse(text: str) -> tuple[object, list[str]]:
    problems = Problems()
    loaded = parse_yaml(text, Path("x.yaml"), problems)
    return (loaded.data if loaded.ok else None), [str(p) for p in problems.items]


# --- alias bombs ---------------------------------------------------------------------------------------------


def test_billion_laughs_is_refused_after_a_bounded_number_of_alias_uses() -> None:
    text = billion_laughs()
    node = yaml.compose(text, Loader=Composer)  # composing shares aliased nodes: it never expands
    builder = _Builder(Path("x.yaml"), Problems())
    with pytest.raises(_AliasBomb):
        builder.build(node)
    assert builder.alias_uses == MAX_ALIAS_USES + 1
    assert builder.built <= distinct_nodes(node) + MAX_ALIAS_USES + 1  # 9**9 = 387,420,489 strings if expanded


def test_billion_laughs_is_refused_in_bounded_memory_with_a_message_at_the_first_alias() -> None:
    tracemalloc.start()
    try:
        data, problems = parse(billion_laughs())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert data is None
    assert problems == ["x.yaml:2:10: YAML aliases here repeat more than 50 values; refusing to expand them\n"
                        "    hint: write the values out instead of using YAML anchors (&) and aliases (*)"]
    assert peak < 1_000_000, peak  # bytes; an expanded bomb would need gigabytes


def test_a_wide_alias_list_is_refused_too() -> None:
    data, problems = parse("a: &a x\nb: [" + ", ".join(["*a"] * 10_000) + "]\n")
    assert data is None and "repeat more than 50 values" in problems[0]


def test_a_few_aliases_still_load() -> None:
    data, problems = parse("base: &b {place: Jakarta}\none: *b\ntwo: *b\n")
    assert problems == [] and data == {"base": {"place": "Jakarta"}, "one": {"place": "Jakarta"},
                                       "two": {"place": "Jakarta"}}


def test_merge_keys_are_refused() -> None:
    _, problems = parse("base: &b {place: Jakarta}\nround:\n  <<: *b\n")
    assert problems[0].startswith("x.yaml:3:3: keys must be plain names")


def test_deep_nesting_is_refused_before_python_runs_out_of_stack() -> None:
    data, problems = parse("a: " + "[" * 900 + "]" * 900 + "\n")
    assert data is None and problems[0].startswith("x.yaml:1:35: lists and mappings nest more than 32 levels deep")


@pytest.mark.parametrize(("text", "where"), [
    ("a: 1\na: 2\n", "x.yaml:2:1"), ("a: {x: 1, x: 2}\n", "x.yaml:1:11"),
    ("- unit: A\n  note: x\n  note: y\n", "x.yaml:3:3"), ("a: 1\n'a': 2\n", "x.yaml:2:1"),
])
def test_a_duplicate_key_is_found_at_any_depth_and_in_any_style(text: str, where: str) -> None:
    _, problems = parse(text)
    assert len(problems) == 1 and problems[0].startswith(f"{where}: duplicate key ")


def test_a_control_character_written_as_an_escape_is_refused_in_text() -> None:
    problems = Problems()
    record = parse('unit: "Kantor\\u0007Alfa"\ninstitution: alfa\npredicate: WBK\nsource_url: "https://x.invalid"\n'
                   'set_by: kemenpanrb\nsource_kind: resmi\n')[0]
    assert read_record(record, AWARD, "award", Path("a.yaml"), problems) is None
    assert [str(p).split("\n")[0] for p in problems.items] == [
        "a.yaml:1:7: 'unit' contains the control character U+0007"]


# --- YAML 1.1 surprises ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [
    ("no", "no"), ("NO", "NO"), ("No", "No"), ("yes", "yes"), ("on", "on"), ("off", "off"), ("y", "y"),
    ("n", "n"), ("010", "010"), ("007", "007"), ("0o10", "0o10"), ("0x1F", "0x1F"), ("1_000", "1_000"),
    ("1e3", "1e3"), ("1.5", "1.5"), ("12:30", "12:30"), (".inf", ".inf"), (".nan", ".nan"), ("=", "="),
    ("true", True), ("false", False), ("null", None), ("~", None), ("", None), ("42", 42), ("-3", -3),
    ("2020-12-21", dt.date(2020, 12, 21)), ("'no'", "no"), ('"010"', "010"), ("!!python/object:os.system x", "x"),
])
def test_plain_scalars_are_read_the_core_way_not_the_yaml_1_1_way(text: str, value: object) -> None:
    data, problems = parse(f"v: {text}\n")
    assert problems == []
    assert data["v"] == value and type(data["v"]) is type(value)


def test_a_unit_named_no_and_a_short_name_no_and_a_city_code_010_stay_text(tmp_path: Path) -> None:
    root = _copy_base(tmp_path)
    institutions = root / "data" / "institutions.yaml"
    institutions.write_text(institutions.read_text().replace("short_name: Kemenalfa", "short_name: NO"))
    awards = root / "data" / "awards" / "2020.yaml"
    awards.write_text(awards.read_text().replace("unit: Dinas Beta", "unit: no\n    city: 010"))
    registry, _ = load_registry(root)
    assert registry.institutions["alfa"].short_name == "NO"
    unit = registry.units["kota-beta/no"]
    assert unit.name == "no" and unit.city == "010"
    public = build_into(root, tmp_path / "public")
    page = read_page(public, "unit/kota-beta/no/")
    assert "<h1>no</h1>" in page.replace("\n", "") or ">no<" in page
    assert "010" in page


# --- encodings and line endings -------------------------------------------------------------------------------


def test_a_byte_order_mark_and_windows_line_endings_are_fine(tmp_path: Path) -> None:
    root = _copy_base(tmp_path)
    for path in sorted((root / "data").rglob("*.yaml")) + sorted((root / "site_src").rglob("*.md")):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert len(load_registry(root)[0].units) == 2


def test_a_non_utf8_byte_is_reported_at_its_line_and_character_column(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("- name: Kantör Béta \xe9\n".encode().replace(b"\xc3\xa9\n", b"\xe9\n"))
    problems = Problems()
    assert not load_yaml(path, problems).ok
    assert (problems.items[0].line, problems.items[0].col) == (1, 21)  # characters, not bytes (ö and é are 2)


# --- ids and paths: two walls ---------------------------------------------------------------------------------

HOSTILE_IDS = ["../../etc", "a/b", "..", ".", "/etc/passwd", "alfa\n", "alfa\x00", "ünit", "Alfa", "a b", "-a",
               "a--b", "a\\b", "%2e%2e", "a/", "kemenkeu\u200b", "ａｌｆａ"]


@pytest.mark.parametrize("hostile", HOSTILE_IDS)
def test_validation_refuses_any_institution_id_that_is_not_lowercase_letters_digits_and_hyphens(hostile: str) -> None:
    problems = Problems()
    record = _marked({"id": hostile, "name": "Lembaga", "category": "lembaga"})
    assert read_record(record, INSTITUTION, "institution", Path("i.yaml"), problems) is None
    assert problems.items[0].message.startswith("'id' must be an id, not ")
    assert problems.items[0].message.isprintable()  # a hostile id cannot send escape codes to a terminal


@pytest.mark.parametrize("hostile", [f"alfa/{h}" for h in HOSTILE_IDS] + [f"{h}/unit" for h in HOSTILE_IDS])
def test_validation_refuses_any_unit_id_that_is_not_institution_slash_slug(hostile: str) -> None:
    problems = Problems()
    assert read_record(_marked({"id": hostile, "name": "Unit"}), UNIT, "unit", Path("u.yaml"), problems) is None


@pytest.mark.parametrize("path", ["../x", "a/../../x", "/etc/passwd", "..", ".", "", "a\\..\\x", "a\x00b", "a\nb"])
def test_the_writer_refuses_paths_that_leave_the_output_folder(tmp_path: Path, path: str) -> None:
    writer = SiteWriter(tmp_path / "public")
    try:
        with pytest.raises(WriteError):
            writer.write(path, b"x", "test")
    finally:
        writer.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_no_path_the_writer_accepts_can_leave_the_output_folder(path: str) -> None:
    out = Path("/srv/public")
    try:
        rel = safe_relative(path)
    except WriteError:
        return
    assert (out / rel).resolve(strict=False).is_relative_to(out)
    assert all(ord(ch) >= 32 for ch in rel)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_unit_name_gives_a_slug_of_lowercase_letters_digits_and_hyphens(name: str) -> None:
    slug = unit_slug(name)
    assert slug == "" or all(part and part.isascii() and part.isalnum() and part == part.lower()
                             for part in slug.split("-")), slug


def test_hostile_unit_names_build_only_inside_public(tmp_path: Path) -> None:
    root = _copy_base(tmp_path)
    awards = root / "data" / "awards" / "2020.yaml"
    names = ["../../../etc/passwd", "a/b\\c", "Ünïcödé 東京", "<script>x</script>", "%2e%2e%2f"]
    extra = "".join(f"  - unit: {json.dumps(n)}\n    institution: alfa\n    predicate: WBK\n"
                    f'    source_url: "https://contoh.invalid/{i}"\n    source_kind: resmi\n    set_by: kemenpanrb\n'
                    for i, n in enumerate(names))
    awards.write_text(awards.read_text() + extra)
    public = build_into(root, tmp_path / "out" / "public")
    outside = [p for p in tmp_path.rglob("*") if not p.is_relative_to(tmp_path / "out") and
               not p.is_relative_to(root)]
    assert outside == []
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["public", "public.registri-cache",
                                                                     "public.registri-state.json"]
    units = sorted(p.name for p in (public / "unit" / "alfa").iterdir())
    assert units == sorted(["etc-passwd", "a-b-c", "unicode-dong-jing", "script-x-script", "2e-2e-2f",
                            "kantor-alfa-surabaya"]), units


def test_a_unit_name_that_gives_no_slug_is_an_error(tmp_path: Path) -> None:
    root = _copy_base(tmp_path)
    awards = root / "data" / "awards" / "2020.yaml"
    awards.write_text(awards.read_text().replace("unit: Dinas Beta", 'unit: ".."'))
    with pytest.raises(DataError) as err:
        load_registry(root)
    assert [p.message for p in err.value.problems] == ["the unit name '..' gives an empty URL"]


def _marked(values: dict):
    """A record as the loader gives it, with marks."""
    node = parse("\n".join(f"{k}: {_quote(v)}" for k, v in values.items()) + "\n")[0]
    assert node is not None
    return node


def _quote(value: str) -> str:
    return '"' + value.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'


def _copy_base(tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(BASE, root)
    return root
