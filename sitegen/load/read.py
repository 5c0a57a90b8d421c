"""Read the registry's files: YAML with line marks and strict scalars, Markdown with front matter."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from sitegen.errors import Problems
from sitegen.inputs_guard import HINT as INPUT_HINT
from sitegen.inputs_guard import why_unreadable
from sitegen.model.chars import FORBIDDEN_RE, HINT, describe

# libyaml's composer gives nodes with marks; we construct values ourselves so that
# YAML 1.1's surprises (no -> False, 010 -> 8) never happen and duplicate keys are caught.
Composer = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_ALIAS_USES = 50  # an alias re-reads a node; a "billion laughs" file is refused after this many
MAX_DEPTH = 32  # records nest four or five levels; deeper input is refused before Python's stack is
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


class Marks(NamedTuple):
    """Only where a mapping and each of its keys stood: what a checked record keeps of its raw
    mapping (a round file's records are cached, and the raw values would be a second copy)."""

    line: int
    col: int
    key_marks: dict[str, tuple[int, int]]

    def mark(self, key: str | None = None) -> tuple[int, int]:
        """The (line, col) of a key's value, or of the mapping itself."""
        if key is not None and key in self.key_marks:
            return self.key_marks[key]
        return self.line, self.col

    @classmethod
    def of(cls, raw: MarkedDict) -> Marks:
        """The marks of a loaded mapping."""
        return cls(raw.line, raw.col, raw.key_marks)


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
    """Turns composed nodes into marked Python values, counting alias reuse and nesting depth."""

    path: Path
    problems: Problems
    seen: set[int] = field(default_factory=set)
    alias_uses: int = 0
    built: int = 0
    depth: int = 0

    def build(self, node: Node) -> object:
        """Construct one node; an alias reuses a node already built, and every reuse counts."""
        self.built += 1
        if id(node) in self.seen:
            self.alias_uses += 1
            if self.alias_uses > MAX_ALIAS_USES:
                raise _AliasBomb(node)
        self.seen.add(id(node))
        if isinstance(node, ScalarNode):
            return scalar_value(node)
        if self.depth >= MAX_DEPTH:
            raise _TooDeep(node)
        self.depth += 1
        try:
            if isinstance(node, MappingNode):
                return self.mapping(node)
            items = MarkedList(self.build(child) for child in node.value)
            items.line, items.col = node.start_mark.line + 1, node.start_mark.column + 1
            return items
        finally:
            self.depth -= 1

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
                                  "YAML would silently keep only the last value; remove one of the two")
                continue
            result[key] = self.build(value_node)
            result.key_marks[key] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
        return result


class _AliasBomb(Exception):
    """Raised when aliases re-read more than MAX_ALIAS_USES nodes."""

    def __init__(self, node: Node) -> None:
        self.node = node


class _TooDeep(Exception):
    """Raised when lists and mappings nest more than MAX_DEPTH levels."""

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
    if INT_RE.fullmatch(text):
        return int(text)
    if DATE_RE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return InvalidDate(text)
    return text


class InvalidDate(str):
    """A value shaped like a date that is not a real day (2021-02-30); validation reports it."""


def read_text(path: Path, problems: Problems) -> str | None:
    """Read UTF-8 text (a BOM is fine), reporting the first undecodable byte's line and column."""
    why = why_unreadable(path, problems.root)
    if why is not None:
        problems.add(path, 0, 0, f"the file {why}", INPUT_HINT)
        return None
    try:
        raw = path.read_bytes()
    except OSError as err:
        problems.add(path, 0, 0, f"cannot read the file: {err.strerror or err}",
                     "check that it is a readable file, not a folder or a broken link")
        return None
    try:
        return decode_text(raw)
    except UnicodeDecodeError as err:
        line_start = raw.rfind(b"\n", 0, err.start) + 1
        line = raw.count(b"\n", 0, err.start) + 1
        col = len(raw[line_start:err.start].decode("utf-8", errors="replace")) + 1
        byte = raw[err.start]
        problems.add(path, line, col, f"the file is not UTF-8: byte 0x{byte:02x} is not valid here",
                     f"save the file as UTF-8 in your editor{_legacy_guess(byte)}")
        return None


def decode_text(raw: bytes) -> str:
    """A file's bytes as the text every reader sees: UTF-8, a BOM dropped, CRLF line ends made LF."""
    return raw.decode("utf-8-sig").replace("\r\n", "\n")


def _legacy_guess(byte: int) -> str:
    """What the byte would be in Windows-1252, the usual culprit, to help find it."""
    try:
        char = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return ""
    return f" (in Windows-1252 this byte is '{char}')" if char.isprintable() else ""


def parse_yaml(text: str, path: Path, problems: Problems, what: str = "the file") -> YamlFile:
    """Compose and construct one YAML document, collecting every problem."""
    result = YamlFile(path)
    if all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        problems.add(path, 1, 1, f"{what} is empty", "write the records in it (see docs/data-format.md)")
        return result
    try:
        node = yaml.compose(text, Loader=Composer)
    except yaml.MarkedYAMLError as err:
        problems.add(path, *_yaml_error_mark(err), _yaml_error_message(err, text), _yaml_error_hint(err, text))
        return result
    except yaml.reader.ReaderError as err:
        problems.add(path, *_reader_error_mark(err, text), *_reader_error_text(err))
        return result
    except yaml.YAMLError as err:
        problems.add(path, 1, 1, f"invalid YAML: {err}", "check the file's syntax")
        return result
    builder = _Builder(path, problems)
    try:
        result.data = builder.build(node)
    except _AliasBomb:
        problems.add(path, *_first_alias_mark(text),
                     f"YAML aliases here repeat more than {MAX_ALIAS_USES} values; refusing to expand them",
                     "write the values out instead of using YAML anchors (&) and aliases (*)")
        return result
    except _TooDeep as deep:
        mark = deep.node.start_mark
        problems.add(path, mark.line + 1, mark.column + 1, f"lists and mappings nest more than {MAX_DEPTH} levels deep",
                     "records need only a few levels; check the brackets and the indentation")
        return result
    result.ok = True
    return result


def load_yaml(path: Path, problems: Problems) -> YamlFile:
    """Read and parse one YAML file."""
    text = read_text(path, problems)
    if text is None:
        return YamlFile(path)
    return parse_yaml(text, path, problems)


def _first_alias_mark(text: str) -> tuple[int, int]:
    """Where the first alias (*name) stands; events are read one by one, nothing is expanded."""
    for event in yaml.parse(text, Loader=Composer):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1, event.start_mark.column + 1
    return 1, 1


def _reader_error_mark(err: yaml.reader.ReaderError, text: str) -> tuple[int, int]:
    """libyaml gives a byte offset into the UTF-8 text; editors count lines and characters."""
    before = text.encode("utf-8")[: err.position].decode("utf-8", errors="replace")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _reader_error_text(err: yaml.reader.ReaderError) -> tuple[str, str]:
    char = err.character if isinstance(err.character, int) else ord(str(err.character)[:1] or "?")
    return (f"the file contains the control character U+{char:04X}, which YAML does not allow",
            "delete it: it is invisible in most editors (it often comes from copying out of a PDF or Word)")


def _yaml_error_mark(err: yaml.MarkedYAMLError) -> tuple[int, int]:
    mark = err.problem_mark or err.context_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _yaml_error_message(err: yaml.MarkedYAMLError, text: str) -> str:
    """libyaml's own words for the problem, and for what it was reading and where that began."""
    problem, context, at, here = err.problem or "", err.context or "", err.context_mark, err.problem_mark
    if _is_tab_error(err, text):
        return "invalid YAML: a tab is used for indentation"
    if not (problem and context):
        return f"invalid YAML: {problem or context or 'the file cannot be read'}"
    if not context.startswith("while "):  # "expected a single document", "but found another document"
        return f"invalid YAML: {context}, {problem}"
    if at is not None and here is not None and (at.line, at.column) != (here.line, here.column):
        return f"invalid YAML: {problem} ({context} at line {at.line + 1}, column {at.column + 1})"
    return f"invalid YAML: {problem} ({context})"


TAB_HINT = "indent with spaces: YAML does not allow tabs (most editors can turn tabs into spaces)"
DEFAULT_YAML_HINT = "check indentation and quoting on this line and the one before; quote text containing ': ' or '#'"
# libyaml's problem text -> what to do about it (first match wins).
YAML_HINTS = (
    ("mapping values are not allowed", "quote a value that contains ': ', e.g. title: \"Polres: Bojonegoro\"; "
                                       "otherwise line the key up with the keys above it"),
    ("expected ',' or ']'", "close the list with ']' on the same line; quote items containing ',' ']' or ': '"),
    ("expected ',' or '}'", "close the mapping with '}' on the same line; quote values containing ',' '}' or ': '"),
    ("expected a single document", "a file holds one YAML document: remove the second '---' line"),
    ("maximum nesting depth", "the lists or mappings nest far too deeply; records need only a few levels"),
    ("cannot start any token", "quote a value that starts with @, ` or %"),
    ("undefined alias", "write the value out; aliases (*name) need an anchor (&name) and are best avoided"),
    ("end of stream", "a quote or bracket is opened and never closed"),
    ("unknown escape", "inside double quotes a backslash starts an escape: write \\\\ for one backslash, "
                       "or use single quotes"),
    ("expected key", "the keys of one record must line up; check the indentation of this line"),
    ("expected ':'", "each line of a mapping needs 'key: value'; quote a value that spans several lines"),
)


def _yaml_error_hint(err: yaml.MarkedYAMLError, text: str) -> str:
    """A hint for the usual mistakes: tabs, unclosed quotes, unquoted ': ', unclosed brackets."""
    mark = err.problem_mark
    lines = text.split("\n")  # editors and libyaml agree on \n; str.splitlines also splits at \v, \f, ...
    if _is_tab_error(err, text):
        return TAB_HINT
    problem = f"{err.context or ''} {err.problem or ''}"
    if mark is not None and any(k in problem for k in ("expected key", "end of stream", "expected ':'")):
        opened = _unclosed_quote_line(lines[: mark.line + 1])
        if opened:
            return f"the quote (\") opened on line {opened} is never closed; add the closing quote"
    return next((hint for key, hint in YAML_HINTS if key in problem), DEFAULT_YAML_HINT)


def _is_tab_error(err: yaml.MarkedYAMLError, text: str) -> bool:
    """libyaml words a tab in the indentation in several ways; look at the line itself."""
    if "tab" in (err.problem or ""):
        return True
    mark = err.problem_mark
    lines = text.split("\n")
    if mark is None or mark.line >= len(lines):
        return False
    indent = lines[mark.line][: len(lines[mark.line]) - len(lines[mark.line].lstrip())]
    return "\t" in indent


def _unclosed_quote_line(lines: list[str]) -> int:
    """The first line with an odd number of double quotes, a likely unclosed string; 0 if none."""
    for number, line in enumerate(lines, start=1):
        code = line.split(" #", 1)[0]
        if (code.count('"') - code.count('\\"')) % 2:
            return number
    return 0


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
        opened = text.startswith("---")
        problems.add(path, 1, 1, "the front matter is not closed" if opened else "the front matter is missing",
                     "end the fields with a line of three dashes: ---" if opened else
                     "start the file with a '---' line, then 'title: ...' and the other fields, then '---'")
        return None
    parsed = parse_yaml("\n" + match.group(1), path, problems, "the front matter")  # keep file line numbers
    meta = parsed.data if isinstance(parsed.data, MarkedDict) else None
    if parsed.ok and meta is None:
        problems.add(path, 2, 1, "the front matter must be fields, one 'field: value' per line",
                     "write e.g. 'title: ...' and 'date: 2020-12-21' between the two '---' lines")
    body_line = match.group(0).count("\n") + 1
    body = text[match.end():]
    check_characters(body, body_line, path, problems)
    return MarkdownFile(path, meta, body, body_line)


def check_characters(text: str, first_line: int, path: Path, problems: Problems) -> None:
    """Report each line of a text holding a character no registry text may hold (chars.py)."""
    for found in FORBIDDEN_RE.finditer(text):
        line_start = text.rfind("\n", 0, found.start()) + 1
        problems.add(path, first_line + text.count("\n", 0, found.start()), found.start() - line_start + 1,
                     f"the text contains {describe(found.group())}", HINT)
