"""Read one plan file: YAML text into plain data, with the positions problems need.

There is one parser, libyaml through PyYAML (its pure-Python parser only where libyaml is
missing). Its event stream is walked once, and every scalar is kept as text (or None for an
empty value), never turned into a number, a boolean or a date by YAML's implicit typing: ``1.6``
stays the action ID "1.6" and ``2017-02-30`` reaches the model, which can say at which line it
is not a date. On the way the walk refuses what a plan file never needs (tags, several
documents, a key that is not text), reports duplicate keys, and stops aliases that expand
without end and nesting that goes too deep. Equal texts are kept as one object, which the cache
then stores once.

Positions are kept compactly, not as an object per node: one row of six integers per node in a
flat array, in document order (``csip.load.positions``), so a file is read once whether or not
it has problems, and the table can be cached as bytes. Lines and columns are those git and
GitHub show: libyaml also breaks lines at a lone CR, NEL (U+0085), U+2028 and U+2029, and its
marks are mapped back to lines ended by ``\\n`` when a file holds any of them.
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass, field
from typing import Any, Protocol

import yaml

from csip.load.positions import (
    COLUMN,
    HEAVY_NODES,
    KEY_COLUMN,
    KEY_KIND,
    KEY_LINE,
    LINE,
    MAPPING,
    ROW,
    SEQUENCE,
    SIZE,
    Data,
    Position,
    Positions,
)

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})

# How far aliases may multiply a document before it is refused: a plan has no need of more, and
# an alias bomb ("billion laughs") is stopped long before it costs time or memory. Text counts
# too: a hundred thousand aliases of one long note are few nodes, but gigabytes to print.
MAX_EXPANDED_NODES = 1_000_000
MAX_EXPANDED_TEXT = 64 * 1024 * 1024
# How deep collections may nest: a plan needs five levels; libyaml would allow a thousand.
MAX_NESTING = 200
try:
    from yaml._yaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml: its own parser gives the same events
    _Parser = yaml.SafeLoader  # type: ignore[assignment,misc]


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


@dataclass(slots=True)
class Document:
    """What reading one file gives.

    ``heavy`` holds, by ``id()``, the number of nodes (aliases expanded) of each collection in
    ``data`` that has more than HEAVY_NODES: it is valid only while ``data`` lives.
    """

    data: Data
    positions: Positions
    problems: list[YamlProblem] = field(default_factory=list)
    """What the text holds that a plan file refuses but that leaves the rest readable: a key
    written twice (the first counts), a tag (ignored), a key that is not text (its entry left
    out)."""
    heavy: dict[int, int] = field(default_factory=dict)
    aliased: bool = False
    """Some of ``data`` is written once and named again by an alias: one object in several
    places, each as large as where it was first written."""


# --------------------------------------------------------------------------------------------
# Reading.


class _Mark(Protocol):
    """Where libyaml or PyYAML says something starts (0-based; the index counts characters)."""

    index: int
    line: int
    column: int


def read(text: str | bytes) -> Document:
    """The data of one document and where each node stands.

    ``text`` is the file's text, or its bytes already known to be UTF-8 (libyaml reads bytes
    fastest). Raises YamlError for text that is not YAML or that a plan file cannot hold.
    """
    lines = _LineMap.of(text)
    parser = _Parser(text)
    walk = _Walk()
    try:
        walk.run(parser)
    except yaml.YAMLError as error:
        problem = _plain_words(error, text)
        raise YamlError(lines.moved(problem)) from None
    except YamlError as error:
        raise YamlError(lines.moved(error.problem)) from None
    finally:
        parser.dispose()
    positions = Positions(walk.rows, tuple(walk.keys))
    if lines.moves:
        lines.move_rows(positions.rows)
    problems = []
    for key, line, column, first_line in walk.duplicates:
        line, column = lines.move(line, column)
        first_line = lines.move(first_line, 0)[0]
        problems.append(
            YamlProblem(
                Position(line + 1, column + 1),
                f"duplicate key '{_shown(key)}' (first at line {first_line + 1}); "
                "YAML would silently keep only one",
                "duplicate-key",
            )
        )
    for refused in walk.refused:
        problems.append(lines.moved(refused))
    return Document(walk.root, positions, problems, walk.heavy, walk.aliased)


class _Walk:
    """One pass over the event stream, building the data and the position rows together."""

    def __init__(self) -> None:
        self.rows: array[int] = array("I")
        self.keys: list[str] = []
        # Each key written twice: the key, where it stands again, and the line it first stood on
        # (libyaml's, 0-based).
        self.duplicates: list[tuple[str, int, int, int]] = []
        # What is refused but read past (libyaml's lines and columns, 1-based).
        self.refused: list[YamlProblem] = []
        self.heavy: dict[int, int] = {}
        self.aliased = False
        self.root: Data = None

    def run(self, parser: Any) -> None:
        """Take every event; the state of the innermost open collection lives in locals.

        One loop on purpose, its most frequent case first: it runs for every node of the plan.
        """
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        document_start, stream_end = yaml.DocumentStartEvent, yaml.StreamEndEvent
        nulls = _NULLS
        rows = self.rows
        append = rows.extend
        # Every key once: its number in ``keys``, whose copy of it every mapping shares.
        key_numbers: dict[str, int] = {}
        keys = self.keys
        # Every value once too: equal texts (a status, a code, a month) become one object, which
        # the cache then stores and reads back once.
        texts: dict[str, str] = {}
        shared = texts.setdefault
        anchors: dict[str, tuple[Data, int]] = {}
        heavy = self.heavy
        get_event = parser.get_event
        stack: list[tuple[Any, bool, int, str | None, int]] = []
        # The innermost open collection: the object, whether it is a mapping, its row, its
        # anchor and how many nodes it holds so far (aliases expanded); in a mapping, the key
        # waiting for its value (None: a key comes next), its number, where it stands, and
        # whether it repeats an earlier key (then its value is read but not kept).
        current: Any = None
        is_mapping = False
        row = 0
        anchor: str | None = None
        nodes = 0
        key: str | None = None
        number = 0
        key_line = key_column = 0
        repeated = False
        expanded = 0
        expanded_text = 0
        texts_of: dict[int, int] = {}  # how much text each collection named by an alias holds
        documents = 0

        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_event:
                mark = event.start_mark
                tag = event.tag
                if tag is not None and tag != "!":
                    self.refused.append(_refused_tag(tag, mark))
                value: Data = shared(event.value, event.value)
                if key is None and is_mapping:  # a key
                    number = key_numbers.get(value, -1)  # type: ignore[arg-type]
                    if number < 0:
                        number = key_numbers[value] = len(keys)  # type: ignore[index]
                        keys.append(value)  # type: ignore[arg-type]
                    key = keys[number]
                    key_line, key_column = mark.line, mark.column
                    if key in current:
                        repeated = True
                        self._duplicate(key, key_line, key_column, row)
                    if event.anchor is not None:
                        anchors[event.anchor] = (key, 1)
                    continue
                if not event.style and value in nulls:
                    value = None
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1)
                if key is not None:
                    append((key_line, key_column, mark.line, mark.column, 1, number << 2))
                    if repeated:
                        repeated = False
                    else:
                        current[key] = value
                    key = None
                else:
                    line, column = mark.line, mark.column
                    append((line, column, line, column, 1, 0))
                    if current is None:
                        self.root = value
                    else:
                        current.append(value)
                nodes += 1
            elif kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                tag = event.tag
                if tag is not None and tag != "!":
                    self.refused.append(_refused_tag(tag, mark))
                if key is None and is_mapping:  # a collection as a key: its entry is left out
                    _skip_collection(get_event)
                    number = self._not_text(mark, key_numbers)
                    key, repeated = _NOT_TEXT, True
                    key_line, key_column = mark.line, mark.column
                    continue
                if len(stack) == MAX_NESTING:
                    raise _problem(
                        mark, f"nested more than {MAX_NESTING} levels deep: a plan file needs a few"
                    )
                opened: Any = {} if kind is mapping_start else []
                shape = MAPPING if kind is mapping_start else SEQUENCE
                new_row = len(rows) // ROW
                if key is not None:
                    append((key_line, key_column, mark.line, mark.column, 1, number << 2 | shape))
                    if repeated:
                        repeated = False
                    else:
                        current[key] = opened
                else:
                    line, column = mark.line, mark.column
                    append((line, column, line, column, 1, shape))
                    if current is None:
                        self.root = opened
                    else:
                        current.append(opened)
                stack.append((current, is_mapping, row, anchor, nodes))
                current, row, anchor, nodes = opened, new_row, event.anchor, 1
                is_mapping, key = kind is mapping_start, None
            elif kind is alias_event:
                mark = event.start_mark
                found = anchors.get(event.anchor)
                if found is None:
                    named = f"alias '*{_shown(event.anchor)}'"
                    if event.anchor in (anchor, *(outer[3] for outer in stack)):
                        raise _problem(
                            mark,
                            f"{named} is inside what its anchor names: nothing can hold itself",
                        )
                    raise _problem(mark, f"{named} names no anchor")
                value, size = found
                expanded += size
                expanded_text += _text_in(value, texts_of)
                if expanded > MAX_EXPANDED_NODES or expanded_text > MAX_EXPANDED_TEXT:
                    raise _problem(mark, "YAML aliases expand this file beyond any plan's size")
                if key is None and is_mapping:  # an alias as a key
                    if not isinstance(value, str):  # of a collection: its entry is left out
                        number = self._not_text(mark, key_numbers)
                        key, repeated = _NOT_TEXT, True
                        key_line, key_column = mark.line, mark.column
                        continue
                    number = key_numbers.get(value, -1)
                    if number < 0:
                        number = key_numbers[value] = len(keys)
                        keys.append(value)
                    key = keys[number]
                    key_line, key_column = mark.line, mark.column
                    if key in current:
                        repeated = True
                        self._duplicate(key, key_line, key_column, row)
                    continue
                if key is not None:
                    append((key_line, key_column, mark.line, mark.column, 1, number << 2))
                    if repeated:
                        repeated = False
                    else:
                        current[key] = value
                    key = None
                else:
                    line, column = mark.line, mark.column
                    append((line, column, line, column, 1, 0))
                    if current is None:
                        self.root = value
                    else:
                        current.append(value)
                nodes += size
            elif kind is document_start:
                documents += 1
                if documents > 1:
                    raise _problem(
                        event.start_mark, "a plan file holds one YAML document, not several"
                    )
            elif kind is stream_end:
                self.aliased = expanded > 0
                return
            elif current is not None:  # the end of the innermost mapping or sequence
                rows[row * ROW + SIZE] = len(rows) // ROW - row
                if nodes > HEAVY_NODES:
                    heavy[id(current)] = nodes
                if anchor is not None:
                    anchors[anchor] = (current, nodes)
                done = nodes
                current, is_mapping, row, anchor, nodes = stack.pop()
                nodes += done
                key = None

    def _not_text(self, mark: _Mark, key_numbers: dict[str, int]) -> int:
        """Refuse a key that is not text; the number of what stands for it in ``keys``."""
        self.refused.append(YamlProblem(_position(mark), "a key must be plain text"))
        number = key_numbers.setdefault(_NOT_TEXT, len(self.keys))
        if number == len(self.keys):
            self.keys.append(_NOT_TEXT)
        return number

    def _duplicate(self, key: str, line: int, column: int, mapping_row: int) -> None:
        """Report a key written twice in one mapping; the first is the one that counts."""
        rows, keys = self.rows, self.keys
        # The mapping is still open, but every entry before this key is complete.
        child, end = mapping_row + 1, len(rows) // ROW
        first_line = line
        while child < end:
            if keys[rows[child * ROW + KEY_KIND] >> 2] == key:
                first_line = rows[child * ROW + KEY_LINE]
                break
            child += rows[child * ROW + SIZE]
        self.duplicates.append((key, line, column, first_line))


def _text_in(value: Data, known: dict[int, int]) -> int:
    """How many characters ``value`` holds, keys included, aliases expanded; each collection is
    counted once and remembered in ``known`` (by ``id``, while the data lives)."""
    if isinstance(value, str):
        return len(value)
    if value is None:
        return 0
    found = known.get(id(value))
    if found is None:
        if isinstance(value, dict):
            found = sum(len(key) + _text_in(item, known) for key, item in value.items())
        else:
            found = sum(_text_in(item, known) for item in value)
        known[id(value)] = found
    return found


def _problem(mark: _Mark, message: str) -> YamlError:
    return YamlError(YamlProblem(_position(mark), message))


def _refused_tag(tag: str, mark: _Mark) -> YamlProblem:
    """Tags make PyYAML build objects (``!!python/object``); a plan file is plain data, so the
    tag is refused and its node read as if it had none."""
    shown = _shown(tag.replace("tag:yaml.org,2002:", "!!", 1))
    return YamlProblem(_position(mark), f"YAML tags such as '{shown}' are not used in plan files")


_NOT_TEXT = "\x00a key that is not text"
"""What stands in the position table for a key that is not text: no plan key can be it."""


def _skip_collection(get_event: Any) -> None:
    """Take the events of a collection whose start was just taken, up to its end."""
    depth = 1
    while depth:
        kind = type(get_event())
        if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            depth += 1
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            depth -= 1


def _position(mark: _Mark | None) -> Position:
    if mark is None:
        return Position(1, 1)
    return Position(mark.line + 1, mark.column + 1)


def _shown(text: str) -> str:
    """Text from the file as a message repeats it (imported here: only problems need it)."""
    from csip.model.messages import shown

    return shown(text)


# --------------------------------------------------------------------------------------------
# Lines as git counts them.

# What libyaml takes for a line break; git and GitHub break lines at "\n" only.
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_ODD_BREAKS_BYTES = (b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")
_ODD_BREAKS_TEXT = ("\x85", "\u2028", "\u2029")


class _LineMap:
    """Maps libyaml's lines and columns to git's, for a file that has line breaks git ignores."""

    moves = False

    @staticmethod
    def of(text: str | bytes) -> _LineMap:
        if isinstance(text, bytes):
            odd = any(mark in text for mark in _ODD_BREAKS_BYTES)
            lone_cr = text.count(b"\r") != text.count(b"\r\n")
            if not (odd or lone_cr):
                return _LineMap()
            return _Moving(text.decode("utf-8"))
        odd = any(mark in text for mark in _ODD_BREAKS_TEXT)
        if odd or text.count("\r") != text.count("\r\n"):
            return _Moving(text)
        return _LineMap()

    def move(self, line: int, column: int) -> tuple[int, int]:
        """0-based libyaml line and column to 0-based git line and column."""
        return line, column

    def moved(self, problem: YamlProblem) -> YamlProblem:
        where = problem.position
        line, column = self.move(where.line - 1, where.column - 1)
        return YamlProblem(Position(line + 1, column + 1), problem.message, problem.code)

    def move_rows(self, rows: array[int]) -> None:
        """Nothing to move: libyaml's lines are git's."""


class _Moving(_LineMap):
    moves = True

    def __init__(self, text: str) -> None:
        # Where each of libyaml's lines starts, and where each of git's does, in characters.
        self.yaml_starts = [0] + [match.end() for match in _YAML_BREAK.finditer(text)]
        self.git_starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def move(self, line: int, column: int) -> tuple[int, int]:
        starts = self.yaml_starts
        index = (starts[line] if line < len(starts) else starts[-1]) + column
        git_line = bisect.bisect_right(self.git_starts, index) - 1
        return git_line, index - self.git_starts[git_line]

    def move_rows(self, rows: array[int]) -> None:
        move = self.move
        for at in range(0, len(rows), ROW):
            rows[at + KEY_LINE], rows[at + KEY_COLUMN] = move(
                rows[at + KEY_LINE], rows[at + KEY_COLUMN]
            )
            rows[at + LINE], rows[at + COLUMN] = move(rows[at + LINE], rows[at + COLUMN])


# --------------------------------------------------------------------------------------------
# PyYAML's errors in plain words.


def _plain_words(error: yaml.YAMLError, text: str | bytes) -> YamlProblem:
    """PyYAML's exception as one line a person can act on (at libyaml's line and column)."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        if error.context_mark is not None and mark is not None and _at_end(text, mark.index):
            # The file ended inside what the context names (an unclosed quote or bracket):
            # where that begins is the line to fix, not the line after the last.
            mark = error.context_mark
        position = _position(mark)
        if mark is not None and _char_at(text, mark.index) == "\t":
            # PyYAML's words for this ("cannot start any token") hide the usual mistake.
            return YamlProblem(position, "not valid YAML: a tab here; indent YAML with spaces")
        what = error.problem or error.context or "not valid YAML"
        context = f" ({error.context})" if error.context and error.problem else ""
        return YamlProblem(position, f"not valid YAML: {what}{context}")
    if isinstance(error, yaml.reader.ReaderError) and isinstance(error.character, int):
        # libyaml counts the offset in bytes, PyYAML in characters; the first occurrence of the
        # refused character is where both stopped.
        decoded = text if isinstance(text, str) else text.decode("utf-8", "replace")
        at = max(decoded.find(chr(error.character)), 0)
        starts = [0] + [match.end() for match in _YAML_BREAK.finditer(decoded, 0, at)]
        return YamlProblem(
            Position(len(starts), at - starts[-1] + 1),
            f"not valid YAML: the character U+{error.character:04X} is not allowed in YAML",
        )
    return YamlProblem(Position(1, 1), f"not valid YAML: {error}")


def _at_end(text: str | bytes, index: int) -> bool:
    """Whether a mark's index (in characters) is past the last character of the text."""
    if isinstance(text, bytes):
        return index >= len(text.decode("utf-8", "replace"))
    return index >= len(text)


def _char_at(text: str | bytes, index: int) -> str:
    if isinstance(text, bytes):
        # The index counts characters; only the tab test needs one, and a tab is ASCII.
        decoded = text.decode("utf-8", "replace")
        return decoded[index : index + 1]
    return text[index : index + 1]
