"""piece_table: after any sequence of changes a refreshed table holds what a table made afresh holds."""

from __future__ import annotations

import pickle
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.piece_table import PieceTable, in_order, refresh

YEARS = st.sampled_from([2019, 2020, 2021, None])


@dataclass(frozen=True)
class Item:
    """A stand-in for a unit: its id, the years of its pieces and a version that changes its pieces."""

    id: str
    years: tuple
    version: int = 0


def make(item: Item) -> dict:
    return {year: f"{item.id}/{year}/v{item.version}" for year in item.years}


def digest(items: dict[str, Item]):
    return lambda uid: repr(items[uid]).encode()


CHANGES = st.lists(st.tuples(st.sampled_from("abcdef"), st.lists(YEARS, max_size=3, unique=True),
                             st.integers(0, 2), st.booleans()), max_size=8)


@settings(max_examples=200, deadline=None)
@given(st.lists(CHANGES, min_size=1, max_size=4))
def test_a_table_refreshed_after_any_changes_is_the_table_made_afresh(builds: list) -> None:
    table, items = PieceTable(), {}
    for changes in builds:
        items = dict(items)  # a new build: unchanged items stay the same objects
        for uid, years, version, gone in changes:
            if gone:
                items.pop(uid, None)
            else:
                items[uid] = Item(uid, tuple(years), version)
        items = dict(sorted(items.items()))
        table, _, _ = refresh(table, items, digest(items), make)
        fresh, _, _ = refresh(PieceTable(), items, digest(items), make)
        assert in_order(table) == in_order(fresh)
        assert table.units == fresh.units


def test_only_changed_or_stale_units_are_made_again_and_their_years_are_told() -> None:
    items = {"a": Item("a", (2019,)), "b": Item("b", (2020, None)), "c": Item("c", (2021,))}
    made = []
    table, _, _ = refresh(PieceTable(), items, digest(items), make)
    moved = {**items, "b": Item("b", (2021,), 1)}
    del moved["c"]
    table, years, units = refresh(table, moved, digest(moved), lambda item: made.append(item.id) or make(item))
    assert made == ["b"] and units == {"b", "c"} and years == {2020, None, 2021}
    assert in_order(table) == ["a/2019/v0", "b/2021/v1"]
    again = {uid: Item(item.id, item.years, item.version) for uid, item in moved.items()}  # equal, not the same
    table, years, units = refresh(table, again, digest(again), lambda item: made.append(item.id) or make(item))
    assert made == ["b"] and not years and not units
    table, years, units = refresh(table, again, digest(again), lambda item: made.append(item.id) or make(item),
                                  stale=lambda item: item.id == "a")
    assert made == ["b", "a"] and units == {"a"} and years == {2019}


def test_a_pickled_table_leaves_out_the_objects_its_pieces_were_made_from() -> None:
    items = {"a": Item("a", (2019,))}
    table, _, _ = refresh(PieceTable(), items, digest(items), make)
    assert table.made_from == items
    copy = pickle.loads(pickle.dumps(table))
    assert copy.made_from == {} and copy.units == table.units and copy.years == table.years
