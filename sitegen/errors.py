"""The exception hierarchy and its exit-code contract: a DataError is the user's, anything else is a bug."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, pointing at file, line and column (1-based)."""

    file: str
    line: int
    col: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.col}" if self.col else f":{self.line}"
        text = f"{where}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


class RegistryError(Exception):
    """Base of every error the user can fix; the command line prints it and exits 1."""


class DataError(RegistryError):
    """Every problem found in one run, reported together."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def printable(text: str) -> str:
    """Text safe for a terminal: control characters in hostile input are shown escaped, never obeyed."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


class Problems:
    """A collector: validation stages add to it and the pipeline stops once at the end."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self.items: list[Problem] = []
        self._seen: set[Problem] = set()
        self._shown: dict[Path | str, str] = {}  # every award names its file: resolve each path once

    def add(self, file: Path | str, line: int, col: int, message: str, hint: str = "") -> None:
        """Record one problem; the same problem found twice (a shared template, say) is kept once."""
        problem = Problem(printable(self.display(file)), line, col, printable(message), printable(hint))
        if problem not in self._seen:
            self._seen.add(problem)
            self.items.append(problem)

    def extend(self, found: list[Problem]) -> None:
        """Take in problems another collector found (a file read in another process)."""
        for problem in found:
            if problem not in self._seen:
                self._seen.add(problem)
                self.items.append(problem)

    def display(self, file: Path | str) -> str:
        """Show paths relative to the registry root, as an editor types them."""
        shown = self._shown.get(file)
        if shown is None:
            shown = self._shown[file] = self._relative(file)
        return shown

    def _relative(self, file: Path | str) -> str:
        path = Path(file)
        if self.root is not None:  # the path as given first: a symbolic link is named, not its target
            mine, root = Path(os.path.abspath(path)), Path(os.path.abspath(self.root))
            if not mine.is_relative_to(root):
                mine, root = Path(os.path.realpath(path)), Path(os.path.realpath(self.root))
            if mine.is_relative_to(root):
                return mine.relative_to(root).as_posix()
        return path.as_posix()

    def raise_if_any(self) -> None:
        """Stop the build once, with everything collected so far."""
        if self.items:
            raise DataError(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)
