"""One vocabulary for every output: RAG words and their meanings, statuses, counts and shares.

Kept apart from the reports and free of heavy imports, so that the terminal views, the JSON
outputs and the papers all say the same thing the same way.
"""

from __future__ import annotations

from typing import Literal

Rag = Literal["red", "amber", "green", "white", "withdrawn"]
RAGS: tuple[Rag, ...] = ("green", "amber", "red", "white", "withdrawn")

RAG_DEFINITIONS: dict[Rag, str] = {
    "green": "The action is complete.",
    "amber": "The action is in progress within its published timescale.",
    "red": (
        "The action has not progressed within the published timescale: its published due "
        "month has ended and it is not complete. A revised timeline never turns it Amber."
    ),
    "white": "The work is not planned to start yet.",
    "withdrawn": "The action has been withdrawn from the plan and leaves every count.",
}
"""What each rating means, as every report's key prints it."""

RAG_COLOURS: dict[Rag, str] = {
    "red": "#d4351c",
    "amber": "#f47738",
    "green": "#00703c",
    "white": "#ffffff",
    "withdrawn": "#b1b4b6",
}
"""The GOV.UK palette's red, orange, green; white; mid grey. Never shown without the word."""

STATUS_WORDS = {
    "not-started": "not started",
    "in-progress": "in progress",
    "complete": "complete",
    "withdrawn": "withdrawn",
}
"""How a status is written in prose."""

NOT_APPLICABLE = "\N{EN DASH}"
"""What a share of nothing prints: 0 of 0 is not 0%."""


def rag_word(rag: Rag) -> str:
    """How a RAG rating is written for a reader: "Red", never a colour alone."""
    return rag.capitalize()


def plural(number: int, word: str, words: str | None = None) -> str:
    """``1 action``, ``2 actions``; ``words`` for an irregular plural (``priorities``)."""
    if number == 1:
        return f"1 {word}"
    return f"{number} {words if words is not None else word + 's'}"


_NUMBER_WORDS: tuple[str, ...] = (
    *("no", "one", "two", "three", "four", "five"),
    *("six", "seven", "eight", "nine", "ten"),
)


def number_word(number: int) -> str:
    """``ten``: a small count in words, as prose writes it ("all ten priorities"); digits above."""
    return _NUMBER_WORDS[number] if 0 <= number < len(_NUMBER_WORDS) else str(number)


def capitalised(text: str) -> str:
    """``text`` with its first letter made a capital, as a sentence starts."""
    return text[:1].upper() + text[1:]


def has_have(number: int) -> str:
    return "has" if number == 1 else "have"


def is_are(number: int) -> str:
    return "is" if number == 1 else "are"


def was_were(number: int) -> str:
    return "was" if number == 1 else "were"


def join_words(items: list[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def percent(part: int, whole: int) -> str:
    """A share as a whole percentage, the one rule every output follows.

    Rounded to the nearest (half up), except that only all of it is 100% and only none of it is
    0% (so 199 of 200 is 99%, 1 of 300 is 1%); a share of nothing is not applicable (an en dash).
    """
    if whole <= 0:
        return NOT_APPLICABLE
    value = (part * 200 + whole) // (whole * 2)
    if part < whole:
        value = min(value, 99)
    if part > 0:
        value = max(value, 1)
    return f"{value}%"


def share(part: int, whole: int) -> str:
    """``3 of 5 (60%)``: a share as the published prose should have written it."""
    return f"{part} of {whole} ({percent(part, whole)})"


def one_line(text: str) -> str:
    """Text with its runs of whitespace and line breaks made single spaces."""
    return " ".join(text.split())
