"""Which parts of the registry a page read: a read-only view of the Registry that writes down every access.

A page's context is built from `reg` only (house rule: contexts are plain data made from the model).
Building it through a `TrackedRegistry` yields the page's dependencies: ("units", "polri/x") for one
unit, ("units", "*") when a page walked every unit, ("last_changed", "*") for a plain attribute. A
later build re-renders the page only when one of those values changed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

WHOLE = "*"
Dep = tuple[str, object]  # a part of the model a file is made from: ("units", "polri/x"), ("config", "*")


class DepLog:
    """The dependencies of the job being run; `take` hands them over and starts a fresh list."""

    def __init__(self) -> None:
        self.deps: set[Dep] = set()

    def take(self) -> set[Dep]:
        """The dependencies recorded since the last take."""
        deps, self.deps = self.deps, set()
        return deps


class TrackedMapping(Mapping):
    """A registry mapping that records which keys were read, or that all of it was."""

    __slots__ = ("_data", "_log", "_name")

    def __init__(self, data: dict, name: str, log: DepLog) -> None:
        self._data, self._name, self._log = data, name, log

    def __getitem__(self, key: object) -> object:
        self._log.deps.add((self._name, key))
        return self._data[key]

    def get(self, key: object, default: object = None) -> object:
        """One value, or default; the key is a dependency either way."""
        self._log.deps.add((self._name, key))
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        self._log.deps.add((self._name, key))
        return key in self._data

    def _whole(self) -> dict:
        self._log.deps.add((self._name, WHOLE))
        return self._data

    def __iter__(self) -> Iterator:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def keys(self):
        """All keys: depends on the whole mapping."""
        return self._whole().keys()

    def values(self):
        """All values: depends on the whole mapping."""
        return self._whole().values()

    def items(self):
        """All items: depends on the whole mapping."""
        return self._whole().items()


class TrackedRegistry:
    """Stands in for a Registry while one job runs; every attribute read becomes a dependency."""

    def __init__(self, registry: object, log: DepLog) -> None:
        self._registry = registry
        self._log = log

    def __getattr__(self, name: str) -> object:
        value = getattr(self._registry, name)
        if isinstance(value, dict):
            tracked = TrackedMapping(value, name, self._log)
            setattr(self, name, tracked)  # found directly from now on: the mapping records its own reads
            return tracked
        if not callable(value):
            self._log.deps.add((name, WHOLE))
        return value
