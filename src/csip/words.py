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

GREEN_REQUIRING: dict[str, str] = {
    "evidenced": "The action is complete and a board has verified its evidence.",
    "embedded": "The action is complete and a board has tested it as embedded in practice.",
}
"""What Green means when plan.yaml's ``green_requires`` asks more than ``complete``."""

AMBER_AWAITING = (
    "The action is in progress within its published timescale, or complete and awaiting assurance."
)
"""What Amber means when plan.yaml's ``green_requires`` asks more than ``complete``."""


def rag_meanings(green_requires: str) -> dict[Rag, str]:
    """The RAG key, with Green and Amber as a plan's ``green_requires`` has them."""
    meanings = dict(RAG_DEFINITIONS)
    if green_requires != "complete":
        meanings["green"] = GREEN_REQUIRING[green_requires]
        meanings["amber"] = AMBER_AWAITING
    return meanings


def overdue_for(months: int) -> str:
    """How long a Red action has been overdue, as a table says it: "< 1 month" when it was due
    in the month just ended or the one under way."""
    return "< 1 month" if months == 0 else plural(months, "month")


RAG_COLOURS: dict[Rag, str] = {
    "red": "#d4351c",
    "amber": "#f47738",
    "green": "#00703c",
    "white": "#ffffff",
    "withdrawn": "#b1b4b6",
}
"""The GOV.UK palette's red, orange, green; white; mid grey. Never shown without the word."""

Assurance = Literal["unverified", "evidenced", "embedded", "challenged"]
ASSURANCES: tuple[Assurance, ...] = ("unverified", "evidenced", "embedded", "challenged")

ASSURANCE_DEFINITIONS: dict[Assurance, str] = {
    "unverified": "Complete, but no board has yet verified the evidence.",
    "evidenced": "A board has verified the evidence that the action is complete.",
    "embedded": "A board has tested the work and found it embedded in practice.",
    "challenged": "A board found that the evidence does not show the action complete.",
}
"""What each assurance of a complete action means, as the reports' keys print it."""

OUTCOME_WORDS = {
    "verified": "evidence verified",
    "not-verified": "evidence not verified",
    "embedded": "embedded in practice",
    "not-embedded": "not yet embedded",
    "remedial": "remedial activity agreed",
    "noted": "noted",
}
"""How a board's outcome is written in prose."""

Move = Literal[
    "turned-red", "recovered", "completed", "reopened", "re-planned", "evidenced", "embedded",
    "challenged", "withdrawn", "reinstated", "started", "timescale-began", "changed",
]  # fmt: skip
MOVES: tuple[Move, ...] = (
    "turned-red", "recovered", "completed", "reopened", "re-planned", "evidenced", "embedded",
    "challenged", "withdrawn", "reinstated", "started", "timescale-began", "changed",
)  # fmt: skip

MOVE_WORDS: dict[Move, str] = {
    "turned-red": "turned Red",
    "recovered": "recovered from Red",
    "completed": "completed",
    "reopened": "reopened",
    "re-planned": "re-planned",
    "evidenced": "evidence verified",
    "embedded": "tested as embedded",
    "challenged": "evidence challenged",
    "withdrawn": "withdrawn",
    "reinstated": "reinstated",
    "started": "started",
    "timescale-began": "timescale began",
    "changed": "changed",
}
"""How each kind of move between two dates is written for a reader."""

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


def capital(text: str) -> str:
    """``Recommendation 7 is…``: the first letter made a capital, as a sentence starts."""
    return text[:1].upper() + text[1:]


def join_words(items: list[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def signed(number: int) -> str:
    """A change: ``+2``, ``\N{MINUS SIGN}1`` (a real minus sign), ``0``."""
    if number > 0:
        return f"+{number}"
    if number < 0:
        return f"\N{MINUS SIGN}{-number}"
    return "0"


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


def visible(text: str) -> str:
    """Text as a terminal or a CI log should show it: on one line, acting on nothing.

    Every character that is not printable (line breaks, tabs, escape sequences, bidirectional
    controls) is written as its escape (``\\n``, ``\\x1b``, ``\\u202e``), so no text from a plan
    can start a new line, move the cursor or retitle the window. ``##[`` becomes ``#\\x23[``:
    GitHub's runner reads ``##[error]`` as a command wherever it stands in a line.
    """
    if not text.isprintable():
        text = "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)
    return text.replace("##[", "#\\x23[")


def visible_lines(text: str) -> str:
    """Text as a terminal should show it, its line breaks kept and each line ``visible``."""
    return "\n".join(visible(line) for line in text.replace("\r\n", "\n").split("\n"))


def one_line(text: str) -> str:
    """Text with its runs of whitespace and line breaks made single spaces."""
    return " ".join(text.split())


def clipped(text: str, limit: int) -> str:
    """Text on one line, cut at a word before ``limit`` characters with an ellipsis if longer."""
    line = one_line(text)
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0] if " " in line[: limit - 1] else line[: limit - 1]
    return cut.rstrip(" ,;:") + "\N{HORIZONTAL ELLIPSIS}"
