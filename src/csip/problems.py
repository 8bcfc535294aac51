"""Problems found in a plan, as values: collected from every file, never raised.

A check says *where* a problem is as a path into the document (``("actions", 3, "due")``);
``locate`` turns paths into lines and columns only for files that have problems, so a clean plan
pays nothing for positions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, NamedTuple

from csip.load.positions import Loc
from csip.words import visible

Level = Literal["error", "warning"]


@dataclass(slots=True)
class Finding:
    """A problem as a check sees it: which file, which node, and what is wrong.

    ``anchor`` says whether it points at the key or at the value of that node. ``related``
    names a second place (the other copy of a duplicate); the message says where it is through
    the ``{related}`` placeholder, filled in once both places have positions. Not frozen: a plan
    full of warnings makes thousands, and a frozen dataclass is slow to make; none is changed.
    """

    file: str
    loc: Loc
    code: str
    message: str
    level: Level = "error"
    anchor: Literal["key", "value"] = "value"
    related: tuple[str, Loc] | None = None


class Problem(NamedTuple):
    """A located problem, as it is printed: ``FILE:LINE:COLUMN: LEVEL: MESSAGE``.

    A named tuple, so problems sort by file, line and column as they are printed, and the class
    costs a run next to nothing to make (a frozen dataclass costs a fifth of a millisecond).
    """

    file: str
    line: int
    column: int
    level: Level
    code: str
    message: str

    def text(self, mark: Callable[[str], str] = str) -> str:
        """The problem as one line of text; ``mark`` styles the level word (colour on a terminal).

        File names and messages are made ``visible``, and a line never starts ``::``, so that
        nothing a plan holds can become a GitHub workflow command in a CI log.
        """
        return f"{self.where()}: {mark(self.level)}: {visible(self.message)}"

    def where(self) -> str:
        """``FILE:LINE:COLUMN``, the file name made visible (and ``./`` before a leading ``::``)."""
        file = visible(self.file)
        if file.lstrip().startswith("::"):
            file = f"./{file}"
        return f"{file}:{self.line}:{self.column}"

    def github(self) -> str:
        """A GitHub Actions workflow command, so the problem shows on the line in a pull request.

        One line whatever the file name or message holds: both are made ``visible``, then escaped
        as the runner decodes them (``%``, line breaks, and in properties ``:`` and ``,``).
        """
        command = "error" if self.level == "error" else "warning"
        message = _escape_github(visible(self.message), data=True)
        file = _escape_github(visible(self.file), data=False)
        return (
            f"::{command} file={file},line={self.line},col={self.column},"
            f"title=csip {self.code}::{message}"
        )


def _escape_github(value: str, *, data: bool) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if not data:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def as_json(problems: list[Problem]) -> str:
    """The problems as a JSON list, every value as found, and no character a terminal acts on.

    JSON keeps file names and messages exactly (a consumer may open the file); characters that
    are not printable, and the ``#`` of ``##[``, are written as ``\\u`` escapes, which decode to
    the same text.
    """
    import json

    text = json.dumps([problem._asdict() for problem in problems], indent=2, ensure_ascii=False)
    if not text.replace("\n", "").isprintable():
        text = "".join(_json_escape(char) for char in text)
    return text.replace("##[", "#\\u0023[")


def _json_escape(char: str) -> str:
    """A character of JSON text as it is, or as its ``\\u`` escape when it is not printable."""
    import json

    return char if char.isprintable() or char == "\n" else json.dumps(char)[1:-1]


MORE_PROBLEMS = "more-problems"
"""The code of the line that follows a file's last shown problem when it has more than it shows."""


def count(problems: list[Problem], level: Level) -> int:
    """How many of the problems shown are at this level (a line saying how many more a file has
    is not one of them)."""
    return sum(
        1 for problem in problems if problem.level == level and problem.code != MORE_PROBLEMS
    )
