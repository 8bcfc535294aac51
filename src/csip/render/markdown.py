"""Plan text made safe for Markdown: a viewer shows it as written and runs none of it.

Every value a Markdown template prints passes through ``escape`` (the environment's finalize
step) unless the report marked it as Markdown already. Escaped: raw HTML and comment openers
(``<`` as ``&lt;``), entity references, the characters that open emphasis, code, links or
table cells, a line start that would begin a heading, list or quote, and every line break,
which would end the paragraph or table row the text stands in.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from csip.text import Blocks, split

_INLINE = re.compile(r"([\\`*_\[\]|~])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_BLOCK_START = re.compile(r"^(\s*)(>|(?:#+|[+=-])(?=\s|$))")
_NUMBERED = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape(text: object) -> Markup:
    """One line of plain text as inline Markdown that shows exactly that text."""
    if isinstance(text, Markup):
        return text
    value = " ".join(_CONTROL.sub(" ", str(text)).split())
    value = _INLINE.sub(r"\\\1", value)
    value = _ENTITY.sub("&amp;", value).replace("<", "&lt;")
    value = _BLOCK_START.sub(lambda match: f"{match.group(1)}\\{match.group(2)}", value)
    value = _NUMBERED.sub(lambda match: f"{match.group(1)}\\{match.group(2)}", value)
    return Markup(value)


def code(text: object) -> Markup:
    """Text as a code span, fenced with more backticks than any run inside it."""
    value = " ".join(_CONTROL.sub(" ", str(text)).split())
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {value} " if value.startswith("`") or value.endswith("`") else value
    return Markup(f"{fence}{padded}{fence}")


def blocks(value: Blocks | str, *, indent: int = 0, cell: bool = False) -> Markup:
    """Paragraphs and lists as Markdown, every piece of plan text escaped.

    ``indent`` puts every block after the first under a list item (the first follows whatever
    the template wrote before it on its line). In a table ``cell`` no block can start a line:
    paragraphs and items are set on lines of their own with ``<br>``, items marked with a bullet.
    """
    found = value if isinstance(value, Blocks) else split(value)
    if cell:
        pieces: list[Markup] = []
        for block in found:
            if block.kind == "paragraph":
                pieces.append(escape(block.text))
            else:
                pieces.extend(Markup("\N{BULLET} ") + escape(item) for item in block.items)
        return Markup("<br>").join(pieces)
    pad = Markup(" " * indent)
    laid: list[Markup] = []
    for block in found:
        if block.kind == "paragraph":
            laid.append(escape(block.text))
        else:
            laid.append((Markup("\n") + pad).join(Markup("- ") + escape(i) for i in block.items))
    return (Markup("\n\n") + pad).join(laid)
