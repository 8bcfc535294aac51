"""Plan text's paragraphs and lists as HTML, every piece escaped.

The HTML templates autoescape what they print; blocks are laid out here, in one place, from
escaped pieces, so that a template never has to mark plan text as safe.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from csip.text import Blocks, split


def blocks(value: Blocks | str, *, cell: bool = False) -> Markup:
    """``<p>`` for each paragraph and ``<ul>`` for each list; in a table ``cell``, a lone
    paragraph is its text alone, so that a one-line cell carries no margins."""
    found = value if isinstance(value, Blocks) else split(value)
    if cell and found.single:
        return escape(found.blocks[0].text)
    laid: list[Markup] = []
    for block in found:
        if block.kind == "paragraph":
            laid.append(Markup("<p>{}</p>").format(block.text))
        else:
            items = Markup("").join(Markup("<li>{}</li>").format(item) for item in block.items)
            laid.append(Markup("<ul>{}</ul>").format(items))
    return Markup("\n").join(laid)


def css_string(text: object) -> Markup:
    """Text as a quoted CSS string (the printed page's running head): quotes, backslashes,
    line breaks and angle brackets escaped, so that no text can end the string or the
    ``<style>`` element it stands in."""
    escaped = "".join(
        char if char.isprintable() and char not in '"\\<>&' else f"\\{ord(char):x} "
        for char in str(text)
    )
    return Markup(f'"{escaped}"')
