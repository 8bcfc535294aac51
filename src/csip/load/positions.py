"""Where every node of a plan file stands: a compact table, kept without an object per node.

Pure data, with no YAML parser behind it, so that a plan read from the cache can place a problem
at its line without importing one; ``csip.load.reader`` fills the table as it reads a file.
"""

from __future__ import annotations

from array import array
from typing import Any, NamedTuple, TypeAlias

Data: TypeAlias = dict[str, "Data"] | list["Data"] | str | None
Loc: TypeAlias = tuple[str | int, ...]

# Collections holding more nodes than this (aliases expanded) are listed in Document.heavy, so
# that validation can take them in slices and keep its memory bounded whatever the file holds.
HEAVY_NODES = 200


class Position(NamedTuple):
    """A 1-based line and column in a file, as git and GitHub count them."""

    line: int
    column: int


class Placed(NamedTuple):
    """Where a key and its value stand (for a sequence item, both are the item)."""

    key: Position
    value: Position


# The columns of a row: where the key stands, where the value stands (both 0-based), how many
# rows the node's subtree holds (itself included), and its key's number in ``keys`` times four
# plus its kind.
KEY_LINE, KEY_COLUMN, LINE, COLUMN, SIZE, KEY_KIND = range(6)
ROW = 6
SCALAR, SEQUENCE, MAPPING = 0, 1, 2
# Containers found to have more children than this get an index of them.
_INDEXED = 32


class Positions:
    """Where every node of a document stands, in a flat array of integers.

    A node's children follow it, each child's subtree before the next child, so the i-th child
    of a sequence or the entry for a key of a mapping is found by skipping subtrees; big
    containers get an index the first time they are searched. The entries of a duplicate key
    are rows too, but a key is found at its first occurrence, as its value is in the data.
    """

    __slots__ = ("_indexes", "keys", "rows")

    def __init__(self, rows: array[int] | None = None, keys: tuple[str, ...] = ()) -> None:
        self.rows: array[int] = rows if rows is not None else array("I")
        self.keys = keys
        self._indexes: dict[int, array[int] | dict[str, int]] = {}

    def to_plain(self) -> tuple[bytes, tuple[str, ...]]:
        """As plain data that marshal stores and ``from_plain`` restores."""
        return self.rows.tobytes(), self.keys

    @classmethod
    def from_plain(cls, plain: Any) -> Positions:
        """The table back from ``to_plain``; ValueError when it is not one."""
        rows_bytes, keys = plain
        rows = array("I")
        rows.frombytes(rows_bytes)
        if len(rows) % ROW or not all(isinstance(key, str) for key in keys):
            raise ValueError("not a position table")
        if rows and min(rows[SIZE::ROW]) < 1:  # every subtree holds its own node
            raise ValueError("not a position table")
        return cls(rows, tuple(keys))

    def __len__(self) -> int:
        return len(self.rows) // ROW

    def find(self, loc: Loc) -> tuple[Loc, Placed]:
        """The deepest node on ``loc`` that exists in the document, and where it stands.

        A table that does not hold together (it came from outside, and is never trusted)
        places everything at the start of the file rather than fail.
        """
        rows = self.rows
        node = 0
        depth = 0
        try:
            for part in loc:
                child = self._child(node, part)
                if child < 0:
                    break
                node = child
                depth += 1
            at = node * ROW
            key = Position(rows[at + KEY_LINE] + 1, rows[at + KEY_COLUMN] + 1)
            value = Position(rows[at + LINE] + 1, rows[at + COLUMN] + 1)
        except IndexError:
            return (), Placed(Position(1, 1), Position(1, 1))
        return loc[:depth], Placed(key, value)

    def _child(self, node: int, part: str | int) -> int:
        """The row of ``node``'s child named ``part``, or -1.

        Children are looked along; a container found to have more than a few is given an
        index of them, so that many look-ups in one long list or mapping stay quick.
        """
        index = self._indexes.get(node)
        if index is not None:
            if isinstance(index, array):
                if not isinstance(part, int):
                    return -1
                return index[part] if 0 <= part < len(index) else -1
            return index.get(part, -1) if isinstance(part, str) else -1
        rows, keys = self.rows, self.keys
        at = node * ROW
        kind = rows[at + KEY_KIND] & 3
        if kind == SCALAR or (kind == SEQUENCE) != isinstance(part, int):
            return -1
        end = node + rows[at + SIZE]
        child = node + 1
        number = 0
        while child < end:
            row = child * ROW
            if part == (number if kind == SEQUENCE else keys[rows[row + KEY_KIND] >> 2]):
                return child
            number += 1
            if number > _INDEXED:
                self._indexes[node] = self._index(node)
                return self._child(node, part)
            child += rows[row + SIZE]
        return -1

    def _index(self, node: int) -> array[int] | dict[str, int]:
        """The rows of a container's children: by position, or by key (first one kept)."""
        rows, keys = self.rows, self.keys
        end = node + rows[node * ROW + SIZE]
        children = array("I")
        child = node + 1
        while child < end:
            children.append(child)
            child += rows[child * ROW + SIZE]
        if rows[node * ROW + KEY_KIND] & 3 == SEQUENCE:
            return children
        by_key: dict[str, int] = {}
        for child in children:
            by_key.setdefault(keys[rows[child * ROW + KEY_KIND] >> 2], child)
        return by_key
