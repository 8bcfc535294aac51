"""Commands for the weekly boards: the pack the chair reads, and what moved between two dates."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from csip.cli.app import (
    AsOfOption,
    MonthOption,
    PlanOption,
    app,
    as_of_date,
    chosen_priorities,
    fail_usage,
    now,
    valid_plan,
)
from csip.cli.report_commands import (
    OutputOption,
    TemplatesOption,
    emit,
    rendered,
    templates_folder,
)

if TYPE_CHECKING:
    from csip.model.domain import Plan


class BoardPackFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


class ChangesFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


_NUMBERS = re.compile(r"\s*[0-9]+\s*(,\s*[0-9]+\s*)*")


def _priorities(text: str) -> tuple[int, ...]:
    """``7,9`` as priority numbers, or a usage error."""
    if not _NUMBERS.fullmatch(text) or any(int(part) == 0 for part in text.split(",")):
        fail_usage(f"'{text}' is not a list of priority numbers: write them as 7,9")
    return tuple(sorted({int(part) for part in text.split(",")}))


def _known_priorities(plan: Plan, numbers: tuple[int, ...]) -> None:
    """A usage error when the plan lacks one of ``numbers``."""
    chosen_priorities(plan, [str(number) for number in numbers])


@app.command("board-pack")
def board_pack_command(
    priorities: Annotated[
        str,
        typer.Option(
            "--priorities",
            metavar="N,N",
            help="The priorities the meeting reviews, such as 7,9.",
        ),
    ],
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="YYYY-MM-DD", help="The date of the meeting. Default: today."
        ),
    ] = None,
    plan: PlanOption = Path("plan"),
    output_format: Annotated[
        BoardPackFormat,
        typer.Option(
            "--format", "-f", help="md (Markdown), html (one self-contained page) or json."
        ),
    ] = BoardPackFormat.md,
    output: OutputOption = None,
    templates: TemplatesOption = None,
) -> None:
    """The pack the chair reads before a board meeting, as at the meeting's date: per priority,
    the Red actions with their note, revised timeline and agreed tasks; what is due this month
    and next; what is complete and awaits verification, or is evidenced and awaits the test of
    embedding; the open tasks, overdue first; and what moved since the last review.

    Example: csip board-pack --priorities 7,9 --date 2017-02-07 --format html --output pack.html
    """
    from csip.reports.board_pack import board_pack_report

    numbers = _priorities(priorities)
    day = as_of_date(None, date)
    loaded = valid_plan(plan)
    _known_priorities(loaded, numbers)
    fmt: Literal["md", "html", "json"] = output_format.value
    made, folder = now(), templates_folder(templates)
    text = rendered(
        lambda: board_pack_report(loaded, numbers, day, fmt, made=made, templates=folder)
    )
    emit(text, output, plan)


@app.command()
def changes(
    since: Annotated[
        str,
        typer.Option("--since", metavar="YYYY-MM-DD", help="Compare with the end of this day."),
    ],
    plan: PlanOption = Path("plan"),
    month: MonthOption = None,
    as_of: AsOfOption = None,
    priority: Annotated[
        list[int] | None,
        typer.Option("--priority", metavar="N", help="Only this priority; repeat for more."),
    ] = None,
    output_format: Annotated[
        ChangesFormat,
        typer.Option("--format", "-f", help="text (for a terminal), md (Markdown) or json."),
    ] = ChangesFormat.text,
    output: OutputOption = None,
    templates: TemplatesOption = None,
) -> None:
    """What moved between two dates: every action whose RAG, status, assurance or revised due
    month differs, and how (turned Red, recovered, completed, reopened, re-planned, evidence
    verified, tested as embedded, evidence challenged).

    The second date is --as-of, the last day of --month, or today.

    Example: csip changes --since 2016-12-31 --month 2017-01
    """
    from csip.reports.changes import changes_report

    start = as_of_date(None, since)
    end = as_of_date(month, as_of)
    if start > end:
        fail_usage(f"--since {start} is after the as-at date {end}: give an earlier date")
    loaded = valid_plan(plan)
    numbers = tuple(sorted(set(priority or ())))
    _known_priorities(loaded, numbers)
    fmt: Literal["text", "md", "json"] = output_format.value
    made, folder = now(), templates_folder(templates)
    text = rendered(
        lambda: changes_report(
            loaded, start, end, fmt, priorities=numbers, made=made, templates=folder
        )
    )
    emit(text, output, plan)
