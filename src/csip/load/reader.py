"""Read plan files: YAML text into plain data, and positions only when a problem needs them.

Every scalar is kept as text (or None for an empty value), never turned into a number, a
boolean or a date by YAML's implicit typing: ``1.6`` stays the action ID "1.6" and ``2017-02-30``
reaches the model, which can say at which line it is not a date.

Two readers give the same data:

* the fast reader handles the block style plan files are written in, line by line, and is
  several times quicker than PyYAML's C loader; anything it does not recognise (anchors, tags,
  flow mappings, multi-line plain scalars, escapes, a duplicate key …) hands the file over to
* the careful reader, which walks PyYAML's event stream (libyaml where present) and records the
  line and column of every key and value. It runs for files the fast reader declines and, for a
  file that has problems, to place them: a clean plan is never read twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol, TypeAlias

import yaml

Data: TypeAlias = dict[str, "Data"] | list["Data"] | str | None
Loc: TypeAlias = tuple[str | int, ...]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})

# How far aliases may multiply a document before it is refused: a plan has no need of more, and
# an alias bomb ("billion laughs") is stopped long before it costs time or memory.
MAX_EXPANDED_NODES = 1_000_000
# How deep collections may nest: a plan needs five levels; libyaml would allow a thousand.
MAX_NESTING = 200


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a key and its value stand (for a sequence item, both are the item)."""

    key: Position
    value: Position


@dataclass(slots=True)
class PositionIndex:
    """The positions of every node of one document, by the path of keys and indices to it."""

    places: dict[Loc, Placed] = field(default_factory=dict)

    def find(self, loc: Loc) -> tuple[Loc, Placed]:
        """The deepest node on ``loc`` that exists in the document, and where it stands."""
        for end in range(len(loc), -1, -1):
            found = self.places.get(loc[:end])
            if found is not None:
                return loc[:end], found
        return (), Placed(Position(1, 1), Position(1, 1))


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """Something in the text that stops it being read, or that the format refuses."""

    position: Position
    message: str
    code: str = "yaml-syntax"


class YamlError(Exception):
    """The text cannot be read as a plan document."""

    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def read(text: str) -> tuple[Data, PositionIndex | None, list[YamlProblem]]:
    """The data of one document, by the fast reader where it can, else the careful one.

    The positions and the duplicate keys come back only when the careful reader ran; the fast
    reader declines any text with a duplicate key. Raises YamlError for text that is not YAML.
    """
    try:
        return _FastReader(text).document(), None, []
    except _Unsupported:
        return read_with_positions(text)


def read_with_positions(text: str) -> tuple[Data, PositionIndex, list[YamlProblem]]:
    """The data, where each node stands, and the duplicate keys found on the way."""
    return _CarefulReader().read(text)


# --------------------------------------------------------------------------------------------
# The careful reader: PyYAML events, with positions.


class _Mark(Protocol):
    """Where PyYAML or libyaml says an event starts (0-based)."""

    line: int
    column: int


def _mark_position(mark: _Mark | None) -> Position:
    if mark is None:
        return Position(1, 1)
    return Position(mark.line + 1, mark.column + 1)


def _plain_words(error: yaml.YAMLError, text: str) -> YamlProblem:
    """PyYAML's exception as one line a person can act on."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        position = _mark_position(mark)
        lines = text.split("\n", position.line)
        line = lines[position.line - 1] if position.line <= len(lines) else ""
        if line[position.column - 1 : position.column] == "\t":
            # PyYAML's words for this ("cannot start any token") hide the usual mistake.
            return YamlProblem(position, "not valid YAML: a tab here; indent YAML with spaces")
        what = error.problem or error.context or "not valid YAML"
        context = f" ({error.context})" if error.context and error.problem else ""
        return YamlProblem(position, f"not valid YAML: {what}{context}")
    if isinstance(error, yaml.reader.ReaderError) and isinstance(error.character, int):
        # libyaml counts the offset in bytes, PyYAML in characters; the first occurrence of the
        # refused character is where both stopped.
        at = max(text.find(chr(error.character)), 0)
        line_start = text.rfind("\n", 0, at) + 1
        return YamlProblem(
            Position(text.count("\n", 0, at) + 1, at - line_start + 1),
            f"not valid YAML: the character U+{error.character:04X} is not allowed in YAML",
        )
    return YamlProblem(Position(1, 1), f"not valid YAML: {error}")


def _refuse_tag(tag: str | None, at: Position) -> None:
    """Tags make PyYAML build objects (``!!python/object``); a plan file is plain data."""
    if tag not in (None, "!"):
        shown = tag.replace("tag:yaml.org,2002:", "!!", 1)
        raise YamlError(YamlProblem(at, f"YAML tags such as '{shown}' are not used in plan files"))


@dataclass(slots=True)
class _Open:
    """A collection being built: where it is, and what it still waits for."""

    value: dict[str, Data] | list[Data]
    loc: Loc
    anchor: str | None
    nodes: int = 1
    key: str | None = None
    key_position: Position | None = None
    skip_value: bool = False


class _CarefulReader:
    def __init__(self) -> None:
        self.index = PositionIndex()
        self.duplicates: list[YamlProblem] = []
        self.anchors: dict[str, tuple[Data, int]] = {}
        self.expanded = 0
        self.stack: list[_Open] = []
        self.root: Data = None
        self.documents = 0

    def read(self, text: str) -> tuple[Data, PositionIndex, list[YamlProblem]]:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            for event in yaml.parse(text, Loader=loader):
                self._take(event)
        except yaml.YAMLError as error:
            raise YamlError(_plain_words(error, text)) from None
        except RecursionError:
            raise YamlError(YamlProblem(Position(1, 1), "nested too deeply")) from None
        return self.root, self.index, self.duplicates

    def _take(self, event: yaml.Event) -> None:
        start = _mark_position(event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            _refuse_tag(event.tag, start)
            value: Data = event.value
            # A key is always text; a plain "~" or nothing as a value is None. (libyaml gives a
            # plain scalar the style '', PyYAML None.)
            if not event.style and event.value in _NULLS and not self._expects_key():
                value = None
            if event.anchor:
                self.anchors[event.anchor] = (value, 1)
            self._attach(value, start, 1)
        elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            _refuse_tag(event.tag, start)
            collection: dict[str, Data] | list[Data] = (
                [] if isinstance(event, yaml.SequenceStartEvent) else {}
            )
            if len(self.stack) == MAX_NESTING:
                message = f"nested more than {MAX_NESTING} levels deep: a plan file needs a few"
                raise YamlError(YamlProblem(start, message))
            loc = self._attach(collection, start, 0)
            self.stack.append(_Open(collection, loc, event.anchor))
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            done = self.stack.pop()
            if done.anchor:
                self.anchors[done.anchor] = (done.value, done.nodes)
            if self.stack:
                self.stack[-1].nodes += done.nodes
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise YamlError(YamlProblem(start, f"alias '*{event.anchor}' names no anchor"))
            value, nodes = self.anchors[event.anchor]
            self.expanded += nodes
            if self.expanded > MAX_EXPANDED_NODES:
                raise YamlError(
                    YamlProblem(start, "YAML aliases expand this file beyond any plan's size")
                )
            self._attach(value, start, nodes)
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise YamlError(
                    YamlProblem(start, "a plan file holds one YAML document, not several")
                )

    def _expects_key(self) -> bool:
        parent = self.stack[-1] if self.stack else None
        return (
            parent is not None
            and isinstance(parent.value, dict)
            and parent.key is None
            and not parent.skip_value
        )

    def _attach(self, value: Data, at: Position, nodes: int) -> Loc:
        """Put a finished or newly opened node into its parent; return its path."""
        if not self.stack:
            self.root = value
            self.index.places[()] = Placed(at, at)
            return ()
        parent = self.stack[-1]
        parent.nodes += nodes
        if isinstance(parent.value, list):
            loc = (*parent.loc, len(parent.value))
            parent.value.append(value)
            self.index.places[loc] = Placed(at, at)
            return loc
        if parent.key is None and not parent.skip_value:
            if not isinstance(value, str):
                raise YamlError(YamlProblem(at, "a key must be plain text"))
            if value in parent.value:
                first = self.index.places[(*parent.loc, value)].key
                self.duplicates.append(
                    YamlProblem(
                        at,
                        f"duplicate key '{value}' (first at line {first.line}); "
                        "YAML would silently keep only one",
                        "duplicate-key",
                    )
                )
                parent.skip_value = True
                return (*parent.loc, value, "(duplicate)")
            parent.key, parent.key_position = value, at
            return (*parent.loc, value)
        if parent.skip_value:
            parent.skip_value = False
            return (*parent.loc, "(duplicate)")
        key = parent.key
        assert key is not None and parent.key_position is not None
        loc = (*parent.loc, key)
        parent.value[key] = value
        self.index.places[loc] = Placed(parent.key_position, at)
        parent.key = None
        return loc


# --------------------------------------------------------------------------------------------
# The fast reader: the block style of plan files, line by line.


class _Unsupported(Exception):
    """The fast reader does not handle this text; the careful reader will."""


# Anything that YAML reads differently from a plain split on "\n", or that libyaml refuses.
_AWKWARD = re.compile("[\t\r\x85\u2028\u2029\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_KEY = re.compile(
    r"""(?:([^\s#'"\[\]{}&*!|>%@`,?:-][^#:]*?)|"([^"\\]*)"|'((?:[^']|'')*)') *:(?: +(.*))?$"""
)
_DOUBLE = re.compile(r'"([^"\\]*)"(?: *| +#.*)$')
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?: *| +#.*)$")
_FLOW = re.compile(r"\[([^\[\]{}#]*)\](?: *| +#.*)$")
_FLOW_ITEM = re.compile(
    r""" *(?:"([^"\\]*)"|'((?:[^']|'')*)'|([^\s,\[\]{}#:'"&*!|>%@`?-][^,\[\]{}#:]*?)) *(,|$)"""
)
_BLOCK_HEADER = re.compile(r"([>|])(-?)(?: *| +#.*)$")
_PLAIN_START_REFUSED = frozenset("[]{}#&*!|>'\"%@`,")
_MAX_DEPTH = 60
_SKIP = -1
_END = -2


class _FastReader:
    def __init__(self, text: str) -> None:
        if _AWKWARD.search(text):
            raise _Unsupported
        lines = text.split("\n")
        self.lines = lines
        self.count = len(lines)
        self.at = 0
        self.depth = 0
        # Each line's indentation, or _SKIP for a blank or comment line, found once for all:
        # moving to the next line that holds data is then a look-up, not a scan.
        stripped = [line.lstrip(" ") for line in lines]
        self.indents = [
            len(line) - len(rest) if rest and rest[0] != "#" else _SKIP
            for line, rest in zip(lines, stripped, strict=True)
        ]
        self.indents.append(_END)

    def next_indent(self) -> int:
        """Move past blank and comment lines; the next line's indentation, or _END (negative)."""
        indents, at = self.indents, self.at
        while indents[at] == _SKIP:
            at += 1
        self.at = at
        return indents[at]

    def document(self) -> Data:
        indent = self.next_indent()
        if indent == 0 and self.lines[self.at].startswith("---"):
            if self.lines[self.at].rstrip(" ") != "---":
                raise _Unsupported
            self.at += 1
            indent = self.next_indent()
        if indent == _END:
            return None
        if indent != 0:
            raise _Unsupported
        value = self.block(0)
        if self.next_indent() != _END:
            raise _Unsupported
        return value

    def block(self, indent: int) -> Data:
        """A block mapping or sequence whose lines start at ``indent``."""
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise _Unsupported
        line = self.lines[self.at]
        value = self.sequence(indent) if line[indent] == "-" else self.mapping(indent)
        self.depth -= 1
        return value

    def mapping(self, indent: int) -> dict[str, Data]:
        result: dict[str, Data] = {}
        lines = self.lines
        while True:
            found = self.next_indent()
            if found < indent:
                return result
            if found > indent:
                raise _Unsupported
            match = _KEY.match(lines[self.at], indent)
            if match is None:
                raise _Unsupported
            plain, double, single, rest = match.groups()
            if plain is not None:
                key = plain
            elif double is not None:
                key = double
            else:
                key = single.replace("''", "'")
            if key in result:
                raise _Unsupported
            self.at += 1
            result[key] = self.value_after(rest, indent)

    def sequence(self, indent: int) -> list[Data]:
        result: list[Data] = []
        lines = self.lines
        while True:
            found = self.next_indent()
            if found < indent:
                return result
            if found > indent:
                raise _Unsupported
            line = lines[self.at]
            if line[indent] != "-":
                return result
            after = line[indent + 1 :]
            rest = after.lstrip(" ")
            if not rest or rest[0] == "#" or rest == after:
                raise _Unsupported  # "-" alone, or "-x": nested blocks and odd items
            column = len(line) - len(rest)
            if _KEY.match(rest):
                # "- key: value": a mapping that starts on the dash's line.
                lines[self.at] = " " * column + rest
                self.indents[self.at] = column
                self.depth += 1
                if self.depth > _MAX_DEPTH:
                    raise _Unsupported
                result.append(self.mapping(column))
                self.depth -= 1
            else:
                self.at += 1
                result.append(self.inline(rest, indent))

    def value_after(self, rest: str | None, indent: int) -> Data:
        """The value of a key at ``indent``: on its own line, or in the block below it."""
        if not rest or rest[0] == "#":  # nothing after the colon but spaces or a comment
            found = self.next_indent()
            if found > indent:
                return self.block(found)
            if found == indent and self.lines[self.at][indent] == "-":
                return self.sequence(indent)  # a sequence written level with its key
            return None
        return self.inline(rest, indent)

    def inline(self, rest: str, parent_indent: int) -> Data:
        """A value written after a key or a dash; nothing may continue it on later lines."""
        first = rest[0]
        value: Data
        if first == '"':
            match = _DOUBLE.match(rest)
            if match is None:
                raise _Unsupported
            value = match.group(1)
        elif first == "'":
            match = _SINGLE.match(rest)
            if match is None:
                raise _Unsupported
            value = match.group(1).replace("''", "'")
        elif first == "[":
            value = self.flow_sequence(rest)
        elif first in ">|":
            return self.block_scalar(rest, parent_indent)
        elif first in _PLAIN_START_REFUSED or (first in "-?:" and rest[1:2] in ("", " ")):
            raise _Unsupported
        else:
            cut = rest.find(" #")
            text = (rest if cut < 0 else rest[:cut]).rstrip(" ")
            if ": " in text or text.endswith(":"):
                raise _Unsupported
            value = None if text in _NULLS else text
        if self.next_indent() > parent_indent:
            raise _Unsupported  # a plain scalar over several lines, or a misplaced line
        return value

    def flow_sequence(self, rest: str) -> list[Data]:
        match = _FLOW.match(rest)
        if match is None:
            raise _Unsupported
        inner = match.group(1)
        items: list[Data] = []
        if not inner.strip(" "):
            return items
        position, end = 0, len(inner)
        while position < end:
            item = _FLOW_ITEM.match(inner, position)
            if item is None:
                raise _Unsupported
            double, single, plain, separator = item.groups()
            if double is not None:
                items.append(double)
            elif single is not None:
                items.append(single.replace("''", "'"))
            elif plain is not None:
                items.append(None if plain in _NULLS else plain)
            else:
                raise _Unsupported
            position = item.end()
            if separator == "," and not inner[position:].strip(" "):
                break  # a trailing comma
        return items

    def block_scalar(self, rest: str, parent_indent: int) -> str:
        header = _BLOCK_HEADER.match(rest)
        if header is None:
            raise _Unsupported  # keep chomping (+) or an explicit indentation
        style, chomp = header.groups()
        lines, at, count = self.lines, self.at, self.count
        if at < count and not lines[at].strip(" ") and at + 1 < count:
            raise _Unsupported  # leading blank lines
        content_indent = -1
        body: list[str] = []
        blank_run = 0
        while at < count:
            line = lines[at]
            stripped = line.lstrip(" ")
            if not stripped:
                if content_indent != -1 and len(line) > content_indent:
                    raise _Unsupported  # white space that would be content
                blank_run += 1
                at += 1
                continue
            indent = len(line) - len(stripped)
            if content_indent == -1:
                if indent <= parent_indent:
                    break
                content_indent = indent
            elif indent < content_indent:
                break
            if style == ">" and indent > content_indent:
                raise _Unsupported  # more-indented lines fold differently
            body.extend([""] * blank_run)
            blank_run = 0
            body.append(line[content_indent:])
            at += 1
        self.at = at - blank_run  # trailing blank lines belong to what follows
        if not body:
            return ""
        text = "\n".join(body) if style == "|" else _fold(body)
        ends_file = at == count and not blank_run  # the last line, with no line break after it
        return text if chomp == "-" or ends_file else text + "\n"


def _fold(body: list[str]) -> str:
    """Join a folded scalar's lines: a line break is a space, each blank line a newline."""
    parts: list[str] = []
    previous_blank = True
    for line in body:
        if not line:
            parts.append("\n")
            previous_blank = True
            continue
        if not previous_blank:
            parts.append(" ")
        parts.append(line)
        previous_blank = False
    return "".join(parts)
