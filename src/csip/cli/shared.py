"""The ``csip`` command line: options in, library calls, output out. No figures are made here.

Heavy modules (the model, jinja2, rich) are imported inside the commands that need them, so
``csip --help`` and ``csip --version`` start at once.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from typer.core import TyperGroup

from csip import __version__

if TYPE_CHECKING:
    from csip.figures.snapshot import Audience
    from csip.model.domain import Plan
    from csip.plan_folder import Loaded


class _Commands(TyperGroup):
    """The command group, with usage errors as one plain line: ``csip: error: …``, exit 2.

    Click and typer word a bad option value in their own terms ("Value error,", "Input should
    be a valid integer"); a user reads what was wrong and where to look instead.
    """

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _USAGE_ERROR as error:
            if type(error).__name__ == "NoArgsIsHelpError":
                typer.echo(usage_message(error), nl=False)  # plain ``csip``: the help
                result = 0
            else:
                context = getattr(error, "ctx", None)
                command = context.command_path if context is not None else "csip"
                typer.echo(
                    f"csip: error: {usage_message(error)} (see '{command} --help')", err=True
                )
                result = 2
        except typer.Abort:
            result = 130
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)


# The command-line library's own classes, found through the one it exports, so that csip does
# not depend on whether typer bundles click or uses it from outside.
_USAGE_ERROR: type[Exception] = next(
    base for base in typer.BadParameter.__mro__ if base.__name__ == "UsageError"
)
_TYPER_WORDING = (
    ("Value error, ", ""),
    ("Input should be a valid integer, unable to parse string as an integer", "not a number"),
    ("Input should be a valid integer", "not a number"),
)


def usage_message(error: Exception) -> str:
    """A usage error in plain words, starting lower-case, with no library's own phrasing."""
    format_message = getattr(error, "format_message", error.__str__)
    message = str(format_message())
    for phrase, plain in _TYPER_WORDING:
        message = message.replace(phrase, plain)
    message = message.rstrip(".")
    return message[:1].lower() + message[1:]


app = typer.Typer(
    name="csip",
    cls=_Commands,
    help=(
        "Run a Children's Services Improvement Plan as code: validate the plan's YAML files, "
        "see RAG status as of any date, and write the board's and committee's reports."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)

PlanOption = Annotated[
    Path,
    typer.Option("--plan", "-p", help="The plan directory.", show_default=True),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"csip {__version__}")
        raise typer.Exit()


# Whether commands may use the cache of what each plan file gave (``csip --no-cache`` says not).
_use_cache = True


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Read every plan file afresh, neither using nor filling the cache "
            "(the output is the same).",
        ),
    ] = False,
) -> None:
    """Run a Children's Services Improvement Plan as code."""
    global _use_cache
    _use_cache = not no_cache


def fail_usage(message: str) -> NoReturn:
    """A wrong command line: one line on stderr and exit status 2."""
    from csip.words import visible

    typer.echo(f"csip: error: {visible(message)}", err=True)
    raise typer.Exit(2)


def now() -> dt.datetime:
    """The time now, or the time SOURCE_DATE_EPOCH names, so that runs can be reproduced exactly.

    Reports print it as the time they were made; "today" for validation and the default as-at
    date is its date, so it too must fall in the calendar plans use.
    """
    from csip.months import FIRST_YEAR, LAST_YEAR, in_calendar

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return dt.datetime.now().astimezone()
    try:
        moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        fail_usage(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not '{epoch[:60]}'")
    if not in_calendar(moment.year):
        fail_usage(
            f"SOURCE_DATE_EPOCH gives a time in {moment.year}: it must be in the years "
            f"{FIRST_YEAR} to {LAST_YEAR}"
        )
    return moment


def today() -> dt.date:
    return now().date()


PriorityOption = Annotated[
    list[str] | None,
    typer.Option("--priority", metavar="N", help="Only this priority; repeat for more."),
]


def chosen_priorities(plan: Plan, given: list[str] | None) -> tuple[int, ...]:
    """The ``--priority`` numbers, each one the plan has, or a usage error."""
    numbers = [priority.number for priority in plan.priorities]
    chosen: set[int] = set()
    for text in given or ():
        value = text.strip()
        if not (value.isascii() and value.isdecimal()) or len(value) > 4:
            fail_usage(f"--priority takes a priority number, such as 6, not '{text}'")
        if int(value) not in numbers:
            have = ", ".join(str(n) for n in numbers) or "none"
            fail_usage(f"the plan has no priority {int(value)} (its priorities: {have})")
        chosen.add(int(value))
    return tuple(sorted(chosen))


ExemptOption = Annotated[
    bool,
    typer.Option(
        "--exempt",
        help=(
            "The Part 2 version, with the exempt information (Schedule 12A) in place of its "
            "placeholders, marked as not for publication. Without it, every output is Part 1."
        ),
    ),
]


def audience_of(exempt: bool) -> Audience:
    return "exempt" if exempt else "public"


MonthOption = Annotated[
    str | None,
    typer.Option("--month", "-m", metavar="YYYY-MM", help="As at the last day of this month."),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", metavar="YYYY-MM-DD", help="As at the end of this day."),
]


def parse_month_option(text: str) -> str:
    """A ``YYYY-MM`` month from the command line in the calendar plans use, or a usage error."""
    from csip.months import MONTH_RANGE, in_calendar, parse_month

    month = parse_month(text)
    if month is None:
        fail_usage(f"'{text}' is not a month: write it as YYYY-MM, such as 2017-01")
    if not in_calendar(int(month[:4])):
        fail_usage(f"'{text}' is out of range: {MONTH_RANGE}")
    return month


def parse_date_option(text: str) -> dt.date:
    """A ``YYYY-MM-DD`` date from the command line in the calendar plans use, or a usage error."""
    from csip.months import DATE_RANGE, in_calendar

    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        fail_usage(f"'{text}' is not a date: write it as YYYY-MM-DD, such as 2017-01-31")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as error:  # 2017-02-30: written right, but no such day
        fail_usage(f"'{text}' is not a real date ({error})")
    if not in_calendar(day.year):
        fail_usage(f"'{text}' is out of range: {DATE_RANGE}")
    return day


def as_of_date(month: str | None, as_of: str | None) -> dt.date:
    """The date D that --month or --as-of give; today when neither does."""
    from csip.months import last_day

    if month is not None and as_of is not None:
        fail_usage("give --month or --as-of, not both")
    if month is not None:
        return last_day(parse_month_option(month))
    if as_of is not None:
        return parse_date_option(as_of)
    return today()


def report_month(month: str | None) -> str:
    """The month a report covers: the one given, else the last complete month before today."""
    from csip.months import month_of, shift

    if month is not None:
        return parse_month_option(month)
    return shift(month_of(today()), -1)


KEPT_TO_EXIT: list[object] | None = None
"""Where the program (``csip.__main__``, which ends the process with ``os._exit``) keeps each
plan a command reads, and the snapshots and output it makes of it, so that they are not freed
object by object as the command returns, only to be thrown away with the process (a few
milliseconds each on a large plan). None in a library or a test, where everything is freed as
usual."""

_Kept = TypeVar("_Kept")


def kept_to_exit(value: _Kept) -> _Kept:
    """``value``, kept in ``KEPT_TO_EXIT`` when the program ends by ``os._exit``."""
    if KEPT_TO_EXIT is not None:
        KEPT_TO_EXIT.append(value)
    return value


def read_plan(directory: Path, *, warnings: bool = True) -> Loaded:
    from csip.load.cache import Cache
    from csip.plan_folder import FileChanged, PlanNotFound, load_plan

    cache = Cache.open(directory) if _use_cache else None
    try:
        loaded = load_plan(directory, today(), cache, warnings=warnings)
    except PlanNotFound as error:
        fail_usage(f"{error} (give the plan directory with --plan)")
    except FileChanged as error:
        _changed(error.file)
    return kept_to_exit(loaded)


def _changed(file: str) -> NoReturn:
    from csip.words import visible

    typer.echo(
        f"csip: error: '{visible(file)}' changed while csip was reading it; run the command again",
        err=True,
    )
    raise typer.Exit(1)


def valid_plan(directory: Path) -> Plan:
    """The plan, or its errors on stderr and exit status 1: reports come only from a valid plan.

    Warnings are not looked for: a report does not show them (``csip validate`` does)."""
    from csip.plan_folder import FileChanged

    loaded = read_plan(directory, warnings=False)
    try:
        plan = loaded.plan
    except FileChanged as error:
        _changed(error.file)
    if plan is None:
        for problem in loaded.problems:
            if problem.level == "error":
                typer.echo(problem.text(), err=True)
        typer.echo(
            f"csip: the plan in '{directory}' has errors; fix them first (csip validate).",
            err=True,
        )
        raise typer.Exit(1)
    return plan
