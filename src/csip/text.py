"""Plan text as the blocks a report lays out: paragraphs, and lists of items (spec section 12).

Action text, notes and narrative may hold paragraphs, separated by a blank line, and lists,
whose items are lines that begin ``- ``. Within a paragraph or an item, a line break is a space
(so text wrapped in a literal ``|`` block reads as written); a line that follows an item without
a blank line continues that item. The blocks hold plain text: each format's renderer escapes
every piece as it lays the blocks out, so no plan text is ever taken as markup.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, NamedTuple

from csip.words import one_line

LIST_MARK = "- "


class Block(NamedTuple):
    """A paragraph (``text``) or a list (``items``). A named tuple: quick to define at start-up."""

    kind: Literal["paragraph", "list"]
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Blocks:
    """Text split into blocks. Printed as it is (a council's own template), it is one line.

    A dataclass, not a named tuple: it iterates and counts its blocks, which a tuple's own
    ``_replace`` and copying rely on, and the PDF's JSON must reach ``as_data`` for it."""

    blocks: tuple[Block, ...]

    def __iter__(self) -> Iterator[Block]:
        return iter(self.blocks)

    def __len__(self) -> int:
        return len(self.blocks)

    def __str__(self) -> str:
        return " ".join(
            block.text if block.kind == "paragraph" else " ".join(block.items)
            for block in self.blocks
        )

    @property
    def single(self) -> bool:
        """One paragraph and nothing else: text that fits on one line of a table."""
        return len(self.blocks) == 1 and self.blocks[0].kind == "paragraph"

    @property
    def opens_with_list(self) -> bool:
        """Whether the first block is a list, which cannot follow a lead-in on its line."""
        return bool(self.blocks) and self.blocks[0].kind == "list"

    def as_text(self) -> str:
        """The blocks as plain text for a terminal: paragraphs apart by a blank line, each on
        one line to be wrapped to the width, and a list an item a line."""
        return "\n\n".join(
            block.text
            if block.kind == "paragraph"
            else "\n".join(LIST_MARK + item for item in block.items)
            for block in self.blocks
        )

    def as_data(self) -> list[dict[str, object]]:
        """The blocks as plain data, for a format that takes JSON (the PDF's templates)."""
        return [
            {"kind": "paragraph", "text": block.text}
            if block.kind == "paragraph"
            else {"kind": "list", "items": list(block.items)}
            for block in self.blocks
        ]


def split(text: str) -> Blocks:
    """``text`` as paragraphs and lists."""
    blocks: list[Block] = []
    lines: list[str] = []
    items: list[list[str]] = []

    def close() -> None:
        if lines:
            blocks.append(Block("paragraph", text=one_line(" ".join(lines))))
            lines.clear()
        kept = tuple(one_line(" ".join(item)) for item in items)
        if any(kept):
            blocks.append(Block("list", items=tuple(item for item in kept if item)))
        items.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            close()
        elif line.startswith(LIST_MARK) or line == LIST_MARK.strip():
            if lines:
                close()
            items.append([line[len(LIST_MARK) :]])
        elif items:
            items[-1].append(line)
        else:
            lines.append(line)
    close()
    return Blocks(tuple(blocks))
