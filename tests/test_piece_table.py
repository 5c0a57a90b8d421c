"""piece_table: after any sequence of changes a refreshed table holds what a table made afresh holds,
whichever way its years' pieces are packed."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.cache.award_table import LINES
from sitegen.cache.piece_table import AS_DICT, Packing, PieceTable, in_order, refresh
from sitegen.render.award_lines import AwardPiece

YEARS = st.sampled_from([2019, 2020, 2021, None])


@dataclass(frozen=True)
class Item:
    """A stand-in for a unit: its id, the years of its pieces and a version that changes its pieces."""

    id: str
    years: tuple
    version: int = 0


def make(item: Item) -> dict:
    return {year: f"{item.id}/{year}/v{item.version}" for year in item.years}


def make_lines(item: Item) -> dict:
    """Award pieces whose parts say whose they are (one part empty, to try the packing's offsets)."""
    return {year: AwardPiece(f"{item.id}|{year}|{item.version}\r\n".encode(), b"" if item.version else b" {}",
                             f"{item.id} {year}", item.version + 1) for year in item.years}


PACKINGS = [(AS_DICT, make), (LINES, make_lines)]


def pieces(table: PieceTable, packing: Packing) -> list:
    """Every (unit id, piece), year by year."""
    return [pair for block in in_order(table) for pair in packing.unpack(block)]


def digest(items: dict[str, Item]):
    return lambda uid: repr(items[uid]).encode()


CHANGES = st.lists(st.tuples(st.sampled_from("abcdef"), st.lists(YEARS, max_size=3, unique=True),
                             st.integers(0, 2), st.booleans()), max_size=8)


@pytest.mark.parametrize(("packing", "maker"), PACKINGS, ids=["dict", "lines"])
@settings(max_examples=200, deadline=None)
@given(st.lists(CHANGES, min_size=1, max_size=4))
def test_a_table_refreshed_after_any_changes_is_the_table_made_afresh(packing: Packing, maker: Callable,
                                                                     builds: list) -> None:
    table, items = PieceTable(), {}
    for changes in builds:
        items = dict(items)  # a new build: unchanged items stay the same objects
        for uid, years, version, gone in changes:
            if gone:
                items.pop(uid, None)
            else:
                items[uid] = Item(uid, tuple(years), version)
        items = dict(sorted(items.items()))
        table, _, _ = refresh(table, items, digest(items), maker, packing=packing)
        fresh, _, _ = refresh(PieceTable(), items, digest(items), maker, packing=packing)
        assert pieces(table, packing) == pieces(fresh, packing)
        assert [uid for uid, _ in pieces(fresh, packing)] == [uid for year in (2019, 2020, 2021, None)
                                                              for uid, item in items.items() if year in item.years]
        assert table.units == fresh.units


def test_only_changed_or_stale_units_are_made_again_and_their_years_are_told() -> None:
    items = {"a": Item("a", (2019,)), "b": Item("b", (2020, None)), "c": Item("c", (2021,))}
    made = []
    table, _, _ = refresh(PieceTable(), items, digest(items), make)
    moved = {**items, "b": Item("b", (2021,), 1)}
    del moved["c"]
    table, years, units = refresh(table, moved, digest(moved), lambda item: made.append(item.id) or make(item))
    assert made == ["b"] and units == {"b", "c"} and years == {2020, None, 2021}
    assert pieces(table, AS_DICT) == [("a", "a/2019/v0"), ("b", "b/2021/v1")]
    again = {uid: Item(item.id, item.years, item.version) for uid, item in moved.items()}  # equal, not the same
    table, years, units = refresh(table, again, digest(again), lambda item: made.append(item.id) or make(item))
    assert made == ["b"] and not years and not units
    table, years, units = refresh(table, again, digest(again), lambda item: made.append(item.id) or make(item),
                                  stale=lambda item: item.id == "a")
    assert made == ["b", "a"] and units == {"a"} and not years  # made again, but its piece is the same
    renamed = {uid: f"{piece} (renamed)" for uid, piece in pieces(table, AS_DICT)}
    table, years, units = refresh(table, again, digest(again), lambda item: {2019: renamed[item.id]},
                                  stale=lambda item: item.id == "a")
    assert units == {"a"} and years == {2019}
    assert pieces(table, AS_DICT) == [("a", "a/2019/v0 (renamed)"), ("b", "b/2021/v1")]


def test_a_pickled_table_leaves_out_the_objects_its_pieces_were_made_from() -> None:
    items = {"a": Item("a", (2019,))}
    table, _, _ = refresh(PieceTable(), items, digest(items), make)
    assert table.made_from == tuple(items.values())
    copy = pickle.loads(pickle.dumps(table))
    assert copy.made_from == () and copy.units == table.units and copy.years == table.years
