"""Read the registry's files: YAML with line marks and strict scalars, Markdown with front matter."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sitegen.errors import Problems

# libyaml's composer gives nodes with marks; we construct values ourselves so that
# YAML 1.1's surprises (no -> False, 010 -> 8) never happen and duplicate keys are caught.
Composer = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_ALIAS_USES = 50
INT_RE = re.compile(r"^(0|-?[1-9][0-9]*)$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NULLS = {"", "~", "null", "Null", "NULL"}
BOOLS = {"true": True, "True": True, "false": False, "False": False}


class MarkedDict(dict):
    """A mapping that remembers where it and each of its keys stood in the file."""

    line: int = 0
    col: int = 0
    key_marks: dict[str, tuple[int, int]]

    def mark(self, key: str | None = None) -> tuple[int, int]:
        """The (line, col) of a key's value, or of the mapping itself."""
        if key is not None and key in self.key_marks:
            return self.key_marks[key]
        return self.line, self.col


class MarkedList(list):
    """A sequence that remembers where it stood."""

    line: int = 0
    col: int = 0


@dataclass
class YamlFile:
    """One loaded YAML document, or None when it could not be read."""

    path: Path
    data: object = None
    ok: bool = False


@dataclass
class _Builder:
    """Turns composed nodes into marked Python values, counting alias reuse."""

    path: Path
    problems: Problems
    seen: set[int] = field(default_factory=set)
    alias_uses: int = 0

    def build(self, node: Node) -> object:
        """Construct one node."""
        if id(node) in self.seen:
            self.alias_uses += 1
            if self.alias_uses > MAX_ALIAS_USES:
                raise _AliasBomb(node)
        self.seen.add(id(node))
        if isinstance(node, MappingNode):
            return self.mapping(node)
        if isinstance(node, SequenceNode):
            items = MarkedList(self.build(child) for child in node.value)
            items.line, items.col = node.start_mark.line + 1, node.start_mark.column + 1
            return items
        return scalar_value(node)

    def mapping(self, node: MappingNode) -> MarkedDict:
        """Construct a mapping, reporting duplicate and non-text keys."""
        result = MarkedDict()
        result.line, result.col = node.start_mark.line + 1, node.start_mark.column + 1
        result.key_marks = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key is None or key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.add(self.path, line, col, "keys must be plain names",
                                  "write `name: value`; merge keys (<<) and complex keys are not supported")
                continue
            if key in result:
                first = result.key_marks[key][0]
                self.problems.add(self.path, line, col, f"duplicate key '{key}' (first given on line {first})",
                                  "YAML keeps only the last value of a repeated key; remove one of them")
                continue
            result[key] = self.build(value_node)
            result.key_marks[key] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
        return result


class _AliasBomb(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


def scalar_value(node: ScalarNode) -> object:
    """Plain scalars: null, true/false, decimal ints and ISO dates; everything else stays text."""
    text = node.value
    if node.style not in (None, ""):  # quoted or block scalars are always text
        return text
    if node.tag not in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:null",
                        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:float"):
        return text
    if text in NULLS:
        return None
    if text in BOOLS:
        return BOOLS[text]
    if INT_RE.match(text):
        return int(text)
    if DATE_RE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return InvalidDate(text)
    return text


class InvalidDate(str):
    """A value shaped like a date that is not a real day (2021-02-30); validation reports it."""


def read_text(path: Path, problems: Problems) -> str | None:
    """Read UTF-8 text (a BOM is fine), reporting the first undecodable byte's line and column."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        col = err.start - (before.rfind(b"\n") + 1) + 1
        problems.add(path, line, col, f"the file is not UTF-8 (byte 0x{raw[err.start]:02x})",
                     "save the file as UTF-8 in your editor")
        return None


def parse_yaml(text: str, path: Path, problems: Problems) -> YamlFile:
    """Compose and construct one YAML document, collecting every problem."""
    result = YamlFile(path)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        problems.add(path, 1, 1, "the file is empty", "add the records, or delete the file")
        return result
    try:
        node = yaml.compose(text, Loader=Composer)
    except yaml.MarkedYAMLError as err:
        problems.add(path, *_yaml_error_mark(err), _yaml_error_message(err), _yaml_error_hint(err, text))
        return result
    except yaml.YAMLError as err:
        problems.add(path, 1, 1, f"cannot read YAML: {err}", "check the file's syntax")
        return result
    builder = _Builder(path, problems)
    try:
        result.data = builder.build(node)
    except _AliasBomb as bomb:
        mark = bomb.node.start_mark
        problems.add(path, mark.line + 1, mark.column + 1,
                     f"too many alias references (more than {MAX_ALIAS_USES})",
                     "write the values out instead of using YAML anchors (&) and aliases (*)")
        return result
    result.ok = True
    return result


def load_yaml(path: Path, problems: Problems) -> YamlFile:
    """Read and parse one YAML file."""
    text = read_text(path, problems)
    if text is None:
        return YamlFile(path)
    return parse_yaml(text, path, problems)


def _yaml_error_mark(err: yaml.MarkedYAMLError) -> tuple[int, int]:
    mark = err.problem_mark or err.context_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _yaml_error_message(err: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (err.context, err.problem) if p]
    return "invalid YAML: " + ", ".join(parts)


def _yaml_error_hint(err: yaml.MarkedYAMLError, text: str) -> str:
    mark = err.problem_mark
    if mark is not None:
        lines = text.splitlines()
        if mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            return "YAML does not allow tabs for indentation; indent with spaces"
    if err.problem and "tab" in err.problem:
        return "YAML does not allow tabs for indentation; indent with spaces"
    return "check indentation and quoting on this line and the one before; quote text containing ': ' or '#'"


FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.S)


@dataclass
class MarkdownFile:
    """A Markdown file split into front matter and body, with the body's first line number."""

    path: Path
    meta: MarkedDict | None
    body: str
    body_line: int


def load_markdown(path: Path, problems: Problems) -> MarkdownFile | None:
    """Read a Markdown file whose front matter sits between two '---' lines."""
    text = read_text(path, problems)
    if text is None:
        return None
    match = FRONT_MATTER_RE.match(text)
    if not match:
        problems.add(path, 1, 1, "front matter is missing",
                     "start the file with a '---' line, then 'title: ...' and the other fields, then '---'")
        return None
    parsed = parse_yaml("\n" + match.group(1), path, problems)  # keep file line numbers
    meta = parsed.data if isinstance(parsed.data, MarkedDict) else None
    if parsed.ok and meta is None:
        problems.add(path, 2, 1, "front matter must be a mapping of fields", "write one 'field: value' per line")
    body_line = match.group(0).count("\n") + 1
    return MarkdownFile(path, meta, text[match.end():], body_line)
