"""Reading an edited round file again in part gives exactly what reading it whole gives.

Every edit is made to a round file the cache has read before; the cache's answer (in memory, as the dev
server keeps it, and from the folder, as a new build process finds it) is compared with validate.read_round
of the edited file: header, records with their marks, and every problem with its line, column and hint.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.cache.datacache import RoundCache
from sitegen.cache.reread import chunks_of, split_round
from sitegen.errors import Problems
from sitegen.load.validate import read_round

HEADER = """\
# Round 2021 (test data)
year: 2021
ceremony:
  date: 2021-12-20
  place: "Jakarta"
reported_totals:
  - {total: 10, wbk: 8, wbbm: 2, source_url: "https://contoh.invalid/total"}
awards:
"""
AWARDS = [
    """\
  - unit: Kantor Alfa Malang
    institution: alfa
    predicate: WBBM
    province: Jawa Timur
    city: Malang
    source_url: "https://contoh.invalid/alfa-malang"
    source_kind: resmi
    set_by: kemenpanrb
""",
    """\
  - unit: Kantor Alfa Surabaya
    institution: alfa
    predicate: WBK
    source_url: "https://contoh.invalid/alfa-surabaya"
    source_kind: resmi
    set_by: tidak-disebut
    sources:
      - {url: "https://contoh.invalid/alfa-surabaya-b", title: Berita kedua, kind: berita}
      - url: "https://contoh.invalid/alfa-surabaya-c"
        kind: berita

""",
    """\
  - unit: 'Dinas Gamma: Pelayanan'
# a comment at the start of a line
    institution: pemkot-gamma
    source_url: https://contoh.invalid/gamma
    source_kind: berita
    set_by: kemenpanrb
    predicate: WBK
    note: |
      two lines
      of note
    secondary: true
""",
    """\
  -
    unit: Lapas Beta Kudus
    institution: alfa-baru
    predicate: WBBM
    source_url: "https://contoh.invalid/lapas-kudus?a=1&b=2"
    source_kind: resmi
    set_by: alfa-baru
""",
    """\
  - {unit: Rutan Delta, institution: alfa, predicate: WBK, source_url: "https://contoh.invalid/delta",
     source_kind: resmi, set_by: kemenpanrb}
""",
    """\
  - unit: Kantor Epsilon
    institution: alfa
    predicate: WBK
    source_url: "https://contoh.invalid/epsilon"
    source_kind: resmi
    set_by: kemenpanrb
    note: "a note that runs
      over two lines"
""",
]
BASE = HEADER + "".join(AWARDS)
NEW_AWARD = """\
  - unit: Kantor Zeta
    institution: alfa
    predicate: WBK
    source_url: "https://contoh.invalid/zeta"
    source_kind: resmi
    set_by: kemenpanrb
"""


def replace(old: str, new: str) -> Callable[[str], str]:
    """An edit replacing the first `old` with `new`."""
    return lambda text: text.replace(old, new, 1)


def swap(i: int, j: int) -> Callable[[str], str]:
    """An edit swapping awards i and j."""
    def edit(text: str) -> str:
        awards = AWARDS.copy()
        awards[i], awards[j] = awards[j], awards[i]
        return HEADER + "".join(awards)
    return edit


# name -> (edit, whether it is read again in part)
EDITS: dict[str, tuple[Callable[[str], str], bool]] = {
    "a field changed": (replace("city: Malang", "city: Kota Malang"), True),
    "a field added": (replace("    predicate: WBK\n", "    predicate: WBK\n    city: Surabaya\n"), True),
    "an award added in the middle": (replace(AWARDS[2], NEW_AWARD + AWARDS[2]), True),
    "an award added at the end": (lambda text: text + NEW_AWARD, True),
    "an award removed": (replace(AWARDS[1], ""), True),
    "the first award removed": (replace(AWARDS[0], ""), True),
    "lines inserted above later awards": (replace("    city: Malang\n", "    city: Malang\n\n  # moved\n\n"), True),
    "two awards swapped": (swap(1, 4), True),
    "a comment edited": (replace("# a comment at", "# the comment at"), True),
    "an item written in flow style": (replace(AWARDS[0], "  - {unit: Kantor Eta, institution: alfa, "
                                                          "predicate: WBK, source_url: 'https://x.invalid/', "
                                                          "source_kind: resmi, set_by: kemenpanrb}\n"), True),
    "CRLF line ends": (lambda text: text.replace("\n", "\r\n"), True),
    "the header edited": (replace('place: "Jakarta"', 'place: "Jakarta Pusat"'), False),
    "a comment added to the header": (replace("awards:\n", "awards:  # the list\n"), False),
    "the items indented differently": (lambda text: HEADER + "".join(
        "\n".join(line[2:] for line in award.split("\n")) for award in AWARDS), False),
    "a syntax error": (replace('source_url: "https://contoh.invalid/alfa-malang"',
                               'source_url: "https://contoh.invalid/alfa-malang'), False),
    "a bad value": (replace("predicate: WBBM", "predicate: WBX"), False),
    "a missing field": (replace("    institution: pemkot-gamma\n", ""), False),
    "an unknown field": (replace("    city: Malang\n", "    kota: Malang\n"), False),
    "a duplicate key": (replace("    city: Malang\n", "    city: Malang\n    city: Batu\n"), False),
    "a tab in the indentation": (replace("    city: Malang\n", "\tcity: Malang\n"), False),
    "a key at the items' indentation": (replace("  - unit: Kantor Epsilon", "  unit: Kantor Epsilon"), False),
    "a top-level key after the awards": (lambda text: text + "extra: 1\n", False),
    "an anchor and an alias": (replace("    city: Malang\n", "    city: &c Malang\n    note: *c\n"), False),
    "a line like an item inside quotes": (replace('"a note that runs\n', '"a note that runs\n  - fake item\n'), False),
    "a second document": (lambda text: text + "---\nyear: 2022\n", False),
    "an item that is not a mapping": (lambda text: text + "  - just text\n", False),
    "a NUL character": (replace("city: Malang", "city: Mal\0ang"), False),
    "every award removed": (lambda text: HEADER, False),
}


def cache_in(kind: str, folder: Path) -> Callable[[], RoundCache]:
    """A maker of the cache to test: one cache kept in memory, or a new one on the same folder each time."""
    if kind == "memory":
        cache = RoundCache(None, b"code")
        return lambda: cache
    return lambda: RoundCache(folder / "rounds", b"code", keep_in_memory=False)


def check_read_again(root: Path, cache: RoundCache) -> bool:
    """Read the round file through the cache and whole; assert they agree; say whether it was read in part."""
    path = root / "data" / "awards" / "2021.yaml"
    rereads, problems, whole_problems = cache.rereads, Problems(root), Problems(root)
    [result] = cache.read_rounds([path], problems)
    whole = read_round(path, whole_problems)
    assert result == whole  # the header, and every record with its marks
    assert problems.items == whole_problems.items
    return cache.rereads > rereads


def write_round(root: Path, text: str) -> None:
    path = root / "data" / "awards" / "2021.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


@pytest.mark.parametrize("kind", ["memory", "folder"])
@pytest.mark.parametrize("name", EDITS)
def test_an_edited_round_file_read_again_is_exactly_a_whole_read(name: str, kind: str, tmp_path: Path) -> None:
    edit, in_part = EDITS[name]
    new_cache = cache_in(kind, tmp_path)
    write_round(tmp_path, BASE)
    assert not check_read_again(tmp_path, new_cache())  # the first read is whole
    write_round(tmp_path, edit(BASE))
    assert check_read_again(tmp_path, new_cache()) == in_part
    write_round(tmp_path, BASE)  # and back: in part again, unless the edit left a problem (never cached)
    check_read_again(tmp_path, new_cache())


def test_unchanged_awards_are_the_very_same_objects_and_moved_ones_have_moved_marks(tmp_path: Path) -> None:
    cache = RoundCache(None, b"code")
    write_round(tmp_path, BASE)
    [(_, before)] = cache.read_rounds([tmp_path / "data" / "awards" / "2021.yaml"], Problems(tmp_path))
    write_round(tmp_path, EDITS["lines inserted above later awards"][0](BASE))
    [(_, after)] = cache.read_rounds([tmp_path / "data" / "awards" / "2021.yaml"], Problems(tmp_path))
    assert cache.rereads == 1
    assert after[0] is not before[0] and after[0]["city"] == "Malang"
    assert all(a["_line"] == b["_line"] + 3 and a is not b for a, b in zip(after[1:], before[1:], strict=True))
    write_round(tmp_path, EDITS["lines inserted above later awards"][0](BASE).replace("Kantor Epsilon", "Kantor Eta"))
    [(_, again)] = cache.read_rounds([tmp_path / "data" / "awards" / "2021.yaml"], Problems(tmp_path))
    assert [a is b for a, b in zip(again, after, strict=True)] == [True] * 5 + [False]


def test_only_an_intact_entry_made_by_the_same_code_is_read_from(tmp_path: Path) -> None:
    write_round(tmp_path, BASE)
    check_read_again(tmp_path, RoundCache(tmp_path / "rounds", b"code", keep_in_memory=False))
    write_round(tmp_path, EDITS["a field changed"][0](BASE))
    assert not check_read_again(tmp_path, RoundCache(tmp_path / "rounds", b"other code", keep_in_memory=False))
    entry = tmp_path / "rounds" / "2021.yaml.pickle"
    entry.write_bytes(entry.read_bytes()[:-40])  # damaged: the file is read whole
    write_round(tmp_path, BASE)
    assert not check_read_again(tmp_path, RoundCache(tmp_path / "rounds", b"other code", keep_in_memory=False))
    write_round(tmp_path, EDITS["a field changed"][0](BASE))
    assert check_read_again(tmp_path, RoundCache(tmp_path / "rounds", b"other code", keep_in_memory=False))


def test_the_cut_follows_the_items_not_lines_that_look_like_them(tmp_path: Path) -> None:
    layout = split_round(BASE)
    assert layout is not None and layout.header == HEADER and layout.chunks == AWARDS
    assert layout.starts[0] == HEADER.count("\n") + 1
    write_round(tmp_path, BASE)
    assert chunks_of(BASE, read_round(tmp_path / "data" / "awards" / "2021.yaml", Problems())[1]) is not None
    fake = EDITS["a line like an item inside quotes"][0](BASE)  # libyaml reads it as part of the note
    write_round(tmp_path, fake)
    problems = Problems()
    records = read_round(tmp_path / "data" / "awards" / "2021.yaml", problems)[1]
    assert not problems and "- fake item" in records[-1]["note"]
    assert split_round(fake) is not None and chunks_of(fake, records) is None
    assert split_round(BASE.replace("awards:\n", "awards: [\n")) is None
    assert split_round("%TAG ! tag:example.com,2000:\n---\n" + BASE) is None


# Text hypothesis writes into a record: YAML's indicators, line breaks at every indentation, anchors.
PIECES = [*"ab :#-&*'\"[]{},|>!%\t\n\r", "\n  - ", "\n    ", "\nyear: 1", "- "]
VALUES = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)


@st.composite
def edit_steps(draw: st.DrawFn) -> list[Callable[[list[str]], list[str]]]:
    """A few edits to the list of awards (their text): values changed, text spliced in, awards added,
    removed, moved."""
    steps = []
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["value", "insert", "remove", "move", "blank", "splice"]))
        at = draw(st.integers(0, 200))
        value = draw(VALUES)
        steps.append(lambda awards, op=op, at=at, value=value: _edit(awards, op, at, value))
    return steps


def _edit(awards: list[str], op: str, at: int, value: str) -> list[str]:
    awards = awards.copy()
    i = at % len(awards) if awards else 0
    if op == "value" and awards:
        awards[i] = awards[i].replace("\n", f"\n    note: {value}\n", 1) if "note:" not in awards[i] else \
            awards[i].replace("note:", f"note: {value}", 1)
    elif op == "insert":
        awards.insert(i, NEW_AWARD.replace("Zeta", f"Zeta {at}"))
    elif op == "remove" and awards:
        del awards[i]
    elif op == "move" and awards:
        awards.append(awards.pop(i))
    elif op == "blank" and awards:
        awards[i] = "\n  # here\n" + awards[i]
    elif op == "splice" and awards:  # anywhere: the structure itself may break
        cut = (at * 7) % (len(awards[i]) + 1)
        awards[i] = awards[i][:cut] + value + awards[i][cut:]
    return awards


def reindent(award: str, by: int) -> str:
    """An award's lines indented `by` columns more (fewer when negative); lines at column 0 stay."""
    lines = award.split("\n")
    if by >= 0:
        return "\n".join(" " * by + line if line.startswith(" ") else line for line in lines)
    return "\n".join(line[-by:] if line.startswith(" " * -by) else line for line in lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edit_steps(), st.sampled_from(["memory", "folder"]), st.sampled_from([0, 2, 4]))
def test_any_sequence_of_edits_read_again_is_exactly_a_whole_read(steps: list, kind: str, indent: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        new_cache = cache_in(kind, root)
        awards = AWARDS.copy()
        for step in [lambda awards: awards, *steps]:  # the items at column `indent`, YAML's indentless list at 0
            awards = step(awards)
            write_round(root, HEADER + "".join(reindent(award, indent - 2) for award in awards))
            check_read_again(root, new_cache())


def test_a_round_cache_without_a_folder_keeps_its_entries_and_its_units_in_memory() -> None:
    cache = RoundCache(None, b"code", keep_in_memory=False)
    assert cache.keep_in_memory and cache.unit_memo is not None
